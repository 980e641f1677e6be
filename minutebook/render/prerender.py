"""Pre-rendering the whole site to plain Markdown, so any generator can build it.

`prerender` writes OUT/docs (hand-written pages with their macros evaluated, every
record page, every index page), OUT/mkdocs.yml (the project's configuration
without the minutebook and macros plugins) and OUT/hooks/minutebook_search.py. A plain
MkDocs, ProperDocs or another successor then builds the same site; the hook gives it
the same search (the theme's search box, the Pagefind index of the built pages: it needs
minutebook installed). Another generator indexes its output with `minutebook index`.
Pages left out of the search carry `search: {exclude: true}` in their front-matter here,
as the plugin sets it while building. Record bodies, which the plugin sanitises as
HTML after rendering, are converted and sanitised here already: the output holds no
raw HTML from a record.
"""

from __future__ import annotations

from pathlib import Path

import frontmatter
import jinja2

from minutebook.base import mkdocs_config
from minutebook.base.fsutil import write_atomic
from minutebook.render import generated, record_page, search_index
from minutebook.render import weekly as weekly_page
from minutebook.render.macros import macros
from minutebook.render.sanitize import sanitize
from minutebook.render.site import page_path
from minutebook.reports import weekly
from minutebook.views.view import View

PLUGINS_DROPPED = ("minutebook", "macros")
SEARCH_HOOK = "hooks/minutebook_search.py"
# the MkDocs side lives with the plugin (plugins/search.py): a name here, not an import
_HOOK_SOURCE = '''"""Search for the pre-rendered site: the search box in the theme, Pagefind as pages are built."""

# minutebook's own hooks
from plugins.search import on_build_error, on_config, on_post_build, on_post_page  # noqa: F401
'''


def prerender(root: Path, out: Path, view: View, config: str = "mkdocs.yml") -> list[str]:
    """Write the pre-rendered site to `out`; the docs-relative paths written."""
    cfg = mkdocs_config.load(root / config)
    docs_src = root / cfg.get("docs_dir", "docs")
    docs_out = out / "docs"
    written: list[str] = []
    snapshots: list[str] = []
    extensions = _extension_names(cfg)

    for src in sorted(p for p in docs_src.rglob("*") if p.is_file()):
        rel = src.relative_to(docs_src).as_posix()
        snapshot = weekly.is_snapshot(src)
        if snapshot and not weekly.shown_to(src, view.audience):
            continue  # a weekly snapshot written for another audience, as in the plugin's build
        dest = docs_out / rel
        if src.suffix == ".md":
            source = src.read_text(encoding="utf-8")
            text = _render_page(source, view, rel)
            if snapshot:
                text = weekly_page.unlink_missing(text, rel, {page_path(r) for r in view.records})
                snapshots.append(rel)
            if not search_index.searchable(rel, source, frontmatter.loads(source).metadata):
                text = _excluded_from_search(text)
            write_atomic(dest, text)
        else:
            write_atomic(dest, src.read_bytes())
        written.append(rel)
    for record in view.records:
        rel = page_path(record)
        text = record_page.render(view, record, body=lambda md: _safe_body(md, extensions))
        write_atomic(docs_out / rel, text)
        written.append(rel)
    for rel, text in generated.pages(view).items():
        write_atomic(docs_out / rel, text)
        written.append(rel)

    cfg["docs_dir"] = "docs"
    # reached through the index pages and the list of weeks, as in the plugin's build
    cfg["not_in_nav"] = "".join(f"/{path}\n" for path in ("records/", "people/", "departments/", "decisions/", *snapshots))
    cfg["plugins"] = [p for p in cfg.get("plugins", []) if mkdocs_config.plugin_name(p) not in PLUGINS_DROPPED]
    cfg["hooks"] = [*(cfg.get("hooks") or []), SEARCH_HOOK]
    write_atomic(out / SEARCH_HOOK, _HOOK_SOURCE)
    write_atomic(out / "mkdocs.yml", "# Pre-rendered by `minutebook render`; builds without the minutebook plugin.\n"
                 + mkdocs_config.dump(cfg))
    return written


def _render_page(text: str, view: View, rel: str) -> str:
    post = frontmatter.loads(text)
    if not post.metadata.get("render_macros"):
        return text
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True)
    body = env.from_string(post.content).render(**macros(view, rel))
    meta = {k: v for k, v in post.metadata.items() if k != "render_macros"}
    return frontmatter.dumps(frontmatter.Post(body, **meta)) + "\n" if meta else body + "\n"


def _excluded_from_search(text: str) -> str:
    post = frontmatter.loads(text)
    post.metadata["search"] = dict(search_index.EXCLUDED)
    return frontmatter.dumps(post) + "\n"


def _extension_names(cfg: dict) -> list[str]:
    names = []
    for entry in cfg.get("markdown_extensions", []) or ():
        name = entry if isinstance(entry, str) else next(iter(entry))
        if name != "toc":  # the body's headings are not part of the page's table of contents here
            names.append(name)
    return names


def _safe_body(markdown_text: str, extensions: list[str]) -> str:
    import markdown

    html = sanitize(markdown.markdown(markdown_text, extensions=extensions))
    return f'<div class="mb-body">\n{html}\n</div>'
