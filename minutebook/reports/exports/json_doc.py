"""Open items as a JSON document.

Named json_doc, not json, so that `import json` here is the standard library's."""

from __future__ import annotations

import datetime as dt
import json

from minutebook.reports.exports.rows import Row


def as_json(row: Row) -> dict:
    i = row.item
    return {
        "id": i.id,
        "uid": row.uid(),
        "text": i.text,
        "kind": i.list_name,
        "kind_label": i.noun,
        "owner": i.owner,
        "department": i.department,
        "due": i.due.isoformat() if i.due else None,
        "status": i.status,
        "status_label": row.status_label,
        "overdue": row.overdue,
        "days_late": row.days_late,
        "record": {"path": i.record.path, "key": i.record.key, "kind": i.record.kind,
                   "title": i.record.title},
        "url": row.url,
    }


def to_json(rows_: list[Row], as_of: dt.date, audience: str) -> bytes:
    data = {"as_of": as_of.isoformat(), "audience": audience, "items": [as_json(r) for r in rows_]}
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
