"""What every layer stands on: errors, the reference date, atomic files, git listings, mkdocs.yml."""
