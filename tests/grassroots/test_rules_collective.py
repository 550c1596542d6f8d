"""Collective-economy rules: sources, tiers, the year-end forecast, disclosure and
contracts (RULES.md §13; next-modules R2)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured

from zugong.core.errors import ApplicationError
from zugong.grassroots import rules

D = dt.date


def test_sources_match_the_ledger_and_mark_subsidies_non_operating():
    from zugong.grassroots.models.collective import IncomeSource

    assert [code for code, _, _ in rules.SOURCES] == list(IncomeSource.values)
    assert [str(label) for _, label, _ in rules.SOURCES] == [str(x) for x in IncomeSource.labels]
    assert rules.is_operating("resource")
    assert rules.is_operating("operating_other")
    assert not rules.is_operating("subsidy")
    assert not rules.is_operating("other")
    assert rules.source_label("shares") == "资产参股"
    with pytest.raises(ApplicationError):
        rules.is_operating("lottery")


def test_the_2023_no1_document_paths_are_operating():
    assert all(rules.is_operating(code) for code in rules.OPERATING_PATHS.value)


# Tiers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("operating", "code", "label"),
    [
        ("0", "weak", "薄弱村（<5万元）"),
        ("49999.99", "weak", "薄弱村（<5万元）"),
        ("50000", "middle", "一般村（5万–10万元）"),
        ("99999.99", "middle", "一般村（5万–10万元）"),
        ("100000", "strong", "较强村（10万元以上）"),
    ],
)
def test_tiers_by_operating_income_with_the_line_in_the_upper_tier(operating, code, label):
    tier = rules.tier_for(operating=Decimal(operating), total=Decimal(500000))
    assert (tier.code, tier.label, tier.amount, tier.measure) == (
        code,
        label,
        Decimal(operating),
        "operating",
    )


def test_subsidies_lift_the_total_but_not_the_operating_tier(settings):
    """Guangxi targets use operating income: a 50万 one-off subsidy does not lift a village."""
    income = {"operating": Decimal(30000), "total": Decimal(530000)}
    assert rules.tier_for(**income).code == "weak"
    settings.ZUGONG_COLLECTIVE_TIER_MEASURE = "total"
    tier = rules.tier_for(**income)
    assert (tier.code, tier.amount, tier.measure) == ("strong", Decimal(530000), "total")


def test_tier_lines_setting_changes_labels_too(settings):
    """The 2019 bar of about 4万 per village."""
    settings.ZUGONG_COLLECTIVE_TIERS = (40000, 85000)
    tier = rules.tier_for(operating=Decimal(45000), total=Decimal(45000))
    assert (tier.code, tier.label) == ("middle", "一般村（4万–8.5万元）")
    assert rules.tier_for(operating=Decimal(39999), total=Decimal(0)).label == "薄弱村（<4万元）"


def test_bad_tier_settings_are_refused(settings):
    settings.ZUGONG_COLLECTIVE_TIERS = (100000, 50000)
    with pytest.raises(ImproperlyConfigured):
        rules.tier_for(operating=Decimal(1), total=Decimal(1))
    settings.ZUGONG_COLLECTIVE_TIERS = (50000, 100000)
    settings.ZUGONG_COLLECTIVE_TIER_MEASURE = "gross"
    with pytest.raises(ImproperlyConfigured):
        rules.tier_for(operating=Decimal(1), total=Decimal(1))


# Forecast -----------------------------------------------------------------------------


def test_forecast_adds_scheduled_contract_receipts():
    result = rules.forecast_year_end(
        year=2026, today=D(2026, 11, 24), received=Decimal(32000), scheduled_rest=Decimal(20000)
    )
    assert result.projected == Decimal(52000)
    assert result.crosses
    assert not result.already_crossed
    assert result.shortfall == Decimal(0)
    assert result.threshold == Decimal(50000)
    assert (result.run_rate, result.run_rate_months) == (Decimal(0), 0)


def test_forecast_short_of_the_line_says_by_how_much():
    result = rules.forecast_year_end(
        year=2026, today=D(2026, 11, 24), received=Decimal(30000), scheduled_rest=Decimal(5000)
    )
    assert not result.crosses
    assert result.shortfall == Decimal(15000)


def test_run_rate_over_completed_months_applied_to_months_after_this_one():
    """On 24 August: January–July completed (7 months, a missing month counts 0), applied
    to September–December (4 months); August's income is already in ``received``."""
    history = {1: Decimal(1000), 2: Decimal(2000), 3: Decimal(0), 5: Decimal(4000), 8: Decimal(9)}
    result = rules.forecast_year_end(
        year=2026,
        today=D(2026, 8, 24),
        received=Decimal(30000),
        scheduled_rest=Decimal(10000),
        monthly_history=history,
    )
    assert result.run_rate == Decimal("1000.00")  # 7000 / 7, August not counted
    assert result.run_rate_months == 4
    assert result.projected == Decimal(44000)
    assert not result.crosses


