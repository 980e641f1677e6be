"""Headless Chromium opening the site built from the sample records.

One `mkdocs build --strict` and one browser session for the whole module: the built
folder is served over real HTTP on 127.0.0.1 (Pagefind's search and Material's instant
navigation need http://, not file://) and Debian's chromium is driven by selenium
through Debian's chromedriver, so selenium never looks for or downloads a driver.

A missing browser is a broken setup (`.ci/run` installs chromium), so it fails the
tests; it never skips them. Screenshots go to tests/artifacts/ (git-ignored).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import http.server
import importlib.util
import os
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import quote, urldefrag, urljoin, urlsplit
from urllib.request import urlopen

import pytest

try:
    from selenium import webdriver
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError as err:  # fail in the fixture with a readable message, never skip
    SELENIUM_MISSING: ImportError | None = err
else:
    SELENIUM_MISSING = None

from checks.engine import load_repository
from minutebook.render import record_page
from minutebook.views.view import View
from minutebook.views.visibility import INTERNAL

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
AS_OF = dt.date(2026, 11, 20)
SOURCE_DATE_EPOCH = "1790000000"  # 2026-09-21, any fixed value will do
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
WAIT = 30  # seconds

CHROME_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,2000",
]


# --------------------------------------------------------------------------- data


def page_path(path: str) -> str:
    """Site path of a record: records/<kind>/<year>/<stem>.md -> records/<kind>/<year>/<stem>/."""
    assert path.startswith("records/") and path.endswith(".md"), path
    return path[: -len(".md")] + "/"


@pytest.fixture(scope="module")
def sample():
    """The sample records as the (internal) build sees them on AS_OF: the records the
    audience may read and their items, as the site's own View computes them."""
    view = View.of(load_repository(ROOT, AS_OF), INTERNAL)
    return view.repo, view.records, view.items


@pytest.fixture(scope="module")
def overdue(sample):
    _, _, items = sample
    late = [item for item in items if item.is_overdue(AS_OF)]
    if not late:
        pytest.fail(f"the sample records have no item overdue on {AS_OF}: nothing for the browser to show")
    return late


# --------------------------------------------------------------------------- site


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


def build_and_serve(out: Path, audience: str, part_pages: int | None = None):
    """Build the sample site for `audience` into `out` and serve it; yields the base URL.
    With `part_pages`, its search index is made again in parts of that many pages."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", MINUTEBOOK_TODAY=AS_OF.isoformat(),
               SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH, MINUTEBOOK_AUDIENCE=audience)
    mkdocs = Path(sys.executable).parent / "mkdocs"
    proc = subprocess.run([str(mkdocs), "build", "--strict", "-d", str(out)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    if proc.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    if part_pages:
        from minutebook.render.search_index import index_site

        assert len(index_site(out, part_pages=part_pages)["parts"]) > 1
    handler = functools.partial(QuietHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The sample site as the internal audience (the default) reads it, served."""
    yield from build_and_serve(tmp_path_factory.mktemp("browser") / "site", INTERNAL)


@pytest.fixture(scope="module")
def parted_site(tmp_path_factory):
    """The internal site with its search index in parts of 5 pages, merged in the browser
    (what a large site gets with parts of 1,500)."""
    yield from build_and_serve(tmp_path_factory.mktemp("browser-parts") / "site", INTERNAL, part_pages=5)


@pytest.fixture(scope="module")
def department_site(tmp_path_factory):
    """The sample site as 财务部 reads it (with its restricted minutes), served."""
    yield from build_and_serve(tmp_path_factory.mktemp("browser-dept") / "site", "财务部")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if SELENIUM_MISSING is not None:
        pytest.fail(f"selenium is not installed ({SELENIUM_MISSING}); install the project's test extras")
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not (p.is_file() and os.access(p, os.X_OK))]
    if missing:
        pytest.fail(
            f"headless browser tests need Debian's chromium and chromium-driver, missing: {', '.join(missing)}. "
            "Install them with `apt-get install chromium chromium-driver fonts-noto-cjk` "
            "(.ci/run does); the tests never skip a missing browser."
        )
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SE_OFFLINE", "true")  # Selenium Manager, should anything call it, stays offline
        driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        driver.set_window_size(1280, 2000)
        yield driver
    finally:
        driver.quit()


