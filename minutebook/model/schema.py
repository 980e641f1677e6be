"""The record schema, declared once.

Validation, typing, the JSON Schemas for editors, the field reference in the docs
and the skeletons written by `minutebook new` all read these declarations.

A field's type is one of the scalar types below (each with a `parse` that turns the
string the author typed into a value or raises ValueError with the reason), a
`ListOf` another type, or an `Obj` of fields. Item lists (actions, tasks, …) are
`ListOf(Obj)` with an `ItemSpec` saying which sub-fields carry the id, text, owner,
due date and status, so the open-items query needs no per-kind code.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from minutebook.base.i18n import N_, _
from minutebook.model import vocabulary, workdays
from minutebook.model.policy import say

# ---------------------------------------------------------------- scalar types


@dataclass(frozen=True)
class ScalarType:
    name: str  # used in messages: "`due` must be a date …"
    expect: str  # what the author should type, for messages
    json: dict  # the JSON Schema fragment

    def parse(self, raw: str):
        return raw


# ASCII digits only: `\d` would also take the full-width '２０２６' of a Chinese keyboard
_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$", re.ASCII)
_TIME_RE = re.compile(r"^(\d{1,2}):(\d{2})$", re.ASCII)
_DATETIME_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})$", re.ASCII)
ITEM_ID_RE = re.compile(r"^[A-Za-z][A-Za-z0-9]*(?:[-_.][A-Za-z0-9]+)*$")


class Line(ScalarType):
    def parse(self, raw: str):
        if "\n" in raw.strip("\n"):
            raise ValueError(_("must be a single line"))
        return raw.strip()


class Text(ScalarType):
    def parse(self, raw: str):
        return raw.strip()


class Date(ScalarType):
    def parse(self, raw: str):
        m = _DATE_RE.match(raw.strip())
        if not m:
            raise ValueError(_("must be a date written YYYY-MM-DD"))
        try:
            day = dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            raise ValueError(_("is not a real date")) from None
        return _in_range(day)


class Time(ScalarType):
    def parse(self, raw: str):
        m = _TIME_RE.match(raw.strip())
        if not m:
            raise ValueError(_("must be a time written HH:MM"))
        try:
            return dt.time(int(m[1]), int(m[2]))
        except ValueError:
            raise ValueError(_("is not a real time of day")) from None


class DateTime(ScalarType):
    def parse(self, raw: str):
        m = _DATETIME_RE.match(raw.strip())
        if not m:
            raise ValueError(_("must be a date and time written YYYY-MM-DD HH:MM"))
        try:
            moment = dt.datetime(int(m[1]), int(m[2]), int(m[3]), int(m[4]), int(m[5]))
        except ValueError:
            raise ValueError(_("is not a real date and time")) from None
        _in_range(moment.date())
        return moment


def _in_range(day: dt.date) -> dt.date:
    """Every command handles the dates the check accepts: the calendar's range."""
    if not workdays.in_range(day):
        raise ValueError(_("is outside the supported range {range}").format(range=workdays.range_text()))
    return day


class Int(ScalarType):
    def parse(self, raw: str):
        s = raw.strip()
        if not s.isascii() or not s.isdigit():
            raise ValueError(_("must be a whole number"))
        if len(s) > 1 and s[0] == "0":
            raise ValueError(_("must be a whole number without leading zeros"))
        return int(s)


class Bool(ScalarType):
    def parse(self, raw: str):
        s = raw.strip()
        if s == "true":
            return True
        if s == "false":
            return False
        raise ValueError(_("must be true or false"))


class ItemId(ScalarType):
    def parse(self, raw: str):
        s = raw.strip()
        if not ITEM_ID_RE.match(s) or len(s) > 64:
            raise ValueError(
                _("must be an id of letters, digits and '-', starting with a letter (e.g. LAUNCH-01)")
            )
        return s


@dataclass(frozen=True)
class Enum(ScalarType):
    vocabulary: dict = field(default_factory=dict)

    def parse(self, raw: str):
        s = raw.strip()
        if s not in self.vocabulary:
            raise LookupError(s)  # the vocabulary rule explains, with a suggestion
        return s


