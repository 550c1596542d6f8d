"""Rules for cadres as data with their sources, and the one function applying each.

RULES.md §5–§10 and §16 and formats/LRMX.md. Each rule's ``source`` is the regulation and
article a user reads; its ``note`` is for developers: the RULES.md section, the confidence
tag and, where RULES.md marks a rule [S] or [M], the setting (``ZUGONG_*``) that overrides
the listed default.
Every function here works on plain values; ``selectors.cadre_facts`` gathers them.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from zugong.cadres.models import AnnualGrade, Measure, PostLevel, Rank, SupervisionKind
from zugong.core.rules import Rule, add_years, shift_months

# ---------------------------------------------------------------- months and ages


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from ``start`` to ``end`` (12 months = 1 year, counted by month)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return months


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def setting(name: str, default):
    return getattr(settings, name, default)


# ---------------------------------------------------------------- retirement month (LRMX.md)

RETIREMENT_SOURCE = "《国务院关于渐进式延迟法定退休年龄的办法》（2024）"
RETIREMENT_BASE_AGE = Rule(
    {"1": 60, "2": 55},
    RETIREMENT_SOURCE,
    "formats/LRMX.md: original statutory ages, men 60, women cadres 55 (women workers 50); "
    "no article number on record; ZUGONG_RETIREMENT_BASE_AGES overrides",
)
RETIREMENT_REFORM_START = Rule(
    dt.date(2025, 1, 1), RETIREMENT_SOURCE, "in force from 1 January 2025; no article on record"
)
RETIREMENT_DELAY = Rule(
    {60: (4, 36), 55: (4, 36), 50: (2, 60)},
    RETIREMENT_SOURCE + "附件",
    "formats/LRMX.md: ages 60 and 55 one month per 4, at most 36; age 50 one month per 2, "
    "at most 60",
)


@dataclass(frozen=True)
class Retirement:
    original: dt.date  # first day of the original retirement month
    delay_months: int
    month: dt.date  # first day of the month the person reaches retirement age (到龄年月)
    base_age: int


def retirement_month(birth: dt.date, gender: str, *, base_age: int | None = None) -> Retirement:
    """到龄年月 under the 2025 reform: birth month + base age, delayed by one month for
    every 4 (or 2) months from January 2025 to that month, both ends included."""
    if base_age is None:
        base_age = setting("ZUGONG_RETIREMENT_BASE_AGES", RETIREMENT_BASE_AGE.value).get(gender, 60)
    original = shift_months(month_start(birth), base_age * 12)
    start = RETIREMENT_REFORM_START.value
    delay = 0
    if original >= start:
        n = months_between(start, original) + 1
        per, cap = RETIREMENT_DELAY.value.get(base_age, (4, 36))
        delay = min(cap, math.ceil(n / per))
    return Retirement(
        original=original,
        delay_months=delay,
        month=shift_months(original, delay),
        base_age=base_age,
    )


# ---------------------------------------------------------------- annual assessment

EXCELLENT_QUOTA = Rule(
    20,
    "《公务员考核规定》（2020）",
    "RULES.md §5.2 [S]: generally at most 20% of those assessed, up to 25% with approval "
    "(secondary summary; article not on record); ZUGONG_EXCELLENT_QUOTA_PERCENT overrides",
)
EXCELLENT_QUOTA_ROUNDING = Rule(
    "round",
    "各地做法（优秀名额的取整方式）",
    "RULES.md §5.2: rounding differs locally; default round half up; "
    "ZUGONG_EXCELLENT_QUOTA_ROUNDING = round | floor | ceil",
)
THREE_EXCELLENT_MERIT = Rule(
    3, "《公务员考核规定》（2020）第十九条", "RULES.md §5.3 [V]: three years 优秀 → 记三等功"
)
TWO_INCOMPETENT_DISMISSAL = Rule(
    2,
    "《公务员考核规定》（2020）第二十二条；《公务员法》第八十八条",
    "RULES.md §5.3 [V]: two consecutive years 不称职 → 辞退",
)
TWO_BASIC_ADJUSTMENT = Rule(
    2,
    "《公务员考核规定》（2020）第二十一条",
    "RULES.md §5.3 [M]: two consecutive years 基本称职 → 组织调整或组织处理 is from memory, "
    "unverified",
)


def excellent_quota(participants: int, *, percent: float | None = None) -> int:
    """The largest number of 优秀 for ``participants`` people of one group."""
    if percent is None:
        percent = setting("ZUGONG_EXCELLENT_QUOTA_PERCENT", EXCELLENT_QUOTA.value)
    rounding = {
        "round": ROUND_HALF_UP,
        "floor": ROUND_FLOOR,
        "ceil": ROUND_CEILING,
    }[setting("ZUGONG_EXCELLENT_QUOTA_ROUNDING", EXCELLENT_QUOTA_ROUNDING.value)]
    exact = Decimal(participants) * Decimal(str(percent)) / Decimal(100)
    return int(exact.quantize(Decimal(1), rounding=rounding))


@dataclass(frozen=True)
class YearFacts:
    """What decides which grades a cadre may receive for one year (Arts. 25–29)."""

    new_recruit: bool = False
    long_leave: bool = False
    under_investigation: bool = False
    warning_sanction: bool = False  # 警告 (政务 or 党纪) decided in the year
    admonished: bool = False  # 诫勉 decided in the year
    heavier_sanction: bool = False  # 记过 or heavier decided in the year


GRADE_SPECIAL_CASES = Rule(
    "",
    "《公务员考核规定》（2020）第二十五至二十九条",
    "RULES.md §5.4 [V] for probation, leave, investigation and the warning year; "
    "记过 and heavier → comments only [S/M]; 诫勉 year → not 优秀 [M] (RULES.md §8.2)",
)


def annual_grade_problem(grade: str, facts: YearFacts) -> str | None:
    """Why ``grade`` may not be given to a cadre with these facts, or None."""
    graded = grade in (
        AnnualGrade.EXCELLENT,
        AnnualGrade.COMPETENT,
        AnnualGrade.BASIC,
        AnnualGrade.INCOMPETENT,
    )
    if grade not in AnnualGrade.values:
        return _("考核等次应为优秀、称职、基本称职、不称职之一")
    if facts.new_recruit and grade != AnnualGrade.COMMENTS_ONLY:
        return _("新录用公务员试用期内只写评语，不确定等次")
    if (facts.long_leave or facts.under_investigation) and grade != AnnualGrade.UNGRADED:
        return (
            _("被立案审查调查期间不写评语、不定等次")
            if facts.under_investigation
            else _("病假、事假累计超过考核年度半年的，不确定等次")
        )
    if facts.heavier_sanction and graded:
        return _("受记过以上处分当年只写评语，不确定等次")
    if grade == AnnualGrade.EXCELLENT and facts.warning_sanction:
        return _("受警告处分的当年，不得确定为优秀等次")
    if grade == AnnualGrade.EXCELLENT and facts.admonished:
        return _("受诫勉的当年，不得确定为优秀等次")
    if not graded and not (
        facts.new_recruit or facts.long_leave or facts.under_investigation or facts.heavier_sanction
    ):
        return _("没有不定等次的情形，应确定优秀、称职、基本称职或不称职")
    return None


@dataclass(frozen=True)
class Consequence:
    code: str
    year: int
    text: str
    source: str


def assessment_consequences(grades: dict[int, str]) -> list[Consequence]:
    """What the run of annual grades leads to (Arts. 19–22)."""
    out: list[Consequence] = []
    years = sorted(grades)

    def run_ending(year: int, grade: str, length: int) -> bool:
        return all(grades.get(year - i) == grade for i in range(length))

    for year in years:
        grade = grades[year]
        if grade == AnnualGrade.EXCELLENT and run_ending(
            year, AnnualGrade.EXCELLENT, THREE_EXCELLENT_MERIT.value
        ):
            out.append(
                Consequence(
                    "merit",
                    year,
                    _("%(a)d—%(b)d年连续三年优秀，拟记三等功") % {"a": year - 2, "b": year},
                    THREE_EXCELLENT_MERIT.source,
                )
            )
        if grade == AnnualGrade.INCOMPETENT:
            if run_ending(year, AnnualGrade.INCOMPETENT, TWO_INCOMPETENT_DISMISSAL.value):
                out.append(
                    Consequence(
                        "dismissal",
                        year,
                        _("%(a)d、%(b)d年连续两年不称职，应予辞退") % {"a": year - 1, "b": year},
                        TWO_INCOMPETENT_DISMISSAL.source,
                    )
                )
            else:
                out.append(
                    Consequence(
                        "demotion",
                        year,
                        _("%(y)d年不称职，应降低一个职务或职级层次任职") % {"y": year},
                        "《公务员考核规定》（2020）第二十二条",
                    )
                )
        if grade == AnnualGrade.BASIC:
            if run_ending(year, AnnualGrade.BASIC, TWO_BASIC_ADJUSTMENT.value):
                out.append(
                    Consequence(
                        "adjustment",
                        year,
                        _("%(a)d、%(b)d年连续两年基本称职，应进行组织调整或组织处理")
                        % {"a": year - 1, "b": year},
                        TWO_BASIC_ADJUSTMENT.source,
                    )
                )
            else:
                out.append(
                    Consequence(
                        "admonishment",
                        year,
                        _("%(y)d年基本称职，应予诫勉并限期改进") % {"y": year},
                        "《公务员考核规定》（2020）第二十一条",
                    )
                )
    return out


# ---------------------------------------------------------------- ranks (职级)

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


# ---------------------------------------------------------------- staff grades (职员等级)

STAFF_GRADE_YEARS = Rule(
    {8: (9, 3), 7: (8, 4), 6: (7, 4), 5: (6, 4)},
    "《关于县以下事业单位建立管理岗位职员等级晋升制度的意见》（2021）",
    "RULES.md §9: to 七级 4 years at 八级 [S]; to 八级 (3 years at 九级), 六级 and 五级 "
    "(4 years below) [M], to be confirmed by the Guangxi implementing rules; "
    "ZUGONG_STAFF_GRADE_YEARS overrides",
)


def staff_grade_eligibility(
    *, grade: int, since: dt.date, grades: dict[int, str], today: dt.date
) -> Eligibility:
    """The same counting as ranks: 优秀 shortens by half a year, 基本合格 or no grade
    does not count."""
    table = setting("ZUGONG_STAFF_GRADE_YEARS", STAFF_GRADE_YEARS.value)
    target = grade - 1
    result = Eligibility(current=str(grade), target=str(target), since=since, earliest=None)
    spec = table.get(target)
    if spec is None or spec[0] != grade:
        result.blocked = _("县以下事业单位职员等级晋升只设至五级职员")
        return result
    return _count_tenure(result, spec[1] * 12, grades, today)


# ---------------------------------------------------------------- bars (影响期)

DISCIPLINE = "《中国共产党纪律处分条例》（2023）"
STATE = "《公务员法》第六十四条；《政务处分法》"
ORG_HANDLING = "《中国共产党组织处理规定（试行）》（2021）"
BAR_MONTHS: dict[str, Rule] = {
    SupervisionKind.ADMONISHMENT: Rule(
        6,
        "《关于对党员领导干部进行提醒、函询和诫勉的实施细则》",
        "RULES.md §7.5, §8.2 [S]: no promotion or further use for 6 months (Guangdong 实施细则 "
        "Art. 5 and the national 实施细则; article of the national text not on record)",
    ),
    Measure.PARTY_WARNING: Rule(12, DISCIPLINE + "第十条", "RULES.md §7.5 [V]: 警告, 1 year"),
    Measure.PARTY_SERIOUS_WARNING: Rule(
        18, DISCIPLINE + "第十条", "RULES.md §7.5 [V]: 严重警告, 1.5 years"
    ),
    Measure.PARTY_POST_REMOVAL: Rule(
        24, DISCIPLINE + "第十一条", "RULES.md §7.5 [V]: 撤销党内职务, 2 years"
    ),
    Measure.PARTY_PROBATION_1: Rule(
        36,
        DISCIPLINE + "第十二条",
        "RULES.md §7.5 [V]: 留党察看 1 year, then 2 years after rights are restored",
    ),
    Measure.PARTY_PROBATION_2: Rule(
        48,
        DISCIPLINE + "第十二条",
        "RULES.md §7.5 [V]: 留党察看 2 years, then 2 years after rights are restored",
    ),
    Measure.PARTY_EXPULSION: Rule(
        60, DISCIPLINE + "第十三条", "RULES.md §7.5 [V]: no re-admission for 5 years"
    ),
    Measure.STATE_WARNING: Rule(6, STATE, "RULES.md §5.4, §7.5 [V]: 警告 6 months"),
    Measure.STATE_DEMERIT: Rule(12, STATE, "RULES.md §5.4, §7.5 [V]: 记过 12 months"),
    Measure.STATE_MAJOR_DEMERIT: Rule(18, STATE, "RULES.md §5.4, §7.5 [V]: 记大过 18 months"),
    Measure.STATE_DEMOTION: Rule(24, STATE, "RULES.md §5.4, §7.5 [V]: 降级 24 months"),
    Measure.STATE_REMOVAL: Rule(24, STATE, "RULES.md §5.4, §7.5 [V]: 撤职 24 months"),
    Measure.ORG_POST_ADJUSTMENT: Rule(
        12,
        ORG_HANDLING,
        "RULES.md §7.5: measures [V], period [M]: 调整职务, no promotion for 1 year; "
        "article not on record",
    ),
    Measure.ORG_ORDERED_RESIGNATION: Rule(
        24,
        ORG_HANDLING,
        "RULES.md §7.5: measures [V], period [M]: 责令辞职, no leading post for 1 year and no "
        "higher post for 2 years; article not on record",
    ),
    Measure.ORG_DISMISSAL: Rule(
        24,
        ORG_HANDLING,
        "RULES.md §7.5: measures [V], period [M]: 免职, no leading post for 1 year and no "
        "higher post for 2 years; article not on record",
    ),
    Measure.ORG_DEMOTION: Rule(
        24,
        ORG_HANDLING,
        "RULES.md §7.5: measures [V], period [M]: 降职, no promotion for 2 years; "
        "article not on record",
    ),
}
SUSPENSION_WHILE_OPEN = Rule(
    None,
    ORG_HANDLING,
    "RULES.md §7.5: 停职检查 bars promotion while the matter is open; the decision decides",
)


@dataclass(frozen=True)
class SupervisionFact:
    kind: str
    measure: str
    decided_on: dt.date
    is_open: bool = False
    label: str = ""


@dataclass(frozen=True)
class Bar:
    label: str
    start: dt.date
    until: dt.date | None  # None: until the matter is closed
    source: str


def bar_of(fact: SupervisionFact) -> Bar | None:
    """The impact period one supervision record imposes, or None (reminders, inquiries)."""
    if fact.measure == Measure.ORG_SUSPENSION:
        return (
            Bar(fact.label, fact.decided_on, None, SUSPENSION_WHILE_OPEN.source)
            if fact.is_open
            else None
        )
    rule = BAR_MONTHS.get(fact.measure) or BAR_MONTHS.get(fact.kind)
    if rule is None:
        return None
    return Bar(fact.label, fact.decided_on, shift_months(fact.decided_on, rule.value), rule.source)


def active_bars(facts: list[SupervisionFact], on: dt.date) -> list[Bar]:
    bars = [bar_of(f) for f in facts if f.decided_on <= on]
    return [b for b in bars if b is not None and (b.until is None or b.until > on)]


# ---------------------------------------------------------------- may this cadre be promoted?

SELECTION = "《党政领导干部选拔任用工作条例》（2019）"
PROBATION_MONTHS = Rule(
    12,
    SELECTION + "第四十四条",
    "RULES.md §7.4 [V] for the content (2014 Art. 42); the 2019 number is given as Art. ~44, "
    "unverified",
)
RECENT_ASSESSMENT_YEARS = Rule(
    3,
    SELECTION + "第二十六条",
    "RULES.md §7.3 [S/M]: a 基本称职 or lower grade in the last 3 years bars inspection; "
    "the 2019 number is given as Art. ~26, unverified",
)


@dataclass(frozen=True)
class CadreFacts:
    name: str
    birth: dt.date
    gender: str
    work_started_on: dt.date | None
    education_codes: tuple[str, ...] = ()
    grades: dict[int, str] = field(default_factory=dict)
    supervision: tuple[SupervisionFact, ...] = ()
    # (level, started_on, ended_on or None, probation, is_promotion) of each post held
    posts: tuple[tuple[str, dt.date, dt.date | None, bool, bool], ...] = ()
    grassroots_months: int = 0
    last_training_on: dt.date | None = None


@dataclass
class Verdict:
    allowed: bool
    reasons: list[str]
    until: dt.date | None
    sources: list[str] = field(default_factory=list)
    bars: int = 0  # how many of the reasons (the first ones) come from supervision records

    @property
    def text(self) -> str:
        if self.allowed:
            return _("可以提拔或晋升")
        until = _("，影响期至%(d)s") % {"d": f"{self.until:%Y年%m月%d日}"} if self.until else ""
        return _("不能提拔或晋升：%(r)s%(u)s") % {"r": "；".join(self.reasons), "u": until}


def promotion_verdict(facts: CadreFacts, on: dt.date) -> Verdict:
    """May this cadre be promoted (提拔 or 职级晋升) on ``on``; if not, why and until when.

    Bars from admonishment, party and state sanctions and organizational handling each
    run for their period; with several, the latest end wins. A post on probation and a
    基本称职 or lower grade in the last three years also block.
    """
    reasons: list[str] = []
    sources: list[str] = []
    ends: list[dt.date] = []
    open_ended = False
    for bar in active_bars(list(facts.supervision), on):
        if bar.until is None:
            open_ended = True
            reasons.append(_("%(l)s，处理未结束") % {"l": bar.label})
        else:
            reasons.append(
                _("%(l)s（%(s)s起），影响期至%(u)s")
                % {"l": bar.label, "s": f"{bar.start:%Y-%m-%d}", "u": f"{bar.until:%Y-%m-%d}"}
            )
            ends.append(bar.until)
        sources.append(bar.source)
    for _level, started, ended, probation, _promotion in facts.posts:
        if probation and ended is None:
            finish = shift_months(started, PROBATION_MONTHS.value)
            if finish > on:
                reasons.append(_("任职试用期未满（%(d)s期满）") % {"d": f"{finish:%Y-%m-%d}"})
                ends.append(finish)
                sources.append(PROBATION_MONTHS.source)
    window = RECENT_ASSESSMENT_YEARS.value
    for year, grade in sorted(facts.grades.items()):
        if grade in (AnnualGrade.BASIC, AnnualGrade.INCOMPETENT) and year >= on.year - window:
            clears = dt.date(year + window + 1, 1, 1)
            if clears > on:
                reasons.append(
                    _("%(y)d年度考核为%(g)s（近三年内）")
                    % {"y": year, "g": AnnualGrade(grade).label}
                )
                ends.append(clears)
                sources.append(RECENT_ASSESSMENT_YEARS.source)
    if not reasons:
        return Verdict(True, [], None, [])
    bars = len(active_bars(list(facts.supervision), on))
    return Verdict(False, reasons, None if open_ended else max(ends), sources, bars)


def redacted(verdict: Verdict) -> Verdict:
    """The verdict for someone not allowed to see supervision records: the same answer,
    with the bars stated without their matter, measure or dates."""
    if not verdict.bars:
        return verdict
    rest = verdict.reasons[verdict.bars :]
    reasons = [_("有影响提拔使用的监督记录，详情请向区委组织部干部监督部门了解"), *rest]
    return Verdict(False, reasons, None, [], 1)


# ---------------------------------------------------------------- leading-post qualifications

LEVEL_ORDER = list(PostLevel.values)  # low → high
COUNTY_MIN_WORK_YEARS = Rule(
    5, SELECTION + "第八条", "RULES.md §7.1 [V]: 县处级, at least 5 years of work"
)
COUNTY_MIN_GRASSROOTS_YEARS = Rule(
    2, SELECTION + "第八条", "RULES.md §7.1 [V]: 县处级, at least 2 years at the grassroots"
)
LOWER_POSTS = Rule(
    2,
    SELECTION + "第八条",
    "RULES.md §7.1 [V]: 县处级 and above, generally two or more posts at the level below",
)
DEPUTY_TO_PRINCIPAL = Rule(
    24, SELECTION + "第八条", "RULES.md §7.1 [V]: deputy → principal, 2 years as deputy"
)
PRINCIPAL_TO_HIGHER_DEPUTY = Rule(
    36,
    SELECTION + "第八条",
    "RULES.md §7.1 [V]: lower principal → higher deputy, 3 years as lower principal",
)
EDUCATION_MIN = Rule(
    {"county": "3", "bureau": "2"},
    SELECTION + "第八条",
    "RULES.md §7.1 [V]: generally 大学专科; 厅局级 and above generally 大学本科",
)
TRAINING_WITHIN = Rule(
    12,
    SELECTION + "第八条",
    "RULES.md §7.1 [V]: training at a Party school or the like; if not done, within 1 year",
)
RECENT_PROMOTION = Rule(
    12,
    SELECTION + "第九条",
    "RULES.md §7.2 [V: 2014 text; 2019 similar]: no exceptional promotion on probation or "
    "within 1 year of a promotion",
)


@dataclass(frozen=True)
class Check:
    ok: bool
    text: str
    source: str


def _months_at(facts: CadreFacts, levels: set[str], on: dt.date) -> int:
    return sum(
        months_between(start, min(end or on, on))
        for level, start, end, *_ in facts.posts
        if level in levels
    )


def post_qualification(
    facts: CadreFacts,
    *,
    target: str,
    on: dt.date,
    exceptional: bool = False,
    redact_bars: bool = False,
) -> list[Check]:
    """Each basic qualification (条例第八、九条) for appointing the cadre to a leading
    post at level ``target`` on ``on``, with whether it is met and why."""
    checks: list[Check] = []
    index = LEVEL_ORDER.index(target)
    county_or_above = index >= LEVEL_ORDER.index(PostLevel.COUNTY_DEPUTY)
    if county_or_above:
        years = months_between(facts.work_started_on, on) // 12 if facts.work_started_on else 0
        need = COUNTY_MIN_WORK_YEARS.value
        checks.append(
            Check(
                years >= need,
                _("工龄%(y)d年（应满%(n)d年）") % {"y": years, "n": need},
                COUNTY_MIN_WORK_YEARS.source,
            )
        )
        grass = facts.grassroots_months // 12
        need = COUNTY_MIN_GRASSROOTS_YEARS.value
        checks.append(
            Check(
                facts.grassroots_months >= need * 12,
                _("基层工作经历%(y)d年（应满%(n)d年）") % {"y": grass, "n": need},
                COUNTY_MIN_GRASSROOTS_YEARS.source,
            )
        )
        tier = index // 2
        lower_levels = set(LEVEL_ORDER[(tier - 1) * 2 : tier * 2])
        posts = sum(1 for level, *_rest in facts.posts if level in lower_levels)
        checks.append(
            Check(
                posts >= LOWER_POSTS.value,
                _("下一级职位任职经历%(n)d个（一般应有%(m)d个以上）")
                % {"n": posts, "m": LOWER_POSTS.value},
                LOWER_POSTS.source,
            )
        )
    if index % 2 == 1:
        deputy = LEVEL_ORDER[index - 1]
        held = _months_at(facts, {deputy}, on)
        checks.append(
            Check(
                held >= DEPUTY_TO_PRINCIPAL.value,
                _("任%(l)s%(m)d个月（副职提任正职应满两年）")
                % {"l": PostLevel(deputy).label, "m": held},
                DEPUTY_TO_PRINCIPAL.source,
            )
        )
    elif index >= 2:
        lower_principal = LEVEL_ORDER[index - 1]
        held = _months_at(facts, {lower_principal}, on)
        checks.append(
            Check(
                held >= PRINCIPAL_TO_HIGHER_DEPUTY.value,
                _("任%(l)s%(m)d个月（下级正职提任上级副职应满三年）")
                % {"l": PostLevel(lower_principal).label, "m": held},
                PRINCIPAL_TO_HIGHER_DEPUTY.source,
            )
        )
    need = EDUCATION_MIN.value["bureau" if target.startswith("bureau") else "county"]
    best = min((c for c in facts.education_codes if c), default="9")
    checks.append(
        Check(
            best[:1] <= need,
            _("学历符合要求")
            if best[:1] <= need
            else (_("学历低于大学本科") if need == "2" else _("学历低于大学专科")),
            EDUCATION_MIN.source,
        )
    )
    trained = facts.last_training_on is not None and months_between(facts.last_training_on, on) < 60
    checks.append(
        Check(
            True,
            _("已参加任职培训") if trained else _("未见近五年任职培训记录，须在任职后一年内完成"),
            TRAINING_WITHIN.source,
        )
    )
    last_promotion = max((start for _l, start, _e, _p, promo in facts.posts if promo), default=None)
    if (
        exceptional
        and last_promotion
        and months_between(last_promotion, on) < RECENT_PROMOTION.value
    ):
        checks.append(
            Check(
                False,
                _("提拔任职不满一年（%(d)s），不得破格提拔") % {"d": f"{last_promotion:%Y-%m-%d}"},
                RECENT_PROMOTION.source,
            )
        )
    verdict = promotion_verdict(facts, on)
    if redact_bars:
        verdict = redacted(verdict)
    checks.append(Check(verdict.allowed, verdict.text, "；".join(dict.fromkeys(verdict.sources))))
    return checks


# ---------------------------------------------------------------- young cadres, teams

YOUNG_AGE_LINES = Rule(
    {"township": 35, "department": 40, "county": 45},
    SELECTION + "第三条",
    "RULES.md §10: Art. 3 asks for outstanding young cadres [V] but sets no age line; "
    "乡科级 35, 县处级 about 40 are working definitions [S/M]; ZUGONG_YOUNG_AGE_LINES overrides",
)
TEAM_REQUIREMENTS = Rule(
    {"woman": True, "young": True, "age_bands": 3, "minority": False, "non_party_government": True},
    SELECTION + "第三条",
    "RULES.md §10 [M], verify against the autonomous region's general-election plan: a woman "
    "in township and county teams, an age gradient with a cadre about 35 (township) or 40 "
    "(county) or younger, non-Party cadres in government teams, minority cadres in autonomous "
    "areas; Art. 3 [V] only asks to plan for women, minority and non-Party cadres; "
    "ZUGONG_TEAM_REQUIREMENTS overrides",
)
OLD_AGE = 50


def young_line(level: str) -> int:
    return setting("ZUGONG_YOUNG_AGE_LINES", YOUNG_AGE_LINES.value).get(level, 35)


@dataclass(frozen=True)
class TeamMember:
    name: str
    age: int
    gender: str
    ethnicity: str
    political_status: str
    education_code: str


@dataclass
class TeamStructure:
    size: int
    women: int
    minority: int
    non_party: int
    young: int
    bands: dict[str, int]
    education: dict[str, int]
    average_age: float
    warnings: list[str]


def team_structure(
    members: list[TeamMember], *, level: str, is_government: bool, gradient: bool = True
) -> TeamStructure:
    """Age, gender, ethnicity, party and education mix of a team, with what it lacks.

    The age gradient (老中青) is asked of the township and county teams elected at a
    general election; ``gradient=False`` leaves it out for a department's small team."""
    line = young_line(level)
    needs = setting("ZUGONG_TEAM_REQUIREMENTS", TEAM_REQUIREMENTS.value)
    bands = {_("青（%(n)d岁及以下）") % {"n": line}: 0, _("中"): 0, _("老（50岁及以上）"): 0}
    keys = list(bands)
    education = {_("研究生"): 0, _("大学本科"): 0, _("大学专科"): 0, _("其他"): 0}
    edu_keys = list(education)
    for m in members:
        bands[keys[0 if m.age <= line else (2 if m.age >= OLD_AGE else 1)]] += 1
        head = (m.education_code or "9")[:1]
        education[edu_keys[{"1": 0, "2": 1, "3": 2}.get(head, 3)]] += 1
    structure = TeamStructure(
        size=len(members),
        women=sum(m.gender == "2" for m in members),
        minority=sum(m.ethnicity not in ("01", "") for m in members),
        non_party=sum(m.political_status not in ("01", "02") for m in members),
        young=bands[keys[0]],
        bands=bands,
        education=education,
        average_age=round(sum(m.age for m in members) / len(members), 1) if members else 0.0,
        warnings=[],
    )
    if not members:
        structure.warnings.append(_("班子没有在任成员"))
        return structure
    if needs.get("woman") and structure.women == 0:
        structure.warnings.append(_("缺少女干部"))
    if needs.get("young") and structure.young == 0:
        structure.warnings.append(_("缺少%(n)d岁及以下的年轻干部") % {"n": line})
    present = sum(1 for count in bands.values() if count)
    if gradient and present < needs.get("age_bands", 0):
        structure.warnings.append(_("年龄梯次不合理（老中青未形成梯次）"))
    if needs.get("minority") and structure.minority == 0:
        structure.warnings.append(_("缺少少数民族干部"))
    if needs.get("non_party_government") and is_government and structure.non_party == 0:
        structure.warnings.append(_("政府班子缺少党外干部"))
    return structure


