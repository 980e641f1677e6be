"""The rules. Importing this package registers every rule in the catalogue."""

from checks.rules import lifecycle, placeholders, plans, references, repository, shape, text, timing  # noqa: F401
