"""API of the two-new organizations: the registry (/entities), coverage figures and
lists (/coverage), instructors and their visits. Scoped; errors in the shared shape."""

import datetime as dt

from ninja import Field, Query, Schema, Status
from ninja.pagination import paginate

from zugong.core.api import DATE_MAX, DATE_MIN, Pagination
from zugong.core.authz import requires
from zugong.core.models import Organization
from zugong.core.scope import current_scope, get_scoped_or_404
from zugong.grassroots import capabilities as caps
from zugong.grassroots.api.router import router
from zugong.grassroots.models.twonew import Entity, Instructor, InstructorVisit
from zugong.grassroots.selectors import coverage
from zugong.grassroots.selectors import twonew as selectors

AS_OF = Query(None, ge=DATE_MIN, le=DATE_MAX, description="统计日期，默认今天")


class EntityOut(Schema):
    id: int
    kind: str
    credit_code: str
    name: str
    address: str
    township_id: int
    industry: str
    employees: int
    party_members: int
    full_members: int
    head: str
    operating_status: str
    fixed_place: bool
    real_operation: bool
    counted: bool
    counted_reason: str
    coverage: str
    party_organization_id: int | None
    formed_on: dt.date | None
    formed_how: str
    not_formed_reason: str
    instructor_id: int | None
    liaison: str
    charter_party: bool
    sync_registration: bool
    sync_inspection: bool
    sync_evaluation: bool


class EntityIn(Schema):
    model_config = {"extra": "forbid"}
    kind: str = Field(..., max_length=16, description="enterprise 或 social_org")
    credit_code: str = Field(..., max_length=30)
    name: str = Field(..., max_length=100)
    address: str = Field("", max_length=200)
    township_id: int
    industry: str = Field("", max_length=50)
    employees: int = Field(0, ge=0, le=10_000_000)
    party_members: int = Field(0, ge=0, le=10_000_000)
    full_members: int = Field(0, ge=0, le=10_000_000)
    head: str = Field("", max_length=50)
    operating_status: str = Field("normal", max_length=16)
    fixed_place: bool = True
    real_operation: bool = True
    coverage: str = Field("none", max_length=16)
    party_organization_id: int | None = None
    formed_on: dt.date | None = Field(None, ge=DATE_MIN, le=DATE_MAX)
    formed_how: str = Field("", max_length=50)
    not_formed_reason: str = Field("", max_length=200)
    instructor_id: int | None = None
    liaison: str = Field("", max_length=50)
    trade_union: bool = False
    youth_league: bool = False
    charter_party: bool = False
    sync_registration: bool = False
    sync_inspection: bool = False
    sync_evaluation: bool = False


class EntityPatch(Schema):
    """Only the fields sent are changed."""

    model_config = {"extra": "forbid"}
    kind: str | None = Field(None, max_length=16)
    credit_code: str | None = Field(None, max_length=30)
    name: str | None = Field(None, max_length=100)
    address: str | None = Field(None, max_length=200)
    township_id: int | None = None
    industry: str | None = Field(None, max_length=50)
    employees: int | None = Field(None, ge=0, le=10_000_000)
    party_members: int | None = Field(None, ge=0, le=10_000_000)
    full_members: int | None = Field(None, ge=0, le=10_000_000)
    head: str | None = Field(None, max_length=50)
    operating_status: str | None = Field(None, max_length=16)
    fixed_place: bool | None = None
    real_operation: bool | None = None
    coverage: str | None = Field(None, max_length=16)
    party_organization_id: int | None = None
    formed_on: dt.date | None = Field(None, ge=DATE_MIN, le=DATE_MAX)
    formed_how: str | None = Field(None, max_length=50)
    not_formed_reason: str | None = Field(None, max_length=200)
    instructor_id: int | None = None
    liaison: str | None = Field(None, max_length=50)
    charter_party: bool | None = None
    sync_registration: bool | None = None
    sync_inspection: bool | None = None
    sync_evaluation: bool | None = None


