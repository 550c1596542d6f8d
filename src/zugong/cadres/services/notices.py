"""Public notice before appointment (任前公示): open a notice with its end on the
working-day calendar, record and handle the objections received, close it with its
result; and the check an appointment makes against it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from zugong.cadres import capabilities as caps
from zugong.cadres import rules
from zugong.cadres.models import (
    AppointmentNotice,
    Cadre,
    NoticeExemption,
    NoticeObjection,
    PostLevel,
)
from zugong.cadres.services.records import raise_all
from zugong.core import audit
from zugong.core.errors import ApplicationError
from zugong.core.services.access import authorize
from zugong.core.validation import check_not_future


def _text(data: dict[str, Any], field: str) -> str:
    return str(data.get(field) or "").strip()


def post_name(unit_name: str, title: str) -> str:
    """A post as the public reads it, unit and title: 临桂镇人民政府 + 副镇长. A title that
    already names its place (临桂镇党委副书记 in 临桂镇人民政府) is not prefixed again."""
    unit_name, title = unit_name.strip(), title.strip()
    shared = 0
    for a, b in zip(unit_name, title, strict=False):
        if a != b:
            break
        shared += 1
    return title if not unit_name or shared >= 2 else unit_name + title


def held_posts(cadre: Cadre, on: dt.date | None = None) -> list[str]:
    """The posts the cadre holds (on ``on``, or now), from the positions, highest first."""
    held = [
        p
        for p in cadre.positions.all()
        if (on is None and p.ended_on is None)
        or (on is not None and p.started_on <= on and (p.ended_on is None or p.ended_on > on))
    ]
    held.sort(key=lambda p: (-rules.LEVEL_ORDER.index(p.level) if p.level else 1, p.started_on))
    names: list[str] = []
    for p in held:
        name = post_name(p.unit_name, p.title)
        if name not in names:
            names.append(name)
    return names


def current_post_of(cadre: Cadre, on: dt.date | None = None) -> str:
    """现任职务 as the notice states it: the posts held, else the record's 现任职务."""
    return "、".join(held_posts(cadre, on)) or cadre.current_post_text.strip()


def _same_post(a: str, b: str) -> bool:
    return "".join(a.split()) == "".join(b.split())


def _notice_problems(cadre: Cadre, data: dict[str, Any]) -> list[ApplicationError]:
    problems: list[ApplicationError] = []
    proposed = _text(data, "proposed_post")
    if not proposed:
        problems.append(ApplicationError(_("请填写拟任职务"), field="proposed_post"))
    else:
        now = [*held_posts(cadre), cadre.current_post_text, _text(data, "current_post")]
        if any(p.strip() and _same_post(proposed, p) for p in now):
            problems.append(
                ApplicationError(
                    _("拟任职务与现任职务相同（%(p)s）：任前公示的是拟提拔的新职务")
                    % {"p": proposed},
                    field="proposed_post",
                )
            )
    level = data.get("proposed_level") or ""
    if level not in PostLevel.values:
        problems.append(
            ApplicationError(_("拟任职务层次无效：请选择领导职务层次"), field="proposed_level")
        )
    start = data.get("starts_on")
    if not start:
        problems.append(ApplicationError(_("请填写公示开始日期"), field="starts_on"))
    decided = data.get("decided_on")
    if decided and start and decided > start:
        problems.append(
            ApplicationError(
                _("公示开始日期%(s)s早于党委（党组）决定日期%(d)s：公示应在讨论决定后进行")
                % {"s": f"{start:%Y-%m-%d}", "d": f"{decided:%Y-%m-%d}"},
                field="starts_on",
            )
        )
    if decided:
        try:
            check_not_future(decided, field="decided_on", label=_("党委（党组）决定日期"))
        except ApplicationError as error:
            problems.append(error)
    if not _text(data, "contact"):
        problems.append(
            ApplicationError(_("请填写受理意见的联系方式（单位、电话或地址）"), field="contact")
        )
    if data.get("exceptional") and not _text(data, "exceptional_reason"):
        problems.append(
            ApplicationError(
                _("破格提拔的，应当说明破格的具体情形和理由（%(s)s）")
                % {"s": rules.NOTICE_ARTICLE},
                field="exceptional_reason",
            )
        )
    if level in PostLevel.values and (
        AppointmentNotice.objects.filter(
            cadre=cadre, proposed_level=level, status=AppointmentNotice.Status.OPEN
        )
        .exclude(positions__isnull=False)
        .exists()
    ):
        problems.append(
            ApplicationError(
                _("%(n)s已有拟任%(l)s的公示正在进行，不能重复公示")
                % {"n": cadre.person.name, "l": PostLevel(level).label},
                field="proposed_level",
            )
        )
    return problems


