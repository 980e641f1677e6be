"""One audience's view of a repository: the readable records and their items.

Everything that shows records — the site, the weekly page, exports, digests and
metrics — starts from a View, so visibility is applied in exactly one place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from checks.engine import Repository, load_repository
from minutebook.model.items import Change, Item, collect
from minutebook.model.record import Record
from minutebook.views import queries, visibility


@dataclass
class View:
    """What one audience may read of a repository, with its items.

    `repo` holds every record (the checks judge them all); `records` and `items`
    hold only what `audience` may read, and everything the site shows comes from
    those two, so a record the audience may not read is absent from every page.
    """

    repo: Repository
    audience: str = visibility.INTERNAL
    records: list[Record] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)

    @classmethod
    def load(cls, root: Path, as_of: dt.date, audience: str | None = None) -> "View":
        repo = load_repository(root, as_of)
        return cls.of(repo, visibility.audience(repo.registry, audience))

    @classmethod
    def of(cls, repo: Repository, audience: str) -> "View":
        records = visibility.readable(repo.records, audience)
        readable = {id(r) for r in records}
        # An update from a record the audience may not read still moves the item on
        # (otherwise a closed item would show as overdue), but only its effect shows:
        # the record's title, link and note stay out.
        # the items the checks collected (once: a second view of the repository marks its
        # own audience's hidden changes on items of its own)
        collected, repo.collected = repo.collected, None
        if collected is None:
            collected = collect(repo.records, repo.registry)
        items = [i for i in collected if id(i.record) in readable]
        for item in items:
            for change in item.history:
                change.hidden = id(change.record) not in readable
        return cls(repo, audience, records, items)

    @property
    def as_of(self) -> dt.date:
        return self.repo.as_of

    @property
    def calendar(self):
        return self.repo.calendar

    @property
    def registry(self):
        return self.repo.registry

    def record(self, key: str) -> Record | None:
        return self._by_key().get(key)

    def _by_key(self) -> dict[str, Record]:
        if not hasattr(self, "_keys"):
            self._keys = {}
            for r in self.records:
                self._keys.setdefault(r.key, r)
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

    def decisions(self) -> list[queries.Decision]:
        """The decisions of the readable minutes, newest first, each replaced one linked to
        its successor (computed once: the decision log and every record page read them)."""
        if not hasattr(self, "_decisions"):
            self._decisions = queries.decisions(self.records)
            self._decision_ids = {d.id: d for d in self._decisions if d.id}
        return self._decisions

    def decision(self, decision_id: str) -> queries.Decision | None:
        self.decisions()
        return self._decision_ids.get(decision_id)

    def updated_by(self, record: Record) -> list[tuple[Item, Change]]:
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
