"""Search in the MkDocs build: Pagefind's box in the theme, the index after the build.

The records plugin calls both; a site pre-rendered by `minutebook render` (built without
the plugin) gets them as MkDocs hooks: its mkdocs.yml lists `hooks/minutebook_search.py`,
which re-exports `on_config` and `on_post_build` from here. The indexing itself is plain
Python in the core (`minutebook/render/search_index.py`, also `minutebook index SITE_DIR`).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from minutebook.render import search_index

log = get_plugin_logger("minutebook")

# the theme overrides: the search box in Material's header, data-pagefind-body on the
# searchable pages' articles
THEME_DIR = Path(__file__).resolve().parent / "theme"


def add_theme(config) -> None:
    """Put the overrides before the theme's own folders, as `theme.custom_dir` would."""
    if str(THEME_DIR) not in config.theme.dirs:
        config.theme.dirs.insert(0, str(THEME_DIR))


def index(config) -> None:
    """Index this build's own site folder (so this audience's pages only)."""
    try:
        stats = search_index.index_site(Path(config.site_dir))
    except (OSError, RuntimeError) as exc:
        raise PluginError(f"minutebook: the search index was not built: {exc}") from None
    log.debug(f"search: indexed {len(stats['pages'])} page(s) into {', '.join(stats['parts'])} "
             f"in {stats['seconds']} s")


# as MkDocs hooks (the pre-rendered site)
def on_config(config):
    add_theme(config)
    return config


def on_post_build(config):
    index(config)
