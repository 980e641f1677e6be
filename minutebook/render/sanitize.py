"""Sanitising the HTML of record pages with nh3 (ammonia).

Record bodies are Markdown written by many people; Markdown passes raw HTML through
and `attr_list` can set any attribute. Whatever a body produced, only this allow-list
of tags and attributes survives: no script, no event handler, no javascript: URL.
"""

from __future__ import annotations

import nh3

_TAGS = set(nh3.ALLOWED_TAGS) | {"span", "div", "table", "thead", "tbody", "tr", "th", "td",
                                  "details", "summary", "input", "label"}
_TAGS -= {"input", "label"}  # forms are never needed in a record
_ATTRIBUTES = {
    "*": {"class", "id", "title"},
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "ol": {"start"},
    "details": {"open"},
}


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    # ids and classes the theme's own scripts look for stay the theme's
    if attribute == "id" and value.startswith("__"):
        return None
    if attribute == "class" and "md-" in value:
        return " ".join(c for c in value.split() if not c.startswith("md-")) or None
    return value


def sanitize(html: str) -> str:
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        attribute_filter=_attribute_filter,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
