"""API of core: organizations, persons, the current user and jobs."""

import datetime as dt
import uuid

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate
from pydantic import ConfigDict

from zugong.core import capabilities as caps
from zugong.core import codes
from zugong.core.authz import requires
from zugong.core.jobs import EXPORT_PERSONS
from zugong.core.middleware import client_ip
from zugong.core.models import CodeTable, Job, Organization, Person
from zugong.core.scope import get_scoped_or_404
from zugong.core.selectors import organization_list, person_list
from zugong.core.services import organizations as org_services
from zugong.core.services import persons as person_services
from zugong.core.tasks import job_start

router = Router()


# Bounds of the numbers a caller may send, in the schema so that a wrong one is a 422
# that names the field rather than a fault of the server. Years: the party was founded
# in 1921; 2100 is far enough ahead for any plan.
YEAR_MIN, YEAR_MAX = 1921, 2100
PAGE_MAX = 100_000
# Dates a caller may send: from 1900 (birth dates of the oldest members) to 2999, wide
# enough that a service's own check (not in the future, not before joining…) speaks
# first, and far from the end of date arithmetic at 9999.
DATE_MIN, DATE_MAX = dt.date(1900, 1, 1), dt.date(2999, 12, 31)


def year_field(default=..., **kwargs):
    return Field(default, ge=YEAR_MIN, le=YEAR_MAX, **kwargs)


def _drop_default(schema: dict) -> None:
    schema.pop("default", None)


def unset(**kwargs):
    """A field of a PATCH that may be left out but, when sent, may not be null."""
    return Field(None, json_schema_extra=_drop_default, **kwargs)


class Pagination(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=PAGE_MAX, description="页码")
        page_size: int = Field(20, ge=1, le=200, description="每页条数")

    def paginate_queryset(self, queryset, pagination: Input, **params):
        offset = (pagination.page - 1) * pagination.page_size
        return {
            "items": queryset[offset : offset + pagination.page_size],
            "count": self._items_count(queryset),
        }


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


# Organizations --------------------------------------------------------------------


class OrganizationOut(Schema):
    id: int
    name: str
    short_name: str
    code: str
    kind: str
    kind_name: str
    category: str
    category_name: str
    host_unit: str
    region_code: str
    founded_on: dt.date | None
    status: str
    status_name: str
    ended_on: dt.date | None
    parent_id: int | None
    depth: int

    @staticmethod
    def resolve_kind_name(obj):
        return obj.get_kind_display()

    @staticmethod
    def resolve_category_name(obj):
        return obj.get_category_display() if obj.category else ""

    @staticmethod
    def resolve_status_name(obj):
        return obj.get_status_display()


class OrganizationFilter(Schema):
    q: str = ""
    kind: str = ""
    status: str = ""
    under: int | None = None


class OrganizationIn(Strict):
    parent_id: int
    name: str = Field(..., max_length=100)
    code: str = Field(..., max_length=32)
    kind: str = Field(..., max_length=32)
    category: str = Field("", max_length=32)
    short_name: str = Field("", max_length=50)
    host_unit: str = Field("", max_length=100)
    region_code: str = Field("", max_length=12)
    founded_on: dt.date | None = Field(None, ge=DATE_MIN, le=DATE_MAX)


class OrganizationPatch(Strict):
    """Only the fields sent are changed; null only where a value may be empty."""

    name: str = unset(max_length=100)
    code: str = unset(max_length=32)
    kind: str = unset(max_length=32)
    category: str = unset(max_length=32)
    short_name: str = unset(max_length=50)
    host_unit: str = unset(max_length=100)
    region_code: str = unset(max_length=12)
    founded_on: dt.date | None = Field(None, ge=DATE_MIN, le=DATE_MAX, description="null为清空")


class MoveIn(Strict):
    parent_id: int
    occurred_on: dt.date | None = Field(None, ge=DATE_MIN, le=DATE_MAX)
    document_no: str = Field("", max_length=100)
    note: str = ""


class EndIn(Strict):
    occurred_on: dt.date = Field(..., ge=DATE_MIN, le=DATE_MAX)
    document_no: str = Field("", max_length=100)
    note: str = ""


@router.get("/organizations", response=list[OrganizationOut], tags=["党组织"], summary="党组织列表")
@requires(caps.VIEW_ORGANIZATION)
@paginate(Pagination)
def list_organizations(request, filters: Query[OrganizationFilter]):
    under = get_scoped_or_404(Organization, pk=filters.under) if filters.under else None
    return organization_list(q=filters.q, kind=filters.kind, status=filters.status, under=under)


@router.get(
    "/organizations/{org_id}", response=OrganizationOut, tags=["党组织"], summary="党组织详情"
)
@requires(caps.VIEW_ORGANIZATION)
def get_organization(request, org_id: int):
    return get_scoped_or_404(Organization, pk=org_id)


