"""The aggregations hand-written pages may call, as one list.

`macros(view, here)` maps each macro name to a plain renderer over the build's View,
returning Markdown for the page at `here`. The MkDocs build binds them through
mkdocs-macros (`plugins/macros.py`); `minutebook render` calls the same list, so a
pre-rendered page says exactly what the built page says.
"""

from __future__ import annotations

from minutebook.model import policy


def macros(view, here: str) -> dict:
    from minutebook.render import aggregates
    from minutebook.render import metrics as metrics_page
    from minutebook.render.markup import as_of_note

    return {
        # every open item with its latest status, overdue ones highlighted
        "open_items": lambda group_by="department", escalate_after=None:
            aggregates.open_items(view, here, group_by, escalate_after),
        # the SOP index with steps, limits and a stale flag
        "sops": lambda: aggregates.sops(view, here),
        # lessons learned from retrospectives, by category
        "lessons": lambda: aggregates.lessons(view, here),
        # the decision log of all minutes
        "decisions": lambda: aggregates.decisions(view, here),
        # the conflict ledger with SLA status per level
        "conflicts": lambda: aggregates.conflicts(view, here),
        # a number of the policy by name ("publish_within_hours" …), so pages never retype it
        "policy": lambda name: str(policy.prose()[name]),
        # the reference date line ("数据截至 …")
        "as_of": lambda: as_of_note(view.as_of),
        # the weekly snapshots written for this build's audience, newest first, with counts
        "weekly_index": lambda: weekly_index(view, here),
        # the collaboration metrics against the targets of mkdocs.yml, with charts
        "metrics": lambda: metrics_page.render(view, here),
    }


def weekly_index(view, here: str) -> str:
    from minutebook.render import weekly as weekly_page
    from minutebook.reports import weekly

    # the state says whose each file is: another audience's file of the same week is left out
    folder = weekly.default_folder(view.repo.root)
    return weekly_page.index(weekly.snapshots(folder, view.audience), here)