# --------------------------------------------------------------------------- helpers


def wait(driver, timeout=WAIT):
    return WebDriverWait(driver, timeout)


def open_page(driver, url):
    driver.get(url)
    wait(driver).until(lambda d: d.execute_script("return document.readyState") == "complete")
    wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, "article h1")))


def full_page_screenshot(driver, path: Path, size: tuple[int, int] = (1280, 2000)):
    """Resize the window to the page's height, save a PNG, restore the window."""
    path.parent.mkdir(parents=True, exist_ok=True)
    width, height = size
    full = driver.execute_script(
        "return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)")
    driver.set_window_size(width, max(height, int(full) + 200))  # + the window's own chrome
    try:
        driver.execute_script("window.scrollTo(0, 0)")
        assert driver.save_screenshot(str(path)), f"could not save {path}"
    finally:
        driver.set_window_size(width, height)
    assert path.stat().st_size > 10_000, f"{path} is suspiciously small"


def has_class(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def overdue_rows(driver):
    return driver.find_elements(By.XPATH, f"//article//table//tr[.//*[{has_class('mb-overdue')}]]")


def click(driver, element):
    """Scroll an element to the middle of the window (clear of the sticky header) and click it."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def scheme(driver) -> str | None:
    return driver.find_element(By.TAG_NAME, "body").get_attribute("data-md-color-scheme")


# --------------------------------------------------------------------------- tests


# What the search box must find, per build: a record by a word of its title, by the id of
# one of its items and by its owner's name. 财务部's build holds the restricted budget
# minutes (audience 财务部), which the internal build does not.
RESTRICTED = "records/minutes/2026/2026-11-09-budget-allocation.md"
SEARCHES = {
    INTERNAL: {"record": "records/conflict/2026/2026-11-06-migration-consent-dispute.md",
               "title_word": "授权", "item_id": "CS-07",
               "item_record": "records/minutes/2026/2026-11-05-export-complaint-followup.md"},
    "财务部": {"record": RESTRICTED, "title_word": "再分配", "item_id": "BUDGET-01", "item_record": RESTRICTED},
}
OWNER = "钱晓东"  # owns the restricted minutes, and records every audience here may read
OWNER_PAGE = f"people/{quote(OWNER)}/"  # their own page: found by the name too


def search(driver, query: str) -> tuple[str, set[str]]:
    """Type `query` into the open search dialog; the result message and the site paths of
    every result (after "更多结果" until all are shown)."""
    box = wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, ".pagefind-ui__search-input")))
    box.clear()
    box.send_keys(query)

    def settled(d):
        msg = d.find_elements(By.CSS_SELECTOR, ".pagefind-ui__message")
        text = msg[0].text if msg else ""
        return text if query in text and "正在搜索" not in text else False

    try:
        text = wait(driver).until(settled)
    except TimeoutException:
        pytest.fail(f"searching {query!r} never showed a result message within {WAIT} s")
    while True:
        more = [b for b in driver.find_elements(By.CSS_SELECTOR, ".pagefind-ui__button") if b.is_displayed()]
        if not more:
            break
        count = len(driver.find_elements(By.CSS_SELECTOR, ".pagefind-ui__result-link"))
        click(driver, more[0])
        wait(driver).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".pagefind-ui__result-link")) > count)
    links = driver.find_elements(By.CSS_SELECTOR, ".pagefind-ui__result-link")
    return text, {urlsplit(a.get_attribute("href")).path.lstrip("/") for a in links}


def open_search(driver, base: str, page: str = "guide/") -> None:
    open_page(driver, urljoin(base, page))
    button = driver.find_element(By.CSS_SELECTOR, "header .mb-search__open")
    assert button.is_displayed(), "the header has no visible search button"
    button.click()
    wait(driver).until(lambda d: d.find_element(By.ID, "mb-search-dialog").is_displayed())


@pytest.mark.parametrize("audience", [INTERNAL, "财务部"])
def test_search_box_finds_a_record_by_title_word_item_id_and_owner(request, browser, audience):
    base = request.getfixturevalue("site" if audience == INTERNAL else "department_site")
    case = SEARCHES[audience]
    view = View.of(load_repository(ROOT, AS_OF), audience)
    readable = {r.path for r in view.records}
    assert case["record"] in readable and case["item_record"] in readable
    assert (RESTRICTED in readable) == (audience == "财务部")
    record = view.record(Path(case["record"]).stem)
    assert case["title_word"] in record.title
    assert case["item_id"] in {i.id for i in view.items_of(view.record(Path(case["item_record"]).stem))}

    with urlopen(base, timeout=10) as response:
        html = response.read().decode("utf-8")
    assert 'class="mb-search"' in html and "md-search__input" not in html  # Pagefind's box, not Material's

    open_search(browser, base)
    text, found = search(browser, case["title_word"])
    assert page_path(case["record"]) in found, (case["title_word"], text, sorted(found))
    text, found = search(browser, case["item_id"])
    assert page_path(case["item_record"]) in found, (case["item_id"], text, sorted(found))

    # a name finds exactly the records that name the person, and their own page (and no
    # page that merely has its three characters somewhere): this build's audience only
    naming = {page_path(r.path) for r in view.records if OWNER in record_page.people(view, r)} | {OWNER_PAGE}
    assert naming, f"no record of {audience} names {OWNER}"
    text, found = search(browser, OWNER)
    assert found == naming, (text, sorted(found ^ naming))
    assert (page_path(RESTRICTED) in found) == (audience == "财务部")
    excerpts = " ".join(e.get_attribute("innerHTML")
                        for e in browser.find_elements(By.CSS_SELECTOR, ".pagefind-ui__result-excerpt"))
    assert "mbp" not in excerpts and f"<mark>{OWNER}</mark>" in excerpts, excerpts
    assert "mbp" not in text and OWNER in text, text
    # a name inside a longer query is searched as the name too
    text, found = search(browser, f"{OWNER} {case['title_word']}")
    assert page_path(RESTRICTED) in found if audience == "财务部" else found <= naming, (text, sorted(found))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / f"search-{audience}.png"))  # not asserted: for a human to look at
    browser.switch_to.active_element.send_keys(Keys.ESCAPE)
    wait(browser).until(lambda d: not d.find_element(By.ID, "mb-search-dialog").is_displayed())


def test_search_merges_the_parts_of_a_large_index(parted_site, browser):
    view = View.of(load_repository(ROOT, AS_OF), INTERNAL)
    naming = {page_path(r.path) for r in view.records if OWNER in record_page.people(view, r)} | {OWNER_PAGE}
    open_search(browser, parted_site)
    _, found = search(browser, OWNER)
    assert found == naming
    case = SEARCHES[INTERNAL]
    _, found = search(browser, case["item_id"])
    assert page_path(case["item_record"]) in found
    _, found = search(browser, "会议")  # in pages of every part
    assert len(found) > 5
    browser.switch_to.active_element.send_keys(Keys.ESCAPE)


def test_search_keys_open_and_close_and_results_navigate(site, browser):
    open_page(browser, urljoin(site, "guide/"))
    browser.find_element(By.TAG_NAME, "body").send_keys("/")
    wait(browser).until(lambda d: d.find_element(By.ID, "mb-search-dialog").is_displayed())
    wait(browser).until(lambda d: "pagefind-ui__search-input" in (d.switch_to.active_element.get_attribute("class") or ""))
    case = SEARCHES[INTERNAL]

    def filter_panel_shown(d):
        panels = d.find_elements(By.CSS_SELECTOR, ".pagefind-ui__filter-panel")
        return bool(panels) and panels[0].is_displayed()

    # the filters (类型, 部门 …) only once a word is typed: a filter without a word would
    # download the whole index
    wait(browser).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".pagefind-ui__search-input")))
    assert not filter_panel_shown(browser)
    _, found = search(browser, case["title_word"])
    wait(browser).until(filter_panel_shown)
    names = {e.text for e in browser.find_elements(By.CSS_SELECTOR, ".pagefind-ui__filter-name")}
    assert {"类型", "部门", "责任人", "年份", "状态"} <= names, names
    # a ticked filter is cleared with the word: no filter-only search
    click(browser, browser.find_elements(By.CSS_SELECTOR, ".pagefind-ui__filter-name")[0])
    checkbox = wait(browser).until(EC.visibility_of_element_located((By.CSS_SELECTOR, ".pagefind-ui__filter-checkbox")))
    click(browser, checkbox)
    wait(browser).until(lambda d: d.find_element(By.CSS_SELECTOR, ".pagefind-ui__filter-checkbox").is_selected())
    box = browser.find_element(By.CSS_SELECTOR, ".pagefind-ui__search-input")
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(Keys.BACKSPACE)
    wait(browser).until(lambda d: not any(c.is_selected() for c in d.find_elements(By.CSS_SELECTOR, ".pagefind-ui__filter-checkbox")))
    assert not filter_panel_shown(browser)
    _, found = search(browser, case["title_word"])
    target = page_path(case["record"])
    link = next(a for a in browser.find_elements(By.CSS_SELECTOR, ".pagefind-ui__result-link")
                if urlsplit(a.get_attribute("href")).path.lstrip("/") == target)
    click(browser, link)
    wait(browser).until(lambda d: urlsplit(d.current_url).path.lstrip("/") == target)
    wait(browser).until(lambda d: not d.find_element(By.ID, "mb-search-dialog").is_displayed())
    # after Material's instant navigation the box still searches (its paths were made absolute)
    browser.find_element(By.CSS_SELECTOR, "header .mb-search__open").click()
    _, found = search(browser, case["item_id"])
    assert page_path(case["item_record"]) in found
    browser.switch_to.active_element.send_keys(Keys.ESCAPE)
    wait(browser).until(lambda d: not d.find_element(By.ID, "mb-search-dialog").is_displayed())
    severe = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert not severe, severe


def test_open_items_marks_overdue_items(site, browser, sample, overdue):
    repo, _, _ = sample
    late = {item.id: item for item in overdue if item.id}
    assert late, "no overdue sample item has an id"
    open_page(browser, urljoin(site, "open-items/"))
    rows = overdue_rows(browser)
    assert rows, "the open-items page shows no row with an mb-overdue badge"
    shown = set()
    for row in rows:
        badge = row.find_element(By.CSS_SELECTOR, ".mb-overdue")
        assert badge.is_displayed()
        assert "逾期" in badge.text, f"overdue badge says {badge.text!r}"
        item_id = row.find_element(By.CSS_SELECTOR, "td").text.strip()
        assert item_id in late, f"row marked overdue names {item_id!r}, overdue on {AS_OF} are {sorted(late)}"
        days = late[item_id].days_late(AS_OF, repo.calendar)
        assert badge.text == f"逾期 {days} 个工作日", row.text
        colour = badge.value_of_css_property("background-color")
        assert colour not in ("rgba(0, 0, 0, 0)", "transparent"), f"badge of {item_id} has no background"
        shown.add(item_id)
    assert shown == set(late), f"overdue items missing from the page: {sorted(set(late) - shown)}"


def test_open_items_screenshot(site, browser):
    open_page(browser, urljoin(site, "open-items/"))
    assert overdue_rows(browser)
    full_page_screenshot(browser, ARTIFACTS / "open-items.png")


def test_palette_toggle_to_dark_and_back(site, browser):
    open_page(browser, urljoin(site, "open-items/"))
    assert scheme(browser) == "default", "the page should open in the light scheme"
    click(browser, browser.find_element(By.CSS_SELECTOR, "label[for='__palette_1']"))
    try:
        wait(browser, 10).until(lambda d: scheme(d) == "slate")
        full_page_screenshot(browser, ARTIFACTS / "open-items-dark.png")
    finally:
        # Material remembers the choice in localStorage: switch back for the other tests
        toggle = browser.find_elements(By.CSS_SELECTOR, "label[for='__palette_0']")
        if toggle and scheme(browser) == "slate":
            click(browser, toggle[0])
            wait(browser, 10).until(lambda d: scheme(d) == "default")
    assert scheme(browser) == "default"


def test_record_page_overdue_badge_and_update_links(site, browser, sample, overdue):
    _, records, items = sample
    by_page = {page_path(r.path): r for r in records}
    by_id = {item.id: item for item in items if item.id}

    def has_links(record):
        return bool(record.meta.get("updates")) or any(
            i.history for i in items if i.record is record)

    candidates = [item for item in overdue if has_links(item.record)]
    if not candidates:
        pytest.fail("no overdue sample item sits on a record with a 事项更新 or 事项进展 section")
    item = candidates[0]
    record = item.record

    open_page(browser, urljoin(site, page_path(record.path)))
    assert browser.find_element(By.CSS_SELECTOR, "article h1").text == record.title
    row = browser.find_element(By.XPATH, f"//article//tr[.//*[@id='{item.anchor}']]")
    badge = row.find_element(By.CSS_SELECTOR, ".mb-overdue")
    assert badge.is_displayed() and "逾期" in badge.text, row.text

    links = []
    for section in ("事项更新", "事项进展"):
        # the element after the heading: the table, which Material's script wraps in divs
        links += browser.find_elements(
            By.XPATH, f"//article//h2[@id='{section}']/following-sibling::*[1]//a[@href]")
    assert links, f"{record.path}: no links in the 事项更新/事项进展 tables"
    link = links[0]
    href = link.get_attribute("href")  # absolute, as the browser resolved it
    text = link.text.strip()
    target_url, fragment = urldefrag(href)
    assert target_url.startswith(site), href
    target = by_page.get(target_url[len(site):])
    assert target is not None, f"{href} is not the page of any record"
    if text in by_id:  # an 事项更新 link names the item; it must lead to the record declaring it
        assert by_id[text].record is target and fragment == by_id[text].anchor, href

    click(browser, link)
    try:
        wait(browser).until(lambda d: urldefrag(d.current_url)[0] == target_url)
        wait(browser).until(lambda d: d.find_element(By.CSS_SELECTOR, "article h1").text == target.title)
    except TimeoutException:
        h1 = browser.find_elements(By.CSS_SELECTOR, "article h1")
        pytest.fail(f"clicking {text!r} led to {browser.current_url} with h1 "
                    f"{h1[0].text if h1 else None!r}; expected {href} titled {target.title!r}")
    assert browser.current_url == href
    if fragment:
        assert browser.find_elements(By.ID, fragment), f"{href}: no element with id {fragment!r}"


# --------------------------------------------------------------------------- phones, desktops, axe

PHONE = (390, 844)
DESKTOP = (1400, 1000)
SERIOUS = ("serious", "critical")
NO_TRANSITIONS = ("var s = document.createElement('style');"
                  "s.textContent = '*, *::before, *::after { transition: none !important; animation: none !important }';"
                  "document.head.appendChild(s);")


@contextlib.contextmanager
def viewport(driver, size):
    """The window at `size` (the page's own width, as a phone's), back to 1280×2000 after."""
    def resize(width, height):
        driver.set_window_size(width, height)
        try:  # the page sees the new size a moment later
            wait(driver, 10).until(lambda d: d.execute_script("return window.innerWidth") == width)
        except TimeoutException:
            inner = driver.execute_script("return window.innerWidth")
            pytest.fail(f"the window is {inner} px wide inside, not {width}: headless chromium changed")

    resize(*size)
    try:
        yield
    finally:
        resize(1280, 2000)


@pytest.fixture(scope="module")
def person(sample, overdue) -> str:
    """people/<name>/ of a person who owns an overdue item (quoted as the site links it)."""
    repo, _, _ = sample
    names = [item.owner for item in overdue if item.owner in repo.registry.people]
    if not names:
        pytest.fail(f"no person (rather than a department) owns an item overdue on {AS_OF}")
    return "people/" + quote(names[0]) + "/"


def newest_weekly() -> str:
    snapshots = sorted(p.stem for p in (ROOT / "docs" / "weekly").glob("20*-W*.md") if "." not in p.stem)
    assert snapshots, "the sample has no weekly snapshot in docs/weekly/"
    return f"weekly/{snapshots[-1]}/"


def record_with_overdue(overdue) -> str:
    return page_path(overdue[0].record.path)


def tables(driver):
    """Every table of the article: its width, its wrapper's and the article's, and whether
    the wrapper scrolls sideways."""
    return driver.execute_script("""
        const article = document.querySelector('article');
        const width = article.getBoundingClientRect().width;
        return [...article.querySelectorAll('table')].map((t, i) => {
          const wrap = t.closest('.md-typeset__scrollwrap') || t.parentElement;
          return {index: i, head: t.rows[0].innerText.replace(/\\s+/g, ' ').slice(0, 40),
                  width: t.getBoundingClientRect().width, article: width,
                  scrolls: wrap.scrollWidth > wrap.clientWidth + 1,
                  cards: !!t.querySelector('td > .mb-label')};
        });""")


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_overdue_badges_are_on_screen(site, browser, person, size):
    """Every overdue badge on 待办事项 and on a person's page is inside the window
    horizontally, without scrolling: on a phone and on a desktop."""
    with viewport(browser, size):
        for path in ("open-items/", person):
            open_page(browser, urljoin(site, path))
            badges = browser.execute_script("""
                return [...document.querySelectorAll('article .mb-overdue')].map(b => {
                  const r = b.getBoundingClientRect();
                  return {text: b.textContent, left: r.left, right: r.right, width: r.width};
                });""")
            assert badges, f"{path}: no overdue badge"
            inner = browser.execute_script("return window.innerWidth")
            off = [b for b in badges if b["right"] > inner or b["left"] < 0 or b["width"] == 0]
            assert not off, f"{path} at {size}: overdue badges outside the {inner} px window: {off}"
            page_width = browser.execute_script("return document.documentElement.scrollWidth")
            assert page_width <= inner, f"{path} at {size}: the page scrolls sideways ({page_width} px)"
            if size == PHONE and path == "open-items/":
                full_page_screenshot(browser, ARTIFACTS / "open-items-phone.png", size)


def test_item_tables_are_cards_on_a_phone(site, browser, overdue, person):
    """Under 600 px each row of an item table is a card: no header row to be seen, the
    row laid out as a block no wider than the article, the labelled cells under their
    column's label; on a desktop the same tables are plain tables."""
    pages = ("open-items/", person, record_with_overdue(overdue), newest_weekly())
    layout = """
        return [...document.querySelectorAll('article table')].filter(t => t.querySelector('td > .mb-label'))
          .map(t => {
            const row = t.tBodies[0].rows[0];
            const labelled = [...row.cells].find(c => c.querySelector(':scope > .mb-label'));
            const label = labelled.querySelector(':scope > .mb-label');
            return {head: getComputedStyle(t.tHead).position, row: getComputedStyle(row).display,
                    label: getComputedStyle(label).display, text: label.textContent,
                    header: t.tHead.rows[0].cells[labelled.cellIndex].textContent.trim(),
                    width: t.getBoundingClientRect().width,
                    article: document.querySelector('article').getBoundingClientRect().width};
          });"""
    for size in (PHONE, DESKTOP):
        with viewport(browser, size):
            for path in pages:
                open_page(browser, urljoin(site, path))
                found = browser.execute_script(layout)
                assert found, f"{path}: no item table with card labels"
                for t in found:
                    assert t["text"] == t["header"], f"{path}: a card says {t['text']!r} under {t['header']!r}"
                    if size == PHONE:
                        assert t["head"] == "absolute" and t["row"] == "flex" and t["label"] != "none", (path, t)
                        assert t["width"] <= t["article"] + 1, f"{path}: a card table is wider than the page: {t}"
                    else:
                        assert t["row"] == "table-row" and t["label"] == "none", (path, t)


def test_no_table_is_wider_than_its_column_on_a_desktop(site, browser, overdue, person):
    pages = ("open-items/", "weekly/", newest_weekly(), "metrics/", "lessons/", "sops/", "conflicts/",
             "decisions/", record_with_overdue(overdue), person)
    with viewport(browser, DESKTOP):
        for path in pages:
            open_page(browser, urljoin(site, path))
            wide = [t for t in tables(browser) if t["scrolls"] or t["width"] > t["article"] + 1]
            assert not wide, f"{path}: tables wider than the content column at {DESKTOP}: {wide}"


def axe_script() -> str:
    """axe-core's axe.min.js: the one selenium-axe-python ships (a test dependency), or
    the one $MINUTEBOOK_AXE_JS names (another axe-core, e.g. npm's axe-core package)."""
    override = os.environ.get("MINUTEBOOK_AXE_JS")
    if override:
        return Path(override).read_text(encoding="utf-8")
    spec = importlib.util.find_spec("selenium_axe_python")
    if spec is None or not spec.submodule_search_locations:
        pytest.fail("selenium-axe-python is not installed; install the project's test extras (pip install -e '.[test]')")
    return (Path(list(spec.submodule_search_locations)[0]) / "axe-core" / "axe.min.js").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def axe():
    return axe_script()


def axe_pages(overdue, person) -> list[str]:
    return ["", "open-items/", record_with_overdue(overdue), "metrics/", newest_weekly(), person]


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("colours", ["default", "slate"], ids=["light", "dark"])
def test_axe_finds_no_serious_violation_in_the_content(site, browser, overdue, person, axe, colours, size):
    """axe-core on the content (the article) of the home page, 待办事项, a record page,
    指标看板, a weekly page and a person's page, in the light and the dark scheme: no
    serious or critical violation. What axe still finds in the theme's own header and
    search is listed in README.md (Accessibility)."""
    problems = []
    with viewport(browser, size):
        for path in axe_pages(overdue, person):
            open_page(browser, urljoin(site, path))
            browser.execute_script(NO_TRANSITIONS)  # colours are measured at once, not mid-fade
            browser.execute_script("document.body.setAttribute('data-md-color-scheme', arguments[0])", colours)
            browser.execute_script(axe)
            browser.set_script_timeout(60)
            result = browser.execute_async_script(
                "const done = arguments[arguments.length - 1];"
                "axe.run('article', {resultTypes: ['violations']})"
                "  .then(r => done(r.violations), e => done({error: String(e)}));")
            assert not (isinstance(result, dict) and "error" in result), f"{path}: axe failed: {result}"
            for v in result:
                if v["impact"] in SERIOUS:
                    targets = [n["target"] for n in v["nodes"][:3]]
                    message = v["nodes"][0]["failureSummary"].replace("\n", " ") if v["nodes"] else ""
                    problems.append(f"/{path} {v['impact']} {v['id']} ({len(v['nodes'])}×): {targets} {message[:300]}")
    assert not problems, f"axe in the {colours} scheme at {size}:\n" + "\n".join(problems)


def test_a_table_that_scrolls_sideways_takes_the_keyboard_focus(site, browser):
    """No table of the sample scrolls any more; one that does (a long unbreakable cell) is
    focusable and named, so a keyboard can scroll it (axe: scrollable-region-focusable).
    Checked on a table put into the page, as Material wraps tables."""
    with viewport(browser, PHONE):
        open_page(browser, urljoin(site, "metrics/"))
        browser.execute_script("""
            const wrap = document.createElement('div');
            wrap.className = 'md-typeset__scrollwrap';
            wrap.id = 'mb-test-wide';
            wrap.innerHTML = '<div class="md-typeset__table"><table><thead><tr><th>编号</th><th>说明</th></tr></thead>'
              + '<tbody><tr><td>X-1</td><td style="white-space: nowrap">' + '很长的说明'.repeat(40) + '</td></tr></tbody></table></div>';
            document.querySelector('article').appendChild(wrap);
            window.dispatchEvent(new Event('resize'));""")
        wrap = browser.find_element(By.ID, "mb-test-wide")
        try:
            wait(browser, 10).until(lambda d: wrap.get_attribute("tabindex") == "0")
        except TimeoutException:
            pytest.fail("a table wrapper that scrolls sideways did not become focusable (assets/minutebook.js)")
        assert wrap.get_attribute("role") == "region" and wrap.get_attribute("aria-label").startswith("表格：编号、说明")
        unscrolled = browser.execute_script(
            "return [...document.querySelectorAll('article .md-typeset__scrollwrap:not(#mb-test-wide)')]"
            ".filter(w => w.hasAttribute('tabindex')).length")
        assert unscrolled == 0, "a wrapper that does not scroll took the focus"
