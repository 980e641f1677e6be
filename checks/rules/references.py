"""Rules that resolve names against the registry and references against other records."""

from __future__ import annotations

import re

from checks.catalogue import rule
from checks.examples import WEEKLY_NOTICE, Example
from checks.rules.shape import describe
from minutebook.base.i18n import _
from minutebook.model import fields
from minutebook.model.schema import DEPARTMENT, OWNER, PERSON, RECORD_REF

# which kind a reference field must point to
_REF_KINDS = {"notice": "notice", "plan": "plan", "sop": "sop"}


_NAMES = (PERSON, OWNER, DEPARTMENT, RECORD_REF)


def _names(record, wanted):
    # the names among the record's leaves, found once for the three rules that resolve them
    names = record.extra.get("names")
    if names is None:
        names = record.extra["names"] = [(node, type_, p) for f, node, type_, p in fields.walk(record).leaves
                                         if type_ in _NAMES and node.value and node.value.strip()]
    for node, type_, p in names:
        if type_ in wanted:
            yield node, type_, p


_NAME_SEPARATORS = re.compile("[，、；]")


def _several(name: str, path) -> str | None:
    """The hint for names joined by a full-width comma or 顿号: YAML sees one name."""
    m = _NAME_SEPARATORS.search(name)
    parts = [p.strip() for p in _NAME_SEPARATORS.split(name) if p.strip()]
    if not m or len(parts) < 2:
        return None
    if isinstance(path[-1], int):
        return _("; '{separator}' does not separate list items: write [{names}] with ASCII commas").format(
            separator=m.group(), names=", ".join(parts))
    return _("; `{field}` takes one name, not several joined by '{separator}'").format(
        field=path[-1], separator=m.group())


@rule("MB201", "unknown-person", example=Example("minutes", bad="host: 陈思源\n", fix="host: 陈思远\n"))
def unknown_people(record, ctx):
    """Owners, hosts, recorders and attendees resolve to the registry (records/org.yml)."""
    reg = ctx.registry
    for node, type_, path in _names(record, (PERSON, OWNER)):
        name = node.value.strip()
        if type_ is PERSON and not reg.is_person(name):
            if reg.is_department(name):
                yield node.line, node.col, _("`{field}` must be a person, not the department '{name}'").format(
                    field=describe(path), name=name)
                continue
            close = reg.suggest(name, departments=False)
        elif type_ is OWNER and not (reg.is_person(name) or reg.is_department(name)):
            close = reg.suggest(name)
        else:
            continue
        hint = _("; did you mean '{value}'?").format(value=close) if close else _("; add them to records/org.yml first")
        yield node.line, node.col, _("`{field}` is not in the registry: '{name}'").format(
            field=describe(path), name=name) + (_several(name, path) or hint)


@rule("MB202", "unknown-department", example=Example(
    "minutes", bad="departments: [产品部, 研发]\n", fix="departments: [产品部, 研发部]\n"))
def unknown_departments(record, ctx):
    """Departments resolve to the registry (records/org.yml)."""
    reg = ctx.registry
    for node, type_, path in _names(record, (DEPARTMENT,)):
        name = node.value.strip()
        if not reg.is_department(name):
            close = reg.suggest(name, people=False)
            hint = _("; did you mean '{value}'?").format(value=close) if close else _("; add it to records/org.yml first")
            yield node.line, node.col, _("`{field}` is not a department in the registry: '{name}'").format(
                field=describe(path), name=name) + (_several(name, path) or hint)


@rule("MB203", "unknown-record", example=Example(
    "minutes", bad="notice: 2026-11-16-weekly-notic\n", fix="notice: 2026-11-16-weekly-notice\n",
    others=(WEEKLY_NOTICE,), note="A reference is the other record's file name without .md."))
def unknown_records(record, ctx):
    """References to other records (notice, plan, sop) name an existing record of that kind."""
    for node, type_, path in _names(record, (RECORD_REF,)):
        ref = node.value.strip()
        target = ctx.records.get(ref)
        want = _REF_KINDS.get(path[-1])
        if target is None:
            yield node.line, node.col, _("`{field}` names no record: '{ref}' (use the file name without .md)").format(
                field=describe(path), ref=ref)
        elif want and target.kind != want:
            yield node.line, node.col, _("`{field}` must name a {want} record, but '{ref}' is a {kind}").format(
                field=describe(path), want=want, ref=ref, kind=target.kind)


@rule("MB207", "restricted-audience", example=Example(
    "minutes", bad="visibility: restricted\n", fix="visibility: restricted\naudience: [产品部]\n"))
def restricted_needs_audience(record, ctx):
    """A restricted record names the departments that may read it in `audience`."""
    if record.meta.get("visibility") == "restricted" and not record.meta.get("audience"):
        line, col = record.pos(("visibility",))
        yield line, col, _("a restricted record needs `audience`: the departments that may read it")


_DECIDED = ("2026-11-09-decided", "minutes", """\
date: 2026-11-09
published: 2026-11-09 15:00
topics:
  - title: 上线日期
    decision: 11 月 20 日上线
    decision_id: D-01
""")


@rule("MB214", "supersedes", stage="repository", example=Example(
    "minutes",
    bad="""\
topics:
  - title: 上线日期
    decision: 推迟到 11 月 27 日上线
    decision_id: D-02
    supersedes: [D-09]
""",
    fix="""\
topics:
  - title: 上线日期
    decision: 推迟到 11 月 27 日上线
    decision_id: D-02
    supersedes: [D-01]
""",
    others=(_DECIDED,), note="The decision being replaced is D-01, of the meeting on 2026-11-09."))
def superseded_decisions(records, ctx):
    """A decision replaces only earlier decisions by their id, and decision ids are unique."""
    declared: dict[str, list] = {}
    for record in records:
        for n, topic in enumerate(record.meta.get("topics") or ()) if record.kind == "minutes" else ():
            if topic.get("decision_id"):
                declared.setdefault(topic["decision_id"], []).append((record, n))
    for did, places in declared.items():
        for record, n in places[1:]:
            first, _unused = places[0]
            line, col = record.pos(("topics", n, "decision_id"))
            yield record, line, col, _("decision id '{id}' is also used in {path}; decision ids are unique").format(
                id=did, path=first.path)
    for record in records:
        for n, topic in enumerate(record.meta.get("topics") or ()) if record.kind == "minutes" else ():
            for k, old in enumerate(topic.get("supersedes") or ()):
                line, col = record.pos(("topics", n, "supersedes", k))
                where = declared.get(old)
                if not where:
                    yield record, line, col, _("`{field}` names '{id}', which no decision declares as its "
                                               "`decision_id`").format(field=f"topics[{n + 1}].supersedes", id=old)
                elif old == topic.get("decision_id"):
                    yield record, line, col, _("`{field}` names the decision itself: '{id}'").format(
                        field=f"topics[{n + 1}].supersedes", id=old)
                elif where[0][0].date and record.date and where[0][0].date > record.date:
                    yield record, line, col, _(
                        "`{field}` names '{id}' of {path}, dated {declared}, after this record's {date}; "
                        "a decision replaces only earlier ones"
                    ).format(field=f"topics[{n + 1}].supersedes", id=old, path=where[0][0].path,
                             declared=where[0][0].date, date=record.date)
