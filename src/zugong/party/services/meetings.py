"""Recording organizational life and democratic review grades."""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.db import transaction
from django.utils.translation import gettext as _

from zugong.core import audit
from zugong.core import changes as changes_module
from zugong.core.errors import ApplicationError
from zugong.core.models import Organization, OrgKind, Person
from zugong.core.services.access import authorize
from zugong.core.validation import check_not_future
from zugong.party import capabilities as caps
from zugong.party import rules
from zugong.party.models import (
    Attendance,
    Meeting,
    MeetingKind,
    Member,
    MemberKind,
    MemberReview,
    MemberStatus,
    ReviewGrade,
)
from zugong.party.services.committees import current_committee

# Registered here beside the one service that writes it (party.capabilities holds the
# other party actions).

# Which organization kinds hold which meetings.
HELD_BY = {
    MeetingKind.GROUP: {OrgKind.GROUP},
    MeetingKind.DEMOCRATIC_LIFE: {OrgKind.DISTRICT, OrgKind.TOWNSHIP, OrgKind.GRASSROOTS},
}
BRANCH_LEVEL = {
    OrgKind.BRANCH,
    OrgKind.GENERAL_BRANCH,
    OrgKind.GRASSROOTS,
    OrgKind.TOWNSHIP,
    OrgKind.DISTRICT,
}


def members_of(organization: Organization):
    """Living members whose membership is in the organization or under it."""
    return Member.objects.filter(
        person__organization__path__startswith=organization.path,
        status__in=[MemberStatus.NORMAL, MemberStatus.FLOATING, MemberStatus.LOST_CONTACT],
    ).select_related("person")


def _check_meeting(organization: Organization, kind: str, held_on: dt.date, topic: str) -> None:
    """What any meeting record needs: a kind the organization holds, a date between the
    organization's founding and today, and a topic."""
    if kind not in MeetingKind.values:
        raise ApplicationError(_("会议类型无效"), field="kind")
    allowed = HELD_BY.get(kind, BRANCH_LEVEL)
    if organization.kind not in allowed:
        raise ApplicationError(
            _("%(org_kind)s不召开%(kind)s")
            % {"org_kind": organization.get_kind_display(), "kind": MeetingKind(kind).label},
            field="kind",
        )
    check_not_future(held_on, field="held_on", label=_("会议日期"))
    if organization.founded_on and held_on < organization.founded_on:
        raise ApplicationError(
            _("会议日期早于该组织成立日期%(d)s") % {"d": organization.founded_on.isoformat()},
            field="held_on",
        )
    if not topic.strip():
        raise ApplicationError(_("请填写会议主题"), field="topic")


def _attendees(
    organization: Organization,
    kind: str,
    absent: dict[int, str],
    people: dict[int, Person],
    *,
    seats: list[int] | None = None,
) -> list[int]:
    """Who was to attend (for a committee meeting ``seats``, by default the sitting
    committee's members; else ``people``), with a reason for each absence and the
    committee's quorum."""
    strangers = [pid for pid in absent if pid not in people]
    if strangers:
        raise ApplicationError(_("缺席人员不是本组织的党员"), field="absent")
    for pid, reason in absent.items():
        if not (reason or "").strip():
            raise ApplicationError(
                _("请填写%(n)s的缺席原因") % {"n": people[pid].name}, field="absent"
            )
    if kind != MeetingKind.BRANCH_COMMITTEE:
        return list(people)
    if seats is None:
        committee = current_committee(organization)
        if committee is None:
            raise ApplicationError(_("该组织没有在任的支部委员会"), field="kind")
        seats = list(committee.seats.values_list("person_id", flat=True))
    present = [pid for pid in seats if pid not in absent]
    # 支部条例第十二条: a committee meeting needs more than half of its members.
    if len(present) * 2 <= len(seats):
        raise ApplicationError(
            _("到会委员%(p)d名，未超过委员总数%(n)d名的半数，会议不能召开")
            % {"p": len(present), "n": len(seats)},
            field="absent",
        )
    return seats


