"""Writing records and their references: skeletons, carry-over, JSON Schemas, reference docs."""
