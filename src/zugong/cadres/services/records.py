"""The cadre record: create and change, posts, ranks and the record's own tables."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zugong.cadres import capabilities as caps
from zugong.cadres import rules, selectors
from zugong.cadres.models import (
    Cadre,
    CadreStatus,
    Education,
    FamilyMember,
    Position,
    RankRecord,
    ResumeEntry,
    RewardPunishment,
    StaffGradeRecord,
    UnitKind,
    UnitLevel,
)
from zugong.core import audit
from zugong.core.errors import ApplicationError
from zugong.core.models import Organization, Person
from zugong.core.services.access import authorize, get_access
from zugong.core.validation import check_not_future

CADRE_FIELDS = (
    "unit_name",
    "unit_kind",
    "unit_level",
    "status",
    "work_started_on",
    "work_started_written_to_day",
    "birth_written_to_day",
    "party_joined_on",
    "other_party",
    "birth_place",
    "health",
    "professional_title",
    "expertise",
    "current_post_text",
    "probation_started_on",
    "last_training_on",
)
DATE_LABELS = {
    "work_started_on": _("参加工作时间"),
    "party_joined_on": _("入党时间"),
    "probation_started_on": _("试用期起始"),
    "last_training_on": _("任职培训结业时间"),
}


def raise_all(problems: list[ApplicationError]) -> None:
    if not problems:
        return
    raise ApplicationError(
        problems[0].message
        if len(problems) == 1
        else _("有%(n)d处填写有误：%(f)s等") % {"n": len(problems), "f": problems[0].message},
        details=[{"field": p.field, "message": p.message} for p in problems],
    )


def _check_cadre(data: dict[str, Any], person: Person) -> None:
    problems: list[ApplicationError] = []
    for field, label in DATE_LABELS.items():
        value = data.get(field)
        if value:
            try:
                check_not_future(value, field=field, label=label)
            except ApplicationError as error:
                problems.append(error)
    work = data.get("work_started_on")
    if not work:
        problems.append(ApplicationError(_("请填写参加工作时间"), field="work_started_on"))
    elif rules.age_on(person.birth_date, work) < rules.MIN_WORK_AGE.value:
        problems.append(
            ApplicationError(
                _("参加工作时间%(w)s时未满16周岁") % {"w": f"{work:%Y.%m}"},
                field="work_started_on",
            )
        )
    joined = data.get("party_joined_on")
    if joined and rules.add_years(person.birth_date, rules.MIN_PARTY_AGE.value) > joined:
        problems.append(
            ApplicationError(
                _("入党时间%(j)s时未满18周岁") % {"j": f"{joined:%Y.%m}"}, field="party_joined_on"
            )
        )
    for field, choices, label in (
        ("unit_kind", UnitKind, _("单位性质")),
        ("unit_level", UnitLevel, _("单位层级")),
        ("status", CadreStatus, _("状态")),
    ):
        if field in data and data[field] not in choices.values:
            problems.append(ApplicationError(_("%(l)s无效") % {"l": label}, field=field))
    if "unit_name" in data and not str(data["unit_name"]).strip():
        problems.append(ApplicationError(_("请填写工作单位"), field="unit_name"))
    raise_all(problems)


@transaction.atomic
def cadre_create(*, actor, person: Person, unit: Organization, data: dict[str, Any]) -> Cadre:
    authorize(actor, caps.CHANGE_CADRE, unit)
    # Unscoped on purpose: one cadre record per person, wherever it is kept.
    if Cadre.objects.unscoped().filter(person=person).exists():
        raise ApplicationError(
            _("%(n)s已有干部信息，不能重复建立") % {"n": person.name}, field="person"
        )
    _check_cadre(data, person)
    cadre = Cadre(person=person, unit=unit, **{k: v for k, v in data.items() if k in CADRE_FIELDS})
    cadre.save()
    audit.log_action(
        caps.CADRE_SAVED,
        actor=actor,
        obj=cadre,
        changes={"unit": unit.code, **{k: str(v) for k, v in data.items() if k in CADRE_FIELDS}},
    )
    return cadre


@transaction.atomic
def cadre_update(
    *, actor, cadre: Cadre, data: dict[str, Any], unit: Organization | None = None
) -> Cadre:
    authorize(actor, caps.CHANGE_CADRE, cadre.unit)
    if unit is not None and unit.pk != cadre.unit_id:
        authorize(actor, caps.CHANGE_CADRE, unit)
    merged = {f: getattr(cadre, f) for f in CADRE_FIELDS} | {
        k: v for k, v in data.items() if k in CADRE_FIELDS
    }
    _check_cadre(merged, cadre.person)
    changes = {}
    for field in CADRE_FIELDS:
        if field in data and getattr(cadre, field) != data[field]:
            changes[field] = {"old": str(getattr(cadre, field)), "new": str(data[field])}
            setattr(cadre, field, data[field])
    if unit is not None and unit.pk != cadre.unit_id:
        changes["unit"] = {"old": cadre.unit.code, "new": unit.code}
        cadre.unit = unit
    if changes:
        cadre.save()
        audit.log_action(caps.CADRE_SAVED, actor=actor, obj=cadre, changes=changes)
    return cadre


def cadre_save(*, actor, cadre: Cadre, data: dict[str, Any]) -> Cadre:
    """The admin form's entry: create when new, change otherwise."""
    unit = data.pop("unit", None)
    person = data.pop("person", None)
    if cadre.pk is None:
        if person is None or unit is None:
            raise ApplicationError(_("请选择人员和所在单位党组织"), field="person")
        return cadre_create(actor=actor, person=person, unit=unit, data=data)
    return cadre_update(actor=actor, cadre=cadre, data=data, unit=unit)