@transaction.atomic
def notice_open(*, actor, cadre: Cadre, data: dict[str, Any]) -> AppointmentNotice:
    """Open a notice for a proposed appointment; its end is computed, not entered."""
    authorize(actor, caps.CHANGE_NOTICE, cadre.unit)
    raise_all(_notice_problems(cadre, data))
    days, kind = rules.notice_days()
    start = data["starts_on"]
    notice = AppointmentNotice.objects.create(
        cadre=cadre,
        current_post=_text(data, "current_post") or current_post_of(cadre),
        proposed_post=_text(data, "proposed_post"),
        proposed_level=data["proposed_level"],
        decided_on=data.get("decided_on"),
        starts_on=start,
        ends_on=rules.notice_end(start, days=days, kind=kind),
        days=days,
        day_kind=kind,
        scope_text=_text(data, "scope_text"),
        contact=_text(data, "contact"),
        exceptional=bool(data.get("exceptional")),
        exceptional_reason=_text(data, "exceptional_reason"),
    )
    audit.log_action(
        caps.NOTICE_SAVED,
        actor=actor,
        obj=cadre,
        changes={
            "notice": notice.proposed_post,
            "starts_on": str(notice.starts_on),
            "ends_on": str(notice.ends_on),
            "days": f"{days} {kind}",
            "exceptional": notice.exceptional,
        },
    )
    return notice


@transaction.atomic
def objection_record(*, actor, notice: AppointmentNotice, data: dict[str, Any]) -> NoticeObjection:
    """An objection received about the person noticed (来信、来访、来电、网络)."""
    authorize(actor, caps.CHANGE_NOTICE, notice.cadre.unit)
    problems: list[ApplicationError] = []
    received = data.get("received_on")
    if not received:
        problems.append(ApplicationError(_("请填写收到日期"), field="received_on"))
    else:
        try:
            check_not_future(received, field="received_on", label=_("收到日期"))
        except ApplicationError as error:
            problems.append(error)
        if received < notice.starts_on:
            problems.append(
                ApplicationError(
                    _("收到日期%(r)s早于公示开始日期%(s)s")
                    % {"r": f"{received:%Y-%m-%d}", "s": f"{notice.starts_on:%Y-%m-%d}"},
                    field="received_on",
                )
            )
    if data.get("channel") not in NoticeObjection.Channel.values:
        problems.append(ApplicationError(_("反映方式无效"), field="channel"))
    if not _text(data, "content"):
        problems.append(ApplicationError(_("请填写反映内容"), field="content"))
    if notice.status != AppointmentNotice.Status.OPEN:
        problems.append(ApplicationError(_("公示已结束，不能再登记反映"), field="received_on"))
    raise_all(problems)
    objection = NoticeObjection.objects.create(
        notice=notice,
        received_on=received,
        channel=data["channel"],
        content=_text(data, "content"),
    )
    audit.log_action(
        caps.NOTICE_SAVED,
        actor=actor,
        obj=notice.cadre,
        changes={"objection": str(objection), "notice": notice.proposed_post},
    )
    return objection