# Names resolved against the registry by the reference rules; typed as lines here.
class Name(ScalarType):
    role: str = ""

    def parse(self, raw: str):
        return Line.parse(self, raw)


# A number typed where text is expected (`version: 1.2`) is text to the loader, which
# keeps every scalar as typed; editors read YAML 1.2 and see a number, so allow both.
LINE = Line("line", N_("one line of text"), {"type": ["string", "number"]})
TEXT = Text("text", N_("text"), {"type": ["string", "number"]})
DATE = Date("date", N_("a date YYYY-MM-DD"), {"type": "string", "format": "date"})
TIME = Time("time", N_("a time HH:MM"), {"type": "string", "pattern": r"^\d{1,2}:\d{2}$"})
DATETIME = DateTime(
    "datetime", N_("a date and time YYYY-MM-DD HH:MM"),
    {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}$"},
)
INT = Int("integer", N_("a whole number"), {"type": "integer", "minimum": 0})
BOOL = Bool("boolean", N_("true or false"), {"type": "boolean"})
ITEM_ID = ItemId("id", N_("an id like LAUNCH-01"), {"type": "string", "pattern": ITEM_ID_RE.pattern})
PERSON = Name("person", N_("a person from records/org.yml"), {"type": "string"})
DEPARTMENT = Name("department", N_("a department from records/org.yml"), {"type": "string"})
OWNER = Name("owner", N_("a person or department from records/org.yml"), {"type": "string"})
RECORD_REF = Name("record", N_("the file name of another record, without .md"), {"type": "string"})


def enum(name: str, vocabulary: dict) -> Enum:
    return Enum(name, "one of " + ", ".join(vocabulary), {"enum": list(vocabulary)}, vocabulary)


STATUS = enum("status", vocabulary.STATUSES)
KIND = enum("type", vocabulary.KINDS)
VISIBILITY = enum("visibility", vocabulary.VISIBILITIES)
LEVEL = enum("level", vocabulary.CONFLICT_LEVELS)
SCENARIO = enum("scenario", vocabulary.PLAN_SCENARIOS)
ROLE = enum("role", vocabulary.PLAN_ROLES)
CATEGORY = enum("category", vocabulary.LESSON_CATEGORIES)

# ---------------------------------------------------------------- placeholders

# What `minutebook new` writes where the author must fill a value in: "（填写<label>）".
# Declared once: the skeleton writes exactly this form, MB112 reports exactly this
# form, and the typing leaves such a value out (as if empty), so the other rules stay
# silent about it instead of reporting an unknown person or a malformed date.
PLACEHOLDER_OPEN = "（填写"
PLACEHOLDER_CLOSE = "）"
_PLACEHOLDER_RE = re.compile("^" + re.escape(PLACEHOLDER_OPEN) + "[^（）\n]*" + re.escape(PLACEHOLDER_CLOSE) + "$")


def placeholder(label: str) -> str:
    """The placeholder for a field with this Chinese label: "（填写负责人）"."""
    # no brackets inside: "时长（分钟）" gives "（填写时长，分钟）"
    label = label.replace("（", "，").replace("）", "")
    return f"{PLACEHOLDER_OPEN}{label}{PLACEHOLDER_CLOSE}"


def is_placeholder(value) -> bool:
    """True for a value still holding a placeholder (surrounding spaces ignored)."""
    # the substring test first: it runs on every scalar of every record, and almost none is one
    return isinstance(value, str) and PLACEHOLDER_OPEN in value and bool(_PLACEHOLDER_RE.match(value.strip()))


# ---------------------------------------------------------------- composite types


@dataclass(frozen=True)
class Field:
    name: str
    type: object
    label: str  # Chinese label shown on the site
    doc: str  # English description for the field reference
    required: bool = False
    default: object = None
    example: object = None  # what `minutebook new` writes as a placeholder
    source: str = ""  # the doc as written, with the policy's {names}: translated, then filled in

    @property
    def statement(self) -> str:
        """The doc in the current language."""
        return say(_(self.source)) if self.source else self.doc


