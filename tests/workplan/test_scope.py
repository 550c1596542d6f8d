"""Scope: a task belongs to its lead unit's subtree and is seen by its co-units; the
other township sees nothing of it; two roles keep their rights in their own subtrees;
the system, security and audit administrators see no ledger at all."""

from __future__ import annotations

import pytest

from tests.conftest import login, scope_of
from zugong.core.errors import PermissionDenied
from zugong.core.scope import system_scope
from zugong.workplan.models import Plan, Point, Submission, Task
from zugong.workplan.services import submissions as services
from zugong.workplan.services import tasks as task_services


def titles(user):
    with scope_of(user):
        return sorted(Task.objects.values_list("title", flat=True))


def test_lead_unit_and_co_units_see_a_task(wp):
    assert titles(wp.officer_a) == ["完成全镇村党组织星级评定"]
    # B leads task_b and helps with task_a: both, once each.
    assert titles(wp.officer_b) == ["完成全镇村党组织星级评定", "推进两新组织党组织覆盖"]
    assert len(titles(wp.admin)) == 3


def test_the_plan_shows_only_the_points_with_tasks_in_scope(wp):
    with scope_of(wp.officer_a):
        assert Plan.objects.count() == 1
        assert list(Point.objects.values_list("number", flat=True)) == [4]
    with scope_of(wp.admin):
        assert Point.objects.count() == 15


@pytest.mark.parametrize("who", ["sysadmin", "secadmin", "auditor"])
def test_administrators_see_no_ledger(wp, who):
    client = login(getattr(wp, who))
    assert client.get("/admin/workplan/task/").status_code == 403
    assert client.get(f"/admin/workplan/task/{wp.task_a.pk}/change/").status_code in (403, 404)
    assert client.get("/api/v1/workplan/tasks").status_code == 403


def test_other_township_gets_404(wp):
    client = login(wp.officer_a)
    assert client.get(f"/admin/workplan/task/{wp.task_b.pk}/change/").status_code == 404
    assert client.get(f"/api/v1/workplan/tasks/{wp.task_b.pk}").status_code == 404
    listed = client.get("/api/v1/workplan/tasks").json()
    assert [t["id"] for t in listed["items"]] == [wp.task_a.pk]


def test_two_roles_each_in_its_own_subtree(wp):
    # judy: township officer of A (handles A's tasks), branch secretary of 六塘村 in B
    # (reads only, and only what B's branch leads or helps with: nothing).
    assert titles(wp.two_roles) == ["完成全镇村党组织星级评定"]
    with system_scope("t"):
        task_services.task_sign(actor=wp.two_roles, task=wp.task_a, unit=wp.town_a)
        with pytest.raises(PermissionDenied):
            task_services.task_sign(actor=wp.two_roles, task=wp.task_a, unit=wp.town_b)
        with pytest.raises(PermissionDenied):
            services.submission_save(
                actor=wp.two_roles,
                task=wp.task_b,
                unit=wp.branch_b,
                data={"kind": "stage", "situation": "x"},
            )
        assert Submission.objects.count() == 0


def test_the_rows_for_the_administrators_walk(wp):
    from tests.workplan import rows_workplan
    from zugong.workplan.models import Instruction, SupervisionNotice

    with system_scope("t"):
        rows_workplan.make_rows(wp)
        assert Submission.objects.filter(task=wp.wp_task_a).count() == 2
        assert Instruction.objects.filter(task=wp.wp_task_a).exists()
        assert SupervisionNotice.objects.filter(task=wp.wp_task_a).count() == 1
    for who in ("sysadmin", "secadmin", "auditor"):
        client = login(getattr(wp, who))
        for url in (
            "/admin/workplan/plan/",
            "/admin/workplan/submission/",
            "/admin/workplan/supervisionnotice/",
        ):
            assert client.get(url).status_code == 403
        with scope_of(getattr(wp, who)):
            pass
    # Township B's officer sees task A (a co-unit) but not its notice's other townships'
    # rows: B's own task and A's co-assigned one.
    assert "临桂镇台账样例星级评定" in titles(wp.officer_b)


def test_pages_open_for_the_department_and_the_township(wp):
    from tests.workplan import rows_workplan

    with system_scope("t"):
        rows_workplan.make_rows(wp)
    admin = login(wp.admin)
    statuses = {}
    for url in (
        "/admin/workplan/task/",
        f"/admin/workplan/task/{wp.wp_task_a.pk}/change/",
        "/admin/workplan/task/add/",
        f"/admin/workplan/plan/{wp.wp_plan.pk}/change/",
        "/admin/workplan/submission/",
        "/admin/workplan/supervisionnotice/",
        "/admin/workplan/task/statistics/",
        f"/admin/workplan/task/{wp.wp_task_a.pk}/review/",
        f"/admin/workplan/task/{wp.wp_task_a.pk}/indicator_records/",
    ):
        page = admin.get(url)
        statuses[url] = page.status_code
    assert set(statuses.values()) == {200}, statuses
    listing = admin.get("/admin/workplan/task/?light=red").content.decode()
    assert "临桂镇台账样例星级评定" in listing
    assert "六塘镇台账样例示范村" not in listing
    plan_page = admin.get(f"/admin/workplan/plan/{wp.wp_plan.pk}/change/").content.decode()
    assert "营造尊才爱才的良好环境" in plan_page
    officer = login(wp.officer_b)
    assert officer.get(f"/admin/workplan/task/{wp.wp_task_a.pk}/change/").status_code == 200
    submit = officer.get(f"/admin/workplan/task/{wp.wp_task_a.pk}/submit/")
    assert submit.status_code == 200
    assert officer.get(f"/admin/workplan/task/{wp.task_d.pk}/change/").status_code == 404
    assert officer.get(f"/admin/workplan/task/{wp.wp_task_a.pk}/review/").status_code == 403
