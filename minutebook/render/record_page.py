"""A record's page, rendered from the model and the schema.

The layout follows the schema, so every kind is covered by the same code: the
header table holds the record's scalar fields; lists of items become tables with the
item's latest status (after later updates) and computed overdue; other lists,
mappings and texts get sections of their own. The body follows, as written (its HTML
is sanitised). Every value goes through `esc`.

The page is built once as blocks (minutebook/render/blocks.py) and written either as
Markdown (`render`: `minutebook render`, any generator) or straight to HTML
(`render_html`: the MkDocs plugin, which then converts only the record's body).
"""

from __future__ import annotations

import html
import json

from minutebook.model import labels, schema
from minutebook.model.items import Item
from minutebook.model.record import Record
from minutebook.model.vocabulary import KINDS, VISIBILITIES
from minutebook.render.blocks import Body, Bullets, Heading, HtmlStyle, Para, Table, to_html, to_markdown
from minutebook.render.markup import esc, esc_block, link, overdue_badge, status_badge
from minutebook.render.site import owner_link, page_path
from minutebook.views.view import View

# Fields shown in the header table before the kind's own scalar fields.
_HEADER_FIRST = ("type", "date", "start", "end", "host", "recorder", "owner", "departments",
                 "visibility", "audience")
_NOT_SHOWN = ("title", "tags")


def render(view: View, record: Record, body=None) -> str:
    """The Markdown of a record's page (with its own small front-matter).

    `body` turns the record's body into what the page holds; by default the body's
    Markdown itself, which the plugin sanitises after MkDocs renders the page."""
    return front_matter(view, record) + to_markdown(blocks(view, record), body)


def render_html(view: View, record: Record, style: HtmlStyle) -> tuple[str, list[dict], set[str]]:
    """The page's content as HTML (not yet sanitised), its table of contents (tokens as
    Python-Markdown's toc extension makes them) and the ids it holds."""
    return to_html(blocks(view, record), page_path(record), style)


def page_meta(view: View, record: Record) -> dict:
    """The page's own metadata: title and tags as the theme shows them, and what the
    search index takes from the model."""
    meta = {"title": html.escape(record.title), "render_macros": False}
    if record.meta.get("tags"):
        meta["tags"] = [html.escape(t) for t in record.meta["tags"]]
    meta["pagefind"] = _search_meta(view, record)
    return meta


def front_matter(view: View, record: Record) -> str:
    # A JSON mapping is YAML: every value quoted and escaped, in ASCII, so a generator
    # reads back exactly this.
    return "---\n" + _ascii(json.dumps(page_meta(view, record), ensure_ascii=False)) + "\n---\n"


def blocks(view: View, record: Record) -> list:
    """The page, top to bottom, as blocks whose text is already escaped."""
    here = page_path(record)
    kind = schema.KINDS[record.kind]
    meta = record.meta
    out = [Heading(1, esc(record.title)), _header(view, record, kind, here)]

    items = {(i.list_name, i.index): i for i in view.items_of(record)}
    for f in kind.fields:
        if f.name in _HEADER_FIRST or f.name in _NOT_SHOWN or f.name not in meta:
            continue
        value = meta[f.name]
        t = f.type
        if isinstance(t, schema.ListOf) and t.item is not None:
            out += _section(f.label, _item_table(view, record, f, items, here))
        elif f.name == "updates":
            out += _section(f.label, _updates_table(view, record, here))
        elif isinstance(t, schema.ListOf) and isinstance(t.of, schema.Obj):
            out += _section(f.label, _obj_table(view, t.of, value, here))
        elif isinstance(t, schema.ListOf) and t.of in (schema.PERSON, schema.OWNER, schema.DEPARTMENT):
            # names read as one line, as on a paper form, not one bullet each
            out += _section(f.label, Para("、".join(owner_link(v, here, view) for v in value)) if value else None)
        elif isinstance(t, schema.ListOf):
            out += _section(f.label, Bullets([_scalar(view, t.of, v, here) for v in value]) if value else None)
        elif isinstance(t, schema.Obj):
            rows = [[esc(sub.label), _scalar(view, sub.type, value[sub.name], here)]
                    for sub in t.fields if sub.name in value]
            out += _section(f.label, Table(["项目", "内容"], rows))
        elif t is schema.TEXT:
            out += _section(f.label, Para(esc_block(value)) if str(value).strip() else None)
    out += _history(view, record, here)
    out += _related(view, record, here)
    if record.body.strip():
        out += [Heading(2, "正文"), Body(demote_headings(record.body.strip()))]
    return out


