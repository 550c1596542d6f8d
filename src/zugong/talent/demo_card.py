"""The demo district's talent cards: cards of every tier across the pool (most issued,
some waiting for review, a few refused), some expiring within the renewal window, some
expired by the sweep, one renewed, one lost and reissued, A-tier holders with
dependants' cards, the first portal talent holding a valid card; service requests per
entitlement, most handled, some past their due day (the entitlement clock) and some
just submitted; verifications by the handling units.

Placed against the real today (the cards are current work); runs after the pool's demo
and reads its talents."""

from __future__ import annotations

import datetime as dt
import random

from zugong.core.rules import add_years
from zugong.talent.models import (
    AccountStatus,
    CardStatus,
    CardTier,
    PortalAccount,
    Talent,
    TalentCard,
)
from zugong.talent.rules import card as rules
from zugong.talent.services import card as services
from zugong.talent.services import card_requests as requests
from zugong.talent.services import card_verify as verify

# How many cards of each tier the district holds (A is rare).
PER_TIER = {"A": 3, "B": 6, "C": 12, "D": 24, "E": 45}
RELATIVES = [("spouse", "配偶"), ("child", "子女"), ("parent", "父母")]
GIVEN = "欣怡子涵梓萱浩然宇轩诗琪俊杰雨桐明轩"
NEEDS = {
    "medical": ["父亲住院需绿色通道挂号", "本人年度专家门诊预约", "母亲慢性病复诊预约"],
    "school": ["孩子秋季学期入读区内小学", "孩子转学入读初中", "孩子入读公办幼儿园"],
    "spouse_job": ["配偶随迁就业安置", "配偶事业单位岗位对接"],
    "housing": ["申请人才住房补贴", "咨询人才公寓入住"],
    "travel": ["办理区内景区免费游览", "高铁站贵宾通道"],
    "one_stop": ["企业开办一站式代办", "人才落户手续代办", "职称评审材料代办"],
    "health_check": ["年度健康体检预约"],
}
RESULTS = ["已按绿色通道办理", "已协调落实", "已办结并电话回访", "已安排专人对接办理"]
UNITS = ["区人民医院", "区教育局", "区政务服务中心", "两江国际机场贵宾厅", "区文化广电和旅游局"]


def _issue(card, actor, on: dt.date) -> TalentCard:
    services.card_review(
        actor=actor, card=card, approve=True, opinion="符合认定标准，同意", today=on
    )
    return services.card_issue(actor=actor, card=card, today=on)


def _card(rng, talent, tier, today: dt.date, kind: str) -> TalentCard:
    """One card whose life ends in ``kind``: issued, expiring, expired, pending,
    reviewed or refused."""
    if kind == "expiring":
        on = add_years(today, -5) + dt.timedelta(days=rng.randint(2, 28))
    elif kind == "expired":
        on = add_years(today, -5) - dt.timedelta(days=rng.randint(20, 200))
    elif kind in ("pending", "reviewed", "refused"):
        on = today - dt.timedelta(days=rng.randint(1, 25))
    else:
        on = today - dt.timedelta(days=rng.randint(40, 1400))
    contract = None
    if kind == "issued" and rng.random() < 0.3:
        contract = on + dt.timedelta(days=rng.randint(900, 1500))
    card = services.card_apply(
        actor=None,
        talent=talent,
        tier=tier,
        reason=f"{talent.title or '优秀人才'}，{talent.employer or talent.township.name}",
        contract_until=contract,
        by_portal=rng.random() < 0.4,
        today=on - dt.timedelta(days=rng.randint(5, 20)),
    )
    if kind == "pending":
        return card
    if kind == "refused":
        return services.card_review(
            actor=None, card=card, approve=False, opinion="认定材料不全，请补充后重新申请", today=on
        )
    if kind == "reviewed":
        return services.card_review(actor=None, card=card, approve=True, opinion="同意", today=on)
    return _issue(card, None, on)


def _kinds(rng, n: int) -> list[str]:
    kinds = ["issued"] * n
    for i in range(n):
        roll = rng.random()
        kinds[i] = (
            "expiring"
            if roll < 0.12
            else "expired"
            if roll < 0.2
            else "pending"
            if roll < 0.3
            else "reviewed"
            if roll < 0.34
            else "refused"
            if roll < 0.38
            else "issued"
        )
    return kinds


