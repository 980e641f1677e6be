"""The preview under `mkdocs serve`: an edited record shown in about a second.

MkDocs rebuilds the whole site on every change, which at 10,000 records took five
minutes. While serving, the records plugin keeps what the last full build made (the
configuration with its plugins, the files, the navigation, the template environment,
the loaded repository and the view) and, when only record files changed, does what
MkDocs lacks:

* the repository is reloaded re-reading only the files whose size or time changed
  (`checks.engine.reload`), and judged;
* a record that now fails the checks shows its diagnostics on its own page, in the
  site's frame, and the terminal lists them; the rest of the site stays as it was (a
  full build would refuse to build and the browser would wait);
* otherwise the pages that can differ are built again, and only those: the pages of
  the records tied to the edited ones (a key or an item id in common, as the one-file
  check relates records), the index pages of their kinds, years and departments, the
  pages of the people and departments they name, and the aggregate pages whose macros
  read what changed.

The search index, the feeds and the metrics page follow at the next full build (a
change under docs/, mkdocs.yml or records/org.yml, or a restart): the page never waits
for them.

MkDocs watches files by polling: every half second it walks and stats every watched
file in Python, which at 10,000 records kept a quarter to half a CPU busy while idle and
held the interpreter's lock against the rebuild. Where the system reports changes
(inotify, FSEvents, ReadDirectoryChangesW) the server's watcher is the system's
(`watch_natively`), falling back to polling by itself if the system refuses to watch;
`MINUTEBOOK_WATCH=poll` keeps MkDocs' polling, for folders whose changes the system does
not report (a network share, a Windows folder under WSL).
"""

from __future__ import annotations

import gc
import inspect
import os
import re
import time
from pathlib import Path

import watchdog.events
import watchdog.observers
from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.pages import Page
from watchdog.observers.polling import PollingObserver

from checks import engine
from checks.diagnostics import ERROR, printable
from checks.registry import language_of
from checks.related import named_keys, touched_ids
from minutebook.base import i18n
from minutebook.base.fsutil import remove_file
from minutebook.base.i18n import _
from minutebook.model.registry import REGISTRY_PATH
from minutebook.render import aggregates, generated, indexes
from minutebook.render.markup import esc
from minutebook.render.site import department_page, page_path, person_page
from minutebook.views import queries
from minutebook.views.view import View
from plugins import site

log = get_plugin_logger("minutebook")

# what an edit makes; not a file opened or read (the builds read every record, and MkDocs
# rebuilds on any event it is given)
_EDITS = [watchdog.events.FileCreatedEvent, watchdog.events.FileModifiedEvent, watchdog.events.FileDeletedEvent,
          watchdog.events.FileMovedEvent, watchdog.events.FileClosedEvent, watchdog.events.FileAttribEvent]


def watch_natively(server) -> bool:
    """The server's watcher replaced by the system's, before it starts, for what it
    already watches and what is watched after; False (MkDocs' polling stays) when asked
    for, when the system has none, or when this MkDocs or watchdog differs from the ones
    this was written for."""
    native = watchdog.observers.Observer
    watched = getattr(server, "_watched_paths", None)
    if (os.environ.get("MINUTEBOOK_WATCH", "").lower() == "poll" or issubclass(native, PollingObserver)
            or not isinstance(watched, dict) or not isinstance(server.observer, PollingObserver)
            or server.observer.is_alive()
            or "event_filter" not in inspect.signature(native.schedule).parameters):
        return False
    counts = dict(watched)
    for path, n in counts.items():
        for _n in range(n):
            server.unwatch(path)
    server.observer = SystemWatcher(native)
    for path, n in counts.items():
        for _n in range(n):
            server.watch(path)
    return True