# the record-level 状态 filter of the search: are any of its items still open?
SEARCH_OPEN, SEARCH_CLOSED, SEARCH_NO_ITEMS = "有未关闭事项", "事项均已关闭", "无事项"


def _search_meta(view: View, record: Record) -> dict:
    """What the search index takes from the model (the theme writes it into the page, the
    indexer reads it): filters 类型, 部门, 责任人, 年份, 状态, and the people the record
    names, whose names are searched as whole names (minutebook/render/search_index.py).
    Values are the page's own text; the theme escapes them."""
    items = view.items_of(record)
    owner = record.meta.get("owner")
    filters = {
        "类型": KINDS[record.kind],
        "部门": list(record.meta.get("departments") or ()),
        "责任人": [owner] if owner else [],
        "年份": str(record.meta.get("date", ""))[:4],
        "状态": (SEARCH_NO_ITEMS if not items
                 else SEARCH_OPEN if any(i.is_open for i in items) else SEARCH_CLOSED),
    }
    return {"filters": {k: v for k, v in filters.items() if v},
            "people": sorted(people(view, record))}


def people(view: View, record: Record) -> set[str]:
    """Every person the record's front-matter names, in any field (departments left out)."""
    kind = schema.KINDS[record.kind]
    found: set[str] = set()

    def walk(value, type_):
        if type_ in (schema.PERSON, schema.OWNER) and isinstance(value, str):
            if view.registry.is_person(value):
                found.add(value)
        elif isinstance(type_, schema.ListOf) and isinstance(value, list):
            for v in value:
                walk(v, type_.of)
        elif isinstance(type_, schema.Obj) and isinstance(value, dict):
            for sub in type_.fields:
                if sub.name in value:
                    walk(value[sub.name], sub.type)

    for f in kind.fields:
        if f.name in record.meta:
            walk(record.meta[f.name], f.type)
    return found


def _ascii(text: str) -> str:
    # JSON spells a character beyond U+FFFF (an emoji) as a surrogate pair, which
    # libyaml refuses; MkDocs would then drop the whole front-matter without a word.
    # YAML's own \U escape keeps it one character.
    return "".join(c if ord(c) < 0x7F else f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}"
                   for c in text)


def _section(label: str, block) -> list:
    """A titled section, left out when it would be empty."""
    if block is None or (isinstance(block, Table) and not block.rows):
        return []
    return [Heading(2, esc(label)), block]


def _scalar(view: View, type_, value, here: str) -> str:
    if isinstance(type_, schema.ListOf) and isinstance(value, list):  # e.g. a task's 前置任务
        return "、".join(_scalar(view, type_.of, v, here) for v in value)
    if type_ is schema.RECORD_REF:
        target = view.record(value)
        if target is not None:
            return link(esc(target.title), page_path(target), here)
        return esc(value)
    if type_ is schema.STATUS:
        return status_badge(value)
    if isinstance(type_, schema.Enum):
        return esc(type_.vocabulary.get(value, value))
    if type_ in (schema.PERSON, schema.OWNER, schema.DEPARTMENT):
        return owner_link(value, here, view)
    if type_ is schema.BOOL:
        return "是" if value else "否"
    if type_ is schema.TEXT:
        return esc_block(value)
    return esc(value)


