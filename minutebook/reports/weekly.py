"""The weekly open-items snapshot: its week, its machine-readable state, and the change
since the previous snapshot.

A snapshot is a page written by `minutebook weekly` into docs/weekly/ and committed to
git, one file per ISO week and audience: `<ISO year>-W<week>.md` for the internal
audience, `<ISO year>-W<week>.<audience slug>.md` for any other (`audience_slug`). Its
front-matter carries, under `minutebook_weekly`, the week, the reference date, the
audience it was written for, its counts and every open item (key, id, status, due).
The next snapshot's delta (new, closed and slipped items) is computed from the same
audience's previous FILE, never from git history, so it survives rebases and shallow
clones. Who may see a snapshot is decided from that state alone, wherever the file
lies (`is_snapshot`, `shown_to`). Nothing here imports MkDocs;
minutebook/render/weekly.py renders it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from minutebook.model.items import Item
from minutebook.views import queries
from minutebook.views.view import View

STATE_KEY = "minutebook_weekly"
STATE_VERSION = 1
WEEKLY_DIR = "weekly"  # under the docs folder
INTERNAL, PUBLIC = "internal", "public"  # as minutebook.views.visibility spells them
_WEEK_FILE = re.compile(r"^(\d{4})-W(\d{2})(?:\.([a-z0-9-]+))?\.md$")
# what MkDocs builds as a page (mkdocs.utils.markdown_extensions)
PAGE_SUFFIXES = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")
_FRONT_MATTER = re.compile(r"^---[ \t]*\n(.*?\n)---[ \t]*\n", re.DOTALL)
MAX_SNAPSHOT_BYTES = 64 * 1024 * 1024  # 2,000 records give 0.7 MB; far larger is not ours

# the counts a snapshot records, in the order its tables show them
COUNTS = ("open", "overdue", "escalated", "due_this_week", "due_next_week", "blocked",
          "new", "closed", "slipped")


def default_folder(root: Path) -> Path:
    """Where snapshots live: docs/weekly/ under the repository root."""
    return root / "docs" / WEEKLY_DIR


def week_of(day: dt.date) -> tuple[int, int]:
    """(ISO year, ISO week) of a day."""
    iso = day.isocalendar()
    return iso[0], iso[1]


def week_name(year: int, week: int) -> str:
    return f"{year}-W{week:02d}"


def audience_slug(audience: str) -> str | None:
    """The part of a snapshot's file name that says its audience: none for internal
    (the name snapshots always had), `public`, or `dept-` and the hex digits of the
    department name's UTF-8 bytes (财务部 -> dept-e8b4a2e58aa1e983a8).

    ASCII, lower case and one to one: stable across runs and machines, safe on every
    file system (case-insensitive ones included), and never the same for two audiences."""
    if audience == INTERNAL:
        return None
    if audience == PUBLIC:
        return PUBLIC
    return "dept-" + audience.encode("utf-8").hex()


def week_file(year: int, week: int, audience: str = INTERNAL) -> str:
    slug = audience_slug(audience)
    return week_name(year, week) + (f".{slug}" if slug else "") + ".md"


def week_range(year: int, week: int) -> tuple[dt.date, dt.date]:
    monday = dt.date.fromisocalendar(year, week, 1)
    return monday, monday + dt.timedelta(days=6)


def item_key(item: Item) -> str:
    """What identifies an item from one week to the next: its id, else record and row."""
    return item.id or f"{item.record.key}#{item.anchor}"


@dataclass(frozen=True)
class Entry:
    """One open item as a snapshot recorded it."""

    key: str
    id: str | None
    status: str
    due: dt.date | None


@dataclass
class Snapshot:
    """A snapshot file as read back: only what its front-matter states."""

    path: Path
    year: int
    week: int
    as_of: dt.date
    audience: str
    counts: dict[str, int | None]
    entries: dict[str, Entry]

    @property
    def name(self) -> str:
        return week_name(self.year, self.week)

    @property
    def file_name(self) -> str:
        return week_file(self.year, self.week, self.audience)


def _head_has_marker(fh) -> bool:
    """Whether the front-matter at the start of an open (binary) file names the state.

    Read as MkDocs reads a page (a byte-order mark skipped, any line ending): the YAML
    block between `---` lines, else the leading lines up to a blank one (its
    MultiMarkdown-style meta). Stops at the marker or the block's end, so a snapshot
    costs its first lines and a page without front-matter its first line."""
    marker = STATE_KEY.encode()
    first = fh.readline(MAX_SNAPSHOT_BYTES)
    if first.startswith(b"\xef\xbb\xbf"):
        first = first[3:]
    fenced = first.rstrip(b"\r\n").rstrip(b" \t") == b"---"
    if not fenced and marker in first:
        return True
    read = len(first)
    for line in iter(lambda: fh.readline(MAX_SNAPSHOT_BYTES), b""):
        read += len(line)
        bare = line.rstrip(b"\r\n").rstrip(b" \t")
        if (fenced and bare in (b"---", b"...")) or (not fenced and not bare) or read > MAX_SNAPSHOT_BYTES:
            return False
        if marker in line:
            return True
    return False


def is_snapshot_text(name: str, text: str) -> bool:
    """`is_snapshot` for a page already read: its file name and its text."""
    import io

    return bool(_WEEK_FILE.match(name.rsplit("/", 1)[-1])) or _head_has_marker(io.BytesIO(text.encode("utf-8")))


def is_snapshot(path: Path) -> bool:
    """Whether a file under docs/ must be judged as a snapshot: its front-matter names
    the state (`minutebook_weekly`), or its name follows the snapshot scheme.

    Deliberately generous: a file that is one is then shown only when its state reads
    back and names the build's audience (`shown_to`), so a false alarm drops a page
    and a miss never publishes one."""
    if _WEEK_FILE.match(path.name):
        return True
    try:
        with open(path, "rb") as fh:
            return _head_has_marker(fh)
    except OSError:
        return path.suffix in PAGE_SUFFIXES  # a page that cannot be read is not shown either


def read(path: Path) -> Snapshot | None:
    """The snapshot in `path`, or None when it is not one this version wrote.

    None means "not a snapshot" everywhere: the build drops such a page and the index
    leaves it out (fail closed), so a hand-edited or foreign file never slips through."""
    import yaml  # lazy: only the weekly command and the build read snapshots

    m = _WEEK_FILE.match(path.name)
    if not m:
        return None  # a snapshot keeps the name it was written under (week and audience)
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_SNAPSHOT_BYTES + 1)
        if len(data) > MAX_SNAPSHOT_BYTES:
            return None
        fm = _FRONT_MATTER.match(data.decode("utf-8"))
        if not fm:
            return None
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the one MkDocs uses
        state = (yaml.load(fm.group(1), Loader=loader) or {}).get(STATE_KEY)
        if not isinstance(state, dict) or state.get("version") != STATE_VERSION:
            return None
        year, week = int(m[1]), int(m[2])
        week_range(year, week)  # ValueError for a week the year does not have (2026-W54)
        if state.get("week") != week_name(year, week):
            return None  # the file name and the state disagree: trust neither
        audience = state["audience"]
        if not isinstance(audience, str) or not audience or audience_slug(audience) != m[3]:
            return None  # the file name and the state name different audiences
        entries = {}
        for raw in state["items"]:
            entry = Entry(str(raw["key"]), raw.get("id"), str(raw["status"]),
                          dt.date.fromisoformat(raw["due"]) if raw.get("due") else None)
            entries[entry.key] = entry
        counts = {name: state["counts"].get(name) for name in COUNTS}
        if not all(v is None or type(v) is int for v in counts.values()):
            return None
        return Snapshot(path, year, week, dt.date.fromisoformat(state["as_of"]), audience,
                        counts, entries)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, ValueError, KeyError, TypeError,
            AttributeError):
        return None


def shown_to(path: Path, audience: str) -> bool:
    """Whether a snapshot file (`is_snapshot`) belongs in a build for `audience`: only
    when it was written for exactly that audience (a file whose state cannot be read,
    wherever it lies, never is)."""
    snapshot = read(path)
    return snapshot is not None and snapshot.audience == audience


def snapshots(folder: Path, audience: str | None = None) -> list[Snapshot]:
    """The valid snapshots in `folder` (of one audience, when given), newest week first."""
    if not folder.is_dir():
        return []
    found = [s for p in folder.iterdir() if p.is_file() and (s := read(p)) is not None]
    if audience is not None:
        found = [s for s in found if s.audience == audience]
    return sorted(found, key=lambda s: (s.year, s.week), reverse=True)


def previous(folder: Path, year: int, week: int, audience: str) -> Snapshot | None:
    """The newest snapshot of the same audience in `folder` from a week before (year, week)."""
    for s in snapshots(folder, audience):
        if (s.year, s.week) < (year, week):
            return s
    return None


@dataclass
class Delta:
    """What changed since the previous snapshot."""

    previous: Snapshot
    new: list[Item] = field(default_factory=list)  # open now, not open in the previous
    closed: list[tuple[Entry, Item | None]] = field(default_factory=list)  # None: gone
    slipped: list[tuple[Entry, Item]] = field(default_factory=list)  # open, due later


def delta(items: list[Item], before: Snapshot) -> Delta:
    current = {item_key(i): i for i in items}
    out = Delta(before)
    for item in queries.by_due(queries.open_items(items)):
        entry = before.entries.get(item_key(item))
        if entry is None:
            out.new.append(item)
        elif entry.due and item.due and item.due > entry.due:
            out.slipped.append((entry, item))
    for key in sorted(before.entries):
        entry = before.entries[key]
        item = current.get(key)
        if item is None or not item.is_open:
            out.closed.append((entry, item))
    return out


@dataclass
class Report:
    """Everything one week's page shows, computed from one audience's view."""

    view: View
    year: int
    week: int
    threshold: int  # working days late before an item is escalated
    open: list[Item]
    overdue: list[Item]
    escalated: list[Item]
    due_this_week: list[Item]
    due_next_week: list[Item]
    blocked: list[Item]
    delta: Delta | None  # None for the first snapshot

    @property
    def as_of(self) -> dt.date:
        return self.view.as_of

    @property
    def audience(self) -> str:
        return self.view.audience

    @property
    def name(self) -> str:
        return week_name(self.year, self.week)

    @property
    def bounds(self) -> tuple[dt.date, dt.date]:
        return week_range(self.year, self.week)

    @property
    def next_week(self) -> tuple[dt.date, dt.date]:
        monday = self.bounds[1] + dt.timedelta(days=1)
        return monday, monday + dt.timedelta(days=6)

    def counts(self) -> dict[str, int | None]:
        d = self.delta
        return {
            "open": len(self.open), "overdue": len(self.overdue), "escalated": len(self.escalated),
            "due_this_week": len(self.due_this_week), "due_next_week": len(self.due_next_week),
            "blocked": len(self.blocked),
            "new": len(d.new) if d else None, "closed": len(d.closed) if d else None,
            "slipped": len(d.slipped) if d else None,
        }

    def state(self) -> dict:
        """The machine-readable state the next week's delta is computed from."""
        entries = sorted((item_key(i), i) for i in self.open)
        return {
            "version": STATE_VERSION, "week": self.name, "as_of": self.as_of.isoformat(),
            "audience": self.audience, "counts": self.counts(),
            "items": [{"key": k, "id": i.id, "status": i.status,
                       "due": i.due.isoformat() if i.due else None} for k, i in entries],
        }