class SystemWatcher:
    """The system's change events for MkDocs' server, with the calls the server makes of a
    watchdog observer. Only edits are passed on (`_EDITS`). If the system refuses to watch
    when the server starts (its limit of inotify instances reached, say), the files are
    polled as MkDocs would, and the log says so."""

    POLL_S = 0.5  # MkDocs' own interval

    def __init__(self, native):
        self.active = native()
        self.watches: dict = {}  # each watch handed out -> (handler, path, recursive)
        self.current: dict = {}  # each watch handed out -> the active observer's, after a fallback

    def schedule(self, handler, path, *, recursive=False, event_filter=None, **kwargs):
        if not isinstance(self.active, PollingObserver):  # (polling reports only changes anyway)
            watch = self.active.schedule(handler, path, recursive=recursive, event_filter=event_filter or _EDITS,
                                         **kwargs)
        else:
            watch = self.active.schedule(handler, path, recursive=recursive)
        self.watches[watch] = (handler, path, recursive)
        return watch

    def unschedule(self, watch) -> None:
        self.watches.pop(watch, None)
        self.active.unschedule(self.current.pop(watch, watch))

    def start(self) -> None:
        try:
            self.active.start()
        except OSError as exc:
            log.warning(_("preview: the system would not watch the files ({error}); polling them instead").format(
                error=exc))
            try:
                self.active.stop()  # what it started before it failed
            except RuntimeError:
                pass
            self.active = PollingObserver(timeout=self.POLL_S)
            self.current = {w: self.active.schedule(h, p, recursive=r) for w, (h, p, r) in self.watches.items()}
            self.active.start()

    def stop(self) -> None:
        self.active.stop()

    def join(self, timeout=None) -> None:
        if self.active.is_alive():
            self.active.join(timeout)

    def is_alive(self) -> bool:
        return self.active.is_alive()


# macro -> whether a change to these records (before and after) can change its output
_KIND_OF_MACRO = {"sops": {"sop"}, "lessons": {"retro"}, "conflicts": {"conflict"}}
_MACRO_CALL = re.compile(r"\{\{-?\s*(\w+)\s*\(")


def _macro_calls(files) -> list:
    """(file, the macros it calls) of each hand-written page that calls any: read once per
    full build, since a change of a page is a full build."""
    out = []
    for file in files.documentation_pages():
        if file.abs_src_path and file.page is not None and file.src_uri.endswith(".md"):
            calls = set(_MACRO_CALL.findall(file.content_string))
            if calls:
                out.append((file, calls))
    return out


def _macro_reads(name: str, records: list, items: bool) -> bool:
    """Whether the macro's output can change when `records` change (`items`: whether
    they hold or update items)."""
    if name == "open_items":
        return items
    if name == "decisions":
        return any(r.meta.get("topics") or r.meta.get("decisions") for r in records)
    if name in _KIND_OF_MACRO:
        return any(r.kind in _KIND_OF_MACRO[name] for r in records)
    return False  # as_of, policy, weekly_index: not records; metrics: at the next full build


