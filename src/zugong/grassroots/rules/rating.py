"""Star rating of village party organizations (星级化管理): score bands, vetoes, the
public notice, rectification and the what-if (RULES.md §13; next-modules R13)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from zugong.core import workdays
from zugong.core.errors import ApplicationError
from zugong.core.rules import Rule
from zugong.grassroots.rules.common import plain, setting

STAR_PRACTICE = "各地村党组织星级化管理办法"
STARS = (1, 2, 3, 4, 5)
DEFAULT_BANDS = Rule(
    {5: 90, 4: 80, 3: 70, 2: 60, 1: 0},
    STAR_PRACTICE + "（百分制评分，按得分定星）",
    "RULES.md §13, next-modules R13 [S]: other places score out of 100 and set stars by "
    "score bands; Guangxi's own bands were not found, so these are defaults kept as data "
    "(the indicator set's bands, or ZUGONG_STAR_BANDS = {star: min score})",
)


def star_bands() -> dict[int, Decimal]:
    return validate_bands(setting("ZUGONG_STAR_BANDS", DEFAULT_BANDS.value))


def validate_bands(bands: dict[int, object]) -> dict[int, Decimal]:
    """The bands as {star: minimum score} from the highest star down, refused unless every
    star is 1 to 5, every minimum is 0 or more and a higher star needs a higher score."""
    if not bands:
        raise ApplicationError(_("至少应设置一个星级分档"), field="star")
    result: dict[int, Decimal] = {}
    for star, minimum in bands.items():
        if not isinstance(star, int) or isinstance(star, bool) or star not in STARS:
            raise ApplicationError(_("星级应为1至5星，不能为%(s)s") % {"s": star}, field="star")
        score = Decimal(str(minimum))
        if score < 0:
            raise ApplicationError(_("%(s)d星的最低得分不能为负") % {"s": star}, field="min_score")
        result[star] = score
    ordered = dict(sorted(result.items(), reverse=True))
    stars = list(ordered)
    for higher, lower in itertools.pairwise(stars):
        if ordered[higher] <= ordered[lower]:
            raise ApplicationError(
                _("%(h)d星的最低得分（%(hs)s分）应高于%(l)d星（%(ls)s分）")
                % {
                    "h": higher,
                    "hs": plain(ordered[higher]),
                    "l": lower,
                    "ls": plain(ordered[lower]),
                },
                field="min_score",
            )
    return ordered


def star_for(score: Decimal, bands: dict[int, Decimal]) -> int:
    """The highest star whose minimum the score reaches (the minimum itself included);
    0 when the score is below every band (bands without a 0 floor, e.g. 3 to 5 stars)."""
    for star, minimum in validate_bands(bands).items():
        if score >= minimum:
            return star
    return 0


def capped_star(star: int, veto_caps: Iterable[int]) -> int:
    """A veto item caps the star whatever the score; with several the lowest cap wins."""
    return min([star, *veto_caps])


def move(previous_star: int | None, star: int) -> str:
    """Year on year: "new" without a previous star, else "up", "down" or "same"."""
    if previous_star is None:
        return "new"
    if star > previous_star:
        return "up"
    if star < previous_star:
        return "down"
    return "same"


def check_points(points: Decimal, max_points: Decimal, field: str) -> None:
    """Refuse a score below 0 or above the indicator's maximum."""
    if points < 0:
        raise ApplicationError(_("得分不能为负"), field=field)
    if points > max_points:
        raise ApplicationError(_("得分不能超过满分%(m)s分") % {"m": plain(max_points)}, field=field)


# The public notice (公示) ------------------------------------------------------------------

NOTICE_DAYS = Rule(
    5,
    STAR_PRACTICE + "（评定结果公示5天）",
    "RULES.md §13 [S] (a township scheme, next-modules R13): 5 days of public notice; "
    "ZUGONG_STAR_NOTICE_DAYS overrides",
)
NOTICE_WORKING_DAYS = Rule(
    True,
    STAR_PRACTICE + "（评定结果公示5天）",
    "RULES.md §13 [S]: the schemes say '5天' without saying which days; counted as working "
    "days by default, like other notices in zugong: the start day is day 1 when it is a "
    "working day (State Council calendar, zugong.core.workdays), else the first working "
    "day after it is. False counts calendar days, the start day being day 1. "
    "ZUGONG_STAR_NOTICE_WORKING_DAYS overrides",
)


def notice_days() -> int:
    return int(setting("ZUGONG_STAR_NOTICE_DAYS", NOTICE_DAYS.value))


