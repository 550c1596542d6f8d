"""Back-office defects of issue #12 (party part): each test fails without its fix."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.conftest import login, scope_of
from tests.core.test_admin import ENGLISH, visible_text
from zugong.core.errors import ApplicationError
from zugong.core.models import AuditEntry
from zugong.core.scope import system_scope
from zugong.party.models import DuesPayment
from zugong.party.services import dues as dues_services

# 1. A dues payment opens and can be corrected ------------------------------------------


@pytest.fixture
def paid(members):
    cast = members
    with scope_of(cast.admin):
        dues_services.dues_set_base(
            actor=cast.admin,
            member=cast.member_a,
            effective_from=dt.date(2026, 1, 1),
            base="4500",
        )
        cast.payment = dues_services.dues_pay(
            actor=cast.admin,
            member=cast.member_a,
            month=dt.date(2026, 3, 1),
            paid_on=dt.date(2026, 4, 2),
        )
        cast.gift = dues_services.dues_voluntary(
            actor=cast.admin, member=cast.member_a, amount="100", paid_on=dt.date(2026, 4, 2)
        )
    return cast


def payment_url(payment) -> str:
    return f"/admin/party/duespayment/{payment.pk}/change/"


def test_a_payment_opens_for_every_role_that_sees_it(paid):
    cast = paid
    for user in (cast.admin, cast.officer_a, cast.secretary, cast.leader):
        for payment in (cast.payment, cast.gift):
            response = login(user).get(payment_url(payment))
            assert response.status_code == 200, user.username
            text = visible_text(response.content.decode())
            assert not ENGLISH.findall(text), (user.username, ENGLISH.findall(text))
    assert login(cast.officer_b).get(payment_url(cast.payment)).status_code == 404


def test_the_leader_reads_a_payment_and_is_offered_no_correction(paid):
    body = login(paid.leader).get(payment_url(paid.payment)).content.decode()
    assert "更正原因" not in body
    assert 'name="_save"' not in body
    response = login(paid.leader).post(
        payment_url(paid.payment), {"month": "2026-02", "paid_on": "2026-04-02", "reason": "x"}
    )
    assert response.status_code == 403
    with system_scope():
        assert DuesPayment.objects.get(pk=paid.payment.pk).month == dt.date(2026, 3, 1)


def test_a_wrong_month_is_corrected_with_a_reason_and_audited(paid):
    cast = paid
    form = login(cast.officer_a).get(payment_url(cast.payment)).content.decode()
    assert 'value="2026-03"' in form  # the month shows as a month
    assert "更正原因" in form
    data = {"month": "2026年2月", "amount": "", "paid_on": "2026-04-02", "note": "", "reason": ""}
    response = login(cast.officer_a).post(payment_url(cast.payment), data)
    assert response.status_code == 200
    assert "这个字段是必填项" in response.content.decode()
    with system_scope():
        assert DuesPayment.objects.get(pk=cast.payment.pk).month == dt.date(2026, 3, 1)
    data["reason"] = "所属月份登记错误"
    response = login(cast.officer_a).post(payment_url(cast.payment), data)
    assert response.status_code == 302
    with system_scope():
        payment = DuesPayment.objects.get(pk=cast.payment.pk)
        assert payment.month == dt.date(2026, 2, 1)
        entry = AuditEntry.objects.filter(action="party.dues.corrected").get()
    assert entry.changes["month"] == {"old": "2026-03-01", "new": "2026-02-01"}
    assert "所属月份登记错误" in str(entry.extra)


def test_a_correction_is_checked_like_a_payment(paid):
    cast = paid
    with scope_of(cast.officer_a):
        dues_services.dues_pay(
            actor=cast.officer_a,
            member=cast.member_a,
            month=dt.date(2026, 4, 1),
            paid_on=dt.date(2026, 4, 2),
        )
        with pytest.raises(ApplicationError, match="2026年04月的党费已交纳"):
            dues_services.dues_correct(
                actor=cast.officer_a,
                payment=cast.payment,
                month=dt.date(2026, 4, 1),
                paid_on=dt.date(2026, 4, 2),
                reason="月份错误",
            )
        with pytest.raises(ApplicationError, match=r"应交45\.00元"):
            dues_services.dues_correct(
                actor=cast.officer_a,
                payment=cast.payment,
                month=dt.date(2026, 3, 1),
                amount="40",
                paid_on=dt.date(2026, 4, 2),
                reason="金额错误",
            )
        with pytest.raises(ApplicationError, match="不能预交"):
            dues_services.dues_correct(
                actor=cast.officer_a,
                payment=cast.payment,
                month=dt.date(2026, 5, 1),
                paid_on=dt.date(2026, 4, 2),
                reason="月份错误",
            )
    with scope_of(cast.officer_b), pytest.raises(ApplicationError):
        dues_services.dues_correct(
            actor=cast.officer_b,
            payment=cast.payment,
            month=dt.date(2026, 2, 1),
            paid_on=dt.date(2026, 4, 2),
            reason="月份错误",
        )
    with system_scope():
        assert DuesPayment.objects.get(pk=cast.payment.pk).month == dt.date(2026, 3, 1)


def test_a_wrong_voluntary_amount_is_corrected_and_goes_to_the_centre(paid):
    cast = paid
    response = login(cast.officer_a).post(
        payment_url(cast.gift),
        {"amount": "1000", "paid_on": "2026-04-02", "note": "", "reason": "金额录入错误"},
    )
    assert response.status_code == 302
    with system_scope():
        gift = DuesPayment.objects.get(pk=cast.gift.pk)
    assert gift.amount == Decimal("1000.00")
    assert gift.to_central


@pytest.mark.parametrize("written", ["2026-04", "2026年4月", "2026年04月", "2026.4", "2026-04-01"])
def test_the_dues_month_is_written_as_offices_write_it(paid, written):
    response = login(paid.officer_a).post(
        "/admin/party/duespayment/add/",
        {
            "member": paid.member_a.pk,
            "kind": "regular",
            "month": written,
            "paid_on": "2026-04-03",
            "amount": "",
            "note": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    with system_scope():
        assert DuesPayment.objects.filter(month=dt.date(2026, 4, 1)).count() == 1


def test_a_month_that_is_not_one_is_refused_in_chinese(paid):
    response = login(paid.officer_a).post(
        "/admin/party/duespayment/add/",
        {
            "member": paid.member_a.pk,
            "kind": "regular",
            "month": "2026-13",
            "paid_on": "2026-04-03",
        },
    )
    assert response.status_code == 200
    assert "请按“2026-12”或“2026年12月”填写月份" in response.content.decode()
