"""mkdocs-macros module: binds the one list of macros (`minutebook.render.macros`) to
the hand-written pages in docs/, over the View of the build in progress.

Records never see macros: `render_by_default` is off and record pages say
`render_macros: false`.
"""

from __future__ import annotations


def define_env(env):
    from minutebook.render.macros import macros
    from plugins import site

    def bind(name):
        def call(*args, **kwargs):
            return macros(site.current(), env.page.file.src_uri)[name](*args, **kwargs)

        call.__name__ = name
        return call

    for name in macros(None, ""):
        env.macro(bind(name), name)
