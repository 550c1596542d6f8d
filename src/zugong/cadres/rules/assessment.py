"""Annual assessment (《公务员考核规定》2020): quotas, who may get which grade, consequences."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from zugong.cadres.models import AnnualGrade
from zugong.cadres.rules.common import setting
from zugong.core.rules import Rule

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


LEAVE_HALF_YEAR = Rule(
    "year_days",
    "《公务员考核规定》（2020）第二十七条",
    "RULES.md §5.4 [V]: sick and personal leave together of more than half the assessment "
    "year → no grade. Half the year is the year's own length // 2 in calendar days (182 in "
    "a common year, 183 in a leap year), so leave of 183 days in 2026 gives no grade and 182 "
    "does; leave days are counted as the leave is granted (calendar days). Some places count "
    "working days instead: ZUGONG_LEAVE_HALF_YEAR_DAYS (a number of days) overrides",
)


def year_length(year: int) -> int:
    return (dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days


def leave_half_year(year: int) -> int:
    """Half of the assessment year in days: more leave than this gives no grade."""
    fixed = setting("ZUGONG_LEAVE_HALF_YEAR_DAYS", None)
    return int(fixed) if fixed else year_length(year) // 2


def leave_exceeds_half_year(year: int, sick_days: int, personal_days: int) -> bool:
    return (sick_days or 0) + (personal_days or 0) > leave_half_year(year)


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
