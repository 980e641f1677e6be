"""minutebook core: the record model, its schema, the loader and the rules.

Nothing in this package imports MkDocs, so every page the site shows can also be
computed by the CLI or pre-rendered for another generator.
"""
