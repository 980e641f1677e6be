"""The preview: a real `mkdocs serve --livereload` of the fixture site, edited as an author
edits it, read back over HTTP as a browser reads it.

An edit of records is taken in by the plugin's quick rebuild (plugins/preview.py): the
record's page and the pages that list what changed show the edit, a record that breaks
shows its diagnostics on its own page while the server keeps answering, and a change of
a hand-written page is MkDocs' own full build. No time is asserted: the waits only bound
a hang.
"""

from __future__ import annotations

import os
import queue
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from helpers import BIN, FIXTURE, build_env, make_repo

pytestmark = pytest.mark.slow

SYNC = "records/minutes/2026/2026-11-02-fixture-sync.md"
WAIT = 120.0


class Server:
    def __init__(self, project: Path, **env):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.lines: queue.Queue = queue.Queue()
        self.log: list[str] = []
        self.proc = subprocess.Popen(
            [str(BIN / "mkdocs"), "serve", "--livereload", "-a", f"127.0.0.1:{self.port}"],
            cwd=project, env=build_env(**env), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True, text=True, encoding="utf-8")
        threading.Thread(target=self._read, daemon=True).start()
        self.wait_for("Serving on")

    def _read(self):
        for line in self.proc.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def wait_for(self, marker: str) -> str:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                continue
            assert line is not None, "mkdocs serve stopped:\n" + "".join(self.log[-20:])
            self.log.append(line)
            if marker in line:
                return line
        raise AssertionError(f"no {marker!r} from mkdocs serve:\n" + "".join(self.log[-20:]))

    def get(self, path: str) -> tuple[int, str]:
        url = f"http://127.0.0.1:{self.port}/{urllib.parse.quote(path)}"
        try:
            with urllib.request.urlopen(url, timeout=30) as resp:
                return resp.status, resp.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, ""

    def until(self, path: str, test) -> str:
        """The page once `test(status, text)` holds (the rebuild runs meanwhile)."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            status, text = self.get(path)
            if test(status, text):
                return text
            time.sleep(0.1)
        raise AssertionError(f"{path} never showed the edit:\n" + "".join(self.log[-20:]))

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGINT)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)


@pytest.fixture
def served(tmp_path):
    project = make_repo(tmp_path / "project", fixture=FIXTURE)
    server = Server(project)
    try:
        yield project, server
    finally:
        server.stop()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def quick_rebuilds(server: Server) -> list[str]:
    while not server.lines.empty():
        line = server.lines.get()
        if line:
            server.log.append(line)
    return [x for x in server.log if "preview:" in x]


def test_an_edited_record_its_lists_a_broken_and_a_new_one(served):
    project, server = served
    sync = project / SYNC
    page = "records/minutes/2026/2026-11-02-fixture-sync/"
    assert "正文里的" in server.get(page)[1]

    # the body: the record's page shows it, by the quick rebuild, not MkDocs' full build
    builds = sum("Documentation built" in x for x in server.log)
    edit(sync, "照常渲染。", "照常渲染。预览看到的第一处改动。")
    server.until(page, lambda s, t: "预览看到的第一处改动" in t)
    server.wait_for("Reloading browsers")
    assert quick_rebuilds(server) and sum("Documentation built" in x for x in server.log) == builds

    # an item's text: its page, the open items and the owner's page follow
    edit(sync, "task: 提交接口设计 <草案>", "task: 提交接口设计终稿")
    server.until("open-items/", lambda s, t: "提交接口设计终稿" in t)
    assert "提交接口设计终稿" in server.get(page)[1]
    assert "提交接口设计终稿" in server.get("people/张三/")[1]

    # its title: every list of records shows the new one, none the old (the rows of the
    # records not edited come from the preview's memo)
    edit(sync, "title: 成本 < 预算 | 复核会", "title: 成本复核会（改名）")
    server.until("records/year/2026/", lambda s, t: "成本复核会（改名）" in t)
    for listing in ("records/year/2026/", "records/minutes/", "records/department/研发部/", "people/张三/"):
        text = server.get(listing)[1]
        assert "成本复核会（改名）" in text and "复核会</a>" not in text.replace("成本复核会（改名）</a>", ""), listing
        if listing.startswith("records/"):  # the record not edited, still listed
            assert "2026-11-16-fixture-followup/" in text, listing
    edit(sync, "title: 成本复核会（改名）", "title: 成本 < 预算 | 复核会")
    server.until("records/year/2026/", lambda s, t: "成本复核会（改名）" not in t)

    # broken: the page says what is wrong, the server answers every page meanwhile
    good = sync.read_text(encoding="utf-8")
    sync.write_text(good.replace("date: 2026-11-02\n", "date: 2026-13-45\n", 1), encoding="utf-8")
    broken = server.until(page, lambda s, t: "这条记录没有通过检查" in t)
    assert "records/minutes/2026/2026-11-02-fixture-sync.md:4:" in broken
    assert server.get("")[0] == 200 and "提交接口设计终稿" in server.get("open-items/")[1]

    # fixed: the record's page again
    sync.write_text(good, encoding="utf-8")
    server.until(page, lambda s, t: "这条记录没有通过检查" not in t and "预览看到的第一处改动" in t)

    # a new record: its page and the index of its kind; deleted: gone
    new = project / "records/minutes/2026/2026-11-18-fixture-new.md"
    new.write_text(good.replace("title: 成本 &lt; 预算 | 复核会", "title: 新加的会议")
                   .replace("成本 < 预算 | 复核会", "新加的会议").replace("FX-0", "NW-0"), encoding="utf-8")
    server.until("records/minutes/2026/2026-11-18-fixture-new/", lambda s, t: s == 200 and "新加的会议" in t)
    server.until("records/minutes/", lambda s, t: "新加的会议" in t)
    new.unlink()
    server.until("records/minutes/2026/2026-11-18-fixture-new/", lambda s, t: s == 404)

    # a new file that does not parse: its diagnostics where its page will be; fixed: the page
    later = project / "records/minutes/2026/2026-11-19-fixture-later.md"
    later.write_text("---\ntype: minutes\ntitle: [未闭合\n---\n", encoding="utf-8")
    server.until("records/minutes/2026/2026-11-19-fixture-later/", lambda s, t: "这条记录没有通过检查" in t)
    later.write_text(good.replace("成本 < 预算 | 复核会", "后来补的会议").replace("FX-0", "LT-0"), encoding="utf-8")
    server.until("records/minutes/2026/2026-11-19-fixture-later/", lambda s, t: "后来补的会议" in t)
    server.until("records/minutes/", lambda s, t: "后来补的会议" in t)


def test_a_title_edit_reaches_the_decision_log_open_items_and_owners_rows(tmp_path):
    """The aggregate pages' rows are kept between quick rebuilds by what each shows: an
    edit changes the rows of the edited record on each of them, and only those."""
    project = make_repo(tmp_path / "project", fixture=FIXTURE)
    (project / "docs" / "decisions.md").write_text(
        "---\nrender_macros: true\n---\n\n# 决策记录\n\n{{ decisions() }}\n", encoding="utf-8")
    server = Server(project)
    try:
        sync = project / SYNC
        assert "预算上限" in server.get("decisions/")[1]
        edit(sync, "title: 成本 < 预算 | 复核会", "title: 预算复核会（新名）")
        server.until("decisions/", lambda s, t: "预算复核会（新名）" in t)
        server.wait_for("Reloading browsers")
        edit(sync, "  - 预算上限 < 50 万 | 超出需总经办审批", "  - 预算上限 < 60 万 | 超出需总经办审批")  # its text alone
        server.until("decisions/", lambda s, t: "60 万" in t)
        server.wait_for("Reloading browsers")
        decisions = server.get("decisions/")[1]
        assert "50 万" not in decisions and "60 万" in decisions
        # the year's own page of the log (polled: written by the same rebuild, maybe a moment later)
        year = server.until("decisions/2026/", lambda s, t: "60 万" in t)
        assert "50 万" not in year and "预算复核会（新名）" in year
        # the year's only decision gone: its page goes too, and the log says there is none
        edit(sync, "decisions:\n  - 预算上限 < 60 万 | 超出需总经办审批\n", "")
        server.until("decisions/", lambda s, t: "还没有决策记录" in t)
        server.until("decisions/2026/", lambda s, t: s == 404)
        for page in ("open-items/", "by-owner/", "people/张三/"):
            text = server.get(page)[1]
            assert "预算复核会（新名）" in text and "复核会</a>" not in text.replace("预算复核会（新名）</a>", ""), page
    finally:
        server.stop()


def _inotify_watches(pid: int) -> int:
    """How many inotify instances the process holds (Linux: /proc/PID/fd)."""
    fds = Path(f"/proc/{pid}/fd")
    return sum(1 for fd in fds.iterdir() if os.readlink(fd) == "anon_inode:inotify")


def test_the_server_watches_by_the_systems_events_and_the_builds_reading_files_trigger_nothing(served):
    """The system's change events, not MkDocs' polling of every record; and only edits
    count: the builds open and read every record, which must not start another build."""
    project, server = served
    assert _inotify_watches(server.proc.pid) >= 1
    builds = sum("Building documentation" in x for x in server.log)
    for path in (project / "records").rglob("*.md"):  # what a build does to every record
        path.read_bytes()
    time.sleep(1.5)  # longer than MkDocs' wait for changes to settle (0.1 s)
    quick_rebuilds(server)
    assert sum("Building documentation" in x for x in server.log) == builds
    assert not any("Detected file changes" in x for x in server.log)
    edit(project / SYNC, "照常渲染。", "照常渲染。由系统的事件发现。")
    server.until("records/minutes/2026/2026-11-02-fixture-sync/", lambda s, t: "由系统的事件发现" in t)


def test_polling_on_request_for_folders_the_system_does_not_report(tmp_path):
    project = make_repo(tmp_path / "project", fixture=FIXTURE)
    server = Server(project, MINUTEBOOK_WATCH="poll")
    try:
        assert _inotify_watches(server.proc.pid) == 0
        edit(project / SYNC, "照常渲染。", "照常渲染。轮询也发现。")
        server.until("records/minutes/2026/2026-11-02-fixture-sync/", lambda s, t: "轮询也发现" in t)
    finally:
        server.stop()


def test_a_hand_written_page_is_mkdocs_own_full_build(served):
    project, server = served
    quick_rebuilds(server)  # every line logged so far, so that none is taken for this build's
    builds = sum("Documentation built" in x for x in server.log)
    edit(project / "docs" / "index.md", "测试站点。", "测试站点，首页改过。")
    server.until("", lambda s, t: "首页改过" in t)
    # MkDocs' own build says so once it has ended (the search index written): after the page
    server.wait_for("Documentation built")
    assert sum("Documentation built" in x for x in server.log) == builds + 1


def test_an_update_from_a_record_this_audience_may_not_read_moves_its_item_on(served):
    """A restricted record's update still closes the item on the pages everyone reads
    (its own page stays out of this build): the preview follows the ties of every record."""
    project, server = served
    followup = (project / "records/minutes/2026/2026-11-16-fixture-followup.md").read_text(encoding="utf-8")
    restricted = (followup.replace("title: 跟进会", "title: 研发部内部会")
                  .replace("2026-11-16", "2026-11-17")
                  .replace("departments: [研发部, 市场部]", "departments: [研发部]\nvisibility: restricted\n"
                           "audience: [研发部]")
                  .replace("ref: FX-02\n    status: blocked\n    note: 等待财务数据",
                           "ref: FX-01\n    status: done\n    done_on: 2026-11-17")
                  .replace("id: FX-04", "id: FX-09"))
    assert "FX-01" in server.get("open-items/")[1]
    (project / "records/minutes/2026/2026-11-17-fixture-internal.md").write_text(restricted, encoding="utf-8")
    server.until("open-items/", lambda s, t: "FX-01" not in t and "FX-02" in t)
    sync = server.get("records/minutes/2026/2026-11-02-fixture-sync/")[1]
    assert "受限记录" in sync and "研发部内部会" not in sync
    assert server.get("records/minutes/2026/2026-11-17-fixture-internal/")[0] == 404


def test_a_system_that_refuses_to_watch_is_polled_instead(tmp_path, caplog):
    """When the system will not watch (its inotify instances used up, say) as the server
    starts, the files are polled as MkDocs would, and the log says so."""
    import logging

    import watchdog.events
    import watchdog.observers
    from watchdog.observers.polling import PollingObserver

    from plugins.preview import SystemWatcher

    class Refusing(watchdog.observers.Observer):
        def start(self):
            raise OSError(24, "inotify instance limit reached")

    seen: queue.Queue = queue.Queue()
    handler = watchdog.events.FileSystemEventHandler()
    handler.on_any_event = lambda event: seen.put(event.src_path)
    watcher = SystemWatcher(Refusing)
    watcher.schedule(handler, str(tmp_path), recursive=True)
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.minutebook"):
        watcher.start()
    try:
        assert isinstance(watcher.active, PollingObserver) and watcher.is_alive()
        assert "polling them instead" in caplog.text
        (tmp_path / "new.md").write_text("edited", encoding="utf-8")
        assert seen.get(timeout=30).endswith("new.md")
    finally:
        watcher.stop()
        watcher.join()
    assert not watcher.is_alive()
