"""Importing checked .lrmx files and recording exports and prints."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from zugong.cadres import capabilities as caps
from zugong.cadres import lrmx, selectors
from zugong.cadres.models import (
    AppointmentForm,
    Cadre,
    Education,
    FamilyMember,
    ResumeEntry,
    UnitKind,
    UnitLevel,
)
from zugong.core import audit, bulk, crypto
from zugong.core import capabilities as core_caps
from zugong.core.errors import ApplicationError
from zugong.core.models import Organization, OrgKind, Person
from zugong.core.services import persons as person_services
from zugong.core.services.access import authorize


def find_person(parsed: lrmx.Parsed) -> Person | None:
    """The stored person with this ID number, if any (in scope or not)."""
    # Unscoped on purpose: one record per natural person across the district; the
    # caller refuses a person outside the actor's scope without saying where.
    return (
        Person.objects.unscoped()
        .filter(id_number_hash=crypto.keyed_hash(parsed.id_number))
        .select_related("organization")
        .first()
    )


def preview(*, actor, batch: lrmx.Batch) -> list[dict]:
    """For each good file: new or existing, and what would change. Writes nothing.
    A fixed number of queries for the whole batch."""
    authorize(actor, caps.CHANGE_CADRE)
    hashes = {p.id_number: crypto.keyed_hash(p.id_number) for p in batch.parsed}
    # Unscoped on purpose: a person outside the reader's scope is reported as such,
    # without saying where.
    persons = {
        p.id_number_hash: p
        for p in Person.objects.unscoped().filter(id_number_hash__in=hashes.values())
    }
    in_scope = set(
        Person.objects.filter(pk__in=[p.pk for p in persons.values()]).values_list("pk", flat=True)
    )
    cadres = {
        c.person_id: c
        for c in selectors.with_details(
            Cadre.objects.filter(person_id__in=in_scope)
        ).prefetch_related("family", "forms")
    }
    rows = []
    for parsed in batch.parsed:
        person = persons.get(hashes[parsed.id_number])
        cadre = cadres.get(person.pk) if person else None
        status = (
            "new" if person is None else ("update" if person.pk in in_scope else "out_of_scope")
        )
        rows.append(
            {
                "parsed": parsed,
                "status": status,
                "differences": lrmx.differences(parsed, cadre) if cadre else [],
                "is_cadre": cadre is not None,
            }
        )
    return rows


def import_batch(*, actor, batch: lrmx.Batch, unit: Organization) -> list[Cadre]:
    """Write every file of a checked batch, or nothing when any file is bad. A batch of
    hundreds of forms is one bulk operation: the tables it grows markedly (résumé lines,
    family members) are analysed when it ends, on PostgreSQL."""
    with transaction.atomic(), bulk.operation():
        cadres = _import_batch(actor, batch, unit)
        files = batch.parsed
        for model, rows in (
            (Person, len(files)),
            (Cadre, len(files)),
            (ResumeEntry, sum(len(parsed.resume) for parsed in files)),
            (FamilyMember, sum(len(parsed.family) for parsed in files)),
        ):
            bulk.note_inserted(model, rows)
    return cadres


def _import_batch(actor, batch: lrmx.Batch, unit: Organization) -> list[Cadre]:
    authorize(actor, caps.CHANGE_CADRE, unit)
    if batch.errors:
        raise ApplicationError(
            _("有%(n)d个文件未通过检查，请修改后重新上传：%(f)s")
            % {"n": len(batch.errors), "f": "、".join(e["file"] for e in batch.errors)},
            details=[{"field": "file", "message": e["message"]} for e in batch.errors],
        )
    if not batch.parsed:
        raise ApplicationError(_("没有可导入的文件"), field="file")
    seen = set()
    cadres = []
    for parsed in batch.parsed:
        if parsed.id_number in seen:
            raise ApplicationError(
                _("%(f)s：身份证号与同批另一个文件重复") % {"f": parsed.filename}, field="file"
            )
        seen.add(parsed.id_number)
        cadres.append(_import_one(actor, parsed, unit))
    return cadres


def _unit_level(unit: Organization) -> str:
    return UnitLevel.COUNTY if unit.kind == OrgKind.DISTRICT else UnitLevel.TOWNSHIP


def _import_one(actor, parsed: lrmx.Parsed, unit: Organization) -> Cadre:
    v = parsed.values
    person = find_person(parsed)
    person_data = {
        "name": parsed.name,
        "ethnicity": parsed.ethnicity,
        "native_place": v["JiGuan"],
        "political_status": parsed.political_status,
        "education": lrmx.education_code(v["QuanRiZhiJiaoYu_XueLi"] or v["ZaiZhiJiaoYu_XueLi"]),
    }
    if person is None:
        person = person_services.person_create(
            actor=actor,
            organization=unit,
            data={**person_data, "id_number": parsed.id_number},
        )
    else:
        if not Person.objects.filter(pk=person.pk).exists():
            raise ApplicationError(
                _("%(f)s：该身份证号码对应的人员不在您的数据范围内，请联系其所在单位")
                % {"f": parsed.filename},
                field="file",
            )
        person = person_services.person_update(actor=actor, person=person, data=person_data)
    fields = {
        "birth_place": v["ChuShengDi"],
        "party_joined_on": parsed.party_joined_on,
        "other_party": parsed.other_party,
        "work_started_on": parsed.work_started_on,
        "birth_written_to_day": parsed.birth_has_day,
        "work_started_written_to_day": parsed.work_started_has_day,
        "health": v["JianKangZhuangKuang"],
        "professional_title": v["ZhuanYeJiShuZhiWu"],
        "expertise": v["ShuXiZhuanYeYouHeZhuanChang"],
        "current_post_text": v["XianRenZhiWu"],
    }
    from zugong.cadres.services import records

    cadre = Cadre.objects.filter(person=person).first()
    if cadre is None:
        cadre = records.cadre_create(
            actor=actor,
            person=person,
            unit=unit,
            data={
                **fields,
                "unit_name": (v["XianRenZhiWu"][:100] or unit.name),
                "unit_kind": UnitKind.PARTY_GOVERNMENT,
                "unit_level": _unit_level(unit),
            },
        )
    else:
        cadre = records.cadre_update(actor=actor, cadre=cadre, data=fields)
    cadre.educations.filter(is_highest=True).delete()
    for kind, prefix in (
        (Education.Kind.FULL_TIME, "QuanRiZhiJiaoYu"),
        (Education.Kind.IN_SERVICE, "ZaiZhiJiaoYu"),
    ):
        row = {
            "education": v[f"{prefix}_XueLi"],
            "degree": v[f"{prefix}_XueWei"],
            "education_school": v[f"{prefix}_XueLi_BiYeYuanXiaoXi"],
            "degree_school": v[f"{prefix}_XueWei_BiYeYuanXiaoXi"],
        }
        if any(row.values()):
            Education.objects.create(
                cadre=cadre,
                kind=kind,
                education_code=lrmx.education_code(row["education"]),
                is_highest=True,
                **row,
            )
    cadre.resume.all().delete()
    ResumeEntry.objects.bulk_create(
        ResumeEntry(
            cadre=cadre,
            order=i,
            start=r.start,
            end=r.end,
            text=r.text,
            is_grassroots=any(w in r.text.split("\n")[0] for w in lrmx.GRASSROOTS_WORDS),
        )
        for i, r in enumerate(parsed.resume, 1)
    )
    cadre.family.all().delete()
    FamilyMember.objects.bulk_create(
        FamilyMember(
            cadre=cadre,
            order=i,
            relation=m["ChengWei"],
            name=m["XingMing"],
            birth_month=m["ChuShengRiQi"],
            political_status=m["ZhengZhiMianMao"],
            unit_post=m["GongZuoDanWeiJiZhiWu"],
        )
        for i, m in enumerate(parsed.family, 1)
    )
    AppointmentForm.objects.create(
        cadre=cadre,
        proposed_post=v["NiRenZhiWu"],
        proposed_removal=v["NiMianZhiWu"],
        reason=v["RenMianLiYou"],
        rewards_text=v["JiangChengQingKuang"],
        assessment_text=v["NianDuKaoHeJieGuo"],
        reporting_unit=v["ChengBaoDanWei"],
        filled_by=v["TianBiaoRen"],
        filled_on=v["TianBiaoShiJian"],
        age_basis=v["JiSuanNianLingShiJian"],
        pre_reform_age_line=v["GaiGeQianRenZhiNianLingJieXian"],
        version=v["Version"],
    )
    if parsed.photo:
        cadre.photo, cadre.photo_type = parsed.photo, parsed.photo_type
        cadre.save(update_fields=["photo", "photo_type"])
    audit.log_action(
        caps.LRMX_IMPORTED,
        actor=actor,
        obj=cadre,
        changes={
            "file": parsed.filename,
            "resume": len(parsed.resume),
            "family": len(parsed.family),
            "photo": len(parsed.photo),
        },
    )
    return cadre


def export_recorded(*, actor, cadres: list[Cadre], printed: bool = False) -> None:
    """Every export and print is authorized and audited. The .lrmx file carries the ID
    number in clear, so exporting it needs the right to see ID numbers; the printed
    form has none."""
    for cadre in cadres:
        authorize(actor, caps.VIEW_CADRE, cadre.unit)
        authorize(actor, core_caps.EXPORT, cadre.unit)
        if not printed:
            authorize(actor, core_caps.VIEW_SENSITIVE, cadre.unit)
    # One cadre's form names that cadre as the entry's object (the audit list shows who);
    # a batch lists the cadres it held.
    audit.log_action(
        caps.FORM_PRINTED if printed else caps.LRMX_EXPORTED,
        actor=actor,
        obj=cadres[0] if len(cadres) == 1 else None,
        extra={"cadres": [c.pk for c in cadres][:500], "count": len(cadres)},
    )
