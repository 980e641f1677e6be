"""What a rule may know besides the record it judges."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from minutebook.model.record import Record
from minutebook.model.registry import Registry
from minutebook.model.workdays import Calendar


@dataclass
class Context:
    registry: Registry
    as_of: dt.date
    calendar: Calendar
    # every record of the repository that parsed, by key (file name without .md)
    records: dict[str, Record] = field(default_factory=dict)
    _items: tuple | None = field(default=None, repr=False, compare=False)

    def items_of(self, records: list[Record]) -> list:
        """Every item of `records` with its updates applied (minutebook.model.items.collect):
        made once for the rules of a run, and handed on to the view of the repository."""
        if self._items is None or self._items[0] is not records:
            from minutebook.model.items import collect

            self._items = (records, collect(records, self.registry))
        return self._items[1]

    def items_made(self, records: list[Record]) -> list | None:
        return self._items[1] if self._items is not None and self._items[0] is records else None
