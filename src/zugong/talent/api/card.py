"""API of the talent card (/api/v1/talent/cards/…), its verification
(POST /api/v1/talent/cards/verify) and the service requests
(/api/v1/talent/service-requests/…). The same services, scope and error shape as the
back office."""

import datetime as dt

from django.utils.translation import gettext as _
from ninja import Field, Query, Schema, Status
from ninja.pagination import paginate

from zugong.core.api import DATE_MAX, DATE_MIN, Pagination, Strict
from zugong.core.authz import requires
from zugong.core.errors import ApplicationError
from zugong.core.scope import get_scoped_or_404
from zugong.talent import capabilities as caps
from zugong.talent.api.router import router
from zugong.talent.models import CardTier, Entitlement, ServiceRequest, Talent, TalentCard
from zugong.talent.selectors import card as selectors
from zugong.talent.services import card as services
from zugong.talent.services import card_requests as requests
from zugong.talent.services import card_verify as verify

VIEW, CHANGE, MANAGE = caps.VIEW_TALENT, caps.CHANGE_TALENT, caps.MANAGE_CARDS
HANDLE = caps.HANDLE_SERVICES
TAG = ["人才工作·人才卡与服务"]
ID = Field(..., ge=1, le=2**63 - 1)


class CardDependantOut(Schema):
    id: int
    number: str
    dependant_name: str
    dependant_relation: str
    status: str
    valid_until: dt.date | None


class CardOut(Schema):
    id: int
    talent_id: int
    holder: str
    township: str
    tier: str
    status: str
    status_name: str
    number: str
    applied_on: dt.date
    by_portal: bool
    contract_until: dt.date | None
    reviewed_on: dt.date | None
    issued_on: dt.date | None
    valid_until: dt.date | None
    ended_on: dt.date | None
    end_reason: str
    previous_id: int | None

    @staticmethod
    def resolve_holder(obj) -> str:
        return obj.talent.person.name

    @staticmethod
    def resolve_township(obj) -> str:
        return obj.talent.township.name

    @staticmethod
    def resolve_tier(obj) -> str:
        return obj.tier.code

    @staticmethod
    def resolve_status_name(obj) -> str:
        return obj.get_status_display()


class CardDetailOut(CardOut):
    dependants: list[CardDependantOut]

    @staticmethod
    def resolve_dependants(obj) -> list:
        return list(obj.dependants.all())


class CardFilter(Schema):
    status: str | None = Field(None, max_length=10, description="状态")
    tier: str | None = Field(None, max_length=10, description="类别代码")
    township_id: int | None = Field(None, ge=1, le=2**63 - 1, description="乡镇（街道）")
    expiring: bool = Field(False, description="只列进入续期期（30天内到期）的")


class CardApplyIn(Strict):
    talent_id: int = ID
    tier: str = Field(..., max_length=10, description="类别代码")
    reason: str = Field("", max_length=1000)
    contract_until: dt.date | None = Field(None, ge=DATE_MIN, le=DATE_MAX)


class CardReviewIn(Strict):
    approve: bool
    opinion: str = Field("", max_length=500)


class CardRenewIn(Strict):
    contract_until: dt.date | None = Field(None, ge=DATE_MIN, le=DATE_MAX)


class CardChangeIn(Strict):
    item: str = Field(..., max_length=50)
    old_value: str = Field("", max_length=100)
    new_value: str = Field(..., max_length=100)
    changed_on: dt.date = Field(..., ge=DATE_MIN, le=DATE_MAX)
    still_eligible: bool = True


class CardChangeOut(Schema):
    id: int
    card_id: int
    item: str
    changed_on: dt.date
    reported_on: dt.date
    late: bool
    still_eligible: bool


class CardDependantIn(Strict):
    name: str = Field(..., max_length=50)
    relation: str = Field(..., max_length=10, description="spouse / child / parent")


class CardVerifyIn(Strict):
    payload: str = Field(..., max_length=500, description="二维码内容")
    unit: str = Field("", max_length=100, description="核验单位")


class CardVerifyOut(Schema):
    result: str
    valid: bool
    message: str
    number: str = ""
    holder: str = ""
    tier: str = ""
    valid_until: dt.date | None = None
    dependant: str = ""
    relation: str = ""
    entitlements: list[str] = []


