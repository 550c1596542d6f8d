"""Organizational life: compliance, meetings, grades, study, honours, visits and reports."""

import datetime as dt

from ninja import Field, Query, Schema, Status
from ninja.pagination import paginate

from zugong.core.api import DATE_MAX, DATE_MIN, YEAR_MAX, YEAR_MIN, Pagination
from zugong.core.authz import requires
from zugong.core.models import Organization
from zugong.core.scope import get_scoped_or_404
from zugong.party import capabilities as caps
from zugong.party import rules, selectors
from zugong.party.api.router import router


class ComplianceItemOut(Schema):
    kind: str
    period: str
    required: int
    done: int
    missing: list[str]


class ComplianceOut(Schema):
    organization_id: int
    organization_name: str
    required: int
    done: int
    rate: float
    items: list[ComplianceItemOut]


@router.get(
    "/compliance",
    response=list[ComplianceOut],
    summary="组织生活落实情况（年度，或指定季度、月份）",
)
@requires(caps.VIEW_MEMBER)
def compliance(
    request,
    year: int = Query(..., ge=YEAR_MIN, le=YEAR_MAX, description="年度"),
    quarter: int | None = Query(None, ge=1, le=4, description="季度，1至4"),
    month: int | None = Query(None, ge=1, le=12, description="月份，1至12"),
):
    if month:
        start = dt.date(year, month, 1)
        end = rules.add_months(start, 1) - dt.timedelta(days=1)
    elif quarter:
        start = dt.date(year, (quarter - 1) * 3 + 1, 1)
        end = rules.add_months(start, 3) - dt.timedelta(days=1)
    else:
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return [
        {
            "organization_id": r["organization"].pk,
            "organization_name": r["organization"].name,
            "required": r["required"],
            "done": r["done"],
            "rate": r["rate"],
            "items": r["items"],
        }
        for r in selectors.compliance(start, end)
    ]


class MeetingIn(Schema):
    model_config = {"extra": "forbid"}
    organization_id: int
    kind: str = Field(..., max_length=32)
    held_on: dt.date = Field(..., ge=DATE_MIN, le=DATE_MAX)
    topic: str = Field(..., max_length=200)
    host: str = Field("", max_length=50)
    minutes: str = ""
    absent: dict[int, str] = Field(
        default_factory=dict, description="缺席人员：人员编号 → 缺席原因"
    )


class MeetingOut(Schema):
    id: int
    organization_id: int
    kind: str
    held_on: dt.date
    topic: str


@router.post(
    "/meetings",
    response={201: MeetingOut},
    summary="记录组织生活（未列入缺席的本组织党员记为出席）",
)
@requires(caps.CHANGE_MEMBER)
def create_meeting(request, payload: MeetingIn):
    from zugong.party.services import meetings as meeting_services

    organization = get_scoped_or_404(Organization, pk=payload.organization_id)
    data = payload.model_dump(exclude={"organization_id"})
    return Status(
        201, meeting_services.meeting_record(actor=request.user, organization=organization, **data)
    )


class StudyOut(Schema):
    id: int
    person_id: int
    kind: str
    title: str
    started_on: dt.date
    ended_on: dt.date
    hours: float


class HonourOut(Schema):
    id: int
    kind: str
    year: int
    person_id: int | None
    organization_id: int | None
    awarded_by: str
    document_no: str


class VisitOut(Schema):
    id: int
    person_id: int
    visitors: str
    visited_on: dt.date
    reason: str
    amount: float


class MajorMatterOut(Schema):
    id: int
    organization_id: int
    reviewer_id: int
    kind: str
    title: str
    submitted_on: dt.date
    due_on: dt.date
    status: str
    comments: str


@router.get("/study", response=list[StudyOut], summary="学习培训记录")
@requires(caps.VIEW_MEMBER)
@paginate(Pagination)
def list_study(
    request, year: int | None = Query(None, ge=YEAR_MIN, le=YEAR_MAX, description="年度")
):
    from zugong.party.models import StudyRecord

    queryset = StudyRecord.objects.all()
    return queryset.filter(started_on__year=year) if year else queryset


@router.get("/honours", response=list[HonourOut], summary="表彰")
@requires(caps.VIEW_MEMBER)
@paginate(Pagination)
def list_honours(
    request, year: int | None = Query(None, ge=YEAR_MIN, le=YEAR_MAX, description="年度")
):
    from zugong.party.models import Honour

    queryset = Honour.objects.all()
    return queryset.filter(year=year) if year else queryset


@router.get("/visits", response=list[VisitOut], summary="走访慰问")
@requires(caps.VIEW_MEMBER)
@paginate(Pagination)
def list_visits(request):
    from zugong.party.models import Visit

    return Visit.objects.all()


@router.get(
    "/major-matters",
    response=list[MajorMatterOut],
    summary="重大事项请示报告（报送方和审核方都可见）",
)
@requires(caps.VIEW_MEMBER)
@paginate(Pagination)
def list_major_matters(request, status: str = ""):
    from zugong.party.models import MajorMatterReport

    queryset = MajorMatterReport.objects.all()
    return queryset.filter(status=status) if status else queryset


class GradesIn(Schema):
    model_config = {"extra": "forbid"}
    grades: dict[int, str] = Field(
        ..., description="党员编号 → 等次（excellent、qualified、basically_qualified、unqualified）"
    )


class GradesOut(Schema):
    meeting_id: int
    graded: int
    excellent: int


@router.post(
    "/meetings/{meeting_id}/grades",
    response=GradesOut,
    summary="评定民主评议等次（优秀不超过三分之一）",
)
@requires(caps.CHANGE_MEMBER)
def grade_review(request, meeting_id: int, payload: GradesIn):
    from zugong.party.models import Meeting
    from zugong.party.services import meetings as meeting_services

    meeting = get_scoped_or_404(Meeting.objects.select_related("organization"), pk=meeting_id)
    reviews = meeting_services.review_grade(
        actor=request.user, meeting=meeting, grades=payload.grades
    )
    return {
        "meeting_id": meeting.pk,
        "graded": len(reviews),
        "excellent": sum(1 for review in reviews if review.grade == "excellent"),
    }
