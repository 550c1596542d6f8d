"""Ranks (职级): the ladder, time to the next rank, the county cap and the quotas."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from zugong.cadres.models import AnnualGrade, Rank
from zugong.cadres.rules.common import setting
from zugong.core.rules import Rule, shift_months

RANK_LADDER: list[str] = list(Rank.values)  # high → low (《公务员职务与职级并行规定》第七条)

RANK_PROMOTION_YEARS = Rule(
    {
        Rank.INSPECTOR_1: 4,
        Rank.INSPECTOR_2: 4,
        Rank.RESEARCHER_1: 3,
        Rank.RESEARCHER_2: 2,
        Rank.RESEARCHER_3: 2,
        Rank.RESEARCHER_4: 2,
        Rank.PRINCIPAL_CLERK_1: 2,
        Rank.PRINCIPAL_CLERK_2: 2,
        Rank.PRINCIPAL_CLERK_3: 2,
        Rank.PRINCIPAL_CLERK_4: 2,
        Rank.CLERK_1: 2,
    },
    "《公务员职务与职级并行规定》（2019）第十四条",
    "RULES.md §6.4 [S]: years to serve at the rank below; the article is given as Art. ~14 "
    "(approximate, consistent across secondary sources)",
)
COUNTY_ORGAN_RANK_CAP = Rule(
    Rank.RESEARCHER_2,
    "《公务员职务与职级并行规定》（2019）第十条：县、乡机关设置二级调研员以下职级",
)
EXCELLENT_SHORTENS = Rule(
    6,
    "《公务员考核规定》（2020）第十九条",
    "RULES.md §5.3 [V], §6.4 [S]: each 优秀 year in the tenure cuts the requirement by half a year",
)
BASIC_EXTENDS = Rule(
    12,
    "《公务员考核规定》（2020）第二十一条",
    "RULES.md §5.3 [V/S], §6.4 [S]: a 基本称职 year, or (new recruits aside) an ungraded year, "
    "does not count, i.e. one more year; the ungraded part is from secondary summaries",
)
YEAR_COUNTING = Rule(
    "whole",
    "各地做法（任职年限内考核年度的认定）",
    "RULES.md §6.4 [S]: sources disagree on cross-year cases; default whole (only years "
    "wholly inside the tenure); ZUGONG_RANK_YEAR_COUNTING = started also counts the first year",
)


def rank_name(rank: str) -> str:
    return str(Rank(rank).label)


def next_rank(rank: str) -> str | None:
    index = RANK_LADDER.index(rank)
    return RANK_LADDER[index - 1] if index > 0 else None


def rank_above_cap(rank: str, *, county_or_township_organ: bool) -> str | None:
    """The Chinese reason a county or township organ may not hold ``rank``, or None."""
    cap = COUNTY_ORGAN_RANK_CAP.value
    if county_or_township_organ and RANK_LADDER.index(rank) < RANK_LADDER.index(cap):
        return _("县、乡机关只设二级调研员以下职级，不能设置%(r)s") % {"r": rank_name(rank)}
    return None


def tenure_years(since: dt.date, *, until_year: int) -> list[int]:
    """Assessment years that count inside a tenure starting ``since``."""
    counting = setting("ZUGONG_RANK_YEAR_COUNTING", YEAR_COUNTING.value)
    first = (
        since.year
        if counting == "started" or (since.month, since.day) == (1, 1)
        else since.year + 1
    )
    return list(range(first, until_year + 1))


@dataclass
class Eligibility:
    current: str
    target: str | None
    since: dt.date
    earliest: dt.date | None
    required_months: int = 0
    notes: list[str] = field(default_factory=list)
    blocked: str = ""


def grade_counts_against(grade: str | None) -> bool:
    return grade in (AnnualGrade.BASIC, AnnualGrade.UNGRADED)


def rank_eligibility(
    *,
    rank: str,
    since: dt.date,
    grades: dict[int, str],
    county_or_township_organ: bool,
    today: dt.date,
) -> Eligibility:
    """The earliest date a cadre holding ``rank`` since ``since`` meets the time
    requirement for the next rank, from the assessment results recorded so far."""
    target = next_rank(rank)
    result = Eligibility(current=rank, target=target, since=since, earliest=None)
    if target is None:
        result.blocked = _("已是最高职级")
        return result
    if rank_above_cap(target, county_or_township_organ=county_or_township_organ):
        result.blocked = _("县、乡机关职级最高为二级调研员")
        return result
    return _count_tenure(result, RANK_PROMOTION_YEARS.value[target] * 12, grades, today)


def _count_tenure(
    result: Eligibility, months: int, grades: dict[int, str], today: dt.date
) -> Eligibility:
    """The time requirement with the grades of the tenure applied: each 优秀 year
    shortens it by half a year, each 基本称职 or ungraded year does not count, a
    不称职 year blocks. A year's grade is known once the year is over."""
    for year in tenure_years(result.since, until_year=today.year - 1):
        grade = grades.get(year)
        if grade == AnnualGrade.EXCELLENT:
            months -= EXCELLENT_SHORTENS.value
            result.notes.append(_("%(y)d年优秀，缩短半年") % {"y": year})
        elif grade_counts_against(grade):
            months += BASIC_EXTENDS.value
            result.notes.append(
                _("%(y)d年%(g)s，该年度不计算任职年限") % {"y": year, "g": AnnualGrade(grade).label}
            )
        elif grade == AnnualGrade.INCOMPETENT:
            result.blocked = _("%(y)d年不称职，应降低一个等级，不能晋升") % {"y": year}
            return result
    result.required_months = months
    result.earliest = shift_months(result.since, months)
    return result


