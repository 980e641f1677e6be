"""The item ids a record declares, shared by the rules across records (no rules here)."""

from __future__ import annotations

from minutebook.model.schema import KINDS, item_lists

# (list name, id field) of each kind's item lists, worked out once
_ID_FIELDS = {name: tuple((n, spec.id) for n, spec, _ in item_lists(kind)) for name, kind in KINDS.items()}


def item_ids(record) -> tuple:
    """(id, path) of every trackable item a record declares.

    Kept with the record: the rules across records ask for every record's ids, and a
    reload asks again of records that did not change."""
    found = record.extra.get("item_ids")
    if found is None:
        meta = record.meta
        found = record.extra["item_ids"] = tuple(
            (item[key], (name, i, key))
            for name, key in _ID_FIELDS.get(record.kind or "", ())
            for i, item in enumerate(meta.get(name) or ()) if item.get(key))
    return found
