"""Members, the medal, the structure check, elections and the cockpit."""

import datetime as dt

from ninja import Field, Path, Query, Schema
from ninja.pagination import paginate

from zugong.core import codes
from zugong.core.api import DATE_MAX, DATE_MIN, YEAR_MAX, YEAR_MIN, Pagination
from zugong.core.authz import requires
from zugong.core.models import CodeTable, Organization
from zugong.core.scope import get_scoped_or_404
from zugong.party import capabilities as caps
from zugong.party import rules, selectors
from zugong.party.api.router import router
from zugong.party.models import Member


class MemberOut(Schema):
    id: int
    person_id: int
    name: str
    gender_name: str
    birth_date: dt.date
    kind: str
    kind_name: str
    joined_on: dt.date
    full_on: dt.date | None
    party_standing: int
    status: str
    status_name: str
    occupation: str
    organization_id: int
    organization_name: str

    @staticmethod
    def resolve_name(obj):
        return obj.person.name

    @staticmethod
    def resolve_gender_name(obj):
        return codes.name(CodeTable.GENDER, obj.person.gender)

    @staticmethod
    def resolve_birth_date(obj):
        return obj.person.birth_date

    @staticmethod
    def resolve_kind_name(obj):
        return obj.get_kind_display()

    @staticmethod
    def resolve_status_name(obj):
        return obj.get_status_display()

    @staticmethod
    def resolve_party_standing(obj):
        return rules.party_standing_years(obj.full_on, dt.date.today())

    @staticmethod
    def resolve_organization_id(obj):
        return obj.person.organization_id

    @staticmethod
    def resolve_organization_name(obj):
        return obj.person.organization.name


class MemberFilter(Schema):
    q: str = Field("", description="姓名片段，或完整的身份证号/手机号")
    kind: str = ""
    status: str = ""
    organization: int | None = None


@router.get("/members", response=list[MemberOut], summary="党员列表")
@requires(caps.VIEW_MEMBER)
@paginate(Pagination)
def list_members(request, filters: Query[MemberFilter]):
    organization = (
        get_scoped_or_404(Organization, pk=filters.organization) if filters.organization else None
    )
    return selectors.member_list(
        q=filters.q, kind=filters.kind, status=filters.status, organization=organization
    )


@router.get("/members/{member_id}", response=MemberOut, summary="党员详情")
@requires(caps.VIEW_MEMBER)
def get_member(request, member_id: int):
    return get_scoped_or_404(Member.objects.select_related("person__organization"), pk=member_id)


@router.get("/medal/{year}", response=list[MemberOut], summary="“光荣在党50年”纪念章颁发对象")
@requires(caps.VIEW_MEMBER)
@paginate(Pagination)
def medal(request, year: int = Path(..., ge=YEAR_MIN, le=YEAR_MAX, description="年度")):
    return selectors.medal_candidates(year)


class FindingOut(Schema):
    code: str
    message: str
    source: str


class BranchFindingOut(Schema):
    id: int
    name: str
    code: str
    kind: str = Field(
        description="党组织类型：branch 党支部、general_branch 党总支、grassroots_committee 基层党委"
    )
    full: int
    all_members: int
    findings: list[FindingOut]


@router.get(
    "/branch-findings",
    response=list[BranchFindingOut],
    summary="党组织设置检查（党支部、党总支、基层党委）",
)
@requires(caps.VIEW_MEMBER)
def branch_findings(request):
    return selectors.branch_findings()


class ElectionOut(Schema):
    organization_id: int
    organization_name: str
    elected_on: dt.date | None
    term_years: int | None
    due: dt.date | None
    state: str


@router.get(
    "/elections",
    response=list[ElectionOut],
    summary="换届提醒：已逾期、90天内届满和无班子记录的党组织",
)
@requires(caps.VIEW_MEMBER)
def elections(
    request,
    on: dt.date | None = Query(None, ge=DATE_MIN, le=DATE_MAX, description="默认今天"),  # noqa: B008
):
    rows = selectors.elections(on or dt.date.today(), states=("overdue", "due_soon", "missing"))
    return [
        {
            "organization_id": r["organization"].pk,
            "organization_name": r["organization"].name,
            "elected_on": r["committee"].elected_on if r["committee"] else None,
            "term_years": r["committee"].term_years if r["committee"] else None,
            "due": r["due"],
            "state": r["state"],
        }
        for r in rows
    ]


class CountOut(Schema):
    label: str
    count: int


class CockpitOut(Schema):
    """Each breakdown is a list of {label, count} in display order (a list of pairs
    would be a tuple schema, which OpenAPI 3.1 tools do not all read)."""

    members: int
    probationary: int
    by_age: list[CountOut]
    by_gender: list[CountOut]
    by_education: list[CountOut]
    by_standing: list[CountOut]
    organizations_by_kind: dict[str, int]


BREAKDOWNS = ("by_age", "by_gender", "by_education", "by_standing")


@router.get(
    "/cockpit",
    response=CockpitOut,
    summary="驾驶舱数据：党员年龄、性别、学历、党龄结构，党组织类型",
)
@requires(caps.VIEW_MEMBER)
def cockpit(request):
    figures = selectors.cockpit_figures(dt.date.today())
    for key in BREAKDOWNS:
        figures[key] = [{"label": label, "count": count} for label, count in figures[key]]
    return figures
