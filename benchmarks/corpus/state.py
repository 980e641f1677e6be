"""What the record writers share: the projects with their items, and the corpus — the
random source, the calendar, the registry and the records written so far."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from minutebook.model.workdays import Calendar

from .. import emit, phrases
from .org import Org, make_org

CLOSED = ("done", "cancelled")


class Full(Exception):
    """The requested number of records is written."""


@dataclass
class Item:
    id: str
    declared: dt.date
    due: dt.date
    status: str
    deliverable: str = ""
    owner: str = ""  # a person or a department
    changed: dt.date | None = None  # the date of its latest update

    def movable_on(self, day: dt.date) -> bool:
        # projects are simulated one after another, not in date order: an item shared
        # between projects (an improvement) is only moved on after its latest update
        return self.status not in CLOSED and self.declared < day and (self.changed or self.declared) < day


@dataclass
class Project:
    no: int
    theme: str
    depts: list[str]
    ctx: dict
    visibility: str
    audience: list[str]
    items: list[Item] = field(default_factory=list)
    counters: dict[str, int] = field(default_factory=dict)

    @property
    def spec(self) -> dict:
        return phrases.THEMES[self.theme]

    @property
    def lead_dept(self) -> str:
        return self.depts[0]

    def next_id(self, letter: str) -> str:
        self.counters[letter] = self.counters.get(letter, 0) + 1
        return f"{self.spec['code']}{self.no:04d}-{letter}{self.counters[letter]:02d}"


@dataclass
class Corpus:
    """The generator's state, passed to every writer: one random source drawn from in a
    fixed order (the same seed, the same bytes) and the records kept until written out."""

    rng: random.Random
    cal: Calendar
    org: Org
    limit: int  # how many records to write
    files: dict[str, str] = field(default_factory=dict)  # repository-relative path -> text
    kinds: dict[str, int] = field(default_factory=dict)
    sops: list[str] = field(default_factory=list)  # keys of SOP records written so far
    sop_versions: dict[str, int] = field(default_factory=dict)
    projects: list[Project] = field(default_factory=list)
    improvements: dict[str, list[Item]] = field(default_factory=dict)  # lead department -> lesson improvements
    heavy: bool = False  # minutes as heavy as the heaviest sample (more topics, longer discussion)

    def write(self, kind: str, day: dt.date, key: str, meta: dict, body) -> str:
        """Keep the record; its key, for the records that refer to it. Full when the limit is reached."""
        if len(self.files) >= self.limit:
            raise Full
        path = f"records/{kind}/{day.year}/{day.isoformat()}-{key}.md"
        self.files[path] = emit.record(meta, body)
        self.kinds[kind] = self.kinds.get(kind, 0) + 1
        return f"{day.isoformat()}-{key}"


def new_corpus(n_records: int, seed: int, heavy: bool = False) -> Corpus:
    rng = random.Random(seed)
    return Corpus(rng, Calendar("CN"), make_org(rng), n_records, heavy=heavy)
