"""Services: the 6W checks, signing and assigning, submissions and their review, and
every refusal of issue 16 (no lead unit, no deadline, a submission by a unit that is
neither lead nor co-unit, a review by someone not the supervisor, a deadline on a
non-working day), each refused in Chinese with nothing written."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.workplan.conftest import make_task
from zugong.core.errors import ApplicationError, PermissionDenied
from zugong.core.models import AuditEntry, Notification
from zugong.core.scope import system_scope
from zugong.workplan.models import (
    Instruction,
    Milestone,
    Submission,
    SubmissionStatus,
    Task,
    TaskStatus,
)
from zugong.workplan.services import submissions as services
from zugong.workplan.services import tasks as task_services

D = dt.date


@pytest.fixture
def s(wp):
    with system_scope("t"):
        yield wp


def refused(call, message):
    before = Task.objects.count(), Submission.objects.count(), Milestone.objects.count()
    with pytest.raises(ApplicationError) as error:
        call()
    assert message in error.value.message
    assert (Task.objects.count(), Submission.objects.count(), Milestone.objects.count()) == before
    return error.value


def test_a_task_without_a_lead_unit_is_refused(s):
    error = refused(lambda: make_task(s, 5, None), "请选择牵头单位")
    assert error.field == "lead_unit"


def test_a_task_without_a_deadline_is_refused(s):
    refused(lambda: make_task(s, 5, s.town_a, deadline=None), "请填写完成时限")


def test_a_deadline_on_a_non_working_day_is_refused(s):
    refused(lambda: make_task(s, 5, s.town_a, deadline=D(2026, 10, 3)), "不是工作日")


def test_a_milestone_on_a_non_working_day_or_after_the_deadline_is_refused(s):
    refused(lambda: make_task(s, 5, s.town_a, milestones=[("摸底", D(2026, 11, 22))]), "不是工作日")
    refused(lambda: make_task(s, 5, s.town_a, milestones=[("摸底", D(2027, 1, 4))]), "晚于完成时限")


def test_a_supervisor_who_may_not_review_is_refused(s):
    refused(lambda: make_task(s, 5, s.town_a, supervisor=s.officer_a), "不能担任督办人")


def test_the_lead_unit_cannot_also_be_a_co_unit(s):
    refused(lambda: make_task(s, 5, s.town_a, co=[s.town_a]), "牵头单位不能同时是协办单位")


def test_an_unknown_indicator_and_a_missing_target_are_refused(s):
    refused(lambda: make_task(s, 5, s.town_a, indicator_key="nope.none"), "没有名为")
    refused(lambda: make_task(s, 5, s.town_a, indicator_key="party.elections_overdue"), "目标值")


def test_a_township_officer_cannot_write_tasks(s):
    from zugong.workplan.models import Point

    point = Point.objects.get(part__plan=s.plan, number=5)
    with pytest.raises(PermissionDenied):
        task_services.task_save(
            actor=s.officer_a, point=point, data={"title": "x", "lead_unit": s.town_a}
        )


def test_a_new_task_notifies_the_lead_unit(s):
    task = make_task(s, 5, s.town_a, title="深化城市共建")
    notes = Notification.objects.filter(recipient=s.officer_a, kind="workplan.task")
    assert any("深化城市共建" in n.title for n in notes)
    assert not Notification.objects.filter(
        recipient=s.officer_b, url__contains=f"/{task.pk}/"
    ).exists()


def test_sign_then_assign(s):
    with pytest.raises(ApplicationError, match="请先签收"):
        task_services.task_assign(actor=s.officer_a, task=s.task_a, assignee="张三")
    task_services.task_sign(actor=s.officer_a, task=s.task_a, today=D(2026, 9, 2))
    s.task_a.refresh_from_db()
    assert s.task_a.status == TaskStatus.IN_PROGRESS
    assert s.task_a.signed_on == D(2026, 9, 2)
    task_services.task_assign(actor=s.officer_a, task=s.task_a, assignee="张三")
    # The co-unit signs its own part.
    task_services.task_sign(actor=s.officer_b, task=s.task_a, unit=s.town_b)
    with pytest.raises(ApplicationError, match="已于"):
        task_services.task_sign(actor=s.officer_b, task=s.task_a, unit=s.town_b)


def test_a_submission_by_a_unit_neither_lead_nor_co_is_refused(s):
    def call():
        services.submission_save(
            actor=s.admin,
            task=s.task_b,
            unit=s.town_a,
            data={"kind": "stage", "situation": "已开展"},
        )

    error = refused(call, "不是该任务的牵头单位或协办单位")
    assert error.field == "unit"


def test_an_officer_cannot_submit_for_another_township(s):
    with pytest.raises(PermissionDenied):
        services.submission_save(
            actor=s.officer_a,
            task=s.task_a,
            unit=s.town_b,
            data={"kind": "stage", "situation": "x"},
        )


def test_a_co_unit_reports_stages_only(s):
    refused(
        lambda: services.submission_save(
            actor=s.officer_b,
            task=s.task_a,
            unit=s.town_b,
            data={"kind": "complete", "situation": "x"},
        ),
        "协办单位只报送阶段性进展",
    )
    row = services.submission_save(
        actor=s.officer_b,
        task=s.task_a,
        unit=s.town_b,
        data={"kind": "stage", "situation": "六塘镇完成摸底"},
        submit=True,
    )
    assert row.status == SubmissionStatus.TO_REVIEW


def test_a_review_by_someone_not_the_supervisor_is_refused(s):
    row = services.submission_save(
        actor=s.officer_a,
        task=s.task_a,
        unit=s.town_a,
        data={"kind": "complete", "situation": "全部完成"},
        submit=True,
    )
    with pytest.raises(PermissionDenied, match="只有该任务的督办人"):
        services.submission_review(actor=s.admin, submission=row, approve=True)
    row.refresh_from_db()
    s.task_a.refresh_from_db()
    assert row.status == SubmissionStatus.TO_REVIEW
    assert s.task_a.status != TaskStatus.DONE


def test_the_supervisor_approves_and_the_task_is_done(s):
    row = services.submission_save(
        actor=s.officer_a,
        task=s.task_a,
        unit=s.town_a,
        data={"kind": "complete", "situation": "全部完成"},
        submit=True,
    )
    assert Notification.objects.filter(recipient=s.office, kind="workplan.review").exists()
    services.submission_review(actor=s.office, submission=row, approve=True, today=D(2026, 11, 24))
    s.task_a.refresh_from_db()
    assert s.task_a.status == TaskStatus.DONE
    assert s.task_a.light == "done"
    assert s.task_a.grade == "A"
    assert s.task_a.progress == 100
    assert AuditEntry.objects.filter(action="workplan.submission.reviewed").exists()


def test_returned_needs_a_reason_and_can_be_resubmitted(s):
    row = services.submission_save(
        actor=s.officer_a,
        task=s.task_a,
        unit=s.town_a,
        data={"kind": "stage", "situation": "过半", "progress": 50},
        submit=True,
    )
    with pytest.raises(ApplicationError, match="退回须填写审核意见"):
        services.submission_review(actor=s.office, submission=row, approve=False)
    services.submission_review(actor=s.office, submission=row, approve=False, comment="请补充数据")
    row.refresh_from_db()
    assert row.status == SubmissionStatus.RETURNED
    services.submission_save(
        actor=s.officer_a,
        task=s.task_a,
        unit=s.town_a,
        submission=row,
        data={"kind": "stage", "situation": "过半，12个村已评", "progress": 50},
        submit=True,
    )
    services.submission_review(actor=s.office, submission=row, approve=True)
    s.task_a.refresh_from_db()
    assert s.task_a.status == TaskStatus.STAGE_DONE
    assert s.task_a.reported_progress == 50


def test_postponement_moves_the_deadline_to_a_later_working_day(s):
    data = {
        "kind": "postpone",
        "situation": "x",
        "reason": "上级政策调整",
        "new_deadline": D(2026, 12, 27),
    }
    refused(
        lambda: services.submission_save(
            actor=s.officer_b, task=s.task_b, unit=s.town_b, data=data
        ),
        "不是工作日",
    )
    data["new_deadline"] = D(2026, 12, 1)
    refused(
        lambda: services.submission_save(
            actor=s.officer_b, task=s.task_b, unit=s.town_b, data=data
        ),
        "须晚于原完成时限",
    )
    data["new_deadline"] = D(2027, 1, 29)
    row = services.submission_save(
        actor=s.officer_b, task=s.task_b, unit=s.town_b, data=data, submit=True
    )
    services.submission_review(actor=s.office, submission=row, approve=True)
    s.task_b.refresh_from_db()
    assert s.task_b.deadline == D(2027, 1, 29)


def test_a_stage_completes_its_milestone(s):
    task = make_task(
        s, 6, s.town_a, milestones=[("完成摸底", D(2026, 10, 30)), ("完成创建", D(2026, 12, 15))]
    )
    first = task.milestones.get(title="完成摸底")
    row = services.submission_save(
        actor=s.officer_a,
        task=task,
        unit=s.town_a,
        data={"kind": "stage", "situation": "摸底完成", "milestone": first},
        submit=True,
    )
    services.submission_review(actor=s.office, submission=row, approve=True)
    first.refresh_from_db()
    task.refresh_from_db()
    assert first.done_on is not None
    assert task.progress == 50


def test_instructions_by_leaders(s):
    with pytest.raises(PermissionDenied):
        task_services.instruction_add(actor=s.officer_a, task=s.task_a, content="抓紧")
    task_services.instruction_add(
        actor=s.leader, task=s.task_a, content="请加快进度，年底前全部完成"
    )
    assert Instruction.objects.get(task=s.task_a).leader == s.leader.full_name
    assert Notification.objects.filter(recipient=s.officer_a, kind="workplan.instruction").exists()
