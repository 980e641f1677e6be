"""`minutebook stats`: the optimisation plan's targets measured from the records.

Parse options, compute (minutebook/reports/metrics.py over one View), report as text or JSON.
The targets come from mkdocs.yml's `extra.minutebook.targets`, read without MkDocs.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from checks.diagnostics import ERROR
from minutebook.base.errors import UsageError
from minutebook.base.i18n import _, ngettext
from minutebook.cli import options


def add_arguments(p) -> None:
    options.add_as_of(p)
    p.add_argument("--since", metavar="DATE",
                   help=_("first day of the period (default: the first day of the month 11 months "
                        "before the reference date's, i.e. 12 calendar months)"))
    p.add_argument("--department", metavar="NAME", help=_("measure one department of records/org.yml only"))
    options.add_audience(p, _(": measure only what it may read"))
    p.add_argument("--format", choices=("text", "json"), default="text", help=_("output format"))
    p.add_argument("--config", metavar="FILE",
                   help=_("the mkdocs.yml whose extra.minutebook.targets set the targets "
                        "(default: mkdocs.yml of the repository root, if any)"))
    options.add_root(p)


def _date(value: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(_("{source} must be a date written YYYY-MM-DD: '{value}'").format(
            source=option, value=value)) from None


def run(args) -> int:
    from minutebook.reports import metrics, targets
    from minutebook.views.view import View

    as_of = options.as_of(args)
    since = _date(args.since, "--since") if args.since else None
    if since and since > as_of:
        raise UsageError(_("--since {since} is after the reference date {as_of}").format(since=since, as_of=as_of))
    root = options.root(args)
    config = Path(args.config) if args.config else root / targets.CONFIG_NAME
    if args.config and not config.is_file():
        raise UsageError(_("no such file: {path}").format(path=args.config))
    try:
        wanted = targets.load(config)
    except metrics.TargetError as exc:
        raise UsageError(str(exc)) from None
    view = View.load(root, as_of, args.audience)
    if args.department is not None and not view.registry.is_department(args.department):
        close = view.registry.suggest(args.department, people=False)
        hint = _("; did you mean '{value}'?").format(value=close) if close else ""
        raise UsageError(_("--department must be a department of records/org.yml: '{value}'").format(
            value=args.department) + hint)
    report = metrics.compute(view, wanted, since, args.department)
    if args.format == "json":
        json.dump(report.as_json(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(text(report))
    refused = len({d.path for d in view.repo.diagnostics if d.severity == ERROR})
    if refused:
        print(ngettext("minutebook stats: note: {count} file(s) fail `minutebook check`; "
                       "their records are measured as written",
                       "minutebook stats: note: {count} file(s) fail `minutebook check`; "
                       "their records are measured as written", refused).format(count=refused), file=sys.stderr)
    return 0


def _value(m) -> str:
    from minutebook.reports.metrics import CHANGE, COUNT, number

    shown = number(m.value, m.metric.unit)
    if m.metric.unit == CHANGE:
        cur, prev = m.detail.get("current"), m.detail.get("previous")
        return _("{shown} ({current} vs {previous} min)").format(
            shown=shown, current=number(cur, "minutes"), previous=number(prev, "minutes"))
    if m.metric.unit == COUNT or m.denominator is None:
        return shown
    return f"{shown} ({m.numerator}/{m.denominator})"


def _met(m) -> str:
    return {True: _("yes"), False: _("no"), None: "-"}[m.met]


def _measure_name(m) -> str:
    """In Chinese, the measure's label on the metrics page; in English, its key (what
    --format json and the targets in mkdocs.yml call it)."""
    from minutebook.base import i18n

    return m.metric.label if i18n.current() == "zh" else m.name


def text(report) -> str:
    from minutebook.reports.metrics import number, target_text

    p, q = report.period, report.previous
    scope = _(", department {department}").format(department=report.department) if report.department else ""
    out = [_("minutebook stats as of {as_of} (audience {audience}{scope})").format(
               as_of=report.as_of, audience=report.audience, scope=scope),
           _("period {since} .. {until}; previous period {previous_since} .. {previous_until}").format(
               since=p.since, until=p.until, previous_since=q.since, previous_until=q.until), ""]
    rows = [(_("measure"), _("value"), _("target"), _("met"))]
    for m in report.overall.measures.values():
        rows.append((_measure_name(m), _value(m), target_text(m.target, m.metric.unit), _met(m)))
    # columns a terminal gives each cell: a Chinese character takes two
    from minutebook.authoring.skeleton import display_width

    widths = [max(display_width(r[i]) for r in rows) for i in range(3)]
    for r in rows:
        out.append("  ".join(r[i] + " " * (widths[i] - display_width(r[i])) for i in range(3)) + f"  {r[3]}".rstrip())
    age = report.overall.open_item_age
    out += ["", _("open items by age in working days: {ages}").format(ages=", ".join(f"{k}: {v}" for k, v in age.items()))]

    def brief(section) -> str:
        ms = section.measures
        parts = [_("on time {rate}").format(rate=_value(ms["on_time_rate"])),
                 _("meetings {count}, avg {minutes} min").format(
                     count=ms["avg_meeting_minutes"].denominator,
                     minutes=number(ms["avg_meeting_minutes"].value, "minutes")),
                 _("conflicts within SLA {rate}").format(rate=_value(ms["conflicts_within_sla_rate"]))]
        if "open_items" in ms:
            parts.append(_("open {count} ({overdue} overdue)").format(
                count=ms["open_items"].value, overdue=ms["open_items"].detail["overdue"]))
        return "; ".join(parts)

    if report.by_department:
        out += ["", _("by department:")]
        out += [f"  {name}: {brief(s)}" for name, s in report.by_department.items()]
    out += ["", _("by month:")]
    out += [f"  {month}: {brief(s)}" for month, s in report.by_month.items()]
    return "\n".join(out) + "\n"
