"""Rural talent certification API (/api/v1/talent/certifications/…) and one town one
product (/api/v1/talent/town-products/…): lists in scope, details with the checklist,
the workflow steps through the same services as the back office."""

import datetime as dt
from decimal import Decimal
from typing import Annotated

from ninja import Field, Query, Schema, Status
from ninja.pagination import paginate

from zugong.core.api import YEAR_MAX, YEAR_MIN, Pagination, Strict
from zugong.core.authz import requires
from zugong.core.capabilities import need_any
from zugong.core.models import Organization
from zugong.core.scope import get_scoped_or_404
from zugong.talent import capabilities as caps
from zugong.talent.api.router import router
from zugong.talent.models import (
    Certification,
    CertificationLevel,
    Talent,
    TalentCategory,
    TownProduct,
)
from zugong.talent.selectors import certification as selectors
from zugong.talent.services import certification as services
from zugong.talent.services import certification_products as products

ID = Field(..., ge=1, le=2**63 - 1)
ENTER = need_any(caps.CHANGE_TALENT, caps.RECOMMEND_CERT)


class CertificationOut(Schema):
    id: int
    talent_id: int
    talent_name: str
    township_id: int
    township_name: str
    category_code: str
    category_name: str
    level_code: str
    level_name: str
    status: str
    status_name: str
    applied_on: dt.date
    by_portal: bool
    notice_starts: dt.date | None
    notice_ends: dt.date | None
    certificate_no: str
    issued_on: dt.date | None
    valid_until: dt.date | None
    refused_reason: str
    renewal_of_id: int | None

    @staticmethod
    def resolve_talent_name(obj):
        return obj.talent.person.name

    @staticmethod
    def resolve_township_id(obj):
        return obj.talent.township_id

    @staticmethod
    def resolve_township_name(obj):
        return obj.talent.township.name

    @staticmethod
    def resolve_category_code(obj):
        return obj.category.code

    @staticmethod
    def resolve_category_name(obj):
        return obj.category.name

    @staticmethod
    def resolve_level_code(obj):
        return obj.level.code

    @staticmethod
    def resolve_level_name(obj):
        return obj.level.name

    @staticmethod
    def resolve_status_name(obj):
        return obj.get_status_display()


class CertificationCheckOut(Schema):
    criterion_id: int
    text: str
    evidence_required: bool
    met: bool | None
    note: str
    has_evidence: bool


class CertificationDetailOut(CertificationOut):
    statement: str
    recommended_on: dt.date | None
    recommended_by: str
    recommendation: str
    reviewed_on: dt.date | None
    review_opinion: str
    certified_on: dt.date | None
    objection: str
    refused_on: dt.date | None
    checks: list[CertificationCheckOut]

    @staticmethod
    def resolve_checks(obj):
        return [
            {
                "criterion_id": c.criterion_id,
                "text": c.criterion.text,
                "evidence_required": c.criterion.evidence_required,
                "met": c.met,
                "note": c.note,
                "has_evidence": bool(c.evidence),
            }
            for c in obj.checks.all()
        ]


class CertificationFilter(Schema):
    status: str | None = Field(None, max_length=12, description="状态")
    step: str | None = Field(
        None,
        pattern="^(recommend|review|certify|notice|publishable|expiring)$",
        description="待办环节",
    )
    category: str | None = Field(None, max_length=20, description="类别代码")
    level: str | None = Field(None, max_length=20, description="等级代码")
    township_id: int | None = Field(None, ge=1, le=2**63 - 1, description="乡镇（街道）编号")


@router.get("/certifications", response=list[CertificationOut], summary="乡村人才认定列表")
@requires(caps.VIEW_TALENT)
@paginate(Pagination)
def certification_list(request, filters: Query[CertificationFilter]):
    today = dt.date.today()
    qs = selectors.by_step(filters.step, today) if filters.step else selectors.certifications()
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.category:
        qs = qs.filter(category__code=filters.category)
    if filters.level:
        qs = qs.filter(level__code=filters.level)
    if filters.township_id:
        town = get_scoped_or_404(Organization, pk=filters.township_id)
        qs = qs.filter(talent__township__path__startswith=town.path)
    return qs.order_by("-applied_on", "-id") if not filters.step else qs


