"""The placeholders `minutebook new` writes, left in a record that was meant to be filled in."""

from __future__ import annotations

from checks.catalogue import rule
from checks.examples import Example
from checks.rules.shape import describe, schema_of
from minutebook.base.i18n import _
from minutebook.model import fields
from minutebook.model.schema import PLACEHOLDER_OPEN, ListOf, ScalarType, expected, is_placeholder
from minutebook.model.yamlstrict import Map, Scalar


def _what(field, type_) -> str:
    """What to write instead, from the schema: "a date YYYY-MM-DD (截止日期: due date …)"."""
    doc = field.statement.rstrip(".。")
    return _("{expected} ({label}: {doc})").format(expected=expected(type_), label=field.label,
                                                   doc=doc[:1].lower() + doc[1:])


@rule("MB112", "placeholder", example=Example(
    "minutes", bad="title: （填写标题）\n", fix="title: 星图周会\n",
    note="`minutebook new` wrote the placeholder; write the value."))
def placeholders_left(record, ctx):
    """No placeholder written by `minutebook new` ('（填写…）') is left in a record."""
    if not any(PLACEHOLDER_OPEN in line for line in record.lines):
        return  # nothing to find: skip the walks below
    declared = {}  # id(scalar node) -> (field, scalar type, path) for the declared fields
    for f, key, value, path in fields.present(record.tree, schema_of(record)):
        type_ = f.type.of if isinstance(f.type, ListOf) else f.type
        if not isinstance(type_, ScalarType):
            continue  # mappings are visited field by field
        if isinstance(value, Scalar):
            declared[id(value)] = (f, type_, path)
        else:
            for i, item in enumerate(getattr(value, "items", ())):
                declared[id(item)] = (f, type_, path + (i,))
    found = []
    stack = [(record.tree, ())]
    while stack:
        node, path = stack.pop()
        if isinstance(node, Scalar):
            if is_placeholder(node.value):
                found.append((node, path))
        elif isinstance(node, Map):
            stack.extend((v, path + (k.value,)) for k, v in node.pairs)
        else:
            stack.extend((item, path + (i,)) for i, item in enumerate(node.items))
    for node, path in sorted(found, key=lambda x: (x[0].line, x[0].col)):
        value = node.value.strip()
        if id(node) in declared:
            f, type_, p = declared[id(node)]
            yield node.line, node.col, _("`{field}` is still the placeholder '{value}': write {what}").format(
                field=describe(p), value=value, what=_what(f, type_))
        else:
            yield node.line, node.col, _("`{field}` is still the placeholder '{value}': replace it").format(
                field=describe(path), value=value)
    for n, line in enumerate(record.body.split("\n")):
        if is_placeholder(line):
            col = len(line) - len(line.lstrip()) + 1
            yield record.body_line + n, col, _(
                "the body still holds the placeholder '{value}': write the text or delete the line"
            ).format(value=line.strip())