class CardFigureOut(Schema):
    tier: str
    name: str
    total: int
    applied: int
    valid: int
    expired: int
    ended: int
    dependants: int
    overdue: int


def _tier(code: str) -> CardTier:
    tier = CardTier.objects.filter(code=code).first()
    if tier is None:
        raise ApplicationError(_("没有类别代码为“%(c)s”的人才卡类别") % {"c": code}, field="tier")
    return tier


def _card(card_id: int) -> TalentCard:
    return get_scoped_or_404(selectors.cards(), pk=card_id, holder_card__isnull=True)


@router.get("/cards", response=list[CardOut], tags=TAG, summary="人才卡（主卡）")
@requires(VIEW)
@paginate(Pagination)
def list_cards(request, filters: Query[CardFilter]):
    rows = selectors.main_cards()
    if filters.expiring:
        rows = selectors.expiring_cards(dt.date.today())
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.tier:
        rows = rows.filter(tier__code=filters.tier)
    if filters.township_id:
        rows = rows.filter(talent__township_id=filters.township_id)
    return rows.order_by("-applied_on", "-pk")


@router.get("/cards/figures", response=list[CardFigureOut], tags=TAG, summary="人才卡分类统计")
@requires(VIEW)
def card_figures(request):
    return [
        {
            **{k: v for k, v in row.items() if k != "tier"},
            "tier": row["tier"].code,
            "name": row["tier"].name,
        }
        for row in selectors.figures_by_tier(dt.date.today())
    ]


@router.post("/cards/verify", response=CardVerifyOut, tags=TAG, summary="核验人才卡二维码")
@requires(caps.VERIFY_CARD)
def verify_card(request, payload: CardVerifyIn):
    return verify.card_verify(actor=request.user, payload=payload.payload, unit=payload.unit)


@router.get(
    "/cards/{card_id}", response=CardDetailOut, tags=TAG, summary="一张人才卡（含家属附卡）"
)
@requires(VIEW)
def get_card(request, card_id: int):
    return get_scoped_or_404(
        selectors.cards().prefetch_related("dependants"), pk=card_id, holder_card__isnull=True
    )


@router.post("/cards", response={201: CardOut}, tags=TAG, summary="申请人才卡（代人才申请）")
@requires(CHANGE)
def apply_card(request, payload: CardApplyIn):
    talent = get_scoped_or_404(
        Talent.objects.select_related("person", "township"), pk=payload.talent_id
    )
    card = services.card_apply(
        actor=request.user,
        talent=talent,
        tier=_tier(payload.tier),
        reason=payload.reason,
        contract_until=payload.contract_until,
    )
    return Status(201, card)


@router.post("/cards/{card_id}/review", response=CardOut, tags=TAG, summary="审核")
@requires(MANAGE)
def review_card(request, card_id: int, payload: CardReviewIn):
    return services.card_review(actor=request.user, card=_card(card_id), **payload.model_dump())


@router.post("/cards/{card_id}/issue", response=CardOut, tags=TAG, summary="发卡")
@requires(MANAGE)
def issue_card(request, card_id: int):
    return services.card_issue(actor=request.user, card=_card(card_id))


@router.post("/cards/{card_id}/renew", response=CardOut, tags=TAG, summary="续期")
@requires(MANAGE)
def renew_card(request, card_id: int, payload: CardRenewIn):
    return services.card_renew(actor=request.user, card=_card(card_id), **payload.model_dump())


@router.post(
    "/cards/{card_id}/changes", response={201: CardChangeOut}, tags=TAG, summary="变更报告"
)
@requires(CHANGE)
def report_change(request, card_id: int, payload: CardChangeIn):
    change = services.card_report_change(
        actor=request.user, card=_card(card_id), **payload.model_dump()
    )
    return Status(201, change)


@router.post("/cards/{card_id}/loss", response=CardOut, tags=TAG, summary="挂失")
@requires(CHANGE)
def report_loss(request, card_id: int):
    return services.card_report_loss(actor=request.user, card=_card(card_id))


