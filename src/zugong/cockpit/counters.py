"""What the tally counts: each counter gives organizations' own counts per figure bucket.

A counter reads a module through its public selectors (or its scoped querysets) and
answers ``{organization id: {figure: {bucket: n}}}`` for the organizations asked
(None: every one). It runs under the system scope (the scan, a touch): who may read
which figure is decided when the tally is read, per capability.

The bands are the party cockpit's (party.selectors.AGE_BANDS, STANDING_BANDS): one
definition, applied here by :func:`band_q` and reused by the drill-down pages.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Count, Q

from zugong.core import capabilities as core_caps
from zugong.core.rules import add_years
from zugong.core.scope import Scope, activate, minimal

Counts = dict[int, dict[str, dict[str, int]]]


@dataclass(frozen=True)
class Counter:
    name: str
    capability: str
    figures: tuple[str, ...]
    count: Callable[[list[int] | None, dt.date], Counts]


def band_q(field: str, on: dt.date, low: int | None, high: int | None) -> Q:
    """Rows whose ``field`` date lies ``low`` to ``high`` whole years before ``on``."""
    condition = Q()
    if low is not None:
        condition &= Q(**{f"{field}__lte": add_years(on, -low)})
    if high is not None:
        condition &= Q(**{f"{field}__gt": add_years(on, -(high + 1))})
    return condition


def _add(counts: Counts, org_id: int, figure: str, bucket, n: int) -> None:
    buckets = counts[org_id].setdefault(figure, {})
    key = str(bucket)
    buckets[key] = buckets.get(key, 0) + n


def _new() -> Counts:
    return defaultdict(dict)


def _in_orgs(org_ids: list[int] | None):
    """A scope holding just those organizations' subtrees (None: the current one)."""
    from contextlib import nullcontext

    from zugong.core.models import Organization

    if org_ids is None:
        return nullcontext()
    paths = Organization.objects.unscoped().filter(pk__in=org_ids).values_list("path", flat=True)
    return activate(Scope(paths=minimal(paths) or ("-",), label="cockpit.touch"))


def education_levels() -> dict[str, str]:
    """An education code's level (its parent in GB/T 4658), or itself for a level."""
    from zugong.core.models import CodeItem, CodeTable

    return {
        code: parent or code
        for code, parent in CodeItem.objects.filter(table=CodeTable.EDUCATION).values_list(
            "code", "parent_code"
        )
    }


def member_buckets(on: dt.date) -> dict[str, dict[str, Q]]:
    """figure → bucket → the members' filter: the one definition of each member bucket,
    used by the count and by the list behind it (drilldown). A gender or education
    outside the code tables (or left blank) falls in the "" bucket (未填写)."""
    from zugong.core.models import CodeItem, CodeTable
    from zugong.party.models import MemberKind
    from zugong.party.selectors import AGE_BANDS, STANDING_BANDS

    genders = list(CodeItem.objects.filter(table=CodeTable.GENDER).values_list("code", flat=True))
    levels: dict[str, list[str]] = {}
    for code, level in education_levels().items():
        levels.setdefault(level, []).append(code)
    full = ~Q(kind=MemberKind.PROBATIONARY)
    return {
        "member_kind": {k: Q(kind=k) for k in MemberKind.values},
        "member_gender": {
            **{g: Q(person__gender=g) for g in genders},
            "": ~Q(person__gender__in=genders),
        },
        "member_education": {
            **{level: Q(person__education__in=codes) for level, codes in levels.items()},
            "": ~Q(person__education__in=[c for codes in levels.values() for c in codes]),
        },
        "member_age": {
            str(i): band_q("person__birth_date", on, low, high)
            for i, (low, high, _label) in enumerate(AGE_BANDS)
        },
        "member_standing": {
            str(i): full & band_q("full_on", on, low, high)
            for i, (low, high, _label) in enumerate(STANDING_BANDS)
        },
    }


