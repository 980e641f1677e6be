"""The Babel extraction method for minutebook's Python files (babel.cfg names it).

Besides the calls Babel's own Python extractor finds (`_`, `N_`, `ngettext`), it finds the
English text declared at import time and translated where it is shown:
- `N_plural(singular, plural)`: a message with a count, marked where it is declared;
- the first docstring line of every `@rule(...)` function: the rule's statement;
- the statement of `declare(code, name, statement, ...)`;
- the doc of a field, `F(name, type, label, doc, ...)`, and of a kind, `Kind(name, label, doc, ...)`;
- what a registry key expects and its doc, `PersonField(name, label, required, expect, doc)`;
- the `note=` of an `Example(...)`.

It reads the file with `ast`, so only string constants count (an f-string is never a
message: write `_("... {name} ...").format(name=...)`).
"""

from __future__ import annotations

import ast

# call name -> index (or indices) of the positional arguments holding a message
_POSITIONAL = {"_": 0, "N_": 0, "gettext": 0, "declare": 2, "F": 3, "Kind": 2, "PersonField": (3, 4)}
_KEYWORD = {"Example": "note"}


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _text(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def messages(source: str):
    """(line, function name or None, message or (singular, plural)) found in `source`."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            name = _name(node.func)
            if name in ("ngettext", "N_plural") and len(node.args) >= 2:
                one, many = _text(node.args[0]), _text(node.args[1])
                if one and many:
                    yield node.lineno, "ngettext", (one, many)
            elif name in _POSITIONAL:
                where = _POSITIONAL[name]
                for i in where if isinstance(where, tuple) else (where,):
                    text = _text(node.args[i]) if len(node.args) > i else None
                    if text:
                        yield node.args[i].lineno, None, text
            elif name in _KEYWORD:
                for kw in node.keywords:
                    if kw.arg == _KEYWORD[name] and _text(kw.value):
                        yield kw.value.lineno, None, _text(kw.value)
        elif isinstance(node, ast.FunctionDef) and any(
                isinstance(d, ast.Call) and _name(d.func) == "rule" for d in node.decorator_list):
            doc = ast.get_docstring(node)
            if doc and doc.strip():
                yield node.body[0].lineno, None, doc.strip().splitlines()[0]


def extract(fileobj, keywords, comment_tags, options):
    """Babel's extraction method interface: (lineno, funcname, messages, comments)."""
    source = fileobj.read().decode(options.get("encoding", "utf-8"))
    for line, func, message in sorted(messages(source), key=lambda m: m[0]):
        yield line, func, message, []
