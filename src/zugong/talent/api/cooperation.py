"""API of university–enterprise cooperation (/api/v1/talent/cooperation/…): alliance
members, agreements with their outcomes and the no-outcome flag, programmes with
cohorts and trainees, challenges with their steps, practice bases with terms, graduates
retained and the retention figures, the programme ledgers and the outcome board. The
schemas are prefixed Coop (the OpenAPI names are shared by every app)."""

import datetime as dt
from typing import Annotated

from django.utils.translation import gettext as _
from ninja import Field, Query, Schema, Status
from ninja.pagination import paginate

from zugong.core.api import DATE_MAX, DATE_MIN, YEAR_MAX, YEAR_MIN, Pagination, Strict, year_field
from zugong.core.authz import requires
from zugong.core.errors import ApplicationError
from zugong.core.models import Organization
from zugong.core.scope import get_scoped_or_404
from zugong.talent import capabilities as caps
from zugong.talent.api.router import router
from zugong.talent.models import Talent
from zugong.talent.models.cooperation import (
    Agreement,
    AllianceMember,
    Cohort,
    PracticeBase,
    Programme,
)
from zugong.talent.selectors import cooperation as selectors
from zugong.talent.services import cooperation as services

VIEW, CHANGE = caps.VIEW_TALENT, caps.CHANGE_TALENT
TAG = ["人才工作·产学研合作"]
ID = {"ge": 1, "le": 2**63 - 1}


def _date(default=..., **kwargs):
    return Field(default, ge=DATE_MIN, le=DATE_MAX, **kwargs)


def _optional(model, pk, field: str, label):
    """A related row named in the payload, in scope, or a refusal naming the field."""
    if pk is None:
        return None
    row = model.objects.filter(pk=pk).first()
    if row is None:
        raise ApplicationError(_("%(l)s不存在或不在您的数据范围内") % {"l": label}, field=field)
    return row


def _office(pk: int) -> Organization:
    return _optional(Organization, pk, "office_id", _("所属单位"))


# Members --------------------------------------------------------------------------------


class CoopMemberOut(Schema):
    id: int
    office_id: int
    name: str
    kind: str
    credit_code: str
    contact_person: str
    joined_on: dt.date | None
    in_district: bool


class CoopMemberIn(Strict):
    office_id: int = Field(..., **ID)
    name: str = Field(..., max_length=100)
    kind: str = Field(
        ..., max_length=12, description="university高校、enterprise企业、institute科研院所"
    )
    credit_code: str = Field("", max_length=18)
    contact_person: str = Field("", max_length=50)
    joined_on: dt.date | None = _date(None)
    in_district: bool = False


@router.get("/cooperation/members", response=list[CoopMemberOut], tags=TAG, summary="联盟成员")
@requires(VIEW)
@paginate(Pagination)
def members(request, kind: str = "", search: str = Query("", max_length=50)):
    return selectors.members(kind=kind, search=search)


@router.post(
    "/cooperation/members", response={201: CoopMemberOut}, tags=TAG, summary="登记联盟成员"
)
@requires(CHANGE)
def create_member(request, payload: CoopMemberIn):
    data = payload.model_dump(exclude={"office_id"})
    member = services.member_save(actor=request.user, office=_office(payload.office_id), **data)
    return Status(201, member)


# Agreements -----------------------------------------------------------------------------


class CoopAgreementOut(Schema):
    id: int
    office_id: int
    title: str
    member_ids: list[int]
    signed_on: dt.date
    ends_on: dt.date | None
    content: str
    students: int = Field(..., alias="n_students", description="实践学生（人次）")
    graduates: int = Field(..., alias="n_graduates", description="留区毕业生（人）")
    solved: int = Field(..., alias="n_solved", description="揭榜项目验收通过（项）")
    programmes: int = Field(..., alias="n_programmes", description="依托协议的合作项目（个）")
    trainees: int = Field(..., alias="n_trainees", description="合作项目学员（人）")
    no_outcome: bool
    no_outcome_since: dt.date | None

    @staticmethod
    def resolve_member_ids(obj):
        return [m.pk for m in obj.members.all()]

    @staticmethod
    def resolve_no_outcome(obj):
        return selectors.outcome_row(obj, dt.date.today())["flag"].flagged

    @staticmethod
    def resolve_no_outcome_since(obj):
        return selectors.outcome_row(obj, dt.date.today())["flag"].since


