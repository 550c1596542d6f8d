"""API of in-service members' reports (/api/v1/grassroots/dual-reports/…)."""

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema, Status
from ninja.pagination import paginate

from zugong.core.api import DATE_MAX, DATE_MIN, Pagination, Strict
from zugong.core.authz import requires
from zugong.core.models import Organization, Person
from zugong.core.scope import get_scoped_or_404
from zugong.grassroots import capabilities as caps
from zugong.grassroots.api.router import router
from zugong.grassroots.models.urban import DualReport, Grid
from zugong.grassroots.selectors import urban as selectors
from zugong.grassroots.services import urban_dual as services

VIEW, WORK = caps.VIEW_GRASSROOTS, caps.CHANGE_BRANCH_WORK
TAG = ["基层党建·在职党员报到"]


class DualReportOut(Schema):
    id: int
    person_id: int
    unit_id: int
    community_id: int
    grid_id: int | None
    reported_on: dt.date
    confirmed_on: dt.date
    skills: str
    category: str
    status: str


class ReportIn(Strict):
    person_id: int
    community_id: int
    grid_id: int | None = None
    reported_on: dt.date = Field(..., ge=DATE_MIN, le=DATE_MAX)
    skills: str = Field("", max_length=200)
    category: str = Field(..., max_length=20)


class ConfirmIn(Strict):
    confirmed_on: dt.date = Field(..., ge=DATE_MIN, le=DATE_MAX)
    grid_id: int | None = None
    skills: str | None = Field(None, max_length=200)


class ServiceIn(Strict):
    served_on: dt.date = Field(..., ge=DATE_MIN, le=DATE_MAX)
    hours: Decimal = Field(..., ge=0, le=24, decimal_places=1)
    category: str = Field(..., max_length=20)
    content: str = Field(..., max_length=200)
    confirmed_by: str = Field("", max_length=50)


class ServiceOut(Schema):
    id: int
    report_id: int
    served_on: dt.date
    hours: Decimal
    category: str
    content: str


class DualOverdueOut(Schema):
    report_id: int
    person_id: int
    name: str
    community_id: int
    confirmed_on: dt.date
    due: dt.date


def _report(report_id: int) -> DualReport:
    return get_scoped_or_404(
        DualReport.objects.select_related("person", "unit", "community"), pk=report_id
    )


def _grid(grid_id):
    return get_scoped_or_404(Grid, pk=grid_id) if grid_id else None


@router.get("/dual-reports", response=list[DualReportOut], tags=TAG, summary="在职党员报到")
@requires(VIEW)
@paginate(Pagination)
def list_reports(request):
    return DualReport.objects.order_by("-confirmed_on", "pk")


@router.get("/dual-reports/overdue", response=list[DualOverdueOut], tags=TAG, summary="复报逾期")
@requires(VIEW)
def overdue_reports(request, on: dt.date | None = None):
    return [
        {
            "report_id": r["report"].pk,
            "person_id": r["report"].person_id,
            "name": r["report"].person.name,
            "community_id": r["report"].community_id,
            "confirmed_on": r["report"].confirmed_on,
            "due": r["due"],
        }
        for r in selectors.rereport_overdue(on or dt.date.today())
    ]


@router.get("/dual-reports/{report_id}", response=DualReportOut, tags=TAG, summary="报到详情")
@requires(VIEW)
def get_report(request, report_id: int):
    return _report(report_id)


@router.post("/dual-reports", response={201: DualReportOut}, tags=TAG, summary="在职党员到社区报到")
@requires(WORK)
def create_report(request, payload: ReportIn):
    person = get_scoped_or_404(Person.objects.select_related("organization"), pk=payload.person_id)
    community = get_scoped_or_404(Organization, pk=payload.community_id)
    report = services.report_create(
        actor=request.user,
        person=person,
        community=community,
        grid=_grid(payload.grid_id),
        reported_on=payload.reported_on,
        skills=payload.skills,
        category=payload.category,
    )
    return Status(201, report)


@router.post("/dual-reports/{report_id}/confirm", response=DualReportOut, tags=TAG, summary="复报")
@requires(WORK)
def confirm_report(request, report_id: int, payload: ConfirmIn):
    return services.report_confirm(
        actor=request.user,
        report=_report(report_id),
        confirmed_on=payload.confirmed_on,
        grid=_grid(payload.grid_id),
        skills=payload.skills,
    )


@router.post(
    "/dual-reports/{report_id}/services",
    response={201: ServiceOut},
    tags=TAG,
    summary="登记服务记录",
)
@requires(WORK)
def add_service(request, report_id: int, payload: ServiceIn):
    record = services.service_record(
        actor=request.user, report=_report(report_id), **payload.model_dump()
    )
    return Status(201, record)
