"""A failing example and its fix for every rule code, beside the rules as data.

The rules reference (docs/reference/rules.md) shows them; tests/test_reference_docs.py
checks each one for real: the failing example, put into a small repository with
EXAMPLE_REGISTRY and checked as of EXAMPLE_AS_OF, reports its code (and only the
codes it names), and the fix reports nothing at all.

An example is a snippet of front-matter for a record of `kind`: its top-level keys
replace the same keys of that kind's valid base record (BASES) and the others are
added. `body` replaces the base body. `whole` examples are complete files instead,
`registry` ones are complete records/org.yml files. `others` are records present in
the repository beside the example, as (file name, kind, snippet).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

EXAMPLE_AS_OF = dt.date(2026, 11, 20)

EXAMPLE_REGISTRY = """\
departments:
  产品部: {lead: 陈思远, contacts: [林晓]}
  研发部: {lead: 王磊, contacts: [李娜]}
  市场部: {lead: 刘洋, contacts: [郑雪]}
people:
  陈思远: {department: 产品部, email: chen.siyuan@example.com}
  林晓: {department: 产品部, email: lin.xiao@example.com}
  王磊: {department: 研发部, email: wang.lei@example.com}
  李娜: {department: 研发部, email: li.na@example.com}
  刘洋: {department: 市场部, email: liu.yang@example.com}
  郑雪: {department: 市场部, email: zheng.xue@example.com}
"""

# A valid record of each kind, front-matter only; the examples change a few keys.
BASES = {
    "minutes": """\
type: minutes
title: 星图周会
date: 2026-11-16
departments: [产品部, 研发部]
owner: 林晓
start: "10:00"
end: "11:00"
host: 陈思远
recorder: 林晓
attendees: [王磊, 李娜]
published: 2026-11-16 15:00
""",
    "notice": """\
type: notice
title: 星图周会通知
date: 2026-11-23
departments: [产品部, 研发部]
owner: 林晓
issued: 2026-11-18
start: "10:00"
end: "11:00"
host: 陈思远
recorder: 林晓
attendees: [王磊, 李娜]
agenda:
  - topic: 上周行动项
    owner: 林晓
    minutes: 20
""",
    "request": """\
type: request
title: 测试环境扩容需求
date: 2026-11-16
departments: [研发部, 市场部]
owner: 李娜
initiator:
  department: 研发部
  person: 李娜
participants: [市场部]
background: 压测需要独立的测试环境
problems:
  - id: REQ-01
    problem: 扩容预算由谁承担
    owner: 刘洋
    due: 2026-11-27
expected:
  outcome: 完成测试环境扩容
  due: 2026-11-30
""",
    "plan": """\
type: plan
title: 星图上线计划
date: 2026-11-16
departments: [产品部, 研发部]
owner: 陈思远
goal:
  statement: 星图按期上线
  metric: 上线日期
  target: 12月1日上线
  deadline: 2026-12-01
scenario: project
roles:
  - department: 产品部
    role: lead
    contact: 林晓
  - department: 研发部
    role: assist
    contact: 李娜
tasks:
  - id: T-01
    task: 确定需求基线
    owner: 林晓
    department: 产品部
    start: 2026-11-16
    due: 2026-11-20
  - id: T-02
    task: 完成开发
    owner: 李娜
    department: 研发部
    start: 2026-11-23
    due: 2026-11-30
    depends_on: [T-01]
""",
    "retrospective": """\
type: retrospective
title: 星图上线复盘
date: 2026-11-16
departments: [产品部, 研发部]
owner: 陈思远
lessons:
  - lesson: 需求基线要同步给市场部
    category: communication
""",
    "sop": """\
type: sop
title: 需求变更流程
date: 2026-11-16
departments: [产品部, 研发部]
owner: 产品部
process: 需求变更
owner_department: 产品部
steps:
  - step: 提交变更申请
    department: 产品部
    limit_days: 1
  - step: 评估工作量
    department: 研发部
    limit_days: 2
version: "1.0"
reviewed: 2026-11-16
review_every: 6
""",
    "conflict": """\