def _write_attendance(meeting: Meeting, attendees: list[int], absent: dict[int, str]) -> None:
    Attendance.objects.bulk_create(
        Attendance(
            meeting=meeting,
            person_id=pid,
            present=pid not in absent,
            absence_reason=absent.get(pid, "").strip(),
        )
        for pid in attendees
    )


@transaction.atomic
def meeting_record(
    *,
    actor,
    organization: Organization,
    kind: str,
    held_on: dt.date,
    topic: str,
    host: str = "",
    minutes: str = "",
    absent: dict[int, str] | None = None,
    attachment=None,
) -> Meeting:
    """Record a meeting. Everyone of the organization's members attends unless named in
    ``absent`` (person id → reason); a reason is required for each absence."""
    authorize(actor, caps.CHANGE_MEMBER, organization)
    _check_meeting(organization, kind, held_on, topic)
    absent = absent or {}
    people = {m.person_id: m.person for m in members_of(organization)}
    attendees = _attendees(organization, kind, absent, people)
    meeting = Meeting.objects.create(
        organization=organization,
        kind=kind,
        held_on=held_on,
        topic=topic.strip(),
        host=host.strip(),
        minutes=minutes,
        recorded_by=actor,
    )
    if attachment:
        meeting.attachment.save(attachment.name, attachment, save=True)
    _write_attendance(meeting, attendees, absent)
    audit.log_action(
        caps.MEETING_RECORDED,
        actor=actor,
        obj=meeting,
        changes={
            "kind": kind,
            "held_on": held_on.isoformat(),
            "present": len(attendees) - len(absent),
            "absent": len(absent),
        },
    )
    changes_module.organizations_changed([meeting.organization_id])  # compliance
    return meeting


def meeting_roster(meeting: Meeting) -> dict[int, Person]:
    """Those the meeting's attendance was recorded for (the members at the time)."""
    return {a.person_id: a.person for a in meeting.attendance.select_related("person")}


@transaction.atomic
def meeting_update(
    *,
    actor,
    meeting: Meeting,
    kind: str,
    held_on: dt.date,
    topic: str,
    host: str = "",
    minutes: str = "",
    absent: dict[int, str] | None = None,
    attachment=None,
) -> Meeting:
    """Correct a recorded meeting: its kind, date, topic, host, minutes, absences and
    attachment (``None`` keeps it, ``False`` removes it). The attendance stays that of
    the members at the time, unless the kind changes between a committee meeting and a
    meeting of all members; the audit entry keeps the old and the new values."""
    authorize(actor, caps.CHANGE_MEMBER, meeting.organization)
    meeting = Meeting.objects.select_for_update().select_related("organization").get(pk=meeting.pk)
    organization = meeting.organization
    _check_meeting(organization, kind, held_on, topic)
    if (
        meeting.kind == MeetingKind.MEMBER_REVIEW
        and kind != MeetingKind.MEMBER_REVIEW
        and meeting.reviews.exists()
    ):
        raise ApplicationError(_("该次民主评议党员已评定等次，不能改为其他类型"), field="kind")
    absent = absent or {}
    before = {
        "kind": meeting.kind,
        "held_on": meeting.held_on.isoformat(),
        "topic": meeting.topic,
        "host": meeting.host,
        "minutes": meeting.minutes,
        "absent": dict(
            meeting.attendance.filter(present=False).values_list("person__name", "absence_reason")
        ),
        "attachment": meeting.attachment.name or "",
    }
    committee = MeetingKind.BRANCH_COMMITTEE
    roster = meeting_roster(meeting)
    if (meeting.kind == committee) == (kind == committee):
        people, seats = roster, list(roster)
    else:
        people, seats = {m.person_id: m.person for m in members_of(organization)}, None
    attendees = _attendees(organization, kind, absent, people, seats=seats)
    meeting.kind, meeting.held_on, meeting.topic = kind, held_on, topic.strip()
    meeting.host, meeting.minutes = host.strip(), minutes
    meeting.save(update_fields=["kind", "held_on", "topic", "host", "minutes"])
    if attachment is False and meeting.attachment:
        meeting.attachment.delete(save=True)
    elif attachment:
        meeting.attachment.save(attachment.name, attachment, save=True)
    meeting.attendance.all().delete()
    _write_attendance(meeting, attendees, absent)
    names = {pid: person.name for pid, person in {**roster, **people}.items()}
    after = {
        "kind": kind,
        "held_on": held_on.isoformat(),
        "topic": meeting.topic,
        "host": meeting.host,
        "minutes": minutes,
        "absent": {names[pid]: reason.strip() for pid, reason in absent.items()},
        "attachment": meeting.attachment.name or "",
    }
    changes = {
        field: {"old": old, "new": after[field]}
        for field, old in before.items()
        if old != after[field]
    }
    if "minutes" in changes:  # the text can be long: the entry says it changed, not how
        changes["minutes"] = {"old": len(before["minutes"]), "new": len(minutes)}
    audit.log_action(caps.MEETING_UPDATED, actor=actor, obj=meeting, changes=changes)
    changes_module.organizations_changed([meeting.organization_id])  # compliance
    return meeting


