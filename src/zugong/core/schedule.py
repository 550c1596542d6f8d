"""Scheduled scans (定时扫描): work the system does by itself, daily or every few minutes.

A module declares its scans in ``<app>/scans.py`` (found by :func:`discover`)::

    @scan("workplan.lights", title=_("工作任务亮灯与督办"), daily_at="01:30")
    def refresh_lights(today: dt.date) -> dict:
        return {"message": "…", "tasks": 42}

A scan runs under the system scope with the audit actor "系统" and returns a dict with
a Chinese ``message`` and its figures. Each run is a ScanRun row (for_date, started,
finished, duration, status, result). A day the scheduler missed (the server was down)
is caught up, oldest first, at most ZUGONG_SCAN_CATCH_UP_DAYS back. At most one run of
a scan is queued or running at any time: the ScanRun partial unique constraint is the
lock, so two workers, two timers or a timer and a person never run a scan at once.

``zugong scan --due`` runs what is due in the calling process (a cron entry or systemd
timer); ``zugong scan --due --enqueue`` hands each due run to the task backend (what the
scheduler beside ``zugong serve`` does every ZUGONG_SCHEDULER_SECONDS);
``zugong scan <name> [--today YYYY-MM-DD]`` runs one scan now.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zugong.core import capabilities as caps
from zugong.core.audit import acting_as
from zugong.core.models import ScanRun
from zugong.core.scope import system_scope

log = logging.getLogger(__name__)

Status = ScanRun.Status

# Scans are operations, not business data: the system administrator reads their runs
# and may start the due ones (三员分立: no business capability comes with it).
VIEW_SCANS = caps.register("core.view_scans", gettext_lazy("查看定时扫描记录"))
RUN_SCANS = caps.register("core.manage_scans", gettext_lazy("执行定时扫描"))
caps.add_to_builtin_role("system_admin", VIEW_SCANS, RUN_SCANS)


@dataclass(frozen=True)
class Scan:
    name: str
    func: Callable[[dt.date], dict]
    title: object
    daily_at: dt.time | None = None
    every_minutes: int | None = None
    # A daily scan whose result only matters for the latest day (the to-do list) runs
    # once for the newest missed day instead of once per missed day.
    catch_up: bool = True


SCANS: dict[str, Scan] = {}


class ScanBusy(Exception):
    """Another run of the scan is queued or running."""


def scan(
    name: str,
    *,
    title,
    daily_at: str | None = None,
    every_minutes: int | Callable[[], int] | None = None,
    catch_up: bool = True,
):
    """Register a scan run daily at ``daily_at`` ("HH:MM", local time) or every
    ``every_minutes`` (a number or a callable reading a setting; 0 turns it off)."""
    if (daily_at is None) == (every_minutes is None):
        raise ValueError(f"scan {name}: give exactly one of daily_at and every_minutes")
    at = dt.time.fromisoformat(daily_at) if daily_at else None

    def decorator(func):
        SCANS[name] = Scan(name, func, title, at, every_minutes, catch_up)  # type: ignore[arg-type]
        return func

    return decorator


_discovered = False


def discover() -> dict[str, Scan]:
    """Every scan: core's own and each zugong app's ``scans`` module."""
    global _discovered
    if not _discovered:
        from importlib import import_module
        from importlib.util import find_spec

        from django.apps import apps

        import_module("zugong.core.todo")
        for config in apps.get_app_configs():
            if config.name.startswith("zugong.") and find_spec(f"{config.name}.scans"):
                import_module(f"{config.name}.scans")
        _discovered = True
    return SCANS


def get(name: str) -> Scan:
    scans = discover()
    if name not in scans:
        raise KeyError(name)
    return scans[name]


def _interval(entry: Scan) -> int:
    value = entry.every_minutes
    return int(value() if callable(value) else value or 0)


# --- what is due ---------------------------------------------------------------------


def due_dates(entry: Scan, now: dt.datetime) -> list[dt.date]:
    """The days ``entry`` still has to run for at ``now`` (local time), oldest first."""
    local = timezone.localtime(now)
    today = local.date()
    runs = ScanRun.objects.filter(name=entry.name)
    if entry.every_minutes is not None:
        minutes = _interval(entry)
        if minutes <= 0:
            return []
        since = now - dt.timedelta(minutes=minutes)
        recent = runs.filter(created_at__gt=since).exclude(status=Status.ABANDONED).exists()
        return [] if recent else [today]
    latest = today if local.time() >= entry.daily_at else today - dt.timedelta(days=1)
    window = max(1, settings.ZUGONG_SCAN_CATCH_UP_DAYS)
    done = runs.filter(status=Status.SUCCEEDED).order_by("-for_date").first()
    first = latest if done is None else done.for_date + dt.timedelta(days=1)
    first = max(first, latest - dt.timedelta(days=window - 1))
    if first > latest:
        return []
    days = [first + dt.timedelta(days=n) for n in range((latest - first).days + 1)]
    if not entry.catch_up:
        days = days[-1:]
    return [day for day in days if _may_try(entry, day, now)]


def _may_try(entry: Scan, day: dt.date, now: dt.datetime) -> bool:
    """A day whose runs failed is tried again after ZUGONG_SCAN_RETRY_MINUTES, at most
    ZUGONG_SCAN_MAX_ATTEMPTS times; then it waits for a person (the runs page shows it)."""
    failed = ScanRun.objects.filter(
        name=entry.name, for_date=day, status__in=[Status.FAILED, Status.ABANDONED]
    )
    if failed.count() >= settings.ZUGONG_SCAN_MAX_ATTEMPTS:
        return False
    retry_after = now - dt.timedelta(minutes=settings.ZUGONG_SCAN_RETRY_MINUTES)
    return not failed.filter(created_at__gt=retry_after).exists()


def due(now: dt.datetime | None = None) -> list[tuple[Scan, list[dt.date]]]:
    now = now or timezone.now()
    found = []
    for entry in discover().values():
        days = due_dates(entry, now)
        if days:
            found.append((entry, days))
    return found


def release_stale(now: dt.datetime | None = None) -> int:
    """Runs queued or running for longer than ZUGONG_SCAN_STALE_MINUTES (a worker that
    died, a queue that was flushed) are marked abandoned, which frees the lock."""
    now = now or timezone.now()
    limit = now - dt.timedelta(minutes=settings.ZUGONG_SCAN_STALE_MINUTES)
    return ScanRun.objects.filter(status__in=ScanRun.ACTIVE, created_at__lt=limit).update(
        status=Status.ABANDONED,
        finished_at=now,
        message=_("超过%(m)d分钟未完成，视为中断") % {"m": settings.ZUGONG_SCAN_STALE_MINUTES},
    )


# --- running -------------------------------------------------------------------------


def _worker() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _claim(name: str, day: dt.date, status: str, trigger: str) -> ScanRun:
    """Take the scan's lock: a queued or running row, refused while another exists."""
    try:
        with transaction.atomic():
            return ScanRun.objects.create(
                name=name,
                for_date=day,
                status=status,
                trigger=trigger,
                worker=_worker() if status == Status.RUNNING else "",
                started_at=timezone.now() if status == Status.RUNNING else None,
            )
    except IntegrityError as error:
        raise ScanBusy(name) from error