def _data(payload: dict) -> dict:
    """Ids resolved within the scope (404 outside), into the service's field names."""
    data = dict(payload)
    if "township_id" in data:
        data["township"] = get_scoped_or_404(Organization, pk=data.pop("township_id"))
    if "party_organization_id" in data:
        pk = data.pop("party_organization_id")
        data["party_organization"] = get_scoped_or_404(Organization, pk=pk) if pk else None
    if "instructor_id" in data:
        pk = data.pop("instructor_id")
        data["instructor"] = get_scoped_or_404(Instructor, pk=pk) if pk else None
    return data


@router.get("/entities", response=list[EntityOut], summary="两新组织台账")
@requires(caps.VIEW_GRASSROOTS)
@paginate(Pagination)
def list_entities(
    request,
    q: str = Query("", max_length=50, description="名称或统一社会信用代码"),
    kind: str = Query("", max_length=16),
    township_id: int | None = None,
    counted: bool | None = None,
    coverage: str = Query("", max_length=16),
    operating_status: str = Query("", max_length=16),
    industry: str = Query("", max_length=50),
):
    return selectors.entity_list(
        q=q,
        kind=kind,
        township_id=township_id,
        counted=counted,
        coverage=coverage,
        operating_status=operating_status,
        industry=industry,
    )


@router.get("/entities/{entity_id}", response=EntityOut, summary="两新组织详情")
@requires(caps.VIEW_GRASSROOTS)
def get_entity(request, entity_id: int):
    return get_scoped_or_404(Entity, pk=entity_id)


@router.post("/entities", response={201: EntityOut}, summary="登记两新组织")
@requires(caps.CHANGE_GRASSROOTS)
def create_entity(request, payload: EntityIn):
    from zugong.grassroots.services import twonew as services

    entity = services.entity_save(actor=request.user, data=_data(payload.model_dump()))
    return Status(201, entity)


@router.patch("/entities/{entity_id}", response=EntityOut, summary="修改两新组织")
@requires(caps.CHANGE_GRASSROOTS)
def update_entity(request, entity_id: int, payload: EntityPatch):
    from zugong.grassroots.services import twonew as services

    entity = get_scoped_or_404(Entity, pk=entity_id)
    data = _data(payload.model_dump(exclude_unset=True))
    return services.entity_save(actor=request.user, entity=entity, data=data)


class RatesOut(Schema):
    registered: int
    counted: int
    excluded: int
    separate: int
    organized: int
    work_covered: int
    uncovered: int
    org_coverage_rate: float | None
    separate_rate: float | None
    work_coverage_rate: float | None


class TownshipRatesOut(RatesOut):
    township_id: int
    name: str


class CoverageOut(Schema):
    organization_id: int
    as_of: dt.date
    totals: RatesOut
    by_kind: dict[str, RatesOut]
    by_township: list[TownshipRatesOut]


def _root(organization_id: int | None) -> Organization:
    if organization_id:
        return get_scoped_or_404(Organization, pk=organization_id)
    paths = sorted(current_scope().paths, key=len)
    return get_scoped_or_404(Organization, path=paths[0] if paths else "-")


@router.get("/coverage", response=CoverageOut, summary="两个覆盖统计（任一范围、任一日期）")
@requires(caps.VIEW_GRASSROOTS)
def coverage_figures(
    request,
    organization_id: int | None = None,
    as_of: dt.date | None = AS_OF,
):
    root = _root(organization_id)
    day = as_of or dt.date.today()
    figures = coverage.coverage_figures(root.path, day)
    return {
        "organization_id": root.pk,
        "as_of": day,
        "totals": figures["totals"],
        "by_kind": figures["by_kind"],
        "by_township": figures["by_township"],
    }


class CoveredOut(Schema):
    id: int
    name: str
    township_id: int
    kind: str
    coverage: str
    why: str


@router.get("/coverage/list", response=list[CoveredOut], summary="两个覆盖统计中某一数字的组织名单")
@requires(caps.VIEW_GRASSROOTS)
@paginate(Pagination)
def coverage_list(
    request,
    numerator: str = Query(
        ..., pattern="^(registered|counted|excluded|separate|organized|work_covered|uncovered)$"
    ),
    organization_id: int | None = None,
    as_of: dt.date | None = AS_OF,
    kind: str = Query("", max_length=16),
    township_id: int | None = None,
):
    root = _root(organization_id)
    day = as_of or dt.date.today()
    return [
        {
            "id": e.pk,
            "name": e.name,
            "township_id": e.township_id,
            "kind": e.kind,
            "coverage": e.coverage,
            "why": coverage.why(e, day),
        }
        for e in coverage.coverage_list(root.path, day, numerator, kind or None, township_id)
    ]


