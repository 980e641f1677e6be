"""MkDocs only: the records plugin, the macros module and the build's current View.

Nothing outside this package imports it; the pages themselves come from
`minutebook.render`.
"""
