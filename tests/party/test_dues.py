"""Party dues with the cases of 中组发〔2008〕3号."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.conftest import login, scope_of
from zugong.core.errors import ApplicationError
from zugong.core.models import AuditEntry
from zugong.core.scope import system_scope
from zugong.party import rules, selectors
from zugong.party.models import DuesPayment
from zugong.party.services import dues as services

D = Decimal


@pytest.mark.parametrize(
    ("occupation", "base", "dues"),
    [
        ("employed", "3000", "15.00"),  # ≤ 3000: 0.5% of the whole base
        ("employed", "3000.01", "30.00"),  # just above: 1% of the whole base, not marginal
        ("employed", "5000", "50.00"),
        ("employed", "8000", "120.00"),  # 1.5%
        ("employed", "10000", "150.00"),
        ("employed", "12000", "240.00"),  # 2%
        ("self_employed", "4200", "42.00"),  # Art. 4: same bands on the quarter's average
        ("retired", "5000", "25.00"),  # Art. 5: ≤ 5000 0.5%
        ("retired", "6000", "60.00"),  # > 5000 1%
        ("student", None, "0.20"),  # Art. 6
        ("low_income", None, "0.20"),
    ],
)
def test_monthly_dues(occupation, base, dues):
    assert rules.monthly_dues(occupation, D(base) if base else None) == D(dues)


def test_farmers_pay_what_the_branch_set_between_two_jiao_and_one_yuan():
    """Art. 6: farmer members pay 0.2 to 1 元 a month; above it is voluntary extra."""
    assert rules.monthly_dues("farmer", None) == D("0.20")
    assert rules.monthly_dues("farmer", None, farmer_amount=D("0.5")) == D("0.50")
    assert rules.monthly_dues("farmer", None, farmer_amount=D("3")) == D("1.00")


def test_a_farmer_paying_five_yuan_owes_one_and_gives_four():
    """Arts. 6, 11: a farmer paying 5元 → 1元 due + 4元 voluntary extra; the due stays in
    the 0.2–1 band, the extra is unlimited; below 0.2 is no month's dues."""
    assert rules.farmer_dues(D("5")) == (D("1.00"), D("4.00"))
    assert rules.farmer_dues(D("0.5")) == (D("0.50"), D("0.00"))
    assert rules.farmer_dues(D("1")) == (D("1.00"), D("0.00"))
    with pytest.raises(ValueError, match="below"):
        rules.farmer_dues(D("0.19"))


def test_an_employed_member_without_a_base_has_no_amount():
    assert rules.monthly_dues("employed", None) is None


def test_rounding_is_a_setting(settings):
    from decimal import ROUND_DOWN

    assert rules.monthly_dues("employed", D("3333.33")) == D("33.33")
    assert rules.monthly_dues("employed", D("2999.99")) == D("15.00")  # 14.99995 rounds half up
    settings.ZUGONG_DUES_ROUNDING = ROUND_DOWN
    assert rules.monthly_dues("employed", D("2999.99")) == D("14.99")


def test_backpay_window():
    assert rules.backpay_allowed(dt.date(2026, 1, 1), dt.date(2026, 7, 31))
    assert not rules.backpay_allowed(dt.date(2026, 1, 1), dt.date(2026, 8, 1))


@pytest.fixture
def payer(members):
    with scope_of(members.admin):
        services.dues_set_base(
            actor=members.admin,
            member=members.member_a,
            effective_from=dt.date(2026, 1, 1),
            base="4500",
        )
    return members


def test_paying_a_month(payer):
    cast = payer
    with scope_of(cast.officer_a):
        payment = services.dues_pay(
            actor=cast.officer_a,
            member=cast.member_a,
            month=dt.date(2026, 3, 15),
            paid_on=dt.date(2026, 3, 20),
        )
    assert (payment.month, payment.due, payment.amount) == (
        dt.date(2026, 3, 1),
        D("45.00"),
        D("45.00"),
    )


def test_a_wage_change_applies_from_its_month(payer):
    cast = payer
    with scope_of(cast.admin):
        services.dues_set_base(
            actor=cast.admin, member=cast.member_a, effective_from=dt.date(2026, 6, 1), base="6000"
        )
        may = services.dues_pay(
            actor=cast.admin,
            member=cast.member_a,
            month=dt.date(2026, 5, 1),
            paid_on=dt.date(2026, 6, 2),
        )
        june = services.dues_pay(
            actor=cast.admin,
            member=cast.member_a,
            month=dt.date(2026, 6, 1),
            paid_on=dt.date(2026, 6, 2),
        )
    assert (may.amount, june.amount) == (D("45.00"), D("90.00"))


