"""The rules. Importing this package registers every rule in the catalogue."""

from . import text, shape, references, timing, plans, repository, lifecycle, placeholders  # noqa: F401
