"""The member roster (党员花名册): Excel template, import and export.

Import is all-or-nothing by default; with ``good_rows_only`` the valid rows are written
and the others reported. Either way every problem is reported as (row, column, reason)
in Chinese. Re-importing an exported roster updates the same persons (matched by the
keyed hash of the ID number) instead of creating them again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import xlsxwriter
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zugong.core import audit, bulk, codes, crypto, idnumber, imports
from zugong.core.capabilities import VIEW_SENSITIVE
from zugong.core.errors import ApplicationError
from zugong.core.models import CodeTable, Organization, OrgStatus, Person
from zugong.core.services.access import authorize, get_access
from zugong.core.services.persons import protect_phone
from zugong.core.validation import check_name, check_phone
from zugong.dbrouter import reporting
from zugong.party import capabilities as caps
from zugong.party.models import Member, MemberKind, MemberStatus, Occupation
from zugong.party.services.members import POLITICAL_STATUS, check_membership

NAME, ID, ETHNICITY, EDUCATION, KIND = "姓名", "公民身份号码", "民族", "学历", "党员类别"
JOINED, FULL, ORG_CODE, ORG_NAME = "入党时间", "转正时间", "所在党组织编码", "所在党组织"
PHONE, UNIT, OCCUPATION, STATUS = "联系电话", "工作单位", "职业类别", "党籍状态"
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
REQUIRED = [NAME, ID, ETHNICITY, KIND, JOINED, ORG_CODE]
FIELD_COLUMN = {
    "name": NAME,
    "id_number": ID,
    "ethnicity": ETHNICITY,
    "education": EDUCATION,
    "kind": KIND,
    "joined_on": JOINED,
    "full_on": FULL,
    "organization": ORG_CODE,
    "phone": PHONE,
    "occupation": OCCUPATION,
    "status": STATUS,
}
BATCH = 2000


@dataclass
class Row:
    number: int
    person: dict
    member: dict
    organization: Organization
    id_number: str
    phone: str
    person_obj: Person | None = None


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
        return _("共%(t)d行：新增%(c)d人，更新%(u)d人，%(f)d行有误未导入") % {
            "t": self.total,
            "c": self.created,
            "u": self.updated,
            "f": self.failed_rows,
        }


def _lookup(table: str) -> dict[str, str]:
    """Codes accepted by code or by name."""
    mapping = dict(codes.names(table))
    return {
        **{code: code for code in mapping},
        **{imports.text(name): code for code, name in mapping.items()},
    }


def _choice(choices) -> dict[str, str]:
    # Keys are normalized like the cells (full-width brackets folded).
    return {imports.text(str(label)): value for value, label in choices} | {
        value: value for value, _label in choices
    }


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
            ORG_CODE: _("党组织编码，须在您的数据范围内"),
        },
    )


@bulk.collector_paused()
def run_import(
    path: Path | str,
    *,
    actor,
    good_rows_only: bool = False,
    progress: Callable[[int, int], None] | None = None,
    today: dt.date | None = None,
) -> ImportResult:
    authorize(actor, caps.IMPORT_MEMBERS)
    today = today or dt.date.today()  # once per file, not once per cell
    sheet = imports.read_sheet(path, required=REQUIRED, known=[name for name, _w in COLUMNS])
    result = ImportResult(total=len(sheet.rows))
    # Organizations the importer may write into: the scope's active ones, by code, where
    # both importing and changing members hold (a second role elsewhere adds nothing).
    access = get_access(actor)
    organizations = {
        org.code: org
        for org in Organization.objects.filter(status=OrgStatus.ACTIVE)
        if actor is None
        or (access.has(caps.IMPORT_MEMBERS, org.path) and access.has(caps.CHANGE_MEMBER, org.path))
    }
    ethnicities, educations = _lookup(CodeTable.ETHNICITY), _lookup(CodeTable.EDUCATION)
    kinds, occupations, statuses = (
        _choice(MemberKind.choices),
        _choice(Occupation.choices),
        _choice(MemberStatus.choices),
    )
    rows: list[Row] = []
    seen: dict[str, int] = {}
    report = result.report
    for done, (number, raw) in enumerate(sheet.rows, start=1):
        row = _parse_row(
            number,
            raw,
            report,
            organizations,
            ethnicities,
            educations,
            kinds,
            occupations,
            statuses,
            today,
        )
        if row is not None:
            first = seen.setdefault(row.id_number, number)
            if first != number:
                report.add(number, ID, _("与第%(r)d行的公民身份号码重复") % {"r": first})
            else:
                rows.append(row)
        if progress and done % BATCH == 0:
            progress(done // 2, result.total)
    bad_rows = report.bad_rows  # a set built from the problems: once, not once per row
    rows = [r for r in rows if r.number not in bad_rows]
    hashes = {r.id_number: crypto.keyed_hash(r.id_number) for r in rows}
    # Unscoped on purpose: an ID already recorded outside the importer's scope must be
    # refused (one record per person), without saying where it is.
    existing: dict[str, Person] = {}
    known = list(bulk.ids_by(Person, "id_number_hash", hashes.values()).values())
    for start in range(0, len(known), 900):
        for person in (
            Person.objects.unscoped()
            .select_related("organization")
            .filter(pk__in=known[start : start + 900])
        ):
            existing[person.id_number_hash] = person
    for row in rows:
        person = existing.get(hashes[row.id_number])
        if person is not None and not (
            actor is None or access.has(caps.CHANGE_MEMBER, person.organization.path)
        ):
            report.add(
                row.number,
                ID,
                _("该公民身份号码已登记在您数据范围以外的组织，请联系其所在组织办理组织关系转接"),
            )
    bad_rows = report.bad_rows  # a set built from the problems: once, not once per row
    rows = [r for r in rows if r.number not in bad_rows]
    if report.problems and not good_rows_only:
        return result
    with transaction.atomic():
        result.created, result.updated = _write(
            rows, existing, hashes, actor, progress, result.total
        )
        result.written = True
        audit.log_action(
            caps.ROSTER_IMPORTED,
            actor=actor,
            extra={
                "rows": result.total,
                "created": result.created,
                "updated": result.updated,
                "failed": result.failed_rows,
                "mode": "good_rows" if good_rows_only else "all_or_nothing",
            },
        )
    return result


def _parse_row(
    number, raw, report, organizations, ethnicities, educations, kinds, occupations, statuses, today
):
    bad = len(report.problems)

    def cell(column):
        return imports.text(raw.get(column))

    def attempt(column, func):
        try:
            return func()
        except ApplicationError as error:
            report.add(number, column, error.message)  # already names the field
            return None
        except imports.CellError as error:
            report.add(number, column, f"{column}：{error}")
            return None

    name = attempt(NAME, lambda: check_name(cell(NAME)))
    info = attempt(ID, lambda: idnumber.parse(imports.compact(raw.get(ID)), today=today))

    def coded(column, mapping, required=True):
        value = cell(column)
        if not value:
            if required:
                report.add(number, column, _("%(c)s不能为空") % {"c": column})
            return ""
        if value not in mapping:
            report.add(number, column, _("%(c)s“%(v)s”不在代码表中") % {"c": column, "v": value})
            return ""
        return mapping[value]

    ethnicity = coded(ETHNICITY, ethnicities)
    education = coded(EDUCATION, educations, required=False)
    kind = coded(KIND, kinds)
    occupation = coded(OCCUPATION, occupations, required=False) or Occupation.EMPLOYED
    status = coded(STATUS, statuses, required=False) or MemberStatus.NORMAL
    joined_on = attempt(JOINED, lambda: imports.date(raw.get(JOINED), today=today))
    full_on = attempt(FULL, lambda: imports.date(raw.get(FULL), today=today))
    phone = attempt(PHONE, lambda: check_phone(cell(PHONE))) or ""
    code = imports.compact(raw.get(ORG_CODE))
    organization = organizations.get(code)
    if not code:
        report.add(number, ORG_CODE, _("所在党组织编码不能为空"))
    elif organization is None:
        report.add(
            number, ORG_CODE, _("党组织编码“%(c)s”不存在、已撤销或不在您的数据范围内") % {"c": code}
        )
    if info is not None and kind and joined_on is not None and len(report.problems) == bad:
        for problem in check_membership(
            birth_date=info.birth_date, kind=kind, joined_on=joined_on, full_on=full_on, today=today
        ):
            report.add(number, FIELD_COLUMN.get(problem.field, JOINED), problem.message)
    if len(report.problems) != bad:
        return None
    return Row(
        number=number,
        person={
            "name": name,
            "gender": info.gender,
            "birth_date": info.birth_date,
            "ethnicity": ethnicity,
            "education": education,
            "political_status": POLITICAL_STATUS[kind],
            "work_unit": cell(UNIT),
        },
        member={
            "kind": kind,
            "joined_on": joined_on,
            "full_on": full_on if kind == MemberKind.FULL else None,
            "occupation": occupation,
            "status": status,
        },
        organization=organization,
        id_number=info.number,
        phone=phone,
    )


PERSON_FIELDS = [
    "name",
    "gender",
    "birth_date",
    "ethnicity",
    "education",
    "political_status",
    "work_unit",
]
PROTECTED = [
    "id_number_encrypted",
    "id_number_hash",
    "id_number_masked",
    "phone_encrypted",
    "phone_hash",
    "phone_masked",
]
MEMBER_FIELDS = ["kind", "joined_on", "full_on", "occupation", "status"]


def _write(
    rows: list[Row], existing: dict[str, Person], hashes: dict[str, str], actor, progress, total
) -> tuple[int, int]:
    now = timezone.now()
    new_rows = [row for row in rows if hashes[row.id_number] not in existing]
    # New persons and members go in with COPY / executemany (zugong.core.bulk); the
    # values were validated row by row above, as the services validate them.
    person_columns = [
        *PERSON_FIELDS,
        *PROTECTED,
        "organization",
        "former_name",
        "native_place",
        "job_title",
        "created_by",
        "created_at",
        "updated_at",
    ]
    bulk.insert_rows(
        Person,
        person_columns,
        (
            (
                *(row.person[f] for f in PERSON_FIELDS),
                crypto.encrypt(row.id_number),
                hashes[row.id_number],
                crypto.mask_id_number(row.id_number),
                *protect_phone(row.phone).values(),
                row.organization.pk,
                "",
                "",
                "",
                actor.pk if actor else None,
                now,
                now,
            )
            for row in new_rows
        ),
    )
    if progress:
        progress(total // 2, total)
    # Ids of the rows just written, found through the unique hash (bulk.ids_by is unscoped).
    ids = bulk.ids_by(Person, "id_number_hash", (hashes[row.id_number] for row in new_rows))
    bulk.insert_rows(
        Member,
        ["person", *MEMBER_FIELDS, "created_at", "updated_at"],
        (
            (ids[hashes[row.id_number]], *(row.member[f] for f in MEMBER_FIELDS), now, now)
            for row in new_rows
        ),
    )
    if progress:
        progress(total * 3 // 4, total)

    changed_persons = []
    for row in rows:
        person = existing.get(hashes[row.id_number])
        if person is None:
            continue
        for key, value in row.person.items():
            setattr(person, key, value)
        person.organization = row.organization
        if row.phone and crypto.keyed_hash(row.phone) != person.phone_hash:
            for key, value in protect_phone(row.phone).items():
                setattr(person, key, value)
        row.person_obj = person
        changed_persons.append(person)
    if changed_persons:
        # Unscoped on purpose: these persons were checked against the importer's scope above.
        Person.objects.unscoped().bulk_update(
            changed_persons, [*PERSON_FIELDS, "organization", *PROTECTED[3:]], batch_size=BATCH
        )
        # Unscoped on purpose: these persons were checked against the scope above.
        memberships = {
            m.person_id: m
            for m in Member.objects.unscoped().filter(person__in=[p.pk for p in changed_persons])
        }
        new_members, changed_members = [], []
        for row in rows:
            if row.person_obj is None:
                continue
            member = memberships.get(row.person_obj.pk)
            if member is None:
                new_members.append(Member(person=row.person_obj, **row.member))
                continue
            for key, value in row.member.items():
                setattr(member, key, value)
            changed_members.append(member)
        Member.objects.bulk_create(new_members, batch_size=BATCH)
        # Unscoped on purpose: as above, the rows were checked against the scope.
        Member.objects.unscoped().bulk_update(changed_members, MEMBER_FIELDS, batch_size=BATCH)
    return len(new_rows), len(changed_persons)


@reporting
def export(
    queryset, path: Path, *, actor, progress: Callable[[int, int], None] | None = None
) -> int:
    """Write members in the import layout, so the file can be corrected and imported back."""
    clear = actor is not None and get_access(actor).has(VIEW_SENSITIVE)
    ethnicities, educations = codes.names(CodeTable.ETHNICITY), codes.names(CodeTable.EDUCATION)
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet(_("党员花名册"))
    header = workbook.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1})
    for index, (title, width) in enumerate(COLUMNS):
        sheet.set_column(index, index, width)
        sheet.write_string(0, index, title, header)
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
        if progress and row % BATCH == 0:
            progress(row, total)
    sheet.freeze_panes(1, 0)
    workbook.close()
    audit.log_action(caps.ROSTER_EXPORTED, actor=actor, extra={"rows": row, "clear": clear})
    return row
