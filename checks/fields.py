"""Walking a front-matter tree against the schema, and typing its values.

The rules use `maps()` and `present()` to find what to judge; the loader uses
`typed()` to turn the tree into plain values. Both read the same declarations, so a
value the checks accept is exactly the value the build shows.
"""

from __future__ import annotations

from .schema import Field, ListOf, Obj, ScalarType, is_placeholder
from .yamlstrict import Map, Scalar, Seq


class Invalid(Exception):
    """A value that does not fit its declared type (the rules say why)."""


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
        return None if isinstance(node, Seq) else "must be a list"
    if isinstance(type_, Obj):
        return None if isinstance(node, Map) else "must be a mapping of fields"
    if not isinstance(node, Scalar):
        return f"must be {type_.expect}, not a {'list' if isinstance(node, Seq) else 'mapping'}"
    return None


def typed(node, type_):
    """The node's value typed by the schema; raises Invalid if it does not fit."""
    if node is None or (isinstance(node, Scalar) and (node.value is None or is_placeholder(node.value))):
        return None  # a placeholder not yet filled in is no value (MB112 reports it)
    if shape_error(node, type_):
        raise Invalid
    if isinstance(type_, ListOf):
        out = []
        for item in node.items:
            try:
                value = typed(item, type_.of)
            except Invalid:
                continue
            if value is not None:  # an empty item ('-' alone) is reported by MB103, not kept
                out.append(value)
        return out
    if isinstance(type_, Obj):
        return typed_obj(node, type_)
    try:
        return type_.parse(node.value)
    except (ValueError, LookupError):
        raise Invalid from None


def typed_obj(node: Map, obj: Obj) -> dict:
    """A mapping typed field by field; unknown, invalid or empty fields are left out
    and declared defaults filled in."""
    out: dict = {}
    for key, value in node.pairs:
        f: Field | None = obj.get(key.value)
        if f is None:
            continue
        try:
            v = typed(value, f.type)
        except Invalid:
            continue
        if v is not None:
            out[f.name] = v
    for f in obj.fields:
        if f.default is not None and f.name not in out:
            out[f.name] = f.default
    return out