RANK_QUOTAS = Rule(
    {"dyy2": 2, "dyy34": 10, "dyy3_of_34": 40, "zrky": 60},
    "《公务员职务与职级并行规定》（2019）",
    "RULES.md §6.5 [S]: county and township quotas as a secondary source reports them "
    "(二级调研员 ≤ 2%, 三四级调研员 ≤ 10% of which 三级 ≤ 40%, 一至四级主任科员 ≤ 60%); "
    "no article on record; check the Guangxi implementing plan; ZUGONG_RANK_QUOTAS overrides",
)


def rank_quota_findings(establishment: int, counts: dict[str, int]) -> list[dict]:
    """Each rank quota with its cap (people), the number holding it and whether it is over."""
    quotas = setting("ZUGONG_RANK_QUOTAS", RANK_QUOTAS.value)
    dyy34 = counts.get(Rank.RESEARCHER_3, 0) + counts.get(Rank.RESEARCHER_4, 0)
    rows = [
        (_("二级调研员"), quotas["dyy2"], establishment, counts.get(Rank.RESEARCHER_2, 0)),
        (_("三级、四级调研员"), quotas["dyy34"], establishment, dyy34),
        (
            _("其中三级调研员"),
            quotas["dyy3_of_34"],
            math.floor(establishment * quotas["dyy34"] / 100),
            counts.get(Rank.RESEARCHER_3, 0),
        ),
        (
            _("一至四级主任科员"),
            quotas["zrky"],
            establishment,
            sum(
                counts.get(r, 0)
                for r in (
                    Rank.PRINCIPAL_CLERK_1,
                    Rank.PRINCIPAL_CLERK_2,
                    Rank.PRINCIPAL_CLERK_3,
                    Rank.PRINCIPAL_CLERK_4,
                )
            ),
        ),
    ]
    groups = [
        {Rank.RESEARCHER_2},
        {Rank.RESEARCHER_3, Rank.RESEARCHER_4},
        {Rank.RESEARCHER_3},
        {
            Rank.PRINCIPAL_CLERK_1,
            Rank.PRINCIPAL_CLERK_2,
            Rank.PRINCIPAL_CLERK_3,
            Rank.PRINCIPAL_CLERK_4,
        },
    ]
    return [
        {
            "name": name,
            "percent": percent,
            "cap": math.floor(base * percent / 100),
            "held": held,
            "over": held > math.floor(base * percent / 100),
            "ranks": sorted(group),
        }
        for (name, percent, base, held), group in zip(rows, groups, strict=True)
    ]
