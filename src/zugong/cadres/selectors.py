"""Reading cadres: the facts the rules work on, lists and the district figures.

Every query goes through the scoped managers, so each answer is limited to the
caller's organization subtree. Lists fetch what they show in a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from django.db.models import Count, Prefetch, Q

from zugong.cadres import capabilities as caps
from zugong.cadres import rules
from zugong.cadres.models import (
    AnnualAssessment,
    AnnualGrade,
    Cadre,
    CadreStatus,
    DossierLoan,
    Education,
    LeadingGroup,
    Measure,
    Position,
    RankRecord,
    Rectification,
    Secondment,
    StaffGradeRecord,
    SupervisionKind,
    SupervisionRecord,
    UnitEstablishment,
    UnitLevel,
)
from zugong.dbrouter import reporting

# ---------------------------------------------------------------- one cadre


def current_position(cadre: Cadre) -> Position | None:
    posts = [p for p in cadre.positions.all() if p.ended_on is None and p.level]
    return max(posts, key=lambda p: rules.LEVEL_ORDER.index(p.level), default=None)


def current_rank(cadre: Cadre) -> RankRecord | None:
    return next((r for r in cadre.ranks.all() if r.ended_on is None), None)


def current_staff_grade(cadre: Cadre) -> StaffGradeRecord | None:
    return next((g for g in cadre.staff_grades.all() if g.ended_on is None), None)


def grades_of(cadre: Cadre) -> dict[int, str]:
    return {a.year: a.grade for a in cadre.annual_assessments.all()}


def supervision_facts(cadre: Cadre) -> tuple[rules.SupervisionFact, ...]:
    return tuple(
        rules.SupervisionFact(
            kind=r.kind,
            measure=r.measure,
            decided_on=r.decided_on,
            is_open=r.status == SupervisionRecord.Status.OPEN,
            label=str(Measure(r.measure).label if r.measure else SupervisionKind(r.kind).label),
        )
        for r in cadre.supervision.all()
        if not r.clearances.all()  # a cleared report bars nothing
    )


def cadre_facts(cadre: Cadre) -> rules.CadreFacts:
    person = cadre.person
    return rules.CadreFacts(
        name=person.name,
        birth=person.birth_date,
        gender=person.gender,
        work_started_on=cadre.work_started_on,
        education_codes=tuple(e.education_code for e in cadre.educations.all() if e.education_code)
        or ((person.education,) if person.education else ()),
        grades=grades_of(cadre),
        supervision=supervision_facts(cadre),
        posts=tuple(
            (p.level, p.started_on, p.ended_on, p.probation, p.is_promotion)
            for p in cadre.positions.all()
            if p.level
        ),
        grassroots_months=sum(
            rules.months_between(e.start, e.end or dt.date.today())
            for e in cadre.resume.all()
            if e.is_grassroots
        ),
        last_training_on=cadre.last_training_on,
    )


def with_details(queryset):
    """Everything the rules read, in a fixed number of queries."""
    return queryset.select_related("person", "unit").prefetch_related(
        "positions",
        "ranks",
        "staff_grades",
        "educations",
        "resume",
        "annual_assessments",
        Prefetch(
            "supervision",
            queryset=SupervisionRecord.objects.prefetch_related("clearances"),
        ),
    )


def verdict(cadre: Cadre, on: dt.date | None = None, *, access=None) -> rules.Verdict:
    """May this cadre be promoted on ``on`` (today by default); used by every screen.

    With ``access`` (the reader's), a reader who may not see supervision records gets
    the same answer with the bars stated without their content."""
    result = rules.promotion_verdict(cadre_facts(cadre), on or dt.date.today())
    if access is not None and not access.has(caps.VIEW_SUPERVISION, cadre.unit.path):
        return rules.redacted(result)
    return result


def appointment_verdict(
    cadre: Cadre, *, level: str, on: dt.date, promotion: bool, access=None
) -> rules.Verdict:
    """May this cadre be appointed to a post at ``level`` on ``on`` (every appointment
    meets the tiers of 责令辞职 and 免职; a promotion every bar); redacted as ``verdict``."""
    result = rules.appointment_verdict(cadre_facts(cadre), level=level, on=on, promotion=promotion)
    if access is not None and not access.has(caps.VIEW_SUPERVISION, cadre.unit.path):
        return rules.redacted(result)
    return result


def rank_eligibility(cadre: Cadre, today: dt.date | None = None) -> rules.Eligibility | None:
    rank = current_rank(cadre)
    if rank is None:
        return None
    return rules.rank_eligibility(
        rank=rank.rank,
        since=rank.started_on,
        grades=grades_of(cadre),
        county_or_township_organ=cadre.unit_level in (UnitLevel.COUNTY, UnitLevel.TOWNSHIP),
        today=today or dt.date.today(),
    )


def staff_grade_eligibility(cadre: Cadre, today: dt.date | None = None):
    grade = current_staff_grade(cadre)
    if grade is None:
        return None
    return rules.staff_grade_eligibility(
        grade=grade.grade,
        since=grade.started_on,
        grades=grades_of(cadre),
        today=today or dt.date.today(),
    )


def full_time_graduation(cadre: Cadre) -> dt.date | None:
    dates = [
        e.graduated_on
        for e in cadre.educations.all()
        if e.kind == Education.Kind.FULL_TIME and e.graduated_on
    ]
    return max(dates, default=None)


def record_problems(cadre: Cadre, today: dt.date | None = None) -> list[str]:
    """三龄两历 check of one record, in Chinese."""
    return rules.record_problems(
        birth=cadre.person.birth_date,
        work_started_on=cadre.work_started_on,
        party_joined_on=cadre.party_joined_on,
        full_time_graduated_on=full_time_graduation(cadre),
        periods=[(e.start, e.end) for e in cadre.resume.all()],
        today=today or dt.date.today(),
    )


def retirement(cadre: Cadre) -> rules.Retirement:
    return rules.retirement_month(cadre.person.birth_date, cadre.person.gender)


def consequences(cadre: Cadre) -> list[rules.Consequence]:
    return rules.assessment_consequences(grades_of(cadre))


# ---------------------------------------------------------------- lists


def serving():
    return Cadre.objects.filter(status=CadreStatus.SERVING)


def retiring_within(months: int, today: dt.date | None = None) -> list[dict]:
    """Serving cadres reaching retirement age in the next ``months`` months (到龄)."""
    today = today or dt.date.today()
    horizon = rules.shift_months(today.replace(day=1), months)
    # The delay is at most five years: look at birth dates that could reach it.
    earliest_birth = dt.date(today.year - 66, 1, 1)
    rows = []
    for cadre in (
        serving().filter(person__birth_date__gte=earliest_birth).select_related("person", "unit")
    ):
        r = retirement(cadre)
        if today.replace(day=1) <= r.month <= horizon or r.month < today.replace(day=1):
            rows.append(
                {"cadre": cadre, "retirement": r, "overdue": r.month < today.replace(day=1)}
            )
    rows.sort(key=lambda row: (row["retirement"].month, row["cadre"].person.name))
    return rows


def eligible_between(
    start: dt.date, end: dt.date, today: dt.date | None = None, *, access=None
) -> list[dict]:
    """Who meets the time requirement for the next rank in [start, end], with the verdict
    on the day they become eligible (the batch list, exportable)."""
    rows = []
    for cadre in with_details(serving()).order_by("unit__path", "person__name"):
        result = rank_eligibility(cadre, today)
        if result is None or result.earliest is None:
            continue
        if start <= result.earliest <= end:
            day = result.earliest
            rows.append(
                {
                    "cadre": cadre,
                    "eligibility": result,
                    "verdict": verdict(cadre, day, access=access),
                }
            )
    rows.sort(key=lambda row: (row["eligibility"].earliest, row["cadre"].person.name))
    return rows


def excellent_quota_check(unit, year: int) -> list[dict]:
    """优秀 against the quota in one unit and year, leaders and non-leaders apart."""
    counts = (
        AnnualAssessment.objects.filter(unit=unit, year=year)
        .values("is_leader")
        .annotate(
            total=Count("id"),
            excellent=Count("id", filter=Q(grade=AnnualGrade.EXCELLENT)),
        )
    )
    rows = []
    for row in sorted(counts, key=lambda r: not r["is_leader"]):
        quota = rules.excellent_quota(row["total"])
        rows.append({**row, "quota": quota, "over": row["excellent"] > quota})
    return rows


def _team_member(cadre: Cadre, today: dt.date) -> rules.TeamMember:
    person = cadre.person
    codes = [e.education_code for e in cadre.educations.all() if e.education_code]
    return rules.TeamMember(
        name=person.name,
        age=rules.age_on(person.birth_date, today),
        gender=person.gender,
        ethnicity=person.ethnicity,
        political_status=person.political_status,
        education_code=min(codes, default=person.education or ""),
    )


def team_structures(today: dt.date | None = None) -> list[dict]:
    """Every leading group in scope with its structure and warnings (two queries)."""
    today = today or dt.date.today()
    groups = list(LeadingGroup.objects.select_related("organization"))
    by_group: dict[int, dict[int, rules.TeamMember]] = defaultdict(dict)
    for position in (
        Position.objects.filter(leading_group__in=groups, ended_on__isnull=True)
        .select_related("cadre__person")
        .prefetch_related("cadre__educations")
    ):
        by_group[position.leading_group_id][position.cadre_id] = _team_member(position.cadre, today)
    level_of = {
        LeadingGroup.Level.TOWNSHIP: "township",
        LeadingGroup.Level.DEPARTMENT: "township",
        LeadingGroup.Level.COUNTY: "county",
    }
    return [
        {
            "group": group,
            "structure": rules.team_structure(
                list(by_group[group.pk].values()),
                level=level_of[group.level],
                is_government=group.is_government,
                gradient=group.level != LeadingGroup.Level.DEPARTMENT,
            ),
        }
        for group in groups
    ]


def district_structure(today: dt.date | None = None) -> dict:
    """Figures for the district view and its charts."""
    teams = team_structures(today)
    warnings = Counter(w for t in teams for w in t["structure"].warnings)
    bands: Counter = Counter()
    education: Counter = Counter()
    for t in teams:
        bands.update(t["structure"].bands)
        education.update(t["structure"].education)
    return {
        "teams": teams,
        "team_count": len(teams),
        "lacking": sum(1 for t in teams if t["structure"].warnings),
        "warnings": dict(warnings.most_common()),
        "bands": dict(bands),
        "education": dict(education),
        "members": sum(t["structure"].size for t in teams),
        "women": sum(t["structure"].women for t in teams),
        "minority": sum(t["structure"].minority for t in teams),
        "non_party": sum(t["structure"].non_party for t in teams),
    }


def overdue_rectifications(today: dt.date | None = None):
    today = today or dt.date.today()
    return Rectification.objects.filter(
        status=Rectification.Status.OPEN, deadline__lt=today
    ).select_related("responsible_unit")


def overdue_loans(today: dt.date | None = None):
    today = today or dt.date.today()
    return DossierLoan.objects.filter(returned_on__isnull=True, due_on__lt=today).select_related(
        "cadre__person"
    )


def expiring_secondments(days: int = 30, today: dt.date | None = None):
    """Postings ending within ``days`` days, or past their end and not yet back."""
    today = today or dt.date.today()
    return Secondment.objects.filter(
        returned_on__isnull=True, ends_on__lte=today + dt.timedelta(days=days)
    ).select_related("cadre__person")


def overdue_inquiries(today: dt.date | None = None):
    """Letter inquiries past their 15-working-day reply date with no reply."""
    today = today or dt.date.today()
    return SupervisionRecord.objects.filter(
        kind=SupervisionKind.INQUIRY, replied_on__isnull=True, reply_due__lt=today
    ).select_related("cadre__person")


def barred_now(today: dt.date | None = None) -> list[dict]:
    """Serving cadres who may not be promoted today because of a bar, with until when."""
    today = today or dt.date.today()
    rows = []
    candidates = (
        serving()
        .filter(
            Q(
                supervision__kind__in=[
                    k for k in SupervisionKind.values if k not in ("reminder", "inquiry")
                ]
            )
        )
        .distinct()
    )
    for cadre in with_details(candidates):
        bars = rules.active_bars(list(supervision_facts(cadre)), today)
        if bars:
            rows.append({"cadre": cadre, "verdict": verdict(cadre, today), "bars": bars})
    return rows


@reporting
def cockpit(today: dt.date | None = None) -> dict:
    """The cadre figures for the cockpit, all in scope."""
    today = today or dt.date.today()
    base = serving()
    by_level = dict(
        Position.objects.filter(ended_on__isnull=True, cadre__status=CadreStatus.SERVING)
        .exclude(level="")
        .values_list("level")
        .annotate(n=Count("cadre", distinct=True))
    )
    by_rank = dict(
        RankRecord.objects.filter(ended_on__isnull=True, cadre__status=CadreStatus.SERVING)
        .values_list("rank")
        .annotate(n=Count("id"))
    )
    return {
        "serving": base.count(),
        "women": base.filter(person__gender="2").count(),
        "by_level": by_level,
        "by_rank": by_rank,
        "retiring_12_months": len(retiring_within(12, today)),
        "young_pool": base.filter(pool__status="active").distinct().count(),
        "overdue_loans": overdue_loans(today).count(),
        "expiring_secondments": expiring_secondments(30, today).count(),
    }


def supervision_counts(today: dt.date | None = None) -> dict:
    """Overdue supervision figures, for readers of supervision records only: callers
    read them inside ``authz.narrowed(VIEW_SUPERVISION)``."""
    today = today or dt.date.today()
    return {
        "overdue_rectifications": overdue_rectifications(today).count(),
        "overdue_inquiries": overdue_inquiries(today).count(),
    }


def rank_counts(unit) -> dict[str, int]:
    """Current ranks held by serving cadres of one unit."""
    return dict(
        RankRecord.objects.filter(
            ended_on__isnull=True, cadre__unit=unit, cadre__status=CadreStatus.SERVING
        )
        .values_list("rank")
        .annotate(n=Count("id"))
    )


def rank_quota_report() -> list[dict]:
    """Each organ with a recorded establishment: its rank quotas, held and over."""
    held: dict[int, dict[str, int]] = defaultdict(dict)
    for unit_id, rank, n in (
        RankRecord.objects.filter(ended_on__isnull=True, cadre__status=CadreStatus.SERVING)
        .values_list("cadre__unit_id", "rank")
        .annotate(n=Count("id"))
    ):
        held[unit_id][rank] = n
    return [
        {
            "establishment": e,
            "findings": rules.rank_quota_findings(e.posts, held[e.organization_id]),
        }
        for e in UnitEstablishment.objects.select_related("organization")
    ]
