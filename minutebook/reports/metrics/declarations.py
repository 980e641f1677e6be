"""The metrics and their default targets: what each counts, in English and in Chinese,
and in which unit; the numbers of the policy are filled in from minutebook.model.policy."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from minutebook.model import policy
from minutebook.model.policy import CONFLICT_SLA_WORKING_DAYS
from minutebook.model.vocabulary import CONFLICT_LEVELS

AT_LEAST, AT_MOST = ">=", "<="
PLAN, OURS, CONFIG = "plan", "ours", "config"  # where a target comes from
TARGET_SOURCES = {PLAN: "优化方案", OURS: "本站设定", CONFIG: "mkdocs.yml 配置"}

RATE, WORKING_DAYS, MINUTES, CHANGE, COUNT = "rate", "working_days", "minutes", "change", "count"


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
        "协调问题、计划书的任务和复盘的改进措施。关闭日期：由后续记录的事项更新改为已完成的，取该更新写明的完成日期，"
        "未写则取该记录的日期；在自身记录里直接标为已完成的，取该记录的日期。按时：关闭日期不晚于关闭前有效的截止日期（此前的事项更新"
        "改过的截止日期算数，关闭那次同时改的新截止日期不算）。已取消的事项不计；关闭后又被重新打开、参考日期时仍未"
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
        f"{_PERIOD_ZH}召开的会议（按会议纪要的日期）中，纪要的发布时间在会议结束（日期加结束时间）后"
        "{publish_within_hours}小时之内的比例。没有写发布时间的纪要计为未按时。",
        _t(AT_LEAST, 1, OURS, "本站设定：会议制度要求纪要会后{publish_within_hours}小时内发布，应全部做到"),
    ),
    Metric(
        "notice_lead_ok_rate", "通知提前发出率", RATE,
        "Notices of meetings in the period issued at least {lead_working_days} working days before the meeting.",
        "会议日期在统计区间内的会议通知中，发出日期比会议日期提前至少{lead_working_days}个工作日的比例。"
        "按工作日而非自然日计算：周四发出、周五放假、下周一开会，只提前1个工作日。",
        _t(AT_LEAST, 1, OURS, "本站设定：会议制度要求提前{lead_working_days}个工作日发通知，应全部做到"),
    ),
    Metric(
        "avg_meeting_minutes", "平均会议时长（分钟）", MINUTES,
        "Average length (end - start) of the meetings in the period, from their minutes.",
        f"{_PERIOD_ZH}会议纪要记录的会议时长（结束时间减开始时间，分钟）的平均值。以纪要为准，因为纪要记录的是实际召开"
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
        "会议日期在统计区间内的会议通知中，计划时长超过{max_topic_minutes}分钟的议题占全部议题的比例。",
        _t(AT_MOST, 0, OURS, "本站设定：会议制度要求每个议题不超过{max_topic_minutes}分钟"),
    ),
    Metric(
        "conflicts_within_sla_rate", "冲突按时解决率", RATE,
        "Conflicts raised in the period resolved within {sla_days} working days (general / moderate / major); "
        "open ones past their limit count as late, open ones within it are left out.",
        f"{_PERIOD_ZH}提出的冲突中，在时限内解决的比例。时限按优化方案：一般冲突{{sla_general}}个、中度冲突"
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
        "参考日期时已超过评审日期（最近评审日期加评审周期）的流程SOP数量，不限统计区间；按部门"
        "统计时以归口部门为准。",
        _t(AT_MOST, 0, OURS, "本站设定：优化方案要求流程标准化覆盖率100%，流程须按期评审"),
        per_month=False,
    ),
)
BY_NAME: dict[str, Metric] = {m.name: m for m in METRICS}
# the conflict levels' own rates: conflicts_within_sla_rate.general and so on
LEVEL_PREFIX = "conflicts_within_sla_rate."


def default_targets() -> dict[str, Target]:
    return {m.name: m.target for m in METRICS if m.target is not None}


def target_for(name: str, targets: Mapping[str, Target | None]) -> Target | None:
    """The target of a metric; the conflict levels share `conflicts_within_sla_rate`'s."""
    if name.startswith(LEVEL_PREFIX):
        name = "conflicts_within_sla_rate"
    return targets.get(name)
