"""Background jobs of the party app: roster import and export."""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path

from django.core import signing
from django.core.files import File
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _

from zugong.core import capabilities as core_caps
from zugong.core import imports, uploads
from zugong.core.errors import ApplicationError
from zugong.core.tasks import runner
from zugong.party import capabilities as caps
from zugong.party import roster
from zugong.party.selectors import member_list

IMPORT_ROSTER = "party.import_roster"
EXPORT_ROSTER = "party.export_roster"


@runner(IMPORT_ROSTER, requirement=caps.IMPORT_MEMBERS)
def import_roster(job, progress) -> dict:
    name = job.params["file"]
    try:
        return _import_roster(job, name, progress)
    finally:
        # The roster holds ID numbers in clear: it goes however the import ends
        # (run_job also deletes the job's uploads, for a job refused before this runs).
        uploads.discard(name)


# A roster import that would change existing records answers with a preview; the file
# waits for the confirm under a random key, the job's result carries the key signed
# with the time it was issued, so a confirm names only a preview this user was shown,
# not older than ZUGONG_PREVIEW_MAX_AGE_MINUTES (what is left is removed by
# `zugong clean_uploads`). The confirm starts a second job on that file.
PENDING_FOLDER = f"{uploads.FOLDER}/roster"
_PREVIEW_SIGNER = signing.TimestampSigner(salt="zugong.party.roster-preview")
EXTENSIONS = (".xlsx", ".xls", ".xlsm", ".ods")
MESSAGE_LENGTH = 480  # Job.message holds 500 characters


def upload_suffix(filename: str) -> str:
    """The extension to keep an upload under (the reader tells the format from the
    content; the name only helps people and tools that look at it)."""
    suffix = Path(filename or "").suffix.lower()
    return suffix if suffix in EXTENSIONS else ".xlsx"


def pending_name(user_id: int, key: str, suffix: str) -> str:
    return f"{PENDING_FOLDER}/{user_id}-{key}{suffix}"


def pending_file(job) -> str | None:
    """The stored file a pending preview of ``job`` waits on, or None when the preview
    is not (or no longer) confirmable."""
    result = job.result or {}
    if job.kind != IMPORT_ROSTER or not result.get("pending"):
        return None
    try:
        key = _PREVIEW_SIGNER.unsign(result.get("token", ""), max_age=uploads.preview_max_age())
    except signing.BadSignature:  # SignatureExpired included
        return None
    if not key.isalnum() or len(key) != 32:
        return None
    name = pending_name(job.user_id, key, upload_suffix(result.get("suffix", "")))
    return name if default_storage.exists(name) else None


def _import_roster(job, name: str, progress) -> dict:
    if not default_storage.exists(name):
        raise ApplicationError(_("上传的花名册已超过保留期限被清除，请重新导入"))
    suffix = upload_suffix(name)
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / f"roster{suffix}"
        with default_storage.open(name, "rb") as upload, open(source, "wb") as handle:
            handle.write(upload.read())
        result = roster.run_import(
            source,
            actor=job.user,
            good_rows_only=job.params.get("good_rows_only", False),
            apply_changes=job.params.get("apply_changes", False),
            accept_renames=job.params.get("accept_renames", False),
            expected=job.params.get("expected", ""),
            progress=progress,
        )
        answer = {
            "rows": result.total,
            "created": result.created,
            "updated": result.updated,
            "failed": result.failed_rows,
            "written": result.written,
            "skipped": result.skipped,
            "ignored": result.ignored,
        }
        if result.pending:
            key = uuid.uuid4().hex
            with open(source, "rb") as handle:
                default_storage.save(pending_name(job.user_id, key, suffix), File(handle))
            answer.update(_preview(result, key, suffix))
        if result.report.problems or result.report.notices or result.pending:
            report_path = Path(folder) / "report.xlsx"
            _write_report(report_path, result)
            if result.pending:
                title = _("花名册变更预览_%(t)s.xlsx")
            elif result.report.problems:
                title = _("花名册错误报告_%(t)s.xlsx")
            else:  # written, with notices only (columns ignored, masked IDs matched)
                title = _("花名册导入提示_%(t)s.xlsx")
            with open(report_path, "rb") as handle:
                job.result_file.save(
                    title % {"t": timezone.localtime().strftime("%Y%m%d%H%M%S")},
                    File(handle),
                    save=True,
                )
    message = result.summary()
    if len(message) > MESSAGE_LENGTH:
        message = message[: MESSAGE_LENGTH - 1] + "…"
    return {**answer, "message": message}


def _preview(result, key: str, suffix: str) -> dict:
    return {
        "pending": True,
        "token": _PREVIEW_SIGNER.sign(key),
        "suffix": suffix,
        "fingerprint": result.fingerprint,
        "change_count": len(result.changes),
        "changed_persons": result.changed_persons,
        "renames": len(result.renames),
        "changes": [
            {
                "row": c.row,
                "name": c.name,
                "id": c.id_masked,
                "field": c.field,
                "old": c.old,
                "new": c.new,
            }
            for c in result.changes[: roster.PREVIEW_LIMIT]
        ],
    }


def _write_report(path: Path, result) -> None:
    before = None
    if result.changes:
        before = (
            _("变更预览"),
            [
                (_("行号"), 8),
                (_("姓名"), 12),
                (_("公民身份号码"), 22),
                (_("项目"), 12),
                (_("原值"), 30),
                (_("新值"), 30),
            ],
            [(c.row, c.name, c.id_masked, c.field, c.old, c.new) for c in result.changes],
        )
    imports.write_error_report(path, result.report, title=_("错误报告"), before=before)


@runner(EXPORT_ROSTER, requirement=(caps.VIEW_MEMBER, core_caps.EXPORT))
def export_roster(job, progress) -> dict:
    queryset = member_list(
        q=job.params.get("q", ""),
        kind=job.params.get("kind", ""),
        status=job.params.get("status", ""),
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "roster.xlsx"
        count = roster.export(queryset, path, actor=job.user, progress=progress)
        with open(path, "rb") as handle:
            job.result_file.save(
                _("党员花名册_%(t)s.xlsx") % {"t": timezone.localtime().strftime("%Y%m%d%H%M%S")},
                File(handle),
                save=True,
            )
    return {"rows": count, "message": _("已导出%(n)d名党员") % {"n": count}}
