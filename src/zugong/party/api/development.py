"""The development pipeline: the board and recording steps."""

import datetime as dt

from ninja import Field, Schema, Status

from zugong.core.api import DATE_MAX, DATE_MIN
from zugong.core.authz import requires
from zugong.core.scope import get_scoped_or_404
from zugong.party import capabilities as caps
from zugong.party import selectors
from zugong.party.api.router import router


class DueOut(Schema):
    label: str
    due: dt.date | None
    overdue: bool
    earliest: dt.date | None


class LateOut(Schema):
    code: str
    label: str
    occurred_on: dt.date = Field(description="记录的环节日期")
    deadline: dt.date = Field(description="应完成的期限")
    days: int = Field(description="超期天数")
    source: str


class BoardCaseOut(Schema):
    case_id: int
    name: str
    organization_name: str
    stage: str
    overdue: bool
    due: list[DueOut]
    late: list[LateOut] = Field(description="超过期限才记录的环节")


@router.get(
    "/development/board",
    response=list[BoardCaseOut],
    summary="发展党员看板：各阶段人员及下一步期限",
)
@requires(caps.VIEW_MEMBER)
def development_board(request):
    board = selectors.development_board(dt.date.today())
    return [
        {
            "case_id": r["case"].pk,
            "name": r["case"].person.name,
            "organization_name": r["case"].person.organization.name,
            "stage": stage,
            "overdue": r["overdue"],
            "due": [d.__dict__ for d in r["due"]],
            "late": [late.__dict__ for late in r["late"]],
        }
        for stage, rows in board.items()
        for r in rows
    ]


class StepIn(Schema):
    model_config = {"extra": "forbid"}
    step: str = Field(..., max_length=24)
    occurred_on: dt.date = Field(..., ge=DATE_MIN, le=DATE_MAX)
    details: dict = Field(default_factory=dict)
    note: str = Field("", max_length=200)


class StepOut(Schema):
    id: int
    step: str
    occurred_on: dt.date
    stage: str


@router.post("/development/{case_id}/steps", response={201: StepOut}, summary="记录发展党员环节")
@requires(caps.CHANGE_MEMBER)
def record_step(request, case_id: int, payload: StepIn):
    from zugong.party.models import DevelopmentCase
    from zugong.party.services import development as development_services

    case = get_scoped_or_404(
        DevelopmentCase.objects.select_related("person__organization"), pk=case_id
    )
    step = development_services.development_step(
        actor=request.user, case=case, **payload.model_dump()
    )
    return Status(
        201,
        {
            "id": step.pk,
            "step": step.step,
            "occurred_on": step.occurred_on,
            "stage": case.stage,
        },
    )


# Transfers, study, honours, visits, major matters -----------------------------------------
