"""Every metric measured over one window of the facts, and the sections of a report
(the whole view, one department, one month)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from minutebook.model.policy import PENDING, WITHIN
from minutebook.model.vocabulary import CONFLICT_LEVELS
from minutebook.reports.metrics.declarations import BY_NAME, LEVEL_PREFIX, METRICS, Metric, Target, target_for
from minutebook.reports.metrics.facts import Facts, Meeting, OpenItem
from minutebook.reports.metrics.numbers import rounded
from minutebook.reports.metrics.period import Period

# open-item age buckets in working days: (label, lowest, highest or None)
AGE_BUCKETS = (("0-5", 0, 5), ("6-10", 6, 10), ("11-20", 11, 20), (">20", 21, None))


@dataclass
class Measure:
    metric: Metric
    value: Fraction | int | None  # None: nothing to measure
    numerator: int | None = None  # the part counted (rates) or the sum (averages)
    denominator: int | None = None  # how many were counted
    target: Target | None = None
    detail: dict = field(default_factory=dict)  # e.g. the previous period's average

    @property
    def name(self) -> str:
        return self.metric.name

    @property
    def met(self) -> bool | None:
        return self.target.met(self.value) if self.target else None

    def as_json(self) -> dict:
        out = {"value": rounded(self.value)}
        if self.numerator is not None:
            out["numerator"] = self.numerator
            out["denominator"] = self.denominator
        for key, value in self.detail.items():
            out[key] = rounded(value)
        if self.target is not None:
            out["target"] = rounded(self.target.value)
            out["op"] = self.target.op
            out["target_source"] = self.target.source
        else:
            out["target"] = None
        out["met"] = self.met
        return out


def _ratio(n: int, d: int) -> Fraction | None:
    return Fraction(n, d) if d else None


def _in(facts: Facts, window: Period) -> dict:
    return {
        "closings": [c for c in facts.closings if c.date in window],
        "meetings": [m for m in facts.meetings if m.date in window],
        "notices": [n for n in facts.notices if n.date in window],
        "conflicts": [c for c in facts.conflicts if c.raised in window],
    }


def _avg_minutes(meetings: list[Meeting]) -> tuple[int, int]:
    return sum(m.minutes for m in meetings), len(meetings)


def measures(facts: Facts, window: Period, targets: Mapping[str, Target | None],
             previous: Period | None = None) -> dict[str, Measure]:
    """Every metric over `window`; the snapshot ones and the change only when `previous` is given."""
    f = _in(facts, window)

    def make(name, value, n=None, d=None, **detail) -> Measure:
        return Measure(BY_NAME[name], value, n, d, target_for(name, targets), detail)

    out: dict[str, Measure] = {}
    closings = f["closings"]
    on_time = sum(c.on_time for c in closings)
    late = [c for c in closings if not c.on_time]
    slip = sum(c.slip for c in late)
    out["on_time_rate"] = make("on_time_rate", _ratio(on_time, len(closings)), on_time, len(closings))
    out["avg_slip_working_days"] = make("avg_slip_working_days", _ratio(slip, len(late)), slip, len(late))
    meetings = f["meetings"]
    ok = sum(m.published_in_time for m in meetings)
    out["minutes_within_24h_rate"] = make("minutes_within_24h_rate", _ratio(ok, len(meetings)), ok, len(meetings))
    notices = f["notices"]
    ok = sum(n.lead_ok for n in notices)
    out["notice_lead_ok_rate"] = make("notice_lead_ok_rate", _ratio(ok, len(notices)), ok, len(notices))
    total, count = _avg_minutes(meetings)
    current = _ratio(total, count)
    out["avg_meeting_minutes"] = make("avg_meeting_minutes", current, total, count)
    if previous is not None:
        before = _ratio(*_avg_minutes(_in(facts, previous)["meetings"]))
        change = (current - before) / before if current is not None and before else None
        out["meeting_minutes_change"] = make("meeting_minutes_change", change,
                                             current=current, previous=before)
    topics = sum(n.topics for n in notices)
    over = sum(n.overruns for n in notices)
    out["agenda_overrun_rate"] = make("agenda_overrun_rate", _ratio(over, topics), over, topics)
    decided = [c for c in f["conflicts"] if c.outcome != PENDING]
    within = sum(c.outcome == WITHIN for c in decided)
    out["conflicts_within_sla_rate"] = make("conflicts_within_sla_rate", _ratio(within, len(decided)),
                                            within, len(decided), pending=len(f["conflicts"]) - len(decided))
    for level in CONFLICT_LEVELS:
        mine = [c for c in f["conflicts"] if c.level == level]
        dec = [c for c in mine if c.outcome != PENDING]
        w = sum(c.outcome == WITHIN for c in dec)
        name = LEVEL_PREFIX + level
        out[name] = make(name, _ratio(w, len(dec)), w, len(dec), pending=len(mine) - len(dec))
    if previous is not None:
        out["open_items"] = make("open_items", len(facts.open_items),
                                 overdue=sum(o.overdue for o in facts.open_items))
        out["sop_stale_count"] = make("sop_stale_count", len(facts.sops))
    return {m.name: out[m.name] for m in METRICS if m.name in out}  # declaration order


def age_distribution(open_items: list[OpenItem]) -> dict[str, int]:
    out = {label: 0 for label, _, _ in AGE_BUCKETS}
    for o in open_items:
        for label, low, high in AGE_BUCKETS:
            if o.age >= low and (high is None or o.age <= high):
                out[label] += 1
                break
    return out


@dataclass
class Section:
    """The measures of one scope: the whole view, one department or one month."""

    measures: dict[str, Measure]
    open_item_age: dict[str, int] | None = None  # snapshot scopes only

    def as_json(self) -> dict:
        out = {name: m.as_json() for name, m in self.measures.items()}
        if self.open_item_age is not None:
            out["open_item_age"] = dict(self.open_item_age)
        return out
