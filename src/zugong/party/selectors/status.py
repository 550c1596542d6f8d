"""The development board, transfers in flight and the members who need action."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy

from zugong.party import rules
from zugong.party.models import Member, MemberStatus
from zugong.party.selectors.dues import dues_arrears


def development_board(today: dt.date) -> dict[str, list[dict]]:
    """Open cases in scope by stage, each with what is due next: the branch secretary's board."""
    from zugong.party import pipeline
    from zugong.party.models import DevelopmentCase, DevelopmentStep, Stage

    cases = list(
        DevelopmentCase.objects.filter(
            stage__in=[Stage.APPLICANT, Stage.ACTIVIST, Stage.CANDIDATE, Stage.PROBATIONARY]
        ).select_related("person__organization")
    )
    steps: dict[int, dict[str, list]] = {}
    for case_id, code, day, details in (
        DevelopmentStep.objects.filter(case__in=cases)
        .order_by("occurred_on", "id")
        .values_list("case_id", "step", "occurred_on", "details")
    ):
        steps.setdefault(case_id, {}).setdefault(code, []).append((day, details))
    board: dict[str, list[dict]] = {
        stage: [] for stage in ("applicant", "activist", "candidate", "probationary")
    }
    for case in cases:
        recorded = steps.get(case.pk, {})
        due = pipeline.next_due(stage=case.stage, steps=recorded, today=today)
        board[case.stage].append(
            {
                "case": case,
                "due": due,
                "overdue": any(d.overdue for d in due),
                "late": pipeline.late_records(recorded),  # steps recorded after their deadline
            }
        )
    for rows in board.values():
        rows.sort(
            key=lambda r: (
                not r["overdue"],
                r["case"].person.organization.path,
                r["case"].person.name,
            )
        )
    return board


def transfers_open(on: dt.date) -> list[dict]:
    """Letters issued and not yet received, both directions, with the overdue mark."""
    from zugong.party.models import Transfer

    limit = rules.transfer_valid_days()
    rows = []
    for transfer in Transfer.objects.filter(status=Transfer.Status.ISSUED).select_related(
        "member__person", "from_organization", "to_organization"
    ):
        waiting = (on - transfer.issued_on).days
        rows.append({"transfer": transfer, "days": waiting, "overdue": waiting > limit})
    rows.sort(key=lambda r: -r["days"])
    return rows


def member_flags(on: dt.date) -> list[dict]:
    """Members the regulations say need action (RULES.md §1.4): lost contact for six months
    (suspend), suspended for two years (remove), six months without dues, six months
    without attending organizational life while the branch held it."""
    from django.db.models import Max

    from zugong.party.models import Attendance, MemberStatusChange

    flags: list[dict] = []
    six_months_ago = rules.shift_months(on, -rules.ABSENCE_MONTHS.value)
    # The day each member entered their current status: the latest change into it. Keyed
    # by (member, status) so that a member with both a lost-contact and a suspension
    # change is read from the right one whatever order the database returns the groups.
    flagged = [MemberStatus.LOST_CONTACT, MemberStatus.SUSPENDED]
    since = {
        (member_id, status): at
        for member_id, status, at in MemberStatusChange.objects.filter(
            new_status__in=flagged, member__status__in=flagged
        )
        .order_by()
        .values("member_id", "new_status")
        .annotate(at=Max("occurred_on"))
        .values_list("member_id", "new_status", "at")
    }
    for member in Member.objects.filter(status__in=flagged).select_related("person__organization"):
        start = since.get((member.pk, member.status))
        if start is None:
            continue
        if (
            member.status == MemberStatus.LOST_CONTACT
            and rules.shift_months(start, rules.LOST_CONTACT_MONTHS.value) <= on
        ):
            flags.append(
                {
                    "member": member,
                    "code": "suspend",
                    "since": start,
                    "source": rules.LOST_CONTACT_MONTHS.source,
                }
            )
        if (
            member.status == MemberStatus.SUSPENDED
            and rules.add_years(start, rules.SUSPENSION_YEARS.value) <= on
        ):
            flags.append(
                {
                    "member": member,
                    "code": "remove",
                    "since": start,
                    "source": rules.SUSPENSION_YEARS.source,
                }
            )
    flags.extend(_away_flags(on))
    for row in dues_arrears(on, minimum_months=rules.LAPSE_MONTHS.value):
        flags.append(
            {
                "member": row["member"],
                "code": "no_dues",
                "since": row["since"],
                "source": rules.LAPSE_MONTHS.source,
            }
        )
    window = Attendance.objects.filter(
        meeting__held_on__gte=six_months_ago, meeting__held_on__lte=on
    )
    invited = set(window.values_list("person_id", flat=True))
    attended = set(window.filter(present=True).values_list("person_id", flat=True))
    for member in Member.objects.filter(
        status__in=[MemberStatus.NORMAL, MemberStatus.FLOATING], person_id__in=invited - attended
    ).select_related("person__organization"):
        flags.append(
            {
                "member": member,
                "code": "no_meetings",
                "since": six_months_ago,
                "source": rules.ABSENCE_MONTHS.source,
            }
        )
    flags.sort(key=lambda f: (f["member"].person.organization.path, f["member"].person.name))
    return flags


def _away_flags(on: dt.date) -> list[dict]:
    """Floating members away six months or more (党员教育管理工作条例): at a fairly fixed
    place the membership must be transferred there, flagged from the day it became due;
    a place nobody has verified yet is flagged for checking from the same day."""
    from zugong.party.models import FloatingRecord

    flags = []
    # Month ends clamp (31 August + 6 months is 28 February): narrow by date, decide below.
    latest_since = rules.shift_months(on, -rules.AWAY_TRANSFER_MONTHS.value) + dt.timedelta(3)
    for record in (
        FloatingRecord.objects.filter(
            until__isnull=True,
            since__lte=latest_since,
            member__status__in=[MemberStatus.NORMAL, MemberStatus.FLOATING],
        )
        .exclude(fixed_place=False)
        .select_related("member__person__organization")
    ):
        due = rules.away_transfer_due(record.since)
        if due > on:
            continue
        flags.append(
            {
                "member": record.member,
                "code": "transfer_due" if record.fixed_place else "verify_place",
                "since": due,
                "source": rules.AWAY_TRANSFER_MONTHS.source,
                "detail": record.destination,
            }
        )
    return flags


FLAG_LABELS = {
    "suspend": gettext_lazy("失联满6个月，应停止党籍"),
    "remove": gettext_lazy("停止党籍满2年，应按自行脱党除名"),
    "no_dues": gettext_lazy("连续6个月未交纳党费"),
    "no_meetings": gettext_lazy("连续6个月未参加组织生活"),
    "transfer_due": gettext_lazy("外出满6个月且地点相对固定，应转移组织关系"),
    "verify_place": gettext_lazy("外出满6个月，请核实外出地点是否相对固定"),
}
