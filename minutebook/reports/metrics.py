"""Collaboration metrics: the optimisation plan's targets measured from the records.

Pure computation over one View (so visibility holds): `compute(view, targets)`
returns a Report that `minutebook stats` prints (text or JSON) and the metrics page
renders; both read the same Report, so they cannot disagree.

Definitions (the page's 口径说明 says the same in Chinese, from `Metric.explain`):

- Reference date: the View's `as_of`. Records dated after it are ignored, so an
  earlier `--as-of` measures the repository as its records stood on that day.
- Period: `since` .. reference date, both included. `since` defaults to the first day
  of the month eleven months before the reference date's month: twelve calendar
  months, the current one up to the reference date. The previous period is the span
  of as many days that ends the day before `since`.
- Items: every tracked item (actions, pending questions, request problems, plan tasks,
  lesson improvements) with its updates applied in record order (minutebook/model/items.py).
- Closing: an item counts in the on-time rate when its latest status is `done` and it
  was closed within the period. Its closing date is the `done_on` of the update that
  last moved it to `done` (the day the work was finished), else that record's date, or
  its own record's date when it was declared done
  there. It is on time when the closing date is on or before the due date in force
  just before it closed (re-dates by earlier updates count; a new `due` written in the
  closing update itself does not). Cancelled items are left out; so is an item closed
  and then reopened, while it is open again (it is an open item again; closed again
  later, its last closing counts). Items without a due date cannot be judged and are
  left out.
- Slip: working days after the due date up to the closing date (`Calendar.between`).
- Meetings are minutes (what was held, not what was announced), in the period by
  their `date`; a meeting's length is `end - start` in minutes. Minutes are in time
  when `published` is between the meeting's end and the publishing deadline after it
  (`policy.published_in_time`, as MB302).
- Notices, in the period by their meeting `date`: the lead is the working days from
  `issued` to the meeting (as MB303); topics over the policy's limit are overruns
  (as MB305).
- Conflicts, in the period by `raised`: within SLA when resolved no more than the
  level's working days after being raised (`policy.conflict_outcome`); an open one already
  past its limit counts as not within; an open one still inside its limit is pending
  and left out of the rate (its outcome is not known yet). A `resolved` date after the
  reference date counts as not yet resolved.
- Open items and stale SOPs are a snapshot on the reference date, not bound to the
  period. An open item's age is the working days from its record's date to the
  reference date.
- Departments: an item belongs to the department of its current owner (a plan task
  to its `department`); a meeting, notice or conflict to every department it lists
  in `departments`; an SOP to its `owner_department`.

Rates and averages are exact Fractions; `rounded()` gives them to PRECISION decimals
(round half to even) for the JSON and the page's data attributes.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from minutebook.model import items as items_mod
from minutebook.model import policy
from minutebook.model.items import Item
from minutebook.model.policy import CONFLICT_SLA_WORKING_DAYS, PENDING, WITHIN, add_months
from minutebook.model.record import Record
from minutebook.model.vocabulary import CONFLICT_LEVELS
from minutebook.model.workdays import Calendar
from minutebook.views.queries import sop_is_stale

PRECISION = 4  # decimals of every rate and average in the JSON and the page's data
PERIOD_MONTHS = 12
# open-item age buckets in working days: (label, lowest, highest or None)
AGE_BUCKETS = (("0-5", 0, 5), ("6-10", 6, 10), ("11-20", 11, 20), (">20", 21, None))

AT_LEAST, AT_MOST = ">=", "<="
PLAN, OURS, CONFIG = "plan", "ours", "config"  # where a target comes from
TARGET_SOURCES = {PLAN: "优化方案", OURS: "本站设定", CONFIG: "mkdocs.yml 配置"}

RATE, WORKING_DAYS, MINUTES, CHANGE, COUNT = "rate", "working_days", "minutes", "change", "count"


class TargetError(ValueError):
    """A target in mkdocs.yml (extra.minutebook.targets) that cannot be used."""


# ---------------------------------------------------------------- declarations


@dataclass(frozen=True)
class Target:
    op: str  # AT_LEAST or AT_MOST
    value: Fraction
    source: str  # PLAN: the optimisation plan's number; OURS: chosen here; CONFIG: mkdocs.yml
    basis: str  # Chinese: where the number comes from, shown on the page

    def met(self, value) -> bool | None:
        if value is None:
            return None
        return value >= self.value if self.op == AT_LEAST else value <= self.value


@dataclass(frozen=True)
class Metric:
    name: str
    label: str  # Chinese label on the page
    unit: str  # RATE, WORKING_DAYS, MINUTES, CHANGE or COUNT
    doc: str  # English one-liner (CLI, README)
    explain: str  # Chinese 口径说明: what it counts, from which fields, over which period
    target: Target | None = None  # the default target
    per_month: bool = True  # measured month by month too (snapshots are not)

    def __post_init__(self):
        # the policy's numbers are written as {names} (minutebook.model.policy.prose)
        for name in ("label", "doc", "explain"):
            object.__setattr__(self, name, policy.say(getattr(self, name)))


def _t(op, value, source, basis) -> Target:
    return Target(op, Fraction(value), source, policy.say(basis))


_PERIOD_ZH = "统计区间内"
METRICS: tuple[Metric, ...] = (
    Metric(
        "on_time_rate", "按时完成率", RATE,
        "Items closed (done) in the period on or before their due date, of all items closed in the period.",
        f"{_PERIOD_ZH}关闭（最新状态为已完成）的事项中，按时完成的比例。事项包括纪要的行动项和未决事项、需求单的"
        "协调问题、计划书的任务和复盘的改进措施。关闭日期：由后续记录的 updates 改为 done 的，取该更新写明的完成日期 done_on，"
        "未写则取该记录的 date；在自身记录里直接写 done 的，取该记录的 date。按时：关闭日期不晚于关闭前有效的截止日期（此前 updates "
        "改过的 due 算数，关闭那次同时写的新 due 不算）。已取消的事项不计；关闭后又被重新打开、参考日期时仍未"
        "关闭的事项不计（它回到未关闭事项中），再次完成的以最后一次完成为准；没有截止日期的事项无法判断，不计。",
        _t(AT_LEAST, "0.95", PLAN, "优化方案：跨部门项目按时交付率提升至95%以上"),
    ),
    Metric(
        "avg_slip_working_days", "平均延误（工作日）", WORKING_DAYS,
        "Average working days from due date to closing date of the items closed late in the period.",
        f"{_PERIOD_ZH}逾期关闭的事项（按时完成率分母中未按时的部分），从截止日期次日到关闭日期的工作日数的平均值。"
        "工作日按法定节假日和调休计算。",
        _t(AT_MOST, policy.ESCALATION_WORKING_DAYS, OURS, "本站设定：与待办页面的升级阈值（逾期{escalation_working_days}个工作日）一致"),
    ),
    Metric(
        "minutes_within_24h_rate", "纪要{publish_within_hours}小时内发布率", RATE,
        "Minutes of meetings in the period published within {publish_within_hours} hours of the meeting's end.",
        f"{_PERIOD_ZH}召开的会议（按会议纪要的 date）中，纪要发布时间 published 在会议结束（date 加 end）后"
        "{publish_within_hours}小时之内的比例。缺少 published 的纪要计为未按时。",
        _t(AT_LEAST, 1, OURS, "本站设定：会议制度要求纪要会后{publish_within_hours}小时内发布，应全部做到"),
    ),
    Metric(
        "notice_lead_ok_rate", "通知提前发出率", RATE,
        "Notices of meetings in the period issued at least {lead_working_days} working days before the meeting.",
        "会议日期 date 在统计区间内的会议通知中，发出日期 issued 比会议日期提前至少{lead_working_days}个工作日的比例。"
        "按工作日而非自然日计算：周四发出、周五放假、下周一开会，只提前1个工作日。",
        _t(AT_LEAST, 1, OURS, "本站设定：会议制度要求提前{lead_working_days}个工作日发通知，应全部做到"),
    ),
    Metric(
        "avg_meeting_minutes", "平均会议时长（分钟）", MINUTES,
        "Average length (end - start) of the meetings in the period, from their minutes.",
        f"{_PERIOD_ZH}会议纪要记录的会议时长（end 减 start，分钟）的平均值。以纪要为准，因为纪要记录的是实际召开"
        "的会议；没有会议的月份没有数值。",
    ),
    Metric(
        "meeting_minutes_change", "会议时长变化", CHANGE,
        "Change of the average meeting length against the previous period: (current - previous) / previous.",
        "本区间平均会议时长相对于上一区间（紧邻其前、天数相同的区间）的变化：(本期 − 上期) ÷ 上期，负数表示"
        "会议变短。上一区间没有会议纪要时无法比较。",
        _t(AT_MOST, "-0.30", PLAN, "优化方案：跨部门会议时长减少30%"),
        per_month=False,
    ),
    Metric(
        "agenda_overrun_rate", "议题超时率", RATE,
        "Agenda topics of notices in the period planned for more than {max_topic_minutes} minutes.",
        "会议日期在统计区间内的会议通知中，计划时长 minutes 超过{max_topic_minutes}分钟的议题占全部议题的比例。",
        _t(AT_MOST, 0, OURS, "本站设定：会议制度要求每个议题不超过{max_topic_minutes}分钟"),
    ),
    Metric(
        "conflicts_within_sla_rate", "冲突按时解决率", RATE,
        "Conflicts raised in the period resolved within {sla_days} working days (general / moderate / major); "
        "open ones past their limit count as late, open ones within it are left out.",
        f"{_PERIOD_ZH}提出（raised）的冲突中，在时限内解决（resolved）的比例。时限按优化方案：一般冲突{{sla_general}}个、中度冲突"
        "{sla_moderate}个、重大冲突{sla_major}个工作日，从提出日次日算到解决日。已超过时限仍未解决的计为超时；尚未解决但仍在时限内的"
        "结果未定，不计入。解决日期晚于参考日期的视为尚未解决。按级别分别统计，另有全部级别合计。",
        _t(AT_LEAST, 1, OURS, "本站设定：优化方案规定了各级冲突的解决时限（{sla_days}个工作日），应全部做到"),
    ),
    *(
        Metric(
            f"conflicts_within_sla_rate.{level}", f"{label}按时解决率", RATE,
            f"Conflicts of level {level} raised in the period resolved within "
            f"{CONFLICT_SLA_WORKING_DAYS[level]} working days.",
            f"同“冲突按时解决率”，只计{label}（时限{CONFLICT_SLA_WORKING_DAYS[level]}个工作日）。",
        )
        for level, label in CONFLICT_LEVELS.items()
    ),
    Metric(
        "open_items", "未关闭事项", COUNT,
        "Items still open (open, in-progress or blocked) on the reference date, whatever their age.",
        "参考日期时仍未关闭（未开始、进行中、阻塞）的全部事项，不限统计区间。账龄：从事项所在记录的日期次日到"
        "参考日期的工作日数。",
        per_month=False,
    ),
    Metric(
        "sop_stale_count", "待评审SOP", COUNT,
        "SOPs past their review date (reviewed + review_every months) on the reference date.",
        "参考日期时已超过评审日期（最近评审 reviewed 加 review_every 个月）的流程SOP数量，不限统计区间；按部门"
        "统计时以归口部门 owner_department 为准。",
        _t(AT_MOST, 0, OURS, "本站设定：优化方案要求流程标准化覆盖率100%，流程须按期评审"),
        per_month=False,
    ),
)
BY_NAME: dict[str, Metric] = {m.name: m for m in METRICS}
_LEVEL_PREFIX = "conflicts_within_sla_rate."


def default_targets() -> dict[str, Target]:
    return {m.name: m.target for m in METRICS if m.target is not None}


def target_for(name: str, targets: Mapping[str, Target | None]) -> Target | None:
    """The target of a metric; the conflict levels share `conflicts_within_sla_rate`'s."""
    if name.startswith(_LEVEL_PREFIX):
        name = "conflicts_within_sla_rate"
    return targets.get(name)


