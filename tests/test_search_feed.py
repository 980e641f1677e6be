"""The build's search index in a process of its own (minutebook/render/search_feed.py),
and the Pagefind service protocol under it: the same index as `minutebook index` makes,
failures that reach the build, a cancel that leaves no process behind and does not wait
for the pages still spooled, and answers read whole however the pipe cuts them."""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import sys
import time
from pathlib import Path

import pytest
from helpers import build_fixture_site

from minutebook.render import search_feed, search_index

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return build_fixture_site(tmp_path_factory.mktemp("feed-site"))


def pages(site: Path) -> list[tuple[str, str]]:
    return [(rel.as_posix(), text) for rel, text in search_index._pages(site)]


def test_the_process_indexes_what_the_in_line_indexer_does(built, tmp_path):
    in_line, child = tmp_path / "in-line", tmp_path / "child"
    for site in (in_line, child):
        shutil.copytree(built, site)
        for part in site.glob("pagefind*"):
            shutil.rmtree(part)
    expected = search_index.index_site(in_line, part_pages=2)
    indexer = search_feed.IndexerProcess(child, part_pages=2)
    for rel, text in pages(child):
        indexer.add(rel, text)
    stats = indexer.finish()
    assert stats["pages"] == expected["pages"] and stats["parts"] == expected["parts"]
    assert stats["people"] == expected["people"] > 0
    assert search_index.indexed_urls(child) == search_index.indexed_urls(in_line) == set(expected["pages"])
    assert (json.loads((child / "pagefind" / "mb-search.json").read_text(encoding="utf-8"))
            == json.loads((in_line / "pagefind" / "mb-search.json").read_text(encoding="utf-8")))
    assert not [p for p in child.iterdir() if p.name.startswith(".")]  # no spool, no half-written part


def test_the_indexer_runs_at_a_lower_priority_than_the_build(tmp_path):
    expected = min(os.nice(0) + search_feed.NICENESS, 19)  # (19: the lowest there is)
    indexer = search_feed.IndexerProcess(tmp_path / "site")
    try:
        deadline = time.monotonic() + 30
        while (nice := _nice(indexer.proc.pid)) != expected and time.monotonic() < deadline:
            time.sleep(0.05)  # the child lowers its own priority as it starts
        assert nice == expected
    finally:
        indexer.cancel()


def _nice(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[16])


def test_a_failure_in_the_indexer_reaches_the_build(built, tmp_path, monkeypatch):
    site = tmp_path / "site"
    shutil.copytree(built, site)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))
    indexer = search_feed.IndexerProcess(site)
    for rel, text in pages(site):
        indexer.add(rel, text)
    with pytest.raises(RuntimeError, match="no-such-pagefind|No such file"):
        indexer.finish()
    assert indexer.proc.returncode == 1
    indexer.cancel()  # the build's error handler after a failed finish: nothing more to do


def test_an_indexer_that_dies_fails_the_build_with_its_status(built, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built, site)
    indexer = search_feed.IndexerProcess(site)
    os.kill(indexer.proc.pid, signal.SIGKILL)
    indexer.proc.wait()
    for rel, text in pages(site):  # a closed pipe is not an error here: finish says what happened
        indexer.add(rel, text)
    with pytest.raises(RuntimeError, match=f"status {-signal.SIGKILL}"):
        indexer.finish()


FAKE_SERVICE = r'''
import base64, json, os, sys, time
log = open(os.environ["FAKE_LOG"], "a")
big = "页" * int(os.environ.get("FAKE_BIG", "0"))
buf = b""
while chunk := sys.stdin.buffer.read1(1 << 16):
    buf += chunk
    *whole, buf = buf.split(b",")
    for raw in whole:
        msg = json.loads(base64.b64decode(raw))
        kind = msg["payload"]["type"]
        log.write(kind + "\n"); log.flush()
        if kind == "NewIndex":
            payload = {"type": "NewIndex", "index_id": 1}
        elif kind == "AddFile":
            time.sleep(float(os.environ.get("FAKE_DELAY", "0")))
            payload = {"type": "IndexedFile", "page_word_count": 1, "page_url": msg["payload"]["url"],
                       "page_meta": {"big": big}}
        else:
            payload = {"type": "GetFiles", "files": []}
        out = base64.b64encode(json.dumps({"message_id": msg["message_id"], "payload": payload}).encode()) + b","
        for i in range(0, len(out), 1000):  # cut anywhere, a comma-free piece at a time
            sys.stdout.buffer.write(out[i:i + 1000]); sys.stdout.buffer.flush()
'''


