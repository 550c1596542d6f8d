"""Progress submissions (进度报送) and their review: a unit writes a submission typed
stage-complete / complete / postpone / suspend (阶段性办结 / 办结 / 延期 / 中止) with the
situation, reason and measures, sends it for review, and the task's supervisor reviews
it (草稿 → 待审核 → 已审核 or 已退回). Only the lead unit or a co-unit submits (a co-unit
reports its part: stage-complete only); only the supervisor reviews."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from zugong.core import audit, notify
from zugong.core.errors import ApplicationError, PermissionDenied
from zugong.core.services.access import authorize
from zugong.workplan import capabilities as caps
from zugong.workplan.models import (
    Submission,
    SubmissionKind,
    SubmissionStatus,
    Task,
    TaskStatus,
)
from zugong.workplan.services.common import day_text, required, text
from zugong.workplan.services.tasks import _deadline, task_url, unit_role

LEAD_ONLY = (SubmissionKind.COMPLETE, SubmissionKind.POSTPONE, SubmissionKind.SUSPEND)


def _progress(value) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError) as error:
        raise ApplicationError(_("进度应为0至100的整数"), field="progress") from error
    if not 0 <= number <= 100:
        raise ApplicationError(_("进度应为0至100的整数"), field="progress")
    return number


def _check(task: Task, unit, data: dict) -> dict:
    kind = data.get("kind")
    if kind not in SubmissionKind.values:
        raise ApplicationError(_("请选择报送类型"), field="kind")
    role = unit_role(task, unit)
    if role is None:
        raise ApplicationError(
            _("“%(o)s”不是该任务的牵头单位或协办单位，不能报送") % {"o": unit.name},
            field="unit",
        )
    if role == "co" and kind in LEAD_ONLY:
        raise ApplicationError(
            _("协办单位只报送阶段性进展，办结、延期和中止由牵头单位报送"), field="kind"
        )
    if not task.is_open:
        raise ApplicationError(
            _("该任务已%(s)s，不再报送") % {"s": task.get_status_display()}, field="task"
        )
    values = {
        "kind": kind,
        "situation": required(data.get("situation"), "situation", _("请填写进展情况")),
        "reason": text(data.get("reason"), "reason"),
        "measures": text(data.get("measures"), "measures"),
        "progress": _progress(data.get("progress")),
        "milestone": data.get("milestone"),
        "new_deadline": None,
    }
    if kind in (SubmissionKind.POSTPONE, SubmissionKind.SUSPEND) and not values["reason"]:
        raise ApplicationError(_("申请延期或中止须说明原因"), field="reason")
    if kind == SubmissionKind.POSTPONE:
        day = _deadline(data.get("new_deadline"), "new_deadline", _("延期后的完成时限"))
        if day <= task.deadline:
            raise ApplicationError(_("延期后的完成时限须晚于原完成时限"), field="new_deadline")
        values["new_deadline"] = day
    if values["milestone"] is not None and values["milestone"].task_id != task.pk:
        raise ApplicationError(_("所选时间节点不属于该任务"), field="milestone")
    return values


@transaction.atomic
def submission_save(
    *,
    actor,
    task: Task,
    unit,
    data: dict,
    submission: Submission | None = None,
    submit: bool = False,
    attachment=None,
    today: dt.date | None = None,
) -> Submission:
    """Write (or rewrite a draft or returned) submission of ``unit``; ``submit`` sends it
    for review at once. Refused for a unit that is neither lead nor co-unit."""
    today = today or dt.date.today()
    if unit is None:
        raise ApplicationError(_("请选择报送单位"), field="unit")
    authorize(actor, caps.HANDLE_TASK, unit)
    if submission is not None and submission.status not in (
        SubmissionStatus.DRAFT,
        SubmissionStatus.RETURNED,
    ):
        raise ApplicationError(_("已报送的进度不能修改"), field="status")
    values = _check(task, unit, data)
    row = submission or Submission(task=task, unit=unit, written_by=actor)
    for name, value in values.items():
        setattr(row, name, value)
    row.written_on = today
    if attachment is not None:
        row.attachment = attachment
    row.status = SubmissionStatus.DRAFT
    row.save()
    audit.log_action(
        caps.SUBMISSION_SAVED, obj=task, actor=actor, extra={"submission": row.pk, "kind": row.kind}
    )
    if submit:
        submission_submit(actor=actor, submission=row, today=today)
    return row


@transaction.atomic
def submission_submit(*, actor, submission: Submission, today: dt.date | None = None) -> Submission:
    """Send a draft (or a returned submission) to the supervisor for review."""
    today = today or dt.date.today()
    authorize(actor, caps.HANDLE_TASK, submission.unit)
    if submission.status not in (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED):
        raise ApplicationError(
            _("该报送已是“%(s)s”") % {"s": submission.get_status_display()}, field="status"
        )
    submission.status = SubmissionStatus.TO_REVIEW
    submission.submitted_on = today
    submission.save(update_fields=["status", "submitted_on"])
    audit.log_action(
        caps.SUBMISSION_SAVED,
        obj=submission.task,
        actor=actor,
        extra={"submission": submission.pk, "what": "submit"},
    )
    task = submission.task
    notify.send(
        [task.supervisor],
        title=_("进度报送待审核：%(t)s") % {"t": task.title[:60]},
        body=_("%(u)s报送%(k)s") % {"u": submission.unit.name, "k": submission.get_kind_display()},
        url=task_url(task),
        kind="workplan.review",
    )
    return submission


@transaction.atomic
def submission_review(
    *, actor, submission: Submission, approve: bool, comment: str = "", today: dt.date | None = None
) -> Submission:
    """The supervisor reviews a submission: approved, its effect is applied to the task
    (stage done and the milestone done, done, the new deadline, suspended); returned,
    the unit rewrites it (a reason is required). Anyone but the supervisor is refused."""
    today = today or dt.date.today()
    task = submission.task
    authorize(actor, caps.REVIEW_TASK, task.lead_unit)
    if actor is not None and actor.pk != task.supervisor_id:
        raise PermissionDenied(
            _("只有该任务的督办人%(u)s可以审核")
            % {"u": task.supervisor.full_name or task.supervisor.username}
        )
    if submission.status != SubmissionStatus.TO_REVIEW:
        raise ApplicationError(
            _("该报送是“%(s)s”，不是待审核") % {"s": submission.get_status_display()},
            field="status",
        )
    comment = text(comment, "comment")
    if not approve and not comment:
        raise ApplicationError(_("退回须填写审核意见"), field="comment")
    submission.status = SubmissionStatus.REVIEWED if approve else SubmissionStatus.RETURNED
    submission.reviewed_by, submission.reviewed_on = actor, today
    submission.review_comment = comment
    submission.save(update_fields=["status", "reviewed_by", "reviewed_on", "review_comment"])
    if approve:
        _apply(task, submission, today)
    audit.log_action(
        caps.SUBMISSION_REVIEWED,
        obj=task,
        actor=actor,
        extra={"submission": submission.pk, "approved": approve},
    )
    notify.send_to_holders(
        caps.HANDLE_TASK,
        submission.unit,
        title=(_("进度报送已审核：%(t)s") if approve else _("进度报送被退回：%(t)s"))
        % {"t": task.title[:60]},
        body=comment,
        url=task_url(task),
        kind="workplan.review",
    )
    return submission


def _apply(task: Task, submission: Submission, today: dt.date) -> None:
    from zugong.workplan.services.lights import refresh_task

    kind = submission.kind
    if submission.progress is not None:
        task.reported_progress = submission.progress
    if kind == SubmissionKind.STAGE:
        if submission.milestone is not None and submission.milestone.done_on is None:
            submission.milestone.done_on = submission.submitted_on or today
            submission.milestone.save(update_fields=["done_on"])
        if submission.unit_id == task.lead_unit_id:
            task.status = TaskStatus.STAGE_DONE
    elif kind == SubmissionKind.COMPLETE:
        task.status = TaskStatus.DONE
        task.completed_on = submission.submitted_on or today
        task.reported_progress = 100
    elif kind == SubmissionKind.POSTPONE:
        task.deadline = submission.new_deadline
    elif kind == SubmissionKind.SUSPEND:
        task.status = TaskStatus.SUSPENDED
    task.save()
    refresh_task(task, today)


def review_date_text(submission: Submission) -> str:
    return day_text(submission.reviewed_on) if submission.reviewed_on else ""


__all__ = ["submission_review", "submission_save", "submission_submit"]
