"""API of organ party building (/api/v1/grassroots/organ/…) and the member's year-end
review evidence (/api/v1/grassroots/review-evidence/{person_id}/?year=)."""

import datetime as dt

from ninja import Field, Query, Schema, Status
from ninja.pagination import paginate

from zugong.core.api import DATE_MAX, DATE_MIN, YEAR_MAX, YEAR_MIN, Pagination, Strict, year_field
from zugong.core.authz import requires
from zugong.core.capabilities import need_any
from zugong.core.models import Organization, Person
from zugong.core.scope import get_scoped_or_404
from zugong.grassroots import capabilities as caps
from zugong.grassroots.api.router import router
from zugong.grassroots.models.organ import (
    CommandoTeam,
    Commitment,
    CommitmentProgress,
    PioneerPost,
)
from zugong.grassroots.selectors import organ as selectors
from zugong.grassroots.selectors import review_evidence
from zugong.grassroots.services import organ as services

VIEW, BRANCH, CHANGE = caps.VIEW_GRASSROOTS, caps.CHANGE_BRANCH_WORK, caps.CHANGE_GRASSROOTS
TAG = ["基层党建·机关党建"]


def _person(person_id: int | None) -> Person | None:
    return get_scoped_or_404(Person, pk=person_id) if person_id else None


# Commitments ------------------------------------------------------------------------------


class ProgressOut(Schema):
    id: int
    recorded_on: dt.date
    progress: int
    description: str
    has_evidence: bool

    @staticmethod
    def resolve_has_evidence(obj) -> bool:
        return bool(obj.evidence)


class CommitmentOut(Schema):
    id: int
    organization_id: int
    person_id: int | None
    year: int
    category: str
    content: str
    deadline: dt.date
    progress: int
    fulfilled_on: dt.date | None
    records: list[ProgressOut]

    @staticmethod
    def resolve_records(obj) -> list:
        return list(obj.records.all())


class CommitmentIn(Strict):
    organization_id: int
    person_id: int | None = None
    year: int = year_field()
    category: str = Field(..., max_length=16)
    content: str = Field(..., max_length=500)
    deadline: dt.date = Field(..., ge=DATE_MIN, le=DATE_MAX)


class ProgressIn(Strict):
    recorded_on: dt.date = Field(..., ge=DATE_MIN, le=DATE_MAX)
    progress: int = Field(..., ge=0, le=100)
    description: str = Field(..., max_length=2000)
    reason: str = Field("", max_length=200, description="进度低于当前进度时必须填写")


class CommitmentFilter(Schema):
    year: int | None = Field(None, ge=YEAR_MIN, le=YEAR_MAX, description="年度")
    organization_id: int | None = Field(None, ge=1, le=2**63 - 1, description="党组织")
    person_id: int | None = Field(None, ge=1, le=2**63 - 1, description="党员（人员编号）")
    overdue: bool = Field(False, description="只列逾期未完成的")


@router.get(
    "/organ/commitments",
    response=list[CommitmentOut],
    tags=TAG,
    summary="承诺践诺（含践诺记录）",
)
@requires(VIEW)
@paginate(Pagination)
def list_commitments(request, filters: Query[CommitmentFilter]):
    rows = Commitment.objects.all()
    if filters.overdue:
        rows = selectors.commitments_overdue(dt.date.today())
    if filters.year:
        rows = rows.filter(year=filters.year)
    if filters.organization_id:
        rows = rows.filter(organization_id=filters.organization_id)
    if filters.person_id:
        rows = rows.filter(person_id=filters.person_id)
    return rows.prefetch_related("records").order_by("-year", "deadline", "pk")


@router.get(
    "/organ/commitments/{commitment_id}", response=CommitmentOut, tags=TAG, summary="一项承诺"
)
@requires(VIEW)
def get_commitment(request, commitment_id: int):
    return get_scoped_or_404(Commitment.objects.prefetch_related("records"), pk=commitment_id)


@router.post("/organ/commitments", response={201: CommitmentOut}, tags=TAG, summary="登记承诺")
@requires(BRANCH)
def create_commitment(request, payload: CommitmentIn):
    organization = get_scoped_or_404(Organization, pk=payload.organization_id)
    data = payload.model_dump(exclude={"organization_id", "person_id"})
    commitment = services.commitment_create(
        actor=request.user,
        organization=organization,
        person=_person(payload.person_id),
        **data,
    )
    return Status(201, commitment)


