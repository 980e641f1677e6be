"""`python -m minutebook`: the command line."""

from minutebook.cli.main import entry

entry()