def _header(view: View, record: Record, kind: schema.Kind, here: str) -> Table:
    meta = record.meta
    rows = [["类型", esc(KINDS[record.kind])]]
    when = esc(meta.get("date"))
    if meta.get("start") and meta.get("end"):
        when += f" {esc(meta['start'])}–{esc(meta['end'])}"
    rows.append(["日期", when])
    for name in ("host", "recorder", "owner"):
        if name in meta:
            rows.append([esc(kind.get(name).label), owner_link(meta[name], here, view)])
    rows.append(["部门", "、".join(owner_link(d, here, view) for d in meta.get("departments") or ())])
    for f in kind.fields:
        if f.name in _HEADER_FIRST or f.name in _NOT_SHOWN or f.name not in meta:
            continue
        if isinstance(f.type, schema.ScalarType) and f.type is not schema.TEXT:
            rows.append([esc(f.label), _scalar(view, f.type, meta[f.name], here)])
    vis = meta.get("visibility", "internal")
    label = VISIBILITIES.get(vis, vis)
    if meta.get("audience"):
        label += "（" + "、".join(esc(a) for a in meta["audience"]) + "）"
    rows.append(["可见范围", esc(label) if not meta.get("audience") else label])
    return Table(["项目", "内容"], rows)


def _obj_table(view: View, obj: schema.Obj, rows_in: list, here: str) -> Table:
    cols = [f for f in obj.fields if any(f.name in r for r in rows_in)]
    rows = []
    for r in rows_in:
        row = [_scalar(view, f.type, r[f.name], here) if f.name in r else "" for f in cols]
        if r.get("decision_id") and "decision" in r:  # a decision with an id: its anchor, and whether replaced
            n = [f.name for f in cols].index("decision")
            row[n] = decision_cell(view, r["decision_id"], row[n], here, anchor=True)
        rows.append(row)
    return Table([esc(f.label) for f in cols], rows, cards=1)


def decision_anchor(decision_id: str) -> str:
    return f"decision-{decision_id}"


def decision_cell(view: View, decision_id: str, cell: str, here: str, anchor: bool = False) -> str:
    """A decision's text, struck through with a link to its successor once replaced."""
    decision = view.decision(decision_id)
    if decision is not None and decision.superseded_by is not None:
        new = decision.superseded_by
        target = page_path(new.record) + "#" + decision_anchor(new.id)
        cell = f"<del>{cell}</del>（已被 {link(esc(new.id), target, here)} 取代）"
    return (f'<span id="{esc(decision_anchor(decision_id))}"></span>' if anchor else "") + cell


def item_state(view: View, item: Item) -> str:
    """Status badge, plus overdue in working days when it is late."""
    cell = status_badge(item.status)
    if item.is_overdue(view.as_of):
        cell += " " + overdue_badge(item.days_late(view.as_of, view.calendar))
    return cell


def _item_table(view: View, record: Record, f: schema.Field, items: dict, here: str) -> Table:
    obj: schema.Obj = f.type.of
    spec: schema.ItemSpec = f.type.item
    raw_rows = record.meta[f.name]
    cols = [c for c in obj.fields
            if c.name != spec.status and any(c.name in r for r in raw_rows)]
    rows = []
    for i, raw in enumerate(raw_rows):
        item = items.get((f.name, i))
        row = []
        for c in cols:
            if c.name == spec.due and item is not None:
                cell = esc(item.due)
                if item.first_due and item.due != item.first_due:
                    cell += f"（原 {esc(item.first_due)}）"
            elif c.name == spec.owner and item is not None and item.owner:
                cell = owner_link(item.owner, here, view)
                if item.first_owner and item.owner != item.first_owner:
                    cell += f"（原 {esc(item.first_owner)}）"
            elif c.name in raw:
                cell = _scalar(view, c.type, raw[c.name], here)
            else:
                cell = ""
            row.append(cell)
        if item is not None:
            anchor = f'<span id="{esc(item.anchor)}"></span>'
            row[0] = anchor + row[0]
            row.append(item_state(view, item))
        else:
            row.append("")
        rows.append(row)
    return Table([esc(c.label) for c in cols] + [labels.STATUS], rows, cards=2)


