"""Search in the MkDocs build: Pagefind's box in the theme, the index as pages are built.

The records plugin calls these: `add_theme` at configuration, `Search.page` for each
built page (Pagefind indexes it in the background while the build goes on),
`Search.finish` after the build. A site pre-rendered by `minutebook render` (built
without the plugin) gets the same as MkDocs hooks: its mkdocs.yml lists
`hooks/minutebook_search.py`, which re-exports `on_config`, `on_post_page` and
`on_post_build` from here. The indexing itself is plain Python in the core
(`minutebook/render/search_index.py`, also `minutebook index SITE_DIR`).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from minutebook.base.i18n import _
from minutebook.render import search_feed, search_index

log = get_plugin_logger("minutebook")

# the theme overrides: the search box in Material's header, data-pagefind-body on the
# searchable pages' articles
THEME_DIR = Path(__file__).resolve().parent / "theme"


def add_theme(config) -> None:
    """Put the overrides before the theme's own folders, as `theme.custom_dir` would."""
    if str(THEME_DIR) not in config.theme.dirs:
        config.theme.dirs.insert(0, str(THEME_DIR))


class Search:
    """The index of one build: this build's own pages, so this audience's only."""

    def __init__(self):
        self.indexer: search_feed.IndexerProcess | None = None
        self.paused = False  # the preview's quick rebuilds leave the index as it is
        self.early: set[str] = set()  # pages handed over before they were built

    def _start(self, config) -> search_feed.IndexerProcess:
        if self.indexer is None:  # a process of its own: see search_feed for why
            self.indexer = search_feed.IndexerProcess(Path(config.site_dir))
        return self.indexer

    def record_page(self, page, config) -> None:
        """A record's page, as soon as its content is rendered: Pagefind indexes it while
        MkDocs renders the others (the index is written into the site folder only at the
        end, after MkDocs has cleaned it)."""
        if not self.paused:
            self._start(config).add_prepared(page.file.dest_uri, search_index.record_page_html(
                config.theme.get("language") or "zh", page.meta, page.content))
            self.early.add(page.file.dest_uri)

    def page(self, output: str, page, config) -> None:
        if not self.paused and page.file.dest_uri not in self.early:
            self._start(config).add(page.file.dest_uri, output)

    def finish(self, config) -> None:
        try:
            stats = self._start(config).finish()
        except (OSError, RuntimeError) as exc:
            raise PluginError(_("minutebook: the search index was not built: {problem}").format(problem=exc)) from None
        finally:
            self.indexer = None
            self.early = set()
        log.debug(f"search: indexed {len(stats['pages'])} page(s) into {', '.join(stats['parts'])} "
                  f"in {stats['seconds']} s")

    def cancel(self) -> None:
        if self.indexer is not None:
            self.indexer.cancel()
            self.indexer = None
        self.early = set()


# as MkDocs hooks (the pre-rendered site)
_hooked = Search()


def on_config(config):
    add_theme(config)
    return config


def on_post_page(output, page, config):
    _hooked.page(output, page, config)
    return output


def on_post_build(config):
    _hooked.finish(config)


def on_build_error(error):
    _hooked.cancel()
