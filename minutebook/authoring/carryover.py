"""Carry-over: the next meeting starts from what the previous one left open.

`minutebook new minutes --from PREVIOUS` pre-fills `updates` with one entry per item
still open (latest status, after every later update) among the items PREVIOUS declared
and the items PREVIOUS itself moved on with its own `updates`, and copies who met.
"""

from __future__ import annotations

from minutebook.authoring.skeleton import Entry
from minutebook.model.items import Item
from minutebook.model.record import Record
from minutebook.model.schema import MINUTES, placeholder

# what the next record of a meeting series takes over from the previous one, as defaults
COPIED_FIELDS = ("departments", "owner", "visibility", "audience", "tags", "location",
                 "host", "recorder", "attendees")
NOTE_LABEL = MINUTES.get("updates").type.of.get("note").label


def still_open(source: Record, items: list[Item]) -> tuple[list[Item], list[Item]]:
    """(carried, without_id): the open items of `source` and of its own `updates`.

    Carried items keep the order the source lists them: first those it moved on (in
    the order of its `updates`), then those it declared. Open items without an id
    cannot be referenced by a later record, so they are returned apart.
    """
    by_id = {i.id: i for i in items if i.id}
    out: list[Item] = []
    seen: set[int] = set()

    def add(item: Item | None) -> None:
        if item is not None and item.is_open and id(item) not in seen:
            seen.add(id(item))
            out.append(item)

    for update in source.meta.get("updates") or ():
        item = by_id.get(update.get("ref"))
        if item is not None and item.record is not source:
            add(item)
    for item in items:
        if item.record is source:
            add(item)
    return [i for i in out if i.id], [i for i in out if not i.id]


def updates_for(carried: list[Item]) -> list[Entry]:
    """One `updates` entry per carried item: its id, its current status, a note to write."""
    return [
        Entry({"ref": i.id, "status": i.status, "note": placeholder(NOTE_LABEL)}, describe(i))
        for i in carried
    ]


def describe(item: Item) -> str:
    """A comment line naming the item: what, who, when, and where it comes from."""
    text = " ".join(str(item.text).split())
    if len(text) > 40:
        text = text[:39] + "…"
    facts = [f for f in (item.owner, f"截止 {item.due}" if item.due else "", f"来自 {item.record.key}") if f]
    return f"{item.noun} {text}（{'，'.join(facts)}）"


def copied(source: Record) -> dict:
    """The fields a new record takes over from `source` as defaults."""
    return {name: source.meta[name] for name in COPIED_FIELDS if name in source.meta}
