"""API of the challenges (揭榜挂帅) under /api/v1/talent/cooperation/challenges: the
list and a challenge with its bids and milestones, publishing, and each step (a bid,
the award, a milestone and its completion, the acceptance, closing without award), and
the outcome board."""

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _
from ninja import Field, Schema, Status
from ninja.pagination import paginate

from zugong.core.api import DATE_MAX, DATE_MIN, Pagination, Strict
from zugong.core.authz import requires
from zugong.core.errors import ApplicationError
from zugong.core.scope import get_scoped_or_404
from zugong.talent import capabilities as caps
from zugong.talent.api.cooperation import ID, TAG, _office, _optional
from zugong.talent.api.router import router
from zugong.talent.models.cooperation import (
    Agreement,
    AllianceMember,
    Challenge,
    ChallengeBid,
    ChallengeMilestone,
)
from zugong.talent.selectors import cooperation as selectors
from zugong.talent.services import cooperation_challenges as steps

VIEW, CHANGE = caps.VIEW_TALENT, caps.CHANGE_TALENT


def _date(default=...):
    return Field(default, ge=DATE_MIN, le=DATE_MAX)


class CoopBidOut(Schema):
    id: int
    bidder_id: int
    bidder_name: str = Field(..., alias="bidder.name")
    submitted_on: dt.date
    proposal: str
    amount: Decimal | None


class CoopMilestoneOut(Schema):
    id: int
    title: str
    due_on: dt.date
    done_on: dt.date | None


class CoopChallengeOut(Schema):
    id: int
    office_id: int
    title: str
    publisher: str
    need: str
    budget: Decimal
    published_on: dt.date
    deadline: dt.date
    agreement_id: int | None
    status: str
    awarded_to_id: int | None
    awarded_on: dt.date | None
    accepted_on: dt.date | None
    acceptance: str
    bids: list[CoopBidOut]
    milestones: list[CoopMilestoneOut]

    @staticmethod
    def resolve_bids(obj):
        return list(obj.bids.all())

    @staticmethod
    def resolve_milestones(obj):
        return list(obj.milestones.all())


class CoopChallengeIn(Strict):
    office_id: int = Field(..., **ID)
    title: str = Field(..., max_length=100)
    publisher: str = Field(..., max_length=100)
    need: str = Field(..., max_length=4000)
    budget: str = Field(..., max_length=20, description="榜额（万元）")
    published_on: dt.date = _date()
    deadline: dt.date = _date()
    agreement_id: int | None = Field(None, **ID)


class CoopBidIn(Strict):
    bidder_id: int = Field(..., **ID)
    submitted_on: dt.date = _date()
    proposal: str = Field(..., max_length=4000)
    amount: str | None = Field(None, max_length=20, description="报价（万元）")


class CoopAwardIn(Strict):
    bid_id: int = Field(..., **ID)
    awarded_on: dt.date = _date()


class CoopMilestoneIn(Strict):
    title: str = Field(..., max_length=100)
    due_on: dt.date = _date()


class CoopDoneIn(Strict):
    done_on: dt.date = _date()


class CoopAcceptIn(Strict):
    passed: bool
    accepted_on: dt.date = _date()
    acceptance: str = Field(..., max_length=4000)


def _challenge(pk: int) -> Challenge:
    return get_scoped_or_404(
        Challenge.objects.select_related("office").prefetch_related("bids__bidder", "milestones"),
        pk=pk,
    )


def _fresh(challenge: Challenge) -> Challenge:
    return _challenge(challenge.pk)


@router.get(
    "/cooperation/challenges", response=list[CoopChallengeOut], tags=TAG, summary="揭榜挂帅榜单"
)
@requires(VIEW)
@paginate(Pagination)
def challenges(request, status: str = ""):
    return selectors.challenges(status=status)


@router.get(
    "/cooperation/challenges/{challenge_id}",
    response=CoopChallengeOut,
    tags=TAG,
    summary="榜单详情（方案与攻关节点）",
)
@requires(VIEW)
def challenge_detail(request, challenge_id: int):
    return _challenge(challenge_id)


@router.post(
    "/cooperation/challenges", response={201: CoopChallengeOut}, tags=TAG, summary="发布榜单"
)
@requires(CHANGE)
def publish(request, payload: CoopChallengeIn):
    challenge = steps.challenge_publish(
        actor=request.user,
        office=_office(payload.office_id),
        agreement=_optional(Agreement, payload.agreement_id, "agreement_id", _("依托协议")),
        **payload.model_dump(exclude={"office_id", "agreement_id"}),
    )
    return Status(201, _fresh(challenge))


