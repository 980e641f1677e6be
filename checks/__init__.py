"""What decides whether a record is valid: the loader (the one reader), the rule
catalogue and engine, diagnostics, and `rules/` (one small function per rule)."""
