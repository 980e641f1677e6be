"""minutebook: records of cross-department collaboration, checked and published.

The data flows one way, and the packages say where each step lives:

    records/*.md -> checks.loader -> Record (minutebook.model) -> checks.rules -> diagnostics
                                           +-> minutebook.views -> minutebook.reports
                                                                -> minutebook.render
                                                                -> minutebook.cli, plugins/

`import minutebook` loads no MkDocs module: every page can be computed by the CLI or
pre-rendered for another generator.
"""
