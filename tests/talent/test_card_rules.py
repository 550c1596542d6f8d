"""The card's and housing's rules, with cases from their sources."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings

from zugong.talent.models import CardTier
from zugong.talent.rules import card as rules
from zugong.talent.rules import housing as hrules

D = dt.date
pytestmark = pytest.mark.django_db


def test_sources_name_the_practice():
    for rule in (
        rules.FIRST_VALIDITY_YEARS_MAX,
        rules.RENEW_BEFORE_DAYS,
        rules.CHANGE_REPORT_DAYS,
        rules.DEPENDANT_RELATIONS,
    ):
        assert rule.source == "各地通行做法（珠海市英才卡使用管理规定）"
    for rule in (hrules.MIN_EDUCATION, hrules.MAX_LEASE_YEARS, hrules.REVIEW_EVERY_MONTHS):
        assert rule.source == "各地通行做法（人才公寓管理办法）"


def test_first_issue_at_most_five_years_and_never_past_the_contract():
    # 珠海市英才卡: 首次发卡有效期不超过5年，且不超过劳动合同期限。
    assert rules.valid_until(D(2026, 11, 24), None) == D(2031, 11, 23)
    assert rules.valid_until(D(2026, 11, 24), D(2029, 6, 30)) == D(2029, 6, 30)
    assert rules.valid_until(D(2026, 11, 24), D(2035, 1, 1)) == D(2031, 11, 23)
    assert rules.valid_until(D(2024, 2, 29), None) == D(2029, 2, 27)
    with override_settings(ZUGONG_TALENT_CARD_FIRST_VALIDITY_YEARS_MAX=3):
        assert rules.valid_until(D(2026, 11, 24), None) == D(2029, 11, 23)


def test_renewal_opens_thirty_days_before_expiry():
    # 珠海市英才卡: 有效期届满前30日内在线申请续期。
    assert rules.renewal_opens(D(2026, 12, 31)) == D(2026, 12, 1)
    assert not rules.in_renewal_window(D(2026, 12, 31), D(2026, 11, 30))
    assert rules.in_renewal_window(D(2026, 12, 31), D(2026, 12, 1))
    assert rules.in_renewal_window(D(2026, 12, 31), D(2026, 12, 31))
    assert not rules.in_renewal_window(D(2026, 12, 31), D(2027, 1, 1))
    with override_settings(ZUGONG_TALENT_CARD_RENEW_BEFORE_DAYS=60):
        assert rules.renewal_opens(D(2026, 12, 31)) == D(2026, 11, 1)


def test_changes_reported_within_ten_days():
    # 珠海市英才卡: 工作单位等信息变更的，应在10日内在线报告。
    assert not rules.change_reported_late(D(2026, 11, 1), D(2026, 11, 11))
    assert rules.change_reported_late(D(2026, 11, 1), D(2026, 11, 12))
    with override_settings(ZUGONG_TALENT_CARD_CHANGE_REPORT_DAYS=15):
        assert not rules.change_reported_late(D(2026, 11, 1), D(2026, 11, 12))


def test_dependants_cards_for_the_tiers_carrying_them():
    # 珠海市英才卡: A卡持卡人的配偶、未成年子女、父母可申领附卡。
    assert rules.dependants_allowed(CardTier.objects.get(code="A"))
    assert not rules.dependants_allowed(CardTier.objects.get(code="B"))
    assert [rules.relation_allowed(r) for r in ("spouse", "child", "parent")] == [True] * 3
    assert not rules.relation_allowed("sibling")


def test_service_due_counts_working_days():
    # 2026-11-27 is a Friday: five working days later is Friday 2026-12-04.
    assert rules.service_due(D(2026, 11, 27), 5) == D(2026, 12, 4)
    assert rules.service_due(D(2026, 11, 24), 3) == D(2026, 11, 27)
    with override_settings(ZUGONG_TALENT_SERVICE_LIMIT_IN_WORKDAYS=False):
        assert rules.service_due(D(2026, 11, 27), 5) == D(2026, 12, 2)


def test_card_number_format_is_a_setting():
    assert rules.card_number("A", 2026, 7) == "LGA202600007"
    with override_settings(ZUGONG_TALENT_CARD_NUMBER_FORMAT="GL-{tier}-{year}-{seq:04d}"):
        assert rules.card_number("B", 2027, 12) == "GL-B-2027-0012"


def _conditions(**kw):
    base = dict(education="21", employer_in_district=True, insurance_months=6, owns_housing=False)
    return {c.code: c for c in hrules.eligibility(**{**base, **kw})}


def test_housing_eligibility_each_condition_with_its_reason():
    # 人才公寓管理办法: 学历、工作单位、社保缴纳、本地无自有住房。
    met = _conditions()
    assert all(c.met for c in met.values())
    assert set(met) == {"education", "employer", "insurance", "housing"}
    assert not _conditions(education="31")["education"].met
    assert _conditions(education="31")["education"].reason == "学历未达到大学本科及以上"
    assert _conditions(education="11")["education"].met
    assert not _conditions(education="")["education"].met
    assert not _conditions(employer_in_district=False)["employer"].met
    five = _conditions(insurance_months=5)["insurance"]
    assert not five.met
    assert five.reason == "在本区缴纳社会保险5个月，不足6个月"
    assert _conditions(owns_housing=True)["housing"].reason == "在本区已有自有住房"
    with override_settings(ZUGONG_TALENT_HOUSING_MIN_EDUCATION="3"):
        assert _conditions(education="31")["education"].met
    with override_settings(ZUGONG_TALENT_HOUSING_NO_OWN_HOUSING=False):
        assert "housing" not in _conditions(owns_housing=True)


def test_lease_term_and_reviews():
    assert not hrules.lease_too_long(D(2026, 12, 1), D(2029, 12, 1))
    assert hrules.lease_too_long(D(2026, 12, 1), D(2029, 12, 2))
    assert hrules.next_review(D(2026, 1, 31)) == D(2027, 1, 31)
    assert hrules.exit_by(D(2026, 11, 24)) == D(2026, 12, 24)
    with override_settings(
        ZUGONG_TALENT_HOUSING_MAX_LEASE_YEARS=1, ZUGONG_TALENT_HOUSING_REVIEW_EVERY_MONTHS=6
    ):
        assert hrules.lease_too_long(D(2026, 12, 1), D(2027, 12, 2))
        assert hrules.next_review(D(2026, 1, 31)) == D(2026, 7, 31)
