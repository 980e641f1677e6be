"""The site's search index: Pagefind over one built site folder, plain Python.

    Indexer(site_dir).add(rel, html) … .finish() -> dict   # the MkDocs plugin, page by page
    index_site(site_dir) -> dict                          # a built site folder: `minutebook index`

The index is built from the HTML of the audience's own build, page by page as the
build writes them (or from a built folder), so it holds nothing that audience's pages
do not show. Which pages are searchable is decided
when the pages are rendered (`searchable`, and the theme's `main.html` puts
`data-pagefind-body` on their <article>); here only pages carrying that attribute are sent.

* Only the page's <article> (and `<html lang>`, which turns on Pagefind's Chinese
  segmentation) is sent: the chrome never reaches the indexer.
* Person names: Pagefind's indexer (jieba) and its query side (the browser's
  Intl.Segmenter) both split a 3-character name into single characters, so a query for a
  name would match every page holding those characters anywhere. A record page lists the
  people of its record (`data-mb-people` on the hidden block the theme writes); the copy
  sent to the indexer gets one ASCII word per name (`person_token`), the published HTML
  does not. The search box turns a query word that is exactly a listed name into that
  word (`mb-search.js`), so a name finds exactly the records that name the person.
* Large sites are indexed in parts of `part_pages` pages, one Pagefind process per part,
  one after the other (`pagefind/`, `pagefind-1/`, …), merged in the browser
  (`mergeIndex`): Pagefind keeps every page's words in memory until it writes, about
  0.75 MB per heavy Chinese page, so a part of 1,500 pages bounds the peak near 1.2 GB.
* It talks to the binary of the `pagefind[extended]` wheel over its `--service` protocol
  directly (base64 JSON messages, each followed by a comma): the package's own asyncio
  client reads at most one answer per 100 ms.
"""

from __future__ import annotations

import base64
import html
import json
import os
import queue
import re
import subprocess
import threading
import time
from pathlib import Path

from minutebook.base.fsutil import remove_tree, replace_tree, write_atomic
from minutebook.base.i18n import _

BODY = "data-pagefind-body"
ARTICLE = re.compile(r"<article\b[^>]*\bdata-pagefind-body\b.*?</article>", re.S)
PEOPLE = re.compile(r'\bdata-mb-people="([^"]*)"')
LANG = re.compile(r'<html\b[^>]*\blang="([^"]+)"')
# not content: Material's heading permalinks (¶), the edit/view buttons
EXCLUDE = [".headerlink", ".md-content__button", ".md-source-file"]
PART_PAGES = 1500
BUNDLE = "pagefind"  # the first part; the search box reads BUNDLE/mb-search.json
PEOPLE_SEPARATOR = "、"
_PART = re.compile(r"pagefind(-\d+)?")


def person_token(name: str) -> str:
    """The ASCII word a person's name is indexed as (the same function is in mb-search.js)."""
    return "mbp" + "".join(f"{ord(c):05x}" for c in name)  # fixed width: the box decodes it


def _binary() -> str:
    env = os.environ.get("PAGEFIND_BINARY_PATH")
    if env:
        return env
    try:
        from pagefind.service import get_executable  # the wheel's own lookup: extended first
    except ImportError:
        get_executable = None
    exe = get_executable() if get_executable else None
    if exe is None:
        raise RuntimeError(_("the Pagefind binary is missing: pip install 'pagefind[extended]'"))
    return str(exe)


