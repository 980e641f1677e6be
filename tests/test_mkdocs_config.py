"""mkdocs.yml read without MkDocs: `!ENV` means what it means to MkDocs.

minutebook/base/mkdocs_config.py is the core's one reader of mkdocs.yml (the site
URL of the feeds, the metric targets, the pre-rendered site's configuration). Its
`!ENV` values are compared with MkDocs' own YAML loader for every way a variable
can stand: unset, set, set to the empty string, typed like a number, and a list of
names ending in a default.
"""

from __future__ import annotations

import pytest
from helpers import ROOT

from minutebook.base import mkdocs_config

CONFIG = """\
site_url: !ENV [MB_TEST_URL, "https://fallback.example/"]
use_directory_urls: !ENV MB_TEST_DIRS
extra:
  first_set: !ENV [MB_TEST_A, MB_TEST_B, 7]
  single: !ENV [MB_TEST_A]
  object: !!python/name:os.getcwd
markdown_extensions:
  - toc:
      slugify: !!python/object/apply:pymdownx.slugs.slugify
        kwds: {case: lower}
"""
VARIABLES = ("MB_TEST_URL", "MB_TEST_DIRS", "MB_TEST_A", "MB_TEST_B")


@pytest.fixture
def config(tmp_path, monkeypatch):
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    path = tmp_path / "mkdocs.yml"
    path.write_text(CONFIG, encoding="utf-8")
    return path


def mkdocs_reads(path):
    from mkdocs.utils.yaml import yaml_load

    with open(path, encoding="utf-8") as fh:
        return yaml_load(fh)


ENVIRONMENTS = [
    {},
    {"MB_TEST_URL": "https://kb.example/", "MB_TEST_DIRS": "false", "MB_TEST_A": "1.5"},
    {"MB_TEST_URL": "", "MB_TEST_DIRS": "", "MB_TEST_A": ""},  # set, empty: null, not the default
    {"MB_TEST_B": "12"},
    {"MB_TEST_A": "~", "MB_TEST_B": "x"},
]


@pytest.mark.parametrize("environ", ENVIRONMENTS)
def test_env_tags_resolve_as_in_mkdocs(config, monkeypatch, environ):
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    theirs, ours = mkdocs_reads(config), mkdocs_config.read(config)
    assert ours["site_url"] == theirs["site_url"]
    assert ours["use_directory_urls"] == theirs["use_directory_urls"]
    for key in ("first_set", "single"):
        assert ours["extra"][key] == theirs["extra"][key]
    assert ours["extra"]["object"] is None  # no Python object is ever made
    assert ours["markdown_extensions"] == [{"toc": {"slugify": None}}]


def test_empty_variable_is_null_as_in_mkdocs(config, monkeypatch):
    monkeypatch.setenv("MB_TEST_URL", "")
    assert mkdocs_config.read(config)["site_url"] is None


def test_load_keeps_the_tags_for_dump(config):
    text = mkdocs_config.dump(mkdocs_config.load(config))
    assert "site_url: !ENV\n- MB_TEST_URL\n- https://fallback.example/\n" in text
    assert "!!python/object/apply:pymdownx.slugs.slugify" in text


def test_the_project_config_reads_as_mkdocs_reads_it(monkeypatch):
    monkeypatch.delenv("MINUTEBOOK_SITE_URL", raising=False)
    ours = mkdocs_config.read(ROOT / "mkdocs.yml")
    assert ours["site_url"] == mkdocs_reads(ROOT / "mkdocs.yml")["site_url"] == "http://127.0.0.1:8000/"
