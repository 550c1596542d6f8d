"""The ledger's to-do sources (core.todo): tasks a unit must sign for, submissions
waiting for review, and tasks near or past their deadline (or whose report is due) for
the lead unit. Items carry the unit's organization; a co-unit gets its own items."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zugong.core.todo import Item, source
from zugong.workplan import capabilities as caps
from zugong.workplan.models import (
    OPEN_STATUSES,
    Light,
    Submission,
    SubmissionStatus,
    Task,
    TaskCoUnit,
)
from zugong.workplan.rules import tasks as task_rules
from zugong.workplan.services.tasks import task_url

SEVERITY = {Light.RED: "danger", Light.YELLOW: "warning", Light.BLUE: "warning"}


@source("workplan.sign", capability=caps.HANDLE_TASK, title=gettext_lazy("待签收的工作任务"))
def to_sign(today: dt.date) -> Iterable[Item]:
    for task in Task.objects.filter(status__in=OPEN_STATUSES, signed_on__isnull=True).only(
        "id", "title", "deadline", "lead_unit_id"
    ):
        yield Item(
            organization_id=task.lead_unit_id,
            key=f"sign:{task.pk}",
            title=_("签收工作任务：%(t)s") % {"t": task.title},
            due_on=task.deadline,
            url=task_url(task),
        )
    rows = TaskCoUnit.objects.filter(
        task__status__in=OPEN_STATUSES, signed_on__isnull=True
    ).select_related("task")
    for row in rows:
        yield Item(
            organization_id=row.organization_id,
            key=f"sign:{row.task_id}:{row.organization_id}",
            title=_("签收协办任务：%(t)s") % {"t": row.task.title},
            due_on=row.task.deadline,
            url=task_url(row.task),
        )


@source("workplan.review", capability=caps.REVIEW_TASK, title=gettext_lazy("待审核的进度报送"))
def to_review(today: dt.date) -> Iterable[Item]:
    rows = Submission.objects.filter(status=SubmissionStatus.TO_REVIEW).select_related(
        "task__supervisor", "unit"
    )
    for row in rows:
        supervisor = row.task.supervisor
        yield Item(
            organization_id=row.task.lead_unit_id,
            key=f"review:{row.pk}",
            title=_("审核%(u)s的%(k)s报送：%(t)s（督办人：%(s)s）")
            % {
                "u": row.unit.name,
                "k": row.get_kind_display(),
                "t": row.task.title,
                "s": supervisor.full_name or supervisor.username,
            },
            due_on=row.submitted_on,
            url=task_url(row.task),
            severity="warning",
        )


@source(
    "workplan.tasks", capability=caps.HANDLE_TASK, title=gettext_lazy("临期、滞后和逾期的工作任务")
)
def due_tasks(today: dt.date) -> Iterable[Item]:
    last = dict(
        Submission.objects.exclude(submitted_on__isnull=True)
        .values("task_id")
        .annotate(last=Max("submitted_on"))
        .values_list("task_id", "last")
    )
    for task in Task.objects.filter(status__in=OPEN_STATUSES).only(
        "id", "title", "deadline", "light", "light_reason", "lead_unit_id", "frequency", "starts_on"
    ):
        if task.light in SEVERITY:
            yield Item(
                organization_id=task.lead_unit_id,
                key=f"light:{task.pk}",
                title=_("%(l)s：%(t)s（%(r)s）")
                % {"l": task.get_light_display(), "t": task.title, "r": task.light_reason},
                due_on=task.deadline,
                url=task_url(task),
                severity=SEVERITY[task.light],
            )
        days = task_rules.frequency_days(task.frequency)
        since = last.get(task.pk) or task.starts_on
        if days and (today - since).days > days:
            yield Item(
                organization_id=task.lead_unit_id,
                key=f"report:{task.pk}",
                title=_("应%(f)s报送进度：%(t)s")
                % {"f": task_rules.frequency_label(task.frequency), "t": task.title},
                due_on=since + dt.timedelta(days=days),
                url=task_url(task),
                severity="warning",
            )
