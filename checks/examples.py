"""What the rules' examples are built on: the Example type, the base record of each kind.

Every rule declares a failing example and its fix beside itself (`example=` of `rule`
and `declare` in checks/catalogue.py). The rules reference (docs/reference/rules.md)
shows them; checks/example_check.py checks each one for real, in a small repository
with EXAMPLE_REGISTRY and as of EXAMPLE_AS_OF.

An example is a snippet of front-matter for a record of `kind`: its top-level keys
replace the same keys of that kind's valid base record (BASES) and the others are
added, so an example writes only what it changes. `body` replaces the base body.
`whole` examples are complete files instead, `registry` ones are complete
records/org.yml files. `others` are records present in the repository beside the
example, as (file name, kind, snippet).
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
    "progress": """\
type: progress
title: 进度更新：W-02 整理客户反馈
date: 2026-11-18
departments: [市场部]
owner: 郑雪
by: 郑雪
updates:
  - ref: W-02
    status: done
    note: 反馈已整理并发给产品部
""",
}
BASE_BODY = "## 会议情况\n\n按计划推进。\n"

# records that some examples need beside them, as (file name, kind, snippet)
EARLIER_MINUTES = ("2026-11-09-weekly", "minutes", """\
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
LATER_MINUTES = ("2026-11-18-review", "minutes", """\
date: 2026-11-18
published: 2026-11-18 15:00
actions:
  - id: W-05
    task: 准备演示环境
    owner: 李娜
    due: 2026-11-25
""")
WEEKLY_NOTICE = ("2026-11-16-weekly-notice", "notice", """\
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
    suffix: tuple[str, str] = (".md", ".md")  # file name endings (bad, fix)


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


def base_field(kind: str, key: str) -> str:
    """The lines of `key` in the base record of `kind`: the key's line and those indented under it.

    An example that changes one line of a long field starts from these, so the base
    stays the one place the field is written out."""
    lines, inside = [], False
    for line in BASES[kind].splitlines(keepends=True):
        m = _KEY.match(line)
        if m:
            inside = m[1] == key
        if inside:
            lines.append(line)
    if not lines:
        raise KeyError(f"the base {kind} has no `{key}`")
    return "".join(lines)


def record_text(kind: str, snippet: str, body: str | None = None) -> str:
    """The whole file of a `kind` record: its base with the snippet, and the body."""
    return "---\n" + compose(BASES[kind], snippet) + "---\n\n" + (BASE_BODY if body is None else body)


def example_path(example: Example, fixed: bool) -> str:
    """Where the example record goes in its repository."""
    folder = example.folder or f"records/{example.kind or 'minutes'}/2026"
    return f"{folder}/{example.name[1 if fixed else 0]}{example.suffix[1 if fixed else 0]}"


def file_bytes(example: Example, fixed: bool) -> bytes:
    """The failing example, or its fix, as the bytes of the file."""
    text = example.fix if fixed else example.bad
    if not (example.whole or example.registry):
        body = example.body[1 if fixed else 0] if example.body else None
        text = record_text(example.kind, text, body)
    return text.encode("utf-8" if fixed else example.encoding)
