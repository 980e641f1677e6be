"""`minutebook progress ID`: report progress on an item between meetings.

    minutebook progress W-02 --status done --done-on 2026-11-17 --by 郑雪 --note "反馈已整理"

Writes a new progress record, records/progress/<year>/<date>-<slug>.md, that moves the
item on with one `updates` entry, and prints its path; nothing is ever replaced. The
record takes its departments from the item's owner, and its visibility, audience and
tags from the record that declared the item, so the same people read it. It goes
through the same pull request and checks as any record: MB213 refuses it unless
`--by` answers for the item.
"""

from __future__ import annotations

import datetime as dt
import difflib
import sys

from minutebook.base.errors import UsageError
from minutebook.base.i18n import _
from minutebook.cli import options
from minutebook.model.paths import RECORDS_DIR
from minutebook.model.schema import DATE, KINDS, LINE
from minutebook.model.vocabulary import STATUS_SYNONYMS, STATUSES

KIND = KINDS["progress"]
BODY_HEADING = "进展说明"
TITLE = "进度更新：{id} {text}"
MAX_TEXT = 40  # characters of the item's text in the title
MAX_TRIES = 20  # a fresh file name per report of the same item on the same day


def add_arguments(p) -> None:
    p.add_argument("id", metavar="ID", help=_("the id of the item, e.g. LAUNCH-01"))
    p.add_argument("--status", required=True, metavar="STATUS",
                   help=_("the new status: {values}").format(values=", ".join(STATUSES)))
    p.add_argument("--done-on", metavar="DATE",
                   help=_("with --status done: the day it was finished, if before --date"))
    p.add_argument("--due", metavar="DATE", help=_("a new due date, when the item is re-dated"))
    p.add_argument("--note", metavar="TEXT", help=_("what happened, one line (may be Chinese)"))
    p.add_argument("--by", required=True, metavar="PERSON",
                   help=_("who reports: the item's owner, a lead or contact of the owner's department, "
                        "or the host of the meeting that recorded it"))
    p.add_argument("--date", metavar="DATE",
                   help=_("the record's date YYYY-MM-DD (default: $MINUTEBOOK_TODAY, else today)"))
    options.add_root(p)


def run(args) -> int:
    from checks.engine import load_repository
    from minutebook.authoring import skeleton
    from minutebook.model.asof import reference_date
    from minutebook.model.authority import answerable
    from minutebook.model.items import collect

    status = _status(args.status)
    date = _date("--date", args.date) if args.date else reference_date()
    done_on = _date("--done-on", args.done_on) if args.done_on else None
    due = _date("--due", args.due) if args.due else None
    note = _note(args.note) if args.note else ""
    if done_on and status != "done":
        raise UsageError(_("--done-on says when a done item was finished: give --status done, not '{status}'").format(
            status=status))
    if done_on and done_on > date:
        raise UsageError(_("--done-on {done_on} is after the record's date {date}").format(done_on=done_on, date=date))
    if due and due < date:
        raise UsageError(_("--due {due} is before the record's date {date}").format(due=due, date=date))

    root = options.root(args)
    repo = load_repository(root, date)
    _person(repo.registry, args.by)
    item = _item(collect(repo.records, repo.registry), args.id)
    if item.record.date and date < item.record.date:
        raise UsageError(_("'{id}' is declared in {path} dated {declared}: --date {date} is before it").format(
            id=item.id, path=item.record.path, declared=item.record.date, date=date))

    values = _values(item, status=status, date=date, done_on=done_on, due=due, note=note, by=args.by)
    body = note or f"{item.id} 的状态更新为“{STATUSES[status]}”。"
    text = skeleton.render(KIND, values, {BODY_HEADING: body})
    rel = _create(root, skeleton, values["title"], date, text)
    print(rel)
    who = answerable(item, item.owner, repo.registry)
    if not who.admits(args.by, repo.registry):
        print(_("minutebook progress: note: {by} does not answer for '{id}'; `minutebook check` will refuse "
                "{path} (MB213): only {who} may report its progress").format(
                    by=args.by, id=item.id, path=rel, who=who.describe()), file=sys.stderr)
    return 0


def _values(item, *, status, date, done_on, due, note, by) -> dict:
    """The front-matter of the progress record: one update of `item`, by `by`."""
    text = " ".join(str(item.text).split())
    text = text if len(text) <= MAX_TEXT else text[:MAX_TEXT - 1] + "…"
    source = item.record.meta
    update = {"ref": item.id, "status": status}
    update.update({k: v for k, v in (("due", due), ("note", note), ("done_on", done_on)) if v})
    departments = [item.department] if item.department else list(source.get("departments") or ())
    values = {"type": KIND.name, "title": TITLE.format(id=item.id, text=text), "date": date,
              "departments": departments, "owner": by, "by": by, "updates": [update]}
    # read by the same people, and found under the same tags, as the record that declared the item
    for name in ("visibility", "audience", "tags"):
        if source.get(name):
            values[name] = source[name]
    return values


def _create(root, skeleton, title: str, date: dt.date, text: str) -> str:
    """Write `text` under a file name no record uses yet; its path relative to the root."""
    from minutebook.base.fsutil import FileExists, create
    from minutebook.model.paths import discover

    taken = {p.stem for p in discover(root)}
    base = skeleton.slug(title, KIND.name)
    for n in range(1, MAX_TRIES + 1):
        slug = base if n == 1 else f"{base}-{n}"
        rel = skeleton.record_path(KIND.name, date, slug)
        if rel.rsplit("/", 1)[1][:-3] in taken:
            continue  # file names are unique across records/ (MB205)
        try:
            create(root / rel, text)
        except FileExists:
            continue  # written a moment ago by someone else: never replaced
        return rel
    raise UsageError(_("{count} progress records of this item on {date} exist already; nothing was written").format(
        count=MAX_TRIES, date=date))


def _status(raw: str) -> str:
    s = raw.strip()
    if s in STATUSES:
        return s
    close = STATUS_SYNONYMS.get(s.lower()) or next(iter(difflib.get_close_matches(s, STATUSES, n=1)), None)
    hint = _("; did you mean '{value}'?").format(value=close) if close else ""
    raise UsageError(_("--status must be one of {values}: '{value}'").format(
        values=", ".join(STATUSES), value=raw) + hint)


def _date(flag: str, raw: str) -> dt.date:
    try:
        return DATE.parse(raw)
    except ValueError as exc:
        raise UsageError(_("{option} {problem}: '{value}'").format(option=flag, problem=exc, value=raw)) from None


def _note(raw: str) -> str:
    try:
        return LINE.parse(raw)
    except ValueError as exc:
        raise UsageError(_("{option} {problem}").format(option="--note", problem=exc)) from None


def _person(registry, name: str) -> str:
    if not registry.is_person(name):
        close = registry.suggest(name, departments=False)
        hint = _("; did you mean '{value}'?").format(value=close) if close else _("; add them to records/org.yml first")
        raise UsageError(_("--by '{name}' is not a person in {registry}").format(
            name=name, registry=f"{RECORDS_DIR}/org.yml") + hint)
    return name


def _item(items, ref: str):
    found = next((i for i in items if i.id == ref.strip()), None)
    if found is None:
        ids = [i.id for i in items if i.id]
        close = difflib.get_close_matches(ref.strip(), ids, n=1, cutoff=0.6)
        hint = _("; did you mean '{value}'?").format(value=close[0]) if close else ""
        raise UsageError(_("no item has the id '{id}'").format(id=ref) + hint)
    return found
