"""More of the two-new API: naming an organization's instructor (instructor_assign), the
joint meeting's member units with their three lists' items and half-yearly reports, and
the saved coverage reports. Writes go through services.twonew; ids resolved in scope."""

import datetime as dt

from ninja import Field, Query, Schema, Status
from ninja.pagination import paginate

from zugong.core.api import DATE_MAX, DATE_MIN, YEAR_MAX, YEAR_MIN, Pagination, Strict, year_field
from zugong.core.authz import requires
from zugong.core.models import Organization
from zugong.core.scope import get_scoped_or_404
from zugong.grassroots import capabilities as caps
from zugong.grassroots.api.router import router
from zugong.grassroots.api.twonew import EntityOut
from zugong.grassroots.models.twonew import (
    CoverageReport,
    DutyItem,
    Entity,
    Instructor,
    JointMemberUnit,
    UnitReport,
)
from zugong.grassroots.services import twonew as services

VIEW, CHANGE = caps.VIEW_GRASSROOTS, caps.CHANGE_GRASSROOTS
ID = {"ge": 1, "le": 2**63 - 1}


class InstructorAssignIn(Strict):
    instructor_id: int | None = Field(None, description="指导员编号；null为取消指导员")


@router.put(
    "/entities/{entity_id}/instructor",
    response=EntityOut,
    summary="为两新组织确定党建工作指导员",
)
@requires(CHANGE)
def assign_instructor(request, entity_id: int, payload: InstructorAssignIn):
    entity = get_scoped_or_404(Entity.objects.select_related("township"), pk=entity_id)
    instructor = (
        get_scoped_or_404(Instructor.objects.select_related("township"), pk=payload.instructor_id)
        if payload.instructor_id
        else None
    )
    return services.instructor_assign(actor=request.user, instructor=instructor, entity=entity)


# Member units -----------------------------------------------------------------------------


class MemberUnitOut(Schema):
    id: int
    organization_id: int
    name: str
    officer: str


class MemberUnitIn(Strict):
    organization_id: int = Field(..., description="牵头党组织编号")
    name: str = Field(..., max_length=100, description="成员单位")
    officer: str = Field("", max_length=50, description="信息员")


@router.get("/member-units", response=list[MemberUnitOut], summary="联席会议成员单位")
@requires(VIEW)
@paginate(Pagination)
def list_member_units(request):
    return JointMemberUnit.objects.order_by("organization__path", "name", "pk")


@router.post("/member-units", response={201: MemberUnitOut}, summary="登记联席会议成员单位")
@requires(CHANGE)
def create_member_unit(request, payload: MemberUnitIn):
    data = payload.model_dump(exclude={"organization_id"})
    data["organization"] = get_scoped_or_404(Organization, pk=payload.organization_id)
    return Status(201, services.member_unit_save(actor=request.user, data=data))


@router.put("/member-units/{unit_id}", response=MemberUnitOut, summary="修改联席会议成员单位")
@requires(CHANGE)
def update_member_unit(request, unit_id: int, payload: MemberUnitIn):
    unit = get_scoped_or_404(JointMemberUnit.objects.select_related("organization"), pk=unit_id)
    data = payload.model_dump(exclude={"organization_id"})
    data["organization"] = get_scoped_or_404(Organization, pk=payload.organization_id)
    return services.member_unit_save(actor=request.user, data=data, unit=unit)


# Duty items -------------------------------------------------------------------------------


class DutyItemOut(Schema):
    id: int
    unit_id: int
    list_kind: str
    content: str
    owner: str
    deadline: dt.date
    done_on: dt.date | None
    progress: str


class DutyItemIn(Strict):
    unit_id: int = Field(..., description="成员单位编号")
    list_kind: str = Field(
        ..., max_length=16, description="duty责任清单、task任务清单、problem问题清单"
    )
    content: str = Field(..., max_length=200, description="事项")
    owner: str = Field(..., max_length=50, description="责任人")
    deadline: dt.date = Field(..., ge=DATE_MIN, le=DATE_MAX, description="完成时限")
    done_on: dt.date | None = Field(None, ge=DATE_MIN, le=DATE_MAX, description="完成日期")
    progress: str = Field("", max_length=5000, description="进展情况")


