"""The talent pool as an Excel sheet: the template with drop-downs (category, tags,
township, title level) and the import through the shared engine (zugong.core.imports)
with its error report.

All-or-nothing by default: one bad row and nothing is written; with ``good_rows_only``
the good rows are written and the others reported. A row's person is found by ID
number (checksum checked): a person already in the importer's scope gets a talent
record, a talent already in the pool within scope is updated (an export imports back),
a new person is created. Every row is checked by the service's own function
(services.pool.check_fields), so the reasons are the form's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from zugong.core import audit, bulk, crypto, idnumber, imports
from zugong.core.errors import ApplicationError
from zugong.core.models import Organization, OrgKind, Person
from zugong.core.services.access import authorize
from zugong.core.validation import check_name, check_phone
from zugong.talent import capabilities as caps
from zugong.talent.models import Talent, TalentCategory, TalentTag
from zugong.talent.rules import pool as rules
from zugong.talent.selectors.pool import short_name
from zugong.talent.services import pool as services

NAME, ID_NUMBER, PHONE, TOWNSHIP, VILLAGE = "姓名", "公民身份号码", "联系电话", "乡镇", "村（社区）"
CATEGORY, TAGS, TITLE, LEVEL = "类别", "标签", "职称", "职称等级"
EMPLOYER, CREDIT, SPECIALTY = "工作单位", "统一社会信用代码", "专长"
COLUMNS = [
    (NAME, 10),
    (ID_NUMBER, 22),
    (PHONE, 14),
    (TOWNSHIP, 12),
    (VILLAGE, 14),
    (CATEGORY, 22),
    (TAGS, 22),
    (TITLE, 14),
    (LEVEL, 10),
    (EMPLOYER, 30),
    (CREDIT, 22),
    (SPECIALTY, 24),
]
REQUIRED = [NAME, ID_NUMBER, TOWNSHIP]
FIELD_COLUMNS = {
    "village": VILLAGE,
    "title": TITLE,
    "title_level": LEVEL,
    "employer": EMPLOYER,
    "employer_credit_code": CREDIT,
    "specialty": SPECIALTY,
}
SEPARATORS = ("、", ",", "，", ";", "；", "/")


def townships() -> dict[str, Organization]:
    """Townships in scope by full and short name."""
    found = {}
    for org in Organization.objects.filter(kind=OrgKind.TOWNSHIP).order_by("path"):
        found[org.name] = org
        found.setdefault(short_name(org), org)
    return found


def template(path: Path) -> None:
    names = sorted({short_name(o) for o in townships().values()})
    imports.write_template(
        path,
        columns=COLUMNS,
        sheet_name=_("人才库"),
        choices={
            CATEGORY: [c.name for c in TalentCategory.objects.all()] or ["—"],
            TAGS: [t.name for t in TalentTag.objects.all()] or ["—"],
            TOWNSHIP: names or ["—"],
            LEVEL: [str(v) for v in rules.title_levels().values()],
        },
        notes={
            ID_NUMBER: _("18位，末位为校验码（GB 11643）；已登记的人员按号码找到"),
            CATEGORY: _("可填多个，用“、”分隔"),
            TAGS: _("可填多个，用“、”分隔"),
            CREDIT: _("企业填写，18位（GB 32100）"),
        },
    )


@dataclass
class ImportResult:
    total: int = 0
    created: int = 0
    updated: int = 0
    written: bool = False
    report: imports.Report = field(default_factory=imports.Report)

    @property
    def failed_rows(self) -> int:
        return len(self.report.bad_rows)

    def summary(self) -> str:
        if not self.written:
            return _("共%(t)d行，%(f)d行有误，未导入任何数据；请下载错误报告，改正后重新导入") % {
                "t": self.total,
                "f": self.failed_rows,
            }
        return _("共%(t)d行：新增%(c)d名，更新%(u)d名，%(f)d行有误未导入") % {
            "t": self.total,
            "c": self.created,
            "u": self.updated,
            "f": self.failed_rows,
        }


def _split(value) -> list[str]:
    text = imports.text(value)
    for separator in SEPARATORS:
        text = text.replace(separator, " ")
    return [t for t in text.split() if t]


def _names(value, table: dict, column: str, number: int, report) -> list:
    found = []
    for name in _split(value):
        if name in table:
            found.append(table[name])
        else:
            report.add(number, column, _("“%(v)s”不是可选的值") % {"v": name})
    return found


def _level(value, number, report) -> int:
    text = imports.compact(value)
    if not text:
        return 0
    labels = {str(v): k for k, v in rules.title_levels().items()}
    if text in labels:
        return labels[text]
    if text.isdigit() and int(text) in rules.title_levels():
        return int(text)
    report.add(number, LEVEL, _("“%(v)s”不是可选的职称等级") % {"v": text})
    return 0


def _lookups(sheet) -> dict:
    hashes = {}
    for _number, raw in sheet.rows:
        number = idnumber.normalize(imports.compact(raw.get(ID_NUMBER)))
        if idnumber.is_valid(number):
            hashes[crypto.keyed_hash(number)] = number
    # Unscoped on purpose: a person is recorded once in the district; whether the
    # importer may use the record is asked through the scoped managers below.
    known = bulk.ids_by(Person, "id_number_hash", list(hashes))
    visible = {p.id_number_hash: p for p in Person.objects.filter(pk__in=known.values())}
    talents = {
        t.person_id: t
        for t in Talent.objects.unscoped().filter(person_id__in=known.values()).only("pk", "person")
    }
    in_scope = set(
        Talent.objects.filter(pk__in=[t.pk for t in talents.values()]).values_list("pk", flat=True)
    )
    return {
        "townships": townships(),
        "categories": {c.name: c for c in TalentCategory.objects.all()},
        "tags": {t.name: t for t in TalentTag.objects.all()},
        "known": known,
        "visible": visible,
        "talents": talents,
        "in_scope": in_scope,
    }


def _person_row(number, raw, lookups, report) -> tuple[dict, Person | None, int | None]:
    """The person part of a row: (person data, the existing person, their talent id)."""
    name = imports.text(raw.get(NAME))
    try:
        check_name(name)
    except ApplicationError as error:
        report.add(number, NAME, error.message)
    try:
        info = idnumber.parse(imports.compact(raw.get(ID_NUMBER)))
    except ApplicationError as error:
        report.add(number, ID_NUMBER, error.message)
        return {"name": name}, None, None
    phone = imports.compact(raw.get(PHONE))
    if phone:
        try:
            phone = check_phone(phone)
        except ApplicationError as error:
            report.add(number, PHONE, error.message)
    data = {"name": name, "id_number": info.number, "phone": phone}
    digest = crypto.keyed_hash(info.number)
    if digest not in lookups["known"]:
        return data, None, None
    person = lookups["visible"].get(digest)
    if person is None:
        report.add(number, ID_NUMBER, _("该公民身份号码的人员不在您的数据范围内"))
        return data, None, None
    if name and person.name != name:
        report.add(number, NAME, _("姓名与已登记的“%(n)s”不一致") % {"n": person.name})
    talent = lookups["talents"].get(person.pk)
    if talent is not None and talent.pk not in lookups["in_scope"]:
        report.add(number, ID_NUMBER, _("该人员已在其他乡镇（街道）的人才库中"))
    return data, person, talent.pk if talent is not None else None


def _check_rows(sheet, lookups, result) -> list[dict]:
    report, good, seen = result.report, [], {}
    for number, raw in sheet.rows:
        person_data, person, talent_id = _person_row(number, raw, lookups, report)
        key = person_data.get("id_number")
        if key and key in seen:
            report.add(number, ID_NUMBER, _("与第%(r)d行的公民身份号码重复") % {"r": seen[key]})
            continue
        if key:
            seen[key] = number
        town = imports.text(raw.get(TOWNSHIP))
        township = lookups["townships"].get(town)
        if township is None:
            report.add(number, TOWNSHIP, _("“%(v)s”不是您数据范围内的乡镇") % {"v": town})
        fields = {
            name: imports.text(raw.get(column))
            for name, column in FIELD_COLUMNS.items()
            if name != "title_level"
        }
        fields["title_level"] = _level(raw.get(LEVEL), number, report)
        values, problems = services.check_fields(fields)
        for name, message in problems:
            report.add(number, FIELD_COLUMNS.get(name, name), message)
        categories = _names(raw.get(CATEGORY), lookups["categories"], CATEGORY, number, report)
        tags = _names(raw.get(TAGS), lookups["tags"], TAGS, number, report)
        if number not in report.bad_rows:
            good.append(
                {
                    "number": number,
                    "person_data": person_data,
                    "person": person,
                    "talent_id": talent_id,
                    "township": township,
                    "values": values,
                    "categories": categories,
                    "tags": tags,
                }
            )
    return good


def _write(row, actor) -> bool:
    """Write one checked row; True when a talent was created."""
    if row["talent_id"] is not None:
        talent = Talent.objects.get(pk=row["talent_id"])
        services.talent_update(
            actor=actor, talent=talent, data={**row["values"], "township": row["township"]}
        )
        services.talent_set_tags(
            actor=actor, talent=talent, categories=row["categories"], tags=row["tags"]
        )
        return False
    services.talent_create(
        actor=actor,
        person=row["person"],
        person_data=None if row["person"] else row["person_data"],
        township=row["township"],
        categories=row["categories"],
        tags=row["tags"],
        **row["values"],
    )
    return True


def run_import(
    path, *, actor, good_rows_only: bool = False, today: dt.date | None = None
) -> ImportResult:
    authorize(actor, caps.IMPORT_TALENT)
    sheet = imports.read_sheet(path, required=REQUIRED, known=[c for c, _w in COLUMNS])
    result = ImportResult(total=len(sheet.rows))
    if not sheet.rows:
        raise ApplicationError(_("表格中没有数据行"), field="file")
    good = _check_rows(sheet, _lookups(sheet), result)
    if result.report.problems and not good_rows_only:
        return result
    with transaction.atomic():
        for row in good:
            try:
                created = _write(row, actor)
            except ApplicationError as error:
                raise ApplicationError(
                    _("第%(r)d行：%(m)s") % {"r": row["number"], "m": error.message}, field="file"
                ) from error
            if created:
                result.created += 1
            else:
                result.updated += 1
        result.written = True
        audit.log_action(
            caps.TALENT_IMPORTED,
            actor=actor,
            extra={
                "what": "talent.pool",
                "rows": result.total,
                "created": result.created,
                "updated": result.updated,
                "failed": result.failed_rows,
                "mode": "good_rows" if good_rows_only else "all_or_nothing",
            },
        )
    return result


def write_report(path: Path, result: ImportResult) -> None:
    imports.write_error_report(path, result.report, title=_("错误报告"))