def _updates_table(view: View, record: Record, here: str) -> Table:
    rows = []
    changes = {change.index: (item, change) for item, change in view.updated_by(record)}
    for i, update in enumerate(record.meta.get("updates") or ()):
        pair = changes.get(i)
        if pair:
            item, _ = pair
            target = link(esc(update.get("ref")), page_path(item.record) + "#" + item.anchor, here)
            what = esc(item.text)
        else:
            target, what = esc(update.get("ref")), ""
        rows.append([
            target, what, status_badge(update["status"]) if "status" in update else "",
            esc(update.get("done_on")), esc(update.get("due")), esc(update.get("owner")), esc(update.get("note")),
        ])
    headers = labels.UPDATE_HEADERS
    optional = (3, 4, 5)  # shown only when some update uses them
    keep = [n for n in range(len(headers)) if n not in optional or any(row[n] for row in rows)]
    return Table([headers[n] for n in keep], [[row[n] for n in keep] for row in rows], cards=2)


def _history(view: View, record: Record, here: str) -> list:
    rows = []
    for item in view.items_of(record):
        for change in item.history:
            what = [f"{status_badge(change.previous_status)} → {status_badge(change.status)}"]
            if change.due and change.due != change.previous_due:
                what.append(f"截止 {esc(change.previous_due)} → {esc(change.due)}")
                days = change.slip_days(view.calendar)  # working days, so holidays don't count
                if days is not None:
                    what[-1] += f"（顺延 {days} 个工作日）" if change.slipped else f"（提前 {-days} 个工作日）"
            if change.owner and change.owner != change.previous_owner:
                what.append(f"责任人 {esc(change.previous_owner)} → {esc(change.owner)}")
            if change.hidden:  # from a record this audience may not read
                source, note = "受限记录", ""
            else:
                source, note = link(esc(change.record.title), page_path(change.record), here), esc(change.note)
            rows.append([esc(item.id), esc(change.date), source, "；".join(what), note])
    return _section("事项进展", Table([labels.UPDATE_REF, "日期", "更新记录", "变化", labels.UPDATE_HEADERS[-1]],
                                     rows, cards=2))


def _related(view: View, record: Record, here: str) -> list:
    refs: dict[str, Record] = {}
    for name in _ref_values(record):
        target = view.record(name)
        if target is not None and target is not record:
            refs.setdefault(target.path, target)
    for item, _ in view.updated_by(record):
        refs.setdefault(item.record.path, item.record)
    later: dict[str, Record] = {}
    for item in view.items_of(record):
        for change in item.history:
            if not change.hidden:
                later.setdefault(change.record.path, change.record)
    out = []
    if refs:
        out += [Para("引用的记录："), Bullets([f"{link(esc(r.title), page_path(r), here)}（{esc(KINDS[r.kind])}，{esc(r.date)}）"
                                          for r in refs.values()])]
    if later:
        out += [Para("后续更新本记录事项的记录："), Bullets([f"{link(esc(r.title), page_path(r), here)}（{esc(r.date)}）"
                                                 for r in later.values()])]
    return [Heading(2, "相关记录"), *out] if out else []


def _ref_values(record: Record):
    """Every record reference in the front-matter, wherever it is declared."""
    kind = schema.KINDS[record.kind]

    def walk(value, type_):
        if type_ is schema.RECORD_REF and isinstance(value, str):
            yield value
        elif isinstance(type_, schema.ListOf) and isinstance(value, list):
            for v in value:
                yield from walk(v, type_.of)
        elif isinstance(type_, schema.Obj) and isinstance(value, dict):
            for sub in type_.fields:
                if sub.name in value:
                    yield from walk(value[sub.name], sub.type)

    for f in kind.fields:
        if f.name in record.meta:
            yield from walk(record.meta[f.name], f.type)


def demote_headings(markdown: str) -> str:
    """The body's ATX headings one level down, so they nest under the page's 正文."""
    out, fence = [], None
    for line in markdown.split("\n"):
        stripped = line.lstrip()
        if stripped.startswith(("```", "~~~")):
            marker = stripped[:3]
            fence = None if fence == marker else (fence or marker)
        elif fence is None and stripped.startswith("#"):
            hashes = len(stripped) - len(stripped.lstrip("#"))
            if hashes < 6 and stripped[hashes:hashes + 1] in (" ", ""):
                line = line.replace("#" * hashes, "#" * (hashes + 1), 1)
        out.append(line)
    return "\n".join(out)
