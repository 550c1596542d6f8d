"""Record checks (三龄两历): age, work, party standing, education and résumé."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from zugong.cadres.rules.common import age_on, month_start, months_between
from zugong.core.rules import Rule, add_years

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
