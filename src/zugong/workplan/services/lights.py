"""The lights scan (亮灯与督办): every open task's light, progress and grade from the
rules (rules.lights, rules.progress) and the data (linked indicators, milestones,
reviewed submissions), and a supervision notice (督办单) when a task turns red or
reaches the next escalation level — once per task, level and deadline, never every day.

Reads and writes in bulk: one query for the open tasks, one each for the late
milestones and the milestone counts, one indicator figure per (indicator, lead unit),
and updates only the tasks whose figures changed (one parameterized UPDATE run as a
batch: Django's bulk_update builds a CASE per field over the batch, which cost the
daily scan most of its time)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import transaction
from django.db.models import Count, F, Min, Q
from django.utils.translation import gettext as _

from zugong.core import audit, bulk, indicators, notify
from zugong.core.scope import Scope, activate
from zugong.workplan import capabilities as caps
from zugong.workplan.models import OPEN_STATUSES, Light, Milestone, SupervisionNotice, Task
from zugong.workplan.rules import lights as light_rules
from zugong.workplan.rules import progress as progress_rules
from zugong.workplan.services.common import day_text

FIELDS = [
    "light",
    "light_reason",
    "light_on",
    "progress",
    "grade",
    "indicator_value",
    "indicator_on",
]
BATCH = 2000


def _indicator_figure(cache: dict, key: str, path: str, today: dt.date):
    """The figure of ``key`` over the lead unit's subtree (a township's task counts its
    township), computed once per scan for each pair."""
    if (key, path) not in cache:
        entry = indicators.get(key)
        figure = None
        if entry is not None:
            with activate(Scope(paths=(path,), label="workplan.lights")):
                figure = indicators.as_decimal(entry.func(today))
        cache[key, path] = figure
    return cache[key, path]


def _milestone_facts(first: int, last: int, today: dt.date):
    """Late milestones and milestone counts of the tasks with ids in [first, last] (a
    chunk of the scan, read by range rather than by a list of two thousand ids)."""
    chunk = Milestone.objects.filter(task_id__gte=first, task_id__lte=last).order_by()
    late = dict(
        chunk.filter(done_on__isnull=True, due_on__lt=today)
        .values("task_id")
        .annotate(first=Min("title"))
        .values_list("task_id", "first")
    )
    counts = {
        task_id: (done, total)
        for task_id, total, done in chunk.values("task_id")
        .annotate(total=Count("id"), done=Count("id", filter=Q(done_on__isnull=False)))
        .values_list("task_id", "total", "done")
    }
    return late, counts


def evaluate(task, today: dt.date, *, late, counts, figures, days) -> dict:
    """The task's new figures (FIELDS) on ``today``; ``task`` is a row of ``_rows``."""
    value = None
    progress = None
    if task.indicator_key:
        value = _indicator_figure(figures, task.indicator_key, task.lead_path, today)
        entry = indicators.get(task.indicator_key)
        if entry is not None:
            progress = progress_rules.indicator_progress(value, task.indicator_target, entry.better)
    if progress is None and task.id in counts:
        progress = progress_rules.milestone_progress(*counts[task.id])
    if progress is None:
        progress = task.reported_progress
    verdict = light_rules.light_of(
        today=today,
        status=task.status,
        deadline=task.deadline,
        started=task.starts_on,
        progress=progress,
        late_milestone=late.get(task.id),
        days=days,
    )
    if task.status == "done":
        progress = 100
    shown = progress or 0
    return {
        "light": verdict.light,
        "light_reason": verdict.reason[:200],
        "light_on": task.light_on if verdict.light == task.light else today,
        "progress": shown,
        "grade": progress_rules.grade_of(
            status=task.status, progress=shown, started=task.reported_progress is not None
        ),
        "indicator_value": value,
        "indicator_on": today if task.indicator_key else None,
        "_overdue": verdict.overdue_days,
    }


READ = (
    "id",
    "status",
    "deadline",
    "starts_on",
    "indicator_key",
    "indicator_target",
    "reported_progress",
    *FIELDS,
)


def _rows():
    """Tasks as plain rows (named tuples of READ and ``lead_path``): a scan over
    100,000 tasks built two model instances per task before."""
    return (
        Task.objects.order_by("id")
        .annotate(lead_path=F("lead_unit__path"))
        .values_list(*READ, "lead_path", named=True)
    )


def _changed(task, new: dict) -> bool:
    return any(getattr(task, k) != v for k, v in new.items())


def refresh_lights(today: dt.date) -> dict:
    """Recompute every open task (and tasks closed since the last scan) on ``today``;
    issue the notices due. Run by the scan under the system scope."""
    days = light_rules.calendar_for(today)
    figures: dict = {}
    changed = red = notices = 0
    counts_by_light: dict[str, int] = defaultdict(int)
    pending = _rows().filter(
        Q(status__in=OPEN_STATUSES) | ~Q(light__in=[Light.DONE, Light.SUSPENDED])
    )
    last = 0
    all_reds = []
    while True:
        chunk = list(pending.filter(id__gt=last)[:BATCH])
        if not chunk:
            break
        last = chunk[-1].id
        late, counts = _milestone_facts(chunk[0].id, last, today)
        dirty = []
        for task in chunk:
            new = evaluate(task, today, late=late, counts=counts, figures=figures, days=days)
            overdue = new.pop("_overdue")
            counts_by_light[new["light"]] += 1
            if _changed(task, new):
                dirty.append((task.id, *(new[f] for f in FIELDS)))
            if new["light"] == Light.RED:
                all_reds.append((task.id, task.deadline, light_rules.notice_level(overdue)))
        with transaction.atomic():
            bulk.update_rows(Task, FIELDS, dirty)
        changed += len(dirty)
    red = len(all_reds)
    for first in range(0, len(all_reds), 5000):
        with transaction.atomic():
            notices += _issue_notices(all_reds[first : first + 5000], today)
    message = _("亮灯扫描：%(n)d项任务，%(c)d项变化，红灯%(r)d项，下发督办单%(s)d份") % {
        "n": sum(counts_by_light.values()),
        "c": changed,
        "r": red,
        "s": notices,
    }
    if changed or notices:
        audit.log_action(
            caps.LIGHTS_REFRESHED,
            extra={"today": today.isoformat(), "changed": changed, "notices": notices},
            actor_name=audit.SYSTEM_ACTOR,
        )
    return {
        "message": message,
        "changed": changed,
        "red": red,
        "notices": notices,
        **counts_by_light,
    }