class _Service:
    """One `pagefind --service` process. Messages are posted without waiting (Pagefind
    answers them as it goes, read by a thread of our own), so the indexer is never idle
    waiting for the next page; `wait` collects an answer."""

    def __init__(self, cwd: Path):
        self.proc = subprocess.Popen([_binary(), "--service"], cwd=cwd, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.n = 0
        self.answers: dict[int, dict] = {}
        self.done = threading.Condition()
        self.ended = False
        self.reader = threading.Thread(target=self._read, name="pagefind-answers", daemon=True)
        self.reader.start()

    def _read(self) -> None:
        # An answer can be tens of MB (a part's files): its chunks are kept in a list and
        # joined once. Appending each chunk to one buffer and splitting it again copied
        # and scanned the whole answer per 64 KB read, holding the GIL for seconds that
        # the build's own thread waited for.
        head: list[bytes] = []
        try:
            while chunk := self.proc.stdout.read1(1 << 16):
                if b"," not in chunk:
                    head.append(chunk)
                    continue
                first, *whole, rest = chunk.split(b",")
                whole.insert(0, b"".join(head) + first)
                head = [rest] if rest else []
                for raw in filter(None, whole):  # (no empty message between two commas)
                    answer = json.loads(base64.b64decode(raw))
                    with self.done:
                        self.answers[answer.get("message_id")] = answer["payload"]
                        self.done.notify_all()
        finally:
            with self.done:
                self.ended = True
                self.done.notify_all()

    def post(self, payload: dict) -> int:
        self.n += 1
        msg = json.dumps({"message_id": self.n, "payload": payload}).encode()
        try:
            self.proc.stdin.write(base64.b64encode(msg) + b",")
        except BrokenPipeError:
            raise RuntimeError(_("the Pagefind service exited")) from None
        return self.n

    def wait(self, message_id: int) -> dict:
        self.proc.stdin.flush()
        with self.done:
            while message_id not in self.answers:
                if self.ended:
                    raise RuntimeError(_("the Pagefind service exited"))
                self.done.wait()
            out = self.answers.pop(message_id)
        if out.get("type") == "Error":
            raise RuntimeError(f"pagefind: {out.get('message')}")
        return out

    def send(self, payload: dict) -> dict:
        return self.wait(self.post(payload))

    def close(self) -> None:
        if self.proc.poll() is not None:
            return
        # at the end of its input the service exits at once, whatever it is still doing:
        # it is closed only once GetFiles has answered (see _write)
        try:
            self.proc.stdin.close()
        except BrokenPipeError:
            pass
        try:
            self.proc.wait(timeout=300)
        except subprocess.TimeoutExpired:
            self.proc.terminate()
            self.proc.wait()


def _is_part(rel: Path) -> bool:
    return bool(rel.parts) and _PART.fullmatch(rel.parts[0]) is not None


def prepare(text: str) -> tuple[list[str], str] | None:
    """(people, the HTML to index) of a built page, or None when it is not searchable."""
    if BODY not in text:  # aggregates, index pages, weekly snapshots, 404
        return None
    m = ARTICLE.search(text)
    if not m:  # data-pagefind-body on another element: the page as it is
        return [], text
    article = m[0]
    people = []
    found = PEOPLE.search(article)
    if found:
        people = [n for n in html.unescape(found[1]).split(PEOPLE_SEPARATOR) if n]
        words = " ".join(person_token(n) for n in people)
        # as text right after the title: a name's excerpt then shows the record's header
        if words and "data-mb-name-only" in article:  # the page's content is ignored: the words go last
            article = article.replace("</article>", f"<p>{words}</p></article>")
        elif words:
            article, n = re.subn(r"</h1>", f"</h1><p>{words}</p>", article, count=1)
            if not n:
                article = article.replace("</article>", f"<p>{words}</p></article>")
    lang = LANG.search(text)
    # The article goes as it is. Stripping the attributes Pagefind does not read (links'
    # addresses, the theme's classes: a third of the bytes) cost the build's own thread
    # 0.25 ms a page, the thread every page waits for, to save Pagefind a tenth of its time
    # on the other processor (5.2 against 5.7 s for 1,500 heavy pages; the index is the same).
    return people, f'<html lang="{lang[1] if lang else "zh"}"><body>{article}</body></html>'


def record_page_html(lang: str, meta: dict, content: str) -> tuple[list[str], str] | None:
    """What Pagefind reads of a record's built page, written before the page is: the
    article as the theme writes it (plugins/theme/main.html: the hidden block of title,
    filters and people, then the content). The plugin hands it over as soon as the
    record's content is rendered, so the index is made while MkDocs renders the rest;
    a test holds what Pagefind keeps of it equal to what it keeps of the built page."""
    pf = meta.get("pagefind") or {}
    esc = html.escape
    people = pf.get("people") or []
    block = [f'<div hidden data-pagefind-ignore data-mb-people="{esc(PEOPLE_SEPARATOR.join(people))}">'
             if people else "<div hidden data-pagefind-ignore>",
             f'<span data-pagefind-meta="title">{meta.get("title", "")}</span>']
    for key, value in (pf.get("filters") or {}).items():
        for v in value if isinstance(value, list) else [value]:
            block.append(f'<span data-pagefind-filter="{esc(str(key))}">{esc(str(v))}</span>')
    block.append("</div>")
    # the tags the theme shows are a <nav>, which Pagefind leaves out of the text
    page = f'<html lang="{esc(lang)}"><body><article data-pagefind-body>{"".join(block)}{content}</article></body></html>'
    return prepare(page)


def _pages(site_dir: Path):
    """(site-relative path, the page's HTML) of every page of a built site."""
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir)
        if not _is_part(rel):
            yield rel, path.read_text(encoding="utf-8", errors="replace")