@pytest.fixture
def fake_pagefind(tmp_path, monkeypatch):
    script = tmp_path / "fake-pagefind"
    script.write_text(f"#!{sys.executable}\n{FAKE_SERVICE}", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    log = tmp_path / "fake.log"
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(script))
    monkeypatch.setenv("FAKE_LOG", str(log))
    return log


def test_answers_are_read_whole_however_the_pipe_cuts_them(fake_pagefind, tmp_path, monkeypatch):
    big = "页" * 400_000  # an answer of megabytes, as a part's files are
    monkeypatch.setenv("FAKE_BIG", str(len(big)))
    service = search_index._Service(tmp_path)
    try:
        assert service.send({"type": "NewIndex"})["index_id"] == 1
        ids = [service.post({"type": "AddFile", "url": f"/p{n}/"}) for n in range(5)]
        answers = [service.wait(i) for i in ids]
    finally:
        service.close()
    assert [a["page_url"] for a in answers] == [f"/p{n}/" for n in range(5)]
    assert all(a["page_meta"]["big"] == big for a in answers)


def test_a_cancel_does_not_wait_for_the_spooled_pages(fake_pagefind, tmp_path, monkeypatch):
    monkeypatch.setenv("FAKE_DELAY", "0.2")  # Pagefind far slower than the build
    site = tmp_path / "site"
    indexer = search_feed.IndexerProcess(site)
    page = '<html lang="zh"><body><article data-pagefind-body><h1>标题</h1></article></body></html>'
    for n in range(60):  # 12 s of the fake's work: all spooled at once
        indexer.add_prepared(f"records/p{n}/index.html", ([], page))
    indexer.cancel()
    assert indexer.proc.returncode == 1
    added = fake_pagefind.read_text().split().count("AddFile")
    assert added < 60, added  # it stopped with pages still in the spool
    assert not [p for p in site.iterdir() if p.name.startswith(".")]  # the spool has no name; no part half-written
    me = str(os.getpid())
    children = [p for p in Path("/proc").iterdir() if p.name.isdigit() and (p / "stat").exists()
                and _parent(p) in {me, str(indexer.proc.pid)}]
    assert not [p for p in children if "fake-pagefind" in _cmdline(p)]


def _parent(proc: Path) -> str:
    try:
        return (proc / "stat").read_text().rsplit(")", 1)[1].split()[1]
    except OSError:
        return ""


def _cmdline(proc: Path) -> str:
    try:
        return (proc / "cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return ""


def test_the_feed_refuses_a_page_cut_short(tmp_path):
    import subprocess

    cmd, env = search_feed.command(tmp_path / "site", 10)
    header = json.dumps(["records/a/index.html", [], 1000]).encode() + b"\n"
    result = subprocess.run(cmd, input=header + b"<html>", capture_output=True, env=env, timeout=120)
    assert result.returncode == 1
    assert "records/a/index.html" in json.loads(result.stdout.decode().splitlines()[-1])["error"]


def test_input_that_ends_without_end_is_a_dead_build_and_writes_no_index(built, tmp_path):
    import subprocess

    site = tmp_path / "site"
    shutil.copytree(built, site)
    for part in site.glob("pagefind*"):
        shutil.rmtree(part)
    feed = b""
    for rel, text in pages(site):
        prepared = search_index.prepare(text)
        if prepared:
            data = prepared[1].encode()
            feed += json.dumps([rel, prepared[0], len(data)]).encode() + b"\n" + data
    cmd, env = search_feed.command(site, 10)
    died = subprocess.run(cmd, input=feed, capture_output=True, env=env, timeout=300)
    assert died.returncode == 1 and json.loads(died.stdout.decode().splitlines()[-1]) == {"error": "cancelled"}
    assert not list(site.glob("pagefind*")) and not [p for p in site.iterdir() if p.name.startswith(".")]
    ended = subprocess.run(cmd, input=feed + b"end\n", capture_output=True, env=env, timeout=300)
    assert ended.returncode == 0, ended.stdout
    assert search_index.indexed_urls(site) == search_index.indexed_urls(built)


def test_records_pages_stay_searchable_across_the_pipe(built):
    """The real build (which feeds the process) indexed every record page it built."""
    urls = search_index.indexed_urls(built)
    records = {"/" + p.parent.relative_to(built).as_posix() + "/" for p in (built / "records").rglob("index.html")
               if p.parent.parent.name.isdigit()}
    assert records and records <= urls
