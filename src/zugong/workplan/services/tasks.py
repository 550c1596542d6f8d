"""Writing tasks: breaking a point into tasks with the 6W, the co-units and milestones;
signing for a task (签收) and assigning it inside a unit (指派); leaders' instructions
(批示). Authorized, checked, atomic and audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from zugong.core import audit, indicators, notify
from zugong.core.errors import ApplicationError
from zugong.core.services.access import authorize, get_access
from zugong.workplan import capabilities as caps
from zugong.workplan.models import Milestone, Point, Task, TaskCoUnit, TaskStatus
from zugong.workplan.rules import tasks as rules
from zugong.workplan.services.common import a_date, day_text, required, text

TASK_FIELDS = (
    "number",
    "title",
    "lead_unit",
    "how",
    "deadline",
    "consequence",
    "supervisor",
    "leader_name",
    "leader_user",
    "frequency",
    "indicator_key",
    "indicator_target",
)


def _deadline(value, field: str = "deadline", what: str | None = None) -> dt.date:
    if value in (None, ""):
        raise ApplicationError(_("请填写完成时限"), field=field)
    day = a_date(value, field, what or _("完成时限"))
    refusal = rules.deadline_refusal(day, what)
    if refusal:
        raise ApplicationError(refusal, field=field)
    return day


def _target(key: str, value) -> Decimal | None:
    if not key:
        return None
    if indicators.get(key) is None:
        raise ApplicationError(_("没有名为“%(k)s”的指标") % {"k": key}, field="indicator_key")
    if value in (None, ""):
        raise ApplicationError(_("关联指标的任务须填写指标目标值"), field="indicator_target")
    try:
        return Decimal(str(value))
    except InvalidOperation as error:
        raise ApplicationError(_("指标目标值应为数字"), field="indicator_target") from error


def _check_values(values: dict) -> None:
    if values["lead_unit"] is None:
        raise ApplicationError(_("请选择牵头单位"), field="lead_unit")
    supervisor = values["supervisor"]
    if supervisor is None:
        raise ApplicationError(_("请选择督办人"), field="supervisor")
    if not get_access(supervisor).has(caps.REVIEW_TASK, values["lead_unit"].path):
        raise ApplicationError(
            _("%(u)s没有审核“%(o)s”工作任务的权限，不能担任督办人")
            % {"u": supervisor.full_name or supervisor.username, "o": values["lead_unit"].name},
            field="supervisor",
        )
    if values["frequency"] not in dict(rules.frequencies()):
        raise ApplicationError(_("请选择报送频次"), field="frequency")


@transaction.atomic
def task_save(
    *,
    actor,
    point: Point,
    data: dict,
    task: Task | None = None,
    co_units=None,
    milestones=None,
    today: dt.date | None = None,
) -> Task:
    """A task with its 6W. ``co_units`` (organizations) and ``milestones`` ((title,
    due_on) pairs) replace the task's own when given. No lead unit, no deadline, a
    deadline on a non-working day (where the setting forbids it) or a supervisor who may
    not review the lead unit's tasks is refused, and nothing is written."""
    today = today or dt.date.today()
    authorize(actor, caps.MANAGE_PLAN, point.part.plan.owner)
    task = task or Task(point=point)
    values = {
        name: data[name] if name in data else getattr(task, name, None) for name in TASK_FIELDS
    }
    title = required(values["title"], "title", _("请填写任务内容（干什么）"), 300)
    _check_values(values)
    deadline = _deadline(values["deadline"])
    leader = required(values["leader_name"], "leader_name", _("请填写责任领导"), 50)
    key = text(values["indicator_key"], "indicator_key", 64)
    target = _target(key, values["indicator_target"])
    units = list(co_units) if co_units is not None else None
    if units is not None and any(u.pk == values["lead_unit"].pk for u in units):
        raise ApplicationError(_("牵头单位不能同时是协办单位"), field="co_units")
    steps = [] if milestones is None else _milestones(milestones, deadline)
    creating = task.pk is None
    task.point = point
    task.number = text(values["number"], "number", 20) or _next_number(point)
    task.title = title
    task.lead_unit = values["lead_unit"]
    task.how = text(values["how"], "how")
    task.deadline = deadline
    if creating:
        task.starts_on = today
    task.consequence = text(values["consequence"], "consequence")
    task.supervisor = values["supervisor"]
    task.leader_name = leader
    task.leader_user = values["leader_user"]
    task.frequency = values["frequency"]
    task.indicator_key = key
    task.indicator_target = target
    task.save()
    if units is not None:
        _set_co_units(task, units)
    if milestones is not None:
        task.milestones.all().delete()
        Milestone.objects.bulk_create([Milestone(task=task, title=t, due_on=d) for t, d in steps])
    audit.log_action(caps.TASK_SAVED, obj=task, actor=actor, extra={"created": creating})
    if creating:
        notify.send_to_holders(
            caps.HANDLE_TASK,
            task.lead_unit,
            title=_("新的工作任务待签收：%(t)s") % {"t": task.title[:60]},
            body=_("完成时限：%(d)s") % {"d": day_text(task.deadline)},
            url=task_url(task),
            kind="workplan.task",
        )
    return task


def _milestones(rows, deadline: dt.date) -> list[tuple[str, dt.date]]:
    steps = []
    for index, (title, due_on) in enumerate(rows, start=1):
        what = _("第%(n)d个时间节点") % {"n": index}
        name = required(title, "milestones", _("%(w)s须填写名称") % {"w": what}, 200)
        day = _deadline(due_on, "milestones", what)
        if day > deadline:
            raise ApplicationError(
                _("%(w)s“%(t)s”晚于完成时限") % {"w": what, "t": name}, field="milestones"
            )
        steps.append((name, day))
    return steps