def _url(rel: Path | str) -> str:
    url = "/" + Path(rel).as_posix()
    return url[: -len("index.html")] if url.endswith("/index.html") else url


class Indexer:
    """Pagefind over one site folder, fed page by page.

    `add` hands a built page to a thread of its own, which feeds the Pagefind service
    while the caller goes on (the MkDocs build renders its next pages meanwhile: on two
    cores the index costs little more than the build); `finish` writes the last part and
    what the search box reads. Parts of `part_pages` pages, each its own process."""

    _END = object()

    def __init__(self, site_dir: Path, *, part_pages: int = PART_PAGES):
        self.site_dir = Path(site_dir).resolve()
        self.part_pages = part_pages
        self.t0 = time.monotonic()
        self.parts: list[str] = []
        self.people: set[str] = set()
        self.urls: list[str] = []
        self.error: BaseException | None = None
        self.site_dir.mkdir(parents=True, exist_ok=True)
        for old in self.site_dir.iterdir():  # a rebuild into the same folder: no stale parts
            if old.is_dir() and _is_part(Path(old.name)):
                remove_tree(old)
        # a few pages in hand at most: the build waits for the indexer rather than
        # holding thousands of pages in memory
        self.queue: queue.Queue = queue.Queue(maxsize=256)
        self.thread = threading.Thread(target=self._run, name="pagefind-indexer", daemon=True)
        self.thread.start()

    def add(self, rel: Path | str, text: str) -> None:
        """A built page (`rel` relative to the site folder, its whole HTML)."""
        self.add_prepared(rel, prepare(text))

    def add_prepared(self, rel: Path | str, prepared: tuple[list[str], str] | None) -> None:
        """A page as `prepare` or `record_page_html` gave it (None: not searchable)."""
        if self.error is not None:
            return  # reported by finish
        if prepared is None:
            return
        people, page = prepared
        self.people.update(people)
        url = _url(rel)
        self.urls.append(url)
        self._put((url, page))

    def finish(self) -> dict:
        """Write the index; the pages indexed, the parts, the people and the seconds."""
        self._stop()
        if self.error is not None:
            raise RuntimeError(str(self.error)) from self.error
        # what the search box needs: the parts to merge, the names it turns into their words
        write_atomic(self.site_dir / BUNDLE / "mb-search.json",
                     json.dumps({"bundles": self.parts, "people": sorted(self.people)}, ensure_ascii=False),
                     durable=False)
        return {"pages": self.urls, "parts": self.parts, "people": len(self.people),
                "seconds": round(time.monotonic() - self.t0, 2)}

    def cancel(self) -> None:
        """The build failed: stop, and leave no Pagefind process behind."""
        self.error = self.error or RuntimeError("cancelled")
        self._stop()

    def _stop(self) -> None:
        self._put(self._END)
        self.thread.join()

    def _put(self, job) -> None:
        """Into the queue, unless the indexer has ended (its error is reported by finish)."""
        while self.thread.is_alive():
            try:
                self.queue.put(job, timeout=0.5)
                return
            except queue.Full:
                continue

    def _run(self) -> None:
        service, index_id, pending = None, None, []
        writing: threading.Thread | None = None
        try:
            while (job := self.queue.get()) is not self._END:
                if self.error is not None:
                    continue  # cancelled: drain to the end
                if service is None:
                    service, index_id = self._new_index()
                url, page = job
                pending.append(service.post({"type": "AddFile", "index_id": index_id, "url": url,
                                             "file_contents": page, "file_path": None}))
                if len(pending) >= self.part_pages:
                    # A full part is written by a thread of its own while the next part's
                    # process takes pages: written in line, the build stood waiting for a
                    # fifth of its time at 10,000 records. One write at a time, so that at
                    # most two processes are alive (a part's memory goes back when its
                    # process ends).
                    self._join(writing)
                    writing = threading.Thread(target=self._write_part, name="pagefind-writer",
                                               args=(service, index_id, pending, len(self.parts)), daemon=True)
                    self.parts.append(_part_name(len(self.parts)))
                    writing.start()
                    service, pending = None, []
            self._join(writing)
            if service is None and not self.parts:  # nothing searchable: an empty index, the box still works
                service, index_id = self._new_index()
            if service is not None:
                self.parts.append(_part_name(len(self.parts)))
                last, service = service, None
                self._write_part(last, index_id, pending, len(self.parts) - 1)
        except BaseException as exc:  # handed to finish(), in the caller's thread
            self.error = self.error or exc
        finally:
            if service is not None:
                service.close()
            if writing is not None:
                writing.join()

    def _new_index(self) -> tuple[_Service, int]:
        service = _Service(self.site_dir)
        return service, service.send({"type": "NewIndex", "config": {"exclude_selectors": EXCLUDE}})["index_id"]

    def _join(self, writing: threading.Thread | None) -> None:
        """Wait for the part being written; its failure (or a cancel) ends the indexing."""
        if writing is not None:
            writing.join()
        if self.error is not None:
            raise self.error

    def _write_part(self, service: _Service, index_id: int, pending: list[int], n: int) -> None:
        try:
            for message_id in pending:  # every page answered, none refused
                service.wait(message_id)
            _write(service, index_id, self.site_dir, n)
        except BaseException as exc:  # handed to finish(), in the caller's thread
            self.error = self.error or exc
            service.close()


