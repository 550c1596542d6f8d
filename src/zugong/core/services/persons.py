"""Creating and changing persons; reading protected fields in clear."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from zugong.core import audit, bulk, crypto, idnumber
from zugong.core import changes as changes_module
from zugong.core.capabilities import CHANGE_PERSON, VIEW_PERSON, VIEW_SENSITIVE
from zugong.core.errors import ApplicationError
from zugong.core.models import CodeTable, Organization, Person
from zugong.core.services.access import authorize
from zugong.core.validation import check_code, check_name, check_phone

PLAIN_FIELDS = (
    "name",
    "former_name",
    "gender",
    "birth_date",
    "ethnicity",
    "native_place",
    "education",
    "political_status",
    "work_unit",
    "job_title",
)
PROTECTED_FIELDS = ("id_number", "phone")
# What a user types in; gender and birth date come from the ID number.
FORM_FIELDS = tuple(f for f in PLAIN_FIELDS if f not in ("gender", "birth_date"))
LABELS = {"id_number": _("公民身份号码"), "phone": _("联系电话")}


def _validate(data: dict[str, Any], *, instance: Person | None) -> dict[str, Any]:
    """Check every field; raise one ApplicationError listing all problems."""
    cleaned: dict[str, Any] = {}
    problems: list[ApplicationError] = []

    def attempt(field, func):
        try:
            cleaned[field] = func()
        except ApplicationError as error:
            problems.append(error)

    if "name" in data or instance is None:
        attempt("name", lambda: check_name(data.get("name", "")))
    if "id_number" in data or instance is None:
        attempt("id_number", lambda: idnumber.parse(data.get("id_number") or ""))
    if "phone" in data:
        attempt("phone", lambda: check_phone(data.get("phone") or ""))
    for field, table, label, required in (
        ("ethnicity", CodeTable.ETHNICITY, _("民族"), True),
        ("education", CodeTable.EDUCATION, _("学历"), False),
        ("political_status", CodeTable.POLITICAL_STATUS, _("政治面貌"), True),
    ):
        if field in data or (instance is None and required):
            attempt(
                field,
                lambda f=field, t=table, lb=label, r=required: check_code(
                    t, data.get(f, ""), field=f, label=lb, required=r
                ),
            )
    for field in ("former_name", "native_place", "work_unit", "job_title"):
        if field in data:
            cleaned[field] = " ".join(str(data[field] or "").split())

    info = cleaned.pop("id_number", None)
    if info is not None:
        cleaned["id_info"] = info
        # Birth date and gender come from the ID number; values given beside it must agree.
        given_birth = data.get("birth_date")
        if given_birth and given_birth != info.birth_date:
            problems.append(
                ApplicationError(
                    _("出生日期%(given)s与公民身份号码中的%(derived)s不一致")
                    % {"given": given_birth, "derived": info.birth_date.isoformat()},
                    field="birth_date",
                )
            )
        given_gender = data.get("gender")
        if given_gender and given_gender != info.gender:
            problems.append(
                ApplicationError(
                    _("性别与公民身份号码不一致：号码第17位表示%(g)s")
                    % {"g": _("男") if info.gender == "1" else _("女")},
                    field="gender",
                )
            )
        cleaned["birth_date"], cleaned["gender"] = info.birth_date, info.gender
    elif instance is not None and ("birth_date" in data or "gender" in data):
        problems.append(
            ApplicationError(
                _("出生日期和性别由公民身份号码确定，不能单独修改"), field="birth_date"
            )
        )

    if problems:
        raise ApplicationError(
            problems[0].message
            if len(problems) == 1
            else _("有%(n)d处填写有误：%(first)s等")
            % {"n": len(problems), "first": problems[0].message},
            details=[{"field": p.field, "message": p.message} for p in problems],
        )
    return cleaned


def _check_unique_id(number_hash: str, instance: Person | None) -> None:
    # Unscoped on purpose: one record per natural person across the whole district.
    # The message does not say where the other record is, which would leak it.
    clash = Person.objects.unscoped().filter(id_number_hash=number_hash)
    if instance is not None:
        clash = clash.exclude(pk=instance.pk)
    if clash.exists():
        raise ApplicationError(
            _(
                "公民身份号码已登记在另一条人员记录中，同一人只能有一条记录；如需调整请联系该人员所在组织"
            ),
            field="id_number",
        )


def protect(number: str) -> dict[str, str]:
    return {
        "id_number_encrypted": crypto.encrypt(number),
        "id_number_hash": crypto.keyed_hash(number),
        "id_number_masked": crypto.mask_id_number(number),
    }


def protect_phone(phone: str) -> dict[str, str]:
    return {
        "phone_encrypted": crypto.encrypt(phone),
        "phone_hash": crypto.keyed_hash(phone),
        "phone_masked": crypto.mask_phone(phone),
    }


@transaction.atomic
def person_create(*, actor, organization: Organization, data: dict[str, Any]) -> Person:
    authorize(actor, CHANGE_PERSON, organization)
    cleaned = _validate(data, instance=None)
    info = cleaned.pop("id_info")
    protected = protect(info.number)
    _check_unique_id(protected["id_number_hash"], None)
    phone = cleaned.pop("phone", "")
    person = Person(
        organization=organization,
        created_by=actor if actor else None,
        **cleaned,
        **protected,
        **protect_phone(phone),
    )
    person.save()
    audit.log_action(
        audit.PERSON_CREATED,
        actor=actor,
        obj=person,
        changes={
            **{k: str(v) for k, v in cleaned.items()},
            "id_number": info.number,
            "phone": phone,
            "organization": organization.code,
        },
    )
    changes_module.organizations_changed([organization.pk])
    return person


@transaction.atomic
def person_update(
    *, actor, person: Person, data: dict[str, Any], organization: Organization | None = None
) -> Person:
    authorize(actor, CHANGE_PERSON, person.organization)
    if organization is not None and organization.pk != person.organization_id:
        authorize(actor, CHANGE_PERSON, organization)
    cleaned = _validate(data, instance=person)
    changes: dict[str, Any] = {}
    info = cleaned.pop("id_info", None)
    if info is not None:
        protected = protect(info.number)
        if protected["id_number_hash"] != person.id_number_hash:
            _check_unique_id(protected["id_number_hash"], person)
            changes["id_number"] = {
                "old": person_clear_value(person, "id_number"),
                "new": info.number,
            }
            for key, value in protected.items():
                setattr(person, key, value)
    if "phone" in cleaned:
        phone = cleaned.pop("phone")
        if crypto.keyed_hash(phone) != person.phone_hash:
            changes["phone"] = {"old": person_clear_value(person, "phone"), "new": phone}
            for key, value in protect_phone(phone).items():
                setattr(person, key, value)
    for field, value in cleaned.items():
        if getattr(person, field) != value:
            changes[field] = {"old": str(getattr(person, field)), "new": str(value)}
            setattr(person, field, value)
    was_in = person.organization_id
    if organization is not None and organization.pk != person.organization_id:
        changes["organization"] = {"old": person.organization.code, "new": organization.code}
        person.organization = organization
    if changes:
        person.save()
        audit.log_action(audit.PERSON_UPDATED, actor=actor, obj=person, changes=changes)
        changes_module.organizations_changed([was_in, person.organization_id])
    return person


@transaction.atomic
def person_delete(*, actor, person: Person) -> None:
    authorize(actor, CHANGE_PERSON, person.organization)
    audit.log_action(
        audit.PERSON_DELETED,
        actor=actor,
        obj=person,
        changes={"id_number": person_clear_value(person, "id_number")},
    )
    organization_id = person.organization_id
    person.delete()
    changes_module.organizations_changed([organization_id])


def person_clear_value(person: Person, field: str) -> str:
    """Decrypt without auditing: for services that write the value straight into the
    (masked) audit log, never for showing it to a user."""
    return crypto.decrypt(getattr(person, f"{field}_encrypted"))


def person_reveal(*, actor, person: Person, field: str) -> str:
    """The clear value of a protected field for a user allowed to see it; audited."""
    if field not in PROTECTED_FIELDS:
        raise ApplicationError(_("字段“%(f)s”不是受保护字段") % {"f": field}, field="field")
    authorize(actor, VIEW_SENSITIVE, person.organization)
    value = person_clear_value(person, field)
    audit.log_action(audit.PERSON_REVEALED, actor=actor, obj=person, extra={"field": field})
    return value


def person_find_by_id_number(*, actor, number: str) -> Person | None:
    """Exact lookup through the keyed hash, within the actor's scope; audited."""
    authorize(actor, VIEW_PERSON)
    info = idnumber.parse(number, field="id_number")
    person = (
        Person.objects.filter(id_number_hash=crypto.keyed_hash(info.number))
        .select_related("organization")
        .first()
    )
    audit.log_action(
        audit.PERSON_LOOKED_UP,
        actor=actor,
        extra={"id_number": info.number, "found": person is not None},
    )
    return person


