"""The pages and API of core.todo, core.notify and core.schedule: 我的待办, 我的消息,
定时扫描记录 — each user's own rows only, the runs for the system administrator only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import RequestFactory
from django.urls import reverse

from tests.conftest import login
from zugong.core import api_todo, capabilities, notify, schedule, todo
from zugong.core.models import AuditEntry, Notification
from zugong.core.scope import activate, system_scope
from zugong.core.services.access import get_access

TODAY = dt.date(2026, 11, 24)


@pytest.fixture
def items(monkeypatch, cast):
    todo.discover()
    monkeypatch.setattr(todo, "SOURCES", {})

    @todo.source("test.persons", capability=capabilities.CHANGE_PERSON, title="人员核对")
    def person_items(today):
        yield todo.Item(
            cast.branch_a.pk,
            "a",
            "金水社区人员待核对",
            due_on=today,
            severity="danger",
            url="/admin/core/person/",
        )
        yield todo.Item(cast.branch_b.pk, "b", "六塘村人员待核对", due_on=today)

    with system_scope("test"):
        todo.refresh_all(TODAY)


def test_the_todo_page_lists_the_users_items_grouped_with_links(db, cast, items):
    page = login(cast.officer_a).get(reverse("admin:core_todoitem_changelist"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "我的待办" in html
    assert "人员核对" in html
    assert "金水社区人员待核对" in html
    assert 'href="/admin/core/person/"' in html
    assert "六塘村人员待核对" not in html


def test_the_todo_page_of_a_township_b_officer_shows_nothing_of_a(db, cast, items):
    html = login(cast.officer_b).get(reverse("admin:core_todoitem_changelist")).content.decode()
    assert "六塘村人员待核对" in html
    assert "金水社区" not in html


@pytest.mark.parametrize("who", ["sysadmin", "secadmin", "auditor", "leader"])
def test_administrators_and_readers_get_an_empty_list(db, cast, items, who):
    html = login(getattr(cast, who)).get(reverse("admin:core_todoitem_changelist")).content.decode()
    assert "暂无待办事项" in html
    assert "人员待核对" not in html


def test_the_todo_item_has_no_detail_page(db, cast, items):
    assert not [
        name
        for name in ("core_todoitem_change", "core_todoitem_add", "core_todoitem_delete")
        if _resolves(name)
    ]


def _resolves(name):
    try:
        reverse(f"admin:{name}", args=[1] if not name.endswith("add") else [])
    except Exception:
        return False
    return True


def _call(view, user, **kwargs):
    """The view without the middleware: its entry point narrows the scope with
    scope.replace() for the rest of the request, so the call runs inside a scope of its
    own whose end restores the test's (else the narrowing outlives the test)."""
    request = RequestFactory().get("/api/v1/todo")
    request.user = user
    request.access = get_access(user)
    with activate(request.access.base_scope()):
        return view(request, **kwargs)


def test_the_api_answers_the_users_list_with_counts(db, cast, items):
    answer = _call(api_todo.todo_list, cast.officer_a, limit=10, source="")
    assert answer["count"] == 1
    assert [i["key"] for i in answer["items"]] == ["a"]
    assert answer["items"][0]["severity_label"] == "逾期"
    assert answer["sources"] == [{"source": "test.persons", "title": "人员核对", "count": 1}]
    assert _call(api_todo.todo_list, cast.auditor, limit=10, source="")["count"] == 0


def test_notifications_page_reads_and_marks_read_the_users_own(db, cast):
    with system_scope("test"):
        notify.send([cast.officer_a], title="督办单：请报送进度", url="/admin/")
        notify.send([cast.officer_b], title="六塘镇的通知")
    client = login(cast.officer_a)
    listing = client.get(reverse("admin:core_notification_changelist")).content.decode()
    assert "督办单：请报送进度" in listing
    assert "六塘镇的通知" not in listing
    mine = Notification.objects.get(recipient=cast.officer_a)
    theirs = Notification.objects.get(recipient=cast.officer_b)
    assert (
        client.get(reverse("admin:core_notification_change", args=[theirs.pk])).status_code == 404
    )
    assert client.get(reverse("admin:core_notification_change", args=[mine.pk])).status_code == 200
    assert notify.unread_count(cast.officer_a) == 0
    assert notify.unread_count(cast.officer_b) == 1
    assert AuditEntry.objects.filter(action=notify.NOTIFICATIONS_READ).count() == 1


def test_mark_all_read_from_the_list(db, cast):
    with system_scope("test"):
        notify.send([cast.admin], title="一")
        notify.send([cast.admin], title="二")
    client = login(cast.admin)
    response = client.post(reverse("admin:core_notification_mark_all_read"))
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert notify.unread_count(cast.admin) == 0


def test_scan_runs_are_for_the_system_administrator(db, cast):
    schedule.run("core.clean_uploads", TODAY)
    url = reverse("admin:core_scanrun_changelist")
    page = login(cast.sysadmin).get(url)
    assert page.status_code == 200
    assert "core.clean_uploads" in page.content.decode()
    for who in ("admin", "officer_a", "leader", "auditor", "secadmin"):
        assert login(getattr(cast, who)).get(url).status_code in (403, 404), who


def test_the_system_administrator_starts_the_due_scans(db, cast, monkeypatch):
    monkeypatch.setattr(schedule, "SCANS", {})
    ran = []

    @schedule.scan("test.now", title="测试", every_minutes=5)
    def now(today):
        ran.append(today)
        return {"message": "好"}

    response = login(cast.sysadmin).post(reverse("admin:core_scanrun_run_due_now"))
    assert response.status_code == 302
    assert len(ran) == 1
    assert login(cast.officer_a).post(reverse("admin:core_scanrun_run_due_now")).status_code == 403
