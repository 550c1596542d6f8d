"""Work plan API: tasks (/tasks/…) with their lights, signing, assigning, submissions
and their review, instructions. Scoped (lead unit or co-unit); errors in the shared
shape."""

import datetime as dt
from decimal import Decimal
from typing import Annotated

from ninja import Field, Query, Schema, Status
from ninja.pagination import paginate

from zugong.core.api import DATE_MAX, DATE_MIN, Pagination, Strict
from zugong.core.authz import requires
from zugong.core.models import Organization, User
from zugong.core.scope import get_scoped_or_404
from zugong.workplan import capabilities as caps
from zugong.workplan import selectors
from zugong.workplan.api.router import router
from zugong.workplan.models import Milestone, Point, Submission, Task
from zugong.workplan.services import submissions as submission_services
from zugong.workplan.services import tasks as services

ID = {"ge": 1, "le": 2**63 - 1}
DAY = Field(..., ge=DATE_MIN, le=DATE_MAX)


class TaskOut(Schema):
    id: int
    number: str
    title: str
    point_id: int
    lead_unit_id: int
    lead_unit_name: str = Field(..., alias="lead_unit.name")
    how: str
    starts_on: dt.date
    deadline: dt.date
    consequence: str
    supervisor_id: int
    leader_name: str
    frequency: str
    status: str
    light: str
    light_reason: str
    progress: int
    grade: str
    indicator_key: str
    indicator_target: Decimal | None
    indicator_value: Decimal | None
    signed_on: dt.date | None
    assignee: str
    completed_on: dt.date | None


class MilestoneIn(Strict):
    title: str = Field(..., max_length=200)
    due_on: dt.date = DAY


class TaskIn(Strict):
    point_id: int = Field(..., **ID)
    number: str = Field("", max_length=20)
    title: str = Field(..., max_length=300)
    lead_unit_id: int | None = Field(None, **ID)
    co_unit_ids: list[Annotated[int, Field(ge=1, le=2**63 - 1)]] = Field([], max_length=50)
    how: str = Field("", max_length=5000)
    deadline: dt.date | None = Field(None, ge=DATE_MIN, le=DATE_MAX)
    consequence: str = Field("", max_length=2000)
    supervisor_id: int | None = Field(None, **ID)
    leader_name: str = Field(..., max_length=50)
    frequency: str = Field(..., max_length=12)
    indicator_key: str = Field("", max_length=64)
    indicator_target: Decimal | None = Field(None, max_digits=14, decimal_places=2)
    milestones: list[MilestoneIn] = Field([], max_length=30)


class SubmissionOut(Schema):
    id: int
    task_id: int
    unit_id: int
    kind: str
    situation: str
    reason: str
    measures: str
    progress: int | None
    new_deadline: dt.date | None
    status: str
    written_on: dt.date
    submitted_on: dt.date | None
    reviewed_on: dt.date | None
    review_comment: str


class SubmissionIn(Strict):
    unit_id: int = Field(..., **ID)
    kind: str = Field(..., max_length=10)
    situation: str = Field(..., max_length=5000)
    reason: str = Field("", max_length=5000)
    measures: str = Field("", max_length=5000)
    progress: int | None = Field(None, ge=0, le=100)
    milestone_id: int | None = Field(None, **ID)
    new_deadline: dt.date | None = Field(None, ge=DATE_MIN, le=DATE_MAX)
    submit: bool = True


class ReviewIn(Strict):
    approve: bool
    comment: str = Field("", max_length=2000)


class SignIn(Strict):
    unit_id: int | None = Field(None, **ID)


class AssignIn(Strict):
    unit_id: int | None = Field(None, **ID)
    assignee: str = Field(..., max_length=50)


class InstructionIn(Strict):
    content: str = Field(..., max_length=5000)
    leader: str = Field("", max_length=50)


class InstructionOut(Schema):
    id: int
    task_id: int
    leader: str
    given_on: dt.date
    content: str


class LightsOut(Schema):
    green: int
    blue: int
    yellow: int
    red: int
    done: int
    suspended: int


def _task(task_id: int) -> Task:
    return get_scoped_or_404(
        Task.objects.select_related("lead_unit", "supervisor", "point__part__plan__owner"),
        pk=task_id,
    )


def _org(pk: int | None):
    return None if pk is None else get_scoped_or_404(Organization, pk=pk)