class CertificationCountsOut(Schema):
    steps: dict[str, int]
    townships: list[dict]


@router.get(
    "/certifications/counts", response=CertificationCountsOut, summary="各环节待办及各乡镇认定数"
)
@requires(caps.VIEW_TALENT)
def certification_counts(request):
    return {
        "steps": selectors.step_counts(dt.date.today()),
        "townships": [
            {
                "township_id": t["township"].pk,
                "township_name": t["township"].name,
                "total": t["total"],
                **t["statuses"],
            }
            for t in selectors.township_counts()
        ],
    }


@router.get("/certifications/register", response=list[CertificationOut], summary="认定证书登记簿")
@requires(caps.VIEW_TALENT)
@paginate(Pagination)
def certification_register(
    request, year: int | None = Query(None, ge=YEAR_MIN, le=YEAR_MAX, description="发证年度")
):
    return selectors.register(year)


def _cert(pk: int) -> Certification:
    return get_scoped_or_404(
        selectors.certifications().prefetch_related("checks__criterion"), pk=pk
    )


@router.get(
    "/certifications/{int:cert_id}",
    response=CertificationDetailOut,
    summary="乡村人才认定详情（含条件核查清单）",
)
@requires(caps.VIEW_TALENT)
def certification_get(request, cert_id: int):
    return _cert(cert_id)


class CertificationApplyIn(Strict):
    talent_id: int = ID
    category: str = Field(..., max_length=20, description="类别代码")
    level: str = Field(..., max_length=20, description="等级代码")
    statement: str = Field("", max_length=2000, description="主要事迹")


@router.post(
    "/certifications", response={201: CertificationDetailOut}, summary="录入乡村人才认定申请"
)
@requires(requirement=ENTER)
def certification_apply(request, payload: CertificationApplyIn):
    talent = get_scoped_or_404(
        Talent.objects.select_related("person", "township"), pk=payload.talent_id
    )
    category = get_scoped_or_404(TalentCategory, code=payload.category)
    level = get_scoped_or_404(CertificationLevel, code=payload.level)
    cert = services.certification_apply(
        actor=request.user,
        talent=talent,
        category=category,
        level=level,
        statement=payload.statement,
    )
    return Status(201, _cert(cert.pk))


class CertificationAttachIn(Strict):
    criterion_id: int = ID
    note: str = Field(..., min_length=1, max_length=200, description="说明（佐证文件请在后台上传）")


@router.post(
    "/certifications/{int:cert_id}/evidence",
    response=CertificationDetailOut,
    summary="补充认定条件的说明",
)
@requires(requirement=ENTER)
def certification_attach(request, cert_id: int, payload: CertificationAttachIn):
    cert = _cert(cert_id)
    services.certification_attach(
        actor=request.user, certification=cert, criterion=payload.criterion_id, note=payload.note
    )
    return _cert(cert_id)


class CertificationRecommendIn(Strict):
    opinion: str = Field(..., max_length=2000, description="村推荐意见")
    by: str = Field(..., max_length=50, description="推荐人")


@router.post(
    "/certifications/{int:cert_id}/recommend", response=CertificationDetailOut, summary="村级推荐"
)
@requires(caps.RECOMMEND_CERT)
def certification_recommend(request, cert_id: int, payload: CertificationRecommendIn):
    services.certification_recommend(
        actor=request.user, certification=_cert(cert_id), today=dt.date.today(), **payload.dict()
    )
    return _cert(cert_id)


class CertificationReviewIn(Strict):
    checks: dict[int, bool] = Field(..., description="条件编号 → 是否符合")
    opinion: str = Field(..., max_length=2000, description="乡镇审核意见")
    refuse_unmet: bool = Field(False, description="有条件不符合时保存核查结果并作不予认定")


@router.post(
    "/certifications/{int:cert_id}/review", response=CertificationDetailOut, summary="乡镇审核"
)
@requires(caps.REVIEW_CERT)
def certification_review(request, cert_id: int, payload: CertificationReviewIn):
    services.certification_review(
        actor=request.user, certification=_cert(cert_id), today=dt.date.today(), **payload.dict()
    )
    return _cert(cert_id)


