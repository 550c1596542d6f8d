"""The collective economy ledger: refusals naming the field, tiers by rule, the
village-year, contracts' receipts and expiry, disclosures, the forecast; the data scope
of pages, API and export; the two-role user; the technical administrators."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.cadres.conftest import cadres  # noqa: F401 - fixture
from tests.conftest import login, scope_of
from tests.core.test_api import bearer
from zugong.core.errors import ApplicationError
from zugong.core.models import AuditEntry
from zugong.core.scope import system_scope
from zugong.grassroots.models.collective import CollectiveContract, CollectiveIncome
from zugong.grassroots.selectors import collective as selectors
from zugong.grassroots.services import collective as services

TODAY = dt.date(2026, 11, 24)
D = dt.date


def _income(c, org, month, source, amount, year=2026, actor=None):
    return services.income_record(
        actor=actor,
        organization=org,
        year=year,
        month=month,
        source=source,
        amount=amount,
        today=TODAY,
    )


def _contract(c, org, code="HT-01", receipts=(), **extra):
    data = {
        "code": code,
        "counterparty": "桂林漓泉农业有限公司",
        "subject": "集体鱼塘发包",
        "source": "resource",
        "signed_on": D(2025, 12, 1),
        "starts_on": D(2026, 1, 1),
        "ends_on": D(2028, 12, 31),
        "amount": "90000",
        "deposit": "0",
        **extra,
    }
    return services.contract_save(actor=None, organization=org, receipts=list(receipts), **data)


@pytest.fixture
def ledger(gr):
    c = gr
    with system_scope("tests"):
        # 大岭村 (A): weak in 2026 (4万 operating + 3万 subsidy), 6万 operating in 2025.
        _income(c, c.village_a, 3, "resource", "25000")
        _income(c, c.village_a, 9, "property", "15000")
        _income(c, c.village_a, 6, "subsidy", "30000")
        _income(c, c.village_a, 5, "resource", "60000", year=2025)
        # 六塘村 (B): 12万 operating in 2026.
        _income(c, c.village_b, 4, "shares", "120000")
        c.contract_a = _contract(
            c, c.village_a, receipts=[(D(2026, 12, 20), "15000"), (D(2026, 10, 31), "5000")]
        )
    return c


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"amount": "-1"}, "amount", "不能为负"),
        ({"month": 13}, "month", "1至12"),
        ({"month": 12}, "month", "尚未到来"),
        ({"source": "lottery"}, "source", "收入来源"),
    ],
)
def test_a_bad_income_entry_is_refused_naming_the_field(gr, changes, field, words):
    data = {"year": 2026, "month": 3, "source": "resource", "amount": "100", **changes}
    with system_scope("tests"), pytest.raises(ApplicationError) as refused:
        services.income_record(actor=None, organization=gr.village_a, today=TODAY, **data)
    assert refused.value.field == field
    assert words in refused.value.message
    with system_scope("tests"):
        assert not CollectiveIncome.objects.exists()


def test_income_of_a_community_is_refused(gr):
    with system_scope("tests"), pytest.raises(ApplicationError) as refused:
        _income(gr, gr.community_a, 3, "resource", "100")
    assert refused.value.field == "organization"
    assert "不是村党组织" in refused.value.message
    from tests.conftest import _org
    from zugong.core.models import OrgCategory, OrgKind

    with system_scope("tests"):
        branch = _org(
            gr.village_a,
            "中共大岭村第一支部委员会",
            "450312100201B1",
            OrgKind.BRANCH,
            OrgCategory.VILLAGE,
        )
        with pytest.raises(ApplicationError) as sub:
            _income(gr, branch, 3, "resource", "100")
    assert sub.value.field == "organization"
    assert "不是乡镇直属的村党组织" in sub.value.message


def test_a_contract_ending_before_it_starts_is_refused_and_nothing_is_kept(gr):
    with system_scope("tests"), pytest.raises(ApplicationError) as refused:
        _contract(gr, gr.village_a, ends_on=D(2025, 6, 30), receipts=[(D(2026, 1, 1), "1")])
    assert refused.value.field == "ends_on"
    assert "早于起始日期" in refused.value.message
    with system_scope("tests"):
        assert not CollectiveContract.objects.exists()
        _contract(gr, gr.village_a)
    with system_scope("tests"), pytest.raises(ApplicationError) as twice:
        _contract(gr, gr.village_a)
    assert twice.value.field == "code"


def test_the_ledger_tiers_by_operating_income_with_the_change_on_last_year(ledger):
    with system_scope("tests"):
        rows = {r["organization"].pk: r for r in selectors.ledger(2026)}
    a, b = rows[ledger.village_a.pk], rows[ledger.village_b.pk]
    assert (a["total"], a["operating"], a["tier"].code) == (70000, 40000, "weak")
    assert a["last_year"] == 60000
    assert a["change"] == -20000
    assert b["tier"].code == "strong"
    with system_scope("tests"):
        assert [r["organization"] for r in selectors.ledger(2026, tier="weak")] == [
            ledger.village_a
        ]
        assert selectors.ledger(2026, township_id=ledger.town_b.pk)[0]["organization"] == (
            ledger.village_b
        )


def test_the_measure_setting_tiers_on_total_income(ledger, settings):
    settings.ZUGONG_COLLECTIVE_TIER_MEASURE = "total"
    with system_scope("tests"):
        row = next(r for r in selectors.ledger(2026) if r["organization"] == ledger.village_a)
    assert row["tier"].code == "middle"


def test_the_village_year_is_months_by_sources(ledger):
    with system_scope("tests"):
        data = selectors.village_year(ledger.village_a, 2026)
    march = data["months"][2]
    assert march["total"] == 25000
    assert march["cells"][0] == 25000
    assert data["by_source"][1] == 15000  # 物业出租
    assert data["total"] == 70000


def test_the_forecast_adds_the_receipts_still_scheduled_this_year(ledger):
    with system_scope("tests"):
        rows = selectors.forecast(2026, TODAY)
    (row,) = rows
    projection = row["forecast"]
    # Received 4万; 15000 scheduled on 12-20 (the one due 10-31 is past, overdue).
    assert projection.received == 40000
    assert projection.scheduled_rest == 15000
    assert projection.crosses is True
    assert projection.shortfall == 0
    with system_scope("tests"):
        ledger.contract_a.receipts.filter(due_on=D(2026, 12, 20)).update(amount=Decimal("1000"))
        assert selectors.forecast(2026, TODAY)[0]["forecast"].crosses is False


def test_receipts_overdue_due_and_expiring_contracts(ledger):
    with system_scope("tests"):
        data = selectors.receipts(TODAY)
        assert [r.due_on for r in data["overdue"]] == [D(2026, 10, 31)]
        assert [r.due_on for r in data["due"]] == [D(2026, 12, 20)]
        soon = _contract(ledger, ledger.village_b, code="HT-09", ends_on=D(2027, 1, 10))
        assert selectors.expiring_contracts(TODAY) == [soon]


def test_a_receipt_recorded_enters_the_ledger(ledger):
    with system_scope("tests"):
        receipt = ledger.contract_a.receipts.get(due_on=D(2026, 10, 31))
        services.receipt_record(
            actor=None,
            receipt=receipt,
            received_on=D(2026, 11, 2),
            received_amount="5000",
            today=TODAY,
        )
        income = CollectiveIncome.objects.get(contract=ledger.contract_a)
        assert (income.month, income.amount, income.source) == (11, 5000, "resource")
        assert selectors.receipts(TODAY)["overdue"] == []


def test_missing_disclosures_follow_the_quarterly_and_monthly_calendars(ledger):
    with system_scope("tests"):
        services.profile_save(
            actor=None, organization=ledger.village_b, cooperative="六塘村合作社", busy=True
        )
        for period in ("Q1", "Q2"):
            services.disclosure_record(
                actor=None,
                organization=ledger.village_a,
                year=2026,
                period=period,
                disclosed_on=D(2026, 7, 10),
                today=TODAY,
            )
        rows = {r["organization"].pk: r for r in selectors.missing_disclosures(2026, TODAY)}
    assert [p.period for p in rows[ledger.village_a.pk]["missing"]] == ["Q3"]
    assert [p.period for p in rows[ledger.village_b.pk]["missing"]][-1] == "10"
    assert len(rows[ledger.village_b.pk]["missing"]) == 10


def test_a_first_secretary_is_one_at_a_time(gr):
    with system_scope("tests"):
        services.first_secretary_assign(
            actor=None,
            organization=gr.village_a,
            person=gr.organ_person,
            from_unit="区委办公室",
            started_on=D(2026, 3, 1),
        )
        with pytest.raises(ApplicationError) as refused:
            services.first_secretary_assign(
                actor=None,
                organization=gr.village_a,
                person=gr.village_person,
                from_unit="区财政局",
                started_on=D(2026, 4, 1),
            )
    assert refused.value.field == "organization"


def test_writes_are_audited(ledger):
    with system_scope("tests"):
        assert AuditEntry.objects.filter(action="grassroots.collective.saved").count() >= 6


# Scope ---------------------------------------------------------------------------------


def test_officer_b_sees_nothing_of_township_a(ledger):
    c = ledger
    with scope_of(c.officer_b):
        assert [r["organization"] for r in selectors.ledger(2026)] == [c.village_b]
        assert selectors.receipts(TODAY) == {"overdue": [], "due": []}
    client = login(c.officer_b)
    page = client.get("/admin/grassroots/collectiveincome/ledger/?year=2026").content.decode()
    assert "六塘村" in page
    assert "大岭村" not in page
    assert (
        client.get(
            f"/admin/grassroots/collectiveincome/village-year/?organization={c.village_a.pk}"
        ).status_code
        == 404
    )
    with system_scope("tests"):
        income_a = CollectiveIncome.objects.filter(organization=c.village_a).first()
    assert (
        client.get(f"/admin/grassroots/collectiveincome/{income_a.pk}/change/").status_code == 404
    )
    assert (
        client.get(f"/admin/grassroots/collectivecontract/{c.contract_a.pk}/change/").status_code
        == 404
    )
    api = bearer(c.officer_b)
    assert [
        r["organization_name"]
        for r in api.get("/api/v1/grassroots/collective/ledger?year=2026").json()
    ] == [c.village_b.name]
    assert api.get(f"/api/v1/grassroots/collective/contracts/{c.contract_a.pk}").status_code == 404
    assert (
        api.get(f"/api/v1/grassroots/collective/villages/{c.village_a.pk}/2026").status_code == 404
    )
    incomes = api.get("/api/v1/grassroots/collective/incomes?year=2026").json()["items"]
    assert {i["organization_id"] for i in incomes} == {c.village_b.pk}


def test_the_export_covers_the_scope_and_is_audited(ledger):
    response = login(ledger.officer_b).get(
        "/admin/grassroots/collectiveincome/ledger/?year=2026&format=xlsx"
    )
    assert response.status_code == 200
    import io

    from python_calamine import CalamineWorkbook

    rows = (
        CalamineWorkbook.from_filelike(io.BytesIO(response.content))
        .get_sheet_by_index(0)
        .to_python()
    )
    assert [r[1] for r in rows[1:]] == [ledger.village_b.name]
    with system_scope("tests"):
        assert AuditEntry.objects.filter(action="grassroots.exported").exists()


def test_the_two_role_user_changes_only_in_the_officers_township(ledger):
    c = ledger
    api = bearer(c.two_roles)
    body = {"year": 2026, "month": 2, "source": "property", "amount": "100"}
    created = api.post(
        "/api/v1/grassroots/collective/incomes",
        {"organization_id": c.village_a.pk, **body},
        content_type="application/json",
    )
    assert created.status_code == 201
    refused = api.post(
        "/api/v1/grassroots/collective/incomes",
        {"organization_id": c.village_b.pk, **body},
        content_type="application/json",
    )
    assert refused.status_code in (403, 404)
    # The secretary's role reads 六塘村; the officer's reads 大岭村; nothing else.
    names = {
        r["organization_name"]
        for r in api.get("/api/v1/grassroots/collective/ledger?year=2026").json()
    }
    assert names == {c.village_a.name, c.village_b.name}
    client = login(c.two_roles)
    assert client.get("/admin/grassroots/collectiveincome/import-income/").status_code == 200
    with system_scope("tests"):
        income_b = CollectiveIncome.objects.filter(organization=c.village_b).first()
    assert (
        client.get(f"/admin/grassroots/collectiveincome/{income_b.pk}/change/").status_code == 200
    )


@pytest.mark.parametrize("who", ["sysadmin", "secadmin", "auditor"])
def test_technical_administrators_get_no_collective_data(ledger, who):
    user = getattr(ledger, who)
    client = login(user)
    for url in (
        "/admin/grassroots/collectiveincome/ledger/",
        "/admin/grassroots/collectiveincome/",
        "/admin/grassroots/collectivecontract/receipts-due/",
        "/admin/grassroots/firstsecretary/forecast/",
        "/admin/grassroots/disclosure/missing/",
        "/admin/grassroots/collectiveincome/import-income/",
    ):
        assert client.get(url).status_code in (403, 404), url
    api = bearer(user)
    assert api.get("/api/v1/grassroots/collective/ledger?year=2026").status_code == 403
    assert api.get("/api/v1/grassroots/collective/forecast?year=2026").status_code == 403


def test_the_pages_open_in_chinese_for_the_officer(ledger):
    client = login(ledger.officer_a)
    for url in (
        "/admin/grassroots/collectiveincome/ledger/?year=2026&tier=weak",
        f"/admin/grassroots/collectiveincome/village-year/?organization={ledger.village_a.pk}&year=2026",
        "/admin/grassroots/collectivecontract/receipts-due/",
        "/admin/grassroots/collectivecontract/expiring/",
        "/admin/grassroots/disclosure/missing/?year=2026",
        "/admin/grassroots/firstsecretary/weak/?year=2026",
        "/admin/grassroots/firstsecretary/forecast/?year=2026",
        "/admin/grassroots/collectiveincome/",
        "/admin/grassroots/collectivecontract/",
        f"/admin/grassroots/collectivecontract/{ledger.contract_a.pk}/change/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    forecast = client.get("/admin/grassroots/firstsecretary/forecast/?year=2026").content.decode()
    assert "大岭村" in forecast
    assert "预计年末可达标" in forecast


def test_the_rows_for_the_administrators_walk_are_made(gr):
    from tests.grassroots.rows_collective import make_rows

    with system_scope("tests"):
        make_rows(gr)
        assert CollectiveIncome.objects.count() == 2  # the receipt and the rent


def test_the_ledger_forecast_and_tree_queries_do_not_grow_with_the_villages(ledger):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.conftest import _org
    from zugong.core.models import OrgCategory, OrgKind

    def count():
        with system_scope("tests"), CaptureQueriesContext(connection) as queries:
            selectors.ledger(2026)
            selectors.forecast(2026, TODAY)
            selectors.missing_disclosures(2026, TODAY)
        return len(queries)

    before = count()
    with system_scope("tests"):
        for i in range(3):
            org = _org(
                ledger.town_a,
                f"中共新村{i}支部委员会",
                f"45031210030{i}",
                OrgKind.BRANCH,
                OrgCategory.VILLAGE,
            )
            _income(ledger, org, 2, "resource", "1000")
            _contract(ledger, org, receipts=[(D(2026, 12, 1), "100")])
    assert count() == before


def test_the_village_secondments_offered_follow_the_scope(cadres):  # noqa: F811
    from zugong.cadres import public
    from zugong.cadres.models.pool import Secondment

    with system_scope("tests"):
        for cadre in (cadres.cadre_a, cadres.cadre_b):
            Secondment.objects.create(
                cadre=cadre,
                kind=Secondment.Kind.VILLAGE,
                place="临桂区宛田瑶族乡东江村",
                post="第一书记",
                started_on=D(2025, 3, 1),
                ends_on=D(2027, 3, 1),
            )
        Secondment.objects.create(
            cadre=cadres.cadre_a,
            kind=Secondment.Kind.SECONDMENT,
            place="桂林市发改委",
            post="科长",
            started_on=D(2025, 3, 1),
            ends_on=D(2027, 3, 1),
        )
    with scope_of(cadres.officer_b):
        assert [s.cadre for s in public.village_secondments(TODAY)] == [cadres.cadre_b]
    with system_scope("tests"):
        assert len(public.village_secondments(TODAY)) == 2
        assert public.village_secondments(D(2027, 6, 1)).count() == 0


def test_the_api_refuses_bad_input_naming_the_field(gr):
    api = bearer(gr.officer_a)
    contract = {
        "organization_id": gr.village_a.pk,
        "code": "HT-API",
        "counterparty": "桂林果业公司",
        "subject": "果园承包",
        "source": "resource",
        "signed_on": "2025-12-01",
        "starts_on": "2026-01-01",
        "ends_on": "2025-12-31",
        "amount": "1000",
        "receipts": [{"due_on": "2026-06-30", "amount": "500"}],
    }
    response = api.post(
        "/api/v1/grassroots/collective/contracts", contract, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["details"][0]["field"] == "ends_on"
    assert "早于起始日期" in response.json()["message"]
    income = {
        "organization_id": gr.village_a.pk,
        "year": 2026,
        "month": 5,
        "source": "resource",
        "amount": "-3",
    }
    refused = api.post(
        "/api/v1/grassroots/collective/incomes", income, content_type="application/json"
    )
    assert refused.status_code == 400
    assert refused.json()["details"][0]["field"] == "amount"
    contract["ends_on"] = "2028-12-31"
    created = api.post(
        "/api/v1/grassroots/collective/contracts", contract, content_type="application/json"
    )
    assert created.status_code == 201
    assert created.json()["receipts"][0]["amount"] == "500.00"
    with system_scope("tests"):
        assert CollectiveContract.objects.count() == 1


def test_the_back_office_form_shows_the_refusal_beside_the_field(gr):
    client = login(gr.officer_a)
    response = client.post(
        "/admin/grassroots/collectiveincome/add/",
        {
            "organization": gr.village_a.pk,
            "year": 2026,
            "month": 5,
            "source": "resource",
            "amount": "-3",
            "voucher": "",
            "note": "",
        },
    )
    assert response.status_code == 200
    assert "收入金额不能为负" in response.content.decode()
    ok = client.post(
        "/admin/grassroots/collectiveincome/add/",
        {
            "organization": gr.village_a.pk,
            "year": 2026,
            "month": 5,
            "source": "resource",
            "amount": "300",
            "voucher": "记-9",
            "note": "",
        },
    )
    assert ok.status_code == 302
    with system_scope("tests"):
        assert CollectiveIncome.objects.get().amount == 300


def _visible_words(html: str) -> list[str]:
    import re

    from tests.core.browser_walk import ALLOWED_WORDS, _english

    html = re.sub(r"(?s)<(script|style|template)\b.*?</\1>", " ", html)
    html = re.sub(r"(?s)<span[^>]*material-symbols[^>]*>.*?</span>", " ", html)
    html = re.sub(r"(?s)<[^>]+>", " ", html)
    # The login name and the search box's hidden key hint are not page words.
    return _english(html, ALLOWED_WORDS | {"bob", "esc"})


def test_the_pages_show_no_english_word(ledger):
    client = login(ledger.officer_a)
    a = ledger.village_a.pk
    for url in (
        "/admin/grassroots/collectiveincome/ledger/?year=2026",
        f"/admin/grassroots/collectiveincome/village-year/?organization={a}&year=2026",
        "/admin/grassroots/collectivecontract/receipts-due/",
        "/admin/grassroots/collectivecontract/expiring/",
        "/admin/grassroots/disclosure/missing/?year=2026",
        "/admin/grassroots/firstsecretary/weak/?year=2026",
        "/admin/grassroots/firstsecretary/forecast/?year=2026",
        "/admin/grassroots/collectiveincome/import-income/",
        "/admin/grassroots/demosite/tree/?year=2026",
        "/admin/grassroots/demosite/belt/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert _visible_words(response.content.decode()) == [], url
