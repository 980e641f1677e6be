"""Strict YAML: libyaml's C parser, our own tree with a position on every node.

PyYAML's loaders guess types the YAML 1.1 way (`NO` becomes False, `8:30` becomes
510, `0123` becomes 83), keep the last of two duplicate keys, expand aliases and
merge keys (memory bombs) and recurse once per nesting level (the C composer
crashes on 50,000 nested brackets). So we read libyaml's *event* stream, which is
flat, and build the tree here: every scalar stays the string the author typed,
typed later by the schema; anchors, aliases, merge keys, tags, duplicate keys and
extra documents are refused with the line and column where they occur.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from minutebook.base.i18n import N_, _

try:  # the C parser; the pure-Python one yields the same events, slower
    from yaml import CSafeLoader as _EventLoader
except ImportError:  # pragma: no cover - libyaml is a declared requirement
    from yaml import SafeLoader as _EventLoader  # type: ignore[assignment]

MAX_DEPTH = 32
NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})


class StrictYAMLError(Exception):
    """A refusal with the 1-based line and column in the file."""

    def __init__(self, code: str, message: str, line: int, col: int):
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.col = col


@dataclass(eq=False, slots=True)
class Scalar:
    value: str | None  # None for an empty or null plain scalar
    line: int  # 1-based, in the file (the parser is given the offset)
    col: int  # 1-based
    style: str | None = None  # None (plain), "'", '"', "|" or ">"


@dataclass(eq=False, slots=True)
class Seq:
    items: list = field(default_factory=list)
    line: int = 0
    col: int = 0


@dataclass(eq=False, slots=True)
class Map:
    # key scalar -> value node, in document order
    pairs: list = field(default_factory=list)
    line: int = 0
    col: int = 0

    def get(self, key: str):
        for k, v in self.pairs:
            if k.value == key:
                return v
        return None

    def key_node(self, key: str):
        for k, _unused in self.pairs:
            if k.value == key:
                return k
        return None


Node = Scalar | Seq | Map


def max_flow_depth(text: str) -> int:
    """The deepest nesting of `[`/`{`, counted without parsing (quotes ignored).

    Over-counting inside quoted strings only makes the limit stricter, never lets a
    bomb through; run before the parser so a 50,000-deep document never reaches it.
    """
    opening = text.count("[") + text.count("{")
    if opening <= MAX_DEPTH:
        return opening  # an upper bound, and within the limit: the usual case, counted in C
    depth = deepest = 0
    for ch in text:
        if ch == "[" or ch == "{":
            depth += 1
            if depth > deepest:
                deepest = depth
        elif ch == "]" or ch == "}":
            depth -= 1
    return deepest


# PyYAML's own words for the common slips, in the current language (others stay as PyYAML says them)
_PYYAML = (
    N_("invalid YAML"),
    N_("mapping values are not allowed here"),
    N_("could not find expected ':'"),
    N_("found unexpected end of stream"),
    N_("while parsing a flow sequence"),
    N_("while parsing a flow mapping"),
    N_("while parsing a block mapping"),
    N_("while parsing a block collection"),
    N_("while parsing a flow node"),
    N_("while parsing a block node"),
    N_("while scanning a simple key"),
    N_("while scanning a quoted scalar"),
    N_("while scanning a plain scalar"),
    N_("while scanning a block scalar"),
)
_EXPECTED = re.compile(r"^expected (.+), but (?:got|found) (.+)$", re.S)
_NOT_FOUND = re.compile(r"^did not find expected (.+)$", re.S)
_FOUND_CHARACTER = re.compile(r"^found character (.+) that cannot start any token$", re.S)


def _pyyaml(text: str) -> str:
    """PyYAML's message, in the current language when it is a common one."""
    m = _EXPECTED.match(text)
    if m:
        return _("expected {expected}, but found {found}").format(expected=m[1].replace(" or ", _(" or ")), found=m[2])
    m = _NOT_FOUND.match(text)
    if m:
        return _("did not find expected {expected}").format(expected=m[1].replace(" or ", _(" or ")))
    m = _FOUND_CHARACTER.match(text)
    if m:
        return _("found character {char} that cannot start any token").format(char=m[1])
    return _(text) if text in _PYYAML else text


