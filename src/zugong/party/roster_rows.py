"""Reading one roster row: each cell checked as the services check it, every problem
reported as (row, column, reason) in Chinese.

The lookups are built once per file (``Lookups.build``): organizations the importer may
write into by code and by name, the code tables with their synonyms, the member's own
choices with the words offices write, and the members named by their system number.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from zugong.core import codes, crypto, idnumber, imports
from zugong.core.errors import ApplicationError
from zugong.core.models import CodeTable, Organization, OrgStatus
from zugong.core.services.codes import synonyms
from zugong.core.validation import check_name, check_phone
from zugong.party import capabilities as caps
from zugong.party.models import Member, MemberKind, MemberStatus, Occupation
from zugong.party.roster_headers import (
    EDUCATION,
    ETHNICITY,
    FULL,
    GENDER,
    ID,
    JOINED,
    KIND,
    KIND_SYNONYMS,
    NAME,
    NUMBER,
    OCCUPATION,
    OCCUPATION_SYNONYMS,
    ORG_CODE,
    ORG_NAME,
    PHONE,
    STATUS,
    STATUS_SYNONYMS,
    UNIT,
)
from zugong.party.services.members import POLITICAL_STATUS, check_membership

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
_PHONE_PUNCTUATION = re.compile(r"[\s\-－—–()（）]")
_MOBILE = re.compile(r"1\d{10}", re.ASCII)


@dataclass
class Known:
    """A member named by the system number of an exported roster."""

    person_id: int
    id_hash: str
    id_masked: str
    name: str
    path: str
    gender: str
    birth_date: dt.date


@dataclass
class Row:
    number: int
    person: dict
    member: dict
    organization: Organization
    id_number: str  # "" when the file carries a masked ID matched by its system number
    id_hash: str
    phone: str  # "" for none; None to keep the recorded phone (a masked cell)
    person_obj: object = None


def _coded(table: str) -> dict[str, str]:
    """Codes accepted by code, by name, by the name without 族 and by the synonyms
    administrators keep beside the table. Keys have no spaces ("汉 族" is 汉族)."""
    mapping: dict[str, str] = {}
    for code, name in codes.names(table).items():
        key = imports.compact(name)
        mapping[code] = mapping[key] = code
        if table == CodeTable.ETHNICITY and key.endswith("族") and len(key) > 1:
            mapping.setdefault(key[:-1], code)
    for synonym, code in synonyms(table).items():
        mapping.setdefault(imports.compact(synonym), code)
    return mapping


def _choice(choices, extra: dict[str, str]) -> dict[str, str]:
    # Keys are normalized like the cells (full-width brackets folded, no spaces).
    mapping = {imports.compact(str(label)): value for value, label in choices}
    mapping.update({value: value for value, _label in choices})
    for word, value in extra.items():
        mapping.setdefault(imports.compact(word), value)
    return mapping


def _organization_label(org: Organization, parents: dict[int, Organization]) -> str:
    parent = parents.get(org.parent_id)
    if parent is not None:
        return _("%(n)s（编码%(c)s，上级%(p)s）") % {"n": org.name, "c": org.code, "p": parent.name}
    return _("%(n)s（编码%(c)s）") % {"n": org.name, "c": org.code}


@dataclass
class Lookups:
    organizations: dict[str, Organization]
    by_name: dict[str, list[Organization]]
    labels: dict[int, str]
    ethnicities: dict[str, str]
    educations: dict[str, str]
    genders: dict[str, str]
    kinds: dict[str, str]
    occupations: dict[str, str]
    statuses: dict[str, str]
    known: dict[int, Known] = field(default_factory=dict)

    @classmethod
    def build(cls, actor, access, numbers: list[int]) -> Lookups:
        # Organizations the importer may write into: the scope's active ones where both
        # importing and changing members hold (a second role elsewhere adds nothing).
        active = list(Organization.objects.filter(status=OrgStatus.ACTIVE))
        every = {org.pk: org for org in active}
        allowed = [
            org
            for org in active
            if actor is None
            or (
                access.has(caps.IMPORT_MEMBERS, org.path)
                and access.has(caps.CHANGE_MEMBER, org.path)
            )
        ]
        by_name: dict[str, list[Organization]] = {}
        for org in allowed:
            for name in {imports.compact(org.name), imports.compact(org.short_name)} - {""}:
                by_name.setdefault(name, []).append(org)
        genders = {}
        for code, name in codes.names(CodeTable.GENDER).items():
            genders[code] = genders[name] = genders[f"{name}性"] = code
        return cls(
            organizations={org.code: org for org in allowed},
            by_name=by_name,
            labels={org.pk: _organization_label(org, every) for org in allowed},
            ethnicities=_coded(CodeTable.ETHNICITY),
            educations=_coded(CodeTable.EDUCATION),
            genders=genders,
            kinds=_choice(MemberKind.choices, KIND_SYNONYMS),
            occupations=_choice(Occupation.choices, OCCUPATION_SYNONYMS),
            statuses=_choice(MemberStatus.choices, STATUS_SYNONYMS),
            known=_known_members(numbers),
        )


def _known_members(numbers: list[int]) -> dict[int, Known]:
    """The members an exported roster names by system number. Unscoped on purpose: a
    number outside the importer's scope is refused by the caller without saying where."""
    found: dict[int, Known] = {}
    for start in range(0, len(numbers), 900):
        for pk, *values in (
            Member.objects.unscoped()
            .filter(pk__in=numbers[start : start + 900])
            .values_list(
                "pk",
                "person_id",
                "person__id_number_hash",
                "person__id_number_masked",
                "person__name",
                "person__organization__path",
                "person__gender",
                "person__birth_date",
            )
        ):
            found[pk] = Known(*values)
    return found