type: conflict
title: 上线日期分歧
date: 2026-11-18
departments: [产品部, 研发部]
owner: 陈思远
level: general
raised: 2026-11-18
description: 上线日期与测试周期冲突
resolver: 陈思远
resolved: 2026-11-19
resolution: 推迟两天上线，测试部周末加班
""",
}
BASE_BODY = "## 会议情况\n\n按计划推进。\n"

# records that some examples need beside them
_EARLIER_MINUTES = ("2026-11-09-weekly", "minutes", """\
date: 2026-11-09
published: 2026-11-09 15:00
actions:
  - id: W-01
    task: 发布说明
    owner: 李娜
    due: 2026-11-13
    status: done
  - id: W-02
    task: 整理客户反馈
    owner: 郑雪
    due: 2026-11-20
""")
_LATER_MINUTES = ("2026-11-18-review", "minutes", """\
date: 2026-11-18
published: 2026-11-18 15:00
actions:
  - id: W-05
    task: 准备演示环境
    owner: 李娜
    due: 2026-11-25
""")
_NOTICE = ("2026-11-16-weekly-notice", "notice", """\
date: 2026-11-16
issued: 2026-11-11
""")


@dataclass(frozen=True)
class Example:
    kind: str | None  # the base record the snippets go into (None for whole files)
    bad: str
    fix: str
    note: str = ""  # what to notice, shown in the docs
    body: tuple[str, str] | None = None  # (bad body, fixed body), replacing BASE_BODY
    whole: bool = False  # `bad` and `fix` are complete files
    registry: bool = False  # `bad` and `fix` are complete records/org.yml files
    encoding: str = "utf-8"  # how the failing example is saved
    others: tuple = ()  # (file name, kind, snippet) of records beside the example
    name: tuple[str, str] = ("2026-11-16-example", "2026-11-16-example")  # file names (bad, fix)
    folder: str = ""  # where the example record goes, when not records/<kind>/2026
    also: tuple[str, ...] = ()  # other codes the failing example necessarily reports


_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*):")


def compose(base: str, snippet: str) -> str:
    """The base front-matter with the snippet's top-level keys replacing the base's."""
    keys = {m[1] for line in snippet.splitlines() if (m := _KEY.match(line))}
    kept, skipping = [], False
    for line in base.splitlines():
        m = _KEY.match(line)
        if m:
            skipping = m[1] in keys
        if not skipping:
            kept.append(line)
    return "\n".join(kept + snippet.splitlines()) + "\n"


def record_text(kind: str, snippet: str, body: str | None = None) -> str:
    return "---\n" + compose(BASES[kind], snippet) + "---\n\n" + (BASE_BODY if body is None else body)


def example_path(example: Example, fixed: bool) -> str:
    """Where the example record goes in its repository."""
    folder = example.folder or f"records/{example.kind or 'minutes'}/2026"
    return f"{folder}/{example.name[1 if fixed else 0]}.md"


def file_bytes(example: Example, fixed: bool) -> bytes:
    """The failing example, or its fix, as the bytes of the file."""
    text = example.fix if fixed else example.bad
    if not (example.whole or example.registry):
        body = example.body[1 if fixed else 0] if example.body else None
        text = record_text(example.kind, text, body)
    return text.encode("utf-8" if fixed else example.encoding)


def check(example: Example, fixed: bool = False) -> list:
    """The diagnostics `minutebook check` gives the failing example (or its fix), in a
    repository of EXAMPLE_REGISTRY, the example's `others` and the example itself."""
    import tempfile
    from pathlib import Path

    from checks import engine
    from checks.registry import RegistryError, load_registry
    from minutebook.base.fsutil import write_atomic

    with tempfile.TemporaryDirectory(prefix="minutebook-example-") as tmp:
        root = Path(tmp)
        if example.registry:
            write_atomic(root / "records" / "org.yml", file_bytes(example, fixed))
            try:
                load_registry(root)
            except RegistryError as exc:
                return list(exc.diagnostics)
            return []
        write_atomic(root / "records" / "org.yml", EXAMPLE_REGISTRY)
        for name, kind, snippet in example.others:
            write_atomic(root / "records" / kind / "2026" / f"{name}.md", record_text(kind, snippet))
        path = root / example_path(example, fixed)
        write_atomic(path, file_bytes(example, fixed))
        return engine.check(root, EXAMPLE_AS_OF, [path])


_MINUTES_FILE = record_text("minutes", "")

