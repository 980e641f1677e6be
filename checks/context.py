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
