"""The contact rules with their sources: RULES.md §15 and the system's conventions."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.core.test_rule_sources import problems_of
from zugong.core.rules import Rule
from zugong.talent.rules import contact, native

D = dt.date


@pytest.mark.parametrize("module", [contact, native])
def test_every_rule_names_its_source(module):
    rules = [v for v in vars(module).values() if isinstance(v, Rule)]
    assert len(rules) >= 3
    for rule in rules:
        assert not problems_of(rule.source), rule.source


def test_the_system_rests_on_the_2017_opinion():
    assert contact.CONTACT_SYSTEM.source == "《关于进一步加强党委联系服务专家工作的意见》（2017）"
    assert contact.CONTACTS_PER_QUARTER.source.startswith("各地")
    assert contact.per_quarter() == 1
    assert contact.visits_per_year() == 1
    assert contact.warn_days() == 15


def test_settings_override(settings):
    settings.ZUGONG_TALENT_CONTACT_PER_QUARTER = 2
    settings.ZUGONG_TALENT_CONTACT_VISITS_PER_YEAR = 2
    settings.ZUGONG_TALENT_CONTACT_WARN_DAYS = 30
    assert contact.per_quarter() == 2
    assert contact.visits_expected(2) == 1
    assert contact.check_period(D(2026, 12, 1)).quarter == 4


def test_the_check_looks_at_the_quarter_from_15_days_before_its_end():
    # 16 December: 15 days left in the fourth quarter → that quarter, still open.
    period = contact.check_period(D(2026, 12, 16))
    assert (period.year, period.quarter, period.closed) == (2026, 4, False)
    assert period.start == D(2026, 10, 1)
    assert period.end == D(2026, 12, 31)
    # 15 December: too early, the third quarter (ended) is checked: "and after".
    period = contact.check_period(D(2026, 12, 15))
    assert (period.quarter, period.closed) == (3, True)
    assert contact.check_period(D(2026, 2, 1)).year == 2025
    assert contact.check_period(D(2026, 2, 1)).quarter == 4


def test_what_is_missing():
    q3 = contact.check_period(D(2026, 11, 24))
    assert contact.shortfall(period=q3, contacts=0, visits=0) == ["2026年第3季度未联系"]
    assert contact.shortfall(period=q3, contacts=1, visits=0) == []
    q4 = contact.check_period(D(2026, 12, 20))
    assert contact.shortfall(period=q4, contacts=2, visits=0) == ["2026年走访面谈0次，少于1次"]
    # A pair formed during the quarter owes nothing yet.
    assert contact.shortfall(period=q4, contacts=0, visits=0, since=D(2026, 11, 1)) == []
    assert contact.shortfall(period=q4, contacts=1, visits=1, needed_contacts=2) == [
        "2026年第4季度联系1次，少于2次"
    ]


def test_visits_are_prorated_by_quarter():
    assert [contact.visits_expected(q, 1) for q in (1, 2, 3, 4)] == [0, 0, 0, 1]
    assert [contact.visits_expected(q, 2) for q in (1, 2, 3, 4)] == [0, 1, 1, 2]


def test_experts_per_leader_by_level_the_dehong_example():
    assert contact.experts_range("main") == (3, 5)
    assert contact.experts_problem("main", 2) == "联系专家2名，少于3名"
    assert contact.experts_problem("standing", 5) == "联系专家5名，多于4名"
    assert contact.experts_problem("other", 3) is None
    assert contact.experts_problem("department", 1) is None


def test_native_return_kinds_and_amounts():
    assert [str(label) for _c, label in native.RETURN_KINDS.value] == [
        "人才回桂",
        "项目回移",
        "资本回流",
        "技术回归",
        "智力回哺",
    ]
    assert native.amount_problem("capital", None) == "资本回流须填写金额（万元）"
    assert native.amount_problem("project", "") == "项目回移须填写金额（万元）"
    assert native.amount_problem("advice", None) is None
    assert native.amount_problem("talent", Decimal("-1")) == "金额不能为负数"


def test_native_contact_every_six_months():
    assert native.NATIVE_CONTACT_MONTHS.source.startswith("本系统")
    today = D(2026, 9, 2)
    assert native.next_contact_due(D(2026, 3, 1), today) == D(2026, 9, 1)
    assert native.contact_overdue(D(2026, 3, 1), today)
    assert not native.contact_overdue(D(2026, 3, 2), today)
    assert native.contact_overdue(None, today)
    # The query's cutoff agrees with the rule.
    assert native.overdue_cutoff(today) == D(2026, 3, 2)
    for last in (D(2026, 3, 1), D(2026, 3, 2), D(2025, 8, 31)):
        assert (last < native.overdue_cutoff(today)) == native.contact_overdue(last, today)


def test_native_months_setting(settings):
    settings.ZUGONG_TALENT_NATIVE_CONTACT_MONTHS = 3
    assert native.next_contact_due(D(2026, 1, 31), D(2026, 2, 1)) == D(2026, 4, 30)