@router.post("/cards/{card_id}/reissue", response={201: CardOut}, tags=TAG, summary="挂失补办")
@requires(MANAGE)
def reissue_card(request, card_id: int):
    return Status(201, services.card_reissue(actor=request.user, card=_card(card_id)))


@router.post(
    "/cards/{card_id}/dependants",
    response={201: CardDependantOut},
    tags=TAG,
    summary="办理家属附卡",
)
@requires(MANAGE)
def add_dependant(request, card_id: int, payload: CardDependantIn):
    dependant = services.card_add_dependant(
        actor=request.user, card=_card(card_id), **payload.model_dump()
    )
    return Status(201, dependant)


# Service requests -----------------------------------------------------------------------


class CardRequestOut(Schema):
    id: int
    card_id: int
    holder: str
    entitlement: str
    entitlement_name: str
    content: str
    submitted_on: dt.date
    by_portal: bool
    handling_unit: str
    due_on: dt.date
    status: str
    handled_on: dt.date | None
    result: str

    @staticmethod
    def resolve_holder(obj) -> str:
        return obj.card.talent.person.name

    @staticmethod
    def resolve_entitlement(obj) -> str:
        return obj.entitlement.code

    @staticmethod
    def resolve_entitlement_name(obj) -> str:
        return obj.entitlement.name


class CardRequestFilter(Schema):
    status: str | None = Field(None, max_length=10, description="状态")
    entitlement: str | None = Field(None, max_length=20, description="服务事项代码")
    overdue: bool = Field(False, description="只列逾期未办结的")


class CardRequestIn(Strict):
    card_id: int = ID
    entitlement: str = Field(..., max_length=20, description="服务事项代码")
    content: str = Field(..., max_length=1000)


class CardRequestResultIn(Strict):
    result: str = Field("", max_length=1000)


def _request(request_id: int) -> ServiceRequest:
    return get_scoped_or_404(selectors.requests(), pk=request_id)


@router.get("/service-requests", response=list[CardRequestOut], tags=TAG, summary="服务事项办理")
@requires(VIEW)
@paginate(Pagination)
def list_requests(request, filters: Query[CardRequestFilter]):
    rows = selectors.requests()
    if filters.overdue:
        rows = selectors.overdue_requests(dt.date.today())
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.entitlement:
        rows = rows.filter(entitlement__code=filters.entitlement)
    return rows.order_by("due_on", "pk")


@router.get(
    "/service-requests/{request_id}", response=CardRequestOut, tags=TAG, summary="一项服务事项"
)
@requires(VIEW)
def get_request(request, request_id: int):
    return _request(request_id)


@router.post("/service-requests", response={201: CardRequestOut}, tags=TAG, summary="提交服务事项")
@requires(CHANGE)
def submit_request(request, payload: CardRequestIn):
    entitlement = Entitlement.objects.filter(code=payload.entitlement).first()
    if entitlement is None:
        raise ApplicationError(
            _("没有代码为“%(c)s”的服务事项") % {"c": payload.entitlement}, field="entitlement"
        )
    made = requests.service_request_submit(
        actor=request.user,
        card=_card(payload.card_id),
        entitlement=entitlement,
        content=payload.content,
    )
    return Status(201, made)


@router.post(
    "/service-requests/{request_id}/accept", response=CardRequestOut, tags=TAG, summary="受理"
)
@requires(HANDLE)
def accept_request(request, request_id: int, payload: CardRequestResultIn):
    return requests.service_request_accept(
        actor=request.user, request=_request(request_id), result=payload.result
    )


@router.post(
    "/service-requests/{request_id}/complete", response=CardRequestOut, tags=TAG, summary="办结"
)
@requires(HANDLE)
def complete_request(request, request_id: int, payload: CardRequestResultIn):
    return requests.service_request_complete(
        actor=request.user, request=_request(request_id), result=payload.result
    )


@router.post(
    "/service-requests/{request_id}/reject", response=CardRequestOut, tags=TAG, summary="不予办理"
)
@requires(HANDLE)
def reject_request(request, request_id: int, payload: CardRequestResultIn):
    return requests.service_request_reject(
        actor=request.user, request=_request(request_id), result=payload.result
    )