@router.get("/tasks", response=list[TaskOut], summary="工作任务")
@requires(caps.VIEW_WORKPLAN)
@paginate(Pagination)
def list_tasks(
    request,
    plan_id: int | None = Query(None, **ID),
    point_id: int | None = Query(None, **ID),
    light: str | None = Query(None, max_length=10),
    status: str | None = Query(None, max_length=12),
    q: str = Query("", max_length=50),
):
    return selectors.task_list(plan=plan_id, point=point_id, light=light, status=status, q=q)


@router.get("/lights", response=LightsOut, summary="工作任务亮灯统计")
@requires(caps.VIEW_WORKPLAN)
def lights(request):
    return selectors.light_counts(dt.date.today())


@router.get("/tasks/{task_id}", response=TaskOut, summary="工作任务详情")
@requires(caps.VIEW_WORKPLAN)
def get_task(request, task_id: int):
    return _task(task_id)


@router.post("/tasks", response={201: TaskOut}, summary="分解下达工作任务")
@requires(caps.MANAGE_PLAN)
def create_task(request, payload: TaskIn):
    data = payload.model_dump()
    point = get_scoped_or_404(
        Point.objects.select_related("part__plan__owner"), pk=data.pop("point_id")
    )
    data["lead_unit"] = _org(data.pop("lead_unit_id"))
    co_units = [_org(pk) for pk in data.pop("co_unit_ids")]
    supervisor_id = data.pop("supervisor_id")
    # The supervisor is a user (not scoped business data); the service checks they may
    # review the lead unit's tasks.
    data["supervisor"] = (
        User.objects.filter(pk=supervisor_id, is_active=True).first() if supervisor_id else None
    )
    milestones = [(m["title"], m["due_on"]) for m in data.pop("milestones")]
    task = services.task_save(
        actor=request.user, point=point, data=data, co_units=co_units, milestones=milestones
    )
    return Status(201, _task(task.pk))


@router.post("/tasks/{task_id}/sign", response=TaskOut, summary="签收工作任务")
@requires(caps.HANDLE_TASK)
def sign_task(request, task_id: int, payload: SignIn):
    task = _task(task_id)
    services.task_sign(actor=request.user, task=task, unit=_org(payload.unit_id))
    return _task(task_id)


@router.post("/tasks/{task_id}/assign", response=TaskOut, summary="指派具体承办人")
@requires(caps.HANDLE_TASK)
def assign_task(request, task_id: int, payload: AssignIn):
    task = _task(task_id)
    services.task_assign(
        actor=request.user, task=task, unit=_org(payload.unit_id), assignee=payload.assignee
    )
    return _task(task_id)


@router.get("/tasks/{task_id}/submissions", response=list[SubmissionOut], summary="进度报送")
@requires(caps.VIEW_WORKPLAN)
@paginate(Pagination)
def list_submissions(request, task_id: int):
    return _task(task_id).submissions.order_by("-written_on", "-id")


@router.post("/tasks/{task_id}/submissions", response={201: SubmissionOut}, summary="报送进度")
@requires(caps.HANDLE_TASK)
def submit(request, task_id: int, payload: SubmissionIn):
    task = _task(task_id)
    data = payload.model_dump()
    unit = _org(data.pop("unit_id"))
    milestone_id = data.pop("milestone_id")
    data["milestone"] = get_scoped_or_404(Milestone, pk=milestone_id) if milestone_id else None
    send = data.pop("submit")
    row = submission_services.submission_save(
        actor=request.user, task=task, unit=unit, data=data, submit=send
    )
    return Status(201, row)


@router.post("/submissions/{submission_id}/review", response=SubmissionOut, summary="审核进度报送")
@requires(caps.REVIEW_TASK)
def review(request, submission_id: int, payload: ReviewIn):
    row = get_scoped_or_404(
        Submission.objects.select_related("task__supervisor", "task__lead_unit", "unit"),
        pk=submission_id,
    )
    return submission_services.submission_review(
        actor=request.user, submission=row, approve=payload.approve, comment=payload.comment
    )


@router.post("/tasks/{task_id}/instructions", response={201: InstructionOut}, summary="领导批示")
@requires(caps.INSTRUCT)
def instruct(request, task_id: int, payload: InstructionIn):
    row = services.instruction_add(
        actor=request.user, task=_task(task_id), content=payload.content, leader=payload.leader
    )
    return Status(201, row)