@router.post(
    "/organizations", response={201: OrganizationOut}, tags=["党组织"], summary="新建党组织"
)
@requires(caps.CHANGE_ORGANIZATION)
def create_organization(request, payload: OrganizationIn):
    parent = get_scoped_or_404(Organization, pk=payload.parent_id)
    data = payload.model_dump(exclude={"parent_id"})
    return Status(
        201, org_services.organization_create(actor=request.user, parent=parent, data=data)
    )


@router.patch(
    "/organizations/{org_id}", response=OrganizationOut, tags=["党组织"], summary="修改党组织"
)
@requires(caps.CHANGE_ORGANIZATION)
def update_organization(request, org_id: int, payload: OrganizationPatch):
    org = get_scoped_or_404(Organization, pk=org_id)
    return org_services.organization_update(
        actor=request.user, organization=org, data=payload.model_dump(exclude_unset=True)
    )


@router.post(
    "/organizations/{org_id}/move",
    response=OrganizationOut,
    tags=["党组织"],
    summary="调整隶属关系",
)
@requires(caps.CHANGE_ORGANIZATION)
def move_organization(request, org_id: int, payload: MoveIn):
    org = get_scoped_or_404(Organization, pk=org_id)
    parent = get_scoped_or_404(Organization, pk=payload.parent_id)
    return org_services.organization_move(
        actor=request.user,
        organization=org,
        new_parent=parent,
        occurred_on=payload.occurred_on,
        document_no=payload.document_no,
        note=payload.note,
    )


@router.post(
    "/organizations/{org_id}/dissolve",
    response=OrganizationOut,
    tags=["党组织"],
    summary="撤销党组织",
)
@requires(caps.CHANGE_ORGANIZATION)
def dissolve_organization(request, org_id: int, payload: EndIn):
    org = get_scoped_or_404(Organization, pk=org_id)
    return org_services.organization_dissolve(
        actor=request.user, organization=org, **payload.model_dump()
    )


# Persons --------------------------------------------------------------------------


class PersonOut(Schema):
    id: int
    name: str
    gender: str
    gender_name: str
    birth_date: dt.date
    ethnicity: str
    ethnicity_name: str
    education: str
    education_name: str
    political_status: str
    political_status_name: str
    native_place: str
    id_number: str = Field(..., alias="id_number_masked", description="脱敏后的公民身份号码")
    phone: str = Field(..., alias="phone_masked", description="脱敏后的联系电话")
    organization_id: int
    organization_name: str
    work_unit: str
    job_title: str

    @staticmethod
    def resolve_gender_name(obj):
        return codes.name(CodeTable.GENDER, obj.gender)

    @staticmethod
    def resolve_ethnicity_name(obj):
        return codes.name(CodeTable.ETHNICITY, obj.ethnicity)

    @staticmethod
    def resolve_education_name(obj):
        return codes.name(CodeTable.EDUCATION, obj.education) if obj.education else ""

    @staticmethod
    def resolve_political_status_name(obj):
        return codes.name(CodeTable.POLITICAL_STATUS, obj.political_status)

    @staticmethod
    def resolve_organization_name(obj):
        return obj.organization.name


class PersonFilter(Schema):
    q: str = Field("", description="姓名片段，或完整的身份证号/手机号（精确匹配）")
    gender: str = ""
    ethnicity: str = ""
    education: str = ""
    political_status: str = ""
    organization: int | None = Field(None, description="只列出该组织及其下级的人员")


class PersonIn(Strict):
    organization_id: int
    name: str = Field(..., max_length=50)
    id_number: str = Field(..., max_length=32)
    ethnicity: str = Field(..., max_length=2)
    political_status: str = Field(..., max_length=2)
    education: str = Field("", max_length=2)
    phone: str = Field("", max_length=32)
    former_name: str = Field("", max_length=50)
    native_place: str = Field("", max_length=50)
    work_unit: str = Field("", max_length=100)
    job_title: str = Field("", max_length=100)
    gender: str = Field("", max_length=1, description="可不填；填写时须与身份证号一致")
    birth_date: dt.date | None = Field(
        None, ge=DATE_MIN, le=DATE_MAX, description="可不填；填写时须与身份证号一致"
    )


class PersonPatch(Strict):
    """Only the fields sent are changed; none may be null."""

    organization_id: int = unset()
    name: str = unset(max_length=50)
    id_number: str = unset(max_length=32)
    ethnicity: str = unset(max_length=2)
    political_status: str = unset(max_length=2)
    education: str = unset(max_length=2)
    phone: str = unset(max_length=32)
    former_name: str = unset(max_length=50)
    native_place: str = unset(max_length=50)
    work_unit: str = unset(max_length=100)
    job_title: str = unset(max_length=100)


class SensitiveOut(Schema):
    id_number: str
    phone: str