class InstructorOut(Schema):
    id: int
    person_id: int
    name: str = Field(..., alias="person.name")
    township_id: int
    full_time: bool
    level: str
    visit_every_days: int | None
    appointed_on: dt.date
    ended_on: dt.date | None


@router.get("/instructors", response=list[InstructorOut], summary="党建工作指导员")
@requires(caps.VIEW_GRASSROOTS)
@paginate(Pagination)
def list_instructors(request):
    return Instructor.objects.select_related("person").order_by("id")


class InstructorIn(Schema):
    model_config = {"extra": "forbid"}
    person_id: int
    township_id: int
    full_time: bool = False
    level: str = Field(..., max_length=16, description="county、district 或 township")
    visit_every_days: int | None = Field(None, ge=1, le=366, description="不填按系统设置")
    appointed_on: dt.date = Field(..., ge=DATE_MIN, le=DATE_MAX)
    ended_on: dt.date | None = Field(None, ge=DATE_MIN, le=DATE_MAX)


@router.post("/instructors", response={201: InstructorOut}, summary="选派党建工作指导员")
@requires(caps.CHANGE_GRASSROOTS)
def create_instructor(request, payload: InstructorIn):
    from zugong.core.models import Person
    from zugong.grassroots.services import twonew as services

    data = payload.model_dump(exclude={"person_id", "township_id"})
    data["person"] = get_scoped_or_404(Person, pk=payload.person_id)
    data["township"] = get_scoped_or_404(Organization, pk=payload.township_id)
    return Status(201, services.instructor_save(actor=request.user, data=data))


class TwoNewVisitOut(Schema):
    id: int
    instructor_id: int
    entity_id: int
    visited_on: dt.date
    content: str
    problems: str


class VisitIn(Schema):
    model_config = {"extra": "forbid"}
    entity_id: int
    visited_on: dt.date = Field(..., ge=DATE_MIN, le=DATE_MAX)
    content: str = Field(..., max_length=5000)
    problems: str = Field("", max_length=5000)


@router.get(
    "/instructors/{instructor_id}/visits", response=list[TwoNewVisitOut], summary="走访记录"
)
@requires(caps.VIEW_GRASSROOTS)
@paginate(Pagination)
def list_visits(request, instructor_id: int):
    instructor = get_scoped_or_404(Instructor, pk=instructor_id)
    return InstructorVisit.objects.filter(instructor=instructor).order_by("-visited_on", "-id")


@router.post(
    "/instructors/{instructor_id}/visits", response={201: TwoNewVisitOut}, summary="登记走访"
)
@requires(caps.CHANGE_GRASSROOTS)
def create_visit(request, instructor_id: int, payload: VisitIn):
    from zugong.grassroots.services import twonew as services

    instructor = get_scoped_or_404(Instructor.objects.select_related("person"), pk=instructor_id)
    entity = get_scoped_or_404(Entity, pk=payload.entity_id)
    visit = services.visit_record(
        actor=request.user,
        instructor=instructor,
        entity=entity,
        visited_on=payload.visited_on,
        content=payload.content,
        problems=payload.problems,
    )
    return Status(201, visit)


class TwoNewOverdueOut(Schema):
    instructor_id: int
    instructor_name: str
    entity_id: int
    entity_name: str
    last_visit: dt.date | None
    every_days: int
    overdue_days: int


@router.get("/instructors/overdue", response=list[TwoNewOverdueOut], summary="指导员走访逾期")
@requires(caps.VIEW_GRASSROOTS)
def overdue_visits(request):
    return [
        {
            "instructor_id": r["instructor"].pk,
            "instructor_name": r["instructor"].person.name,
            "entity_id": r["entity"].pk,
            "entity_name": r["entity"].name,
            "last_visit": r["last_visit"],
            "every_days": r["every"],
            "overdue_days": r["days"],
        }
        for r in selectors.overdue_visits(dt.date.today())
    ]