@transaction.atomic
def objection_handle(
    *,
    actor,
    objection: NoticeObjection,
    handled_on: dt.date,
    handling_result: str,
    affects_appointment: bool = False,
) -> NoticeObjection:
    """The finding on one objection (核查处理结果) and whether it affects the appointment."""
    authorize(actor, caps.CHANGE_NOTICE, objection.notice.cadre.unit)
    problems: list[ApplicationError] = []
    if not handled_on:
        problems.append(ApplicationError(_("请填写核查办结日期"), field="handled_on"))
    else:
        try:
            check_not_future(handled_on, field="handled_on", label=_("核查办结日期"))
        except ApplicationError as error:
            problems.append(error)
        if handled_on < objection.received_on:
            problems.append(ApplicationError(_("核查办结日期早于收到日期"), field="handled_on"))
    if not str(handling_result or "").strip():
        problems.append(ApplicationError(_("请填写核查处理结果"), field="handling_result"))
    raise_all(problems)
    objection.handled_on = handled_on
    objection.handling_result = handling_result.strip()
    objection.affects_appointment = bool(affects_appointment)
    objection.save()
    audit.log_action(
        caps.NOTICE_SAVED,
        actor=actor,
        obj=objection.notice.cadre,
        changes={
            "objection": str(objection),
            "handled_on": str(handled_on),
            "affects_appointment": objection.affects_appointment,
        },
    )
    return objection


@transaction.atomic
def notice_close(
    *,
    actor,
    notice: AppointmentNotice,
    closed_on: dt.date,
    passed: bool,
    result_note: str = "",
) -> AppointmentNotice:
    """The notice's result: it does not affect the appointment (after the period, every
    objection handled and none affecting it), or it does (at any time)."""
    authorize(actor, caps.CHANGE_NOTICE, notice.cadre.unit)
    if notice.status != AppointmentNotice.Status.OPEN:
        raise ApplicationError(_("该公示已认定结果"), field="closed_on")
    check_not_future(closed_on, field="closed_on", label=_("公示结果认定日期"))
    if passed:
        if closed_on < notice.ends_on:
            raise ApplicationError(
                _("公示期至%(e)s，期满前不能认定为不影响任职")
                % {"e": f"{notice.ends_on:%Y-%m-%d}"},
                field="closed_on",
            )
        objections = list(notice.objections.all())
        unhandled = sum(1 for o in objections if o.handled_on is None)
        if unhandled:
            raise ApplicationError(
                _("还有%(n)d件反映尚未核查处理") % {"n": unhandled}, field="closed_on"
            )
        if any(o.affects_appointment for o in objections):
            raise ApplicationError(
                _("有反映经核查影响任职，不能认定为不影响任职"), field="closed_on"
            )
    elif not str(result_note or "").strip():
        raise ApplicationError(_("公示结果影响任职的，请说明情况"), field="result_note")
    notice.status = AppointmentNotice.Status.PASSED if passed else AppointmentNotice.Status.FAILED
    notice.closed_on = closed_on
    notice.result_note = str(result_note or "").strip()
    notice.save()
    audit.log_action(
        caps.NOTICE_SAVED,
        actor=actor,
        obj=notice.cadre,
        changes={"notice": notice.proposed_post, "result": str(notice.get_status_display())},
    )
    return notice


# ---------------------------------------------------------------- the appointment's check


def notice_for(cadre: Cadre, level: str) -> AppointmentNotice | None:
    """The latest notice for the cadre at ``level`` not yet used by an appointment."""
    return (
        AppointmentNotice.objects.filter(cadre=cadre, proposed_level=level, positions__isnull=True)
        .prefetch_related("objections")
        .order_by("-starts_on", "-id")
        .first()
    )


def fact_of(notice: AppointmentNotice) -> rules.NoticeFact:
    objections = list(notice.objections.all())
    return rules.NoticeFact(
        starts_on=notice.starts_on,
        ends_on=notice.ends_on,
        failed=notice.status == AppointmentNotice.Status.FAILED,
        unhandled=sum(1 for o in objections if o.handled_on is None),
        affecting=sum(1 for o in objections if o.affects_appointment),
    )