@pytest.mark.parametrize(
    ("month", "paid_on", "amount", "message"),
    [
        (dt.date(2026, 12, 1), dt.date(2026, 11, 20), None, "不能预交2026年12月的党费"),
        (dt.date(2026, 1, 1), dt.date(2026, 8, 1), None, "已超过补交期限.*请填写超期补交原因"),
        (dt.date(2026, 3, 1), dt.date(2026, 3, 20), "40", "应交45.00元，实交40.00元不符"),
        (dt.date(2026, 3, 1), dt.date(2999, 3, 20), None, "晚于今天"),
        (dt.date(1998, 1, 1), dt.date(1998, 2, 1), None, "早于入党时间"),
    ],
)
def test_refused_payments(payer, month, paid_on, amount, message):
    with scope_of(payer.admin), pytest.raises(ApplicationError, match=message):
        services.dues_pay(
            actor=payer.admin, member=payer.member_a, month=month, paid_on=paid_on, amount=amount
        )


def test_a_month_is_paid_once(payer):
    with scope_of(payer.admin):
        services.dues_pay(
            actor=payer.admin,
            member=payer.member_a,
            month=dt.date(2026, 3, 1),
            paid_on=dt.date(2026, 3, 2),
        )
        with pytest.raises(ApplicationError, match="2026年03月的党费已交纳"):
            services.dues_pay(
                actor=payer.admin,
                member=payer.member_a,
                month=dt.date(2026, 3, 9),
                paid_on=dt.date(2026, 3, 9),
            )


def test_voluntary_payments_of_a_thousand_go_to_the_centre(payer):
    with scope_of(payer.admin):
        small = services.dues_voluntary(
            actor=payer.admin, member=payer.member_a, amount="999.99", paid_on=dt.date(2026, 7, 1)
        )
        large = services.dues_voluntary(
            actor=payer.admin, member=payer.member_a, amount="1000", paid_on=dt.date(2026, 7, 1)
        )
    assert (small.to_central, large.to_central) == (False, True)


def test_farmer_amounts_below_the_range_are_refused(members):
    """Art. 6: below 0.2 元 is refused, naming the field and the band."""
    with system_scope():
        members.member_a.occupation = "farmer"
        members.member_a.save()
    with scope_of(members.admin), pytest.raises(ApplicationError, match=r"0\.2元至1元") as error:
        services.dues_set_base(
            actor=members.admin,
            member=members.member_a,
            effective_from=dt.date(2026, 1, 1),
            farmer_amount="0.1",
        )
    assert error.value.field == "farmer_amount"
    assert "农民党员月缴额0.10元" in error.value.message


def test_arrears_and_the_six_month_flag(payer, settings):
    cast = payer
    settings.ZUGONG_DUES_LEDGER_START = "2026-01-01"
    with scope_of(cast.admin):
        for month in (1, 2, 3):
            services.dues_pay(
                actor=cast.admin,
                member=cast.member_a,
                month=dt.date(2026, month, 1),
                paid_on=dt.date(2026, month, 10),
            )
        rows = {r["member"].person.name: r for r in selectors.dues_arrears(dt.date(2026, 11, 23))}
    # 黄秀英 paid through March: April–October are unpaid, seven months, flagged.
    assert rows["黄秀英"]["unpaid_months"] == 7
    assert rows["黄秀英"]["lapse"]
    assert rows["黄秀英"]["since"] == dt.date(2026, 4, 1)
    # 李建华 joined in March 2026 as a probationary member and owes from March.
    assert rows["李建华"]["unpaid_months"] == 8
    with scope_of(cast.officer_b):
        assert selectors.dues_arrears(dt.date(2026, 11, 23)) == []
    with scope_of(cast.admin):
        rows = {r["member"].person.name: r for r in selectors.dues_arrears(dt.date(2026, 6, 5))}
    assert rows["黄秀英"]["unpaid_months"] == 2
    assert not rows["黄秀英"]["lapse"]


def test_payments_are_scoped(payer):
    with scope_of(payer.admin):
        services.dues_pay(
            actor=payer.admin,
            member=payer.member_a,
            month=dt.date(2026, 3, 1),
            paid_on=dt.date(2026, 3, 2),
        )
    with scope_of(payer.officer_b):
        assert DuesPayment.objects.count() == 0
    with scope_of(payer.officer_a):
        assert DuesPayment.objects.count() == 1