def _unit(unit_id: int) -> JointMemberUnit:
    return get_scoped_or_404(JointMemberUnit.objects.select_related("organization"), pk=unit_id)


@router.get("/duty-items", response=list[DutyItemOut], summary="成员单位三张清单事项")
@requires(VIEW)
@paginate(Pagination)
def list_duty_items(
    request,
    unit_id: int | None = Query(None, **ID, description="成员单位编号"),
    open: bool | None = Query(None, description="true只列未完成"),
):
    rows = DutyItem.objects.all()
    if unit_id:
        rows = rows.filter(unit_id=unit_id)
    if open is not None:
        rows = rows.filter(done_on__isnull=open)
    return rows.order_by("deadline", "pk")


@router.post("/duty-items", response={201: DutyItemOut}, summary="登记清单事项")
@requires(CHANGE)
def create_duty_item(request, payload: DutyItemIn):
    data = payload.model_dump(exclude={"unit_id"})
    data["unit"] = _unit(payload.unit_id)
    return Status(201, services.duty_item_save(actor=request.user, data=data))


@router.put("/duty-items/{item_id}", response=DutyItemOut, summary="修改清单事项（含完成情况）")
@requires(CHANGE)
def update_duty_item(request, item_id: int, payload: DutyItemIn):
    item = get_scoped_or_404(DutyItem.objects.select_related("unit__organization"), pk=item_id)
    data = payload.model_dump(exclude={"unit_id"})
    data["unit"] = _unit(payload.unit_id)
    return services.duty_item_save(actor=request.user, data=data, item=item)


# Unit reports -----------------------------------------------------------------------------


class UnitReportOut(Schema):
    id: int
    unit_id: int
    year: int
    half: int
    submitted_on: dt.date
    summary: str


class UnitReportIn(Strict):
    year: int = year_field()
    half: int = Field(..., ge=1, le=2, description="1上半年，2下半年")
    submitted_on: dt.date = Field(..., ge=DATE_MIN, le=DATE_MAX, description="报送日期")
    summary: str = Field(..., max_length=20000, description="报告内容")


@router.get(
    "/member-units/{unit_id}/reports", response=list[UnitReportOut], summary="成员单位半年报告"
)
@requires(VIEW)
@paginate(Pagination)
def list_unit_reports(request, unit_id: int):
    return UnitReport.objects.filter(unit=_unit(unit_id)).order_by("-year", "-half")


@router.post(
    "/member-units/{unit_id}/reports", response={201: UnitReportOut}, summary="报送成员单位半年报告"
)
@requires(CHANGE)
def create_unit_report(request, unit_id: int, payload: UnitReportIn):
    report = services.unit_report_save(
        actor=request.user, unit=_unit(unit_id), **payload.model_dump()
    )
    return Status(201, report)


# Coverage reports -------------------------------------------------------------------------


class CoverageReportOut(Schema):
    id: int
    organization_id: int
    as_of: dt.date
    totals: dict
    made_at: dt.datetime
    made_by: str

    @staticmethod
    def resolve_totals(obj) -> dict:
        return (obj.figures or {}).get("totals", {})


class CoverageReportIn(Strict):
    organization_id: int = Field(..., description="统计范围的党组织编号")
    as_of: dt.date = Field(..., ge=DATE_MIN, le=DATE_MAX, description="统计日期")


@router.get("/coverage/reports", response=list[CoverageReportOut], summary="两个覆盖统计报告")
@requires(VIEW)
@paginate(Pagination)
def list_coverage_reports(
    request, year: int | None = Query(None, ge=YEAR_MIN, le=YEAR_MAX, description="统计年度")
):
    rows = CoverageReport.objects.all()
    if year:
        rows = rows.filter(as_of__year=year)
    return rows.order_by("-as_of", "-pk")


@router.post("/coverage/reports", response={201: CoverageReportOut}, summary="生成两个覆盖统计报告")
@requires(CHANGE)
def create_coverage_report(request, payload: CoverageReportIn):
    organization = get_scoped_or_404(Organization, pk=payload.organization_id)
    report = services.coverage_report_save(
        actor=request.user, organization=organization, as_of=payload.as_of
    )
    return Status(201, report)