@router.post(
    "/organ/commitments/{commitment_id}/progress",
    response={201: ProgressOut},
    tags=TAG,
    summary="登记践诺进度（佐证材料在后台上传）",
)
@requires(BRANCH)
def record_progress(request, commitment_id: int, payload: ProgressIn):
    commitment = get_scoped_or_404(Commitment, pk=commitment_id)
    record = services.progress_record(
        actor=request.user, commitment=commitment, **payload.model_dump()
    )
    return Status(201, CommitmentProgress.objects.get(pk=record.pk))


# Pioneer posts --------------------------------------------------------------------------


class PioneerOut(Schema):
    id: int
    organization_id: int
    kind: str
    person_id: int | None
    post_name: str
    criteria: str
    step: str
    step_name: str
    declared_on: dt.date
    approved_on: dt.date | None
    term_ends_on: dt.date | None

    @staticmethod
    def resolve_step_name(obj) -> str:
        return services.step_label(obj.step)


class PioneerIn(Strict):
    organization_id: int
    kind: str = Field(..., max_length=16)
    person_id: int | None = None
    post_name: str = Field(..., max_length=100)
    criteria: str = Field("", max_length=2000)
    declared_on: dt.date = Field(..., ge=DATE_MIN, le=DATE_MAX)


class OrganStepIn(Strict):
    on: dt.date = Field(..., ge=DATE_MIN, le=DATE_MAX)


@router.get("/organ/pioneer-posts", response=list[PioneerOut], tags=TAG, summary="党员先锋岗")
@requires(VIEW)
@paginate(Pagination)
def list_pioneer_posts(request, step: str | None = Query(None, max_length=24)):
    rows = PioneerPost.objects.all()
    if step:
        rows = rows.filter(step=step)
    return rows.order_by("-declared_on", "pk")


@router.post("/organ/pioneer-posts", response={201: PioneerOut}, tags=TAG, summary="申报党员先锋岗")
@requires(BRANCH)
def declare_pioneer_post(request, payload: PioneerIn):
    organization = get_scoped_or_404(Organization, pk=payload.organization_id)
    data = payload.model_dump(exclude={"organization_id", "person_id"})
    post = services.pioneer_declare(
        actor=request.user, organization=organization, person=_person(payload.person_id), **data
    )
    return Status(201, post)


@router.post(
    "/organ/pioneer-posts/{post_id}/advance",
    response=PioneerOut,
    tags=TAG,
    summary="先锋岗进入下一环节（支部环节须维护支部工作权限，机关党委审核须维护基层党建台账权限）",
)
@requires(requirement=need_any(BRANCH, CHANGE))
def advance_pioneer_post(request, post_id: int, payload: OrganStepIn):
    post = get_scoped_or_404(PioneerPost, pk=post_id)
    return services.pioneer_advance(actor=request.user, post=post, on=payload.on)


# Commando teams ---------------------------------------------------------------------------


class OrganTeamOut(Schema):
    id: int
    organization_id: int
    name: str
    task: str
    leader_id: int | None
    member_ids: list[int]
    starts_on: dt.date
    ends_on: dt.date | None
    result: str

    @staticmethod
    def resolve_member_ids(obj) -> list[int]:
        return [p.pk for p in obj.members.all()]


class TeamIn(Strict):
    organization_id: int
    name: str = Field(..., max_length=100)
    task: str = Field(..., max_length=2000)
    leader_id: int | None = None
    member_ids: list[int] = Field(default_factory=list, max_length=500)
    starts_on: dt.date = Field(..., ge=DATE_MIN, le=DATE_MAX)
    ends_on: dt.date | None = Field(None, ge=DATE_MIN, le=DATE_MAX)
    result: str = Field("", max_length=2000)


@router.get("/organ/teams", response=list[OrganTeamOut], tags=TAG, summary="党员突击队")
@requires(VIEW)
@paginate(Pagination)
def list_teams(request):
    return CommandoTeam.objects.prefetch_related("members").order_by("-starts_on", "pk")