class CoopAgreementIn(Strict):
    office_id: int = Field(..., **ID)
    title: str = Field(..., max_length=100)
    member_ids: list[Annotated[int, Field(ge=1, le=2**63 - 1)]] = Field(..., max_length=50)
    signed_on: dt.date = _date()
    ends_on: dt.date | None = _date(None)
    content: str = Field("", max_length=4000)


def _agreement(pk: int):
    return get_scoped_or_404(selectors.with_outcomes().prefetch_related("members"), pk=pk)


@router.get(
    "/cooperation/agreements",
    response=list[CoopAgreementOut],
    tags=TAG,
    summary="校企合作协议及成效",
)
@requires(VIEW)
@paginate(Pagination)
def agreements(request, no_outcome: bool = Query(False, description="只列满期无成效的协议")):
    queryset = selectors.with_outcomes().prefetch_related("members")
    if no_outcome:
        queryset = selectors.outcome_filter(queryset, dt.date.today(), flagged=True)
    return queryset.order_by("-signed_on", "pk")


@router.get(
    "/cooperation/agreements/{agreement_id}",
    response=CoopAgreementOut,
    tags=TAG,
    summary="协议详情及成效",
)
@requires(VIEW)
def agreement_detail(request, agreement_id: int):
    return _agreement(agreement_id)


@router.post(
    "/cooperation/agreements",
    response={201: CoopAgreementOut},
    tags=TAG,
    summary="登记校企合作协议",
)
@requires(CHANGE)
def create_agreement(request, payload: CoopAgreementIn):
    agreement = services.agreement_save(
        actor=request.user,
        office=_office(payload.office_id),
        members=_members(payload.member_ids),
        **payload.model_dump(exclude={"office_id", "member_ids"}),
    )
    return Status(201, _agreement(agreement.pk))


class CoopAgreementPut(Strict):
    title: str = Field(..., max_length=100)
    member_ids: list[Annotated[int, Field(ge=1, le=2**63 - 1)]] = Field(..., max_length=50)
    signed_on: dt.date = _date()
    ends_on: dt.date | None = _date(None)
    content: str = Field("", max_length=4000)


