"""API of the cadres app under /api/v1/cadres/.

Everything is limited to the caller's scope. Supervision data is a field-level
restriction: it appears (and its reading is audited) only for callers holding
``cadres.view_supervision``; for others the field is null and the supervision
endpoints answer 403.
"""

import datetime as dt
from urllib.parse import quote

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from zugong.cadres import capabilities as caps
from zugong.cadres import lrmx, printing, rules, selectors
from zugong.cadres.models import Cadre, PostLevel
from zugong.cadres.services import lrmx as lrmx_services
from zugong.cadres.services import supervision as supervision_services
from zugong.core import capabilities as core_caps
from zugong.core import codes
from zugong.core.api import DATE_MAX, DATE_MIN, Pagination
from zugong.core.authz import holds, narrowed, requires
from zugong.core.errors import ApplicationError
from zugong.core.models import CodeTable, Organization
from zugong.core.scope import get_scoped_or_404
from zugong.core.selectors import person_search

router = Router(tags=["干部"])


def _cadre(cadre_id: int) -> Cadre:
    return get_scoped_or_404(selectors.with_details(Cadre.objects.all()), pk=cadre_id)


class CadreOut(Schema):
    id: int
    person_id: int
    name: str
    gender_name: str
    birth_month: str
    unit_id: int
    unit_name: str
    current_post: str
    post_level: str | None
    rank: str | None
    rank_name: str | None
    retirement_month: str
    status: str

    @staticmethod
    def resolve_name(obj):
        return obj.person.name

    @staticmethod
    def resolve_gender_name(obj):
        return codes.name(CodeTable.GENDER, obj.person.gender)

    @staticmethod
    def resolve_birth_month(obj):
        return f"{obj.person.birth_date:%Y-%m}"

    @staticmethod
    def resolve_current_post(obj):
        return obj.current_post_text

    @staticmethod
    def resolve_post_level(obj):
        post = selectors.current_position(obj)
        return post.level if post else None

    @staticmethod
    def resolve_rank(obj):
        rank = selectors.current_rank(obj)
        return rank.rank if rank else None

    @staticmethod
    def resolve_rank_name(obj):
        rank = selectors.current_rank(obj)
        return rank.get_rank_display() if rank else None

    @staticmethod
    def resolve_retirement_month(obj):
        return f"{selectors.retirement(obj).month:%Y-%m}"


class PositionOut(Schema):
    id: int
    unit_name: str
    title: str
    level: str
    started_on: dt.date
    ended_on: dt.date | None
    probation: bool
    is_promotion: bool
    appointment_doc: str
    appointment_approved_by: str
    removal_doc: str
    notice_id: int | None
    notice_exemption: str


class RankOut(Schema):
    rank: str
    rank_name: str = Field(..., alias="get_rank_display")
    started_on: dt.date
    ended_on: dt.date | None
    pay_grade: int | None
    document: str


class EducationOut(Schema):
    kind: str
    education: str
    degree: str
    education_school: str
    degree_school: str


class ResumeOut(Schema):
    start: dt.date
    end: dt.date | None
    text: str


class FamilyOut(Schema):
    relation: str
    name: str
    birth_month: str
    political_status: str
    unit_post: str


class AnnualOut(Schema):
    year: int
    grade: str
    grade_name: str = Field(..., alias="get_grade_display")
    is_leader: bool
    ungraded_reason: str
    sick_leave_days: int
    personal_leave_days: int


class SupervisionOut(Schema):
    id: int
    cadre_id: int
    kind: str
    kind_name: str = Field(..., alias="get_kind_display")
    measure: str
    issue: str
    decided_on: dt.date
    decided_by: str
    letter_received_on: dt.date | None
    reply_due: dt.date | None
    replied_on: dt.date | None
    outcome: str
    status: str


class CadreDetailOut(CadreOut):
    work_started_on: dt.date
    party_joined_on: dt.date | None
    other_party: str
    professional_title: str
    health: str
    positions: list[PositionOut]
    ranks: list[RankOut]
    educations: list[EducationOut]
    resume: list[ResumeOut]
    family: list[FamilyOut]
    annual_assessments: list[AnnualOut]
    supervision: list[SupervisionOut] | None = Field(
        None, description="仅有“查看干部监督记录”权限者可见，查看记入审计日志"
    )

    @staticmethod
    def resolve_positions(obj):
        return list(obj.positions.all())

    @staticmethod
    def resolve_ranks(obj):
        return list(obj.ranks.all())

    @staticmethod
    def resolve_educations(obj):
        return list(obj.educations.all())

    @staticmethod
    def resolve_resume(obj):
        return list(obj.resume.all())

    @staticmethod
    def resolve_family(obj):
        return list(obj.family.all())

    @staticmethod
    def resolve_annual_assessments(obj):
        return list(obj.annual_assessments.all())

    @staticmethod
    def resolve_supervision(obj):
        return getattr(obj, "visible_supervision", None)


class CadreFilter(Schema):
    q: str = Field("", description="姓名片段，或完整的身份证号")
    status: str = ""
    unit: int | None = None


