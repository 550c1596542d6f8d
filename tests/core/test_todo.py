"""core.todo: sources, the scan that stores items, and who sees which item."""

from __future__ import annotations

import datetime as dt

import pytest

from zugong.core import capabilities, schedule, todo
from zugong.core.models import Role, TodoItem
from zugong.core.scope import system_scope
from zugong.core.services import access as access_services

TODAY = dt.date(2026, 11, 24)


@pytest.fixture
def sources(monkeypatch, cast):
    todo.discover()
    monkeypatch.setattr(todo, "SOURCES", {})
    state = {"fail": False}

    @todo.source("test.orgs", capability=capabilities.VIEW_PERSON, title="人员事项")
    def org_items(today):
        yield todo.Item(cast.branch_a.pk, "a", "金水社区事项", due_on=today, severity="danger")
        yield todo.Item(cast.branch_b.pk, "b", "六塘村事项", due_on=today + dt.timedelta(days=3))
        yield todo.Item(cast.town_a.pk, "t", "临桂镇事项", severity="warning")

    @todo.source("test.codes", capability=capabilities.MANAGE_CODES, title="代码表事项")
    def code_items(today):
        if state["fail"]:
            raise RuntimeError("source broke")
        yield todo.Item(cast.district.pk, "c", "代码表待校对")

    return state


def refresh():
    with system_scope("test"):
        return todo.refresh_all(TODAY)


def keys(user):
    return [row.key for row in todo.items_for(user)]


def test_each_user_sees_the_items_of_their_capabilities_and_subtrees(db, cast, sources):
    result = refresh()
    assert result["items"] == 4
    assert keys(cast.admin) == ["a", "t", "b", "c"]  # danger, warning, then by due date
    assert keys(cast.officer_a) == ["a", "t"]
    assert keys(cast.officer_b) == ["b"]
    assert keys(cast.secretary) == ["a"]
    assert todo.count_for(cast.officer_a) == 2


def test_administrators_see_no_business_items(db, cast, sources):
    refresh()
    assert keys(cast.sysadmin) == ["c"]  # the code-table item is their own work
    assert keys(cast.secadmin) == []
    assert keys(cast.auditor) == []


def test_two_roles_on_two_subtrees_see_each_role_in_its_own_subtree(db, cast, sources):
    with system_scope("test"):
        access_services.role_grant(
            actor=None,
            user=cast.officer_b,
            role=Role.objects.get(code="system_admin"),
            organization=cast.town_a,
        )
    refresh()
    # manage_codes over 临桂镇 does not reach the district's item; persons only in 六塘镇.
    assert keys(cast.officer_b) == ["b"]


def test_a_refresh_replaces_the_set_and_a_failing_source_keeps_its_items(db, cast, sources):
    refresh()
    with system_scope("test"):
        TodoItem.objects.filter(key="a").update(title="旧")
    sources["fail"] = True
    result = refresh()
    assert result["failed"] == 1
    assert "test.codes" in result["message"]
    assert keys(cast.sysadmin) == ["c"]
    assert todo.items_for(cast.admin)[0].title == "金水社区事项"


def test_rows_carry_source_title_organization_and_severity(db, cast, sources):
    refresh()
    row = todo.items_for(cast.officer_a, limit=1)[0]
    assert (row.source_title, row.organization, row.severity_label) == (
        "人员事项",
        "中共金水社区支部委员会",
        "逾期",
    )
    assert todo.counts_by_source(cast.admin) == [
        ("test.orgs", "人员事项", 3),
        ("test.codes", "代码表事项", 1),
    ]


def test_the_todo_scan_is_recorded(db, cast, sources):
    record = schedule.run("core.todo", TODAY)
    assert record.status == "succeeded"
    assert record.result["items"] == 4


def test_the_subtree_range_holds_exactly_the_subtree():
    assert todo._successor("0001000A") == "0001000B"
    assert todo._successor("0001000Z") == "00010010"
    assert todo._successor("ZZZZ") is None
    paths = ["0001", "0001000Z", "0001000Z0001", "00010010", "0002", "000100"]
    inside = [p for p in paths if p >= "0001000Z" and p < todo._successor("0001000Z")]
    assert inside == ["0001000Z", "0001000Z0001"]


def test_the_stored_subtree_counts_are_the_items_each_grant_set_sees(db, cast, sources):
    """The counts a page and the badge read (TodoCount summed over the outermost grants,
    plus own-record items outside them) equal a count of the visible items, for nested
    grants, grants on two subtrees, own records inside and outside a grant, and none."""
    from collections import Counter

    from zugong.core.capabilities import Access

    @todo.source("test.own", capability="talent.view_own", title="本人事项")
    def own_items(today):
        yield todo.Item(None, "o1", "本人事项", person_id=cast.person_a.pk)
        yield todo.Item(cast.branch_a.pk, "o2", "本人在支部的事项", person_id=cast.person_a.pk)
        yield todo.Item(None, "o3", "他人事项", person_id=cast.person_b.pk)

    refresh()
    person, codes = capabilities.VIEW_PERSON, capabilities.MANAGE_CODES
    with system_scope("test"):
        d, ta, tb, ba = (o.path for o in (cast.district, cast.town_a, cast.town_b, cast.branch_a))
        cases = [
            Access(user_id=1, grants=[(d, frozenset({person})), (ta, frozenset({person}))]),
            Access(user_id=1, grants=[(ba, frozenset({person})), (tb, frozenset({person}))]),
            Access(user_id=1, grants=[(ta, frozenset({person, codes})), (d, frozenset({codes}))]),
            Access(user_id=1, person_id=cast.person_a.pk, own=frozenset({"talent.view_own"})),
            Access(
                user_id=1,
                grants=[(ba, frozenset({person}))],
                person_id=cast.person_a.pk,
                own=frozenset({"talent.view_own"}),
            ),
            Access(user_id=1),
        ]
        seen = []
        for access in cases:
            expected = Counter(
                TodoItem.objects.filter(todo.visible(access)).values_list("source", flat=True)
            )
            assert todo._counts(access) == dict(expected)
            seen.append(sum(expected.values()))
    assert seen == [3, 2, 3, 2, 3, 0]