def notice_working_days() -> bool:
    return bool(setting("ZUGONG_STAR_NOTICE_WORKING_DAYS", NOTICE_WORKING_DAYS.value))


def notice_end(
    start: dt.date,
    *,
    days: int | None = None,
    working: bool | None = None,
    is_working_day: Callable[[dt.date], bool] = workdays.is_working_day,
) -> dt.date:
    """The last day of a notice starting on ``start`` (see NOTICE_WORKING_DAYS's note):
    a 5-working-day notice starting on Monday ends on Friday; a 5-calendar-day one
    starting on the 1st ends on the 5th."""
    days = notice_days() if days is None else days
    working = notice_working_days() if working is None else working
    if not working:
        return start + dt.timedelta(days=days - 1)
    day, left = start, days - is_working_day(start)
    while left > 0:
        day += dt.timedelta(days=1)
        left -= is_working_day(day)
    return day


def may_publish(
    notice_start: dt.date,
    today: dt.date,
    *,
    is_working_day: Callable[[dt.date], bool] = workdays.is_working_day,
) -> bool:
    """A star is published only after its notice has ended (the day after the last day)."""
    return today > notice_end(notice_start, is_working_day=is_working_day)


# Rectification (整改) ----------------------------------------------------------------------

RECTIFY_AT_OR_BELOW = Rule(
    4,
    STAR_PRACTICE
    + "（如临桂区：四星及以下村党组织列出整改清单，明确整改事项、时限、效果及责任人）",
    "RULES.md §13 [V: news report]: Lingui gives organizations rated 4 stars or lower "
    "rectification lists; ZUGONG_STAR_RECTIFY_AT_OR_BELOW overrides",
)


def needs_rectification(star: int) -> bool:
    return star <= int(setting("ZUGONG_STAR_RECTIFY_AT_OR_BELOW", RECTIFY_AT_OR_BELOW.value))


# Separation of duties (不相容岗位分离) ---------------------------------------------------------

SEPARATE_HANDS = Rule(
    True,
    STAR_PRACTICE + "（村级自评、乡镇审核、区级审定分级负责）",
    "RULES.md §13 [S]: the schemes give self-assessment, review and approval to three "
    "levels, so one person may not take two of them (a township officer who also keeps a "
    "village's records does not review their own self-assessment, nor approve what they "
    "reviewed); ZUGONG_STAR_SEPARATE_HANDS = False allows it (a very small township)",
)


def same_hand_refused(actor_id: int | None, earlier_ids: Iterable[int | None]) -> bool:
    """Whether ``actor_id`` may not take this step because they took the earlier one
    (the ids of whoever handled the earlier step, its latest time first)."""
    if actor_id is None or not bool(setting("ZUGONG_STAR_SEPARATE_HANDS", SEPARATE_HANDS.value)):
        return False
    return actor_id in {pk for pk in earlier_ids if pk is not None}


# What-if (还差多少分) ------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorGap:
    code: str
    name: str
    points: Decimal
    max_points: Decimal


@dataclass(frozen=True)
class IndicatorOption:
    code: str
    name: str
    headroom: Decimal  # max_points - points
    reaches_next: bool  # raising this indicator alone to full marks reaches the next star


@dataclass(frozen=True)
class WhatIf:
    next_star: int | None  # None at the top star
    points_needed: Decimal  # 0 when the score already reaches the next band
    reachable: bool  # all the headroom together is enough and no veto blocks it
    blocked_by_veto: bool
    indicators: tuple[IndicatorOption, ...]


def what_if(
    *,
    score: Decimal,
    star: int,
    bands: dict[int, Decimal],
    indicators: list[IndicatorGap],
    veto_caps: Iterable[int] = (),
) -> WhatIf:
    """What it takes to reach the next star above ``star`` (the star as rated, caps
    applied): the points still needed on the total, and per indicator its headroom and
    whether raising that indicator alone is enough. A veto capping below the next star
    makes it unreachable whatever the points."""
    ordered = validate_bands(bands)
    higher = [s for s in ordered if s > star]
    if not higher:
        return WhatIf(None, Decimal(0), False, False, ())
    next_star = min(higher)
    needed = max(Decimal(0), ordered[next_star] - score)
    caps = list(veto_caps)
    blocked = bool(caps) and min(caps) < next_star
    options = tuple(
        IndicatorOption(
            item.code,
            item.name,
            item.max_points - item.points,
            not blocked and item.max_points - item.points >= needed,
        )
        for item in indicators
    )
    headroom = sum((option.headroom for option in options), Decimal(0))
    return WhatIf(next_star, needed, not blocked and headroom >= needed, blocked, options)
