"""mkdocs-macros module: the aggregations available to hand-written pages in docs/.

`macros(site, here)` is the one list of macros: each entry calls a plain renderer
over the site's View and returns Markdown for the page at `here`. The MkDocs build
binds them through `define_env`; `minutebook render` calls the same list, so a
pre-rendered page says exactly what the built page says.

Records never see macros: `render_by_default` is off and record pages say
`render_macros: false`.
"""

from __future__ import annotations


def macros(site, here: str) -> dict:
    from plugins.render import aggregates
    from plugins.render import metrics as metrics_page
    from plugins.render.markup import as_of_note

    return {
        # every open item with its latest status, overdue ones highlighted
        "open_items": lambda group_by="department", escalate_after=None:
            aggregates.open_items(site, here, group_by, escalate_after),
        # the SOP index with steps, limits and a stale flag
        "sops": lambda: aggregates.sops(site, here),
        # lessons learned from retrospectives, by category
        "lessons": lambda: aggregates.lessons(site, here),
        # the decision log of all minutes
        "decisions": lambda: aggregates.decisions(site, here),
        # the conflict ledger with SLA status per level
        "conflicts": lambda: aggregates.conflicts(site, here),
        # the reference date line ("数据截至 …")
        "as_of": lambda: as_of_note(site.as_of),
        # the weekly snapshots written for this build's audience, newest first, with counts
        "weekly_index": lambda: weekly_index(site, here),
        # the collaboration metrics against the targets of mkdocs.yml, with charts
        "metrics": lambda: metrics_page.render(site, here),
    }


def weekly_index(site, here: str) -> str:
    from checks import weekly
    from plugins.render import weekly as weekly_page

    folder = weekly.default_folder(site.repo.root)
    return weekly_page.index(weekly.snapshots(folder, site.audience), here)


def define_env(env):
    from plugins import site as site_mod

    def bind(name):
        def call(*args, **kwargs):
            return macros(site_mod.current(), env.page.file.src_uri)[name](*args, **kwargs)

        call.__name__ = name
        return call

    for name in macros(None, ""):
        env.macro(bind(name), name)
