"""mkdocs-macros module: the aggregations available to hand-written pages in docs/.

Each macro calls a plain renderer over the site model the records plugin loaded,
so a page says `{{ open_items() }}` and gets Markdown. Records never see macros:
`render_by_default` is off and record pages say `render_macros: false`.
"""

from __future__ import annotations


def define_env(env):
    from plugins import site as site_mod
    from plugins.render import aggregates
    from plugins.render.markup import as_of_note

    def here() -> str:
        return env.page.file.src_uri

    @env.macro
    def open_items(group_by: str = "department", escalate_after: int | None = None) -> str:
        """Every open item with its latest status, overdue ones highlighted."""
        return aggregates.open_items(site_mod.current(), here(), group_by, escalate_after)

    @env.macro
    def sops() -> str:
        """The SOP index with steps, limits and a stale flag."""
        return aggregates.sops(site_mod.current(), here())

    @env.macro
    def lessons() -> str:
        """Lessons learned from retrospectives, by category."""
        return aggregates.lessons(site_mod.current(), here())

    @env.macro
    def decisions() -> str:
        """The decision log of all minutes."""
        return aggregates.decisions(site_mod.current(), here())

    @env.macro
    def conflicts() -> str:
        """The conflict ledger with SLA status per level."""
        return aggregates.conflicts(site_mod.current(), here())

    @env.macro
    def as_of() -> str:
        """The reference date line ("数据截至 …")."""
        return as_of_note(site_mod.current().as_of)
