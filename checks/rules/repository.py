"""Rules across the whole repository: unique ids and keys, updates that resolve."""

from __future__ import annotations

from checks.catalogue import rule
from checks.examples import EARLIER_MINUTES, Example
from checks.rules.ids import item_ids
from minutebook.base.i18n import _


@rule("MB204", "duplicate-id", stage="repository", example=Example(
    "minutes",
    bad="""\
actions:
  - id: W-01
    task: 补充发布说明
    owner: 李娜
    due: 2026-11-27
""",
    fix="""\
actions:
  - id: W-03
    task: 补充发布说明
    owner: 李娜
    due: 2026-11-27
""",
    others=(EARLIER_MINUTES,), note="W-01 is already an action of 2026-11-09-weekly."))
def unique_item_ids(records, ctx):
    """Item ids (actions, tasks, problems …) are unique across the repository."""
    # Every occurrence is reported, naming the others: `check NEW.md` (what pre-commit
    # runs) must fail whether NEW.md sorts before or after the record it clashes with.
    places: dict[str, list] = {}
    for record in records:
        for item_id, path in item_ids(record):
            places.setdefault(item_id, []).append((record, path))
    for item_id, where in places.items():
        if len(where) < 2:
            continue
        found = [(record, *record.pos(path)) for record, path in where]  # positions of clashes only
        for record, line, col in found:
            others = ", ".join(f"{r.path}:{ln}" for r, ln, c in found if (r, ln, c) != (record, line, col))
            yield record, line, col, _("id '{id}' is also used at {others}; ids are unique and stable").format(
                id=item_id, others=others)


@rule("MB205", "duplicate-record", stage="repository", example=Example(
    "minutes", bad="", fix="", others=(EARLIER_MINUTES,), name=("2026-11-09-weekly", "2026-11-16-weekly"),
    folder="records/minutes/archive",
    note="The failing record is records/…/2026-11-09-weekly.md, a name another record "
         "already has in another folder; the fix names it after its own date."))
def unique_record_keys(records, ctx):
    """Record file names are unique across the repository, so references are unambiguous."""
    by_key: dict[str, list] = {}
    for record in records:
        by_key.setdefault(record.key, []).append(record)
    for same in by_key.values():
        if len(same) < 2:
            continue
        for record in same:  # each of them, for the same reason as MB204
            others = ", ".join(r.path for r in same if r is not record)
            yield record, record.fm_line, 1, _("another record has the same file name: {others}").format(others=others)


@rule("MB206", "unknown-update", stage="repository", example=Example(
    "minutes",
    bad="""\
updates:
  - ref: W-09
    status: done
""",
    fix="""\
updates:
  - ref: W-02
    status: done
""",
    others=(EARLIER_MINUTES,)))
def updates_resolve(records, ctx):
    """Every `updates[].ref` names an item declared by a record of the repository."""
    known = {item_id for r in records for item_id, _ in item_ids(r)}
    for record in records:
        for i, update in enumerate(record.meta.get("updates") or ()):
            ref = update.get("ref")
            if ref and ref not in known:
                line, col = record.pos(("updates", i, "ref"))
                yield record, line, col, _("`{field}` names no item in the repository: '{ref}'").format(
                    field=f"updates[{i + 1}].ref", ref=ref)