@transaction.atomic
def review_grade(*, actor, meeting: Meeting, grades: dict[int, str]) -> list[MemberReview]:
    """Grades of a democratic review (member id → grade); 优秀 at most one third."""
    authorize(actor, caps.CHANGE_MEMBER, meeting.organization)
    if meeting.kind != MeetingKind.MEMBER_REVIEW:
        raise ApplicationError(_("只有民主评议党员可以评定等次"), field="meeting")
    members = {m.pk: m for m in members_of(meeting.organization).filter(kind=MemberKind.FULL)}
    unknown = [mid for mid in grades if mid not in members]
    if unknown:
        raise ApplicationError(_("参加评议的应是本组织的正式党员"), field="grades")
    if any(grade not in ReviewGrade.values for grade in grades.values()):
        raise ApplicationError(_("评议等次无效"), field="grades")
    excellent = sum(1 for grade in grades.values() if grade == ReviewGrade.EXCELLENT)
    cap = rules.excellent_cap(len(members))
    if excellent > cap:
        raise ApplicationError(
            _("评为优秀%(e)d名，超过党员总数%(n)d名的三分之一（最多%(c)d名）")
            % {"e": excellent, "n": len(members), "c": cap},
            field="grades",
        )
    _check_ceilings(meeting, members, grades)
    MemberReview.objects.filter(meeting=meeting).delete()
    reviews = MemberReview.objects.bulk_create(
        MemberReview(meeting=meeting, member=members[mid], grade=grade)
        for mid, grade in grades.items()
    )
    audit.log_action(
        caps.REVIEW_GRADED,
        actor=actor,
        obj=meeting,
        changes={"excellent": excellent, "graded": len(grades)},
    )
    return reviews


def review_year(held_on: dt.date) -> int:
    """The year a democratic review looks back on: one held in January to March reviews
    the year before (the review is organized at year end or early in the next year)."""
    return held_on.year - 1 if held_on.month <= 3 else held_on.year


def _check_ceilings(meeting: Meeting, members: dict, grades: dict[int, str]) -> None:
    """The best grade other modules allow a member (the grassroots module: a member of an
    organ, institution or state enterprise who has not reported to the residence
    community is graded at best 基本合格 by default, ZUGONG_DUAL_REPORT_APPRAISAL_CAP)."""
    if not apps.is_installed("zugong.grassroots"):
        return
    from zugong.grassroots.selectors.review_evidence import grade_ceiling

    order = list(ReviewGrade.values)  # best first
    ceilings = grade_ceiling(
        [members[mid].person_id for mid in grades], review_year(meeting.held_on)
    )
    refused = []
    for mid, grade in grades.items():
        ceiling = ceilings.get(members[mid].person_id)
        if ceiling and order.index(grade) < order.index(ceiling[0]):
            refused.append(_("%(n)s：%(r)s") % {"n": members[mid].person.name, "r": ceiling[1]})
    if refused:
        raise ApplicationError("；".join(refused), field="grades")


def person_ids_by_name(organization: Organization, names: list[str]) -> dict[str, Person]:
    return {
        m.person.name: m.person for m in members_of(organization).filter(person__name__in=names)
    }