class Preview:
    """What the last full build made, and the quick rebuild after an edit of records."""

    def __init__(self):
        self.state = None

    def capture(self, plugin, config, files, nav, env) -> None:
        """At the end of a full build (on_post_build)."""
        self.state = dict(plugin=plugin, config=config, files=files, nav=nav, env=env,
                          docs=self._stamp_docs(plugin, config), ties=None,
                          macros=_macro_calls(files))
        # ready before the first edit (about a second at 10,000 records), and what the
        # build left set aside from the cyclic collector, which would otherwise rescan it
        # after every edit (pages, files and records hold no garbage cycles to free)
        self._index_all(plugin.view)
        gc.freeze()

    def _stamp_docs(self, plugin, config) -> dict:
        """Size and time of every file that a quick rebuild cannot take in: the pages under
        docs/, mkdocs.yml and the registry."""
        paths = [config.config_file_path] if config.config_file_path else []
        paths.append(str(plugin.root / REGISTRY_PATH))
        for base, _dirs, names in os.walk(config.docs_dir):
            paths += [os.path.join(base, n) for n in names]
        return {p: self._stat(p) for p in paths}

    def update(self) -> bool:
        """Rebuild what an edit of records changed; False when a full build is needed."""
        s = self.state
        if s is None:
            return False
        # diagnostics and the log in the language of the build (as `minutebook check`)
        with i18n.language(language_of(s["plugin"].root)):
            return self._update(s)

    def _update(self, s) -> bool:
        plugin, config = s["plugin"], s["config"]
        if self._stamp_docs(plugin, config) != s["docs"]:
            return False  # a page, the configuration or the registry: the full build
        t0 = time.monotonic()
        old_view: View = plugin.view
        repo = engine.reload(old_view.repo)
        errors = [d for d in repo.diagnostics if d.severity == ERROR]
        if errors:
            self._show_errors(repo, errors)
            return True
        view = View.of(repo, old_view.audience)
        # what changed, among all the records: one this audience may not read still moves
        # the items of those it may read on (an update), so its ties count too
        before = {r.path: r for r in old_view.repo.records}
        after = {r.path: r for r in repo.records}
        changed = [p for p in before.keys() | after.keys() if before.get(p) is not after.get(p)]
        if not changed:
            self._clear_error_pages()
            return True
        touched = [r for p in changed for r in (before.get(p), after.get(p)) if r is not None]
        affected = self._affected(old_view, view, touched)
        # Another page shows a record only through its front-matter (title, items, links):
        # when that is as it was (the body was edited), only the record's own page changes.
        listed = any(p not in before or p not in after or before[p].meta != after[p].meta for p in changed)
        if not listed:
            affected = set(changed)
        # the pages of this audience: its records before and after
        old = {r.path: r for r in old_view.records}
        new = {r.path: r for r in view.records}
        changed = [p for p in changed if p in old or p in new]
        items = listed and any(old_view.items_of(r) or view.items_of(r) or r.meta.get("updates") for r in touched)
        plugin.view = view
        built = self._render(view, old, new, changed, affected, touched, items, listed)
        log.info(_("preview: {changed} record(s) changed, {pages} page(s) rebuilt in {seconds:.2f} s "
                   "(search, feeds and metrics follow at the next full build)").format(
                       changed=len(changed), pages=built, seconds=time.monotonic() - t0))
        return True

    @staticmethod
    def _stat(path):
        try:
            st = os.stat(path)
            return (st.st_size, st.st_mtime_ns)
        except OSError:
            return None

    # ------------------------------------------------------------ which pages

    def _affected(self, old_view: View, view: View, touched: list) -> set[str]:
        """Paths of the records whose pages can differ: those sharing a key or an id with
        an edited record, before or after the edit."""
        index = self.state["ties"] or self._index_all(old_view)
        tokens = set()
        for r in touched:
            tokens |= index["of"].get(r.path, set()) | _ties(r)
        for r in touched:  # the index follows the edit
            self._unindex(index, r.path)
        for r in touched:
            if view.record(r.key) is r:
                self._index(index, r)
        affected = {r.path for r in touched}
        for t in tokens:
            affected |= index["by"].get(t, set())
        return affected

    def _index_all(self, view: View) -> dict:
        """token -> paths of the records that name it, once per full build."""
        index = self.state["ties"] = {"of": {}, "by": {}}
        for r in view.records:
            self._index(index, r)
        return index

    @staticmethod
    def _index(index, record) -> None:
        found = _ties(record)
        index["of"][record.path] = found
        for t in found:
            index["by"].setdefault(t, set()).add(record.path)

    @staticmethod
    def _unindex(index, path) -> None:
        for t in index["of"].pop(path, ()):
            index["by"].get(t, set()).discard(path)

    # ------------------------------------------------------------ building them

    def _build(self, pages) -> None:
        """MkDocs' own rendering and writing of these pages, with the last full build's
        files, navigation and templates."""
        s = self.state
        config, files, nav, env = s["config"], s["files"], s["nav"], s["env"]
        doc_files = files.documentation_pages()
        for page in pages:
            _populate_page(page, config, files)
            _build_page(page, config, doc_files, nav, env)

    def _render(self, view, old, new, changed, affected, touched, items, listed) -> int:
        s = self.state
        plugin, config, files = s["plugin"], s["config"], s["files"]
        pages = []
        record_pages = plugin.record_pages
        record_pages.view = view
        for path in changed:
            if path in new and path not in old:  # a new record: a new page
                if files.get_file_from_path(path) is None:  # (or the page of its errors, reused)
                    record_pages.add(files, new[path], page_path(new[path]))
                affected.add(path)
            elif path in old and path not in new:  # gone: its page too
                file = files.get_file_from_path(path)
                if file is not None:
                    _forget(files, file)
                record_pages.paths.discard(path)
        for path in affected:
            file = files.get_file_from_path(path)
            if path in new and file is not None and file.page is not None:
                file.page.record = new[path]
                file.page.errors = None
                pages.append(file.page)

        # the generated listings of what changed: index pages, people and departments
        wanted = {indexes.INDEX} if listed else set()
        names = set()
        for r in touched if listed else ():
            wanted |= {indexes.kind_page(r.kind), indexes.year_page(r.date.year)}
            wanted |= {indexes.department_page(d) for d in r.meta.get("departments") or ()}
            names |= {r.meta.get("owner"), *(r.meta.get("departments") or ())}
        for path in affected if listed else ():
            record = new.get(path) or old.get(path)
            for item in view.items_of(record) if record is not None else ():
                names |= {item.owner, item.department}
        wanted |= {p for n in names if n for p in (person_page(n), department_page(n))}
        wanted |= _decision_pages(view, touched) if listed else set()
        plugin.tables.start()  # their tables go in as HTML, as in the full build
        made = generated.pages(view, only=wanted)
        for path, content in made.items():
            file = files.get_file_from_path(path)
            if file is None:
                file = File.generated(config, path, content=content, inclusion=InclusionLevel.NOT_IN_NAV)
                files.append(file)
                Page(None, file, config)
            else:
                file.content_string = content
            pages.append(file.page)
        for path in wanted - made.keys():  # a listing left empty (a year's last decision gone): no page
            file = files.get_file_from_path(path)
            if file is not None and file.generated_by is not None:  # never a hand-written page
                _forget(files, file)

        # hand-written pages whose macros read what changed
        for file, calls in s["macros"] if listed else ():
            if any(_macro_reads(name, touched, items) for name in calls):
                pages.append(file.page)

        site.set_current(view)
        plugin.search.paused = True  # the index follows at the next full build
        unique = {id(p): p for p in pages}.values()  # pages compare by value: not hashable
        try:
            self._build(unique)
        finally:
            plugin.search.paused = False
            plugin.tables.stop()
            site.set_current(None)
        self._clear_error_pages()
        gc.collect(0)
        return len(unique)

    # ------------------------------------------------------------ broken records

    def _show_errors(self, repo, errors) -> None:
        """Each broken record's page says what is wrong, in the site's frame."""
        s = self.state
        plugin, files = s["plugin"], s["files"]
        for d in errors:
            log.error(printable(d.format()))
        by_path: dict[str, list] = {}
        for d in errors:
            by_path.setdefault(d.path, []).append(d)
        shown = s.setdefault("error_pages", set())
        for path, found in by_path.items():
            file = files.get_file_from_path(path)
            if file is None or file.page is None:
                plugin.record_pages.add(files, None, path)  # a new file that does not parse
                file = files.get_file_from_path(path)
            page = file.page
            page.errors = "".join(f"<li><code>{esc(printable(d.format()))}</code></li>\n" for d in found)
            self._build([page])
            shown.add(path)
        log.error(_("preview: {count} error(s) in the records (listed above and on their pages); "
                    "the rest of the site shows the records as they were").format(count=len(errors)))

    def _clear_error_pages(self) -> None:
        """Pages that showed diagnostics and now have their record again are rebuilt."""
        s = self.state
        plugin, files = s["plugin"], s["files"]
        shown = s.get("error_pages") or set()
        if not shown:
            return
        records = {r.path: r for r in plugin.view.records}
        for path in list(shown):
            file = files.get_file_from_path(path)
            if file is not None and file.page is not None:
                file.page.errors = None
                if path in records:
                    file.page.record = records[path]
                    self._build([file.page])
                else:
                    _forget(files, file)
            shown.discard(path)


def _decision_pages(view: View, touched: list) -> set[str]:
    """The years' decision logs an edit of `touched` (each record before and after) can
    change: the years of their meetings; every year's when one of them replaces an
    earlier decision, which is then struck through wherever it is listed."""
    decided = [r for r in touched if queries.decisions([r])]
    if any(t.get("supersedes") for r in decided for t in r.meta.get("topics") or ()):
        return {aggregates.decision_page(d.date.year) for d in view.decisions()}
    return {aggregates.decision_page(r.date.year) for r in decided}


def _ties(record) -> set[str]:
    """The keys and item ids a record is tied to others by (the one-file check's own)."""
    return touched_ids(record) | named_keys(record)


def _forget(files, file) -> None:
    """A page that is gone: out of the build's files, and its built file deleted."""
    files.remove(file)
    remove_file(Path(file.abs_dest_path))