def test_dues_pages_and_api_are_scoped(payer):
    from tests.conftest import login
    from tests.core.test_api import bearer

    cast = payer
    with scope_of(cast.admin):
        services.dues_pay(
            actor=cast.admin,
            member=cast.member_a,
            month=dt.date(2026, 3, 1),
            paid_on=dt.date(2026, 3, 2),
        )
    assert "黄秀英" not in login(cast.officer_b).get("/admin/party/duespayment/").content.decode()
    assert "黄秀英" in login(cast.officer_a).get("/admin/party/duespayment/").content.decode()
    assert (
        "黄秀英"
        not in login(cast.officer_b).get("/admin/party/duespayment/arrears/").content.decode()
    )
    assert (
        "黄秀英" in login(cast.officer_a).get("/admin/party/duespayment/arrears/").content.decode()
    )
    assert bearer(cast.officer_b).get("/api/v1/party/dues/arrears").json() == []
    names = {r["name"] for r in bearer(cast.officer_a).get("/api/v1/party/dues/arrears").json()}
    assert names == {"黄秀英", "李建华"}


def test_recording_a_payment_in_the_admin(payer):
    from tests.conftest import login

    cast = payer
    response = login(cast.officer_a).post(
        "/admin/party/duespayment/add/",
        {
            "member": cast.member_a.pk,
            "kind": "regular",
            "month": "2026-04-01",
            "paid_on": "2026-04-03",
            "amount": "",
            "note": "",
        },
    )
    assert response.status_code == 302
    with system_scope():
        assert DuesPayment.objects.get().amount == D("45.00")
    response = login(cast.officer_a).post(
        "/admin/party/duespayment/add/",
        {
            "member": cast.member_a.pk,
            "kind": "regular",
            "month": "2026-04-01",
            "paid_on": "2026-04-03",
        },
    )
    assert "2026年04月的党费已交纳" in response.content.decode()


# Farmer members: the dues are 0.2–1 元, the rest is voluntary extra (Arts. 6, 11) -------


@pytest.fixture
def farmer(members):
    with system_scope():
        members.member_a.occupation = "farmer"
        members.member_a.save()
    with scope_of(members.admin):
        services.dues_set_base(
            actor=members.admin,
            member=members.member_a,
            effective_from=dt.date(2026, 1, 1),
            farmer_amount="5",
        )
    return members


def test_a_farmer_paying_five_yuan_is_recorded_as_one_due_and_four_extra(farmer):
    """Arts. 6, 11: the branch set 5元 a month for a farmer → 1元 due + 4元 voluntary
    extra, shown as such on the record, the list and the export, and in the audit log."""
    cast = farmer
    with scope_of(cast.officer_a):
        payment = services.dues_pay(
            actor=cast.officer_a,
            member=cast.member_a,
            month=dt.date(2026, 3, 1),
            paid_on=dt.date(2026, 3, 20),
        )
    assert (payment.due, payment.extra, payment.amount) == (D("1.00"), D("4.00"), D("5.00"))
    assert payment.regular_part == D("1.00")
    assert not payment.to_central
    with system_scope():
        entry = AuditEntry.objects.filter(action="party.dues.paid").latest("id")
    assert entry.changes["extra"] == "4.00"
    from tests.conftest import login

    client = login(cast.officer_a)
    listing = client.get("/admin/party/duespayment/").content.decode()
    assert "其中自愿多交（元）" in listing
    assert "4.00" in listing
    record = client.get(f"/admin/party/duespayment/{payment.pk}/change/").content.decode()
    assert "其中自愿多交（元）" in record
    bases = client.get("/admin/party/duesbase/").content.decode()
    assert "1.00（另自愿多交4.00）" in bases