def count_members(org_ids: list[int] | None, on: dt.date) -> Counts:
    """Members on the roll (party.selectors.members_on_roll) by kind, gender, education
    level, age band and, for full members, party standing: one pass over the members,
    one row per organization, a filtered count per bucket (member_buckets)."""
    from zugong.party.selectors import members_on_roll

    rows = members_on_roll()
    if org_ids is not None:
        rows = rows.filter(person__organization_id__in=org_ids)
    buckets = member_buckets(on)
    names = {}
    aggregates = {}
    for figure, by_bucket in buckets.items():
        for bucket, condition in by_bucket.items():
            alias = f"n{len(aggregates)}"
            names[alias] = (figure, bucket)
            aggregates[alias] = Count("id", filter=condition)
    counts = _new()
    # One row per organization, fetched at once: a server-side cursor (iterator()) makes
    # PostgreSQL plan for the first rows, without parallel workers (25 s instead of 4 s
    # at 1,000,000 members).
    for values in rows.values("person__organization_id").annotate(**aggregates).order_by():
        org_id = values["person__organization_id"]
        for alias, (figure, bucket) in names.items():
            if values[alias]:
                _add(counts, org_id, figure, bucket, values[alias])
    return counts


def count_organizations(org_ids: list[int] | None, on: dt.date) -> Counts:
    """Each organization in normal standing counts once, under its kind."""
    from zugong.core.models import Organization, OrgStatus

    rows = Organization.objects.filter(status=OrgStatus.ACTIVE)
    if org_ids is not None:
        rows = rows.filter(pk__in=org_ids)
    counts = _new()
    for pk, kind in rows.values_list("pk", "kind"):
        _add(counts, pk, "org_kind", kind, 1)
    return counts


def count_elections(org_ids: list[int] | None, on: dt.date) -> Counts:
    """Electing organizations by the state of their committee's term (RULES.md §2.3):
    ok, due soon, overdue, or no committee on record (party.selectors.elections)."""
    from zugong.party.selectors import elections

    counts = _new()
    wanted = set(org_ids) if org_ids is not None else None
    with _in_orgs(org_ids):
        rows = elections(on, states=("ok", "due_soon", "overdue", "missing"))
    for row in rows:
        pk = row["organization"].pk
        if wanted is None or pk in wanted:
            _add(counts, pk, "election", row["state"], 1)
    return counts


def count_compliance(org_ids: list[int] | None, on: dt.date) -> Counts:
    """Meetings of 三会一课 required so far this year and held, per branch and party
    group (party.selectors.compliance_counts)."""
    from zugong.core.models import Organization
    from zugong.party.selectors.compliance_counts import compliance_counts

    within = Organization.objects.filter(pk__in=org_ids) if org_ids is not None else None
    counts = _new()
    start, end = dt.date(on.year, 1, 1), dt.date(on.year, 12, 31)
    for row in compliance_counts(start, end, today=on, within=within):
        if row.required:
            _add(counts, row.pk, "compliance", "required", row.required)
            _add(counts, row.pk, "compliance", "done", row.done)
    return counts


def count_dues(org_ids: list[int] | None, on: dt.date) -> Counts:
    """Members on the roll with unpaid months before this month, and those at the lapse
    flag (党章第九条: six months in a row), in one GROUP BY (selectors.dues.arrears_q)."""
    from zugong.party.rules.dues import LAPSE_MONTHS
    from zugong.party.selectors import members_on_roll
    from zugong.party.selectors.dues import arrears_q

    rows = members_on_roll()
    if org_ids is not None:
        rows = rows.filter(person__organization_id__in=org_ids)
    counts = _new()
    for pk, arrears, lapse in (
        rows.values_list("person__organization_id")
        .annotate(
            arrears=Count("id", filter=arrears_q(on, 1)),
            lapse=Count("id", filter=arrears_q(on, LAPSE_MONTHS.value)),
        )
        .order_by()
    ):
        if arrears:
            _add(counts, pk, "dues", "arrears", arrears)
        if lapse:
            _add(counts, pk, "dues", "lapse", lapse)
    return counts


OPEN_STAGES = ("applicant", "activist", "candidate", "probationary")


def count_development(org_ids: list[int] | None, on: dt.date) -> Counts:
    """Open development cases by stage (入党申请人 → 预备党员)."""
    from zugong.party.models import DevelopmentCase

    rows = DevelopmentCase.objects.filter(stage__in=OPEN_STAGES)
    if org_ids is not None:
        rows = rows.filter(person__organization_id__in=org_ids)
    counts = _new()
    for pk, stage, n in (
        rows.values_list("person__organization_id", "stage").annotate(n=Count("id")).order_by()
    ):
        _add(counts, pk, "development", stage, n)
    return counts


