"""The modules' to-do sources over the shared fixtures: every source runs, every item
links somewhere, and each user sees items of their own subtrees and capabilities only."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.cadres.conftest import cadres  # noqa: F401 (fixture)
from tests.grassroots.conftest import gr  # noqa: F401 (fixture)
from tests.party.conftest import members  # noqa: F401 (fixture)
from tests.talent.conftest import tc  # noqa: F401 (fixture)
from zugong.core import todo
from zugong.core.models import TodoItem
from zugong.core.scope import system_scope

TODAY = dt.date(2026, 11, 24)


@pytest.fixture
def district(members, cadres, gr, tc):  # noqa: F811
    with system_scope("test"):
        result = todo.refresh_all(TODAY)
    return members, result


def test_every_source_runs_and_every_item_links_to_a_page(db, district):
    _cast, result = district
    assert result["failed"] == 0, result["message"]
    assert result["sources"] == len(todo.discover())
    with system_scope("test"):
        rows = list(TodoItem.objects.all())
    assert rows, "the fixtures give the sources something to report"
    assert all(row.url.startswith("/") for row in rows)
    assert all(row.title for row in rows)


def test_elections_without_a_committee_reach_the_township_officer(db, district):
    cast, _result = district
    titles = [
        row.title for row in todo.items_for(cast.officer_a) if row.source == "party.elections"
    ]
    assert any("中共金水社区支部委员会" in t for t in titles)


def test_township_b_sees_nothing_of_township_a(db, district):
    cast, _result = district
    with system_scope("test"):
        paths_a = cast.town_a.path
    rows_b = todo.items_for(cast.officer_b)
    with system_scope("test"):
        keys = {(r.source, r.key) for r in rows_b}
        stored = TodoItem.objects.filter(path__startswith=paths_a)
        assert not any((s.source, s.key) in keys for s in stored)
    assert all("临桂镇" not in r.organization and "金水" not in r.organization for r in rows_b)


@pytest.mark.parametrize("who", ["sysadmin", "secadmin", "auditor"])
def test_the_administrators_get_no_business_items(db, district, who):
    cast, _result = district
    assert todo.items_for(getattr(cast, who)) == []


def test_a_second_refresh_keeps_the_same_items(db, district):
    cast, _result = district
    before = [(r.source, r.key) for r in todo.items_for(cast.admin)]
    with system_scope("test"):
        todo.refresh_all(TODAY)
    assert [(r.source, r.key) for r in todo.items_for(cast.admin)] == before


def test_the_dues_source_counts_what_the_arrears_selector_lists(db, district):
    from zugong.party import selectors
    from zugong.party.todo import _arrears_by_organization

    with system_scope("test"):
        expected: dict[int, list[int]] = {}
        for row in selectors.dues_arrears(TODAY):
            org = row["member"].person.organization_id
            expected.setdefault(org, []).append(row["unpaid_months"])
        found = _arrears_by_organization(TODAY)
    assert expected, "the fixtures' members owe dues since the ledger's start"
    assert {k: sorted(v) for k, v in found.items()} == {k: sorted(v) for k, v in expected.items()}
