"""Excel exports, written with xlsxwriter in constant-memory mode."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import xlsxwriter
from django.http import HttpResponse
from django.utils.translation import gettext as _

from zugong.core import codes, crypto
from zugong.core.models import CodeTable

PERSON_COLUMNS = [
    (_("姓名"), 10),
    (_("性别"), 6),
    (_("民族"), 10),
    (_("出生日期"), 12),
    (_("公民身份号码"), 22),
    (_("学历"), 14),
    (_("政治面貌"), 16),
    (_("籍贯"), 12),
    (_("联系电话"), 14),
    (_("所在党组织"), 30),
    (_("组织编码"), 16),
    (_("工作单位"), 24),
    (_("职务"), 16),
]


def write_persons(
    queryset, path: Path, *, clear: bool, progress: Callable[[int, int], None] | None = None
) -> int:
    """Write the persons of ``queryset``; protected fields in clear only when ``clear``."""
    total = queryset.count()
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet(_("人员名册"))
    header = workbook.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1})
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    for column, (title, width) in enumerate(PERSON_COLUMNS):
        sheet.set_column(column, column, width)
        sheet.write_string(0, column, title, header)
    sheet.freeze_panes(1, 0)
    genders, ethnicities = codes.names(CodeTable.GENDER), codes.names(CodeTable.ETHNICITY)
    educations, statuses = codes.names(CodeTable.EDUCATION), codes.names(CodeTable.POLITICAL_STATUS)
    row = 0
    for row, person in enumerate(
        queryset.select_related("organization").iterator(chunk_size=2000), start=1
    ):
        id_number = crypto.decrypt(person.id_number_encrypted) if clear else person.id_number_masked
        phone = crypto.decrypt(person.phone_encrypted) if clear else person.phone_masked
        values = [
            person.name,
            genders.get(person.gender, person.gender),
            ethnicities.get(person.ethnicity, ""),
            None,
            id_number,
            educations.get(person.education, ""),
            statuses.get(person.political_status, ""),
            person.native_place,
            phone,
            person.organization.name,
            person.organization.code,
            person.work_unit,
            person.job_title,
        ]
        for column, value in enumerate(values):
            if column == 3:
                sheet.write_datetime(row, column, person.birth_date, date_format)
            else:
                sheet.write_string(row, column, value or "")
        if progress and row % 1000 == 0:
            progress(row, total)
    workbook.close()
    if progress:
        progress(row, total)
    return row


def download_requested(request, *capabilities: str, param: str = "format") -> bool:
    """Whether a report page is asked for as its Excel download.

    A download is an export: the user must hold the export capability together with
    ``capabilities`` (403 otherwise), and the scope narrows to the subtrees where they
    are held before the report is read, so the file covers no more than that.
    """
    from zugong.core import authz
    from zugong.core.capabilities import EXPORT, need

    if request.GET.get(param) not in ("xlsx", "1"):
        return False
    authz.enter(request, need(*capabilities, EXPORT))
    return True


def xlsx_response(
    titles: list,
    widths: list[int],
    rows,
    filename: str,
    sheet_name,
    *,
    what: str,
    details: dict | None = None,
    action: str | None = None,
) -> HttpResponse:
    """A small report as an Excel download (large exports go through background jobs),
    recorded in the audit log with what it was and how many rows it held."""
    from zugong.core import audit

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(str(sheet_name))
    header = book.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1})
    for column, (title, width) in enumerate(zip(titles, widths, strict=True)):
        sheet.set_column(column, column, width)
        sheet.write_string(0, column, str(title), header)
    count = 0
    for line, values in enumerate(rows, start=1):
        count = line
        for column, value in enumerate(values):
            if isinstance(value, int | float):
                sheet.write_number(line, column, value)
            else:
                sheet.write_string(line, column, str(value))
    sheet.freeze_panes(1, 1)
    book.close()
    audit.log_action(
        action or audit.EXPORTED,
        extra={"what": what, "rows": count, "file": filename, **(details or {})},
    )
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