# ---------------------------------------------------------------- record checks (三龄两历)

MIN_WORK_AGE = Rule(16, "《劳动法》第十五条", "no one under 16 may be employed")
MIN_PARTY_AGE = Rule(18, "《中国共产党章程》第一条", "RULES.md §1.2 [V]: at least 18")


def resume_problems(periods: list[tuple[dt.date, dt.date | None]]) -> list[str]:
    """Résumé periods in order must be continuous: each starts the month the previous
    ended, none overlaps, only the last is open."""
    problems: list[str] = []
    for i, (start, end) in enumerate(periods, start=1):
        if end is not None and month_start(end) < month_start(start):
            problems.append(_("简历第%(i)d段截止年月早于起始年月") % {"i": i})
        if end is None and i < len(periods):
            problems.append(_("简历第%(i)d段没有截止年月，但其后还有经历") % {"i": i})
    for i in range(1, len(periods)):
        previous_end = periods[i - 1][1]
        start = periods[i][0]
        if previous_end is None:
            continue
        gap = months_between(month_start(previous_end), month_start(start))
        if gap > 0:
            problems.append(
                _("简历第%(a)d段与第%(b)d段之间断档：%(e)s至%(s)s")
                % {"a": i, "b": i + 1, "e": f"{previous_end:%Y.%m}", "s": f"{start:%Y.%m}"}
            )
        elif gap < 0:
            problems.append(
                _("简历第%(a)d段与第%(b)d段时间重叠：%(s)s早于%(e)s")
                % {"a": i, "b": i + 1, "s": f"{start:%Y.%m}", "e": f"{previous_end:%Y.%m}"}
            )
    return problems


