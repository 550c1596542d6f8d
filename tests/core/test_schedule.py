"""core.schedule: registry, run records, catch-up of missed days, the lock, stale runs."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.db import IntegrityError

from zugong.core import schedule
from zugong.core.models import ScanRun

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture
def registry(monkeypatch):
    """A registry of test scans only (the real ones are checked elsewhere)."""
    schedule.discover()
    monkeypatch.setattr(schedule, "SCANS", {})
    calls = []

    @schedule.scan("test.daily", title="每日", daily_at="01:30")
    def daily(today):
        calls.append(today)
        return {"message": f"处理{today}", "rows": 3}

    @schedule.scan("test.broken", title="出错", daily_at="01:00")
    def broken(today):
        raise RuntimeError("磁盘已满")

    return calls


def at(day: str, clock: str = "10:00") -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=SHANGHAI)


def test_a_run_is_recorded_with_duration_status_and_result(db, registry):
    record = schedule.run("test.daily", dt.date(2026, 11, 24))
    record.refresh_from_db()
    assert record.status == ScanRun.Status.SUCCEEDED
    assert record.for_date == dt.date(2026, 11, 24)
    assert record.message == "处理2026-11-24"
    assert record.result["rows"] == 3
    assert record.duration is not None
    assert record.started_at <= record.finished_at
    assert registry == [dt.date(2026, 11, 24)]


def test_a_failing_scan_is_recorded_and_releases_the_lock(db, registry):
    record = schedule.run("test.broken", dt.date(2026, 11, 24))
    assert record.status == ScanRun.Status.FAILED
    assert "磁盘已满" in record.message
    assert not ScanRun.objects.filter(status__in=ScanRun.ACTIVE).exists()


def test_due_waits_for_the_time_of_day(db, registry):
    names = lambda now: {e.name: d for e, d in schedule.due(now)}  # noqa: E731
    assert names(at("2026-11-24", "01:10")) == {
        "test.broken": [dt.date(2026, 11, 24)],
        "test.daily": [dt.date(2026, 11, 23)],
    }
    schedule.run("test.daily", dt.date(2026, 11, 23))
    assert "test.daily" not in names(at("2026-11-24", "01:10"))
    assert names(at("2026-11-24", "01:31"))["test.daily"] == [dt.date(2026, 11, 24)]


def test_missed_days_are_caught_up_oldest_first_within_the_window(db, registry, settings):
    settings.ZUGONG_SCAN_CATCH_UP_DAYS = 3
    schedule.run("test.daily", dt.date(2026, 11, 15))
    runs = schedule.run_due(at("2026-11-24", "09:00"))
    days = [r.for_date for r in runs if r.name == "test.daily"]
    assert days == [dt.date(2026, 11, 22), dt.date(2026, 11, 23), dt.date(2026, 11, 24)]
    assert schedule.due_dates(schedule.get("test.daily"), at("2026-11-24", "09:05")) == []


def test_a_failed_day_is_retried_later_and_then_left_to_a_person(db, registry, settings):
    settings.ZUGONG_SCAN_RETRY_MINUTES = 30
    settings.ZUGONG_SCAN_MAX_ATTEMPTS = 2
    entry = schedule.get("test.broken")
    with time_machine.travel(at("2026-11-24", "02:00"), tick=False):
        schedule.run_due()
    assert schedule.due_dates(entry, at("2026-11-24", "02:10")) == []
    assert schedule.due_dates(entry, at("2026-11-24", "02:40")) == [dt.date(2026, 11, 24)]
    with time_machine.travel(at("2026-11-24", "02:40"), tick=False):
        schedule.run_due()
    assert schedule.due_dates(entry, at("2026-11-24", "05:00")) == []


def test_the_lock_refuses_a_second_active_run(db, registry):
    ScanRun.objects.create(name="test.daily", for_date=dt.date(2026, 11, 24), status="running")
    with pytest.raises(schedule.ScanBusy):
        schedule.run("test.daily", dt.date(2026, 11, 24))
    with pytest.raises(IntegrityError):
        ScanRun.objects.create(name="test.daily", for_date=dt.date(2026, 11, 23), status="queued")


def test_a_stale_run_is_abandoned_and_frees_the_lock(db, registry, settings):
    settings.ZUGONG_SCAN_STALE_MINUTES = 60
    with time_machine.travel(at("2026-11-24", "01:30"), tick=False):
        ScanRun.objects.create(name="test.daily", for_date=dt.date(2026, 11, 24), status="running")
    assert schedule.release_stale(at("2026-11-24", "02:00")) == 0
    assert schedule.release_stale(at("2026-11-24", "02:31")) == 1
    assert schedule.run("test.daily", dt.date(2026, 11, 24)).status == "succeeded"


def test_enqueue_due_queues_once_and_the_worker_runs_it(db, registry):
    # Tests use the immediate backend: the queued run executes on enqueue.
    queued = schedule.enqueue_due(at("2026-11-24", "10:00"))
    assert {r.name for r in queued} == {"test.daily", "test.broken"}
    assert ScanRun.objects.get(name="test.daily").status == "succeeded"
    assert schedule.run_claimed(queued[0].pk) is None  # already taken: never twice


def test_the_real_scans_are_registered():
    scans = schedule.discover()
    assert {"core.todo", "core.clean_uploads"} <= set(scans)