def _set_co_units(task: Task, units) -> None:
    keep = {u.pk for u in units}
    TaskCoUnit.objects.unscoped().filter(task=task).exclude(organization_id__in=keep).delete()
    have = set(
        # The task's own rows, whoever writes them (the department may see none of them
        # through a township's scope): unscoped by design.
        TaskCoUnit.objects.unscoped().filter(task=task).values_list("organization_id", flat=True)
    )
    TaskCoUnit.objects.bulk_create(
        [TaskCoUnit(task=task, organization=u) for u in units if u.pk not in have]
    )


def _next_number(point: Point) -> str:
    count = Task.objects.unscoped().filter(point=point).count()
    return f"{point.number}.{count + 1}"


def task_url(task: Task) -> str:
    return f"/admin/workplan/task/{task.pk}/change/"


def unit_role(task: Task, unit) -> str | None:
    """ "lead", "co" or None: how ``unit`` stands to the task."""
    if unit is None:
        return None
    if unit.pk == task.lead_unit_id:
        return "lead"
    # Unscoped: the task's own co-unit rows, asked about by a service that has
    # already authorized the actor over ``unit``.
    if TaskCoUnit.objects.unscoped().filter(task=task, organization=unit).exists():
        return "co"
    return None


def _unit_of(task: Task, unit) -> str:
    role = unit_role(task, unit)
    if role is None:
        raise ApplicationError(
            _("“%(o)s”不是该任务的牵头单位或协办单位") % {"o": unit.name}, field="unit"
        )
    return role


@transaction.atomic
def task_sign(*, actor, task: Task, unit=None, today: dt.date | None = None) -> Task:
    """A unit signs for the task (签收): the lead unit turns it "in progress"."""
    today = today or dt.date.today()
    unit = unit or task.lead_unit
    authorize(actor, caps.HANDLE_TASK, unit)
    role = _unit_of(task, unit)
    if role == "lead":
        if task.signed_on:
            raise ApplicationError(_("牵头单位已于%(d)s签收") % {"d": day_text(task.signed_on)})
        task.signed_on, task.signed_by = today, actor
        if task.status == TaskStatus.ISSUED:
            task.status = TaskStatus.IN_PROGRESS
        task.save(update_fields=["signed_on", "signed_by", "status"])
    else:
        row = TaskCoUnit.objects.unscoped().get(task=task, organization=unit)
        if row.signed_on:
            raise ApplicationError(_("该协办单位已于%(d)s签收") % {"d": day_text(row.signed_on)})
        row.signed_on = today
        row.save(update_fields=["signed_on"])
    audit.log_action(
        caps.TASK_HANDLED, obj=task, actor=actor, extra={"what": "sign", "unit": unit.pk}
    )
    return task


@transaction.atomic
def task_assign(
    *, actor, task: Task, assignee: str, unit=None, today: dt.date | None = None
) -> Task:
    """A unit names who carries the task out inside it (指派), after signing for it."""
    today = today or dt.date.today()
    unit = unit or task.lead_unit
    authorize(actor, caps.HANDLE_TASK, unit)
    role = _unit_of(task, unit)
    name = required(assignee, "assignee", _("请填写具体承办人"), 50)
    if role == "lead":
        if not task.signed_on:
            raise ApplicationError(_("请先签收再指派"), field="assignee")
        task.assignee, task.assigned_on = name, today
        task.save(update_fields=["assignee", "assigned_on"])
    else:
        row = TaskCoUnit.objects.unscoped().get(task=task, organization=unit)
        if not row.signed_on:
            raise ApplicationError(_("请先签收再指派"), field="assignee")
        row.assignee = name
        row.save(update_fields=["assignee"])
    audit.log_action(
        caps.TASK_HANDLED,
        obj=task,
        actor=actor,
        extra={"what": "assign", "unit": unit.pk, "assignee": name},
    )
    return task


@transaction.atomic
def instruction_add(
    *,
    actor,
    task: Task,
    content: str,
    leader: str = "",
    given_on=None,
    today: dt.date | None = None,
):
    """A leader's instruction (批示); the lead unit's officers are told."""
    from zugong.workplan.models import Instruction

    today = today or dt.date.today()
    authorize(actor, caps.INSTRUCT, task.lead_unit)
    day = a_date(given_on or today, "given_on", _("批示日期"))
    if day > today:
        raise ApplicationError(_("批示日期晚于今天"), field="given_on")
    name = text(leader, "leader", 50) or (actor.full_name or actor.get_username() if actor else "")
    if not name:
        raise ApplicationError(_("请填写批示领导"), field="leader")
    row = Instruction.objects.create(
        task=task,
        leader=name,
        given_on=day,
        content=required(content, "content", _("请填写批示内容")),
        written_by=actor,
    )
    audit.log_action(caps.INSTRUCTION_SAVED, obj=task, actor=actor, extra={"instruction": row.pk})
    notify.send_to_holders(
        caps.HANDLE_TASK,
        task.lead_unit,
        title=_("%(l)s对工作任务作出批示：%(t)s") % {"l": name, "t": task.title[:60]},
        body=row.content,
        url=task_url(task),
        kind="workplan.instruction",
    )
    return row


__all__ = [
    "TASK_FIELDS",
    "instruction_add",
    "task_assign",
    "task_save",
    "task_sign",
    "task_url",
    "unit_role",
]
