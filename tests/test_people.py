"""Each person's and each department's own page, live and per audience.

A browser opens the page of the owner of the latest sample item: the overdue item is
first, and the calendar feed it links to is served. A restricted record's items appear
on the pages of the audience that may read it, and on no other audience's pages.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import quote, urljoin
from urllib.request import urlopen

import pytest
from helpers import make_repo, minutes
from test_browser import browser, open_page, overdue, sample, site  # noqa: F401  (fixtures)

from checks.engine import load_repository
from minutebook.render import people
from minutebook.views.view import View

AS_OF = dt.date(2026, 11, 20)
CANARY = "CANARY-people-4e1d"


@pytest.mark.browser
def test_a_persons_page_lists_their_overdue_item_first_with_their_calendar(site, browser, overdue):  # noqa: F811
    latest = max(overdue, key=lambda i: (AS_OF - i.due, i.id or ""))
    owner = latest.owner
    theirs = [i for i in overdue if i.owner == owner]
    first = max(theirs, key=lambda i: ((AS_OF - i.due).days, i.due))
    url = urljoin(site, f"people/{quote(owner)}/")
    open_page(browser, url)
    rows = browser.find_elements("css selector", "article table tbody tr")
    texts = [r.text for r in rows]
    # the first item row of 未关闭事项 (the second table; the first is the counts)
    item_rows = [t for t in texts if "逾期" in t or "未开始" in t or "进行中" in t or "阻塞" in t]
    assert item_rows and (first.id or "") in item_rows[0] and "逾期" in item_rows[0], texts
    feeds = [a.get_attribute("href") for a in browser.find_elements("css selector", "article a")
             if (a.get_attribute("href") or "").endswith(".events.ics")]
    assert feeds and feeds[0].endswith(f"exports/owner/{quote(owner)}.events.ics"), feeds
    with urlopen(feeds[0], timeout=10) as response:  # the build published it
        assert response.status == 200 and b"BEGIN:VCALENDAR" in response.read()


def restricted_repo(tmp_path: Path) -> Path:
    secret = minutes(title="研发内部会", visibility="restricted", blocks=f"""\
audience: [研发部]
actions:
  - id: SECRET-01
    task: {CANARY}
    owner: 王磊
    due: 2026-11-18
""")
    return make_repo(tmp_path / "repo", {"records/2026-09-14-secret.md": secret})


@pytest.mark.parametrize("audience, sees", [("研发部", True), ("internal", False), ("public", False),
                                             ("市场部", False)])
def test_a_restricted_item_reaches_only_its_audiences_pages(tmp_path, audience, sees):
    root = restricted_repo(tmp_path)
    repo = load_repository(root, AS_OF)
    assert not repo.errors, [d.format() for d in repo.errors]
    pages = people.pages(View.of(repo, audience))
    holding = sorted(path for path, text in pages.items() if CANARY in text)
    if sees:
        assert holding == ["departments/研发部.md", "people/王磊.md"]
        assert pages["people/王磊.md"].index(CANARY) < pages["people/王磊.md"].index("## 未来 7 天到期")
    else:
        assert holding == []
