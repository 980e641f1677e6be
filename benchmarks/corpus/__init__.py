"""The synthetic repository the benchmarks measure, written record by record.

`benchmarks.generate` is the entry point; the modules here hold its parts: the
calendar (`dates`), the registry (`org`), what the writers share (`state`), the filled
templates (`text`, `people`, `front`), the items and their updates (`items`), one module
per kind of record, the life of one project (`project`) and the files on disk (`output`).
"""
