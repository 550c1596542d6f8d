"""Background jobs: thin wrappers that re-enter the starting user's scope and call services."""

from __future__ import annotations

import traceback
from collections.abc import Callable

from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from zugong.core import uploads
from zugong.core.audit import acting_as
from zugong.core.capabilities import Requirement, as_requirement
from zugong.core.errors import PermissionDenied
from zugong.core.models import Job
from zugong.core.scope import Scope, activate, intersect

RUNNERS: dict[str, Callable[[Job, Callable[[int, int], None]], dict]] = {}
# The job parameter listing uploaded files (storage names) to delete when the job ends.
UPLOADS_PARAM = "uploads"
REQUIREMENTS: dict[str, Requirement] = {}


def runner(kind: str, *, requirement):
    """Register what a kind of job does and what its user must hold: the job reads only
    the subtrees where that is held, when it starts and again when it runs."""

    def decorator(func):
        RUNNERS[kind] = func
        REQUIREMENTS[kind] = as_requirement(requirement)
        func.zugong_requirement = REQUIREMENTS[kind]
        return func

    return decorator


def _job_scope(job: Job) -> Scope:
    """The job's scope: the subtrees recorded at its start that still meet its
    requirement now (a grant withdrawn meanwhile is not used)."""
    from zugong.core.services.access import access_for

    requirement = REQUIREMENTS[job.kind]
    grants = tuple(access_for(job.user).grants)
    paths = intersect(tuple(job.scope_paths), requirement.paths(grants))
    if not paths:
        raise PermissionDenied(_("发起人已没有执行此任务的权限，任务未执行"))
    return Scope(paths=paths, user_id=job.user_id, label=f"job:{job.kind}", grants=grants)


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
    try:
        return _run(job)
    finally:
        # Uploads handed to the job (rosters with ID numbers in clear) never outlive it,
        # whether it succeeded, failed or was refused.
        uploads.discard(*job.params.get(UPLOADS_PARAM, []))


def _run(job: Job) -> str:
    if not job.user.is_active:
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.FAILED, message=_("发起人账号已停用，任务未执行")
        )
        return job.status
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, started_at=timezone.now())
    # The job runs with the scope its user had when starting it, never more.
    try:
        with activate(_job_scope(job)), acting_as(job.user, job.params.get("ip", "")):
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


def job_start(*, user, kind: str, title: str, params: dict) -> Job:
    """Start a job for ``user`` over the subtrees where they meet its requirement."""
    from zugong.core import audit
    from zugong.core.authz import denied
    from zugong.core.services.access import get_access

    if kind not in RUNNERS:
        raise KeyError(kind)
    requirement = REQUIREMENTS[kind]
    scope_paths = requirement.paths(get_access(user).grants)
    if not scope_paths:
        raise denied(requirement)
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
