"""Background jobs of the party app: roster import and export."""

from __future__ import annotations

import tempfile
from pathlib import Path

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


def _import_roster(job, name: str, progress) -> dict:
    if not default_storage.exists(name):
        raise ApplicationError(_("上传的花名册已超过保留期限被清除，请重新导入"))
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "roster.xlsx"
        with default_storage.open(name, "rb") as upload, open(source, "wb") as handle:
            handle.write(upload.read())
        result = roster.run_import(
            source,
            actor=job.user,
            good_rows_only=job.params.get("good_rows_only", False),
            progress=progress,
        )
        if result.report.problems:
            report_path = Path(folder) / "errors.xlsx"
            imports.write_error_report(report_path, result.report, title=_("错误报告"))
            with open(report_path, "rb") as handle:
                job.result_file.save(
                    _("花名册错误报告_%(t)s.xlsx")
                    % {"t": timezone.localtime().strftime("%Y%m%d%H%M%S")},
                    File(handle),
                    save=True,
                )
    return {
        "rows": result.total,
        "created": result.created,
        "updated": result.updated,
        "failed": result.failed_rows,
        "written": result.written,
        "message": result.summary(),
    }


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
