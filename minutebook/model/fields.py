"""Walking a front-matter tree against the schema, and typing its values.

`read()` types a tree and records the walk the rules judge (maps, fields present,
scalar leaves, parse errors) in one pass; the loader calls it once per record. Both
come from the same declarations, so a value the checks accept is exactly the value
the build shows.
"""

from __future__ import annotations

from dataclasses import dataclass

from minutebook.base.i18n import _
from minutebook.model.schema import COMMON, KINDS, Field, ListOf, Obj, ScalarType, expected, is_placeholder
from minutebook.model.yamlstrict import Map, Scalar, Seq

_COMMON_OBJ = Obj(COMMON)


def schema_of(record) -> Obj:
    """The fields a record is judged by: its kind's, or the common ones if the kind is unknown."""
    kind = KINDS.get(record.kind or "")
    return kind.obj if kind else _COMMON_OBJ


@dataclass
class Walk:
    """One pass over a record's tree, shared by all rules (they would repeat it otherwise)."""

    maps: list  # (Map node, Obj, path) for every mapping the schema describes
    present: list  # (Field, key node, value node, path) for every declared field present
    leaves: list  # (Field, Scalar node, scalar type, path): typed scalars, placeholders left out
    errors: dict  # id(scalar node) -> the ValueError/LookupError its type's parse raised


def read(tree: Map, obj: Obj) -> tuple[dict, Walk]:
    """The tree typed by the schema, and the walk the rules use, in one pass.

    Unknown, invalid and empty values are left out of the typed mapping (the rules
    say why, from the walk), declared defaults are filled in."""
    walk = Walk([], [], [], {})
    return _read_obj(tree, obj, (), walk), walk


def walk(record) -> Walk:
    cached = record.extra.get("walk")
    if cached is None:
        cached = record.extra["walk"] = read(record.tree, schema_of(record))[1]
    return cached


def _read_obj(node: Map, obj: Obj, path: tuple, walk: Walk) -> dict:
    walk.maps.append((node, obj, path))
    out: dict = {}
    get = obj.get
    for key, value in node.pairs:
        f = get(key.value)
        if f is None:
            continue
        here = path + (key.value,)
        walk.present.append((f, key, value, here))
        v = _read_value(value, f.type, here, walk, f)
        if v is not None:
            out[f.name] = v
    for f in obj.fields:
        if f.default is not None and f.name not in out:
            out[f.name] = f.default
    return out


def _read_value(node, type_, path: tuple, walk: Walk, f: Field | None):
    """`f` is the field whose scalars these are (None inside a list of mappings)."""
    if isinstance(type_, ScalarType):
        if not isinstance(node, Scalar):
            return None
        value = node.value
        if is_placeholder(value):  # not yet filled in: no value (MB112 reports it)
            return None
        if f is not None:
            walk.leaves.append((f, node, type_, path))
        if value is None:
            return None
        try:
            return type_.parse(value)
        except (ValueError, LookupError) as exc:
            walk.errors[id(node)] = exc
            return None
    if isinstance(type_, Obj):
        return _read_obj(node, type_, path, walk) if isinstance(node, Map) else None
    if not isinstance(node, Seq):  # a list was declared
        return None
    of = type_.of
    inner = None if isinstance(of, Obj) else f
    out = []
    for i, item in enumerate(node.items):
        v = _read_value(item, of, path + (i,), walk, inner)
        if v is not None:  # an empty or invalid item is left out (MB103 reports it)
            out.append(v)
    return out


def maps(node, obj: Obj, path=()):
    """Every mapping in the tree that the schema describes, with its Obj and path."""
    if not isinstance(node, Map):
        return
    yield node, obj, path
    for key, value in node.pairs:
        f = obj.get(key.value)
        if f is None:
            continue
        yield from _maps_in(value, f.type, path + (key.value,))


def _maps_in(node, type_, path):
    if isinstance(type_, Obj):
        yield from maps(node, type_, path)
    elif isinstance(type_, ListOf) and isinstance(node, Seq):
        for i, item in enumerate(node.items):
            yield from _maps_in(item, type_.of, path + (i,))


def present(node, obj: Obj, path=()):
    """Every declared field present in the tree: (field, key node, value node, path)."""
    for m, o, p in maps(node, obj, path):
        for key, value in m.pairs:
            f = o.get(key.value)
            if f is not None:
                yield f, key, value, p + (key.value,)


def scalars(node, type_, path):
    """The scalar leaves of a value with their declared scalar type and path."""
    if isinstance(type_, ScalarType):
        if isinstance(node, Scalar) and not is_placeholder(node.value):  # MB112 reports those
            yield node, type_, path
    elif isinstance(type_, ListOf) and isinstance(node, Seq):
        for i, item in enumerate(node.items):
            yield from scalars(item, type_.of, path + (i,))


def is_empty(node) -> bool:
    if node is None:
        return True
    if isinstance(node, Scalar):
        return node.value is None or node.value.strip() == ""
    if isinstance(node, Seq):
        return not node.items
    return not node.pairs


def shape_error(node, type_) -> str | None:
    """Why a node has the wrong shape for its type, or None."""
    if isinstance(type_, ListOf):
        return None if isinstance(node, Seq) else _("must be a list")
    if isinstance(type_, Obj):
        return None if isinstance(node, Map) else _("must be a mapping of fields")
    if not isinstance(node, Scalar):
        if isinstance(node, Seq):
            return _("must be {expected}, not a list").format(expected=expected(type_))
        return _("must be {expected}, not a mapping").format(expected=expected(type_))
    return None
