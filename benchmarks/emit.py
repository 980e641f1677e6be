"""Writing a synthetic record as a person would: YAML front-matter in the style of the
sample records (plain scalars where they are safe, short lists in flow style, times
quoted) followed by a Markdown body.

Only the few shapes the records use are supported: mappings with string keys, lists
of scalars, lists of mappings, strings, dates, datetimes, times and integers.
"""

from __future__ import annotations

import datetime as dt
import json
import re

# a plain scalar must not start with a YAML indicator, contain ': ' or ' #', end with ':',
# or read as another type under YAML 1.1 (the parse floor uses PyYAML's loader)
_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")
_LOOKS_TYPED = re.compile(r"^(?:[-+]?[\d._:]+|true|false|yes|no|on|off|null|~|y|n)$", re.I)
# an ASCII key followed by a full-width colon is refused by MB110: never write it plain
_KEYLIKE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*\s*：")


def _plain_ok(s: str, flow: bool) -> bool:
    if not s or s != s.strip() or s[0] in _INDICATORS or s.endswith(":"):
        return False
    if ": " in s or " #" in s or "\n" in s or _LOOKS_TYPED.match(s) or _KEYLIKE.match(s):
        return False
    return not (flow and any(c in s for c in ",[]{}"))


def scalar(value, flow: bool = False) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return f'"{value:%H:%M}"'
    s = str(value)
    return s if _plain_ok(s, flow) else json.dumps(s, ensure_ascii=False)


def _is_scalar(value) -> bool:
    return not isinstance(value, (dict, list))


def _lines(data: dict, indent: int) -> list[str]:
    pad = " " * indent
    out: list[str] = []
    for key, value in data.items():
        if value is None or value == [] or value == {}:
            continue
        if isinstance(value, dict):
            out.append(f"{pad}{key}:")
            out.extend(_lines(value, indent + 2))
        elif isinstance(value, list) and all(_is_scalar(v) for v in value):
            flow = "[" + ", ".join(scalar(v, flow=True) for v in value) + "]"
            if len(flow) <= 100:
                out.append(f"{pad}{key}: {flow}")
            else:
                out.append(f"{pad}{key}:")
                out.extend(f"{pad}  - {scalar(v)}" for v in value)
        elif isinstance(value, list):
            out.append(f"{pad}{key}:")
            for item in value:
                first, *rest = _lines(item, indent + 4)
                out.append(f"{pad}  - {first.lstrip()}")
                out.extend(rest)
        else:
            out.append(f"{pad}{key}: {scalar(value)}")
    return out


def front_matter(meta: dict) -> str:
    return "---\n" + "\n".join(_lines(meta, 0)) + "\n---\n"


def record(meta: dict, body: list[tuple[str, list[str]]]) -> str:
    """The whole file: front-matter, then `## heading` sections of paragraphs or lists."""
    parts = [front_matter(meta)]
    for heading, paragraphs in body:
        parts.append(f"\n## {heading}\n")
        for p in paragraphs:
            parts.append(f"\n{p}\n")
    return "".join(parts)