def test_the_payments_export_shows_the_voluntary_part_and_is_scoped(farmer):
    from io import BytesIO

    from python_calamine import CalamineWorkbook

    from tests.conftest import login

    cast = farmer
    with scope_of(cast.admin):
        services.dues_pay(
            actor=cast.admin,
            member=cast.member_a,
            month=dt.date(2026, 3, 1),
            paid_on=dt.date(2026, 3, 20),
        )
        services.dues_voluntary(
            actor=cast.admin, member=cast.member_a, amount="1000", paid_on=dt.date(2026, 7, 1)
        )

    def rows(user):
        response = login(user).get("/admin/party/duespayment/export/?year=2026")
        assert response.status_code == 200
        book = CalamineWorkbook.from_filelike(BytesIO(response.content))
        return book.get_sheet_by_index(0).to_python()

    header, *lines = rows(cast.officer_a)
    assert header[6] == "其中自愿多交（元）"
    by_kind = {line[2]: line for line in lines}
    assert by_kind["按月交纳"][4:7] == ["1.00", "5.00", "4.00"]
    assert by_kind["自愿多交"][6] == "1000.00"
    assert by_kind["自愿多交"][8] == "是"
    assert rows(cast.officer_b)[1:] == []


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("0.1", r"实交金额0\.10元低于农民党员每月0\.2元至1元的标准"),
        ("0.5", r"应交1\.00元，实交0\.50元不符"),  # less than the branch set needs approval
    ],
)
def test_a_farmer_paying_too_little_is_refused(farmer, amount, message):
    """Art. 6: below 0.2 元 is refused, naming the field and the band; nothing is kept."""
    with scope_of(farmer.admin), pytest.raises(ApplicationError, match=message) as error:
        services.dues_pay(
            actor=farmer.admin,
            member=farmer.member_a,
            month=dt.date(2026, 3, 1),
            paid_on=dt.date(2026, 3, 20),
            amount=amount,
        )
    assert error.value.field == "amount"
    with system_scope():
        assert not DuesPayment.objects.exists()


def test_a_farmer_extra_of_a_thousand_goes_to_the_centre(farmer):
    """Art. 11: a single voluntary payment of 1000 元 or more goes wholly to the Centre."""
    with scope_of(farmer.admin):
        payment = services.dues_pay(
            actor=farmer.admin,
            member=farmer.member_a,
            month=dt.date(2026, 3, 1),
            paid_on=dt.date(2026, 3, 20),
            amount="1001",
        )
    assert (payment.due, payment.extra, payment.to_central) == (D("1.00"), D("1000.00"), True)


# Back-payment: "generally" at most six months (Art. 12) ------------------------------


def _pay_january_in_august(cast, **kwargs):
    return services.dues_pay(
        actor=cast.admin,
        member=cast.member_a,
        month=dt.date(2026, 1, 1),
        paid_on=dt.date(2026, 8, 3),
        **kwargs,
    )


def test_a_back_payment_of_seven_months_needs_a_reason_and_warns(payer):
    """Art. 12: back-payment is generally within six months. January paid in August is
    seven months late: under "warn" (the default) it needs a recorded reason, is kept
    with it and answers a warning."""
    with scope_of(payer.admin):
        with pytest.raises(ApplicationError, match="请填写超期补交原因") as error:
            _pay_january_in_august(payer)
        assert error.value.field == "backpay_reason"
        assert not DuesPayment.objects.exists()
        payment = _pay_january_in_august(payer, backpay_reason="外出务工，经支部同意补交")
    assert payment.backpay_reason == "外出务工，经支部同意补交"
    assert len(payment.warnings) == 1
    assert "超期补交" in payment.warnings[0]
    assert "第十二条" in payment.warnings[0]
    with system_scope():
        assert DuesPayment.objects.get().backpay_reason == "外出务工，经支部同意补交"
        entry = AuditEntry.objects.filter(action="party.dues.paid").latest("id")
    assert entry.changes["backpay_reason"] == "外出务工，经支部同意补交"


def test_a_back_payment_of_seven_months_is_refused_under_refuse(payer, settings):
    """Art. 12 with ZUGONG_DUES_BACKPAY_POLICY = "refuse": seven months late is refused."""
    settings.ZUGONG_DUES_BACKPAY_POLICY = "refuse"
    with scope_of(payer.admin), pytest.raises(ApplicationError, match="已超过补交期限") as error:
        _pay_january_in_august(payer, backpay_reason="外出务工")
    assert error.value.field == "month"
    assert "请填写" not in error.value.message


def test_a_back_payment_within_six_months_keeps_no_reason(payer):
    """Art. 12: January paid in July (six months) is an ordinary back-payment."""
    with scope_of(payer.admin):
        payment = services.dues_pay(
            actor=payer.admin,
            member=payer.member_a,
            month=dt.date(2026, 1, 1),
            paid_on=dt.date(2026, 7, 31),
            backpay_reason="无",
        )
    assert (payment.backpay_reason, payment.warnings) == ("", [])