@router.post("/organ/teams", response={201: OrganTeamOut}, tags=TAG, summary="组建党员突击队")
@requires(BRANCH)
def create_team(request, payload: TeamIn):
    organization = get_scoped_or_404(Organization, pk=payload.organization_id)
    members = [get_scoped_or_404(Person, pk=pid) for pid in dict.fromkeys(payload.member_ids)]
    data = payload.model_dump(exclude={"organization_id", "leader_id", "member_ids"})
    team = services.team_save(
        actor=request.user,
        organization=organization,
        leader=_person(payload.leader_id),
        members=members,
        **data,
    )
    return Status(201, team)


# Findings -------------------------------------------------------------------------------


class OrganFindingOut(Schema):
    code: str
    message: str
    source: str


class StructureOut(Schema):
    organization_id: int
    organization_name: str
    kind: str
    members: int
    full_members: int
    findings: list[OrganFindingOut]


class MeetingFindingOut(Schema):
    organization_id: int
    organization_name: str
    meetings: int
    missing: bool


class StaffingOut(Schema):
    unit_id: int
    unit_name: str
    organization_id: int
    staff: int
    partywork_staff: int
    required_min: int
    required_max: int
    finding: OrganFindingOut | None


class FindingsOut(Schema):
    year: int
    structure: list[StructureOut]
    meetings: list[MeetingFindingOut]
    staffing: list[StaffingOut]


@router.get(
    "/organ/findings",
    response=FindingsOut,
    tags=TAG,
    summary="机关党建检查：党组织设置、党员干部大会、专职党务工作人员",
)
@requires(VIEW)
def organ_findings(request, year: int = Query(..., ge=YEAR_MIN, le=YEAR_MAX, description="年度")):
    data = selectors.findings(year)
    return {
        "year": year,
        "structure": [
            {
                "organization_id": r["organization"].pk,
                "organization_name": r["organization"].name,
                "kind": r["organization"].kind,
                "members": r["members"],
                "full_members": r["full"],
                "findings": [f.__dict__ for f in r["findings"]],
            }
            for r in data["structure"]
        ],
        "meetings": [
            {
                "organization_id": r["organization"].pk,
                "organization_name": r["organization"].name,
                "meetings": r["meetings"],
                "missing": r["missing"],
            }
            for r in data["meetings"]
        ],
        "staffing": [
            {
                "unit_id": r["unit"].pk,
                "unit_name": r["unit"].unit_name,
                "organization_id": r["unit"].organization_id,
                "staff": r["unit"].staff,
                "partywork_staff": r["unit"].partywork_staff,
                "required_min": r["range"][0],
                "required_max": r["range"][1],
                "finding": r["finding"].__dict__ if r["finding"] else None,
            }
            for r in data["staffing"]
        ],
    }


# The member's year-end review evidence ------------------------------------------------------


class EvidenceCommitmentOut(Schema):
    id: int
    content: str
    category: str
    deadline: dt.date
    progress: int
    fulfilled_on: dt.date | None


class OrganReportOut(Schema):
    reported: bool
    reported_on: dt.date | None
    hours: float
    target: float
    rereport_overdue: bool


class UnfulfilledOut(Schema):
    id: int
    content: str


class EvidenceOut(Schema):
    person_id: int
    person_name: str
    year: int
    year_over: bool
    commitments: list[EvidenceCommitmentOut]
    fulfilled: int
    unfulfilled: list[UnfulfilledOut]
    must_report: bool
    report: OrganReportOut | None
    summary: str


@router.get(
    "/review-evidence/{person_id}/",
    response=EvidenceOut,
    tags=TAG,
    summary="党员年度民主评议依据：承诺践诺与到社区报到、服务时长",
)
@requires(VIEW)
def get_review_evidence(
    request, person_id: int, year: int = Query(..., ge=YEAR_MIN, le=YEAR_MAX, description="年度")
):
    person = get_scoped_or_404(Person, pk=person_id)
    evidence = review_evidence.member_evidence([person.pk], year, dt.date.today())[person.pk]
    return {
        **evidence,
        "person_id": person.pk,
        "person_name": person.name,
        "summary": review_evidence.summary(evidence),
    }