EXAMPLES: dict[str, Example] = {
    # ---------------------------------------------------------------- reading the file
    "MB001": Example("minutes", "", "", whole=False, encoding="gbk",
                     note="The record is saved in GBK (the default of some Chinese editors); save it as UTF-8."),
    "MB002": Example(None, "# 星图周会纪要\n\n按计划推进。\n", _MINUTES_FILE, whole=True,
                     note="The fields must come first, between two '---' lines."),
    "MB003": Example(None, _MINUTES_FILE.replace("---\n\n##", "\n##"), _MINUTES_FILE, whole=True,
                     note="The second '---' line, which ends the fields, is missing."),
    "MB004": Example("minutes", "title: [星图周会\n", "title: 星图周会\n",
                     note="An opening '[' starts a list in YAML; it is never closed here."),
    "MB005": Example(None, "---\n- type: minutes\n- title: 星图周会\n---\n", _MINUTES_FILE, whole=True,
                     note="Each field is written `key: value`, not as a list item."),
    "MB006": Example("minutes", "host: &chair 陈思远\nrecorder: *chair\n", "host: 陈思远\nrecorder: 陈思远\n"),
    "MB007": Example("minutes", "owner: 林晓\nowner: 陈思远\n", "owner: 林晓\n",
                     note="YAML would silently keep only the second `owner`."),
    "MB008": Example("minutes", "tags: " + "[" * 33 + "上线" + "]" * 33 + "\n", "tags: [上线]\n"),
    "MB009": Example(None, """\
departments:
  研发部: {lead: 王磊, contacts: [李娜]}
people:
  王磊: {department: 研发部, email: wang.lei@example.com}
""", """\
departments:
  研发部: {lead: 王磊, contacts: [李娜]}
people:
  王磊: {department: 研发部, email: wang.lei@example.com}
  李娜: {department: 研发部, email: li.na@example.com}
""", registry=True, note="In records/org.yml: every lead and contact is listed under `people`."),
    # ---------------------------------------------------------------- fields
    "MB101": Example("minutes", "owner:\n", "owner: 林晓\n"),
    "MB102": Example("minutes", "ownr: 林晓\n", "owner: 林晓\n"),
    "MB103": Example("minutes", "attendees: 王磊\n", "attendees: [王磊]\n",
                     note="`attendees` is a list, even of one person."),
    "MB104": Example("minutes", "date: 2026-11-31\n", "date: 2026-11-16\n", note="November has 30 days."),
    "MB105": Example("minutes", "visibility: 内部\n", "visibility: internal\n",
                     note="Closed fields take the English word; the Chinese label is shown on the site."),
    "MB106": Example("minutes", "", "", body=("会议链接见 {{ config.site_url }}\n", "会议链接见站点首页。\n"),
                     note="In the body: records are never rendered as templates."),
    "MB107": Example("minutes", "render_macros: true\n", "",
                     note="Delete the key: a record never runs template code."),
    "MB108": Example("minutes", "title: 星图\u200b周会\n", "title: 星图周会\n",
                     note="A zero-width space (U+200B), pasted from a chat window, hides inside the title."),
    "MB109": Example("minutes", "title: 星图周会<b>重要</b>\n", "title: 星图周会（重要）\n"),
    "MB110": Example("minutes", "owner：林晓\n", "owner: 林晓\n",
                     note="The colon after `owner` is the full-width '：' of a Chinese keyboard."),
    "MB111": Example("minutes", "attendees:\n\t- 王磊\n", "attendees:\n  - 王磊\n",
                     note="The list item is indented with a tab."),
    "MB112": Example("minutes", "title: （填写标题）\n", "title: 星图周会\n",
                     note="`minutebook new` wrote the placeholder; write the value."),
    "MB113": Example("minutes", "title: 星图周会 #12\n", "title: '星图周会 #12'\n",
                     note="After a space, '#' starts a YAML comment: the title would be '星图周会'."),
    # ---------------------------------------------------------------- names and references
    "MB201": Example("minutes", "host: 陈思源\n", "host: 陈思远\n"),
    "MB202": Example("minutes", "departments: [产品部, 研发]\n", "departments: [产品部, 研发部]\n"),
    "MB203": Example("minutes", "notice: 2026-11-16-weekly-notic\n", "notice: 2026-11-16-weekly-notice\n",
                     others=(_NOTICE,), note="A reference is the other record's file name without .md."),
    "MB204": Example("minutes", """\
actions:
  - id: W-01
    task: 补充发布说明
    owner: 李娜
    due: 2026-11-27
""", """\
actions:
  - id: W-03
    task: 补充发布说明
    owner: 李娜
    due: 2026-11-27
""", others=(_EARLIER_MINUTES,), note="W-01 is already an action of 2026-11-09-weekly."),
    "MB205": Example("minutes", "", "", others=(_EARLIER_MINUTES,),
                     name=("2026-11-09-weekly", "2026-11-16-weekly"), folder="records/minutes/archive",
                     note="The failing record is records/…/2026-11-09-weekly.md, a name another record "
                          "already has in another folder; the fix names it after its own date."),
    "MB206": Example("minutes", """\
updates:
  - ref: W-09
    status: done
""", """\
updates:
  - ref: W-02
    status: done
""", others=(_EARLIER_MINUTES,)),
    "MB207": Example("minutes", "visibility: restricted\n", "visibility: restricted\naudience: [产品部]\n"),
    "MB208": Example("minutes", """\
updates:
  - ref: W-01
    status: in-progress
    note: 英文版还没有
""", """\
actions:
  - id: W-03
    task: 补充发布说明的英文版
    owner: 李娜
    due: 2026-11-27
""", others=(_EARLIER_MINUTES,),
        note="W-01 was done at the meeting of 2026-11-09; new work is a new action."),
    "MB209": Example("minutes", """\
updates:
  - ref: W-01
    status: done
""", """\
updates:
  - ref: W-02
    status: done
""", others=(_EARLIER_MINUTES,), note="W-01 was already done; W-02 was the one still open."),
    "MB210": Example("minutes", """\
updates:
  - ref: W-05
    status: done
""", """\
date: 2026-11-19
published: 2026-11-19 15:00
updates:
  - ref: W-05
    status: done
""", others=(_LATER_MINUTES,), note="W-05 is declared by minutes of 2026-11-18, after this record's date."),
    "MB211": Example("minutes", """\
updates:
  - ref: W-02
    status: in-progress
    due: 2026-11-10
""", """\
updates:
  - ref: W-02
    status: in-progress
    due: 2026-11-27
""", others=(_EARLIER_MINUTES,)),
    "MB212": Example("minutes", """\
updates:
  - ref: W-02
    status: done
    done_on: 2026-11-19
""", """\
updates:
  - ref: W-02
    status: done
    done_on: 2026-11-13
""", others=(_EARLIER_MINUTES,), note="This record is dated 2026-11-16."),
    # ---------------------------------------------------------------- dates and time limits
    "MB301": Example("minutes", """\
actions:
  - id: W-03
    task: 发布说明
    owner: 李娜
    due: 2026-11-13
""", """\
actions:
  - id: W-03
    task: 发布说明
    owner: 李娜
    due: 2026-11-20
""", note="The meeting was on 2026-11-16."),
    "MB302": Example("minutes", "published: 2026-11-18 09:00\n", "published: 2026-11-16 15:00\n",
                     note="The meeting ended 2026-11-16 11:00."),
    "MB303": Example("notice", "issued: 2026-11-20\n", "issued: 2026-11-18\n",
                     note="For a meeting on Monday 2026-11-23."),
    "MB304": Example("request", "meeting: 2026-11-17\n", "meeting: 2026-11-18\n",
                     note="The request is dated 2026-11-16."),
    "MB305": Example("notice", """\
agenda:
  - topic: 上周行动项
    owner: 林晓
    minutes: 40
""", """\
agenda:
  - topic: 上周行动项
    owner: 林晓
    minutes: 30
"""),
    "MB306": Example("notice", 'end: "12:00"\n', 'end: "11:30"\n', note="The meeting starts at 10:00."),
    "MB307": Example("notice", "rsvp_by: 2026-11-23 10:30\n", "rsvp_by: 2026-11-20 18:00\n",
                     note="The meeting starts 2026-11-23 10:00."),
    "MB308": Example("notice", """\
agenda:
  - topic: 上周行动项
    owner: 林晓
    minutes: 30
  - topic: 上线计划
    owner: 李娜
    minutes: 30
  - topic: 市场反馈
    owner: 郑雪
    minutes: 20
""", """\
agenda:
  - topic: 上周行动项
    owner: 林晓
    minutes: 20
  - topic: 上线计划
    owner: 李娜
    minutes: 25
  - topic: 市场反馈
    owner: 郑雪
    minutes: 15
""", note="The meeting lasts 60 minutes (10:00–11:00)."),
    "MB309": Example("minutes", 'end: "12:00"\n', 'end: "11:00"\n', note="The meeting started at 10:00."),
    "MB310": Example("sop", "reviewed: 2026-01-10\n", "reviewed: 2026-11-16\n",
                     note="Reviewed every 6 months: the review was due 2026-07-10."),
    "MB311": Example("conflict", "resolved: 2026-11-20\n", "resolved: 2026-11-19\n",
                     note="A general conflict raised on 2026-11-18 is resolved within 1 working day."),
    "MB312": Example("conflict", "resolved: 2026-11-17\n", "resolved: 2026-11-19\n",
                     note="The conflict was raised on 2026-11-18."),
    # ---------------------------------------------------------------- plans and lessons
    "MB401": Example("plan", """\
roles:
  - department: 产品部
    role: assist
    contact: 林晓
  - department: 研发部
    role: assist
    contact: 李娜
""", """\
roles:
  - department: 产品部
    role: lead
    contact: 林晓
  - department: 研发部
    role: assist
    contact: 李娜
"""),
    "MB402": Example("plan", "departments: [产品部, 研发部, 市场部]\n", """\
departments: [产品部, 研发部, 市场部]
roles:
  - department: 产品部
    role: lead
    contact: 林晓
  - department: 研发部
    role: assist
    contact: 李娜
  - department: 市场部
    role: supervise
    contact: 郑雪
"""),
    "MB403": Example("plan", """\
tasks:
  - id: T-01
    task: 确定需求基线
    owner: 林晓
    department: 产品部
    start: 2026-11-16
    due: 2026-11-20
  - id: T-02
    task: 完成开发
    owner: 李娜
    department: 研发部
    start: 2026-11-23
    due: 2026-11-30
    depends_on: [T-1]
""", """\
tasks:
  - id: T-01
    task: 确定需求基线
    owner: 林晓
    department: 产品部
    start: 2026-11-16
    due: 2026-11-20
  - id: T-02
    task: 完成开发
    owner: 李娜
    department: 研发部
    start: 2026-11-23
    due: 2026-11-30
    depends_on: [T-01]
"""),
    "MB404": Example("plan", """\
tasks:
  - id: T-01
    task: 确定需求基线
    owner: 林晓
    department: 产品部
    start: 2026-11-16
    due: 2026-11-20
    depends_on: [T-02]
  - id: T-02
    task: 完成开发
    owner: 李娜
    department: 研发部
    start: 2026-11-23
    due: 2026-11-30
    depends_on: [T-01]
""", """\
tasks:
  - id: T-01
    task: 确定需求基线
    owner: 林晓
    department: 产品部
    start: 2026-11-16
    due: 2026-11-20
  - id: T-02
    task: 完成开发
    owner: 李娜
    department: 研发部
    start: 2026-11-23
    due: 2026-11-30
    depends_on: [T-01]
""", also=("MB405",), note="A cycle always has a dependency that ends after its task starts, so MB405 "
                            "is reported with it."),
    "MB405": Example("plan", """\
tasks:
  - id: T-01
    task: 确定需求基线
    owner: 林晓
    department: 产品部
    start: 2026-11-16
    due: 2026-11-20
  - id: T-02
    task: 完成开发
    owner: 李娜
    department: 研发部
    start: 2026-11-18
    due: 2026-11-30
    depends_on: [T-01]
""", """\
tasks:
  - id: T-01
    task: 确定需求基线
    owner: 林晓
    department: 产品部
    start: 2026-11-16
    due: 2026-11-20
  - id: T-02
    task: 完成开发
    owner: 李娜
    department: 研发部
    start: 2026-11-23
    due: 2026-11-30
    depends_on: [T-01]
"""),
    "MB406": Example("plan", """\
tasks:
  - id: T-01
    task: 确定需求基线
    owner: 林晓
    department: 产品部
    start: 2026-11-20
    due: 2026-11-18
""", """\
tasks:
  - id: T-01
    task: 确定需求基线
    owner: 林晓
    department: 产品部
    start: 2026-11-16
    due: 2026-11-20
"""),
    "MB407": Example("retrospective", """\
lessons:
  - lesson: 需求基线要同步给市场部
    category: communication
    improvement: 需求评审邀请市场部参加
""", """\
lessons:
  - id: L-01
    lesson: 需求基线要同步给市场部
    category: communication
    improvement: 需求评审邀请市场部参加
    owner: 林晓
    due: 2026-12-15
"""),
}