@router.post(
    "/certifications/{int:cert_id}/certify",
    response=CertificationDetailOut,
    summary="区级认定（开始公示）",
)
@requires(caps.CERTIFY)
def certification_certify(request, cert_id: int):
    services.certification_certify(
        actor=request.user, certification=_cert(cert_id), today=dt.date.today()
    )
    return _cert(cert_id)


class CertificationObjectIn(Strict):
    text: str = Field(..., max_length=1000, description="异议内容")


@router.post(
    "/certifications/{int:cert_id}/objection",
    response=CertificationDetailOut,
    summary="登记公示异议",
)
@requires(caps.CERTIFY)
def certification_object(request, cert_id: int, payload: CertificationObjectIn):
    services.certification_object(
        actor=request.user, certification=_cert(cert_id), text=payload.text
    )
    return _cert(cert_id)


class CertificationPublishIn(Strict):
    finding: str = Field("", max_length=2000, description="异议核查结论（收到异议时必填）")


@router.post(
    "/certifications/{int:cert_id}/publish",
    response=CertificationDetailOut,
    summary="公示期满发证",
)
@requires(caps.CERTIFY)
def certification_publish(request, cert_id: int, payload: CertificationPublishIn):
    services.certification_publish(
        actor=request.user,
        certification=_cert(cert_id),
        today=dt.date.today(),
        finding=payload.finding,
    )
    return _cert(cert_id)


class CertificationRefuseIn(Strict):
    reason: str = Field(..., max_length=2000, description="不予认定理由")


@router.post(
    "/certifications/{int:cert_id}/refuse", response=CertificationDetailOut, summary="不予认定"
)
@requires(requirement=need_any(caps.RECOMMEND_CERT, caps.REVIEW_CERT, caps.CERTIFY))
def certification_refuse(request, cert_id: int, payload: CertificationRefuseIn):
    services.certification_refuse(
        actor=request.user,
        certification=_cert(cert_id),
        reason=payload.reason,
        today=dt.date.today(),
    )
    return _cert(cert_id)


@router.post(
    "/certifications/{int:cert_id}/withdraw", response=CertificationDetailOut, summary="撤回申请"
)
@requires(requirement=ENTER)
def certification_withdraw(request, cert_id: int):
    services.certification_withdraw(actor=request.user, certification=_cert(cert_id))
    return _cert(cert_id)


@router.post(
    "/certifications/{int:cert_id}/rereview",
    response={201: CertificationDetailOut},
    summary="到期复审（生成复审申请）",
)
@requires(requirement=ENTER)
def certification_rereview(request, cert_id: int):
    renewal = services.certification_rereview(
        actor=request.user, certification=_cert(cert_id), today=dt.date.today()
    )
    return Status(201, _cert(renewal.pk))


# One town, one product ---------------------------------------------------------------------


class CertificationTownProductYearOut(Schema):
    year: int
    output_value: Decimal
    households: int
    projects: str


class CertificationTownProductTalentOut(Schema):
    talent_id: int
    name: str
    certified: bool


class CertificationTownProductOut(Schema):
    id: int
    township_id: int
    township_name: str
    product: str
    industry: str
    description: str
    talents: list[CertificationTownProductTalentOut]
    years: list[CertificationTownProductYearOut]


class CertificationTownProductTownOut(Schema):
    township_id: int
    township_name: str
    gap: bool
    products: list[CertificationTownProductOut]


def _product_out(product) -> dict:
    return {
        "id": product.pk,
        "township_id": product.township_id,
        "township_name": product.township.name,
        "product": product.product,
        "industry": product.industry,
        "description": product.description,
        "talents": [
            {
                "talent_id": x["talent"].pk,
                "name": x["talent"].person.name,
                "certified": x["certified"],
            }
            for x in product.linked
        ],
        "years": [
            {
                "year": y.year,
                "output_value": y.output_value,
                "households": y.households,
                "projects": y.projects,
            }
            for y in product.years.all()
        ],
    }


@router.get(
    "/town-products",
    response=list[CertificationTownProductTownOut],
    summary="一镇一品：各乡镇特色产品、带动人才与年度产出（未登记的乡镇列为空缺）",
)
@requires(caps.VIEW_TALENT)
def town_product_list(request):
    return [
        {
            "township_id": row.township.pk,
            "township_name": row.township.name,
            "gap": row.gap,
            "products": [_product_out(p) for p in row.products],
        }
        for row in selectors.town_products()
    ]


