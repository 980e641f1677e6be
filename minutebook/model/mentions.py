"""What ties records together: the record keys and item ids a record defines or names.

Every cross-record relation — an update moving another record's item on, a reference
to a record by its key, a decision replaced by id — goes through one of these, so two
records whose sets do not meet cannot change what the other's page, or verdict, says.
The preview server rebuilds the pages of the records whose sets meet an edited one's.
"""

from __future__ import annotations

from minutebook.model import fields
from minutebook.model.record import Record
from minutebook.model.schema import KINDS, RECORD_REF, item_lists


def mentions(record: Record) -> set[str]:
    """The record's own key, every record key it references, every item and decision id
    it defines or updates."""
    found = {record.key}
    kind = KINDS.get(record.kind or "")
    meta = record.meta
    for name, spec, _ in item_lists(kind) if kind else ():
        found.update(i[spec.id] for i in meta.get(name) or () if isinstance(i, dict) and i.get(spec.id))
    found.update(u["ref"] for u in meta.get("updates") or () if isinstance(u, dict) and u.get("ref"))
    for topic in meta.get("topics") or ():  # decisions replaced by id
        if isinstance(topic, dict):
            found.update(x for x in (topic.get("decision_id"), *(topic.get("supersedes") or ())) if x)
    if kind:
        for f, _k, value, p in fields.present(record.tree, kind.obj):
            for node, type_, _p in fields.scalars(value, f.type, p):
                if type_ is RECORD_REF and node.value:
                    found.add(node.value.strip())
    return {str(x) for x in found}