@dataclass(frozen=True)
class ItemSpec:
    """How to read one list of trackable items (actions, tasks, problems …)."""

    noun: str  # Chinese noun shown in open-items ("行动项")
    text: str  # sub-field with the item's description
    owner: str = "owner"
    due: str = "due"
    id: str = "id"
    status: str | None = "status"  # None: the item has no status of its own
    only_if: str | None = None  # tracked only when this sub-field is set


@dataclass(frozen=True)
class Obj:
    fields: tuple

    def __post_init__(self):
        object.__setattr__(self, "_by_name", {f.name: f for f in self.fields})

    def get(self, name: str) -> Field | None:
        return self._by_name.get(name)


@dataclass(frozen=True)
class ListOf:
    of: object
    item: ItemSpec | None = None


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    doc: str
    fields: tuple  # common fields first
    # the record's own moment: fields that give the meeting/record date and times
    starts: str | None = None
    ends: str | None = None
    source: str = ""  # the doc as written, with the policy's {names}: translated, then filled in

    def __post_init__(self):
        object.__setattr__(self, "source", self.source or self.doc)
        object.__setattr__(self, "doc", say(self.doc))
        object.__setattr__(self, "_obj", Obj(self.fields))

    @property
    def statement(self) -> str:
        """The doc in the current language."""
        return say(_(self.source))

    def get(self, name: str) -> Field | None:
        return self._obj.get(name)

    @property
    def obj(self) -> Obj:
        return self._obj


def F(name, type_, label, doc, required=False, default=None, example=None) -> Field:
    # numbers of the policy are written as {names} and filled in from minutebook.model.policy
    return Field(name, type_, label, say(doc), required, default, example, doc)


COMMON = (
    F("type", KIND, "类型", "The record kind.", required=True),
    F("title", LINE, "标题", "A short title, e.g. the meeting subject.", required=True,
      example="（填写标题）"),
    F("date", DATE, "日期", "The record's date: the meeting day for notices and minutes, "
      "the day sent for requests, the day written otherwise.", required=True),
    F("departments", ListOf(DEPARTMENT), "部门", "Departments involved, from the registry.",
      required=True),
    F("owner", OWNER, "负责人", "Who owns this record: a person or a department.", required=True),
    F("visibility", VISIBILITY, "可见范围", "Who may read the record; restricted needs audience.",
      default="internal"),
    F("audience", ListOf(DEPARTMENT), "受众部门",
      "Departments that may read a restricted record."),
    F("tags", ListOf(LINE), "标签", "Free tags shown on the site's tag pages."),
)

ACTION = Obj((
    F("id", ITEM_ID, "编号", "Stable id, unique across the repository.", required=True),
    F("task", LINE, "任务", "What is to be done.", required=True),
    F("owner", OWNER, "责任人", "Who does it.", required=True),
    F("due", DATE, "截止日期", "Due date, on or after the meeting.", required=True),
    F("status", STATUS, "状态", "Status; overdue is computed, never typed.", default="open"),
    F("deliverable", LINE, "交付物", "What proves it is done."),
))

PENDING = Obj((
    F("id", ITEM_ID, "编号", "Optional stable id, so a later record can close it."),
    F("question", LINE, "未决事项", "The open question.", required=True),
    F("owner", OWNER, "跟进人", "Who follows it up.", required=True),
    F("due", DATE, "截止日期", "When it must be answered.", required=True),
    F("status", STATUS, "状态", "Status.", default="open"),
))

UPDATE = Obj((
    F("ref", ITEM_ID, "事项编号", "The id of an item in an earlier record.", required=True),
    F("status", STATUS, "新状态", "The item's new status.", required=True),
    F("due", DATE, "新截止日期", "A new due date, when the item is re-dated."),
    F("owner", OWNER, "新责任人", "A new owner, when the item is reassigned."),
    F("note", LINE, "说明", "What happened."),
    F("done_on", DATE, "完成日期", "The day the item was finished, when before this record's date "
      "(with status done): on-time delivery is judged by it."),
))