@router.post(
    "/cooperation/challenges/{challenge_id}/bids",
    response={201: CoopChallengeOut},
    tags=TAG,
    summary="登记揭榜方案",
)
@requires(CHANGE)
def bid(request, challenge_id: int, payload: CoopBidIn):
    challenge = _challenge(challenge_id)
    steps.bid_submit(
        actor=request.user,
        challenge=challenge,
        bidder=_optional(AllianceMember, payload.bidder_id, "bidder_id", _("揭榜单位")),
        **payload.model_dump(exclude={"bidder_id"}),
    )
    return Status(201, _fresh(challenge))


@router.post(
    "/cooperation/challenges/{challenge_id}/award",
    response=CoopChallengeOut,
    tags=TAG,
    summary="确定揭榜方",
)
@requires(CHANGE)
def award(request, challenge_id: int, payload: CoopAwardIn):
    challenge = _challenge(challenge_id)
    chosen = ChallengeBid.objects.filter(pk=payload.bid_id, challenge=challenge).first()
    if chosen is None and challenge.bids.exists():
        raise ApplicationError(_("请选择本榜单的一个揭榜方案"), field="bid_id")
    steps.challenge_award(
        actor=request.user, challenge=challenge, bid=chosen, awarded_on=payload.awarded_on
    )
    return _fresh(challenge)


@router.post(
    "/cooperation/challenges/{challenge_id}/milestones",
    response={201: CoopChallengeOut},
    tags=TAG,
    summary="设置攻关节点",
)
@requires(CHANGE)
def milestone(request, challenge_id: int, payload: CoopMilestoneIn):
    challenge = _challenge(challenge_id)
    steps.milestone_add(actor=request.user, challenge=challenge, **payload.model_dump())
    return Status(201, _fresh(challenge))


@router.post(
    "/cooperation/challenges/{challenge_id}/milestones/{milestone_id}/done",
    response=CoopChallengeOut,
    tags=TAG,
    summary="登记节点完成",
)
@requires(CHANGE)
def milestone_done(request, challenge_id: int, milestone_id: int, payload: CoopDoneIn):
    challenge = _challenge(challenge_id)
    found = get_scoped_or_404(ChallengeMilestone, pk=milestone_id, challenge=challenge)
    steps.milestone_done(actor=request.user, milestone=found, done_on=payload.done_on)
    return _fresh(challenge)


@router.post(
    "/cooperation/challenges/{challenge_id}/accept",
    response=CoopChallengeOut,
    tags=TAG,
    summary="验收",
)
@requires(CHANGE)
def accept(request, challenge_id: int, payload: CoopAcceptIn):
    challenge = _challenge(challenge_id)
    steps.challenge_accept(actor=request.user, challenge=challenge, **payload.model_dump())
    return _fresh(challenge)


@router.post(
    "/cooperation/challenges/{challenge_id}/close",
    response=CoopChallengeOut,
    tags=TAG,
    summary="流榜（揭榜截止后未确定揭榜方）",
)
@requires(CHANGE)
def close(request, challenge_id: int):
    challenge = _challenge(challenge_id)
    steps.challenge_close(actor=request.user, challenge=challenge)
    return _fresh(challenge)


class CoopBoardAgreement(Schema):
    id: int
    title: str
    signed_on: dt.date
    no_outcome_since: dt.date


class CoopBoardMilestone(Schema):
    id: int
    challenge_id: int
    title: str
    due_on: dt.date
    days_late: int


class CoopBoardChallenge(Schema):
    id: int
    title: str
    deadline: dt.date
    bids: int
    days_late: int


class CoopBoardOut(Schema):
    agreements: list[CoopBoardAgreement]
    milestones: list[CoopBoardMilestone]
    challenges: list[CoopBoardChallenge]


@router.get("/cooperation/board", response=CoopBoardOut, tags=TAG, summary="合作成效看板")
@requires(VIEW)
def board(request):
    data = selectors.outcome_board(dt.date.today())
    return {
        "agreements": [
            {
                "id": r["agreement"].pk,
                "title": r["agreement"].title,
                "signed_on": r["agreement"].signed_on,
                "no_outcome_since": r["flag"].since,
            }
            for r in data["agreements"]
        ],
        "milestones": [
            {
                "id": r["milestone"].pk,
                "challenge_id": r["challenge"].pk,
                "title": r["milestone"].title,
                "due_on": r["milestone"].due_on,
                "days_late": r["days_late"],
            }
            for r in data["milestones"]
        ],
        "challenges": [
            {
                "id": r["challenge"].pk,
                "title": r["challenge"].title,
                "deadline": r["challenge"].deadline,
                "bids": r["bids"],
                "days_late": r["days_late"],
            }
            for r in data["challenges"]
        ],
    }