def build(view: View, before: Snapshot | None) -> Report:
    as_of, cal = view.as_of, view.calendar
    year, week = week_of(as_of)
    threshold = view.registry.escalation_working_days
    items = queries.open_items(view.items)
    late = queries.most_late(items, as_of, cal)
    _, sunday = week_range(year, week)
    next_monday = sunday + dt.timedelta(days=1)
    return Report(
        view, year, week, threshold,
        open=queries.by_due(items),
        overdue=late,
        escalated=queries.escalated(items, as_of, cal, threshold),
        due_this_week=queries.by_due(queries.due_between(items, as_of, sunday)),
        due_next_week=queries.by_due(queries.due_between(items, next_monday, next_monday + dt.timedelta(days=6))),
        blocked=queries.by_due(queries.blocked(items)),
        delta=delta(view.items, before) if before else None,
    )


def _yaml_ascii(text: str) -> str:
    # JSON would spell a character beyond U+FFFF as a surrogate pair, which libyaml
    # refuses and PyYAML reads as two broken characters; YAML's \U keeps it one.
    return "".join(c if ord(c) < 0x7F else f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}"
                   for c in text)


def _flow(value) -> str:
    return _yaml_ascii(json.dumps(value, ensure_ascii=False))


def state_json(state: dict) -> str:
    """The state as a YAML flow mapping in JSON syntax, one item per line so that a
    week's git diff reads well.

    ASCII only: every value from a record is quoted and escaped, so nothing in it can end
    the front-matter or be read as YAML syntax."""
    head = {k: v for k, v in state.items() if k != "items"}
    lines = [_flow(head)[:-1] + ', "items": [']
    rows = [_flow(row) for row in state["items"]]
    lines += [f"    {row}," for row in rows[:-1]] + ([f"    {rows[-1]}"] if rows else [])
    lines.append("  ]}")
    return "\n".join(lines)
