"""The MkDocs side of minutebook: the records plugin and the macros module.

Only `records.py` and `macros.py` touch MkDocs; `site.py` and `render/` are plain
Python over the core's Record objects, so `minutebook render` can produce the same
pages for any generator.
"""
