"""Work plan API: plans with their tree (/plans/…), import (/plan-import, with a
``confirm`` flag: without it the parsed tree comes back and nothing is written),
statistics per unit or leader, and the year-end summary as a Word document."""

import datetime as dt

from ninja import Field, File, Form, Query, Schema, Status, UploadedFile
from ninja.pagination import paginate

from zugong.core.api import Pagination
from zugong.core.authz import requires
from zugong.core.models import Organization
from zugong.core.scope import get_scoped_or_404
from zugong.workplan import capabilities as caps
from zugong.workplan import selectors
from zugong.workplan.api.router import router
from zugong.workplan.models import Plan
from zugong.workplan.services import plans as services

ID = {"ge": 1, "le": 2**63 - 1}


class PlanOut(Schema):
    id: int
    year: int
    title: str
    issuing_body: str
    owner_id: int
    status: str


class PointOut(Schema):
    id: int | None = None
    number: int
    title: str
    body: str


class PartOut(Schema):
    number: int
    title: str
    points: list[PointOut]


class PlanTreeOut(PlanOut):
    parts: list[PartOut]


class ParsedOut(Schema):
    title: str
    year: int
    parts: list[PartOut]
    points: int
    plan_id: int | None = None


class StatRowOut(Schema):
    name: str
    tasks: int
    due: int
    done: int
    done_on_time: int
    overdue: int
    open: int
    on_time_rate: float | None
    lights: dict[str, int]
    grades: dict[str, int]


class StatisticsOut(Schema):
    label: str
    start: dt.date
    end: dt.date
    by: str
    rows: list[StatRowOut]


class ImportIn(Schema):
    owner_id: int = Field(..., **ID)
    issuing_body: str = Field("", max_length=100)
    confirm: bool = False


ON = Query(
    None, ge=dt.date(2000, 1, 1), le=dt.date(2100, 12, 31), description="总结截至日期，默认今天"
)


def _plan(plan_id: int) -> Plan:
    return get_scoped_or_404(Plan.objects.select_related("owner"), pk=plan_id)


@router.get("/plans", response=list[PlanOut], summary="工作要点")
@requires(caps.VIEW_WORKPLAN)
@paginate(Pagination)
def list_plans(request):
    return selectors.plan_list()


@router.get("/plans/{plan_id}", response=PlanTreeOut, summary="工作要点及其部分与条目")
@requires(caps.VIEW_WORKPLAN)
def get_plan(request, plan_id: int):
    plan = _plan(plan_id)
    parts = [
        {
            "number": entry["part"].number,
            "title": entry["part"].title,
            "points": [
                {
                    "id": p["point"].pk,
                    "number": p["point"].number,
                    "title": p["point"].title,
                    "body": p["point"].body,
                }
                for p in entry["points"]
            ],
        }
        for entry in selectors.plan_tree(plan)
    ]
    return {**PlanOut.from_orm(plan).model_dump(), "parts": parts}


@router.post("/plan-import", response={200: ParsedOut, 201: ParsedOut}, summary="导入工作要点文件")
@requires(caps.MANAGE_PLAN)
def import_plan(
    request,
    document: File[UploadedFile],
    form: Form[ImportIn],
):
    """Without ``confirm`` the parsed tree is returned for review and nothing is
    written; with it the plan is written (201)."""
    owner = get_scoped_or_404(Organization, pk=form.owner_id)
    issuing_body, confirm = form.issuing_body, form.confirm
    parsed = services.parse_upload(document.name or "", document.read(services.MAX_BYTES + 1))
    body = {
        "title": parsed.title,
        "year": parsed.year,
        "points": parsed.point_count,
        "parts": [
            {"number": p.number, "title": p.title, "points": [q.__dict__ for q in p.points]}
            for p in parsed.parts
        ],
    }
    if not confirm:
        return Status(200, body)
    plan = services.plan_import(
        actor=request.user, owner=owner, parsed=parsed, issuing_body=issuing_body
    )
    return Status(201, {**body, "plan_id": plan.pk})


@router.get("/statistics", response=StatisticsOut, summary="按单位或责任领导的月度、季度统计")
@requires(caps.VIEW_WORKPLAN)
def statistics(
    request,
    year: int = Query(..., ge=2000, le=2100),
    month: int | None = Query(None, ge=1, le=12),
    quarter: int | None = Query(None, ge=1, le=4),
    by: str = Query("unit", pattern="^(unit|leader)$"),
    plan_id: int | None = Query(None, **ID),
):
    start, end, label = selectors.period_bounds(year, month, quarter)
    rows = selectors.statistics(start=start, end=end, by=by, plan=plan_id)
    return {"label": str(label), "start": start, "end": end, "by": by, "rows": rows}


@router.get("/plans/{plan_id}/summary", summary="年终总结（Word文档）")
@requires(caps.VIEW_WORKPLAN)
def summary(
    request,
    plan_id: int,
    on: dt.date | None = ON,
):
    from zugong.workplan.summary import summary_response

    return summary_response(request, _plan(plan_id), on or dt.date.today())