def appointment_notice(
    cadre: Cadre, *, level: str, on: dt.date, exemption: str, exemption_note: str
) -> AppointmentNotice | None:
    """The notice a promotion to ``level`` on ``on`` rests on, or None when it is exempt;
    refused (in Chinese, naming the dates and the article) when it has none."""
    if exemption:
        if exemption not in NoticeExemption.values:
            raise ApplicationError(_("未经公示的原因无效"), field="notice_exemption")
        if exemption == NoticeExemption.EARLIER_RECORD and not exemption_note.strip():
            raise ApplicationError(
                _("补录以往任职的，请在“未经公示的说明”中写明原公示情况"),
                field="notice_exemption_note",
            )
        return None
    notice = notice_for(cadre, level)
    refusal = rules.notice_refusal(fact_of(notice) if notice else None, on)
    if refusal:
        raise ApplicationError(refusal, field="started_on")
    return notice


# ---------------------------------------------------------------- the printed notice


def _issuer(cadre: Cadre) -> str:
    """The department that issues the notice: 中共临桂区委员会 → 中共临桂区委组织部."""
    from zugong.core.models import Organization

    # Unscoped on purpose: the district committee is above a township officer's subtree,
    # and only its name is read. The root's path is the first segment of every path.
    root = Organization.objects.unscoped().filter(path=cadre.unit.path[:4]).first()
    name = root.name if root else ""
    return name.replace("委员会", "委组织部") if name.endswith("委员会") else name + _("组织部")


def notice_text(notice: AppointmentNotice) -> str:
    """The announcement (任前公示公告) as it is posted: who, what post, when, and where
    to send objections; an exceptional promotion states why."""
    from zugong.core import codes
    from zugong.core.models import CodeTable

    person = notice.cadre.person
    # 现任: the posts held when the notice began (a post it led to starts after its end).
    current = "、".join(held_posts(notice.cadre, notice.starts_on)) or notice.current_post
    facts = [
        person.name,
        codes.name(CodeTable.GENDER, person.gender),
        codes.name(CodeTable.ETHNICITY, person.ethnicity) if person.ethnicity else "",
        _("%(y)d年%(m)d月出生") % {"y": person.birth_date.year, "m": person.birth_date.month},
        codes.name(CodeTable.POLITICAL_STATUS, person.political_status)
        if person.political_status
        else "",
        _("现任%(p)s") % {"p": current} if current else "",
        _("拟任%(p)s") % {"p": notice.proposed_post},
    ]
    unit = _("个工作日") if notice.day_kind == AppointmentNotice.DayKind.WORKING else _("天")
    lines = [
        _("干部任前公示"),
        "",
        _("根据%(r)s有关规定，现将拟任职干部人选予以公示：") % {"r": rules.SELECTION},
        "",
        "，".join(f for f in facts if f) + "。",
    ]
    if notice.exceptional:
        lines.append(_("破格提拔的具体情形和理由：%(r)s") % {"r": notice.exceptional_reason})
    lines += [
        "",
        _("公示时间：%(a)s至%(b)s（%(n)d%(u)s）。")
        % {
            "a": _date(notice.starts_on),
            "b": _date(notice.ends_on),
            "n": notice.days,
            "u": unit,
        },
        _(
            "公示期间，对公示对象有情况反映的，可以通过来信、来电、来访等方式反映。"
            "反映情况应实事求是，提倡署真实姓名或当面反映，并提供具体事实或线索。"
        ),
        _("受理单位及联系方式：%(c)s") % {"c": notice.contact},
    ]
    if notice.scope_text:
        lines.append(_("公示范围：%(s)s") % {"s": notice.scope_text})
    lines += ["", _issuer(notice.cadre), _date(notice.starts_on)]
    return "\n".join(lines)


def _date(day: dt.date) -> str:
    return _("%(y)d年%(m)d月%(d)d日") % {"y": day.year, "m": day.month, "d": day.day}


def notice_print(*, actor, notice: AppointmentNotice) -> str:
    """The announcement for printing; printing is recorded."""
    authorize(actor, caps.VIEW_CADRE, notice.cadre.unit)
    audit.log_action(
        caps.NOTICE_PRINTED, actor=actor, obj=notice.cadre, changes={"notice": str(notice)}
    )
    return notice_text(notice)
