"""Targets set in mkdocs.yml (`extra.minutebook.targets`) over the defaults."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from fractions import Fraction

from minutebook.base.i18n import _
from minutebook.reports.metrics.declarations import BY_NAME, CONFIG, Target, default_targets


class TargetError(ValueError):
    """A target in mkdocs.yml (extra.minutebook.targets) that cannot be used."""


def _number(value, where: str) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise TargetError(_("{where} must be a number or a percentage like 95%: {value}").format(
            where=where, value=repr(value)))
    text = str(value).strip()
    scale = Fraction(1)
    if text.endswith("%"):
        text, scale = text[:-1].strip(), Fraction(1, 100)
    try:
        return Fraction(text) * scale  # Fraction("0.95") is exact, unlike the float
    except (ValueError, ZeroDivisionError):
        raise TargetError(_("{where} must be a number or a percentage like 95%: {value}").format(
            where=where, value=repr(value))) from None


def parse_targets(config: Mapping | None) -> dict[str, Target | None]:
    """The defaults, overridden by a mapping like mkdocs.yml's `extra.minutebook.targets`.

    A value is a number (0.95, 3, -0.3) or a percentage string ("95%", "-30%"); null
    removes the target. The comparison (at least / at most) is the metric's own."""
    targets: dict[str, Target | None] = dict(default_targets())
    if config is None:
        return targets
    if not isinstance(config, Mapping):
        raise TargetError(_("extra.minutebook.targets must be a mapping of metric names to numbers"))
    for key, value in config.items():
        where = f"extra.minutebook.targets.{key}"
        if key not in targets:
            close = difflib.get_close_matches(str(key), list(targets), n=1)
            hint = _("; did you mean '{value}'?").format(value=close[0]) if close else ""
            raise TargetError(_("{where} is not a metric with a target{hint} (known: {known})").format(
                where=where, hint=hint, known=", ".join(targets)))
        if value is None:
            targets[key] = None
            continue
        default = BY_NAME[key].target
        targets[key] = Target(default.op, _number(value, where), CONFIG,
                              "本站配置：mkdocs.yml 的 extra.minutebook.targets")
    return targets


def targets_from_extra(extra: Mapping | None) -> dict[str, Target | None]:
    """The targets of an mkdocs.yml `extra` mapping (`extra.minutebook.targets`)."""
    if extra is None:
        return parse_targets(None)
    if not isinstance(extra, Mapping):
        raise TargetError(_("extra in mkdocs.yml must be a mapping"))
    section = extra.get("minutebook")
    if section is None:
        return parse_targets(None)
    if not isinstance(section, Mapping):
        raise TargetError(_("extra.minutebook in mkdocs.yml must be a mapping"))
    return parse_targets(section.get("targets"))
