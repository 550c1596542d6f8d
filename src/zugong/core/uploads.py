"""Uploads that hold personal data in clear (rosters, .lrmx previews) and how they go.

An upload is kept in the default storage under ``imports/`` only while the work that
needs it is pending: a roster import job deletes its file when it ends in any way, a
.lrmx preview is deleted on any confirm. What is left behind (a worker stopped
mid-job, a preview never confirmed) is removed by :func:`clean` once older than
``ZUGONG_UPLOAD_MAX_AGE_HOURS`` (.lrmx previews: ``ZUGONG_PREVIEW_MAX_AGE_MINUTES``);
``zugong clean_uploads`` runs it, and ``zugong serve`` runs that periodically.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zugong.core import audit

logger = logging.getLogger("zugong.uploads")

FOLDER = "imports"
PREVIEW_FOLDER = f"{FOLDER}/lrmx"

UPLOADS_CLEANED = audit.register("core.uploads.cleaned", _("清理过期上传文件"))


def upload_max_age() -> timedelta:
    return timedelta(hours=settings.ZUGONG_UPLOAD_MAX_AGE_HOURS)


def preview_max_age() -> timedelta:
    return timedelta(minutes=settings.ZUGONG_PREVIEW_MAX_AGE_MINUTES)


def discard(*names: str) -> None:
    """Delete these uploads if they are still there. Only names under ``imports/`` are
    touched; a file already gone is not an error, and a failure to delete is logged
    (the cleaner removes it later) rather than hiding the outcome of the work."""
    for name in names:
        if not isinstance(name, str) or not name.startswith(f"{FOLDER}/") or ".." in name:
            continue
        try:
            default_storage.delete(name)
        except OSError:
            logger.warning("an upload could not be deleted; the cleaner will retry")


def stored_files(folder: str = FOLDER) -> Iterator[str]:
    """Every stored file under ``folder``, by storage name."""
    try:
        directories, files = default_storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in files:
        yield f"{folder}/{name}"
    for directory in directories:
        yield from stored_files(f"{folder}/{directory}")


def _max_age(name: str) -> timedelta:
    if name.startswith(f"{PREVIEW_FOLDER}/"):
        return min(preview_max_age(), upload_max_age())
    return upload_max_age()


def clean(*, now: datetime | None = None, max_age: timedelta | None = None) -> int:
    """Delete every upload older than its age limit (``max_age`` overrides both) and
    return how many went. The log and the audit entry carry the count only: file names
    are kept out of them."""
    now = now or timezone.now()
    removed = 0
    for name in list(stored_files()):
        try:
            modified = default_storage.get_modified_time(name)
        except FileNotFoundError:  # removed meanwhile (the job finished)
            continue
        if now - modified <= (max_age if max_age is not None else _max_age(name)):
            continue
        try:
            default_storage.delete(name)
        except OSError:
            logger.warning("an expired upload could not be deleted")
            continue
        removed += 1
    logger.info("removed %d expired upload(s)", removed)
    if removed:
        audit.log_action(
            UPLOADS_CLEANED,
            actor_name=audit.SYSTEM_ACTOR,
            extra={
                "removed": removed,
                "max_age_hours": (max_age or upload_max_age()).total_seconds() / 3600,
            },
        )
    return removed