@router.get("/", response=list[CadreOut], summary="干部列表")
@requires(caps.VIEW_CADRE)
@paginate(Pagination)
def list_cadres(request, filters: Query[CadreFilter]):
    queryset = Cadre.objects.select_related("person", "unit").prefetch_related("positions", "ranks")
    if filters.q:
        queryset = queryset.filter(
            person__in=person_search(Cadre.person.field.related_model.objects.all(), filters.q)
        )
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.unit:
        unit = get_scoped_or_404(Organization, pk=filters.unit)
        queryset = queryset.filter(unit__path__startswith=unit.path)
    return queryset.order_by("unit__path", "person__name", "id")


@router.get(
    "/{int:cadre_id}", response=CadreDetailOut, summary="干部详情（含任职、职级、简历、家庭成员）"
)
@requires(caps.VIEW_CADRE)
def get_cadre(request, cadre_id: int):
    cadre = _cadre(cadre_id)
    if request.access.has(caps.VIEW_SUPERVISION, cadre.unit.path):
        records = list(cadre.supervision.all())
        supervision_services.supervision_list_viewed(
            actor=request.user, cadre=cadre, count=len(records)
        )
        cadre.visible_supervision = records
    return cadre


class VerdictOut(Schema):
    allowed: bool
    text: str
    reasons: list[str]
    until: dt.date | None
    sources: list[str]


@router.get(
    "/{int:cadre_id}/verdict",
    response=VerdictOut,
    summary="能否在某日提拔或晋升；不能的，原因和影响期截止日",
)
@requires(caps.VIEW_CADRE)
def verdict(
    request,
    cadre_id: int,
    on: dt.date | None = Query(None, ge=DATE_MIN, le=DATE_MAX, description="默认今天"),  # noqa: B008
):
    result = selectors.verdict(_cadre(cadre_id), on, access=request.access)
    return {
        "allowed": result.allowed,
        "text": result.text,
        "reasons": result.reasons,
        "until": result.until,
        "sources": list(dict.fromkeys(result.sources)),
    }


class EligibilityOut(Schema):
    current: str
    target: str | None
    since: dt.date
    earliest: dt.date | None
    required_months: int
    notes: list[str]
    blocked: str


@router.get(
    "/{int:cadre_id}/eligibility",
    response={200: EligibilityOut, 204: None},
    summary="职级晋升最早时间",
)
@requires(caps.VIEW_CADRE)
def eligibility(request, cadre_id: int):
    result = selectors.rank_eligibility(_cadre(cadre_id))
    if result is None:
        return Status(204, None)
    return result


class CheckOut(Schema):
    ok: bool
    text: str
    source: str


@router.get(
    "/{int:cadre_id}/qualification",
    response=list[CheckOut],
    summary="任职资格审查（条例第八、九条与影响期）",
)
@requires(caps.VIEW_CADRE)
def qualification(
    request,
    cadre_id: int,
    target: str,
    on: dt.date | None = Query(None, ge=DATE_MIN, le=DATE_MAX, description="默认今天"),  # noqa: B008
    exceptional: bool = False,
):
    if target not in PostLevel.values:
        raise ApplicationError(_("拟任职务层次无效"), field="target")
    cadre = _cadre(cadre_id)
    return rules.post_qualification(
        selectors.cadre_facts(cadre),
        target=target,
        on=on or dt.date.today(),
        exceptional=exceptional,
        redact_bars=not request.access.has(caps.VIEW_SUPERVISION, cadre.unit.path),
    )


def _download(content: bytes, name: str, content_type: str, disposition: str = "attachment"):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(name)}"
    return response


@router.get("/{int:cadre_id}/lrmx", summary="导出任免审批表（.lrmx，含身份证号明文，需相应权限）")
@requires(caps.VIEW_CADRE, core_caps.EXPORT, core_caps.VIEW_SENSITIVE)
def export_lrmx(request, cadre_id: int):
    cadre = _cadre(cadre_id)
    lrmx_services.export_recorded(actor=request.user, cadres=[cadre])
    return _download(lrmx.export(cadre), f"{cadre.person.name}.lrmx", "application/xml")


@router.get("/{int:cadre_id}/form.pdf", summary="打印干部任免审批表（PDF，两页A4）")
@requires(caps.VIEW_CADRE, core_caps.EXPORT)
def print_form(request, cadre_id: int):
    cadre = _cadre(cadre_id)
    lrmx_services.export_recorded(actor=request.user, cadres=[cadre], printed=True)
    return _download(
        printing.render(cadre),
        f"{cadre.person.name}_干部任免审批表.pdf",
        "application/pdf",
        "inline",
    )


class PreviewOut(Schema):
    file: str
    name: str
    status: str
    differences: list[dict]
    warnings: list[str]


class LrmxErrorOut(Schema):
    file: str
    message: str
    details: list[dict]


class LrmxPreviewOut(Schema):
    rows: list[PreviewOut]
    errors: list[LrmxErrorOut]