def refresh_task(task: Task, today: dt.date) -> Task:
    """One task's figures after a review (the same rule as the scan)."""
    row = _rows().get(pk=task.pk)
    late, counts = _milestone_facts(task.pk, task.pk, today)
    new = evaluate(row, today, late=late, counts=counts, figures={}, days=None)
    overdue = new.pop("_overdue")
    for k, v in new.items():
        setattr(task, k, v)
    task.save(update_fields=FIELDS)
    if task.light == Light.RED:
        _issue_notices([(task.pk, task.deadline, light_rules.notice_level(overdue))], today)
    return task


def _issue_notices(reds, today: dt.date) -> int:
    """Notices for the red tasks — (id, deadline, level) — that have not had one at their
    level for their current deadline: written together, and the recipients told once
    per unit and per leader. Only the tasks due a notice are read as objects."""
    wanted = {task_id: (deadline, level) for task_id, deadline, level in reds if level > 0}
    if not wanted:
        return 0
    have: dict[tuple[int, dt.date], int] = {}
    ids = sorted(wanted)
    for task_id, deadline, level in (
        SupervisionNotice.objects.filter(task_id__gte=ids[0], task_id__lte=ids[-1])
        .order_by()
        .values_list("task_id", "deadline", "level")
    ):
        have[task_id, deadline] = max(level, have.get((task_id, deadline), 0))
    ids = [pk for pk, (deadline, level) in wanted.items() if have.get((pk, deadline), 0) < level]
    if not ids:
        return 0
    due = list(
        Task.objects.filter(pk__in=ids)
        .select_related("lead_unit", "leader_user", "point__part__plan__owner")
        .order_by("id")
    )
    wanted = {pk: level for pk, (_deadline, level) in wanted.items()}
    if not due:
        return 0
    sequence = SupervisionNotice.objects.unscoped().filter(issued_on__year=today.year).count()
    notices = []
    for task in due:
        sequence += 1
        notices.append(_notice(task, wanted[task.pk], today, sequence))
    SupervisionNotice.objects.bulk_create(notices, batch_size=500)
    _tell(due, notices)
    audit.log_action(
        caps.NOTICE_ISSUED,
        extra={"notices": [n.number for n in notices], "tasks": [t.pk for t in due]},
        actor_name=audit.SYSTEM_ACTOR,
    )
    return len(notices)


def _notice(task: Task, level: int, today: dt.date, sequence: int) -> SupervisionNotice:
    """A supervision notice to the lead unit and the responsible leader (from the second
    level also to the department that keeps the plan)."""
    content = _(
        "“%(t)s”（牵头单位：%(u)s，责任领导：%(l)s）完成时限为%(d)s，%(r)s。"
        "请牵头单位抓紧办理，并报送办理情况和下步措施。"
    ) % {
        "t": task.title,
        "u": task.lead_unit.name,
        "l": task.leader_name,
        "d": day_text(task.deadline),
        "r": task.light_reason,
    }
    recipients = [task.lead_unit.name, task.leader_name]
    if level > 1:
        recipients.append(task.point.part.plan.owner.name)
    return SupervisionNotice(
        task=task,
        number=_("督〔%(y)d〕%(n)d号") % {"y": today.year, "n": sequence},
        level=level,
        deadline=task.deadline,
        issued_on=today,
        content=content,
        recipients="、".join(recipients)[:300],
    )


def _tell(tasks: list[Task], notices: list[SupervisionNotice]) -> None:
    """One message per lead unit's officers, per responsible leader and (escalated
    notices) per department: a notice each when there is one, a count with the list
    when there are several."""
    kind = "workplan.notice"
    groups: dict[tuple, list[tuple[Task, SupervisionNotice]]] = defaultdict(list)
    for task, notice in zip(tasks, notices, strict=True):
        groups["unit", task.lead_unit_id].append((task, notice))
        if task.leader_user_id:
            groups["leader", task.leader_user_id].append((task, notice))
        if notice.level > 1:
            groups["owner", task.point.part.plan.owner_id].append((task, notice))
    for (who, _key), rows in groups.items():
        task, notice = rows[0]
        if len(rows) == 1:
            word = _("督办单：%(t)s") if notice.level == 1 else _("升级督办单：%(t)s")
            title, body = word % {"t": task.title[:60]}, notice.content
            url = f"/admin/workplan/task/{task.pk}/change/"
        else:
            title = _("督办单%(n)d份") % {"n": len(rows)}
            body = "\n".join(f"{n.number} {t.title}" for t, n in rows[:50])
            url = "/admin/workplan/supervisionnotice/"
        if who == "unit":
            notify.send_to_holders(
                caps.HANDLE_TASK, task.lead_unit, title=title, body=body, url=url, kind=kind
            )
        elif who == "leader":
            notify.send([task.leader_user], title=title, body=body, url=url, kind=kind)
        else:
            owner = task.point.part.plan.owner
            notify.send_to_holders(
                caps.MANAGE_PLAN, owner, title=title, body=body, url=url, kind=kind
            )