def _requests(rng, cards: list[TalentCard], today: dt.date) -> tuple[int, int]:
    made = overdue = 0
    for card in cards:
        entitlements = list(card.tier.entitlements.all())
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            entitlement = rng.choice(entitlements)
            latest = (today - card.issued_on).days
            on = today - dt.timedelta(days=rng.randint(0, min(latest, 120)))
            request = requests.service_request_submit(
                actor=None,
                card=card,
                entitlement=entitlement,
                content=rng.choice(NEEDS.get(entitlement.code, ["咨询人才服务政策"])),
                by_portal=rng.random() < 0.6,
                today=on,
            )
            made += 1
            if request.due_on >= today:
                if rng.random() < 0.4:
                    requests.service_request_accept(actor=None, request=request, today=on)
                continue
            roll = rng.random()
            if roll < 0.75:
                handled = min(today, request.due_on - dt.timedelta(days=rng.randint(0, 3)))
                requests.service_request_complete(
                    actor=None, request=request, result=rng.choice(RESULTS), today=max(on, handled)
                )
            elif roll < 0.8:
                requests.service_request_reject(
                    actor=None,
                    request=request,
                    result="不属于人才卡服务范围，已告知申请人",
                    today=on,
                )
            else:
                overdue += 1  # left open past its due day
                if rng.random() < 0.5:
                    requests.service_request_accept(actor=None, request=request, today=on)
    return made, overdue


def build(rng: random.Random, today: dt.date) -> str:
    tiers = {t.code: t for t in CardTier.objects.prefetch_related("entitlements")}
    talents = list(
        Talent.objects.select_related("person", "township").filter(outside=False).order_by("pk")
    )
    if not talents or not tiers:
        return ""
    portal = [
        a.talent_id
        for a in PortalAccount.objects.filter(status=AccountStatus.ACTIVE).order_by("pk")
    ]
    by_id = {t.pk: t for t in talents}
    pool = [t for t in talents if t.pk not in portal]
    rng.shuffle(pool)
    cards: list[TalentCard] = []
    for code, n in PER_TIER.items():
        if code not in tiers:
            continue
        for talent, kind in zip(pool[:n], _kinds(rng, n), strict=False):
            cards.append(_card(rng, talent, tiers[code], today, kind))
        pool = pool[n:]
    # The first portal talent holds a valid B card (the portal shows its QR code); the
    # second has applied for an E card and waits for review.
    if portal and "B" in tiers:
        cards.append(_card(rng, by_id[portal[0]], tiers["B"], today, "issued"))
    if len(portal) > 1 and "E" in tiers:
        cards.append(_card(rng, by_id[portal[1]], tiers["E"], today, "pending"))
    swept = services.cards_expire(today=today)
    live = [c for c in cards if c.status == CardStatus.ISSUED and c.valid_until >= today]
    dependants = 0
    for card in (c for c in live if c.tier.dependant_cards):
        for relation, _label in rng.sample(RELATIVES, rng.randint(1, 3)):
            name = card.talent.person.name[0] + rng.choice(GIVEN) + rng.choice(GIVEN)
            if relation != "child":
                name = rng.choice("李王张刘陈杨黄赵周吴") + rng.choice(GIVEN) + rng.choice(GIVEN)
            services.card_add_dependant(
                actor=None, card=card, name=name, relation=relation, today=card.issued_on
            )
            dependants += 1
    # One renewed inside its window, one lost and reissued.
    expiring = [c for c in live if rules.in_renewal_window(c.valid_until, today)]
    renewed = 0
    if len(expiring) > 1:
        services.card_renew(actor=None, card=expiring[-1], today=today)
        renewed = 1
    steady = [c for c in live if c not in expiring and c.holder_card_id is None]
    lost = 0
    if steady:
        card = steady[len(steady) // 2]
        services.card_report_loss(actor=None, card=card, today=today - dt.timedelta(days=6))
        live[live.index(card)] = services.card_reissue(
            actor=None, card=card, today=today - dt.timedelta(days=4)
        )
        lost = 1
    made, overdue = _requests(rng, [c for c in live if c.status == CardStatus.ISSUED], today)
    for card in rng.sample(live, min(8, len(live))):
        card.refresh_from_db()
        if card.status == CardStatus.ISSUED:
            verify.card_verify(
                actor=None,
                payload=verify.card_qr_payload(card),
                unit=rng.choice(UNITS),
                today=today,
            )
    window = sum(1 for c in expiring) - renewed
    return (
        f"人才卡：{len(cards)}张（A类附卡{dependants}张，续期期内{window}张，"
        f"已过期{swept['cards']}张，挂失补办{lost}张），服务事项{made}项（逾期未办结{overdue}项）"
    )
