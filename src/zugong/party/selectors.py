"""Scoped reads of members, for the admin, the API, exports and the cockpit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zugong.core import bulk
from zugong.core.models import Organization, OrgKind, OrgStatus
from zugong.core.selectors import organization_paths, person_search
from zugong.dbrouter import reporting
from zugong.party import capabilities as party_caps
from zugong.party import rules
from zugong.party.models import BranchCommittee, CommitteeSeat, Member, MemberKind, MemberStatus

LIVING = [
    MemberStatus.NORMAL,
    MemberStatus.FLOATING,
    MemberStatus.LOST_CONTACT,
    MemberStatus.SUSPENDED,
]


def members_on_roll() -> QuerySet:
    """党员 wherever members are counted (home page, cockpit, demo summary): the members
    on the roll of the scope, in normal standing, floating, out of contact or suspended
    (LIVING); not those transferred out of the district, expelled or deceased."""
    return Member.objects.filter(status__in=LIVING)


def member_counts() -> dict[str, int]:
    """The members on the roll, and the probationary among them, in one query."""
    by_kind = dict(members_on_roll().values_list("kind").annotate(n=Count("id")).order_by())
    return {
        "members": sum(by_kind.values()),
        "full": by_kind.get(MemberKind.FULL, 0),
        "probationary": by_kind.get(MemberKind.PROBATIONARY, 0),
    }


def member_figures() -> list:
    """The home page's and the demo summary's member figure (core.selectors.Figure),
    linked to the roster filtered to the same members."""
    from django.urls import reverse

    from zugong.core.selectors import Figure

    counts = member_counts()
    return [
        Figure(
            key="member-total",
            title=_("党员"),
            count=counts["members"],
            caption=_(
                "在册党员（党籍正常、流动、失联或停止党籍，不含已转出本区、已出党、已去世的），"
                "其中预备党员%(p)d名"
            )
            % {"p": counts["probationary"]},
            url=reverse("admin:party_member_changelist") + "?status__in=" + ",".join(LIVING),
        )
    ]


HOME_FIGURES = ((party_caps.VIEW_MEMBER, member_figures),)


def member_list(
    *, q: str = "", kind: str = "", status: str = "", organization: Organization | None = None
) -> QuerySet:
    queryset = Member.objects.select_related("person__organization")
    if organization is not None:
        queryset = queryset.filter(person__organization__path__startswith=organization.path)
    if kind:
        queryset = queryset.filter(kind=kind)
    if status:
        queryset = queryset.filter(status=status)
    if q:
        persons = person_search(Member.person.field.related_model.objects.all(), q)
        queryset = queryset.filter(person__in=persons)
    return queryset.order_by("person__name", "id")


def medal_candidates(year: int, *, organization: Organization | None = None) -> QuerySet:
    """光荣在党50年 for ``year``: one indexed range query, the rule's own check applied by
    ``rules.medal_eligible`` in the tests on the same dates."""
    queryset = member_list(organization=organization).filter(
        kind=MemberKind.FULL,
        status__in=[MemberStatus.NORMAL, MemberStatus.FLOATING],
        full_on__lte=rules.medal_latest_full_on(year),
    )
    return queryset.order_by("person__organization__path", "full_on", "id")


def elections(on: dt.date, *, states: tuple[str, ...] = ("overdue", "due_soon")) -> list[dict]:
    """Current committees whose election is overdue or due soon, and electing organizations
    with no committee on record, in tree order (RULES.md §2.3)."""
    rows = []
    current = {
        c.organization_id: c
        for c in BranchCommittee.objects.filter(ended_on__isnull=True).select_related(
            "organization"
        )
    }
    organizations = Organization.objects.filter(
        kind__in=rules.ELECTING_KINDS, status=OrgStatus.ACTIVE
    ).order_by("path")
    for organization in organizations:
        committee = current.get(organization.pk)
        if committee is None:
            if "missing" in states:
                rows.append(
                    {
                        "organization": organization,
                        "committee": None,
                        "state": "missing",
                        "due": None,
                    }
                )
            continue
        state, due = rules.election_state(
            elected_on=committee.elected_on,
            years=committee.term_years,
            postponed_until=committee.postponed_until,
            on=on,
        )
        if state in states:
            rows.append(
                {"organization": organization, "committee": committee, "state": state, "due": due}
            )
    return rows


@reporting
def branch_counts() -> list[dict]:
    """Members per active branch in scope (living only: full and all), and the seats of
    its current committee."""
    living = Q(persons__membership__status__in=LIVING)
    rows = list(
        Organization.objects.filter(kind=OrgKind.BRANCH, status=OrgStatus.ACTIVE)
        .annotate(
            full=Count(
                "persons__membership", filter=living & Q(persons__membership__kind=MemberKind.FULL)
            ),
            all_members=Count("persons__membership", filter=living),
        )
        .values("id", "name", "code", "path", "category", "full", "all_members")
        .order_by("path")
    )
    seats = dict(
        CommitteeSeat.objects.filter(committee__ended_on__isnull=True)
        .values_list("committee__organization_id")
        .annotate(n=Count("id"))
        .values_list("committee__organization_id", "n")
    )
    for row in rows:
        row["committee_seats"] = seats.get(row["id"], 0)
    return rows


def _subtree_counts() -> dict[str, tuple[int, int]]:
    """(full, all) living members in the subtree of each active committee and general
    branch in scope, from one grouped count and prefix sums over the sorted paths."""
    from bisect import bisect_left
    from itertools import accumulate

    per_path: dict[str, list[int]] = {}
    for path, kind, n in (
        Member.objects.filter(status__in=LIVING)
        .order_by()
        .values_list("person__organization__path", "kind")
        .annotate(n=Count("id"))
    ):
        counts = per_path.setdefault(path, [0, 0])
        counts[1] += n
        if kind == MemberKind.FULL:
            counts[0] += n
    paths = sorted(per_path)
    full = [0, *accumulate(per_path[p][0] for p in paths)]
    every = [0, *accumulate(per_path[p][1] for p in paths)]
    result = {}
    for path in Organization.objects.filter(
        kind__in=[OrgKind.GRASSROOTS, OrgKind.GENERAL_BRANCH], status=OrgStatus.ACTIVE
    ).values_list("path", flat=True):
        low, high = bisect_left(paths, path), bisect_left(paths, path + "\uffff")
        result[path] = (full[high] - full[low], every[high] - every[low])
    return result


@reporting
def branch_findings() -> list[dict]:
    """The structure check (党组织设置检查): each active branch, general branch and
    basic-level committee in scope whose member count asks for a change of form, with the
    findings and their sources. Branches count their own members; general branches and
    committees everyone in their subtree."""
    rows = []
    for branch in branch_counts():
        # A branch committee (支部委员会) means a current body of three or more.
        findings = rules.branch_structure_findings(
            full_members=branch["full"],
            all_members=branch["all_members"],
            has_committee=branch["committee_seats"] >= 3,
            committee_seats=branch["committee_seats"],
        ) + rules.setup_findings(
            kind=OrgKind.BRANCH, category=branch["category"], all_members=branch["all_members"]
        )
        if findings:
            rows.append({**branch, "kind": OrgKind.BRANCH, "findings": findings})
    counts = _subtree_counts()
    for org in Organization.objects.filter(
        kind__in=[OrgKind.GRASSROOTS, OrgKind.GENERAL_BRANCH], status=OrgStatus.ACTIVE
    ).values("id", "name", "code", "path", "kind", "category"):
        full, every = counts.get(org["path"], (0, 0))
        findings = rules.setup_findings(
            kind=org["kind"], category=org["category"], all_members=every
        )
        if findings:
            rows.append({**org, "full": full, "all_members": every, "findings": findings})
    rows.sort(key=lambda r: r["path"])
    labels = organization_paths(
        [Organization(pk=r["id"], path=r["path"], name=r["name"]) for r in rows]
    )
    for row in rows:
        row["kind_label"] = OrgKind(row["kind"]).label
        row["label"] = labels[row["id"]]  # same-named branches told apart by their parents
    return rows


def dues_arrears(on: dt.date, *, minimum_months: int = 1) -> list[dict]:
    """Members with unpaid months before ``on``'s month, most months first.

    Unpaid months run from the month after the last paid one (or the first month owed)
    through the month before ``on``; the current month is not yet late. Six in a row is
    the 党章第九条 lapse flag. One query for the last paid month of every member.
    """
    from django.db.models import Max

    from zugong.party.models import DuesPayment
    from zugong.party.services.dues import first_due_month

    last_month = rules.add_months(rules.month_start(on), -1)
    members = (
        Member.objects.filter(status__in=LIVING)
        .select_related("person__organization")
        .annotate(
            last_paid=Max(
                "dues_payments__month", filter=Q(dues_payments__kind=DuesPayment.Kind.REGULAR)
            )
        )
    )
    rows = []
    for member in members:
        start = first_due_month(member)
        if member.last_paid is not None:
            start = max(start, rules.add_months(member.last_paid, 1))
        unpaid = rules.months_between(start, last_month) + 1 if start <= last_month else 0
        if unpaid >= minimum_months:
            rows.append(
                {
                    "member": member,
                    "unpaid_months": unpaid,
                    "since": start,
                    "last_paid": member.last_paid,
                    "lapse": rules.lapse_flag(unpaid),
                }
            )
    rows.sort(
        key=lambda r: (
            -r["unpaid_months"],
            r["member"].person.organization.path,
            r["member"].person.name,
        )
    )
    return rows


def _period_plan(period: str, first: dt.date, last: dt.date, today: dt.date) -> dict:
    """The periods of a frequency from ``first`` to ``last`` as bits per year: bit i of a
    year is its (i+1)-th month, quarter, or the year itself. Returns year → (bits of the
    periods that have ended, bits of the period under way, label by bit)."""
    years: dict[int, list] = {}
    for label, key in rules.periods(period, first, last):
        year, part = key
        bit = 1 << (part - 1) if part else 1
        entry = years.setdefault(year, [0, 0, {}])
        entry[0 if rules.period_end(period, key) < today else 1] |= bit
        entry[2][bit] = label
    return years


@dataclass(frozen=True, slots=True)
class OrganizationRef:
    """What a report row needs of an organization, without building a model instance for
    each of fifty thousand rows."""

    pk: int
    name: str
    path: str
    kind: str

    def __str__(self) -> str:
        return self.name


# A year's held months (bit i = month i+1) as bits of each frequency's periods.
_QUARTER_BITS = [sum(1 << q for q in range(4) if m >> (3 * q) & 0b111) for m in range(1 << 12)]
_PERIOD_BITS = {
    "month": list(range(1 << 12)),
    "quarter": _QUARTER_BITS,
    "year": [1 if m else 0 for m in range(1 << 12)],
}


@reporting
@bulk.collector_paused()
def compliance(start: dt.date, end: dt.date, *, today: dt.date | None = None) -> list[dict]:
    """Organizational life against the required frequencies, per branch and party group.

    A period that has ended without the meeting is missing; the period under way is not
    yet missing, and counts once held. Periods before the organization was founded do not
    count. Three queries for a year whatever the number of organizations: the meetings come
    back as one row per organization with, for each kind, the months held as bits,
    combined by the database, so a province's year (over a million meetings) is fifty
    thousand small rows and the comparison with the required periods is bit arithmetic.
    """
    from django.db.models import BitOr
    from django.db.models.functions import Cast, ExtractMonth

    from zugong.party.models import Meeting

    today = today or dt.date.today()
    last = min(end, today)
    frequencies = rules.meeting_frequencies()
    organizations = Organization.objects.filter(
        kind__in=[OrgKind.BRANCH, OrgKind.GROUP], status=OrgStatus.ACTIVE
    ).order_by("path")
    with_committee = {
        oid
        for oid, n in CommitteeSeat.objects.filter(committee__ended_on__isnull=True)
        .values_list("committee__organization_id")
        .annotate(n=Count("id"))
        .values_list("committee__organization_id", "n")
        if n >= 3
    }
    # One column per meeting kind: the months held, as bits, by organization and year.
    bit = Value(1).bitleftshift(Cast(ExtractMonth("held_on"), IntegerField()) - 1)
    # BIT_OR needs no sort, unlike SUM(DISTINCT): half the time on a province.
    columns = {
        f"k{index}": BitOr(bit, filter=Q(kind=kind)) for index, kind in enumerate(frequencies)
    }
    held: dict[int, dict[int, tuple]] = {}
    for year in range(start.year, end.year + 1):  # one query a calendar year in the range
        for organization_id, *months in (
            Meeting.objects.filter(
                held_on__range=(max(start, dt.date(year, 1, 1)), min(end, dt.date(year, 12, 31))),
                kind__in=list(frequencies),
            )
            .values("organization_id")
            .annotate(**columns)
            .values_list("organization_id", *columns)
            .order_by()
        ):
            held.setdefault(organization_id, {})[year] = months
    # What an organization owes depends only on its kind, its first period and whether it
    # has a committee: worked out once per combination, not once per organization.
    schedules: dict[tuple, list] = {}

    def schedule(org_kind: str, first: dt.date, committee: bool) -> list:
        entries = []
        for index, (kind, (period, applies)) in enumerate(frequencies.items()):
            if applies == "party_group" and org_kind != OrgKind.GROUP:
                continue
            if applies in ("branch", "committee") and org_kind != OrgKind.BRANCH:
                continue
            if applies == "committee" and not committee:
                continue
            years = [
                (year, ended, under_way, ended | under_way, ended.bit_count(), labels)
                for year, (ended, under_way, labels) in _period_plan(
                    period, first, last, today
                ).items()
            ]
            entries.append((index, kind, period, _PERIOD_BITS[period], years))
        return entries

    none: dict[int, tuple] = {}
    result = []
    for pk, name, path, org_kind, founded_on in organizations.values_list(
        "pk", "name", "path", "kind", "founded_on"
    ):
        first = max(start, founded_on or start)
        key = (org_kind, first, pk in with_committee)
        entries = schedules.get(key)
        if entries is None:
            entries = schedules[key] = schedule(*key)
        by_year = held.get(pk, none)
        items = []
        total_required = total_done = total_missing = 0
        for index, kind, period, to_bits, years in entries:
            done, required, missing = 0, 0, []
            for year, ended, under_way, both, ended_count, labels in years:
                months = by_year.get(year)
                bits = to_bits[months[index] or 0] if months else 0
                done += (bits & both).bit_count()
                required += ended_count + (bits & under_way).bit_count()
                gaps = ended & ~bits
                while gaps:
                    lowest = gaps & -gaps
                    missing.append(labels[lowest])
                    gaps ^= lowest
            items.append(
                {
                    "kind": kind,
                    "period": period,
                    "required": required,
                    "done": done,
                    "missing": missing,
                }
            )
            total_required += required
            total_done += done
            total_missing += len(missing)
        result.append(
            {
                "organization": OrganizationRef(pk, name, path, org_kind),
                "items": items,
                "required": total_required,
                "done": total_done,
                "missing": total_missing,
                "rate": round(total_done * 100 / total_required, 1) if total_required else 100.0,
            }
        )
    return result


@reporting
def compliance_by_township(rows: list[dict]) -> list[dict]:
    """The same report summed by township (the depth-2 ancestor in the tree)."""
    from zugong.core.models.organizations import SEGMENT

    prefixes: dict[str, dict] = {}
    for row in rows:
        prefix = row["organization"].path[: SEGMENT * 2]
        entry = prefixes.setdefault(
            prefix, {"required": 0, "done": 0, "organizations": 0, "complete": 0}
        )
        entry["required"] += row["required"]
        entry["done"] += row["done"]
        entry["organizations"] += 1
        entry["complete"] += 1 if row["missing"] == 0 else 0
    names = dict(Organization.objects.filter(path__in=list(prefixes)).values_list("path", "name"))
    return [
        {
            "name": names.get(prefix, prefix),
            **entry,
            "rate": round(entry["done"] * 100 / entry["required"], 1)
            if entry["required"]
            else 100.0,
        }
        for prefix, entry in sorted(prefixes.items())
    ]


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


def study_totals(year: int) -> list[dict]:
    """Hours of study and training per person in a year, most first."""
    from django.db.models import Sum

    from zugong.party.models import StudyRecord

    return list(
        StudyRecord.objects.filter(started_on__year=year)
        .values("person_id", "person__name", "person__organization__name")
        .annotate(hours=Sum("hours"), sessions=Count("id"))
        .order_by("-hours", "person__name")
    )


def study_totals_by_organization(year: int) -> list[dict]:
    """Hours of study and training per organization (of the persons' membership) in a year."""
    from django.db.models import Sum

    from zugong.party.models import StudyRecord

    return list(
        StudyRecord.objects.filter(started_on__year=year)
        .values("person__organization_id", "person__organization__name")
        .annotate(hours=Sum("hours"), people=Count("person", distinct=True), sessions=Count("id"))
        .order_by("-hours", "person__organization__name")
    )


def major_matters_overdue(on: dt.date):
    from zugong.party.models import MajorMatterReport

    return MajorMatterReport.objects.filter(
        status=MajorMatterReport.Status.SUBMITTED, due_on__lt=on
    ).select_related("organization", "reviewer")


AGE_BANDS = (
    (None, 35, gettext_lazy("35岁及以下")),
    (36, 45, gettext_lazy("36至45岁")),
    (46, 55, gettext_lazy("46至55岁")),
    (56, 60, gettext_lazy("56至60岁")),
    (61, None, gettext_lazy("61岁及以上")),
)
STANDING_BANDS = (
    (0, 9, gettext_lazy("不满10年")),
    (10, 19, gettext_lazy("10至19年")),
    (20, 29, gettext_lazy("20至29年")),
    (30, 39, gettext_lazy("30至39年")),
    (40, 49, gettext_lazy("40至49年")),
    (50, None, gettext_lazy("50年及以上")),
)


def _between_years(field: str, on: dt.date, low: int | None, high: int | None) -> Q:
    """Rows whose ``field`` date is between ``high`` and ``low`` whole years before ``on``."""
    condition = Q()
    if low is not None:
        condition &= Q(**{f"{field}__lte": rules.add_years(on, -low)})
    if high is not None:
        condition &= Q(**{f"{field}__gt": rules.add_years(on, -(high + 1))})
    return condition


def _band(field: str, on: dt.date, bands) -> Case:
    """The index of the band a row's ``field`` date falls in (-1: none), for GROUP BY."""
    return Case(
        *(
            When(_between_years(field, on, low, high), then=Value(i))
            for i, (low, high, _label) in enumerate(bands)
        ),
        default=Value(-1),
        output_field=IntegerField(),
    )


@reporting
def cockpit_figures(on: dt.date) -> dict:
    """The members' figures for the cockpit: by age band, gender, education level, party
    standing, and organizations by kind. The member figures come from one GROUP BY over
    the scope (one pass over the members instead of one per figure)."""
    from zugong.core import codes
    from zugong.core.models import CodeItem, CodeTable
    from zugong.core.selectors import organization_counts_by_kind

    groups = (
        members_on_roll()
        .annotate(
            age_band=_band("person__birth_date", on, AGE_BANDS),
            standing_band=_band("full_on", on, STANDING_BANDS),
        )
        .values_list("person__gender", "person__education", "kind", "age_band", "standing_band")
        .annotate(n=Count("id"))
        .order_by()
    )
    genders = codes.names(CodeTable.GENDER)
    parents = dict(
        CodeItem.objects.filter(table=CodeTable.EDUCATION).values_list("code", "parent_code")
    )
    education_names = codes.names(CodeTable.EDUCATION)
    members = probationary = 0
    ages = [0] * len(AGE_BANDS)
    standing = [0] * len(STANDING_BANDS)
    by_gender: dict[str, int] = {}
    by_education: dict[str, int] = {}
    for gender, education, kind, age_band, standing_band, n in groups:
        members += n
        if kind == MemberKind.PROBATIONARY:
            probationary += n
        elif standing_band >= 0:
            standing[standing_band] += n
        if age_band >= 0:
            ages[age_band] += n
        name = genders.get(gender, gender)
        by_gender[name] = by_gender.get(name, 0) + n
        level = parents.get(education) or education
        label = str(education_names.get(level, _("未填写"))) if education else str(_("未填写"))
        by_education[label] = by_education.get(label, 0) + n
    return {
        "members": members,
        "probationary": probationary,
        "by_age": [(str(label), ages[i]) for i, (_l, _h, label) in enumerate(AGE_BANDS)],
        "by_gender": sorted(by_gender.items()),
        "by_education": sorted(by_education.items(), key=lambda item: -item[1]),
        "by_standing": [
            (str(label), standing[i]) for i, (_l, _h, label) in enumerate(STANDING_BANDS)
        ],
        "organizations_by_kind": organization_counts_by_kind(),
    }
