"""Rules of collaboration plans and retrospectives: roles, dependencies, lessons."""

from __future__ import annotations

from checks.catalogue import rule
from checks.examples import Example, base_field
from minutebook.base.i18n import _

# The base plan's roles and tasks: most examples below change one line of them.
_ROLES = base_field("plan", "roles")
_TASKS = base_field("plan", "tasks")


@rule("MB401", "one-lead", example=Example(
    "plan", bad=_ROLES.replace("role: lead", "role: assist"), fix=_ROLES))
def exactly_one_lead(record, ctx):
    """A plan has exactly one lead department."""
    if record.kind != "plan" or "roles" not in record.meta:
        return
    leads = [i for i, r in enumerate(record.meta["roles"]) if r.get("role") == "lead"]
    if len(leads) != 1:
        line, col = record.pos(("roles",) if not leads else ("roles", leads[1], "role"))
        names = ", ".join(record.meta["roles"][i].get("department", "?") for i in leads)
        if not leads:
            yield line, col, _("a plan needs exactly one lead department (`role: lead`), none is given")
        else:
            yield line, col, _("a plan needs exactly one lead department (`role: lead`), {count} are given: "
                               "{names}").format(count=len(leads), names=names)


@rule("MB402", "department-contact", example=Example(
    "plan", bad="departments: [产品部, 研发部, 市场部]\n",
    fix="departments: [产品部, 研发部, 市场部]\n" + base_field("plan", "roles")
        + "  - department: 市场部\n    role: supervise\n    contact: 郑雪\n"))
def every_department_has_a_role(record, ctx):
    """Every department of a plan has a role and a contact in `roles`."""
    if record.kind != "plan":
        return
    with_role = {r.get("department") for r in record.meta.get("roles") or ()}
    for i, dept in enumerate(record.meta.get("departments") or ()):
        if dept not in with_role:
            line, col = record.pos(("departments", i))
            yield line, col, _("department '{department}' has no entry in `roles` (role and contact)").format(
                department=dept)


def _tasks(record):
    return {t["id"]: (i, t) for i, t in enumerate(record.meta.get("tasks") or ()) if "id" in t}


@rule("MB403", "unknown-dependency", example=Example(
    "plan", bad=_TASKS.replace("depends_on: [T-01]", "depends_on: [T-1]"), fix=_TASKS))
def dependencies_exist(record, ctx):
    """Every `depends_on` names a task of the same plan."""
    if record.kind != "plan":
        return
    tasks = _tasks(record)
    for i, t in enumerate(record.meta.get("tasks") or ()):
        for j, dep in enumerate(t.get("depends_on") or ()):
            if dep not in tasks:
                line, col = record.pos(("tasks", i, "depends_on", j))
                yield line, col, _("`{field}` names no task of this plan: '{id}'").format(
                    field=f"tasks[{i + 1}].depends_on", id=dep)


@rule("MB404", "dependency-cycle", example=Example(
    "plan", bad=_TASKS.replace("due: 2026-11-20\n", "due: 2026-11-20\n    depends_on: [T-02]\n"), fix=_TASKS,
    also=("MB405",),
    note="A cycle always has a dependency that ends after its task starts, so MB405 is reported with it."))
def dependencies_acyclic(record, ctx):
    """Task dependencies form no cycle."""
    if record.kind != "plan":
        return
    tasks = _tasks(record)
    graph = {tid: [d for d in t.get("depends_on") or () if d in tasks] for tid, (_, t) in tasks.items()}
    state: dict[str, int] = {}  # 1 visiting, 2 done
    reported: set[frozenset] = set()
    for start in graph:
        if state.get(start):
            continue
        path = [start]
        iters = [iter(graph[start])]
        state[start] = 1
        while iters:  # iterative DFS: a long chain never hits the recursion limit
            nxt = next(iters[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                iters.pop()
                continue
            if state.get(nxt) == 1:
                cycle = path[path.index(nxt):] + [nxt]
                if frozenset(cycle) not in reported:
                    reported.add(frozenset(cycle))
                    i = tasks[cycle[0]][0]
                    line, col = record.pos(("tasks", i, "depends_on"))
                    yield line, col, _("task dependencies form a cycle: {cycle}").format(cycle=" → ".join(cycle))
            elif not state.get(nxt):
                state[nxt] = 1
                path.append(nxt)
                iters.append(iter(graph[nxt]))


@rule("MB405", "dependency-order", example=Example(
    "plan", bad=_TASKS.replace("start: 2026-11-23", "start: 2026-11-18"), fix=_TASKS))
def dependencies_end_before_start(record, ctx):
    """A task's dependencies are due before the task starts."""
    if record.kind != "plan":
        return
    tasks = _tasks(record)
    for i, t in enumerate(record.meta.get("tasks") or ()):
        for j, dep in enumerate(t.get("depends_on") or ()):
            if dep in tasks and t.get("start") and tasks[dep][1].get("due"):
                due = tasks[dep][1]["due"]
                if due >= t["start"]:
                    line, col = record.pos(("tasks", i, "depends_on", j))
                    yield line, col, _(
                        "task {id} starts {start} but its dependency {dependency} is due {due}; "
                        "a dependency must be due before the task starts"
                    ).format(id=t["id"], start=t["start"], dependency=dep, due=due)


@rule("MB406", "start-after-due", example=Example(
    "plan",
    bad="""\
tasks:
  - id: T-01
    task: 确定需求基线
    owner: 林晓
    department: 产品部
    start: 2026-11-20
    due: 2026-11-18
""",
    fix="""\
tasks:
  - id: T-01
    task: 确定需求基线
    owner: 林晓
    department: 产品部
    start: 2026-11-16
    due: 2026-11-20
"""))
def task_start_before_due(record, ctx):
    """A plan task starts on or before its due date."""
    if record.kind != "plan":
        return
    for i, t in enumerate(record.meta.get("tasks") or ()):
        if t.get("start") and t.get("due") and t["start"] > t["due"]:
            line, col = record.pos(("tasks", i, "due"))
            yield line, col, _("`{field}` {due} is before its start {start}").format(
                field=f"tasks[{i + 1}].due", due=t["due"], start=t["start"])


@rule("MB407", "lesson-owner", example=Example(
    "retrospective",
    bad="""\
lessons:
  - lesson: 需求基线要同步给市场部
    category: communication
    improvement: 需求评审邀请市场部参加
""",
    fix="""\
lessons:
  - id: L-01
    lesson: 需求基线要同步给市场部
    category: communication
    improvement: 需求评审邀请市场部参加
    owner: 林晓
    due: 2026-12-15
"""))
def lesson_improvement_has_owner(record, ctx):
    """A lesson with an improvement has an `id`, an `owner` and a `due` date."""
    if record.kind != "retrospective":
        return
    for i, lesson in enumerate(record.meta.get("lessons") or ()):
        if lesson.get("improvement"):
            missing = [k for k in ("id", "owner", "due") if not lesson.get(k)]
            if missing:
                line, col = record.pos(("lessons", i, "improvement"))
                yield line, col, _("`{field}` has an improvement but no {missing}").format(
                    field=f"lessons[{i + 1}]", missing=_(" or ").join(f"`{k}`" for k in missing))
