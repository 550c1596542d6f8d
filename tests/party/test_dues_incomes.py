"""Members without a monthly wage: the dues base is the previous quarter's average monthly
net income, computed from the incomes recorded (中组发〔2008〕3号第四条)."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.conftest import login, scope_of
from tests.core.test_api import bearer
from zugong.core.errors import ApplicationError
from zugong.core.models import AuditEntry
from zugong.core.scope import system_scope
from zugong.party import rules
from zugong.party.models import DuesPayment, MemberIncome
from zugong.party.services import dues as services

D = Decimal
Q3 = [(dt.date(2026, 7, 1), 1, D("3000")), (dt.date(2026, 8, 1), 1, D("3600"))]


def test_the_base_is_the_previous_quarters_monthly_average():
    """Art. 4: a self-employed member with net incomes 3000/3600/4200 in July–September
    has the base 3600 for October; 3600 is in the 1% band (Art. 2) → 36.00 for October."""
    incomes = [*Q3, (dt.date(2026, 9, 1), 1, D("4200"))]
    base = rules.self_employed_base(dt.date(2026, 10, 1), incomes)
    assert base == D("3600.00")
    assert rules.monthly_dues("self_employed", base) == D("36.00")
    # the whole fourth quarter uses the third's average
    assert rules.self_employed_base(dt.date(2026, 12, 31), incomes) == D("3600.00")


def test_a_quarter_recorded_as_one_total_gives_the_same_base():
    """Art. 4: 10800 for the third quarter as one record is 3600 a month."""
    assert rules.self_employed_base(
        dt.date(2026, 11, 1), [(dt.date(2026, 7, 1), 3, D("10800"))]
    ) == D("3600.00")


def test_january_uses_the_last_quarter_of_the_year_before():
    assert rules.previous_quarter(dt.date(2026, 1, 15)) == (2025, 4, dt.date(2025, 10, 1))
    assert rules.previous_quarter(dt.date(2026, 10, 1)) == (2026, 3, dt.date(2026, 7, 1))


def test_a_missing_month_gives_no_guessed_base():
    """Art. 4: July and August recorded, September missing: no base for October."""
    with pytest.raises(rules.IncomeMissing) as missing:
        rules.self_employed_base(dt.date(2026, 10, 1), Q3)
    assert (missing.value.year, missing.value.quarter) == (2026, 3)
    assert missing.value.months == [dt.date(2026, 9, 1)]


@pytest.fixture
def earner(members):
    """黄秀英 as a self-employed member (个体经营) with incomes 3000/3600/4200 in Q3 2026."""
    cast = members
    with system_scope():
        cast.member_a.occupation = "self_employed"
        cast.member_a.save()
    with scope_of(cast.officer_a):
        for month, amount in ((7, "3000"), (8, "3600"), (9, "4200")):
            services.dues_income_record(
                actor=cast.officer_a,
                member=cast.member_a,
                month=dt.date(2026, month, 1),
                amount=amount,
                today=dt.date(2026, 10, 10),
            )
    return cast


def test_october_dues_come_from_the_third_quarters_incomes(earner):
    """Art. 4: incomes 3000/3600/4200 in Q3 → base 3600 → 1% → 36.00 for October."""
    with scope_of(earner.officer_a):
        payment = services.dues_pay(
            actor=earner.officer_a,
            member=earner.member_a,
            month=dt.date(2026, 10, 1),
            paid_on=dt.date(2026, 10, 12),
        )
    assert (payment.due, payment.amount) == (D("36.00"), D("36.00"))
    with system_scope():
        entries = AuditEntry.objects.filter(action="party.dues.income_recorded")
        assert entries.count() == 3
        assert entries.latest("id").changes["amount"] == {"old": "", "new": "4200.00"}


def test_a_missing_quarter_is_named_in_chinese(earner):
    """Art. 4: nothing recorded for the fourth quarter: January 2027 cannot be computed,
    and the message names the quarter and its months rather than guessing."""
    with scope_of(earner.officer_a), pytest.raises(ApplicationError) as error:
        services.income_base_for(earner.member_a, dt.date(2027, 1, 1))
    assert "缺少2026年第四季度的收入记录（2026年10月、2026年11月、2026年12月）" in str(
        error.value.message
    )
    assert "第四条" in error.value.message


def test_a_typed_base_is_refused_for_the_self_employed(earner):
    with scope_of(earner.admin), pytest.raises(ApplicationError, match="党员收入记录") as error:
        services.dues_set_base(
            actor=earner.admin,
            member=earner.member_a,
            effective_from=dt.date(2026, 10, 1),
            base="5000",
        )
    assert error.value.field == "base"


def test_recording_a_month_again_replaces_it_and_is_audited(earner):
    with scope_of(earner.officer_a):
        services.dues_income_record(
            actor=earner.officer_a,
            member=earner.member_a,
            month=dt.date(2026, 9, 1),
            amount="4500",
            today=dt.date(2026, 10, 10),
        )
        assert MemberIncome.objects.get(month=dt.date(2026, 9, 1)).amount == D("4500.00")
        assert services.income_base_for(earner.member_a, dt.date(2026, 10, 1)) == D("3700.00")
    with system_scope():
        entry = AuditEntry.objects.filter(action="party.dues.income_recorded").latest("id")
    assert entry.changes["amount"] == {"old": "4200.00", "new": "4500.00"}


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"month": dt.date(2026, 8, 1), "period": 3}, "month", "已有月度收入记录"),
        ({"month": dt.date(2026, 10, 1), "amount": "-1"}, "amount", "纯收入不能为负数"),
        ({"month": dt.date(2026, 10, 1), "amount": "abc"}, "amount", "不是有效金额"),
        ({"month": dt.date(2026, 10, 1), "amount": "1e9"}, "amount", "超出可登记的金额"),
        ({"month": dt.date(2026, 10, 1), "period": 2}, "period", "期间只能是月度或季度"),
        ({"month": dt.date(2026, 11, 1)}, "month", "晚于今天"),
    ],
)
def test_bad_incomes_are_refused(earner, data, field, message):
    with scope_of(earner.officer_a), pytest.raises(ApplicationError, match=message) as error:
        services.dues_income_record(
            actor=earner.officer_a,
            member=earner.member_a,
            **{"amount": "3000", **data},
            today=dt.date(2026, 10, 10),
        )
    assert error.value.field == field
    with system_scope():
        assert MemberIncome.objects.count() == 3


def test_a_quarterly_total_is_refused_where_a_month_of_it_is_recorded(earner):
    with scope_of(earner.officer_a):
        services.dues_income_record(
            actor=earner.officer_a,
            member=earner.member_a,
            month=dt.date(2026, 5, 1),  # any month of the quarter: stored as its first
            period=3,
            amount="9000",
            today=dt.date(2026, 10, 10),
        )
        assert MemberIncome.objects.get(period=3).month == dt.date(2026, 4, 1)
        with pytest.raises(ApplicationError, match="已有季度收入记录"):
            services.dues_income_record(
                actor=earner.officer_a,
                member=earner.member_a,
                month=dt.date(2026, 6, 1),
                amount="3000",
                today=dt.date(2026, 10, 10),
            )
        assert services.income_base_for(earner.member_a, dt.date(2026, 7, 1)) == D("3000.00")


def test_incomes_are_only_for_members_without_a_monthly_wage(members):
    with scope_of(members.admin), pytest.raises(ApplicationError, match="不按收入计算") as error:
        services.dues_income_record(
            actor=members.admin,
            member=members.member_a,
            month=dt.date(2026, 7, 1),
            amount="3000",
            today=dt.date(2026, 10, 10),
        )
    assert error.value.field == "member"


def test_it_checks_access(earner):
    cast = earner
    with scope_of(cast.officer_b):
        assert MemberIncome.objects.count() == 0
        with pytest.raises(ApplicationError):
            services.dues_income_record(
                actor=cast.officer_b,
                member=cast.member_a,
                month=dt.date(2026, 6, 1),
                amount="3000",
                today=dt.date(2026, 10, 10),
            )
    with system_scope():
        income = MemberIncome.objects.first()
    url = f"/admin/party/memberincome/{income.pk}/change/"
    assert login(cast.officer_b).get(url).status_code == 404
    assert login(cast.officer_a).get(url).status_code == 200
    assert "黄秀英" not in login(cast.officer_b).get("/admin/party/memberincome/").content.decode()
    assert "黄秀英" in login(cast.officer_a).get("/admin/party/memberincome/").content.decode()
    payload = {"member_id": cast.member_a.pk, "month": "2026-06-01", "amount": "3000"}
    answer = bearer(cast.officer_b).post(
        "/api/v1/party/dues/incomes", payload, content_type="application/json"
    )
    assert answer.status_code == 404


def test_recording_incomes_in_the_admin_and_the_api(earner):
    from tests.core.test_admin import ENGLISH, visible_text

    cast = earner
    client = login(cast.officer_a)
    assert "/admin/party/memberincome/" in client.get("/admin/").content.decode()  # sidebar
    page = client.get("/admin/party/memberincome/add/")
    assert page.status_code == 200
    assert not ENGLISH.findall(visible_text(page.content.decode()))
    response = client.post(
        "/admin/party/memberincome/add/",
        {"member": cast.member_a.pk, "month": "2026年6月", "period": "1", "amount": "3300"},
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    refused = client.post(
        "/admin/party/memberincome/add/",
        {"member": cast.member_a.pk, "month": "2026-05", "period": "3", "amount": "9000"},
    )
    assert "已有月度收入记录" in refused.content.decode()
    answer = bearer(cast.officer_a).post(
        "/api/v1/party/dues/incomes",
        {"member_id": cast.member_a.pk, "month": "2026-05-01", "amount": "3100"},
        content_type="application/json",
    )
    assert answer.status_code == 201
    assert answer.json()["amount"] == "3100.00"
    with system_scope():
        assert MemberIncome.objects.filter(month__lt=dt.date(2026, 7, 1)).count() == 2
    bad = bearer(cast.officer_a).post(
        "/api/v1/party/dues/incomes",
        {"member_id": cast.member_a.pk, "month": "2026-04-01", "amount": "x", "period": 3},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert "不是有效金额" in bad.json()["message"]


def test_the_demo_payments_of_the_self_employed_follow_their_incomes(db):
    """The demo's self-employed members have monthly incomes and dues computed on the
    previous quarter (Art. 4); some farmers give more than 1 元 (Art. 6, extra)."""
    from django.core.management import call_command

    call_command("demo", "--persons", "400")
    with system_scope():
        payment = (
            DuesPayment.objects.filter(member__occupation="self_employed")
            .select_related("member")
            .first()
        )
        assert payment is not None
        base = services.income_base_for(payment.member, payment.month)
        assert payment.due == rules.monthly_dues("self_employed", base)
