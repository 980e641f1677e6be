"""Rules across the whole repository: unique ids and keys, updates that resolve."""

from __future__ import annotations

from ..catalogue import rule
from ..schema import KINDS, item_lists


def item_ids(record):
    """(id, path) of every trackable item a record declares."""
    kind = KINDS.get(record.kind or "")
    if not kind:
        return
    for name, spec, _ in item_lists(kind):
        for i, item in enumerate(record.meta.get(name) or ()):
            if item.get(spec.id):
                yield item[spec.id], (name, i, spec.id)


@rule("MB204", "duplicate-id", stage="repository")
def unique_item_ids(records, ctx):
    """Item ids (actions, tasks, problems …) are unique across the repository."""
    first: dict[str, tuple] = {}
    for record in records:
        for item_id, path in item_ids(record):
            line, col = record.pos(path)
            if item_id in first:
                other, oline = first[item_id]
                yield record, line, col, f"id '{item_id}' is already used at {other.path}:{oline}; ids are unique and stable"
            else:
                first[item_id] = (record, line)


@rule("MB205", "duplicate-record", stage="repository")
def unique_record_keys(records, ctx):
    """Record file names are unique across the repository, so references are unambiguous."""
    first: dict[str, object] = {}
    for record in records:
        if record.key in first:
            yield record, record.fm_line, 1, f"another record has the same file name: {first[record.key].path}"
        else:
            first[record.key] = record


@rule("MB206", "unknown-update", stage="repository")
def updates_resolve(records, ctx):
    """Every `updates[].ref` names an item declared by a record of the repository."""
    known = {item_id for r in records for item_id, _ in item_ids(r)}
    for record in records:
        for i, update in enumerate(record.meta.get("updates") or ()):
            ref = update.get("ref")
            if ref and ref not in known:
                line, col = record.pos(("updates", i, "ref"))
                yield record, line, col, f"`updates[{i + 1}].ref` names no item in the repository: '{ref}'"