class CertificationTownProductIn(Strict):
    township_id: int = ID
    product: str = Field(..., max_length=50)
    industry: str = Field("", max_length=30)
    description: str = Field("", max_length=2000)
    talent_ids: list[Annotated[int, Field(ge=1, le=2**63 - 1)]] = Field(
        default_factory=list, max_length=500
    )


def _product(pk: int) -> dict:
    for row in selectors.town_products():
        for product in row.products:
            if product.pk == pk:
                return _product_out(product)
    raise AssertionError("product saved in scope")  # pragma: no cover


@router.post("/town-products", response={201: CertificationTownProductOut}, summary="登记一镇一品")
@requires(caps.CHANGE_TALENT)
def town_product_create(request, payload: CertificationTownProductIn):
    township = get_scoped_or_404(Organization, pk=payload.township_id)
    talents = list(Talent.objects.select_related("township").filter(pk__in=payload.talent_ids))
    if len(talents) != len(set(payload.talent_ids)):
        from django.http import Http404

        raise Http404("talent")
    product = products.town_product_save(
        actor=request.user,
        township=township,
        product=payload.product,
        industry=payload.industry,
        description=payload.description,
        talents=talents,
    )
    return Status(201, _product(product.pk))


class CertificationTownProductYearIn(Strict):
    year: int = Field(..., ge=YEAR_MIN, le=YEAR_MAX)
    output_value: Decimal = Field(
        ..., ge=0, max_digits=12, decimal_places=2, description="产值（万元）"
    )
    households: int = Field(0, ge=0, le=10_000_000)
    projects: str = Field("", max_length=2000)


@router.post(
    "/town-products/{int:product_id}/years",
    response=CertificationTownProductOut,
    summary="登记一镇一品年度产出",
)
@requires(caps.CHANGE_TALENT)
def town_product_year(request, product_id: int, payload: CertificationTownProductYearIn):
    product = get_scoped_or_404(TownProduct.objects.select_related("township"), pk=product_id)
    products.town_product_year_save(actor=request.user, town_product=product, **payload.dict())
    return _product(product.pk)


class CertificationVillageStructureOut(Schema):
    village_id: int
    village_name: str
    members: int
    counts: dict[str, int]
    shares: dict[str, Decimal]
    needed: dict[str, int]
    short: list[str]


@router.get(
    "/certifications/village-structure",
    response=list[CertificationVillageStructureOut],
    summary="村“两委”班子结构（三个1/3）",
)
@requires(caps.VIEW_TALENT)
def village_structure(request, short_only: bool = False):
    rows = selectors.village_structure()
    return [
        {
            "village_id": r.village.pk,
            "village_name": r.village.name,
            "members": r.members,
            "counts": r.counts,
            "shares": {s.kind: s.share for s in r.shares},
            "needed": {s.kind: s.needed for s in r.shares},
            "short": [s.kind for s in r.short],
        }
        for r in rows
        if not short_only or (r.has_team and r.short)
    ]


class CertificationVillageLinkTalentOut(Schema):
    talent_id: int
    name: str
    certificates: list[str]
    products: list[str]


class CertificationVillageLinkOut(Schema):
    village_id: int
    village_name: str
    talents: list[CertificationVillageLinkTalentOut]
    income: Decimal
    support_projects: list[str]
    demonstration_sites: list[str]
    driven: bool


@router.get(
    "/certifications/village-links",
    response=list[CertificationVillageLinkOut],
    summary="认定人才带动村级集体经济与示范村建设（按村）",
)
@requires(caps.VIEW_TALENT)
def village_links(request, year: int = Query(..., ge=YEAR_MIN, le=YEAR_MAX, description="年度")):
    from zugong.talent.selectors import certification_links

    return [
        {
            "village_id": r.village.pk,
            "village_name": r.village.name,
            "talents": [
                {
                    "talent_id": t["talent"].pk,
                    "name": t["talent"].person.name,
                    "certificates": t["certificates"],
                    "products": t["products"],
                }
                for t in r.talents
            ],
            "income": r.income,
            "support_projects": r.projects,
            "demonstration_sites": [s["name"] for s in r.sites],
            "driven": r.driven,
        }
        for r in certification_links.village_links(year)
    ]