def system_number(value) -> int | None:
    text = imports.compact(value)
    if not text:
        return None
    if text.endswith(".0"):
        text = text[:-2]
    return int(text) if text.isdigit() else -1


class RowReader:
    """Reads the rows of one file against its lookups."""

    def __init__(self, lookups: Lookups, report: imports.Report, access, actor, today: dt.date):
        self.lookups = lookups
        self.report = report
        self.access = access
        self.actor = actor
        self.today = today

    def may_change(self, path: str) -> bool:
        return self.actor is None or self.access.has(caps.CHANGE_MEMBER, path)

    def read(self, number: int, raw: dict) -> Row | None:
        report, lookups = self.report, self.lookups
        bad = len(report.problems)

        def cell(column):
            return imports.text(raw.get(column))

        def attempt(column, func):
            try:
                return func()
            except ApplicationError as error:
                report.add(number, column, error.message)  # already names the field
            except imports.CellError as error:
                report.add(number, column, f"{column}：{error}")
            return None

        name = attempt(NAME, lambda: check_name(cell(NAME)))
        identity = self._identity(number, raw, attempt)
        ethnicity = self._coded(number, cell(ETHNICITY), ETHNICITY, lookups.ethnicities)
        education = self._coded(
            number, cell(EDUCATION), EDUCATION, lookups.educations, required=False
        )
        kind = self._coded(number, cell(KIND), KIND, lookups.kinds)
        occupation = self._coded(
            number, cell(OCCUPATION), OCCUPATION, lookups.occupations, required=False
        )
        status = self._coded(number, cell(STATUS), STATUS, lookups.statuses, required=False)
        joined_on = attempt(JOINED, lambda: imports.date(raw.get(JOINED), today=self.today))
        full_on = attempt(FULL, lambda: imports.date(raw.get(FULL), today=self.today))
        phone = self._phone(number, cell(PHONE), identity, attempt)
        organization = self._organization(number, raw)
        if identity is not None:
            self._check_gender(number, cell(GENDER), identity)
        if identity is not None and kind and joined_on is not None and len(report.problems) == bad:
            for problem in check_membership(
                birth_date=identity["birth_date"],
                kind=kind,
                joined_on=joined_on,
                full_on=full_on,
                today=self.today,
            ):
                report.add(number, FIELD_COLUMN.get(problem.field, JOINED), problem.message)
        if len(report.problems) != bad:
            return None
        return Row(
            number=number,
            person={
                "name": name,
                "gender": identity["gender"],
                "birth_date": identity["birth_date"],
                "ethnicity": ethnicity,
                "education": education,
                "political_status": POLITICAL_STATUS[kind],
                "work_unit": cell(UNIT),
            },
            member={
                "kind": kind,
                "joined_on": joined_on,
                "full_on": full_on if kind == MemberKind.FULL else None,
                "occupation": occupation or Occupation.EMPLOYED,
                "status": status or MemberStatus.NORMAL,
            },
            organization=organization,
            id_number=identity["number"],
            id_hash=identity["hash"],
            phone=phone,
        )

    def _identity(self, number: int, raw: dict, attempt: Callable) -> dict | None:
        """The person's ID number and what it encodes; for a masked ID (an export for a
        user who may not see ID numbers) the member its system number names."""
        given = imports.compact(raw.get(ID))
        system = system_number(raw.get(NUMBER))
        if system == -1:
            self.report.add(
                number, NUMBER, _("系统编号“%(v)s”应为数字") % {"v": imports.text(raw.get(NUMBER))}
            )
            return None
        known = self.lookups.known.get(system) if system else None
        if system and (known is None or not self.may_change(known.path)):
            self.report.add(
                number,
                NUMBER,
                _("系统编号%(n)d不存在或不在您的数据范围内") % {"n": system},
            )
            return None
        if "*" in given:
            if known is None:
                self.report.add(
                    number,
                    ID,
                    _(
                        "公民身份号码“%(v)s”已脱敏（含*），无法核对，且本行没有系统编号；"
                        "请填写完整的身份证号，或保留导出花名册中的“系统编号”列"
                    )
                    % {"v": given},
                )
                return None
            if given.upper() != known.id_masked:
                self.report.add(
                    number,
                    ID,
                    _("公民身份号码“%(v)s”与系统编号%(n)d的记录（%(m)s）不符")
                    % {"v": given, "n": system, "m": known.id_masked},
                )
                return None
            self.report.note(number, ID, _("身份证号已脱敏，按系统编号匹配"))
            return {
                "number": "",
                "hash": known.id_hash,
                "gender": known.gender,
                "birth_date": known.birth_date,
            }
        info = attempt(ID, lambda: idnumber.parse(given, today=self.today))
        if info is None:
            return None
        id_hash = crypto.keyed_hash(info.number)
        if known is not None and known.id_hash != id_hash:
            self.report.add(
                number,
                NUMBER,
                _("系统编号%(n)d对应的是另一名党员（%(p)s），与本行的公民身份号码不符")
                % {"n": system, "p": known.name},
            )
            return None
        return {
            "number": info.number,
            "hash": id_hash,
            "gender": info.gender,
            "birth_date": info.birth_date,
        }

    def _coded(self, number, value, column, mapping, required=True) -> str:
        if not value:
            if required:
                self.report.add(number, column, _("%(c)s不能为空") % {"c": column})
            return ""
        code = mapping.get(value) or mapping.get(value.replace(" ", ""))
        if code is None:
            self.report.add(
                number, column, _("%(c)s“%(v)s”不在代码表中") % {"c": column, "v": value}
            )
            return ""
        return code

    def _phone(self, number, value, identity, attempt) -> str | None:
        if "*" in value:
            # A masked phone from an export: the recorded phone stays.
            if identity is not None and not identity["number"]:
                return None
            self.report.add(
                number,
                PHONE,
                _("联系电话“%(v)s”已脱敏（含*），请填写完整号码或留空") % {"v": value},
            )
            return ""
        if not value or (len(value) == 11 and value.isdigit()):
            return attempt(PHONE, lambda: check_phone(value)) or ""
        digits = _PHONE_PUNCTUATION.sub("", value)
        if digits.startswith("+86"):
            digits = digits[3:]
        if _MOBILE.fullmatch(digits):
            value = digits  # 139-0773-0001, 139 0773 0001, (+86)13907730001
        return attempt(PHONE, lambda: check_phone(value)) or ""

    def _check_gender(self, number, value, identity) -> None:
        if not value:
            return
        code = self.lookups.genders.get(imports.compact(value))
        if code is None:
            self.report.add(number, GENDER, _("性别“%(v)s”应为“男”或“女”") % {"v": value})
        elif code != identity["gender"]:
            stated = codes.name(CodeTable.GENDER, code)
            encoded = codes.name(CodeTable.GENDER, identity["gender"])
            self.report.add(
                number,
                GENDER,
                _("性别“%(g)s”与公民身份号码不一致：身份证号第17位表示%(i)s")
                % {"g": stated, "i": encoded},
            )

    def _organization(self, number: int, raw: dict) -> Organization | None:
        lookups, report = self.lookups, self.report
        code = imports.compact(raw.get(ORG_CODE))
        name = imports.text(raw.get(ORG_NAME))
        if code:
            organization = lookups.organizations.get(code)
            if organization is None:
                report.add(
                    number,
                    ORG_CODE,
                    _("党组织编码“%(c)s”不存在、已撤销或不在您的数据范围内") % {"c": code},
                )
                return None
            if name and imports.compact(name) not in {
                imports.compact(organization.name),
                imports.compact(organization.short_name),
            }:
                report.add(
                    number,
                    ORG_NAME,
                    _("所在党组织“%(n)s”与党组织编码“%(c)s”不一致：该编码是“%(o)s”")
                    % {"n": name, "c": code, "o": organization.name},
                )
                return None
            return organization
        if not name:
            report.add(number, ORG_CODE, _("所在党组织编码和所在党组织不能都为空"))
            return None
        candidates = lookups.by_name.get(imports.compact(name), [])
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            report.add(
                number,
                ORG_NAME,
                _("党组织“%(n)s”不存在、已撤销或不在您的数据范围内") % {"n": name},
            )
        else:
            report.add(
                number,
                ORG_NAME,
                _("您的数据范围内有%(k)d个“%(n)s”：%(c)s；请填写所在党组织编码")
                % {
                    "k": len(candidates),
                    "n": name,
                    "c": "、".join(lookups.labels[o.pk] for o in candidates[:10]),
                },
            )
        return None
