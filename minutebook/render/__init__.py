"""Markdown renderers: structure from the core, text out. No MkDocs imports here."""
