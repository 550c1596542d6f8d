"""The working-day calendar: public holidays and make-up working days (调休)."""

import datetime as dt

import pytest

from zugong.core import workdays
from zugong.core.models import CalendarDay
from zugong.core.services import codes as services

D = dt.date


@pytest.mark.django_db
def test_shipped_calendar_knows_holidays_and_make_up_days():
    assert {2024, 2025, 2026} <= workdays.covered_years()
    assert not workdays.is_working_day(D(2026, 10, 1))  # 国庆节
    assert workdays.is_working_day(D(2026, 11, 24))  # a plain Tuesday
    assert not workdays.is_working_day(D(2026, 11, 28))  # a plain Saturday
    # 2025: Sunday 28 September was a make-up working day before 国庆节.
    assert workdays.is_working_day(D(2025, 9, 28))


@pytest.mark.django_db
def test_a_letter_inquiry_received_before_national_day_is_due_after_it():
    # Received Wed 2026-09-23; the 15th working day after skips 1–7 October.
    due = workdays.add_working_days(D(2026, 9, 23), 15)
    # 9-24 (1), 中秋 25–27 off, 9-28..30 (2–4), 国庆 10-1..7 off, 10-8, 10-9, the make-up
    # Saturday 10-10 (5–7), 10-12..16 (8–12), 10-19..21 (13–15).
    assert due == D(2026, 10, 21)
    assert workdays.working_days_between(D(2026, 9, 24), due) == 15


@pytest.mark.django_db
def test_calendar_is_configurable_per_year(cast):
    day = D(2026, 12, 31)
    assert workdays.is_working_day(day)
    services.calendar_day_save(
        actor=cast.admin,
        day=CalendarDay(),
        data={"day": day, "is_working": False, "name": "地方假日", "source": "测试"},
    )
    assert not workdays.is_working_day(day)
