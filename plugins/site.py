"""The site's model: the repository read once per build and shared by the plugin,
the macros and the index pages.

No MkDocs import: the CLI's pre-rendering uses the same object.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from checks import items as items_mod
from checks.engine import Repository, load_repository
from checks.items import Item
from checks.model import Record


def page_path(record: Record) -> str:
    """The docs-relative source path of a record's page: its path in the repository."""
    return record.path


@dataclass
class Site:
    repo: Repository
    items: list[Item] = field(default_factory=list)

    @classmethod
    def load(cls, root: Path, as_of: dt.date) -> "Site":
        repo = load_repository(root, as_of)
        return cls(repo, items_mod.collect(repo.records, repo.registry))

    @property
    def as_of(self) -> dt.date:
        return self.repo.as_of

    @property
    def calendar(self):
        return self.repo.calendar

    @property
    def registry(self):
        return self.repo.registry

    @property
    def records(self) -> list[Record]:
        return self.repo.records

    def record(self, key: str) -> Record | None:
        return self._by_key().get(key)

    def _by_key(self) -> dict[str, Record]:
        if not hasattr(self, "_keys"):
            self._keys = self.repo.by_key()
        return self._keys

    def items_of(self, record: Record) -> list[Item]:
        return self._items_by_record().get(id(record), [])

    def _items_by_record(self) -> dict[int, list[Item]]:
        if not hasattr(self, "_by_record"):
            out: dict[int, list[Item]] = {}
            for item in self.items:
                out.setdefault(id(item.record), []).append(item)
            self._by_record = out
        return self._by_record

    def updated_by(self, record: Record) -> list[tuple[Item, "items_mod.Change"]]:
        """(item, change) for every update that `record` makes to earlier items."""
        return self._changes_by_record().get(id(record), [])

    def _changes_by_record(self):
        if not hasattr(self, "_changes"):
            out: dict[int, list] = {}
            for item in self.items:
                for change in item.history:
                    out.setdefault(id(change.record), []).append((item, change))
            self._changes = out
        return self._changes


# The site of the build in progress, set by the records plugin, read by the macros.
_current: Site | None = None


def set_current(site: Site | None) -> None:
    global _current
    _current = site


def current() -> Site:
    if _current is None:
        raise RuntimeError("the minutebook plugin must be listed before macros in mkdocs.yml")
    return _current
