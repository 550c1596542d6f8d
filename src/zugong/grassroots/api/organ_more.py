"""More of the organ party building API (/api/v1/grassroots/organ/…): service-model
awards (award_grant), the organs' staffing facts (organ_unit_save) and the members' and
cadres' meetings hearing the unit head (members_meeting_record)."""

import datetime as dt

from ninja import Field, Query, Schema, Status
from ninja.pagination import paginate

from zugong.core.api import DATE_MAX, DATE_MIN, YEAR_MAX, YEAR_MIN, Pagination, Strict, year_field
from zugong.core.authz import requires
from zugong.core.models import Organization, Person
from zugong.core.scope import get_scoped_or_404
from zugong.grassroots import capabilities as caps
from zugong.grassroots.api.router import router
from zugong.grassroots.models.organ import OrganMembersMeeting, OrganUnit, ServiceAward
from zugong.grassroots.services import organ as services

VIEW, CHANGE = caps.VIEW_GRASSROOTS, caps.CHANGE_GRASSROOTS
TAG = ["基层党建·机关党建"]
ID = {"ge": 1, "le": 2**63 - 1}


# Service-model awards -----------------------------------------------------------------------


class AwardOut(Schema):
    id: int
    organization_id: int
    organization_name: str = Field(..., alias="organization.name")
    person_id: int | None
    person_name: str
    year: int
    title: str
    citation: str

    @staticmethod
    def resolve_person_name(obj) -> str:
        return obj.person.name if obj.person_id else ""


class AwardIn(Strict):
    organization_id: int
    person_id: int | None = Field(None, description="授予个人时填写；不填为授予集体")
    year: int = year_field()
    title: str = Field(..., max_length=100, description="称号")
    citation: str = Field("", max_length=5000, description="主要事迹")


@router.get("/organ/awards", response=list[AwardOut], tags=TAG, summary="争当服务群众标兵")
@requires(VIEW)
@paginate(Pagination)
def list_awards(
    request,
    year: int | None = Query(None, ge=YEAR_MIN, le=YEAR_MAX, description="年度"),
    organization_id: int | None = Query(None, **ID, description="党组织编号"),
):
    rows = ServiceAward.objects.select_related("organization", "person")
    if year:
        rows = rows.filter(year=year)
    if organization_id:
        rows = rows.filter(organization_id=organization_id)
    return rows.order_by("-year", "organization__path", "pk")


@router.post("/organ/awards", response={201: AwardOut}, tags=TAG, summary="授予服务群众标兵")
@requires(CHANGE)
def grant_award(request, payload: AwardIn):
    organization = get_scoped_or_404(Organization, pk=payload.organization_id)
    person = get_scoped_or_404(Person, pk=payload.person_id) if payload.person_id else None
    award = services.award_grant(
        actor=request.user,
        organization=organization,
        person=person,
        **payload.model_dump(exclude={"organization_id", "person_id"}),
    )
    return Status(
        201, ServiceAward.objects.select_related("organization", "person").get(pk=award.pk)
    )


# Organ units ------------------------------------------------------------------------------


class OrganUnitOut(Schema):
    id: int
    organization_id: int
    organization_name: str = Field(..., alias="organization.name")
    unit_name: str
    staff: int
    partywork_staff: int
    responsible: str


class OrganUnitIn(Strict):
    unit_name: str = Field(..., max_length=100, description="机关单位")
    staff: int = Field(..., ge=0, le=1_000_000, description="机关工作人员数")
    partywork_staff: int = Field(0, ge=0, le=1_000_000, description="专职党务工作人员数")
    responsible: str = Field("", max_length=50, description="党务工作负责人")


@router.get("/organ/units", response=list[OrganUnitOut], tags=TAG, summary="机关单位人员配备")
@requires(VIEW)
@paginate(Pagination)
def list_organ_units(request):
    return OrganUnit.objects.select_related("organization").order_by("organization__path")


@router.put(
    "/organ/units/{organization_id}",
    response=OrganUnitOut,
    tags=TAG,
    summary="登记或更新机关党组织所在单位的人员配备",
)
@requires(CHANGE)
def save_organ_unit(request, organization_id: int, payload: OrganUnitIn):
    organization = get_scoped_or_404(Organization, pk=organization_id)
    unit = services.organ_unit_save(
        actor=request.user, organization=organization, **payload.model_dump()
    )
    return OrganUnit.objects.select_related("organization").get(pk=unit.pk)


# Members' and cadres' meetings ----------------------------------------------------------------


class MembersMeetingOut(Schema):
    id: int
    organization_id: int
    held_on: dt.date
    topic: str


class MembersMeetingIn(Strict):
    organization_id: int
    held_on: dt.date = Field(..., ge=DATE_MIN, le=DATE_MAX, description="会议日期")
    topic: str = Field(..., max_length=200, description="议题")


@router.get(
    "/organ/members-meetings",
    response=list[MembersMeetingOut],
    tags=TAG,
    summary="党员干部大会（听取单位负责人报告）",
)
@requires(VIEW)
@paginate(Pagination)
def list_members_meetings(
    request,
    year: int | None = Query(None, ge=YEAR_MIN, le=YEAR_MAX, description="年度"),
    organization_id: int | None = Query(None, **ID, description="党组织编号"),
):
    rows = OrganMembersMeeting.objects.all()
    if year:
        rows = rows.filter(held_on__year=year)
    if organization_id:
        rows = rows.filter(organization_id=organization_id)
    return rows.order_by("-held_on", "pk")


@router.post(
    "/organ/members-meetings",
    response={201: MembersMeetingOut},
    tags=TAG,
    summary="登记党员干部大会",
)
@requires(CHANGE)
def record_members_meeting(request, payload: MembersMeetingIn):
    organization = get_scoped_or_404(Organization, pk=payload.organization_id)
    meeting = services.members_meeting_record(
        actor=request.user, organization=organization, held_on=payload.held_on, topic=payload.topic
    )
    return Status(201, meeting)
