"""`minutebook new KIND`: write the skeleton of a new record, never over an existing file.

    minutebook new minutes --title "星图3.0周会" --department 产品部 --department 研发部 --owner 林晓
    minutebook new minutes --from 2026-10-12-q3-launch-progress-3     # carry the open items over

The file goes to records/<kind>/<year>/<date>-<slug>.md and its path is printed. When
stdin is a terminal, what the flags leave out (title, departments, owner) is asked
for, checked against records/org.yml with a "did you mean"; otherwise nothing is
asked and what is missing stays a placeholder for `minutebook check` to report.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import sys
from pathlib import Path

from minutebook.base.errors import UsageError
from minutebook.base.i18n import _, ngettext
from minutebook.cli import options
from minutebook.model.asof import reference_date
from minutebook.model.paths import RECORDS_DIR, discover
from minutebook.model.schema import KINDS

_SPLIT = re.compile(r"[,，、\s]+")


def add_arguments(p) -> None:
    p.add_argument("kind", choices=list(KINDS), metavar="KIND",
                   help=_("the record kind: {values}").format(values=", ".join(KINDS)))
    p.add_argument("--title", help=_("the record's title (may be Chinese)"))
    p.add_argument("--date", metavar="DATE",
                   help=_("the record's date YYYY-MM-DD (default: the notice's date with --from "
                        "a notice, else $MINUTEBOOK_TODAY, else today)"))
    p.add_argument("--from", dest="source", metavar="RECORD",
                   help=_("a previous meeting's record (file name without .md, or path; not a progress "
                        "record): copy who met and, for minutes, carry its still-open items over into `updates`"))
    p.add_argument("--department", action="append", default=[], metavar="NAME",
                   help=_("a department of records/org.yml (repeat, or separate with commas)"))
    p.add_argument("--owner", metavar="NAME", help=_("the record's owner: a person or department"))
    p.add_argument("--slug", help=_("the file-name slug: lower-case ASCII words joined by '-' "
                                  "(default: made from the title)"))
    p.add_argument("--print", dest="print_only", action="store_true",
                   help=_("print the skeleton instead of writing it"))
    options.add_root(p)


def run(args) -> int:
    from checks.registry import load_registry
    from minutebook.authoring import carryover, skeleton
    from minutebook.base.fsutil import FileExists, create

    root = options.root(args)
    kind = KINDS[args.kind]
    registry = load_registry(root)
    interactive = sys.stdin is not None and sys.stdin.isatty()

    departments = [d for raw in args.department for d in _SPLIT.split(raw) if d]
    for d in departments:
        _known_department(registry, d)
    if args.owner:
        _known_owner(registry, args.owner)
    if args.slug and not skeleton.SLUG_RE.match(args.slug):
        raise UsageError(_("--slug must be lower-case ASCII words joined by '-' (e.g. launch-weekly): '{value}'").format(
            value=args.slug))
    if args.slug and len(args.slug) > skeleton.MAX_SLUG:
        raise UsageError(_("--slug must be at most {limit} characters: it has {length}").format(
            limit=skeleton.MAX_SLUG, length=len(args.slug)))

    copied: dict = {}
    updates: list = []
    date = _date(args.date) if args.date else None
    if args.source:
        from minutebook.views.view import View

        view = View.load(root, reference_date())
        source = _find(view, root, args.source)
        if source.kind == "progress":
            # not a meeting: nobody met, and the progress it reports already shows in the
            # latest status of the items that the last meeting's record carries over
            raise UsageError(_("--from names a progress record, not a meeting: '{record}'; start from the last "
                               "meeting's minutes (or notice), whose open items carry their latest progress").format(
                record=source.key))
        copied = carryover.copied(source)
        if source.kind == "notice" and kind.name == "minutes":
            copied.update({k: source.meta[k] for k in ("start", "end") if k in source.meta})
            copied["notice"] = source.key
            date = date or source.meta.get("date")
        if kind.get("updates") is not None:
            carried, without_id = carryover.still_open(source, view.items)
            updates = carryover.updates_for(carried)
            for item in without_id:
                print(_("minutebook new: note: {noun} '{text}' of {record} is open but has no id, so it cannot "
                        "be carried over; copy it by hand").format(noun=item.noun, text=item.text, record=source.key),
                      file=sys.stderr)
    date = date or reference_date()

    title = args.title
    if interactive:
        title = title or _ask(_("标题 title")) or None
        if not departments and not copied.get("departments"):
            departments = _ask_names(_("部门 departments, comma-separated"), registry, _known_department,
                                     list(registry.departments))
        if not args.owner and not copied.get("owner"):
            owners = _ask_names(_("负责人 owner (a person or department)"), registry, _known_owner, [], single=True)
            args.owner = owners[0] if owners else None

    values = skeleton.prefill(kind, title=title, date=date, departments=departments, owner=args.owner,
                              registry=registry, copied=copied)
    if updates:
        values["updates"] = updates
    text = skeleton.render(kind, values)
    if args.print_only:
        sys.stdout.write(text)
        return 0

    slug = args.slug or skeleton.slug(title or "", kind.name)
    rel = skeleton.record_path(kind.name, date, slug)
    key = rel.rsplit("/", 1)[1][:-3]
    clash = [p for p in discover(root) if p.stem == key]
    target = root / rel
    if clash and not target.exists():
        other = clash[0].relative_to(root).as_posix()
        print(_("minutebook new: error: a record named {key} already exists at {path}; file names are unique "
                "across records/: choose another --slug (nothing was written)").format(key=key, path=other),
              file=sys.stderr)
        return 1
    try:
        create(target, text)
    except FileExists:
        print(_("minutebook new: error: {path} already exists; it was left untouched "
                "(choose another --slug or --date)").format(path=rel), file=sys.stderr)
        return 1
    print(rel)
    left = len(skeleton.placeholders_in(text))
    print(ngettext("minutebook new: wrote {path} with {count} placeholder(s) （填写…） to fill in; "
                   "then run `minutebook check {path}`",
                   "minutebook new: wrote {path} with {count} placeholder(s) （填写…） to fill in; "
                   "then run `minutebook check {path}`", left).format(path=rel, count=left), file=sys.stderr)
    return 0


def _date(raw: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        raise UsageError(_("{source} must be a date written YYYY-MM-DD: '{value}'").format(
            source="--date", value=raw)) from None


def _known_department(registry, name: str) -> str:
    if not registry.is_department(name):
        close = registry.suggest(name, people=False)
        hint = (_("; did you mean '{value}'?").format(value=close) if close
                else _("; known: {names}").format(names=", ".join(registry.departments)))
        raise UsageError(_("'{name}' is not a department in {registry}").format(
            name=name, registry=f"{RECORDS_DIR}/org.yml") + hint)
    return name


def _known_owner(registry, name: str) -> str:
    if not (registry.is_person(name) or registry.is_department(name)):
        close = registry.suggest(name)
        hint = _("; did you mean '{value}'?").format(value=close) if close else _("; add them to records/org.yml first")
        raise UsageError(_("'{name}' is not a person or department in {registry}").format(
            name=name, registry=f"{RECORDS_DIR}/org.yml") + hint)
    return name


def _find(view, root: Path, ref: str):
    """The record named by a key or a path, readable by the view's audience."""
    if ref.endswith(".md") or "/" in ref or "\\" in ref:
        path = Path(ref)
        if not path.is_absolute():  # relative to the current folder, else to the root
            path = Path.cwd() / path if (Path.cwd() / path).exists() else root / path
        try:
            key = path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            raise UsageError(_("--from must name a record under {folder}: '{ref}'").format(
                folder=f"{RECORDS_DIR}/", ref=ref)) from None
        found = [r for r in view.repo.records if r.path == key]
    else:
        found = [r for r in view.repo.records if r.key == ref]
    if not found:
        close = difflib.get_close_matches(Path(ref).stem, [r.key for r in view.repo.records], n=1, cutoff=0.6)
        hint = _("; did you mean '{value}'?").format(value=close[0]) if close else ""
        raise UsageError(_("--from names no record: '{ref}'").format(ref=ref) + hint)
    record = found[0]
    if record not in view.records:
        raise UsageError(_("--from record '{record}' is not readable by the audience '{audience}'; "
                           "set MINUTEBOOK_AUDIENCE to a department of its `audience`").format(
            record=record.key, audience=view.audience))
    return record


# ---------------------------------------------------------------- prompts (terminal only)


def _ask(label: str) -> str:
    sys.stderr.write(f"{label}: ")
    sys.stderr.flush()
    line = sys.stdin.readline()
    return line.strip()


def _ask_names(label, registry, validate, choices, single=False) -> list[str]:
    """Ask until every name is in the registry; an empty answer leaves a placeholder."""
    hint = f" [{', '.join(choices)}]" if choices else ""
    while True:
        answer = _ask(_("{label}{choices} (Enter: fill in later)").format(label=label, choices=hint))
        names = [n for n in _SPLIT.split(answer) if n]
        if single:
            names = names[:1]
        try:
            return [validate(registry, n) for n in names]
        except UsageError as exc:
            sys.stderr.write(f"  {exc}\n")
