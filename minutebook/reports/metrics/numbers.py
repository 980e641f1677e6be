"""Values as numbers: exact Fractions rounded for the JSON, and shown as text by
the CLI and the page."""

from __future__ import annotations

from fractions import Fraction

from minutebook.reports.metrics.declarations import AT_LEAST, CHANGE, COUNT, RATE, Target

PRECISION = 4  # decimals of every rate and average in the JSON and the page's data


def rounded(value):
    """An exact value as a JSON number: ints stay ints, Fractions get PRECISION decimals."""
    if value is None or isinstance(value, int):
        return value
    return float(round(Fraction(value), PRECISION))


def number(value, unit: str) -> str:
    """A value as shown by the CLI and the page: rates and changes in percent with one
    decimal, averages with one decimal, counts whole; '—' when there is nothing to measure."""
    if value is None:
        return "—"
    if unit in (RATE, CHANGE):
        return f"{float(round(Fraction(value) * 100, 1)):.1f}%"
    if unit == COUNT:
        return str(value)
    return f"{float(round(Fraction(value), 1)):.1f}"


def target_text(target: Target | None, unit: str) -> str:
    if target is None:
        return "—"
    return f"{'≥' if target.op == AT_LEAST else '≤'} {number(target.value, unit)}"