def age_on(person: Person, day: dt.date | None = None) -> int:
    day = day or dt.date.today()
    born = person.birth_date
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@transaction.atomic
def person_bulk_create(
    *, actor, rows: list[tuple[Organization, dict[str, Any]]], source: str
) -> list[Person]:
    """Create many persons at once (demo district, imports): every row is validated as
    person_create would, all or nothing, and one summary entry is audited."""
    checked_orgs: set[int] = set()
    persons: list[Person] = []
    seen: set[str] = set()
    for index, (organization, data) in enumerate(rows, start=1):
        if organization.pk not in checked_orgs:
            authorize(actor, CHANGE_PERSON, organization)
            checked_orgs.add(organization.pk)
        try:
            cleaned = _validate(data, instance=None)
        except ApplicationError as error:
            raise ApplicationError(
                _("第%(row)d行：%(msg)s") % {"row": index, "msg": error.message},
                details=[{**d, "row": index} for d in error.details],
            ) from error
        info = cleaned.pop("id_info")
        protected = protect(info.number)
        if protected["id_number_hash"] in seen:
            raise ApplicationError(
                _("第%(row)d行：公民身份号码与前面的行重复") % {"row": index}, field="id_number"
            )
        seen.add(protected["id_number_hash"])
        phone = cleaned.pop("phone", "")
        persons.append(
            Person(
                organization=organization,
                created_by=actor,
                **cleaned,
                **protected,
                **protect_phone(phone),
            )
        )
    # Unscoped on purpose: uniqueness is district-wide (see _check_unique_id).
    hashes = [p.id_number_hash for p in persons]
    existing = bulk.ids_by(Person, "id_number_hash", hashes)
    if existing:
        row = hashes.index(next(iter(existing))) + 1
        raise ApplicationError(
            _("第%(row)d行：公民身份号码已登记在另一条人员记录中") % {"row": row}, field="id_number"
        )
    created = Person.objects.bulk_create(persons, batch_size=500)
    changes_module.organizations_changed(checked_orgs)
    audit.log_action(
        audit.PERSON_CREATED,
        actor=actor,
        extra={"source": source, "rows": len(created), "organizations": len(checked_orgs)},
    )
    return created
