"""The lights, escalation, grades and progress rules, case by case (working days from
the shipped calendar: 2026-10-01…08 is the National Day holiday, 2026-10-10 a Saturday
worked in its place)."""

from __future__ import annotations

import datetime as dt

import pytest

from zugong.workplan.models import Light, TaskStatus
from zugong.workplan.rules import lights, progress
from zugong.workplan.rules import tasks as task_rules

# The lights count working days: the calendar (core.workdays) is read from the database
# when its cache is empty, which depends on what ran before in the process.
pytestmark = pytest.mark.django_db

D = dt.date
OPEN = TaskStatus.IN_PROGRESS


START = D(2026, 1, 5)


def light(today, deadline, *, started=START, progress=None, late=None, status=OPEN):
    return lights.light_of(
        today=today,
        status=status,
        deadline=deadline,
        started=started,
        progress=progress,
        late_milestone=late,
    )


def test_red_once_the_deadline_has_passed_counted_in_working_days():
    verdict = light(D(2026, 11, 24), D(2026, 11, 20))  # Friday → Tuesday: 2 working days
    assert verdict.light == Light.RED
    assert verdict.overdue_days == 2
    assert "2个工作日" in verdict.reason


def test_not_red_on_the_deadline_itself():
    assert light(D(2026, 11, 20), D(2026, 11, 20)).light == Light.BLUE


def test_blue_within_five_working_days_and_the_holiday_does_not_count():
    # 2026-09-30 → 2026-10-09: the holiday 1–8 October is not counted: 10-09 is the
    # first working day after 09-30 (and 10-10, a Saturday, is worked).
    assert light(D(2026, 9, 30), D(2026, 10, 9)).light == Light.BLUE
    assert light(D(2026, 9, 21), D(2026, 10, 9)).light == Light.GREEN
    # Six working days before: green; five: blue.
    assert light(D(2026, 11, 16), D(2026, 11, 24)).light == Light.GREEN
    assert light(D(2026, 11, 17), D(2026, 11, 24)).light == Light.BLUE


def test_yellow_when_time_runs_ahead_of_progress_or_a_milestone_is_late():
    assert light(D(2026, 7, 1), D(2026, 12, 31), progress=10).light == Light.YELLOW
    assert light(D(2026, 7, 1), D(2026, 12, 31), progress=40).light == Light.GREEN
    late = light(D(2026, 7, 1), D(2026, 12, 31), progress=90, late="完成摸底")
    assert late.light == Light.YELLOW
    assert "完成摸底" in late.reason
    # Unknown progress: no lag can be judged.
    assert light(D(2026, 7, 1), D(2026, 12, 31), progress=None).light == Light.GREEN


def test_done_and_suspended_have_no_colour():
    assert light(D(2026, 12, 1), D(2026, 11, 1), status=TaskStatus.DONE).light == Light.DONE
    assert (
        light(D(2026, 12, 1), D(2026, 11, 1), status=TaskStatus.SUSPENDED).light == Light.SUSPENDED
    )


def test_thresholds_are_settings(settings):
    settings.ZUGONG_WORKPLAN_BLUE_WORKING_DAYS = 10
    assert light(D(2026, 11, 10), D(2026, 11, 24)).light == Light.BLUE
    settings.ZUGONG_WORKPLAN_YELLOW_LAG_PERCENT = 60
    assert light(D(2026, 7, 1), D(2026, 12, 31), progress=10).light == Light.GREEN


@pytest.mark.parametrize(("days", "level"), [(0, 1), (9, 1), (10, 2), (30, 2)])
def test_escalation_levels(days, level):
    assert lights.notice_level(days) == level


def test_escalation_is_a_setting(settings):
    settings.ZUGONG_WORKPLAN_ESCALATION = (0, 5, 15)
    assert [lights.notice_level(d) for d in (0, 5, 15)] == [1, 2, 3]


@pytest.mark.parametrize(
    ("status", "percent", "started", "grade"),
    [
        (TaskStatus.DONE, 100, True, "A"),
        (OPEN, 80, True, "B"),
        (OPEN, 79, True, "C"),
        (OPEN, 0, True, "C"),
        (OPEN, 0, False, "D"),
    ],
)
def test_grades(status, percent, started, grade):
    assert progress.grade_of(status=status, progress=percent, started=started) == grade


def test_indicator_progress():
    assert progress.indicator_progress(45, 90, "higher") == 50
    assert progress.indicator_progress(120, 90, "higher") == 100
    assert progress.indicator_progress(0, 0, "lower") == 100
    assert progress.indicator_progress(4, 0, "lower") == 0
    assert progress.indicator_progress(4, 2, "lower") == 50
    assert progress.indicator_progress(None, 2, "lower") is None


def test_deadline_on_a_non_working_day(settings, db):
    assert task_rules.deadline_refusal(D(2026, 11, 24)) is None
    assert "不是工作日" in task_rules.deadline_refusal(D(2026, 11, 22))  # Sunday
    assert task_rules.deadline_refusal(D(2026, 10, 10)) is None  # a Saturday worked
    settings.ZUGONG_WORKPLAN_DEADLINE_WORKING_DAY = False
    assert task_rules.deadline_refusal(D(2026, 11, 22)) is None


def test_working_day_index_matches_the_calendar(db):
    from zugong.core import workdays

    index = lights.calendar_for(D(2026, 6, 1))
    start, end = D(2026, 9, 20), D(2026, 10, 20)
    assert index.between(start, end) == workdays.working_days_between(
        start + dt.timedelta(days=1), end
    )
