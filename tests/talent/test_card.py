"""The talent card's services: the life of a card, dependants, service requests with
their clock, verification; each bad input refused in Chinese naming the field, and
nothing written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import signing

from tests.talent.rows_card import make_rows
from zugong.core.errors import ApplicationError, PermissionDenied
from zugong.core.models import AuditEntry
from zugong.core.scope import system_scope
from zugong.talent import capabilities as caps
from zugong.talent.models import (
    CardChange,
    CardStatus,
    CardTier,
    Entitlement,
    RequestStatus,
    ServiceRequest,
    TalentCard,
    Verification,
)
from zugong.talent.selectors import card as selectors
from zugong.talent.services import card as services
from zugong.talent.services import card_requests as requests
from zugong.talent.services import card_verify as verify

D = dt.date
TODAY = D(2026, 11, 24)
pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(tc):
    with system_scope("tests"):
        make_rows(tc)
    return tc


def _refused(field, fn, **kw):
    with pytest.raises(ApplicationError) as error:
        fn(**kw)
    assert error.value.field == field, error.value.message
    return error.value.message


def _issued(tc, tier="A", talent=None, today=None, contract=None):
    today = today or D(2026, 1, 5)
    card = services.card_apply(
        actor=tc.office,
        talent=talent or tc.talent_b,
        tier=CardTier.objects.get(code=tier),
        contract_until=contract,
        today=today,
    )
    services.card_review(actor=tc.office, card=card, approve=True, opinion="", today=today)
    return services.card_issue(actor=tc.office, card=card, today=today)


def test_the_life_of_a_card(rows):
    card = rows.card_a
    assert card.status == CardStatus.ISSUED
    assert card.number == "LGA202600001"
    assert card.valid_until == D(2029, 6, 30)  # the contract ends before five years
    assert len(card.nonce) == 16
    assert rows.dependant_a.number == "LGA202600001-1"
    assert rows.dependant_a.valid_until == card.valid_until
    assert rows.change_a.late is False
    assert rows.request_a.handling_unit == "区卫生健康局"
    assert rows.request_a.due_on == D(2026, 11, 9)  # 5 working days from Monday 11-02
    with system_scope():
        actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {caps.CARD_SAVED, caps.SERVICE_SAVED, caps.CARD_VERIFIED} <= actions


def test_the_talent_applies_for_their_own_card_only(tc):
    tier = CardTier.objects.get(code="E")
    card = services.card_apply(
        actor=tc.tina, talent=tc.talent_a, tier=tier, by_portal=True, today=TODAY
    )
    assert card.by_portal
    assert card.status == CardStatus.APPLIED
    with pytest.raises(PermissionDenied):
        services.card_apply(actor=tc.tina, talent=tc.talent_b, tier=tier, today=TODAY)
    with pytest.raises(PermissionDenied):
        services.card_review(actor=tc.tina, card=card, approve=True, today=TODAY)
    with pytest.raises(PermissionDenied):  # a township officer applies, never reviews
        services.card_review(actor=tc.officer_a, card=card, approve=True, today=TODAY)


def test_bad_applications_are_refused(rows):
    tier = CardTier.objects.get(code="B")
    before = TalentCard.objects.unscoped().count()
    message = _refused(
        "talent",
        services.card_apply,
        actor=rows.office,
        talent=rows.talent_a,
        tier=tier,
        today=TODAY,
    )
    assert message == "唐丽娜已有一张“有效”的人才卡，不能重复申请"
    _refused("tier", services.card_apply, actor=rows.office, talent=rows.talent_b, tier=None)
    message = _refused(
        "contract_until",
        services.card_apply,
        actor=rows.office,
        talent=rows.talent_b,
        tier=tier,
        contract_until=D(2026, 11, 1),
        today=TODAY,
    )
    assert "合同期满" in message
    assert TalentCard.objects.unscoped().count() == before


def test_review_refuses_without_an_opinion_and_steps_in_order(rows):
    _refused("opinion", services.card_review, actor=rows.office, card=rows.card_b, approve=False)
    _refused("status", services.card_issue, actor=rows.office, card=rows.card_b, today=TODAY)
    refused = services.card_review(
        actor=rows.office, card=rows.card_b, approve=False, opinion="材料不全", today=TODAY
    )
    assert refused.status == CardStatus.REFUSED
    assert refused.ended_on == TODAY
    # A refused card is not live: the talent may apply again.
    again = services.card_apply(
        actor=rows.tom, talent=rows.talent_b, tier=CardTier.objects.get(code="D"), today=TODAY
    )
    assert again.status == CardStatus.APPLIED


def _free_b(rows):
    services.card_review(
        actor=rows.office, card=rows.card_b, approve=False, opinion="改申其他类别", today=TODAY
    )


def test_renewal_only_inside_the_window(tc):
    card = _issued(tc, today=D(2021, 12, 20))
    assert card.valid_until == D(2026, 12, 19)
    message = _refused("card", services.card_renew, actor=tc.tom, card=card, today=D(2026, 11, 18))
    assert message == "人才卡有效期至2026年12月19日，续期自2026年11月19日起办理（有效期满前30天内）"
    card = services.card_renew(actor=tc.tom, card=card, today=D(2026, 11, 19))
    assert card.valid_until == D(2031, 12, 19)
    assert card.number.startswith("LGA2021")


def test_an_expired_card_is_not_renewed_and_the_sweep_expires(tc):
    card = _issued(tc, today=D(2021, 1, 4))
    assert card.valid_until == D(2026, 1, 3)
    message = _refused("card", services.card_renew, actor=tc.office, card=card, today=TODAY)
    assert "已过期或失效" in message
    assert services.cards_expire(today=TODAY) == {"cards": 1, "dependants": 0}
    card.refresh_from_db()
    assert card.status == CardStatus.EXPIRED
    assert services.cards_expire(today=TODAY) == {"cards": 0, "dependants": 0}


def test_a_late_change_and_a_no_longer_eligible_holder(rows):
    change = services.card_report_change(
        actor=rows.tina,
        card=rows.card_a,
        item="职务",
        new_value="总经理",
        changed_on=D(2026, 11, 1),
        today=TODAY,
    )
    assert change.late is True
    _refused(
        "changed_on",
        services.card_report_change,
        actor=rows.tina,
        card=rows.card_a,
        item="职务",
        new_value="x",
        changed_on=D(2026, 12, 1),
        today=TODAY,
    )
    _refused(
        "new_value",
        services.card_report_change,
        actor=rows.tina,
        card=rows.card_a,
        item="职务",
        new_value="",
        changed_on=D(2026, 11, 20),
        today=TODAY,
    )
    payload = verify.card_qr_payload(rows.card_a)
    services.card_report_change(
        actor=rows.office,
        card=rows.card_a,
        item="工作单位",
        new_value="南宁某公司",
        changed_on=D(2026, 11, 20),
        still_eligible=False,
        today=TODAY,
    )
    rows.card_a.refresh_from_db()
    rows.dependant_a.refresh_from_db()
    assert rows.card_a.status == rows.dependant_a.status == CardStatus.INVALID
    with system_scope():
        answer = verify.card_verify(actor=rows.office, payload=payload, today=TODAY)
    assert answer["result"] == "invalid"
    assert CardChange.objects.unscoped().filter(card=rows.card_a).count() == 3


def test_loss_and_reissue_stop_the_old_code(rows):
    old_payload = verify.card_qr_payload(rows.card_a)
    services.card_report_loss(actor=rows.tina, card=rows.card_a, today=TODAY)
    with system_scope():
        assert (
            verify.card_verify(actor=rows.office, payload=old_payload, today=TODAY)["result"]
            == "lost"
        )
    _refused(
        "card",
        requests.service_request_submit,
        actor=rows.tina,
        card=rows.card_a,
        entitlement=Entitlement.objects.get(code="medical"),
        content="x",
        today=TODAY,
    )
    new = services.card_reissue(actor=rows.office, card=rows.card_a, today=TODAY)
    assert new.number != rows.card_a.number
    assert new.valid_until == D(2029, 6, 30)
    assert new.previous_id == rows.card_a.pk
    rows.dependant_a.refresh_from_db()
    assert rows.dependant_a.holder_card_id == new.pk
    with system_scope():
        assert (
            verify.card_verify(actor=rows.office, payload=old_payload, today=TODAY)["result"]
            == "replaced"
        )
        good = verify.card_verify(
            actor=rows.office, payload=verify.card_qr_payload(new), today=TODAY
        )
    assert good["valid"]
    assert good["holder"] == "唐**"
    assert good["tier"] == "A类"
    assert "医疗绿色通道" in good["entitlements"]


def test_dependants_only_for_tiers_carrying_them(rows):
    _free_b(rows)
    card = _issued(rows, tier="B")
    message = _refused(
        "card",
        services.card_add_dependant,
        actor=rows.office,
        card=card,
        name="周小明",
        relation="child",
        today=TODAY,
    )
    assert message == "“B类”人才卡不能办理家属附卡"
    _refused(
        "relation",
        services.card_add_dependant,
        actor=rows.office,
        card=rows.card_a,
        name="唐大哥",
        relation="sibling",
        today=TODAY,
    )
    _refused(
        "name",
        services.card_add_dependant,
        actor=rows.office,
        card=rows.card_a,
        name="唐小雨",
        relation="child",
        today=TODAY,
    )
    spouse = services.card_add_dependant(
        actor=rows.office, card=rows.card_a, name="李强", relation="spouse", today=TODAY
    )
    assert spouse.number == "LGA202600001-2"


def test_service_requests_and_their_clock(rows):
    _free_b(rows)
    school = Entitlement.objects.get(code="school")
    message = _refused(
        "entitlement",
        requests.service_request_submit,
        actor=rows.tom,
        card=_issued(rows, tier="E"),
        entitlement=school,
        content="入学",
        today=TODAY,
    )
    assert message == "“E类”人才卡不含“子女入学”服务"
    _refused(
        "content",
        requests.service_request_submit,
        actor=rows.tina,
        card=rows.card_a,
        entitlement=school,
        content=" ",
        today=TODAY,
    )
    with pytest.raises(PermissionDenied):
        requests.service_request_submit(
            actor=rows.tom, card=rows.card_a, entitlement=school, content="x", today=TODAY
        )
    request = requests.service_request_submit(
        actor=rows.tina,
        card=rows.card_a,
        entitlement=school,
        content="女儿入学",
        by_portal=True,
        today=TODAY,
    )
    assert request.due_on == D(2026, 12, 22)  # 20 working days
    with system_scope():
        overdue = list(selectors.overdue_requests(TODAY))
    assert overdue == [rows.request_a]
    with pytest.raises(PermissionDenied):
        requests.service_request_accept(actor=rows.officer_a, request=request, today=TODAY)
    requests.service_request_accept(actor=rows.office, request=request, today=TODAY)
    _refused(
        "result",
        requests.service_request_complete,
        actor=rows.office,
        request=request,
        result="",
        today=TODAY,
    )
    done = requests.service_request_complete(
        actor=rows.office, request=request, result="已安排入读临桂区实验小学", today=TODAY
    )
    assert done.status == RequestStatus.DONE
    assert done.handled_on == TODAY
    _refused(
        "status",
        requests.service_request_reject,
        actor=rows.office,
        request=done,
        result="x",
        today=TODAY,
    )


def test_an_expired_card_gets_no_service(tc):
    card = _issued(tc, tier="A", today=D(2021, 1, 4))
    message = _refused(
        "card",
        requests.service_request_submit,
        actor=tc.tom,
        card=card,
        entitlement=Entitlement.objects.get(code="medical"),
        content="x",
        today=TODAY,
    )
    assert message == "人才卡已于2026年1月3日过期，不能申请服务事项"
    assert not ServiceRequest.objects.unscoped().exists()


def test_verification_results_are_logged(rows):
    payload = verify.card_qr_payload(rows.card_a)
    assert len(payload) < 120
    with system_scope():
        ok = verify.card_verify(actor=rows.office, payload=payload, unit="区教育局", today=TODAY)
        forged = verify.card_verify(actor=rows.office, payload=payload[:-3] + "abc", today=TODAY)
        other = signing.Signer(salt="other").sign_object([rows.card_a.pk, "x", "20300101", "n"])
        wrong_salt = verify.card_verify(actor=rows.office, payload="RCK1:" + other, today=TODAY)
        expired = verify.card_verify(actor=rows.office, payload=payload, today=D(2029, 7, 1))
        # A township officer verifies the cards of their own township only.
        outside = verify.card_verify(actor=rows.officer_b, payload=payload, today=TODAY)
        inside = verify.card_verify(actor=rows.officer_a, payload=payload, today=TODAY)
        dependant = verify.card_verify(
            actor=rows.office, payload=verify.card_qr_payload(rows.dependant_a), today=TODAY
        )
    assert ok["valid"]
    assert ok["valid_until"] == D(2029, 6, 30)
    assert forged["result"] == wrong_salt["result"] == "bad_signature"
    assert "holder" not in forged
    assert expired["result"] == "expired"
    assert expired["message"] == "该卡已于2029年6月30日过期"
    assert outside["result"] == "out_of_scope"
    assert "holder" not in outside
    assert inside["valid"]
    assert dependant["valid"]
    assert dependant["dependant"] == "唐**"
    assert dependant["relation"] == "未成年子女"
    with system_scope():
        logged = list(Verification.objects.values_list("result", flat=True))
    assert len(logged) == 8  # make_rows' one and these seven
    with pytest.raises(PermissionDenied):
        verify.card_verify(actor=rows.tina, payload=payload, today=TODAY)


def test_the_qr_svg_is_inline(rows):
    svg = verify.card_qr_svg(rows.card_a)
    assert svg.startswith("<svg")
    assert "LGA202600001" in svg
    assert "http" not in svg.split(">")[0].replace("http://www.w3.org", "")


def test_figures_and_expiring_in_constant_queries(rows, django_assert_max_num_queries):
    _free_b(rows)
    _issued(rows, tier="C", talent=rows.talent_b, today=D(2021, 12, 1))
    with system_scope():
        with django_assert_max_num_queries(4):
            figures = {r["tier"].code: r for r in selectors.figures_by_tier(TODAY)}
        with django_assert_max_num_queries(1):
            expiring = list(selectors.expiring_cards(TODAY))
        with django_assert_max_num_queries(1):
            overdue = [
                (r.card.talent.person.name, r.entitlement.name)
                for r in selectors.overdue_requests(TODAY)
            ]
    assert figures["A"]["valid"] == 1
    assert figures["A"]["dependants"] == 1
    assert figures["A"]["overdue"] == 1
    assert figures["E"]["ended"] == 1
    assert figures["C"]["valid"] == 1
    assert [c.valid_until for c in expiring] == [D(2026, 11, 30)]
    assert overdue == [("唐丽娜", "医疗绿色通道")]


def test_the_tables_are_edited_by_the_talent_office(tc):
    from zugong.talent.services import card_tables

    school = Entitlement.objects.get(code="school")
    with pytest.raises(PermissionDenied):
        card_tables.entitlement_save(
            actor=tc.officer_a,
            entitlement=school,
            code="school",
            name="子女入学",
            handling_unit="区教育局",
            time_limit_days=15,
        )
    _refused(
        "time_limit_days",
        card_tables.entitlement_save,
        actor=tc.office,
        entitlement=school,
        code="school",
        name="子女入学",
        handling_unit="区教育局",
        time_limit_days=0,
    )
    _refused(
        "code",
        card_tables.entitlement_save,
        actor=tc.office,
        entitlement=school,
        code="medical",
        name="子女入学",
        handling_unit="区教育局",
        time_limit_days=15,
    )
    saved = card_tables.entitlement_save(
        actor=tc.office,
        entitlement=school,
        code="school",
        name="子女入学",
        handling_unit="区教育局基础教育股",
        time_limit_days=15,
    )
    assert saved.time_limit_days == 15
    tier = CardTier.objects.get(code="B")
    tier = card_tables.tier_save(
        actor=tc.office,
        tier=tier,
        code="B",
        name="B类",
        order=1,
        entitlements=[school],
        dependant_cards=True,
    )
    assert list(tier.entitlements.all()) == [school]
    assert tier.dependant_cards is True
    with system_scope():
        assert AuditEntry.objects.filter(action=caps.TABLES_SAVED).count() == 2


def test_the_holders_own_requests(rows):
    with system_scope():
        mine = list(selectors.own_requests(rows.talent_person_a.pk))
        theirs = list(selectors.own_requests(rows.talent_person_b.pk))
        cards = list(selectors.own_cards(rows.talent_person_a.pk))
        verified = selectors.own_verifications_count(rows.card_a)
    assert mine == [rows.request_a]
    assert theirs == []
    assert [c.number for c in cards] == ["LGA202600001"]
    assert verified == 1
