"""Every artefact that lists open items agrees with the others: the site's open-items
query, the weekly page, the exports, the metrics, for each audience."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from checks.engine import load_repository
from minutebook.reports import exports, metrics, weekly
from minutebook.views import queries
from minutebook.views.view import View

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 11, 20)


@pytest.fixture(scope="module")
def repo():
    return load_repository(ROOT, AS_OF)


def ids(items) -> list[str]:
    return sorted(i.id or f"{i.record.key}#{i.anchor}" for i in items)


@pytest.mark.parametrize("audience", ["internal", "public", "财务部"])
def test_open_items_agree_across_artefacts(repo, audience):
    view = View.of(repo, audience)
    expected = ids(queries.open_items(view.items))
    assert ids(w for w in weekly.build(view, None).open) == expected
    assert ids(r.item for r in exports.rows(view, exports.Links(None, True))) == expected
    assert ids(o.item for o in metrics.compute(view).facts.open_items) == expected
    late = ids(queries.overdue(view.items, AS_OF))
    assert ids(weekly.build(view, None).overdue) == late
    assert ids(r.item for r in exports.rows(view, exports.Links(None, True)) if r.overdue) == late


def test_samples_have_open_items_for_the_internal_audience(repo):
    assert len(queries.open_items(View.of(repo, "internal").items)) >= 5