def _part_name(n: int) -> str:
    return (BUNDLE if n == 0 else f"{BUNDLE}-{n}") + "/"


def index_site(site_dir: Path, *, part_pages: int = PART_PAGES) -> dict:
    """Index the searchable pages of a built site folder into `site_dir/pagefind*/`
    (`minutebook index`, the pre-rendered site's hook). A site with no searchable page
    still gets an (empty) index."""
    indexer = Indexer(site_dir, part_pages=part_pages)
    for rel, text in _pages(indexer.site_dir):
        indexer.add(rel, text)
    return indexer.finish()


# files of the bundle no page of the site loads (Pagefind's other UIs, target-page highlighting)
_UNUSED = ("pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-component-ui.js",
           "pagefind-component-ui.css", "pagefind-highlight.js")
# what only the first part needs: the search box loads the UI from there
_UI = ("pagefind-ui.js", "pagefind-ui.css")


def _write(service: _Service, index_id: int, site_dir: Path, n: int) -> str:
    """Write one part's files. They are asked for (`GetFiles`) and written here: the
    service's own `WriteFiles` answers before its writes have landed, and the process
    exits at the end of its input, which has left an empty pagefind-entry.json behind
    (1 build in 30). The part's folder is replaced whole (`replace_tree`)."""
    name = _part_name(n).rstrip("/")
    files = service.send({"type": "GetFiles", "index_id": index_id})["files"]
    service.close()
    out: list[tuple[Path, bytes]] = []
    for f in files:
        rel = Path(f["path"])
        if rel.is_absolute() or ".." in rel.parts or not rel.parts:
            raise RuntimeError(_("pagefind: unexpected file name {name}").format(name=repr(f["path"])))
        if rel.as_posix() in _UNUSED or (n and rel.as_posix() in _UI):
            continue
        out.append((rel, base64.b64decode(f["content"])))
    if not any(rel.as_posix() == "pagefind-entry.json" and data for rel, data in out):
        raise RuntimeError(_("Pagefind wrote no {entry}").format(entry=site_dir / name / "pagefind-entry.json"))
    replace_tree(site_dir / name, out)
    return name + "/"


def indexed_urls(site_dir: Path) -> set[str]:
    """The URLs of the pages in a site's index, read back from its fragments (one per page,
    gzip: `pagefind_dcd` then JSON), for the tests and the benchmarks."""
    import gzip

    urls = set()
    for part in Path(site_dir).iterdir():
        if part.is_dir() and _is_part(Path(part.name)):
            for frag in (part / "fragment").glob("*.pf_fragment"):
                data = gzip.decompress(frag.read_bytes())
                urls.add(json.loads(data[data.index(b"{"):])["url"])
    return urls


# ------------------------------------------------------------ which pages are searchable

# macros that aggregate nothing: a page calling only these is still a hand-written page
NOT_AGGREGATING = ("as_of", "policy")
_TAGS_MARKER = "<!-- material/tags"


def searchable(rel: str, markdown: str, meta: dict) -> bool:
    """Whether a hand-written page (docs-relative path `rel`) goes into the search index.

    Not: a page whose front-matter says `search: {exclude: true}`, a weekly snapshot, a
    page that calls an aggregating macro (open items, SOPs, lessons, decisions,
    conflicts, metrics, the weekly index: they repeat what the record pages say) and the
    tags page. `markdown` is the page's source, its macros not yet evaluated."""
    from minutebook.render.macros import macros
    from minutebook.reports import weekly

    search = meta.get("search")
    if isinstance(search, dict) and search.get("exclude"):
        return False
    if weekly.is_snapshot_text(rel, markdown):
        return False
    names = [n for n in macros(None, rel) if n not in NOT_AGGREGATING]
    if re.search(r"\{\{-?\s*(?:" + "|".join(map(re.escape, names)) + r")\s*\(", markdown):
        return False
    return _TAGS_MARKER not in markdown


EXCLUDED = {"exclude": True}  # the `search:` front-matter value of a page kept out of the index
