"""Helpers shared by the site tests: building a fixture site and reading its HTML."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "site"
EXPECTED = FIXTURE.parent / "site-expected"
BIN = Path(sys.executable).parent
AS_OF = "2026-11-20"


def build_env(**extra) -> dict:
    env = dict(os.environ)
    env.update(NO_MKDOCS_2_WARNING="1", MINUTEBOOK_TODAY=AS_OF, SOURCE_DATE_EPOCH="1795000000")
    env.update(extra)
    return env


def mkdocs_build(project: Path, out: Path, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict", "-d", str(out)],
        cwd=project, env=build_env(**env), capture_output=True, text=True, timeout=300,
    )


def article(html: str) -> str:
    return html[html.index("<article"):html.index("</article>")]


def active_content(html: str):
    """Tags, event-handler attributes and URLs of an HTML fragment, as a browser parses it."""
    from html.parser import HTMLParser

    tags, handlers, urls = [], [], []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            tags.append(tag)
            for name, value in attrs:
                if name.startswith("on"):
                    handlers.append((tag, name, value))
                if name in ("href", "src") and value:
                    urls.append(value)

    Collect().feed(html)
    return tags, handlers, urls


def expected(name: str) -> str:
    return (EXPECTED / name).read_text(encoding="utf-8").strip()


def build_in_process(project: Path, out: Path, disable: tuple[str, ...] = ()) -> tuple[dict, object]:
    """`mkdocs build --strict` of `project` in this process, with the rule codes in `disable`
    switched off (as if a record had slipped past the checks).

    Returns what MkDocs itself read of every page, {src_uri: (meta, markdown after the
    front-matter)}, and the minutebook plugin, whose `site` holds the records it loaded."""
    import dataclasses

    import pytest
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.plugins import BasePlugin

    from checks import catalogue, engine  # noqa: F401  (engine registers the rules)

    read: dict = {}

    class Capture(BasePlugin):
        def on_page_markdown(self, markdown, page, config, files):
            read[page.file.src_uri] = (dict(page.meta), markdown)
            return markdown

    with pytest.MonkeyPatch.context() as mp:
        for code in disable:
            mp.setitem(catalogue.RULES, code, dataclasses.replace(catalogue.RULES[code], check=None))
        for name in ("NO_MKDOCS_2_WARNING", "MINUTEBOOK_TODAY", "SOURCE_DATE_EPOCH"):
            mp.setenv(name, build_env()[name])
        mp.delenv("MINUTEBOOK_AUDIENCE", raising=False)
        mp.chdir(project)
        cfg = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(out), strict=True)
        cfg.plugins["capture"] = Capture()  # registered last: sees the Markdown as converted
        build(cfg)
        return read, cfg.plugins["minutebook"]
