"""Background jobs: thin wrappers that re-enter the starting user's scope and call services."""

from __future__ import annotations

import traceback
from collections.abc import Callable

from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from zugong.core.audit import acting_as
from zugong.core.models import Job
from zugong.core.scope import Scope, activate

RUNNERS: dict[str, Callable[[Job, Callable[[int, int], None]], dict]] = {}


def runner(kind: str):
    def decorator(func):
        RUNNERS[kind] = func
        return func

    return decorator


def _progress(job: Job) -> Callable[[int, int], None]:
    def report(done: int, total: int) -> None:
        percent = 100 if total == 0 else min(99, int(done * 100 / total))
        Job.objects.filter(pk=job.pk).update(
            progress=percent, message=_("已处理%(d)d/%(t)d") % {"d": done, "t": total}
        )

    return report


@task()
def run_job(job_id: str) -> str:
    job = Job.objects.select_related("user").get(pk=job_id)
    if not job.user.is_active:
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.FAILED, message=_("发起人账号已停用，任务未执行")
        )
        return job.status
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, started_at=timezone.now())
    # The job runs with the scope its user had when starting it, never more.
    scope = Scope(paths=tuple(job.scope_paths), user_id=job.user_id, label=f"job:{job.kind}")
    try:
        with activate(scope), acting_as(job.user, job.params.get("ip", "")):
            result = RUNNERS[job.kind](job, _progress(job))
    except Exception as exc:  # the job records any failure for the user to see
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.FAILED,
            finished_at=timezone.now(),
            message=str(getattr(exc, "message", "")) or _("任务执行出错，请联系系统管理员"),
            result={"error": traceback.format_exception_only(exc)[-1].strip()},
        )
        raise
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.SUCCEEDED,
        progress=100,
        finished_at=timezone.now(),
        result=result,
        message=result.get("message", _("已完成")),
    )
    return Job.Status.SUCCEEDED


def job_start(*, user, kind: str, title: str, params: dict, scope_paths: tuple[str, ...]) -> Job:
    from zugong.core import audit

    if kind not in RUNNERS:
        raise KeyError(kind)
    with transaction.atomic():
        job = Job.objects.create(
            user=user, kind=kind, title=title, params=params, scope_paths=list(scope_paths)
        )
        audit.log_action(audit.JOB_STARTED, obj=job, extra={"kind": kind, "params": params})
    # Enqueue after commit so the worker finds the row.
    result = run_job.enqueue(str(job.id))
    Job.objects.filter(pk=job.pk).update(task_result_id=str(result.id))
    job.refresh_from_db()
    return job


# Runners register themselves on import.
from zugong.core import jobs  # noqa: E402,F401
