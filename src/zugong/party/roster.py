"""The member roster (党员花名册): Excel template, import and export.

Import is all-or-nothing by default; with ``good_rows_only`` the valid rows are written
and the others reported. Either way every problem is reported as (row, column, reason)
in Chinese. Re-importing an exported roster updates the same persons (matched by the
keyed hash of the ID number, or by the system number when the export masked the ID)
instead of creating them again; when that changes records already kept, the import
first answers with a preview of every change and writes only once confirmed
(``apply_changes``, and ``accept_renames`` for a changed name).

Header names and value words offices use are in ``roster_headers``; one row is read in
``roster_rows``; changes and writing are in ``roster_changes``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import xlsxwriter
from django.db import transaction
from django.utils.translation import gettext as _

from zugong.core import audit, bulk, codes, crypto, imports
from zugong.core.capabilities import VIEW_SENSITIVE
from zugong.core.errors import ApplicationError
from zugong.core.models import CodeTable, Person
from zugong.core.services.access import authorize, get_access
from zugong.dbrouter import reporting
from zugong.party import capabilities as caps
from zugong.party import roster_changes, roster_headers
from zugong.party.models import MemberKind, MemberStatus, Occupation
from zugong.party.roster_changes import Change
from zugong.party.roster_headers import (
    EDUCATION,
    ETHNICITY,
    FULL,
    GENDER,
    ID,
    JOINED,
    KIND,
    NAME,
    NUMBER,
    OCCUPATION,
    ORG_CODE,
    ORG_NAME,
    PHONE,
    SEQUENCE,
    STATUS,
    UNIT,
)
from zugong.party.roster_rows import Lookups, Row, RowReader, system_number

__all__ = [
    "COLUMNS",
    "EDUCATION",
    "ETHNICITY",
    "EXPORT_COLUMNS",
    "FULL",
    "ID",
    "JOINED",
    "KIND",
    "NAME",
    "NUMBER",
    "OCCUPATION",
    "ORG_CODE",
    "ORG_NAME",
    "PHONE",
    "REQUIRED",
    "STATUS",
    "UNIT",
    "ImportResult",
    "export",
    "run_import",
    "template",
]

COLUMNS = [
    (NAME, 10),
    (ID, 22),
    (ETHNICITY, 10),
    (EDUCATION, 14),
    (KIND, 10),
    (JOINED, 12),
    (FULL, 12),
    (ORG_CODE, 18),
    (ORG_NAME, 30),
    (PHONE, 14),
    (UNIT, 24),
    (OCCUPATION, 16),
    (STATUS, 10),
]
# The export adds the system number: the key a re-import matches when the ID is masked.
EXPORT_COLUMNS = [*COLUMNS, (NUMBER, 10)]
# 所在党组织编码 or 所在党组织 (a branch named, resolved in the importer's scope).
REQUIRED = [NAME, ID, ETHNICITY, KIND, JOINED]
KNOWN = [*(name for name, _w in EXPORT_COLUMNS), GENDER, SEQUENCE]
BATCH = 2000
PREVIEW_LIMIT = 500  # changes carried for the page; the preview file holds all


@dataclass
class ImportResult:
    total: int = 0
    created: int = 0
    updated: int = 0
    written: bool = False
    report: imports.Report = field(default_factory=imports.Report)
    ignored: list[str] = field(default_factory=list)
    skipped: int = 0
    changes: list[Change] = field(default_factory=list)
    pending: bool = False  # changes to existing records wait for confirmation
    fingerprint: str = ""

    @property
    def failed_rows(self) -> int:
        return len(self.report.bad_rows)

    @property
    def renames(self) -> list[Change]:
        return [c for c in self.changes if c.field == NAME]

    @property
    def changed_persons(self) -> int:
        return len({c.row for c in self.changes})

    def summary(self) -> str:
        if self.pending:
            text = _(
                "共%(t)d行：将新增%(c)d人，更改%(u)d名已有人员的记录（%(k)d处变化），"
                "尚未写入；请在“导入花名册”页面查看变化并确认"
            ) % {
                "t": self.total,
                "c": self.created,
                "u": self.changed_persons,
                "k": len(self.changes),
            }
            if self.renames:
                text += _("；其中%(n)d人姓名不同，须另行确认") % {"n": len(self.renames)}
        elif not self.written:
            text = _("共%(t)d行，%(f)d行有误，未导入任何数据；请下载错误报告，改正后重新导入") % {
                "t": self.total,
                "f": self.failed_rows,
            }
        else:
            text = _("共%(t)d行：新增%(c)d人，更新%(u)d人，%(f)d行有误未导入") % {
                "t": self.total,
                "c": self.created,
                "u": self.updated,
                "f": self.failed_rows,
            }
        if self.skipped:
            text += _("；跳过%(n)d行表尾说明或只有序号的空行") % {"n": self.skipped}
        if self.ignored:
            text += _("；未使用的列已忽略：%(c)s") % {"c": "、".join(self.ignored)}
        return text


def template(path: Path) -> None:
    educations = [name for code, name in codes.choices(CodeTable.EDUCATION, leaf_only=True)]
    imports.write_template(
        path,
        columns=COLUMNS,
        sheet_name=_("党员花名册"),
        choices={
            ETHNICITY: list(codes.names(CodeTable.ETHNICITY).values()),
            EDUCATION: educations,
            KIND: [str(label) for _v, label in MemberKind.choices],
            OCCUPATION: [str(label) for _v, label in Occupation.choices],
            STATUS: [str(label) for _v, label in MemberStatus.choices],
        },
        notes={
            ID: _("18位，末位可为X"),
            JOINED: _("支部大会通过接收为预备党员之日，如2001-07-01；只知年月可写2001.07"),
            FULL: _("正式党员填写，党龄由此起算"),
            ORG_CODE: _("党组织编码，须在您的数据范围内；也可只填“所在党组织”名称"),
        },
    )


def _read(path, result: ImportResult) -> imports.Sheet:
    sheet = imports.read_sheet(
        path,
        required=REQUIRED,
        known=KNOWN,
        aliases=roster_headers.aliases(imports.header_key),
        footers=roster_headers.FOOTER_PREFIXES,
        sequence=SEQUENCE,
    )
    if ORG_CODE not in sheet.headers and ORG_NAME not in sheet.headers:
        raise ApplicationError(
            _("缺少必需的列：%(c)s（或写党组织名称的“%(n)s”列）") % {"c": ORG_CODE, "n": ORG_NAME},
            field="file",
        )
    result.total, result.ignored, result.skipped = (
        len(sheet.rows),
        sheet.ignored,
        len(sheet.skipped),
    )
    for title in sheet.ignored:
        result.report.note(0, title, _("本系统不使用该列，已忽略，其内容不会导入"))
    return sheet


@bulk.collector_paused()
def run_import(
    path: Path | str,
    *,
    actor,
    good_rows_only: bool = False,
    apply_changes: bool = False,
    accept_renames: bool = False,
    expected: str = "",
    progress: Callable[[int, int], None] | None = None,
    today: dt.date | None = None,
) -> ImportResult:
    """Check the file and write it, or answer what stops it: problems, or changes to
    existing records not yet confirmed (``apply_changes``; ``expected`` is the
    fingerprint of the preview being confirmed)."""
    authorize(actor, caps.IMPORT_MEMBERS)
    today = today or dt.date.today()  # once per file, not once per cell
    result = ImportResult()
    sheet = _read(path, result)
    access = get_access(actor)
    numbers = [n for _r, raw in sheet.rows if (n := system_number(raw.get(NUMBER))) and n > 0]
    reader = RowReader(Lookups.build(actor, access, numbers), result.report, access, actor, today)
    rows = _rows(sheet, reader, result, progress)
    existing = _existing(rows, reader, result.report)
    rows = _good(rows, result.report)
    memberships = roster_changes.memberships_of(list(existing.values()))
    result.changes = roster_changes.changes_of(rows, existing, memberships)
    result.fingerprint = roster_changes.fingerprint(result.changes)
    result.created = sum(1 for row in rows if row.id_hash not in existing)
    if result.report.problems and not good_rows_only:
        return result
    if result.changes and not _confirmed(result, apply_changes, accept_renames, expected):
        return result
    # One bulk operation: the tables it grows markedly are analysed when it ends.
    with transaction.atomic(), bulk.operation():
        result.created, result.updated = roster_changes.write(
            rows,
            existing,
            memberships,
            {c.row for c in result.changes},
            actor,
            progress,
            result.total,
            today=today,
        )
        result.written = True
        audit.log_action(
            caps.ROSTER_IMPORTED,
            actor=actor,
            extra={
                "rows": result.total,
                "created": result.created,
                "updated": result.updated,
                "changes": len(result.changes),
                "renamed": [{"row": c.row, "old": c.old, "new": c.new} for c in result.renames],
                "failed": result.failed_rows,
                "skipped": result.skipped,
                "ignored": result.ignored,
                "mode": "good_rows" if good_rows_only else "all_or_nothing",
            },
        )
    return result


def _confirmed(result: ImportResult, apply_changes, accept_renames, expected) -> bool:
    if not apply_changes:
        result.pending = True
        return False
    if expected and expected != result.fingerprint:
        raise ApplicationError(
            _("预览之后文件或已有记录发生了变化，未写入任何数据；请重新导入并查看新的预览"),
            field="file",
        )
    if result.renames and not accept_renames:
        for change in result.renames:
            result.report.add(
                change.row,
                NAME,
                _("姓名由“%(o)s”改为“%(n)s”（公民身份号码%(i)s）须在预览页面勾选“确认姓名变更”")
                % {"o": change.old, "n": change.new, "i": change.id_masked},
            )
        return False
    return True


def _rows(sheet, reader: RowReader, result: ImportResult, progress) -> list[Row]:
    rows: list[Row] = []
    seen: dict[str, int] = {}
    report = result.report
    for done, (number, raw) in enumerate(sheet.rows, start=1):
        row = reader.read(number, raw)
        if row is not None:
            first = seen.setdefault(row.id_hash, number)
            if first != number:
                report.add(number, ID, _("与第%(r)d行的公民身份号码重复") % {"r": first})
            else:
                rows.append(row)
        if progress and done % BATCH == 0:
            progress(done // 2, result.total)
    return _good(rows, report)


def _good(rows: list[Row], report: imports.Report) -> list[Row]:
    bad_rows = report.bad_rows  # a set built from the problems: once, not once per row
    return [r for r in rows if r.number not in bad_rows]


def _existing(rows: list[Row], reader: RowReader, report: imports.Report) -> dict[str, Person]:
    """Persons already recorded under the rows' ID numbers. Unscoped on purpose: an ID
    recorded outside the importer's scope must be refused (one record per person),
    without saying where it is."""
    existing: dict[str, Person] = {}
    known = list(bulk.ids_by(Person, "id_number_hash", (r.id_hash for r in rows)).values())
    for start in range(0, len(known), 900):
        for person in (
            Person.objects.unscoped()
            .select_related("organization")
            .filter(pk__in=known[start : start + 900])
        ):
            existing[person.id_number_hash] = person
    for row in rows:
        person = existing.get(row.id_hash)
        if person is not None and not reader.may_change(person.organization.path):
            report.add(
                row.number,
                ID,
                _("该公民身份号码已登记在您数据范围以外的组织，请联系其所在组织办理组织关系转接"),
            )
    return existing


def _export_sheet(workbook, clear: bool):
    sheet = workbook.add_worksheet(_("党员花名册"))
    header = workbook.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1})
    for index, (title, width) in enumerate(EXPORT_COLUMNS):
        sheet.set_column(index, index, width)
        sheet.write_string(0, index, title, header)
    if not clear:
        sheet.write_comment(
            0,
            1,
            _("身份证号已脱敏；修改后导回时按“系统编号”匹配原记录，请勿改动系统编号"),
        )
    return sheet


@reporting
def export(
    queryset, path: Path, *, actor, progress: Callable[[int, int], None] | None = None
) -> int:
    """Write members in the import layout, so the file can be corrected and imported back."""
    clear = actor is not None and get_access(actor).has(VIEW_SENSITIVE)
    ethnicities, educations = codes.names(CodeTable.ETHNICITY), codes.names(CodeTable.EDUCATION)
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = _export_sheet(workbook, clear)
    total = queryset.count()
    labels = {
        "kind": {k: str(v) for k, v in MemberKind.choices},
        "occupation": {k: str(v) for k, v in Occupation.choices},
        "status": {k: str(v) for k, v in MemberStatus.choices},
    }
    id_field = "person__id_number_encrypted" if clear else "person__id_number_masked"
    phone_field = "person__phone_encrypted" if clear else "person__phone_masked"
    # Plain tuples, not model instances: an export of 100,000 rows spends most of its time
    # building objects otherwise.
    rows = (
        queryset.order_by("person__organization__path", "person__name", "id")
        .values_list(
            "person__name",
            id_field,
            "person__ethnicity",
            "person__education",
            "kind",
            "joined_on",
            "full_on",
            "person__organization__code",
            "person__organization__name",
            phone_field,
            "person__work_unit",
            "occupation",
            "status",
            "id",
        )
        .iterator(chunk_size=BATCH)
    )
    write = sheet.write_string
    row = 0
    for row, (
        name,
        id_value,
        ethnicity,
        education,
        kind,
        joined_on,
        full_on,
        org_code,
        org_name,
        phone_value,
        work_unit,
        occupation,
        status,
        member_id,
    ) in enumerate(rows, start=1):
        values = (
            name,
            crypto.decrypt(id_value) if clear else id_value,
            ethnicities.get(ethnicity, ""),
            educations.get(education, ""),
            labels["kind"].get(kind, kind),
            joined_on.isoformat(),
            full_on.isoformat() if full_on else "",
            org_code,
            org_name,
            (crypto.decrypt(phone_value) if clear and phone_value else phone_value) or "",
            work_unit,
            labels["occupation"].get(occupation, occupation),
            labels["status"].get(status, status),
        )
        for column, value in enumerate(values):
            write(row, column, value)
        sheet.write_number(row, len(values), member_id)
        if progress and row % BATCH == 0:
            progress(row, total)
    sheet.freeze_panes(1, 0)
    workbook.close()
    audit.log_action(caps.ROSTER_EXPORTED, actor=actor, extra={"rows": row, "clear": clear})
    return row