def parse(text: str, first_line: int = 1) -> Node | None:
    """Parse one YAML document into a tree of Scalar/Seq/Map; None if empty.

    `first_line` is the file line on which `text` starts, so that every position
    (in nodes and in errors) is a 1-based file position.
    """
    off = first_line
    if max_flow_depth(text) > MAX_DEPTH:
        line, col = _deepest_position(text)
        line, col = line + off, col + 1
        raise StrictYAMLError(
            "MB008", _("nesting deeper than {depth} levels is not allowed").format(depth=MAX_DEPTH), line, col
        )
    stack: list[Node] = []
    pending_key: list[Scalar | None] = []  # for each open Map, the key awaiting a value
    seen_keys: list[dict] = []
    root: Node | None = None
    documents = 0
    # the event classes as locals, and the parser driven directly rather than through
    # yaml.parse's generator: this loop runs once per node of every record
    ScalarEvent, SequenceStartEvent, MappingStartEvent = yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent
    SequenceEndEvent, MappingEndEvent = yaml.SequenceEndEvent, yaml.MappingEndEvent
    parser = _EventLoader(text)
    get_event = parser.get_event
    try:
        while (event := get_event()) is not None:
            kind = type(event)
            if kind is ScalarEvent or kind is SequenceStartEvent or kind is MappingStartEvent:
                mark = event.start_mark
                if event.anchor is not None:
                    raise StrictYAMLError(
                        "MB006", _("anchors ('{anchor}') are not allowed; write the value out").format(anchor="&" + event.anchor),
                        mark.line + off, mark.column + 1,
                    )
                if event.tag is not None and not _is_implicit(event):
                    raise StrictYAMLError(
                        "MB006", _("tags ('{tag}') are not allowed; quote the value instead").format(tag=_as_typed(event.tag)),
                        mark.line + off, mark.column + 1,
                    )
                if kind is ScalarEvent:
                    value = event.value
                    style = event.style or None  # the C parser says '' for plain, Python None
                    if style is None and value in NULL_WORDS:
                        value = None
                    node: Node = Scalar(value, mark.line + off, mark.column + 1, style)
                elif kind is SequenceStartEvent:
                    node = Seq([], mark.line + off, mark.column + 1)
                else:
                    node = Map([], mark.line + off, mark.column + 1)
                if len(stack) >= MAX_DEPTH:
                    raise StrictYAMLError(
                        "MB008", _("nesting deeper than {depth} levels is not allowed").format(depth=MAX_DEPTH),
                        mark.line + off, mark.column + 1,
                    )
                if not stack:
                    root = node
                else:
                    _attach(stack, pending_key, seen_keys, node)
                if kind is not ScalarEvent:
                    stack.append(node)
                    pending_key.append(None)
                    seen_keys.append({})
            elif kind is SequenceEndEvent or kind is MappingEndEvent:
                stack.pop()
                pending_key.pop()
                seen_keys.pop()
            elif kind is yaml.AliasEvent:
                mark = event.start_mark
                raise StrictYAMLError(
                    "MB006", _("aliases ('{alias}') are not allowed; write the value out").format(alias="*" + event.anchor),
                    mark.line + off, mark.column + 1,
                )
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    mark = event.start_mark
                    raise StrictYAMLError(
                        "MB004", _("only one YAML document is allowed in the front-matter"),
                        mark.line + off, mark.column + 1,
                    )
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = _pyyaml(exc.problem or exc.context or "invalid YAML")
        start = exc.context_mark
        if exc.problem and exc.context and start and mark and (start.line, start.column) != (mark.line, mark.column):
            # an unclosed quote or bracket is found far from where it opens: say where
            problem += _(" ({context} that starts at line {line}, column {col})").format(
                context=_pyyaml(exc.context), line=start.line + off, col=start.column + 1)
        raise StrictYAMLError(
            "MB004", _("YAML syntax error: {problem}").format(problem=problem),
            (mark.line if mark else 0) + off, (mark.column if mark else 0) + 1,
        ) from None
    except yaml.YAMLError as exc:  # reader errors: unprintable characters and the like
        raise StrictYAMLError("MB004", _("YAML syntax error: {problem}").format(problem=exc), off, 1) from None
    finally:
        parser.dispose()
    return root


def _as_typed(tag: str) -> str:
    """A tag as the author wrote it: libyaml expands '!!str' to 'tag:yaml.org,2002:str'."""
    return "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag


def _is_implicit(event) -> bool:
    # libyaml reports the non-specific tag "!" for quoted scalars; that is not a tag
    return event.tag == "!"


def _attach(stack, pending_key, seen_keys, node: Node) -> None:
    parent = stack[-1]
    if isinstance(parent, Seq):
        parent.items.append(node)
        return
    key = pending_key[-1]
    if key is None:
        if not isinstance(node, Scalar):
            raise StrictYAMLError(
                "MB004", _("a key must be a plain word, not a list or mapping"), node.line, node.col
            )
        if node.style is None and node.value == "<<":
            raise StrictYAMLError(
                "MB006", _("merge keys ('<<') are not allowed; write the keys out"), node.line, node.col
            )
        name = node.value if node.value is not None else ""
        first = seen_keys[-1].get(name)
        if first is not None:
            raise StrictYAMLError(
                "MB007",
                _("duplicate key '{key}' (first at line {line}); YAML would silently keep only the last one").format(
                    key=name, line=first.line),
                node.line, node.col,
            )
        seen_keys[-1][name] = node
        pending_key[-1] = node
    else:
        parent.pairs.append((key, node))
        pending_key[-1] = None


def _deepest_position(text: str) -> tuple[int, int]:
    depth = 0
    line = col = 0
    for ch in text:
        if ch == "\n":
            line += 1
            col = 0
            continue
        if ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return line, col
        elif ch in "]}":
            depth -= 1
        col += 1
    return 0, 0


def to_plain(node: Node | None):
    """The tree as plain Python: strings (or None), lists and dicts."""
    if node is None:
        return None
    if isinstance(node, Scalar):
        return node.value
    if isinstance(node, Seq):
        return [to_plain(item) for item in node.items]
    return {k.value: to_plain(v) for k, v in node.pairs}