@router.get("/persons", response=list[PersonOut], tags=["人员"], summary="人员列表")
@requires(caps.VIEW_PERSON)
@paginate(Pagination)
def list_persons(request, filters: Query[PersonFilter]):
    organization = (
        get_scoped_or_404(Organization, pk=filters.organization) if filters.organization else None
    )
    values = filters.model_dump(exclude={"q", "organization"})
    return person_list(q=filters.q, filters=values, organization=organization)


@router.get("/persons/{person_id}", response=PersonOut, tags=["人员"], summary="人员详情")
@requires(caps.VIEW_PERSON)
def get_person(request, person_id: int):
    return get_scoped_or_404(Person.objects.select_related("organization"), pk=person_id)


@router.get(
    "/persons/{person_id}/sensitive",
    response=SensitiveOut,
    tags=["人员"],
    summary="查看身份证号和电话明文（记入审计日志）",
)
@requires(caps.VIEW_PERSON, caps.VIEW_SENSITIVE)
def get_person_sensitive(request, person_id: int):
    person = get_scoped_or_404(Person.objects.select_related("organization"), pk=person_id)
    return {
        "id_number": person_services.person_reveal(
            actor=request.user, person=person, field="id_number"
        ),
        "phone": person_services.person_reveal(actor=request.user, person=person, field="phone"),
    }


@router.post("/persons", response={201: PersonOut}, tags=["人员"], summary="新增人员")
@requires(caps.CHANGE_PERSON)
def create_person(request, payload: PersonIn):
    organization = get_scoped_or_404(Organization, pk=payload.organization_id)
    data = payload.model_dump(exclude={"organization_id"})
    data = {k: v for k, v in data.items() if v not in ("", None) or k in ("id_number", "name")}
    return Status(
        201, person_services.person_create(actor=request.user, organization=organization, data=data)
    )


@router.patch("/persons/{person_id}", response=PersonOut, tags=["人员"], summary="修改人员")
@requires(caps.CHANGE_PERSON)
def update_person(request, person_id: int, payload: PersonPatch):
    person = get_scoped_or_404(Person.objects.select_related("organization"), pk=person_id)
    data = payload.model_dump(exclude_unset=True)
    organization = None
    if data.get("organization_id") is not None:
        organization = get_scoped_or_404(Organization, pk=data.pop("organization_id"))
    data.pop("organization_id", None)
    return person_services.person_update(
        actor=request.user, person=person, data=data, organization=organization
    )


# The user and their jobs ----------------------------------------------------------


class GrantOut(Schema):
    role: str
    role_name: str
    organization_id: int
    organization_name: str


class MeOut(Schema):
    username: str
    full_name: str
    grants: list[GrantOut]
    capabilities: list[str]


@router.get("/me", response=MeOut, tags=["当前用户"], summary="当前用户、角色和数据范围")
@requires(requirement=caps.SIGNED_IN)
def me(request):
    grants = request.user.assignments.select_related("role", "organization")
    return {
        "username": request.user.username,
        "full_name": request.user.full_name,
        "grants": [
            {
                "role": g.role.code,
                "role_name": g.role.name,
                "organization_id": g.organization_id,
                "organization_name": g.organization.name,
            }
            for g in grants
        ],
        "capabilities": sorted(request.access.capabilities),
    }


class JobOut(Schema):
    id: uuid.UUID
    kind: str
    title: str
    status: str
    status_name: str
    progress: int
    message: str
    result: dict
    created_at: dt.datetime
    finished_at: dt.datetime | None

    @staticmethod
    def resolve_status_name(obj):
        return obj.get_status_display()


@router.get("/jobs/{job_id}", response=JobOut, tags=["后台任务"], summary="后台任务进度")
@requires(requirement=caps.SIGNED_IN)
def get_job(request, job_id: uuid.UUID):
    job = Job.objects.filter(pk=job_id, user=request.user).first()
    if job is None:
        raise Http404
    return job


class ExportIn(Strict):
    q: str = ""
    organization: int | None = None
    gender: str = ""
    education: str = ""
    political_status: str = ""
    ethnicity: str = ""


@router.post(
    "/exports/persons", response={202: JobOut}, tags=["人员"], summary="导出人员名册（后台任务）"
)
@requires(caps.VIEW_PERSON, caps.EXPORT)
def export_persons(request, payload: ExportIn):
    if payload.organization:
        get_scoped_or_404(Organization, pk=payload.organization)
    filters = payload.model_dump(exclude={"q", "organization"})
    job = job_start(
        user=request.user,
        kind=EXPORT_PERSONS,
        title=_("导出人员名册"),
        params={
            "q": payload.q,
            "organization": payload.organization,
            "filters": {k: v for k, v in filters.items() if v},
            "ip": client_ip(request),
            "clear": request.access.has(caps.VIEW_SENSITIVE),
        },
    )
    return Status(202, job)
