"""What a roster import changes in records already kept, and the writing itself.

A re-import that changes existing persons or members is first shown as a preview of
every change (old → new), as the .lrmx import is; nothing is written until the user
confirms, and a changed name needs its own confirmation (the same ID number recorded
under another name is more often a wrong ID than a renamed person). New persons and
members go in with COPY / executemany (``core.bulk``), changed ones with bulk updates.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zugong.core import bulk, codes, crypto
from zugong.core.models import CodeTable, Person
from zugong.core.services.persons import protect_phone
from zugong.party.models import Member, MemberKind, MemberStatus, MemberStatusChange, Occupation
from zugong.party.roster_rows import Row

BATCH = 2000
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


@dataclass(frozen=True)
class Change:
    row: int
    name: str  # the name as recorded
    id_masked: str
    field: str  # the column as the roster names it
    old: str
    new: str


def _labels() -> dict[str, dict[str, str]]:
    return {
        "kind": {k: str(v) for k, v in MemberKind.choices},
        "occupation": {k: str(v) for k, v in Occupation.choices},
        "status": {k: str(v) for k, v in MemberStatus.choices},
    }


def _shown(field: str, value, labels) -> str:
    if value is None or value == "":
        return ""
    if field == "ethnicity":
        return codes.name(CodeTable.ETHNICITY, value)
    if field == "education":
        return codes.name(CodeTable.EDUCATION, value)
    if field == "gender":
        return codes.name(CodeTable.GENDER, value)
    if field in labels:
        return labels[field].get(value, value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


PERSON_CAPTIONS = {
    "name": gettext_lazy("姓名"),
    "gender": gettext_lazy("性别"),
    "birth_date": gettext_lazy("出生日期"),
    "ethnicity": gettext_lazy("民族"),
    "education": gettext_lazy("学历"),
    "work_unit": gettext_lazy("工作单位"),
}
MEMBER_CAPTIONS = {
    "kind": gettext_lazy("党员类别"),
    "joined_on": gettext_lazy("入党时间"),
    "full_on": gettext_lazy("转正时间"),
    "occupation": gettext_lazy("职业类别"),
    "status": gettext_lazy("党籍状态"),
}


def memberships_of(persons: list[Person]) -> dict[int, Member]:
    # Unscoped on purpose: these persons were checked against the importer's scope.
    found: dict[int, Member] = {}
    ids = [p.pk for p in persons]
    for start in range(0, len(ids), 900):
        for member in Member.objects.unscoped().filter(person__in=ids[start : start + 900]):
            found[member.person_id] = member
    return found


def changes_of(
    rows: list[Row], existing: dict[str, Person], memberships: dict[int, Member]
) -> list[Change]:
    """Every change the rows make to records already kept, field by field."""
    labels = _labels()
    found: list[Change] = []
    for row in rows:
        person = existing.get(row.id_hash)
        if person is None:
            continue

        def add(caption, old, new, row=row, person=person):
            found.append(
                Change(row.number, person.name, person.id_number_masked, caption, old, new)
            )

        for key, caption in PERSON_CAPTIONS.items():
            old, new = getattr(person, key), row.person[key]
            if old != new:
                add(str(caption), _shown(key, old, labels), _shown(key, new, labels))
        if person.organization_id != row.organization.pk:
            add(_("所在党组织"), person.organization.name, row.organization.name)
        if row.phone and crypto.keyed_hash(row.phone) != person.phone_hash:
            add(_("联系电话"), person.phone_masked, crypto.mask_phone(row.phone))
        member = memberships.get(person.pk)
        if member is None:
            add(_("党员记录"), _("（无）"), _("新建"))
            continue
        for key, caption in MEMBER_CAPTIONS.items():
            old, new = getattr(member, key), row.member[key]
            if old != new:
                add(str(caption), _shown(key, old, labels), _shown(key, new, labels))
    return found


def fingerprint(changes: list[Change]) -> str:
    """Names one preview: a confirm applies only the changes that were shown."""
    digest = hashlib.sha256()
    for change in changes:
        digest.update(
            "\x1f".join(map(str, (change.row, change.field, change.old, change.new))).encode()
        )
        digest.update(b"\x1e")
    return digest.hexdigest()[:32]


def write(
    rows: list[Row],
    existing: dict[str, Person],
    memberships: dict[int, Member],
    changed_rows: set[int],
    actor,
    progress,
    total,
    *,
    today: dt.date,
) -> tuple[int, int]:
    """Write new persons and members, and the changes of ``changed_rows``; returns
    (created, updated)."""
    now = timezone.now()
    new_rows = [row for row in rows if row.id_hash not in existing]
    # The values were validated row by row, as the services validate them.
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
                row.id_hash,
                crypto.mask_id_number(row.id_number),
                *protect_phone(row.phone or "").values(),
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
    ids = bulk.ids_by(Person, "id_number_hash", (row.id_hash for row in new_rows))
    bulk.insert_rows(
        Member,
        ["person", *MEMBER_FIELDS, "created_at", "updated_at"],
        ((ids[row.id_hash], *(row.member[f] for f in MEMBER_FIELDS), now, now) for row in new_rows),
    )
    if progress:
        progress(total * 3 // 4, total)
    updated = [row for row in rows if row.id_hash in existing and row.number in changed_rows]
    if updated:
        _update(updated, existing, memberships)
    _status_history(new_rows, updated, ids, existing, memberships, actor, today)
    return len(new_rows), len(updated)


def _status_history(new_rows, updated, ids, existing, memberships, actor, today) -> None:
    """A status the import sets is dated like one set by hand (member_change_status): a
    status change on the import's day, so that the status flags (失联满6个月…) run from
    a known date. New members in normal standing need none."""
    reason = str(gettext_lazy("花名册导入"))
    changes: list[tuple[int | None, str, str]] = []  # (member id or None, old, new)
    for row in updated:
        member = memberships.get(existing[row.id_hash].pk)
        new = row.member["status"]
        if member is not None and member.status != new:
            changes.append((member.pk, member.status, new))
    arriving = {
        ids[row.id_hash]: row.member["status"]
        for row in new_rows
        if row.member["status"] != MemberStatus.NORMAL
    }
    arriving.update(
        {
            existing[row.id_hash].pk: row.member["status"]
            for row in updated
            if memberships.get(existing[row.id_hash].pk) is None
            and row.member["status"] != MemberStatus.NORMAL
        }
    )
    if arriving:
        # Unscoped on purpose: the members just written for rows checked against the
        # importer's scope, found by their persons (as bulk.ids_by finds the persons).
        for member_id, person_id in (
            Member.objects.unscoped()
            .filter(person_id__in=list(arriving))
            .values_list("pk", "person_id")
        ):
            changes.append((member_id, "", arriving[person_id]))
    MemberStatusChange.objects.bulk_create(
        MemberStatusChange(
            member_id=member_id,
            old_status=old,
            new_status=new,
            occurred_on=today,
            reason=reason,
            actor=actor,
        )
        for member_id, old, new in changes
    )


def _update(rows: list[Row], existing: dict[str, Person], memberships: dict[int, Member]) -> None:
    """The changed persons and members, through ``bulk.update_rows`` (the rows were
    checked against the importer's scope and validated above)."""
    now = timezone.now()
    person_rows, member_rows, new_members = [], [], []
    for row in rows:
        person = existing[row.id_hash]
        phone = (
            protect_phone(row.phone)
            if row.phone and crypto.keyed_hash(row.phone) != person.phone_hash
            else {key: getattr(person, key) for key in PROTECTED[3:]}
        )
        person_rows.append(
            (
                person.pk,
                *(row.person[f] for f in PERSON_FIELDS),
                row.organization.pk,
                *phone.values(),
                now,
            )
        )
        member = memberships.get(person.pk)
        if member is None:
            new_members.append((person.pk, *(row.member[f] for f in MEMBER_FIELDS), now, now))
        else:
            member_rows.append((member.pk, *(row.member[f] for f in MEMBER_FIELDS), now))
    bulk.update_rows(
        Person, [*PERSON_FIELDS, "organization", *PROTECTED[3:], "updated_at"], person_rows
    )
    bulk.update_rows(Member, [*MEMBER_FIELDS, "updated_at"], member_rows)
    bulk.insert_rows(Member, ["person", *MEMBER_FIELDS, "created_at", "updated_at"], new_members)