@transaction.atomic
def photo_set(*, actor, cadre: Cadre, content: bytes) -> Cadre:
    kind = image_type(content)
    if kind is None:
        raise ApplicationError(_("照片不是JPEG、PNG或BMP图片"), field="photo")
    authorize(actor, caps.CHANGE_CADRE, cadre.unit)
    cadre.photo, cadre.photo_type = content, kind
    cadre.save(update_fields=["photo", "photo_type", "updated_at"])
    audit.log_action(
        caps.CADRE_SAVED, actor=actor, obj=cadre, changes={"photo": f"{kind}, {len(content)}B"}
    )
    return cadre


def image_type(content: bytes) -> str | None:
    """The image type from its magic bytes (the .lrmx photo carries no type)."""
    if content.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if content.startswith(b"BM"):
        return "bmp"
    if content[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    return None


# ---------------------------------------------------------------- posts and ranks


def _promotion_refusal(actor, cadre: Cadre, on: dt.date, field: str) -> None:
    # The refusal names the bar only to those allowed to see supervision records.
    verdict = selectors.verdict(cadre, on, access=get_access(actor) if actor else None)
    if not verdict.allowed:
        raise ApplicationError(verdict.text, field=field)


def _appointment_refusal(actor, cadre: Cadre, *, level: str, on, promotion: bool) -> None:
    # Every appointment meets the two tiers of 责令辞职 and 免职; a promotion every bar.
    # The refusal names the bar only to those allowed to see supervision records.
    verdict = selectors.appointment_verdict(
        cadre, level=level, on=on, promotion=promotion, access=get_access(actor) if actor else None
    )
    if not verdict.allowed:
        raise ApplicationError(verdict.text, field="started_on")


def _position_problems(data: dict[str, Any]) -> None:
    started = data.get("started_on")
    problems = []
    if not started:
        problems.append(ApplicationError(_("请填写任职时间"), field="started_on"))
    else:
        try:
            check_not_future(started, field="started_on", label=_("任职时间"))
        except ApplicationError as error:
            problems.append(error)
    if not str(data.get("title", "")).strip():
        problems.append(ApplicationError(_("请填写职务名称"), field="title"))
    level = data.get("level", "")
    if level and level not in rules.LEVEL_ORDER:
        problems.append(ApplicationError(_("职务层次无效"), field="level"))
    raise_all(problems)


@transaction.atomic
def position_add(*, actor, cadre: Cadre, data: dict[str, Any]) -> Position:
    """Appoint the cadre to a post. Refused inside the two tiers of 责令辞职 or 免职
    (any leading post, then a post above the former level); a promotion is refused inside
    any bar or probation, and without a public notice that ended before the day (unless
    a recorded reason exempts it)."""
    from zugong.cadres.services import notices

    authorize(actor, caps.CHANGE_CADRE, cadre.unit)
    _position_problems(data)
    started = data["started_on"]
    level = data.get("level", "")
    current = selectors.current_position(cadre)
    promotion = bool(
        level
        and (
            current is None
            or rules.LEVEL_ORDER.index(level) > rules.LEVEL_ORDER.index(current.level)
        )
    )
    data = {**data, "is_promotion": data.get("is_promotion", promotion) or promotion}
    _appointment_refusal(actor, cadre, level=level, on=started, promotion=data["is_promotion"])
    exemption = data.get("notice_exemption") or ""
    note = str(data.get("notice_exemption_note") or "").strip()
    notice = None
    if data["is_promotion"] and level:
        notice = notices.appointment_notice(
            cadre, level=level, on=started, exemption=exemption, exemption_note=note
        )
    elif exemption:
        exemption, note = "", ""  # only a promotion is noticed; nothing to exempt
    data = {**data, "notice": notice, "notice_exemption": exemption, "notice_exemption_note": note}
    position = Position(cadre=cadre, **{k: v for k, v in data.items() if k != "cadre"})
    position.unit_name = position.unit_name or cadre.unit_name
    _clean(position)
    position.save()
    audit.log_action(
        caps.CADRE_RECORD_SAVED,
        actor=actor,
        obj=cadre,
        changes={
            "position": str(position),
            "started_on": str(started),
            "level": level,
            "notice": str(notice) if notice else exemption,
        },
    )
    return position


@transaction.atomic
def position_end(
    *,
    actor,
    position: Position,
    ended_on: dt.date,
    removal_doc: str = "",
    removal_approved_by: str = "",
) -> Position:
    authorize(actor, caps.CHANGE_CADRE, position.cadre.unit)
    check_not_future(ended_on, field="ended_on", label=_("免职时间"))
    if ended_on < position.started_on:
        raise ApplicationError(_("免职时间早于任职时间"), field="ended_on")
    if position.ended_on:
        raise ApplicationError(_("该职务已免去"), field="ended_on")
    position.ended_on = ended_on
    position.removal_doc = removal_doc
    position.removal_approved_by = removal_approved_by
    position.save()
    audit.log_action(
        caps.CADRE_RECORD_SAVED,
        actor=actor,
        obj=position.cadre,
        changes={"ended": str(position), "ended_on": str(ended_on), "document": removal_doc},
    )
    return position


@transaction.atomic
def rank_set(
    *,
    actor,
    cadre: Cadre,
    rank: str,
    started_on: dt.date,
    pay_grade: int | None = None,
    document: str = "",
    approved_by: str = "",
) -> RankRecord:
    """Give the cadre a rank from ``started_on``. A county or township organ may not
    hold ranks above 二级调研员; a promotion must meet the time requirement and be
    outside every bar."""
    authorize(actor, caps.CHANGE_CADRE, cadre.unit)
    if rank not in rules.RANK_LADDER:
        raise ApplicationError(_("职级无效"), field="rank")
    check_not_future(started_on, field="started_on", label=_("任职级时间"))
    county = cadre.unit_level in (UnitLevel.COUNTY, UnitLevel.TOWNSHIP)
    cap = rules.rank_above_cap(rank, county_or_township_organ=county)
    if cap:
        raise ApplicationError(cap, field="rank")
    current = selectors.current_rank(cadre)
    if current is not None and current.rank == rank:
        raise ApplicationError(_("已是该职级"), field="rank")
    promotion = current is not None and rules.RANK_LADDER.index(rank) < rules.RANK_LADDER.index(
        current.rank
    )
    if promotion:
        if rank != rules.next_rank(current.rank):
            raise ApplicationError(
                _("职级应逐级晋升：现任%(c)s，下一职级为%(n)s")
                % {
                    "c": rules.rank_name(current.rank),
                    "n": rules.rank_name(rules.next_rank(current.rank)),
                },
                field="rank",
            )
        eligibility = selectors.rank_eligibility(cadre, started_on)
        if eligibility.blocked:
            raise ApplicationError(eligibility.blocked, field="rank")
        if eligibility.earliest > started_on:
            raise ApplicationError(
                _("任职年限不足：最早%(d)s可晋升%(r)s")
                % {"d": f"{eligibility.earliest:%Y-%m-%d}", "r": rules.rank_name(rank)},
                field="started_on",
            )
        _promotion_refusal(actor, cadre, started_on, "started_on")
        _quota_refusal(cadre, rank)
    if current is not None:
        if started_on < current.started_on:
            raise ApplicationError(_("任职级时间早于现职级的起始时间"), field="started_on")
        current.ended_on = started_on
        current.save(update_fields=["ended_on"])
    record = RankRecord.objects.create(
        cadre=cadre,
        rank=rank,
        started_on=started_on,
        pay_grade=pay_grade,
        document=document,
        approved_by=approved_by,
    )
    audit.log_action(
        caps.CADRE_RECORD_SAVED,
        actor=actor,
        obj=cadre,
        changes={
            "rank": rules.rank_name(rank),
            "started_on": str(started_on),
            "document": document,
        },
    )
    return record


@transaction.atomic
def staff_grade_set(
    *, actor, cadre: Cadre, grade: int, started_on: dt.date, document: str = ""
) -> StaffGradeRecord:
    authorize(actor, caps.CHANGE_CADRE, cadre.unit)
    if cadre.unit_kind != UnitKind.PUBLIC_INSTITUTION:
        raise ApplicationError(_("职员等级只适用于事业单位管理岗位人员"), field="grade")
    if not 1 <= int(grade) <= 10:
        raise ApplicationError(_("职员等级应为一至十级"), field="grade")
    check_not_future(started_on, field="started_on", label=_("起始时间"))
    current = selectors.current_staff_grade(cadre)
    if current is not None and grade < current.grade:
        if grade != current.grade - 1:
            raise ApplicationError(_("职员等级应逐级晋升"), field="grade")
        eligibility = selectors.staff_grade_eligibility(cadre, started_on)
        if eligibility.blocked:
            raise ApplicationError(eligibility.blocked, field="grade")
        if eligibility.earliest > started_on:
            raise ApplicationError(
                _("任职年限不足：最早%(d)s可晋升") % {"d": f"{eligibility.earliest:%Y-%m-%d}"},
                field="started_on",
            )
        _promotion_refusal(actor, cadre, started_on, "started_on")
    if current is not None:
        current.ended_on = started_on
        current.save(update_fields=["ended_on"])
    record = StaffGradeRecord.objects.create(
        cadre=cadre, grade=grade, started_on=started_on, document=document
    )
    audit.log_action(
        caps.CADRE_RECORD_SAVED,
        actor=actor,
        obj=cadre,
        changes={"staff_grade": grade, "started_on": str(started_on)},
    )
    return record


# ---------------------------------------------------------------- the record's tables

CHILD_MODELS = (Education, ResumeEntry, FamilyMember, RewardPunishment)


def _clean(obj) -> None:
    """Field-level checks of a record row, as one Chinese ApplicationError."""
    try:
        obj.full_clean(exclude=["cadre"])
    except ValidationError as error:
        raise_all(
            [
                ApplicationError(f"{obj._meta.get_field(f).verbose_name}：{m}", field=f)
                for f, messages in error.message_dict.items()
                for m in messages
                if f != "__all__"
            ]
            or [ApplicationError("；".join(error.messages))]
        )


def _check_child(obj) -> None:
    """The checks the table editor and the .lrmx import make (résumé continuity, birth
    months, dates, education codes), for one row among the table's others."""
    from zugong.cadres.services import record_tables

    model = type(obj)
    rows = [o for o in model.objects.filter(cadre=obj.cadre) if o.pk != obj.pk] + [obj]
    if model is ResumeEntry:
        rows.sort(key=record_tables.resume_key)
    found = record_tables.table_findings(obj.cadre, model, rows, dt.date.today())
    raise_all(found.refusals)


@transaction.atomic
def record_save(*, actor, obj) -> Any:
    """Add or change one row of education, résumé, family or rewards."""
    if not isinstance(obj, CHILD_MODELS):
        raise ApplicationError(_("不支持的记录类型"))
    authorize(actor, caps.CHANGE_CADRE, obj.cadre.unit)
    if isinstance(obj, ResumeEntry | FamilyMember) and not obj.order:
        last = type(obj).objects.filter(cadre=obj.cadre).order_by("-order").first()
        obj.order = (last.order + 1) if last else 1
    _clean(obj)
    _check_child(obj)
    created = obj.pk is None
    obj.save()
    audit.log_action(
        caps.CADRE_RECORD_SAVED,
        actor=actor,
        obj=obj.cadre,
        changes={"table": str(obj._meta.verbose_name), "row": str(obj), "created": created},
    )
    return obj


@transaction.atomic
def record_delete(*, actor, obj) -> None:
    if not isinstance(obj, (*CHILD_MODELS, Position, RankRecord, StaffGradeRecord)):
        raise ApplicationError(_("不支持的记录类型"))
    authorize(actor, caps.CHANGE_CADRE, obj.cadre.unit)
    audit.log_action(
        caps.CADRE_RECORD_SAVED,
        actor=actor,
        obj=obj.cadre,
        changes={"table": str(obj._meta.verbose_name), "deleted": str(obj)},
    )
    obj.delete()


@transaction.atomic
def leading_group_save(*, actor, group, data: dict[str, Any]):
    """Create or change a leading group (领导班子) of an organization in scope."""
    from zugong.cadres.models import LeadingGroup

    organization = data.get("organization") or (group.organization if group.pk else None)
    if organization is None:
        raise ApplicationError(_("请选择所属党组织"), field="organization")
    authorize(actor, caps.CHANGE_CADRE, organization)
    if group.pk and organization.pk != group.organization_id:
        authorize(actor, caps.CHANGE_CADRE, group.organization)
    name = str(data.get("name", group.name) or "").strip()
    if not name:
        raise ApplicationError(_("请填写班子名称"), field="name")
    level = data.get("level", group.level)
    if level not in LeadingGroup.Level.values:
        raise ApplicationError(_("班子层级无效"), field="level")
    created = group.pk is None
    group.organization = organization
    group.name = name
    group.level = level
    group.establishment = data.get("establishment", group.establishment)
    group.is_government = bool(data.get("is_government", group.is_government))
    group.save()
    audit.log_action(
        caps.CADRE_RECORD_SAVED,
        actor=actor,
        obj=group,
        changes={"leading_group": name, "created": created, "organization": organization.code},
    )
    return group


@transaction.atomic
def establishment_save(*, actor, establishment, data: dict[str, Any]):
    """Record the civil-service establishment of an organ (the base of its rank quotas)."""
    organization = data.get("organization") or (
        establishment.organization if establishment.pk else None
    )
    if organization is None:
        raise ApplicationError(_("请选择单位党组织"), field="organization")
    authorize(actor, caps.CHANGE_CADRE, organization)
    posts = data.get("posts", establishment.posts)
    if posts is None or int(posts) < 1:
        raise ApplicationError(_("编制数应大于0"), field="posts")
    created = establishment.pk is None
    old = establishment.posts
    establishment.organization = organization
    establishment.posts = int(posts)
    establishment.document = data.get("document", establishment.document or "")
    establishment.save()
    audit.log_action(
        caps.CADRE_RECORD_SAVED,
        actor=actor,
        obj=establishment,
        changes={"establishment": {"old": None if created else old, "new": establishment.posts}},
    )
    return establishment


def _quota_refusal(cadre: Cadre, rank: str) -> None:
    """A promotion needs a vacancy within the unit's rank quota (when its establishment
    is recorded)."""
    from zugong.cadres.models import UnitEstablishment

    establishment = UnitEstablishment.objects.filter(organization=cadre.unit).first()
    if establishment is None:
        return
    counts = selectors.rank_counts(cadre.unit)
    counts[rank] = counts.get(rank, 0) + 1
    current = selectors.current_rank(cadre)
    if current is not None:
        counts[current.rank] -= 1
    for finding in rules.rank_quota_findings(establishment.posts, counts):
        if finding["over"] and finding["held"] > 0 and rank in finding["ranks"]:
            raise ApplicationError(
                _("%(u)s%(n)s职数已满：编制%(e)d名，按%(p)s%%核定%(c)d名，晋升后将有%(h)d名")
                % {
                    "u": cadre.unit_name,
                    "n": finding["name"],
                    "e": establishment.posts,
                    "p": finding["percent"],
                    "c": finding["cap"],
                    "h": finding["held"],
                },
                field="rank",
            )
