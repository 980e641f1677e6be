"""Rules on the shape of the front-matter: keys, types, dates and vocabularies."""

from __future__ import annotations

import re

from checks.catalogue import rule
from checks.examples import Example
from minutebook.base.i18n import _
from minutebook.model import fields
from minutebook.model.schema import FORBIDDEN_KEYS, STATUS, Date, DateTime, Enum, ListOf, Obj, ScalarType, Time
from minutebook.model.vocabulary import OVERDUE_WORDS, STATUS_SYNONYMS
from minutebook.model.yamlstrict import Map, Scalar, Seq

_HTML_TAG = re.compile(r"<\s*/?\s*[A-Za-z!][^>]*>|<\s*[A-Za-z]+[\s/]")


# what a Chinese keyboard types for YAML's ASCII brackets and quotes
_FULLWIDTH_BRACKETS = "［【〔｛"
_FULLWIDTH_QUOTES = {"“": "”", "‘": "’", "「": "」", "『": "』", "＂": "＂", "＇": "＇"}


def _bracket_hint(node, type_) -> str:
    if isinstance(type_, ListOf) and isinstance(node, Scalar) and node.value[:1] in _FULLWIDTH_BRACKETS:
        return _("; '{bracket}' is a full-width bracket: a YAML list is written with ASCII [ ]").format(
            bracket=node.value[0])
    return ""


def _keyboard_hint(value: str) -> str:
    """What a Chinese keyboard typed into a value that must be ASCII: quotes or digits."""
    v = value.strip()
    if len(v) >= 2 and _FULLWIDTH_QUOTES.get(v[0]) == v[-1]:
        return _("; {quotes} are full-width quotes, part of the value: use ASCII quotes or none").format(
            quotes=v[0] + v[-1])
    if any("０" <= c <= "９" or c in "：－" for c in v):
        return _("; it has full-width characters (０-９, ：, －): switch the keyboard to half-width")
    return ""


def describe(path) -> str:
    """A field path for messages: ('actions', 0, 'owner') -> 'actions[1].owner'."""
    out = ""
    for step in path:
        out += f"[{step + 1}]" if isinstance(step, int) else (f".{step}" if out else step)
    return out


schema_of = fields.schema_of


_REQUIRED: dict[int, tuple] = {}


def _required(obj) -> tuple:
    """The required fields of a schema object (the schema's objects live as long as the program)."""
    found = _REQUIRED.get(id(obj))
    if found is None:
        found = _REQUIRED[id(obj)] = tuple(f for f in obj.fields if f.required)
    return found



def _close(word: str, words: list, cutoff: float) -> list[str]:
    """The nearest of `words`, if near enough (difflib imported only for a key or value that is wrong)."""
    import difflib

    return difflib.get_close_matches(word, words, n=1, cutoff=cutoff)

@rule("MB101", "required", example=Example("minutes", bad="owner:\n", fix="owner: 林晓\n"))
def required_fields(record, ctx):
    """Every required field is present and not empty."""
    for node, obj, path in fields.walk(record).maps:
        required = _required(obj)
        if not required:
            continue
        values = {k.value: v for k, v in reversed(node.pairs)}  # the first of a key wins, as in Map.get
        for f in required:
            if fields.is_empty(values.get(f.name)):
                line, col = (node.line, node.col) if node.get(f.name) is None else record.pos(path + (f.name,))
                doc = f.statement
                doc = doc[0].lower() + doc[1:]
                if path:
                    yield line, col, _("`{field}` is required in {where}: {doc}").format(
                        field=f.name, where=describe(path), doc=doc)
                else:
                    yield line, col, _("`{field}` is required: {doc}").format(field=f.name, doc=doc)


@rule("MB102", "unknown-key", example=Example("minutes", bad="ownr: 林晓\n", fix="owner: 林晓\n"))
def unknown_keys(record, ctx):
    """Only declared keys are used; a near miss gets a "did you mean"."""
    if record.kind is None:
        return  # without a known type the kind's own keys cannot be told from typos
    for node, obj, path in fields.walk(record).maps:
        for key, _unused in node.pairs:
            name = key.value
            if obj.get(name) is not None or (not path and name in FORBIDDEN_KEYS):
                continue
            names = [f.name for f in obj.fields]
            close = _close(str(name), names, 0.6)
            hint = (_("; did you mean `{key}`?").format(key=close[0]) if close
                    else _("; known keys: {keys}").format(keys=", ".join(names)))
            shown = "null" if name is None else name
            if path:
                yield key.line, key.col, _("unknown key `{key}` in {where}").format(key=shown, where=describe(path)) + hint
            else:
                yield key.line, key.col, _("unknown key `{key}`").format(key=shown) + hint


@rule("MB107", "forbidden-key", example=Example(
    "minutes", bad="render_macros: true\n", fix="", note="Delete the key: a record never runs template code."))
def forbidden_keys(record, ctx):
    """Keys that change how the site treats a record (such as `render_macros`) are refused."""
    for key, _unused in record.tree.pairs:
        if key.value in FORBIDDEN_KEYS:
            yield key.line, key.col, _("`{key}` is not allowed: {reason}").format(
                key=key.value, reason=_(FORBIDDEN_KEYS[key.value]))


