"""``zugong scan`` and the scheduler beside ``zugong serve``."""

from __future__ import annotations

import datetime as dt
import threading
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from zugong import cli
from zugong.core import schedule
from zugong.core.models import ScanRun


@pytest.fixture
def one_scan(monkeypatch):
    schedule.discover()
    monkeypatch.setattr(schedule, "SCANS", {})
    seen = []

    @schedule.scan("test.daily", title="每日", daily_at="01:30")
    def daily(today):
        seen.append(today)
        return {"message": f"已处理{today}"}

    return seen


def run(*args) -> str:
    out = StringIO()
    call_command("scan", *args, stdout=out)
    return out.getvalue()


def test_scan_by_name_for_a_given_day(db, one_scan):
    output = run("test.daily", "--today", "2026-03-01")
    assert one_scan == [dt.date(2026, 3, 1)]
    assert "已完成" in output
    assert "已处理2026-03-01" in output


def test_scan_refuses_unknown_names_bad_dates_and_both_modes(db, one_scan):
    with pytest.raises(CommandError, match="没有名为“nope”的扫描"):
        run("nope")
    with pytest.raises(CommandError, match="格式 YYYY-MM-DD"):
        run("test.daily", "--today", "2026-13-01")
    with pytest.raises(CommandError, match="二者取一"):
        run("test.daily", "--due")
    with pytest.raises(CommandError, match="二者取一"):
        run()


def test_scan_refuses_while_another_run_is_active(db, one_scan):
    ScanRun.objects.create(name="test.daily", for_date=dt.date(2026, 11, 24), status="running")
    with pytest.raises(CommandError, match="正在执行或排队"):
        run("test.daily")
    assert one_scan == []


def test_scan_due_runs_what_is_due_once(db, one_scan):
    run("--due")
    run("--due")
    assert one_scan == [dt.date(2026, 11, 24)]  # the clock of the tests: 10:00 that day


def test_scan_due_enqueue_hands_the_runs_to_the_task_backend(db, one_scan):
    output = run("--due", "--enqueue")
    assert "已排队：test.daily" in output
    assert ScanRun.objects.get().status == "succeeded"  # the immediate backend of the tests


def test_scan_list_names_every_scan(db):
    output = run("--list")
    for name in ("core.todo", "core.clean_uploads", "talent.sweep"):
        assert name in output


def test_the_scheduler_ticks_until_stopped(monkeypatch):
    calls = []
    stop = threading.Event()

    def fake(command, **kwargs):
        calls.append(command)
        if len(calls) == 2:
            stop.set()

    monkeypatch.setattr(cli.subprocess, "run", fake)
    cli.schedule_periodically(stop, 0.01)
    assert len(calls) == 2
    assert calls[0][-5:] == ["scan", "--due", "--enqueue", "-v", "0"]


def test_a_failing_tick_does_not_stop_the_scheduler(monkeypatch):
    calls = []
    stop = threading.Event()

    def fake(command, **kwargs):
        calls.append(command)
        if len(calls) == 2:
            stop.set()
        raise cli.subprocess.CalledProcessError(1, command)

    monkeypatch.setattr(cli.subprocess, "run", fake)
    cli.schedule_periodically(stop, 0.01)
    assert len(calls) == 2


def test_the_worker_follows_the_task_backend(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert "db_worker" in cli.worker_command()
    settings.TASKS = {"default": {"BACKEND": cli.RQ_BACKEND}}
    command = cli.worker_command()
    assert command[3:] == ["rqworker", "--job-class", "django_tasks_rq.backend.Job", "default"]


def test_the_talent_sweep_is_a_daily_scan(db):
    from zugong.core.scope import system_scope
    from zugong.talent.scans import sweep

    assert schedule.get("talent.sweep").daily_at == dt.time(0, 30)
    with system_scope("test"):
        result = sweep(dt.date(2026, 11, 24))
    assert result["cards"] == 0
    assert "人才卡到期失效0张" in result["message"]