def run(name: str, today: dt.date | None = None, *, trigger: str = "manual") -> ScanRun:
    """Run one scan now, in this process, for ``today`` (default: the local date).
    Raises ScanBusy while another run of it is queued or running."""
    entry = get(name)
    day = today or timezone.localdate()
    record = _claim(name, day, Status.RUNNING, trigger)
    return _execute(entry, record)


def run_claimed(run_id: int) -> ScanRun | None:
    """Run a queued ScanRun; None when another worker took it (or it was abandoned)."""
    taken = ScanRun.objects.filter(pk=run_id, status=Status.QUEUED).update(
        status=Status.RUNNING, started_at=timezone.now(), worker=_worker()
    )
    if not taken:
        return None
    record = ScanRun.objects.get(pk=run_id)
    entry = discover().get(record.name)
    if entry is None:
        _finish(record, Status.FAILED, _("未登记的扫描：%(n)s") % {"n": record.name}, {}, 0.0)
        return record
    return _execute(entry, record)


def _execute(entry: Scan, record: ScanRun) -> ScanRun:
    began = time.perf_counter()
    try:
        with system_scope(f"scan:{entry.name}"), acting_as(None):
            result = entry.func(record.for_date) or {}
    except Exception as error:  # recorded for the operators; the lock is released
        log.exception("scan %s failed", entry.name)
        detail = traceback.format_exception_only(error)[-1].strip()
        message = str(getattr(error, "message", "")) or _("扫描出错：%(e)s") % {"e": detail}
        _finish(record, Status.FAILED, message, {"error": detail}, time.perf_counter() - began)
        return record
    message = str(result.get("message") or _("已完成"))
    _finish(record, Status.SUCCEEDED, message, result, time.perf_counter() - began)
    return record


def _finish(record: ScanRun, status: str, message: str, result: dict, seconds: float) -> None:
    record.status = status
    record.finished_at = timezone.now()
    record.duration = round(seconds, 3)
    record.message = message[:500]
    record.result = {
        k: (str(v) if not isinstance(v, int | float | bool) else v) for k, v in result.items()
    }
    record.save(update_fields=["status", "finished_at", "duration", "message", "result"])


def run_due(now: dt.datetime | None = None) -> list[ScanRun]:
    """Run every due scan here, each missed day in turn (``zugong scan --due``)."""
    release_stale(now)
    done = []
    for entry, days in due(now):
        for day in days:
            try:
                done.append(run(entry.name, day, trigger="due"))
            except ScanBusy:
                break  # another worker has it; it will catch up the rest
    return done


def enqueue(name: str, today: dt.date | None = None, *, trigger: str = "manual") -> ScanRun:
    """Hand one run of a scan to the task backend; ScanBusy while one is active."""
    get(name)
    record = _claim(name, today or timezone.localdate(), Status.QUEUED, trigger)
    result = run_scan_task.enqueue(record.pk)
    ScanRun.objects.filter(pk=record.pk, status=Status.QUEUED).update(
        worker=f"task:{result.id}"[:120]
    )
    return record


def enqueue_due(now: dt.datetime | None = None) -> list[ScanRun]:
    """Hand each due scan's oldest day to the task backend (the scheduler's tick)."""
    release_stale(now)
    queued = []
    for entry, days in due(now):
        try:
            queued.append(enqueue(entry.name, days[0], trigger="schedule"))
        except ScanBusy:
            continue
    return queued


@task()
def run_scan_task(run_id: int) -> str:
    record = run_claimed(run_id)
    return record.status if record else "skipped"


# --- core's own scans ----------------------------------------------------------------


@scan(
    "core.clean_uploads",
    title=gettext_lazy("清理过期上传文件"),
    every_minutes=lambda: settings.ZUGONG_UPLOAD_CLEAN_MINUTES,
)
def clean_uploads(today: dt.date) -> dict:
    from zugong.core import uploads

    removed = uploads.clean()
    return {"message": _("已删除%(n)d个过期上传文件") % {"n": removed}, "removed": removed}
