"""The report of one view: `compute` measures it, overall, by department and by month."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from minutebook.reports.metrics.declarations import Target, default_targets
from minutebook.reports.metrics.facts import Facts
from minutebook.reports.metrics.measures import Section, age_distribution, measures
from minutebook.reports.metrics.numbers import PRECISION, rounded
from minutebook.reports.metrics.period import Period, default_since


@dataclass
class Report:
    as_of: dt.date
    audience: str
    department: str | None
    period: Period
    previous: Period
    targets: dict[str, Target | None]
    overall: Section
    by_department: dict[str, Section]
    by_month: dict[str, Section]
    facts: Facts | None = None  # what was counted, for the page's detail tables

    def as_json(self) -> dict:
        return {
            "as_of": self.as_of.isoformat(),
            "audience": self.audience,
            "department": self.department,
            "period": {"since": self.period.since.isoformat(), "until": self.period.until.isoformat()},
            "previous_period": {"since": self.previous.since.isoformat(),
                                "until": self.previous.until.isoformat()},
            "precision": PRECISION,
            "targets": {
                name: None if t is None else {"op": t.op, "value": rounded(t.value), "source": t.source}
                for name, t in self.targets.items()
            },
            "measures": self.overall.as_json(),
            "by_department": {d: s.as_json() for d, s in self.by_department.items()},
            "by_month": {m: s.as_json() for m, s in self.by_month.items()},
        }


def compute(view, targets: Mapping[str, Target | None] | None = None, since: dt.date | None = None,
            department: str | None = None) -> Report:
    """The metrics of what `view` may read, as of its reference date."""
    as_of = view.as_of
    period = Period(since or default_since(as_of), as_of)
    if period.since > as_of:
        raise ValueError(f"the period's first day {period.since} is after the reference date {as_of}")
    targets = dict(default_targets() if targets is None else targets)
    facts = Facts.gather(view.records, view.registry, as_of, view.calendar, view.repo.records)
    if department is not None:
        facts = facts.of_department(department)
    previous = period.previous()

    def snapshot(f: Facts) -> Section:
        return Section(measures(f, period, targets, previous), age_distribution(f.open_items))

    by_department = {}
    if department is None:
        by_department = {d: snapshot(facts.of_department(d)) for d in view.registry.departments}
    by_month = {m.month: Section(measures(facts, m, targets)) for m in period.months()}
    return Report(as_of, view.audience, department, period, previous, targets, snapshot(facts),
                  by_department, by_month, facts)