def test_run_rate_in_january_has_no_completed_month():
    result = rules.forecast_year_end(
        year=2026,
        today=D(2026, 1, 20),
        received=Decimal(0),
        scheduled_rest=Decimal(0),
        monthly_history={1: Decimal(5000)},
    )
    assert (result.run_rate, result.run_rate_months, result.projected) == (0, 0, 0)


def test_a_past_year_projects_what_was_received():
    result = rules.forecast_year_end(
        year=2025,
        today=D(2026, 11, 24),
        received=Decimal(48000),
        scheduled_rest=Decimal(9000),
        monthly_history={1: Decimal(1000)},
    )
    assert result.projected == Decimal(48000)
    assert not result.crosses


def test_already_crossed():
    result = rules.forecast_year_end(
        year=2026, today=D(2026, 6, 1), received=Decimal(50000), scheduled_rest=Decimal(0)
    )
    assert result.already_crossed
    assert result.crosses


# Disclosure ---------------------------------------------------------------------------


def test_quarterly_disclosure_due_the_15th_after_each_ended_quarter():
    """《农村集体经济组织财务公开规定》: at least quarterly."""
    periods = rules.disclosure_periods(2026, False, D(2026, 11, 24))
    assert periods == [
        ("Q1", "2026年第1季度", D(2026, 4, 15)),
        ("Q2", "2026年第2季度", D(2026, 7, 15)),
        ("Q3", "2026年第3季度", D(2026, 10, 15)),
    ]


def test_busy_villages_disclose_monthly():
    periods = rules.disclosure_periods(2026, True, D(2026, 3, 31))
    assert [(p.period, p.due_on) for p in periods] == [
        ("01", D(2026, 2, 15)),
        ("02", D(2026, 3, 15)),
    ]
    assert periods[0].label == "2026年1月"


def test_the_last_quarter_is_due_in_january():
    periods = rules.disclosure_periods(2026, False, D(2027, 1, 1))
    assert periods[-1] == ("Q4", "2026年第4季度", D(2027, 1, 15))


def test_a_period_ends_on_its_last_day():
    assert rules.disclosure_periods(2026, False, D(2026, 3, 31)) == []
    assert len(rules.disclosure_periods(2026, False, D(2026, 4, 1))) == 1


def test_missing_disclosures_are_those_past_due_and_not_disclosed():
    missing = rules.missing_disclosures(2026, False, {"Q1"}, D(2026, 10, 15))
    assert [p.period for p in missing] == ["Q2"]  # Q3 is due today: not missing yet
    missing = rules.missing_disclosures(2026, False, {"Q1"}, D(2026, 10, 16))
    assert [p.period for p in missing] == ["Q2", "Q3"]


def test_disclosure_settings(settings):
    settings.ZUGONG_COLLECTIVE_DISCLOSURE_PERIOD = "month"
    settings.ZUGONG_COLLECTIVE_DISCLOSURE_DUE_DAY = 10
    periods = rules.disclosure_periods(2026, False, D(2026, 2, 11))
    assert periods == [("01", "2026年1月", D(2026, 2, 10))]


# Contracts and income -----------------------------------------------------------------


def test_contracts_expiring_within_60_days():
    today = D(2026, 11, 24)
    assert rules.expiring(D(2027, 1, 23), today)  # 60 days
    assert not rules.expiring(D(2027, 1, 24), today)  # 61 days
    assert rules.expiring(today, today)
    assert not rules.expiring(D(2026, 11, 23), today)
    assert rules.expired(D(2026, 11, 23), today)
    assert rules.expiring(D(2027, 1, 24), today, days=61)


def test_expiry_window_setting(settings):
    settings.ZUGONG_CONTRACT_EXPIRY_REMIND_DAYS = 30
    assert not rules.expiring(D(2027, 1, 1), D(2026, 11, 24))


@pytest.mark.parametrize(
    ("amount", "month", "year", "field"),
    [
        (Decimal("-0.01"), 5, 2026, "amount"),
        (Decimal(1), 0, 2026, "month"),
        (Decimal(1), 13, 2026, "month"),
        (Decimal(1), 12, 2026, "month"),  # December has not begun on 24 November
        (Decimal(1), 1, 2027, "month"),
    ],
)
def test_bad_income_entries_are_refused(amount, month, year, field):
    with pytest.raises(ApplicationError) as error:
        rules.check_income(amount, month, year, D(2026, 11, 24))
    assert error.value.field == field


def test_good_income_entries_pass():
    rules.check_income(Decimal(0), 11, 2026, D(2026, 11, 24))
    rules.check_income(Decimal(12000), 12, 2025, D(2026, 11, 24))