def _typed_leaves(record):
    """(field, scalar node, scalar type, path) for every scalar value that has a type."""
    for f, node, type_, p in fields.walk(record).leaves:
        if node.value is not None:
            yield f, node, type_, p


@rule("MB103", "wrong-type", example=Example(
    "minutes", bad="attendees: 王磊\n", fix="attendees: [王磊]\n",
    note="`attendees` is a list, even of one person."))
def wrong_types(record, ctx):
    """Each value has its declared shape and type (list, mapping, number, true/false, id …)."""
    for f, key, value, path in fields.walk(record).present:
        if type(value) is Scalar and isinstance(f.type, ScalarType):
            continue  # the common case, decided before the general test: a scalar where one is declared
        problem = fields.shape_error(value, f.type) if not fields.is_empty(value) else None
        if problem:
            yield value.line, value.col, _("`{field}` {problem}").format(
                field=describe(path), problem=problem) + _bracket_hint(value, f.type)
            continue
        if isinstance(f.type, ListOf):
            for i, item in enumerate(value.items if isinstance(value, Seq) else ()):
                if fields.is_empty(item):
                    yield item.line, item.col, _("`{field}` is empty; fill it in or delete it").format(
                        field=describe(path + (i,)))
                    continue
                problem = fields.shape_error(item, f.type.of)
                if problem and isinstance(f.type.of, Obj):  # e.g. an action typed as one line
                    needed = ", ".join(x.name for x in f.type.of.fields if x.required)
                    problem += _(" ({fields})").format(fields=needed)
                if problem:
                    yield item.line, item.col, _("each item of `{field}` {problem}").format(
                        field=describe(path), problem=problem)
    errors = fields.walk(record).errors  # what the loader's typing refused, kept from its one parse
    for f, node, type_, path in _typed_leaves(record) if errors else ():
        if isinstance(type_, (Date, Time, DateTime, Enum)):
            continue  # MB104 and MB105 explain these
        exc = errors.get(id(node))
        if isinstance(exc, ValueError):
            yield node.line, node.col, _("`{field}` {problem}: '{value}'").format(
                field=describe(path), problem=exc, value=node.value) + _keyboard_hint(node.value)


@rule("MB104", "real-date", example=Example(
    "minutes", bad="date: 2026-11-31\n", fix="date: 2026-11-16\n", note="November has 30 days."))
def real_dates(record, ctx):
    """Dates and times are real and written YYYY-MM-DD / HH:MM (2026-02-30 is refused)."""
    errors = fields.walk(record).errors
    for f, node, type_, path in _typed_leaves(record) if errors else ():
        if isinstance(type_, (Date, Time, DateTime)):
            exc = errors.get(id(node))
            if isinstance(exc, ValueError):
                yield node.line, node.col, _("`{field}` {problem}: '{value}'").format(
                    field=describe(path), problem=exc, value=node.value) + _keyboard_hint(node.value)


@rule("MB105", "vocabulary", example=Example(
    "minutes", bad="visibility: 内部\n", fix="visibility: internal\n",
    note="Closed fields take the English word; the Chinese label is shown on the site."))
def vocabulary(record, ctx):
    """Statuses, kinds, levels, roles and other closed fields use their vocabulary."""
    # a word outside its vocabulary is one the loader's typing refused (Enum.parse)
    for f, node, type_, path in _typed_leaves(record) if fields.walk(record).errors else ():
        if isinstance(type_, Enum) and node.value.strip() not in type_.vocabulary:
            words = list(type_.vocabulary)
            typed = node.value.strip()
            if type_ is STATUS and typed.lower() in OVERDUE_WORDS:
                yield node.line, node.col, _(
                    "`{field}` must be one of {values}: '{value}'; overdue is never typed, it is computed "
                    "from `due` (keep open, in-progress or blocked)"
                ).format(field=describe(path), values=", ".join(words), value=node.value)
                continue
            close = _close(typed, words, 0.5)
            if type_ is STATUS and typed.lower() in STATUS_SYNONYMS:
                close = [STATUS_SYNONYMS[typed.lower()]]
            # a Chinese label typed instead of the key
            for word, label in type_.vocabulary.items():
                if typed == label:
                    close = [word]
            hint = _("; did you mean '{value}'?").format(value=close[0]) if close else ""
            yield node.line, node.col, _("`{field}` must be one of {values}: '{value}'").format(
                field=describe(path), values=", ".join(words), value=node.value) + (_keyboard_hint(node.value) or hint)


@rule("MB109", "html-in-field", example=Example(
    "minutes", bad="title: 星图周会<b>重要</b>\n", fix="title: 星图周会（重要）\n"))
def html_in_fields(record, ctx):
    """Front-matter values are plain text: HTML tags are refused."""
    if "<" not in record.front_matter_text():
        return  # the common case, decided without walking the tree
    stack = [record.tree]
    while stack:
        node = stack.pop()
        if isinstance(node, Scalar):
            if node.value and _HTML_TAG.search(node.value):
                yield node.line, node.col, _("HTML is not allowed in front-matter values: '{value}'").format(
                    value=node.value)
        elif isinstance(node, Map):
            stack.extend(v for _unused, v in node.pairs)
        else:
            stack.extend(node.items)