def _members(ids) -> list[AllianceMember]:
    found = list(AllianceMember.objects.filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise ApplicationError(_("签约方不存在或不在您的数据范围内"), field="member_ids")
    return found


@router.put(
    "/cooperation/agreements/{agreement_id}",
    response=CoopAgreementOut,
    tags=TAG,
    summary="修改校企合作协议",
)
@requires(CHANGE)
def update_agreement(request, agreement_id: int, payload: CoopAgreementPut):
    agreement = get_scoped_or_404(Agreement.objects.select_related("office"), pk=agreement_id)
    services.agreement_save(
        actor=request.user,
        office=agreement.office,
        agreement=agreement,
        members=_members(payload.member_ids),
        **payload.model_dump(exclude={"member_ids"}),
    )
    return _agreement(agreement.pk)


# Programmes, cohorts, trainees ---------------------------------------------------------


class CoopCohortOut(Schema):
    id: int
    name: str
    starts_on: dt.date
    ends_on: dt.date


class CoopProgrammeOut(Schema):
    id: int
    office_id: int
    name: str
    kind: str
    year: int
    agreement_id: int | None
    partner_id: int | None
    description: str
    target: int
    cohorts: list[CoopCohortOut]

    @staticmethod
    def resolve_cohorts(obj):
        return list(obj.cohorts.all())


class CoopProgrammeIn(Strict):
    office_id: int = Field(..., **ID)
    name: str = Field(..., max_length=100)
    kind: str = Field(..., max_length=12)
    year: int = year_field()
    agreement_id: int | None = Field(None, **ID)
    partner_id: int | None = Field(None, **ID)
    description: str = Field("", max_length=4000)
    target: int = Field(0, ge=0, le=1_000_000)


class CoopCohortIn(Strict):
    name: str = Field(..., max_length=50)
    starts_on: dt.date = _date()
    ends_on: dt.date = _date()


class CoopTraineeOut(Schema):
    id: int
    cohort_id: int
    name: str
    talent_id: int | None
    employer: str
    completed: bool


class CoopTraineeIn(Strict):
    name: str = Field("", max_length=50)
    talent_id: int | None = Field(None, **ID)
    employer: str = Field("", max_length=100)
    completed: bool = False


@router.get(
    "/cooperation/programmes", response=list[CoopProgrammeOut], tags=TAG, summary="合作项目与活动"
)
@requires(VIEW)
@paginate(Pagination)
def programmes(request, year: int | None = Query(None, ge=YEAR_MIN, le=YEAR_MAX), kind: str = ""):
    return selectors.programmes(year=year, kind=kind)


@router.post(
    "/cooperation/programmes", response={201: CoopProgrammeOut}, tags=TAG, summary="登记合作项目"
)
@requires(CHANGE)
def create_programme(request, payload: CoopProgrammeIn):
    programme = services.programme_save(
        actor=request.user,
        office=_office(payload.office_id),
        agreement=_optional(Agreement, payload.agreement_id, "agreement_id", _("依托协议")),
        partner=_optional(AllianceMember, payload.partner_id, "partner_id", _("合作方")),
        **payload.model_dump(exclude={"office_id", "agreement_id", "partner_id"}),
    )
    return Status(201, programme)


@router.post(
    "/cooperation/programmes/{programme_id}/cohorts",
    response={201: CoopCohortOut},
    tags=TAG,
    summary="增加期次",
)
@requires(CHANGE)
def create_cohort(request, programme_id: int, payload: CoopCohortIn):
    programme = get_scoped_or_404(Programme.objects.select_related("office"), pk=programme_id)
    cohort = services.cohort_save(actor=request.user, programme=programme, **payload.model_dump())
    return Status(201, cohort)


@router.get(
    "/cooperation/cohorts/{cohort_id}/trainees",
    response=list[CoopTraineeOut],
    tags=TAG,
    summary="期次学员",
)
@requires(VIEW)
@paginate(Pagination)
def trainees(request, cohort_id: int):
    cohort = get_scoped_or_404(Cohort, pk=cohort_id)
    return cohort.trainees.order_by("name", "pk")


@router.post(
    "/cooperation/cohorts/{cohort_id}/trainees",
    response={201: CoopTraineeOut},
    tags=TAG,
    summary="增加学员",
)
@requires(CHANGE)
def create_trainee(request, cohort_id: int, payload: CoopTraineeIn):
    cohort = get_scoped_or_404(Cohort.objects.select_related("programme__office"), pk=cohort_id)
    talent = _optional(Talent, payload.talent_id, "talent_id", _("人才库人员"))
    trainee = services.trainee_save(
        actor=request.user,
        cohort=cohort,
        talent=talent,
        **payload.model_dump(exclude={"talent_id"}),
    )
    return Status(201, trainee)


# Practice bases --------------------------------------------------------------------------


class CoopTermOut(Schema):
    id: int
    term: str
    starts_on: dt.date
    students: int


class CoopBaseOut(Schema):
    id: int
    office_id: int
    name: str
    host: str
    university_id: int
    agreement_id: int | None
    places: int
    established_on: dt.date
    terms: list[CoopTermOut]

    @staticmethod
    def resolve_terms(obj):
        return list(obj.terms.all())


class CoopBaseIn(Strict):
    office_id: int = Field(..., **ID)
    name: str = Field(..., max_length=100)
    host: str = Field(..., max_length=100)
    university_id: int = Field(..., **ID)
    agreement_id: int | None = Field(None, **ID)
    places: int = Field(..., ge=0, le=100000)
    established_on: dt.date = _date()


class CoopTermIn(Strict):
    term: str = Field(..., max_length=20)
    starts_on: dt.date = _date()
    students: int = Field(..., ge=0, le=100000)


@router.get("/cooperation/bases", response=list[CoopBaseOut], tags=TAG, summary="实践基地")
@requires(VIEW)
@paginate(Pagination)
def bases(request):
    return selectors.bases()


@router.post("/cooperation/bases", response={201: CoopBaseOut}, tags=TAG, summary="登记实践基地")
@requires(CHANGE)
def create_base(request, payload: CoopBaseIn):
    base = services.base_save(
        actor=request.user,
        office=_office(payload.office_id),
        university=_optional(AllianceMember, payload.university_id, "university_id", _("合作高校")),
        agreement=_optional(Agreement, payload.agreement_id, "agreement_id", _("依托协议")),
        **payload.model_dump(exclude={"office_id", "university_id", "agreement_id"}),
    )
    return Status(201, base)


@router.post(
    "/cooperation/bases/{base_id}/terms",
    response={201: CoopTermOut},
    tags=TAG,
    summary="登记实践期次",
)
@requires(CHANGE)
def create_term(request, base_id: int, payload: CoopTermIn):
    base = get_scoped_or_404(PracticeBase.objects.select_related("office"), pk=base_id)
    term = services.term_save(actor=request.user, base=base, **payload.model_dump())
    return Status(201, term)


# Graduates and retention -----------------------------------------------------------------


class CoopGraduateOut(Schema):
    id: int
    office_id: int
    university_id: int
    name: str
    year: int
    major: str
    kind: str
    employer: str
    agreement_id: int | None
    started_on: dt.date


class CoopGraduateIn(Strict):
    office_id: int = Field(..., **ID)
    university_id: int = Field(..., **ID)
    name: str = Field(..., max_length=50)
    year: int = year_field()
    major: str = Field("", max_length=50)
    kind: str = Field(..., max_length=10, description="employed就业、startup创业")
    employer: str = Field(..., max_length=100)
    agreement_id: int | None = Field(None, **ID)
    started_on: dt.date = _date()


class CoopRetentionCell(Schema):
    year: int
    employed: int
    startup: int
    total: int


class CoopRetentionRow(Schema):
    university_id: int
    university: str
    cells: list[CoopRetentionCell]
    total: int


class CoopRetentionOut(Schema):
    years: list[int]
    rows: list[CoopRetentionRow]
    totals: list[CoopRetentionCell]


@router.get(
    "/cooperation/graduates", response=list[CoopGraduateOut], tags=TAG, summary="毕业生留区"
)
@requires(VIEW)
@paginate(Pagination)
def graduates(
    request,
    year: int | None = Query(None, ge=YEAR_MIN, le=YEAR_MAX),
    university_id: int | None = Query(None, **ID),
    kind: str = "",
):
    return selectors.graduates(year=year, university_id=university_id, kind=kind)


@router.post(
    "/cooperation/graduates", response={201: CoopGraduateOut}, tags=TAG, summary="登记留区毕业生"
)
@requires(CHANGE)
def create_graduate(request, payload: CoopGraduateIn):
    graduate = services.graduate_save(
        actor=request.user,
        office=_office(payload.office_id),
        university=_optional(AllianceMember, payload.university_id, "university_id", _("毕业院校")),
        agreement=_optional(Agreement, payload.agreement_id, "agreement_id", _("依托协议")),
        **payload.model_dump(exclude={"office_id", "university_id", "agreement_id"}),
    )
    return Status(201, graduate)


@router.get("/cooperation/retention", response=CoopRetentionOut, tags=TAG, summary="毕业生留区统计")
@requires(VIEW)
def retention(
    request,
    year_from: int | None = Query(None, ge=YEAR_MIN, le=YEAR_MAX),
    year_to: int | None = Query(None, ge=YEAR_MIN, le=YEAR_MAX),
):
    return selectors.retention(year_from=year_from, year_to=year_to)


class CoopLedgerOut(Schema):
    kind: str
    kind_label: str
    plan_ledger: bool
    year: int
    programmes: int
    target: int
    cohorts: int
    trainees: int
    completed: int


@router.get("/cooperation/ledgers", response=list[CoopLedgerOut], tags=TAG, summary="合作项目台账")
@requires(VIEW)
def ledgers(request, year: int | None = Query(None, ge=YEAR_MIN, le=YEAR_MAX), kind: str = ""):
    return selectors.programme_ledgers(year=year, kind=kind)


from zugong.talent.api import cooperation_challenges  # noqa: E402, F401