def count_talents(org_ids: list[int] | None, on: dt.date) -> Counts:
    """Talents in the pool per township, in all and by category (a talent of two
    categories counts in each)."""
    from zugong.talent.models import Talent

    rows = Talent.objects.all()
    if org_ids is not None:
        rows = rows.filter(township_id__in=org_ids)
    counts = _new()
    for pk, n in rows.values_list("township_id").annotate(n=Count("id")).order_by():
        _add(counts, pk, "talent_total", "all", n)
    for pk, code, n in (
        rows.filter(categories__isnull=False)
        .values_list("township_id", "categories")
        .annotate(n=Count("id"))
        .order_by()
    ):
        _add(counts, pk, "talent_category", code, n)
    return counts


def rating_year(on: dt.date) -> int:
    """The star-rating year the cockpit shows: last year's until December, when the
    year's ratings are published (RULES.md: annual ratings at the year's end)."""
    return on.year if on.month == 12 else on.year - 1


def count_stars(org_ids: list[int] | None, on: dt.date) -> Counts:
    """Published star ratings of the rating year, by star."""
    from zugong.grassroots.models import Rating, RatingStatus

    rows = Rating.objects.filter(
        year=rating_year(on), status=RatingStatus.PUBLISHED, star__isnull=False
    )
    if org_ids is not None:
        rows = rows.filter(organization_id__in=org_ids)
    counts = _new()
    for pk, star, n in (
        rows.values_list("organization_id", "star").annotate(n=Count("id")).order_by()
    ):
        _add(counts, pk, "stars", star, n)
    return counts


def count_collective(org_ids: list[int] | None, on: dt.date) -> Counts:
    """Each village in the rating year's tier of collective income
    (grassroots.selectors.collective.ledger: the configured measure and lines)."""
    from zugong.grassroots.selectors.collective import ledger

    counts = _new()
    wanted = set(org_ids) if org_ids is not None else None
    with _in_orgs(org_ids):
        rows = ledger(rating_year(on))
    for row in rows:
        pk = row["organization"].pk
        if wanted is None or pk in wanted:
            _add(counts, pk, "collective_tier", row["tier"].code, 1)
    return counts


def count_coverage(org_ids: list[int] | None, on: dt.date) -> Counts:
    """Two-new organizations by the coverage numerators (grassroots.selectors.coverage
    .numerator_q), each counted once: under its party organization, or its township
    when it has none."""
    from django.db.models.functions import Coalesce

    from zugong.grassroots.models.twonew import Entity
    from zugong.grassroots.selectors.coverage import NUMERATORS, numerator_q

    rows = Entity.objects.annotate(owner=Coalesce("party_organization_id", "township_id"))
    if org_ids is not None:
        rows = rows.filter(owner__in=org_ids)
    aggregates = {f"n_{name}": Count("id", filter=numerator_q(name, on)) for name in NUMERATORS}
    counts = _new()
    for row in rows.values("owner").annotate(**aggregates).order_by():
        for name in NUMERATORS:
            if row[f"n_{name}"]:
                _add(counts, row["owner"], "coverage", name, row[f"n_{name}"])
    return counts


def counters() -> list[Counter]:
    from zugong.grassroots import capabilities as grassroots_caps
    from zugong.party import capabilities as party_caps
    from zugong.talent import capabilities as talent_caps

    members = ("member_kind", "member_gender", "member_education", "member_age")
    return [
        Counter("members", party_caps.VIEW_MEMBER, (*members, "member_standing"), count_members),
        Counter("organizations", core_caps.VIEW_ORGANIZATION, ("org_kind",), count_organizations),
        Counter("elections", party_caps.VIEW_MEMBER, ("election",), count_elections),
        Counter("compliance", party_caps.VIEW_MEMBER, ("compliance",), count_compliance),
        Counter("dues", party_caps.VIEW_MEMBER, ("dues",), count_dues),
        Counter("development", party_caps.VIEW_MEMBER, ("development",), count_development),
        Counter(
            "talents", talent_caps.VIEW_TALENT, ("talent_total", "talent_category"), count_talents
        ),
        Counter("stars", grassroots_caps.VIEW_GRASSROOTS, ("stars",), count_stars),
        Counter(
            "collective", grassroots_caps.VIEW_GRASSROOTS, ("collective_tier",), count_collective
        ),
        Counter("coverage", grassroots_caps.VIEW_GRASSROOTS, ("coverage",), count_coverage),
    ]


def count_all(org_ids: list[int] | None, on: dt.date, only: Iterable[str] = ()) -> Counts:
    """Every counter's counts, merged per organization."""
    merged: Counts = _new()
    for counter in counters():
        if only and counter.name not in only:
            continue
        for pk, figures in counter.count(org_ids, on).items():
            merged[pk].update(figures)
    return merged
