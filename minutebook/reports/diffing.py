"""The commitments a change makes or alters: items on both sides of a git change.

Both sides are read by the one loader (`loader.load_bytes`) and their items collected
by `items.collect`, so an item's state is the one the site shows: its own fields with
every later update applied. Comparing the two states lists what a reviewer must see:
items added, closed, reopened, reassigned, re-dated (with the slip in working days)
and removed, whether the change edited the item itself or a later record's `updates`.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from checks.loader import load_bytes, load_path
from minutebook.base.errors import UsageError
from minutebook.base.i18n import N_, _, ngettext
from minutebook.model.items import Change, Item, collect
from minutebook.model.paths import RECORDS_DIR, discover
from minutebook.model.record import Record
from minutebook.model.registry import Registry
from minutebook.model.workdays import Calendar
from minutebook.reports.weekly import item_key
from minutebook.views import visibility

# the order changes are listed in, with the English word of the text output
CATEGORIES = {
    "added": N_("added"),
    "closed": N_("closed"),
    "reopened": N_("reopened"),
    "reassigned": N_("reassigned"),
    "redated": N_("re-dated"),
    "removed": N_("removed"),
}
DEFAULT_BASES = ("main", "origin/main", "master")


# ---------------------------------------------------------------- git


def git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], input=stdin, capture_output=True)
    except FileNotFoundError:
        raise UsageError(_("git is not installed, or not on PATH")) from None
    if done.returncode != 0:
        raise GitError(done.stderr.decode("utf-8", "replace").strip())
    return done.stdout


class GitError(Exception):
    pass


def ensure_repository(root: Path) -> None:
    try:
        git(root, "rev-parse", "--git-dir")
    except GitError:
        raise UsageError(_("not a git repository: {path}").format(path=root)) from None


def resolve(root: Path, rev: str) -> str:
    """The commit a revision names, or UsageError."""
    if rev.startswith("-"):  # never let a revision be read as an option of git
        raise UsageError(_("unknown revision '{rev}'").format(rev=rev))
    try:
        return git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").decode().strip()
    except GitError:
        raise UsageError(_("unknown revision '{rev}': no such branch, tag or commit").format(rev=rev)) from None


def default_base(root: Path) -> tuple[str, str]:
    """(commit, description) of the merge base of HEAD with main, origin/main or master."""
    head = resolve(root, "HEAD")
    for branch in DEFAULT_BASES:
        try:
            target = resolve(root, branch)
        except UsageError:
            continue
        try:
            base = git(root, "merge-base", head, target).decode().strip()
        except GitError:
            continue  # unrelated histories
        return base, _("merge base of HEAD with {branch}").format(branch=branch)
    raise UsageError(_("no BASE given and no branch main, origin/main or master to find the merge base "
                       "with; name one, e.g. `minutebook diff origin/main`"))


def records_at(root: Path, rev: str) -> list[Record]:
    """The records under records/ in commit `rev` (those that parse), read by the one loader."""
    listing = git(root, "ls-tree", "-r", "-z", "--name-only", rev, "--", RECORDS_DIR)
    # surrogateescape: a file name that is not UTF-8 still round-trips to git
    names = listing.decode("utf-8", "surrogateescape").split("\0")
    paths = [p for p in names if p.endswith(".md") and "\n" not in p]
    if not paths:
        return []
    # one `git cat-file --batch` for all files: a process per record would be slow
    batch = "".join(f"{rev}:./{p}\n" for p in paths).encode("utf-8", "surrogateescape")
    out = git(root, "cat-file", "--batch", stdin=batch)
    records, pos = [], 0
    for path in paths:
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        pos = end + 1
        if len(header) != 3 or header[1] != b"blob":
            continue
        size = int(header[2])
        record, _found = load_bytes(out[pos:pos + size], path)
        pos += size + 1
        if record is not None:
            records.append(record)
    return sorted(records, key=lambda r: r.path)


def records_in_worktree(root: Path) -> list[Record]:
    found = []
    for path in discover(root):
        record, _found = load_path(path, root)
        if record is not None:
            found.append(record)
    return found


# ---------------------------------------------------------------- comparing


@dataclass
class Difference:
    category: str  # a key of CATEGORIES
    key: str
    before: Item | None
    after: Item | None
    where: str | None  # the record that made the change (or held the removed item); None: not readable
    slip: int | None = None  # working days, for re-dated items with both dates

    @property
    def item(self) -> Item:
        return self.after or self.before


def items_by_key(records: list[Record], registry: Registry, audience: str) -> dict[str, Item]:
    """The items `audience` may read, by key, as minutebook/views/view.py computes them: updates
    from unreadable records still move an item on, but stay anonymous (`hidden`)."""
    readable = {id(r) for r in visibility.readable(records, audience)}
    out: dict[str, Item] = {}
    for item in collect(records, registry):
        if id(item.record) not in readable:
            continue
        for change in item.history:
            change.hidden = id(change.record) not in readable
        out.setdefault(item_key(item), item)
    return out


def _cause(before: Item, after: Item, sets: Callable[[Change], bool]) -> str | None:
    """The record behind a change of one attribute: the newest update on the new side
    that sets it, when the old side did not have it; else the item's own record. None
    when that update is in a record the audience may not read."""
    old = {(c.record.path, c.index) for c in before.history}
    for change in reversed(after.history):
        if sets(change):
            if (change.record.path, change.index) not in old:
                return None if change.hidden else change.record.path
            break
    return after.record.path


def compare(base: dict[str, Item], head: dict[str, Item], calendar: Calendar) -> list[Difference]:
    found: list[Difference] = []
    for key in sorted(base.keys() | head.keys()):
        b, h = base.get(key), head.get(key)
        if b is None:
            found.append(Difference("added", key, None, h, h.record.path))
            continue
        if h is None:
            found.append(Difference("removed", key, b, None, b.record.path))
            continue
        if b.is_open != h.is_open:  # every update sets a status
            found.append(Difference("closed" if b.is_open else "reopened", key, b, h,
                                    _cause(b, h, lambda c: True)))
        if b.owner != h.owner:
            found.append(Difference("reassigned", key, b, h, _cause(b, h, lambda c: bool(c.owner))))
        if b.due != h.due:
            slip = calendar.between(b.due, h.due) if b.due and h.due else None
            found.append(Difference("redated", key, b, h, _cause(b, h, lambda c: bool(c.due)), slip))
    order = list(CATEGORIES)
    return sorted(found, key=lambda d: (order.index(d.category), d.key))


# ---------------------------------------------------------------- output

NO_CHANGE = N_("no commitments changed")


def _days(n: int) -> str:
    return ngettext("{count} working day", "{count} working days", abs(n)).format(count=f"{n:+d}")


def text(differences: list[Difference]) -> str:
    """One line per change, in the language of the messages (English by default)."""
    if not differences:
        return _(NO_CHANGE) + "\n"
    lines = []
    for d in differences:
        i, b, h = d.item, d.before, d.after
        where = d.where or _("a record this audience may not read")
        head = f'{_(CATEGORIES[d.category])}: {i.id or d.key} "{i.text}"'
        if d.category in ("added", "removed"):
            detail = _("owner {owner}, due {due}, {status}").format(owner=i.owner, due=i.due or "-", status=i.status)
            line = (_("{head} ({detail}) in {where}") if d.category == "added" else
                    _("{head} ({detail}) was in {where}"))
            lines.append(line.format(head=head, detail=detail, where=where))
        elif d.category in ("closed", "reopened"):
            lines.append(_("{head} {before} -> {after} in {where}").format(
                head=head, before=b.status, after=h.status, where=where))
        elif d.category == "reassigned":
            lines.append(_("{head} owner {before} -> {after} in {where}").format(
                head=head, before=b.owner, after=h.owner, where=where))
        else:
            slip = f" ({_days(d.slip)})" if d.slip is not None else ""
            lines.append(_("{head} due {before} -> {after}{slip} in {where}").format(
                head=head, before=b.due or "-", after=h.due or "-", slip=slip, where=where))
    return "\n".join(lines) + "\n"


__all__ = ["compare", "text", "records_at", "records_in_worktree", "items_by_key",
           "default_base", "resolve", "ensure_repository"]
