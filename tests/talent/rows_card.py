"""Rows of every talent card model, made through the services (for the administrators'
walk and the card tests). Call inside system_scope() with the ``tc`` cast; the frozen
clock's day (2026-11-24) is today.

Township A (唐丽娜): an A card issued with a dependant's card, a service request open and
overdue, a change report, a verification. Township B (周明远): an E card applied for."""

from __future__ import annotations

import datetime as dt

from zugong.talent.models import CardTier, Entitlement
from zugong.talent.services import card as services
from zugong.talent.services import card_requests as requests
from zugong.talent.services import card_verify as verify

D = dt.date
TODAY = D(2026, 11, 24)


def make_rows(c) -> None:
    tier_a, tier_e = CardTier.objects.get(code="A"), CardTier.objects.get(code="E")
    c.card_a = services.card_apply(
        actor=None,
        talent=c.talent_a,
        tier=tier_a,
        reason="引进电商领军人才（卡样例）",
        contract_until=D(2029, 6, 30),
        today=D(2026, 9, 1),
    )
    services.card_review(
        actor=None, card=c.card_a, approve=True, opinion="同意", today=D(2026, 9, 3)
    )
    c.card_a = services.card_issue(actor=None, card=c.card_a, today=D(2026, 9, 7))
    c.dependant_a = services.card_add_dependant(
        actor=None, card=c.card_a, name="唐小雨", relation="child", today=D(2026, 9, 8)
    )
    c.change_a = services.card_report_change(
        actor=None,
        card=c.card_a,
        item="工作单位",
        old_value="桂林丽娜电子商务有限公司",
        new_value="桂林丽娜电子商务有限公司（总部）",
        changed_on=D(2026, 10, 1),
        today=D(2026, 10, 8),
    )
    medical = Entitlement.objects.get(code="medical")
    c.request_a = requests.service_request_submit(
        actor=None,
        card=c.card_a,
        entitlement=medical,
        content="母亲就医需绿色通道预约（卡样例）",
        today=D(2026, 11, 2),
    )
    c.verification_a = verify.card_verify(
        actor=None, payload=verify.card_qr_payload(c.card_a), unit="区人民医院", today=TODAY
    )
    c.card_b = services.card_apply(
        actor=None, talent=c.talent_b, tier=tier_e, reason="乡村工匠（卡样例B）", today=TODAY
    )