AGENDA = Obj((
    F("topic", LINE, "议题", "The topic.", required=True),
    F("owner", OWNER, "议题负责人", "Who presents it.", required=True),
    F("minutes", INT, "时长（分钟）", "Minutes allotted; at most {max_topic_minutes}.", required=True),
))

NOTICE = Kind("notice", vocabulary.KINDS["notice"], "A meeting notice, sent {lead_working_days} working days ahead.", COMMON + (
    F("issued", DATE, "发出日期", "When the notice was sent.", required=True),
    F("start", TIME, "开始时间", "Start time HH:MM.", required=True),
    F("end", TIME, "结束时间", "End time HH:MM; meetings last at most {max_meeting_minutes} minutes.", required=True),
    F("location", LINE, "地点", "Room or place."),
    F("online", LINE, "线上会议", "Online meeting link or room."),
    F("host", PERSON, "主持人", "Who chairs the meeting.", required=True),
    F("recorder", PERSON, "记录人", "Who writes the minutes.", required=True),
    F("attendees", ListOf(OWNER), "参会人员", "People or departments invited.", required=True),
    F("agenda", ListOf(AGENDA), "会议议题", "Topics with owner and minutes.", required=True),
    F("materials", ListOf(LINE), "背景材料", "Documents to read before the meeting."),
    F("rsvp_by", DATETIME, "截止确认时间", "Reply-by time, before the meeting."),
), starts="start", ends="end")

MINUTES = Kind("minutes", vocabulary.KINDS["minutes"], "Meeting minutes, published within {publish_within_hours} hours.", COMMON + (
    F("start", TIME, "开始时间", "Start time HH:MM.", required=True),
    F("end", TIME, "结束时间", "End time HH:MM.", required=True),
    F("location", LINE, "地点", "Room or place."),
    F("host", PERSON, "主持人", "Who chaired.", required=True),
    F("recorder", PERSON, "记录人", "Who wrote the minutes.", required=True),
    F("attendees", ListOf(OWNER), "参会人员", "Who attended.", required=True),
    F("absent", ListOf(Obj((
        F("person", PERSON, "缺席人", "Who was absent.", required=True),
        F("sync_by", PERSON, "同步人", "Who briefs them afterwards.", required=True),
    ))), "缺席及同步", "Absentees and who briefs them."),
    F("notice", RECORD_REF, "会议通知", "The notice record of this meeting."),
    F("published", DATETIME, "发布时间", "When the minutes were sent; within {publish_within_hours} h of the end.",
      required=True),
    F("topics", ListOf(Obj((
        F("title", LINE, "议题", "Topic title.", required=True),
        F("presenter", OWNER, "汇报人", "Who presented."),
        F("summary", TEXT, "讨论要点", "Main points."),
        F("decision", TEXT, "结论", "What was decided on this topic."),
        F("decision_id", ITEM_ID, "决策编号", "A stable id for the decision, so a later meeting can replace it."),
        F("supersedes", ListOf(ITEM_ID), "取代的决策", "Ids of earlier decisions this one replaces."),
    ))), "议题讨论", "Topics discussed."),
    F("decisions", ListOf(LINE), "决策事项", "Decisions taken."),
    F("disputes", ListOf(LINE), "争议点", "Points of disagreement, as stated."),
    F("pending", ListOf(PENDING, ItemSpec("未决事项", "question")), "未决事项",
      "Open questions with owner and due date."),
    F("actions", ListOf(ACTION, ItemSpec("行动项", "task")), "待办任务",
      "Action items with owner and due date."),
    F("updates", ListOf(UPDATE), "事项更新", "Progress on items of earlier records."),
), starts="start", ends="end")

