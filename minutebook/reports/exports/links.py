"""Where a record's page is on the site, for the links in the feeds."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import yaml

from minutebook.base import mkdocs_config
from minutebook.model.items import Item
from minutebook.model.paths import site_url

SITE_URL_ENV = "MINUTEBOOK_SITE_URL"


@dataclass(frozen=True)
class Links:
    """Where a record's page is on the site: absolute when the site URL is known,
    else relative to the site root."""

    base: str | None = None
    directory_urls: bool = True

    @property
    def absolute(self) -> bool:
        return bool(self.base)

    def page(self, record_path: str, anchor: str = "") -> str:
        path = quote(site_url(record_path, self.directory_urls))
        url = f"{self.base.rstrip('/')}/{path}" if self.base else path
        return f"{url}#{quote(anchor)}" if anchor else url

    def item(self, item: Item) -> str:
        return self.page(item.record.path, item.anchor)

    def root(self, path: str = "") -> str | None:
        """An absolute URL of a site page (`path` relative to the root), if known."""
        return f"{self.base.rstrip('/')}/{quote(path)}" if self.base else None


def site_links(root: Path) -> Links:
    """MINUTEBOOK_SITE_URL, else `site_url` of mkdocs.yml, else relative links.

    An mkdocs.yml that is missing or cannot be read only costs the absolute links:
    a feed is still worth having."""
    try:
        config = mkdocs_config.read(root / mkdocs_config.CONFIG_NAME)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        config = {}
    base = os.environ.get(SITE_URL_ENV) or config.get("site_url")
    directory_urls = config.get("use_directory_urls", True) is not False
    return Links(base if isinstance(base, str) and base.strip() else None, directory_urls)