@router.post(
    "/lrmx/preview",
    response=LrmxPreviewOut,
    summary="预览.lrmx或.zip：每个文件新建还是更新、与现有记录的差异、未通过检查的文件和原因（不写入）",
)
@requires(caps.CHANGE_CADRE)
def lrmx_preview(request, file: File[UploadedFile]):
    batch = lrmx.parse_upload(file.read(lrmx.MAX_FILE_BYTES * 5 + 1), file.name)
    rows = lrmx_services.preview(actor=request.user, batch=batch)
    return {
        "rows": [
            {
                "file": r["parsed"].filename,
                "name": r["parsed"].name,
                "status": r["status"],
                "differences": r["differences"],
                "warnings": r["parsed"].warnings,
            }
            for r in rows
        ],
        "errors": batch.errors,
    }


class ImportedOut(Schema):
    imported: list[CadreOut]


@router.post(
    "/lrmx/import",
    response={201: ImportedOut},
    summary="导入.lrmx或.zip（有任何文件未通过检查则整批不写入）",
)
@requires(caps.CHANGE_CADRE)
def lrmx_import(request, file: File[UploadedFile], unit_id: Form[int]):
    unit = get_scoped_or_404(Organization, pk=unit_id)
    batch = lrmx.parse_upload(file.read(lrmx.MAX_FILE_BYTES * 5 + 1), file.name)
    cadres = lrmx_services.import_batch(actor=request.user, batch=batch, unit=unit)
    return Status(201, {"imported": cadres})


class RetirementOut(Schema):
    cadre_id: int
    name: str
    unit_name: str
    original: dt.date
    delay_months: int
    month: dt.date
    overdue: bool


@router.get("/retirement", response=list[RetirementOut], summary="未来N个月到龄的干部")
@requires(caps.VIEW_CADRE)
def retirement(request, months: int = Query(12, ge=1, le=120, description="未来几个月，1至120")):
    return [
        {
            "cadre_id": r["cadre"].pk,
            "name": r["cadre"].person.name,
            "unit_name": r["cadre"].unit_name,
            "original": r["retirement"].original,
            "delay_months": r["retirement"].delay_months,
            "month": r["retirement"].month,
            "overdue": r["overdue"],
        }
        for r in selectors.retiring_within(max(1, min(months, 120)))
    ]


class EligibleOut(Schema):
    cadre_id: int
    name: str
    current: str
    target: str
    earliest: dt.date
    notes: list[str]
    verdict: str


@router.get("/eligibility", response=list[EligibleOut], summary="某期间符合职级晋升年限的干部")
@requires(caps.VIEW_CADRE)
def eligible(
    request,
    start: dt.date = Query(..., ge=DATE_MIN, le=DATE_MAX),  # noqa: B008
    end: dt.date = Query(..., ge=DATE_MIN, le=DATE_MAX),  # noqa: B008
):
    return [
        {
            "cadre_id": r["cadre"].pk,
            "name": r["cadre"].person.name,
            "current": r["eligibility"].current,
            "target": r["eligibility"].target,
            "earliest": r["eligibility"].earliest,
            "notes": r["eligibility"].notes,
            "verdict": r["verdict"].text,
        }
        for r in selectors.eligible_between(start, end, access=request.access)
    ]


class TeamOut(Schema):
    id: int
    name: str
    size: int
    average_age: float
    women: int
    young: int
    minority: int
    non_party: int
    bands: dict[str, int]
    education: dict[str, int]
    warnings: list[str]


@router.get("/teams", response=list[TeamOut], summary="领导班子结构分析")
@requires(caps.VIEW_CADRE)
def teams(request):
    return [
        {"id": t["group"].pk, "name": t["group"].name, **vars(t["structure"])}
        for t in selectors.team_structures()
    ]


class QuotaFindingOut(Schema):
    name: str
    percent: int
    cap: int
    held: int
    over: bool


class RankQuotaOut(Schema):
    organization_id: int
    organization_name: str
    posts: int
    findings: list[QuotaFindingOut]


@router.get("/rank-quotas", response=list[RankQuotaOut], summary="县乡机关职级职数核查")
@requires(caps.VIEW_CADRE)
def rank_quotas(request):
    return [
        {
            "organization_id": r["establishment"].organization_id,
            "organization_name": r["establishment"].organization.name,
            "posts": r["establishment"].posts,
            "findings": r["findings"],
        }
        for r in selectors.rank_quota_report()
    ]


@router.get("/cockpit", summary="干部工作驾驶舱数据")
@requires(caps.VIEW_CADRE)
def cockpit(request):
    figures = selectors.cockpit()
    # Supervision figures only from the subtrees where the reader may see supervision
    # records; null (not zero) for a reader who may see none.
    figures["overdue_rectifications"] = figures["overdue_inquiries"] = None
    if holds(request, caps.VIEW_SUPERVISION):
        with narrowed(caps.VIEW_SUPERVISION):
            figures.update(selectors.supervision_counts())
    return figures


# The recording operations and the supervision lists are in api_records; importing it
# registers them on this router, after the reads above (the order of the documentation).
from zugong.cadres import api_records  # noqa: E402, F401
