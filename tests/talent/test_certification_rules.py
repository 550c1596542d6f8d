"""The certification rules, each with cases from its source: the steps in order
(各地乡村人才评价认定办法), the 5-working-day notice (各地通行做法), the certificate
number, validity by level, the 90-day re-review window and the village "三个1/3"."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import override_settings

from zugong.core.errors import ApplicationError
from zugong.talent.rules import certification as rules

D = dt.date


def _weekdays(day: dt.date) -> bool:
    return day.weekday() < 5


def test_every_rule_names_its_source():
    for rule in (
        rules.STEPS,
        rules.NOTICE_WORKING_DAYS,
        rules.CERTIFICATE_FORMAT,
        rules.VALIDITY,
        rules.REREVIEW_WINDOW,
        rules.STRUCTURE_TARGETS,
    ):
        assert rule.source.startswith(("各地", "本系统", "《"))
        assert "ZUGONG_" not in rule.source


def test_the_steps_run_application_recommendation_review_certification_certificate():
    # 个人申请、村级推荐、乡镇审核、区级认定、公示、颁发证书
    assert rules.STEPS.value == ("applied", "recommended", "reviewed", "certified", "published")
    assert "村级推荐" in rules.STEPS.source
    rules.check_step("applied", "recommended")
    rules.check_step("reviewed", "certified")


def test_a_certification_without_the_earlier_steps_is_refused():
    with pytest.raises(ApplicationError) as error:
        rules.check_step("applied", "certified")
    assert "须先完成“村级推荐”环节" in error.value.message
    with pytest.raises(ApplicationError) as error:
        rules.check_step("recommended", "published")
    assert "乡镇审核" in error.value.message
    with pytest.raises(ApplicationError) as error:
        rules.check_step("reviewed", "recommended")
    assert "不能重复办理" in error.value.message
    with pytest.raises(ApplicationError) as error:
        rules.check_step("refused", "reviewed")
    assert "已办结" in error.value.message


def test_the_notice_is_five_working_days():
    # Monday 23 November 2026: Monday to Friday.
    assert rules.notice_end(D(2026, 11, 23), is_working_day=_weekdays) == D(2026, 11, 27)
    # Started on Thursday: Thursday, Friday, Monday, Tuesday, Wednesday.
    assert rules.notice_end(D(2026, 11, 26), is_working_day=_weekdays) == D(2026, 12, 2)
    # Started on Saturday: the first working day is Monday.
    assert rules.notice_end(D(2026, 11, 28), is_working_day=_weekdays) == D(2026, 12, 4)
    assert rules.may_publish(D(2026, 11, 27), D(2026, 11, 28))
    assert not rules.may_publish(D(2026, 11, 27), D(2026, 11, 27))


@pytest.mark.django_db
def test_the_notice_skips_the_national_day_holiday():
    # 2026-10-01 to 10-07 are holidays in the State Council calendar (zugong.core.workdays).
    from zugong.core import workdays

    if 2026 not in workdays.covered_years():
        pytest.skip("the 2026 calendar is not shipped")
    end = rules.notice_end(D(2026, 9, 30))
    assert end > D(2026, 10, 7)


@override_settings(ZUGONG_TALENT_CERT_NOTICE_DAYS=7)
def test_the_notice_length_is_a_setting():
    assert rules.notice_end(D(2026, 11, 23), is_working_day=_weekdays) == D(2026, 12, 1)


def test_the_certificate_number():
    assert rules.certificate_number(2026, 1) == "临桂乡村人才〔2026〕第0001号"
    assert rules.certificate_number(2027, 123) == "临桂乡村人才〔2027〕第0123号"
    with override_settings(ZUGONG_TALENT_CERT_NUMBER_FORMAT="桂乡才〔{year}〕{number:03d}号"):
        assert rules.certificate_number(2026, 5) == "桂乡才〔2026〕005号"


def test_validity_follows_the_level_years():
    assert rules.valid_until(D(2026, 11, 30), 3) == D(2029, 11, 29)
    assert rules.valid_until(D(2024, 2, 29), 5) == D(2029, 2, 27)
    with pytest.raises(ApplicationError):
        rules.valid_until(D(2026, 1, 1), 0)


def test_the_rereview_window_opens_90_days_before_expiry():
    last = D(2027, 3, 31)
    assert rules.rereview_opens(last) == D(2026, 12, 31)
    assert not rules.in_rereview_window(last, D(2026, 12, 30))
    assert rules.in_rereview_window(last, D(2026, 12, 31))
    assert rules.in_rereview_window(last, last)
    assert not rules.in_rereview_window(last, D(2027, 4, 1))
    assert rules.is_expired(last, D(2027, 4, 1))
    assert not rules.is_expired(None, D(2027, 4, 1))
    with override_settings(ZUGONG_TALENT_CERT_REREVIEW_DAYS=30):
        assert rules.rereview_opens(last) == D(2027, 3, 1)


def test_college_is_junior_college_or_above_by_gb_t_4658():
    assert rules.is_college("11")
    assert rules.is_college("21")
    assert rules.is_college("31")
    assert not rules.is_college("41")
    assert not rules.is_college("61")
    assert not rules.is_college("")


def test_three_thirds_each_kind_at_least_a_third():
    # 雁山区: college graduates, retired soldiers, capable farmers each one third.
    shares = {
        s.kind: s for s in rules.check_structure(7, {"college": 2, "veteran": 3, "farmer": 0})
    }
    assert shares["college"].needed == 1  # 3 of 7 reach a third
    assert shares["veteran"].met
    assert shares["veteran"].share == Decimal("0.4286")
    assert shares["farmer"].needed == 3
    six = {s.kind: s for s in rules.check_structure(6, {"college": 2, "veteran": 2, "farmer": 2})}
    assert all(s.met for s in six.values())
    assert all(s.needed == 0 for s in rules.check_structure(0, {}))


def test_the_targets_are_a_setting_and_checked():
    with override_settings(ZUGONG_TALENT_VILLAGE_STRUCTURE_TARGETS={"college": "0.5"}):
        assert rules.structure_targets() == {"college": Decimal("0.5")}
        (share,) = rules.check_structure(5, {"college": 2})
        assert share.needed == 1
    with override_settings(ZUGONG_TALENT_VILLAGE_STRUCTURE_TARGETS={"gentry": 0.3}):
        with pytest.raises(ApplicationError):
            rules.structure_targets()
    with override_settings(ZUGONG_TALENT_VILLAGE_STRUCTURE_TARGETS={"college": 2}):
        with pytest.raises(ApplicationError):
            rules.structure_targets()