REQUEST = Kind("request", vocabulary.KINDS["request"], "A coordination request, sent {lead_working_days} working days "
               "before the meeting it asks for.", COMMON + (
    F("initiator", Obj((
        F("department", DEPARTMENT, "发起部门", "Requesting department.", required=True),
        F("person", PERSON, "发起人", "Requesting person.", required=True),
    )), "发起方", "Who asks.", required=True),
    F("participants", ListOf(OWNER), "协作方", "Departments or people asked to take part.",
      required=True),
    F("meeting", DATE, "期望会议日期", "The meeting this request asks for."),
    F("background", TEXT, "背景", "Why coordination is needed.", required=True),
    F("problems", ListOf(Obj((
        F("id", ITEM_ID, "编号", "Stable id, unique across the repository.", required=True),
        F("problem", LINE, "问题", "The problem to solve.", required=True),
        F("owner", OWNER, "责任方", "Who solves it.", required=True),
        F("due", DATE, "截止日期", "When.", required=True),
        F("status", STATUS, "状态", "Status.", default="open"),
    )), ItemSpec("协调问题", "problem")), "需协调问题", "Problems with owner and due date.",
      required=True),
    F("expected", Obj((
        F("outcome", LINE, "期望结果", "The outcome wanted.", required=True),
        F("due", DATE, "期望完成日期", "By when.", required=True),
    )), "期望结果", "What the request should achieve.", required=True),
    F("prior_contact", TEXT, "前期沟通", "What was tried already."),
    F("attachments", ListOf(LINE), "附件", "Attached documents."),
))

PLAN = Kind("plan", vocabulary.KINDS["plan"], "A collaboration plan: goal, roles, tasks.", COMMON + (
    F("goal", Obj((
        F("statement", LINE, "目标", "The goal.", required=True),
        F("metric", LINE, "衡量指标", "How success is measured.", required=True),
        F("target", LINE, "目标值", "The value to reach.", required=True),
        F("deadline", DATE, "完成期限", "By when.", required=True),
    )), "协作目标", "A SMART goal.", required=True),
    F("scenario", SCENARIO, "协作场景", "Kind of collaboration.", required=True),
    F("roles", ListOf(Obj((
        F("department", DEPARTMENT, "部门", "Department.", required=True),
        F("role", ROLE, "角色", "lead, assist or supervise.", required=True),
        F("contact", PERSON, "接口人", "The department's contact.", required=True),
        F("duty", LINE, "职责", "What the department does."),
    ))), "职责分工", "Departments, roles and contacts; exactly one lead.", required=True),
    F("tasks", ListOf(Obj((
        F("id", ITEM_ID, "编号", "Stable id, unique across the repository.", required=True),
        F("task", LINE, "任务", "The task.", required=True),
        F("owner", OWNER, "责任人", "Who does it.", required=True),
        F("department", DEPARTMENT, "责任部门", "Department doing it.", required=True),
        F("start", DATE, "开始日期", "Start date.", required=True),
        F("due", DATE, "截止日期", "Due date, not before start.", required=True),
        F("deliverable", LINE, "交付物", "What proves it is done."),
        F("depends_on", ListOf(ITEM_ID), "前置任务", "Task ids that must finish first."),
        F("status", STATUS, "状态", "Status.", default="open"),
    )), ItemSpec("计划任务", "task")), "任务分解", "The work breakdown.", required=True),
    F("cadence", LINE, "沟通节奏", "Meeting cadence, e.g. weekly sync."),
    F("risks", ListOf(LINE), "风险", "Known risks."),
))