def record_problems(
    *,
    birth: dt.date,
    work_started_on: dt.date | None,
    party_joined_on: dt.date | None,
    full_time_graduated_on: dt.date | None,
    periods: list[tuple[dt.date, dt.date | None]],
    today: dt.date,
) -> list[str]:
    """三龄两历: age, years of work, party standing, education and résumé against each other."""
    problems: list[str] = []
    if work_started_on:
        if work_started_on > today:
            problems.append(_("参加工作时间晚于今天"))
        if age_on(birth, work_started_on) < MIN_WORK_AGE.value:
            problems.append(
                _("参加工作时间%(w)s时未满16周岁（出生%(b)s）")
                % {"w": f"{work_started_on:%Y.%m}", "b": f"{birth:%Y.%m}"}
            )
        if full_time_graduated_on and month_start(full_time_graduated_on) > month_start(
            work_started_on
        ):
            problems.append(
                _("全日制教育毕业时间%(g)s晚于参加工作时间%(w)s")
                % {"g": f"{full_time_graduated_on:%Y.%m}", "w": f"{work_started_on:%Y.%m}"}
            )
    if party_joined_on:
        if party_joined_on > today:
            problems.append(_("入党时间晚于今天"))
        if add_years(birth, MIN_PARTY_AGE.value) > party_joined_on:
            problems.append(_("入党时间%(j)s时未满18周岁") % {"j": f"{party_joined_on:%Y.%m}"})
    if periods and month_start(periods[0][0]) < month_start(add_years(birth, 12)):
        problems.append(_("简历起始年月早于12周岁"))
    problems.extend(resume_problems(periods))
    return problems
