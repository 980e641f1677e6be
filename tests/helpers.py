"""Helpers shared by the tests: fixture repositories and records to drop into them,
hostile YAML, and building a fixture site and reading its HTML."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPO = Path(__file__).resolve().parent / "fixtures" / "repo"  # the registry and a few records
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "site"  # a site: mkdocs.yml, docs/, records/
EXPECTED = FIXTURE.parent / "site-expected"
BIN = Path(sys.executable).parent
AS_OF = "2026-11-20"


# ---------------------------------------------------------------- repositories and records

# A valid minutes record of each fixture's registry, field by field as typed in YAML.
MINUTES = {  # tests/fixtures/repo: 研发部, 王磊 and 李娜
    "type": "minutes", "title": "周例会", "date": "2026-09-14", "departments": "[研发部]", "owner": "王磊",
    "start": '"10:00"', "end": '"11:00"', "host": "王磊", "recorder": "李娜", "attendees": "[李娜]",
    "published": "2026-09-14 12:00",
}
SITE_MINUTES = {  # tests/fixtures/site: 研发部, 张三 and 李四
    "type": "minutes", "title": "周例会", "date": "2026-11-17", "departments": "[研发部]", "owner": "张三",
    "start": "'10:00'", "end": "'10:30'", "host": "张三", "recorder": "李四", "attendees": "[张三]",
    "published": "2026-11-17 12:00",
}


def minutes(body: str | None = "正文。\n", *, blocks: str = "", base: dict[str, str] = MINUTES,
            **fields: str | None) -> str:
    """A minutes record as text: the fields of `base` with `fields` (YAML as typed) in
    their place, a field `base` lacks right after the one named before it in the call
    (last if named first), None leaving a field out; then `blocks` (lists and mappings,
    as lines), and `body` after a blank line (None: no body).

    Line numbers in expected diagnostics count on this order, so it never changes."""
    keys, values, previous = list(base), dict(base), None
    for key, value in fields.items():
        if key not in values:
            keys.insert(keys.index(previous) + 1 if previous else len(keys), key)
        values[key] = value
        previous = key
    lines = "".join(f"{key}: {values[key]}\n" for key in keys if values[key] is not None)
    return f"---\n{lines}{blocks}---\n" + ("" if body is None else f"\n{body}")


def make_repo(root: Path, records: dict[str, str | bytes] | None = None, fixture: Path = REPO) -> Path:
    """A copy of `fixture` at `root` (without a site/ built in it), with `records`
    (path under the root -> text or bytes) written into it."""
    shutil.copytree(fixture, root, ignore=shutil.ignore_patterns("site"))
    for rel, data in (records or {}).items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return root


def billion_laughs() -> bytes:
    """Front-matter whose aliases would expand to 9**9 strings."""
    lines = ["---", "type: minutes", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    return ("\n".join(lines) + "\n---\n").encode()


def merge_bomb() -> bytes:
    """Front-matter whose merge keys would expand to 9**9 mappings."""
    lines = ["---", "type: minutes", "m0: &m0 {x: 1}"]
    for i in range(1, 10):
        lines += [f"m{i}: &m{i}", "  <<: [" + ", ".join([f"*m{i - 1}"] * 9) + "]"]
    return ("\n".join(lines) + "\n---\n").encode()


# ---------------------------------------------------------------- building a site

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


def build_fixture_site(tmp: Path) -> Path:
    """tests/fixtures/site, copied to `tmp`/project and built by a real `mkdocs build`
    into `tmp`/site (which is returned); the build must succeed."""
    project = make_repo(tmp / "project", fixture=FIXTURE)
    result = mkdocs_build(project, tmp / "site")
    assert result.returncode == 0, result.stderr
    return tmp / "site"


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


def cbor(data: bytes):
    """Decode the CBOR that Pagefind writes (after gzip and its `pagefind_dcd` signature):
    unsigned and negative integers, byte and text strings, arrays, maps."""

    def item(i: int):
        head = data[i]
        major, info = head >> 5, head & 31
        i += 1
        if info < 24:
            n = info
        else:
            size = 1 << (info - 24)
            n, i = int.from_bytes(data[i:i + size], "big"), i + size
        if major == 0:
            return n, i
        if major == 1:
            return -1 - n, i
        if major in (2, 3):
            raw = data[i:i + n]
            return (raw if major == 2 else raw.decode("utf-8")), i + n
        if major == 4:
            out = []
            for _ in range(n):
                value, i = item(i)
                out.append(value)
            return out, i
        if major == 5:
            out = {}
            for _ in range(n):
                key, i = item(i)
                out[key], i = item(i)
            return out, i
        raise ValueError(f"CBOR major type {major} at {i - 1}")

    value, end = item(0)
    assert end == len(data)
    return value


def pagefind_filters(site: Path) -> dict:
    """{filter: {value: pages}} of a site's Pagefind index (pagefind/filter/*.pf_filter)."""
    import gzip

    out = {}
    for path in (site / "pagefind" / "filter").glob("*.pf_filter"):
        data = gzip.decompress(path.read_bytes())
        name, values = cbor(data[len(b"pagefind_dcd"):])
        out[name] = {value: pages for value, pages in values}
    return out