RETROSPECTIVE = Kind("retrospective", vocabulary.KINDS["retrospective"], "A retrospective report.", COMMON + (
    F("plan", RECORD_REF, "对应计划", "The plan this looks back on."),
    F("highlights", ListOf(LINE), "亮点", "What went well."),
    F("shortcomings", ListOf(LINE), "不足", "What did not."),
    F("lessons", ListOf(Obj((
        F("id", ITEM_ID, "编号", "Stable id, needed when the lesson has an improvement."),
        F("lesson", LINE, "经验教训", "The lesson.", required=True),
        F("category", CATEGORY, "类别", "Category.", required=True),
        F("improvement", LINE, "改进措施", "What changes."),
        F("owner", OWNER, "责任人", "Who makes the change."),
        F("due", DATE, "截止日期", "By when."),
        F("status", STATUS, "状态", "Status of the improvement.", default="open"),
        F("sop", RECORD_REF, "关联SOP", "The SOP the lesson changed."),
    )), ItemSpec("改进措施", "improvement", only_if="improvement")), "经验教训",
      "Lessons; an improvement needs owner and due.", required=True),
    F("results", ListOf(Obj((
        F("metric", LINE, "指标", "Metric.", required=True),
        F("target", LINE, "目标值", "Target.", required=True),
        F("actual", LINE, "实际值", "Actual.", required=True),
    ))), "目标达成", "Targets against actual results."),
))

SOP = Kind("sop", vocabulary.KINDS["sop"], "A standard process with per-step working-day limits.", COMMON + (
    F("process", LINE, "流程名称", "The process.", required=True),
    F("owner_department", DEPARTMENT, "归口部门", "Department that maintains it.", required=True),
    F("steps", ListOf(Obj((
        F("step", LINE, "步骤", "The step.", required=True),
        F("department", DEPARTMENT, "执行部门", "Who does it.", required=True),
        F("limit_days", INT, "时限（工作日）", "Working days allowed.", required=True),
        F("deliverable", LINE, "交付物", "Output of the step."),
    ))), "流程步骤", "Steps with department and limit.", required=True),
    F("version", LINE, "版本", "Version, e.g. 1.2.", required=True),
    F("reviewed", DATE, "最近评审", "Last review date.", required=True),
    F("review_every", INT, "评审周期（月）", "Months between reviews.", required=True),
))

CONFLICT = Kind("conflict", vocabulary.KINDS["conflict"], "An entry of the conflict ledger.", COMMON + (
    F("level", LEVEL, "冲突级别", "general, moderate or major.", required=True),
    F("raised", DATE, "提出日期", "When the conflict was raised.", required=True),
    F("description", TEXT, "冲突描述", "What the conflict is about.", required=True),
    F("cause", TEXT, "原因", "Why it arose."),
    F("resolver", OWNER, "协调人", "Who resolves it.", required=True),
    F("resolved", DATE, "解决日期", "When it was resolved; due within {sla_days} working days of `raised` (general / moderate / major)."),
    F("resolution", TEXT, "解决方案", "How it was resolved."),
))

# Between meetings an item's owner reports progress in a record of its own: the same
# `updates` as minutes, with who writes it; MB213 says who may move which item.
PROGRESS = Kind("progress", vocabulary.KINDS["progress"], "Progress on earlier items reported between meetings, "
                "by their owner.", COMMON + (
    F("by", PERSON, "报告人", "Who reports the progress: the item's owner, a lead or contact of the "
      "owner's department, or the host of the meeting that recorded it.", required=True),
    F("updates", ListOf(UPDATE), "事项更新", "Progress on items of earlier records.", required=True),
))

KINDS: dict[str, Kind] = {k.name: k for k in (NOTICE, MINUTES, REQUEST, PLAN, RETROSPECTIVE, SOP, CONFLICT, PROGRESS)}
assert set(KINDS) == set(vocabulary.KINDS)

# Keys that are never allowed in a record, with the reason given to the author.
FORBIDDEN_KEYS = {
    "render_macros": N_("records are never rendered as templates"),
}


def expected(type_: ScalarType) -> str:
    """What the author should type for a scalar type, in the current language."""
    if isinstance(type_, Enum):
        return _("one of {values}").format(values=", ".join(type_.vocabulary))
    return _(type_.expect)


def item_lists(kind: Kind):
    """(field name, ItemSpec, Obj) for every trackable item list of a kind."""
    for f in kind.fields:
        if isinstance(f.type, ListOf) and f.type.item is not None:
            yield f.name, f.type.item, f.type.of