def test_an_unknown_backpay_policy_is_a_configuration_error(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.ZUGONG_DUES_BACKPAY_POLICY = "maybe"
    with pytest.raises(ImproperlyConfigured, match="warn"):
        rules.backpay_policy()


def test_a_correction_keeps_the_recorded_reason(payer):
    with scope_of(payer.admin):
        payment = _pay_january_in_august(payer, backpay_reason="外出务工")
        corrected = services.dues_correct(
            actor=payer.admin,
            payment=payment,
            month=dt.date(2026, 1, 1),
            paid_on=dt.date(2026, 8, 4),
            reason="交纳日期登记错误",
        )
    assert corrected.backpay_reason == "外出务工"
    assert corrected.warnings


def test_a_late_back_payment_in_the_admin_and_the_api(payer):
    """Seven months late through the back office and the API: refused without a reason,
    kept with one and a warning shown / returned."""
    from tests.conftest import login
    from tests.core.test_api import bearer

    cast = payer
    data = {
        "member": cast.member_a.pk,
        "kind": "regular",
        "month": "2026-01",
        "paid_on": "2026-08-03",
        "amount": "",
        "backpay_reason": "",
        "note": "",
    }
    client = login(cast.officer_a)
    assert (
        "请填写超期补交原因" in client.post("/admin/party/duespayment/add/", data).content.decode()
    )
    response = client.post(
        "/admin/party/duespayment/add/", {**data, "backpay_reason": "长期外出"}, follow=True
    )
    body = response.content.decode()
    assert "黄秀英2026年01月的党费为超期补交" in body  # the warning beside the success
    assert "长期外出" in body
    api = bearer(cast.officer_a)
    payload = {"member_id": cast.member_a.pk, "month": "2026-02-01", "paid_on": "2026-09-01"}
    refused = api.post("/api/v1/party/dues/payments", payload, content_type="application/json")
    assert refused.status_code == 400
    assert "请填写超期补交原因" in refused.json()["message"]
    accepted = api.post(
        "/api/v1/party/dues/payments",
        {**payload, "backpay_reason": "长期外出"},
        content_type="application/json",
    ).json()
    assert accepted["backpay_reason"] == "长期外出"
    assert accepted["extra"] == "0.00"
    assert len(accepted["warnings"]) == 1


def test_the_list_names_the_branch_and_a_reader_sees_the_month(payer):
    """Two members of one name are told apart by their branch; the leader, who only reads,
    sees the month as 2026-03, not as a date."""
    cast = payer
    with scope_of(cast.officer_a):
        payment = services.dues_pay(
            actor=cast.officer_a,
            member=cast.member_a,
            month=dt.date(2026, 3, 1),
            paid_on=dt.date(2026, 3, 20),
        )
    listing = login(cast.officer_a).get("/admin/party/duespayment/").content.decode()
    assert "临桂镇 / 中共金水社区支部委员会" in listing
    page = login(cast.leader).get(f"/admin/party/duespayment/{payment.pk}/change/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "2026-03" in text
    assert "2026-03-01" not in text


def test_the_member_row_keeps_the_last_month_paid(payer):
    """``dues_paid_through`` (what arrears are counted from) follows every payment and
    correction: the latest regular month, not the latest written, and not a voluntary one."""
    cast = payer

    def through():
        with system_scope("tests"):
            cast.member_a.refresh_from_db()
            return cast.member_a.dues_paid_through

    assert through() is None
    with scope_of(cast.admin):
        march = services.dues_pay(
            actor=cast.admin,
            member=cast.member_a,
            month=dt.date(2026, 3, 1),
            paid_on=dt.date(2026, 3, 10),
        )
        assert through() == dt.date(2026, 3, 1)
        # An earlier month paid later does not move it back.
        services.dues_pay(
            actor=cast.admin,
            member=cast.member_a,
            month=dt.date(2026, 2, 1),
            paid_on=dt.date(2026, 3, 12),
        )
        assert through() == dt.date(2026, 3, 1)
        services.dues_voluntary(
            actor=cast.admin, member=cast.member_a, amount="100", paid_on=dt.date(2026, 4, 1)
        )
        assert through() == dt.date(2026, 3, 1)
        # A correction of the month moves it, either way.
        services.dues_correct(
            actor=cast.admin,
            payment=march,
            month=dt.date(2026, 1, 1),
            paid_on=dt.date(2026, 3, 10),
            reason="所属月份登记错误",
        )
        assert through() == dt.date(2026, 2, 1)
        rows = {r["member"].person.name: r for r in selectors.dues_arrears(dt.date(2026, 5, 20))}
    assert rows["黄秀英"]["last_paid"] == dt.date(2026, 2, 1)
    assert rows["黄秀英"]["since"] == dt.date(2026, 3, 1)
    assert rows["黄秀英"]["unpaid_months"] == 2