def _number(value, where: str) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise TargetError(f"{where} must be a number or a percentage like 95%: {value!r}")
    text = str(value).strip()
    scale = Fraction(1)
    if text.endswith("%"):
        text, scale = text[:-1].strip(), Fraction(1, 100)
    try:
        return Fraction(text) * scale  # Fraction("0.95") is exact, unlike the float
    except (ValueError, ZeroDivisionError):
        raise TargetError(f"{where} must be a number or a percentage like 95%: {value!r}") from None


def parse_targets(config: Mapping | None) -> dict[str, Target | None]:
    """The defaults, overridden by a mapping like mkdocs.yml's `extra.minutebook.targets`.

    A value is a number (0.95, 3, -0.3) or a percentage string ("95%", "-30%"); null
    removes the target. The comparison (at least / at most) is the metric's own."""
    targets: dict[str, Target | None] = dict(default_targets())
    if config is None:
        return targets
    if not isinstance(config, Mapping):
        raise TargetError("extra.minutebook.targets must be a mapping of metric names to numbers")
    for key, value in config.items():
        where = f"extra.minutebook.targets.{key}"
        if key not in targets:
            close = difflib.get_close_matches(str(key), list(targets), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            raise TargetError(f"{where} is not a metric with a target{hint} "
                              f"(known: {', '.join(targets)})")
        if value is None:
            targets[key] = None
            continue
        default = BY_NAME[key].target
        targets[key] = Target(default.op, _number(value, where), CONFIG,
                              "本站配置：mkdocs.yml 的 extra.minutebook.targets")
    return targets


def targets_from_extra(extra: Mapping | None) -> dict[str, Target | None]:
    """The targets of an mkdocs.yml `extra` mapping (`extra.minutebook.targets`)."""
    if extra is None:
        return parse_targets(None)
    if not isinstance(extra, Mapping):
        raise TargetError("extra in mkdocs.yml must be a mapping")
    section = extra.get("minutebook")
    if section is None:
        return parse_targets(None)
    if not isinstance(section, Mapping):
        raise TargetError("extra.minutebook in mkdocs.yml must be a mapping")
    return parse_targets(section.get("targets"))


# ---------------------------------------------------------------- the period


@dataclass(frozen=True)
class Period:
    since: dt.date
    until: dt.date

    def __contains__(self, day) -> bool:
        return day is not None and self.since <= day <= self.until

    @property
    def days(self) -> int:
        return (self.until - self.since).days + 1

    def previous(self) -> "Period":
        until = self.since - dt.timedelta(days=1)
        return Period(until - dt.timedelta(days=self.days - 1), until)

    def months(self) -> list["Period"]:
        """Each calendar month the period touches, cut to the period."""
        out = []
        first = self.since.replace(day=1)
        while first <= self.until:
            nxt = add_months(first, 1)
            out.append(Period(max(first, self.since), min(nxt - dt.timedelta(days=1), self.until)))
            first = nxt
        return out

    @property
    def month(self) -> str:
        return f"{self.since:%Y-%m}"


def default_since(as_of: dt.date) -> dt.date:
    """First day of the month PERIOD_MONTHS - 1 months before the reference date's month."""
    return add_months(as_of.replace(day=1), -(PERIOD_MONTHS - 1))


# ---------------------------------------------------------------- facts


@dataclass(frozen=True)
class Closing:
    item: Item
    date: dt.date  # closing date
    due: dt.date  # due date in force just before closing
    slip: int  # working days after due (0 when on time)

    @property
    def on_time(self) -> bool:
        return self.date <= self.due


@dataclass(frozen=True)
class Meeting:
    record: Record
    date: dt.date
    minutes: int
    published_in_time: bool


@dataclass(frozen=True)
class Notice:
    record: Record
    date: dt.date
    lead: int  # working days from issued to the meeting
    topics: int
    overruns: int

    @property
    def lead_ok(self) -> bool:
        return policy.lead_time_ok(self.lead)


@dataclass(frozen=True)
class Conflict:
    record: Record
    level: str
    raised: dt.date
    taken: int  # working days to resolution, or to the reference date when open
    outcome: str  # WITHIN, LATE or PENDING


@dataclass(frozen=True)
class OpenItem:
    item: Item
    age: int  # working days from its record's date to the reference date
    overdue: bool


def closing_of(item: Item, calendar: Calendar) -> Closing | None:
    """When and against which due date a done item was closed; None otherwise."""
    if item.status != "done":
        return None
    date = due = None
    if item.first_status == "done":
        date, due = item.record.date, item.first_due
    for change in item.history:
        if change.status == "done" and change.previous_status != "done":
            date, due = change.effective_date, change.previous_due
    if date is None or due is None:
        return None
    return Closing(item, date, due, max(0, calendar.between(due, date)) if date > due else 0)


def _meeting_of(record: Record) -> Meeting | None:
    m = record.meta
    if not (m.get("date") and m.get("start") and m.get("end")):
        return None
    start, end = policy.meeting_span(m)
    if end <= start:
        return None  # MB309 refuses it; a meeting of no length says nothing
    return Meeting(record, m["date"], policy.minutes_between(start, end), policy.published_in_time(end, m.get("published")))


def _notice_of(record: Record, calendar: Calendar) -> Notice | None:
    m = record.meta
    if not (m.get("date") and m.get("issued")):
        return None
    topics = [t for t in m.get("agenda") or () if isinstance(t.get("minutes"), int)]
    return Notice(record, m["date"], calendar.between(m["issued"], m["date"]), len(topics),
                  sum(policy.topic_too_long(t["minutes"]) for t in topics))


def _conflict_of(record: Record, as_of: dt.date, calendar: Calendar) -> Conflict | None:
    m = record.meta
    level = m.get("level")
    if not m.get("raised") or level not in CONFLICT_SLA_WORKING_DAYS:
        return None
    _limit, taken, outcome = policy.conflict_outcome(level, m["raised"], m.get("resolved"), as_of, calendar)
    return Conflict(record, level, m["raised"], taken, outcome)


@dataclass
class Facts:
    """What the metrics count, gathered once from the records up to the reference date."""

    as_of: dt.date
    closings: list[Closing] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    open_items: list[OpenItem] = field(default_factory=list)
    sops: list[Record] = field(default_factory=list)  # stale SOPs

    @classmethod
    def gather(cls, records: list[Record], registry, as_of: dt.date, calendar: Calendar,
               every_record: list[Record] | None = None) -> "Facts":
        """Facts of the readable `records`; updates from `every_record` (the whole
        repository) apply to their items as they do in the View, effect only."""
        records = [r for r in records if r.date is not None and r.date <= as_of]
        readable = {id(r) for r in records}
        source = [r for r in (every_record or records) if r.date is not None and r.date <= as_of]
        facts = cls(as_of)
        for item in items_mod.collect(source, registry):
            if id(item.record) not in readable:
                continue
            if item.is_open:
                facts.open_items.append(OpenItem(item, max(0, calendar.between(item.record.date, as_of)),
                                                 item.is_overdue(as_of)))
            elif (c := closing_of(item, calendar)) is not None:
                facts.closings.append(c)
        for r in records:
            if r.kind == "minutes" and (meeting := _meeting_of(r)):
                facts.meetings.append(meeting)
            elif r.kind == "notice" and (notice := _notice_of(r, calendar)):
                facts.notices.append(notice)
            elif r.kind == "conflict" and (conflict := _conflict_of(r, as_of, calendar)):
                facts.conflicts.append(conflict)
            elif r.kind == "sop" and sop_is_stale(r, as_of):
                facts.sops.append(r)
        return facts

    def of_department(self, dept: str) -> "Facts":
        def listed(record):
            return dept in (record.meta.get("departments") or ())

        return Facts(
            self.as_of,
            [c for c in self.closings if c.item.department == dept],
            [m for m in self.meetings if listed(m.record)],
            [n for n in self.notices if listed(n.record)],
            [c for c in self.conflicts if listed(c.record)],
            [o for o in self.open_items if o.item.department == dept],
            [s for s in self.sops if s.meta.get("owner_department") == dept],
        )


# ---------------------------------------------------------------- measures


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


def rounded(value):
    """An exact value as a JSON number: ints stay ints, Fractions get PRECISION decimals."""
    if value is None or isinstance(value, int):
        return value
    return float(round(Fraction(value), PRECISION))


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
        name = _LEVEL_PREFIX + level
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


# ---------------------------------------------------------------- formatting


def number(value, unit: str) -> str:
    """A value as shown by the CLI and the page: rates and changes in percent with one
    decimal, averages with one decimal, counts whole; '—' when there is nothing to measure."""
    if value is None:
        return "—"
    if unit in (RATE, CHANGE):
        return f"{float(round(Fraction(value) * 100, 1)):.1f}%"
    if unit == COUNT:
        return str(value)
    return f"{float(round(Fraction(value), 1)):.1f}"


def target_text(target: Target | None, unit: str) -> str:
    if target is None:
        return "—"
    return f"{'≥' if target.op == AT_LEAST else '≤'} {number(target.value, unit)}"
