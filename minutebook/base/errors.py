"""Errors every layer may raise."""

from __future__ import annotations


class UsageError(Exception):
    """Bad input from the user or the configuration: exit status 2."""
