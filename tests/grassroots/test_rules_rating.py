"""Star-rating rules: bands, vetoes, the public notice, rectification and the what-if
(RULES.md §13; next-modules R13)."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zugong.core import workdays
from zugong.core.errors import ApplicationError
from zugong.grassroots import rules

D = dt.date
BANDS = rules.DEFAULT_BANDS.value
# The State Council calendar as shipped, read from the file (no database): the pure test
# of the working-day count uses the real 2026 National Day holiday and make-up days.
SHIPPED = {row["day"]: row["is_working"] for row in workdays.shipped_rows()}


def calendar_2026(day: dt.date) -> bool:
    return SHIPPED.get(day, day.weekday() < 5)


def mon_to_fri(day: dt.date) -> bool:
    return day.weekday() < 5


# Bands --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "star"),
    [
        ("100", 5),
        ("90", 5),
        ("89.99", 4),
        ("80", 4),
        ("79.5", 3),
        ("70", 3),
        ("60", 2),
        ("59", 1),
        ("0", 1),
    ],
)
def test_default_bands_on_the_100_point_scale(score, star):
    """Other places score out of 100 and band the stars; the minimum itself is in."""
    assert rules.star_for(Decimal(score), BANDS) == star


def test_three_level_scheme_with_pass_line_80():
    """A corporate committee's 三星（达标）/四星/五星 with pass line 80 (R13): below 80 no star."""
    bands = {5: Decimal(95), 4: Decimal(88), 3: Decimal(80)}
    assert rules.star_for(Decimal(80), bands) == 3
    assert rules.star_for(Decimal("79.99"), bands) == 0


def test_bands_are_ordered_from_the_top_star():
    assert list(rules.validate_bands({1: 0, 3: 70, 2: 60, 5: 90, 4: 80})) == [5, 4, 3, 2, 1]


@pytest.mark.parametrize("star", [0, 6, -1])
def test_a_star_outside_1_to_5_is_refused(star):
    with pytest.raises(ApplicationError) as error:
        rules.validate_bands({5: 90, star: 10})
    assert error.value.field == "star"


def test_a_higher_star_must_need_a_higher_score():
    with pytest.raises(ApplicationError) as error:
        rules.validate_bands({5: 80, 4: 80})
    assert error.value.message == "5星的最低得分（80分）应高于4星（80分）"
    with pytest.raises(ApplicationError):
        rules.star_for(Decimal(50), {5: 70, 4: 75})


def test_negative_minimum_and_empty_bands_are_refused():
    with pytest.raises(ApplicationError):
        rules.validate_bands({1: -1})
    with pytest.raises(ApplicationError):
        rules.validate_bands({})


def test_bands_setting(settings):
    settings.ZUGONG_STAR_BANDS = {5: 95, 4: 85, 3: 75, 2: 65, 1: 0}
    assert rules.star_for(Decimal(90), rules.star_bands()) == 4


@given(
    st.decimals(min_value=0, max_value=100, places=2),
    st.decimals(min_value=0, max_value=100, places=2),
)
def test_a_higher_score_never_gets_fewer_stars(a, b):
    low, high = sorted([a, b])
    assert rules.star_for(low, BANDS) <= rules.star_for(high, BANDS)


# Vetoes and moves ---------------------------------------------------------------------


def test_a_veto_caps_the_star_whatever_the_score():
    """The "四无" veto: a 98-point organization with a serious incident is capped."""
    assert rules.capped_star(rules.star_for(Decimal(98), BANDS), [2]) == 2


def test_the_lowest_cap_wins_and_a_cap_above_the_star_changes_nothing():
    assert rules.capped_star(5, [3, 1, 4]) == 1
    assert rules.capped_star(2, [4]) == 2
    assert rules.capped_star(4, []) == 4


@pytest.mark.parametrize(
    ("previous", "star", "move"), [(None, 3, "new"), (3, 4, "up"), (4, 2, "down"), (3, 3, "same")]
)
def test_stars_move_up_or_down_year_on_year(previous, star, move):
    """No life-long stars: each year's rating moves the star (R13)."""
    assert rules.move(previous, star) == move


# Points -------------------------------------------------------------------------------


def test_points_above_the_maximum_are_refused_with_the_maximum():
    with pytest.raises(ApplicationError) as error:
        rules.check_points(Decimal("20.5"), Decimal("20.00"), "score_3")
    assert error.value.message == "得分不能超过满分20分"
    assert error.value.field == "score_3"
    with pytest.raises(ApplicationError) as error:
        rules.check_points(Decimal(8), Decimal("7.50"), "x")
    assert error.value.message == "得分不能超过满分7.5分"


def test_negative_points_are_refused():
    with pytest.raises(ApplicationError) as error:
        rules.check_points(Decimal("-0.5"), Decimal(20), "score")
    assert error.value.message == "得分不能为负"


def test_points_from_0_to_the_maximum_pass():
    rules.check_points(Decimal(0), Decimal(20), "score")
    rules.check_points(Decimal(20), Decimal(20), "score")


# Public notice (5 days) ---------------------------------------------------------------


def test_five_working_days_counting_a_working_start_day_as_day_1():
    # Monday 2026-11-23 → Friday 2026-11-27.
    assert rules.notice_end(D(2026, 11, 23), is_working_day=mon_to_fri) == D(2026, 11, 27)


def test_a_notice_starting_on_saturday_counts_from_monday():
    assert rules.notice_end(D(2026, 11, 21), is_working_day=mon_to_fri) == D(2026, 11, 27)


def test_the_national_day_holiday_and_its_make_up_saturday():
    """Started Wed 30 September 2026: 30 Sep, 8 Oct, 9 Oct, Sat 10 Oct (make-up working
    day) and Mon 12 Oct; 1–7 October are holidays."""
    assert rules.notice_end(D(2026, 9, 30), is_working_day=calendar_2026) == D(2026, 10, 12)


def test_calendar_days_count_the_start_day_as_day_1(settings):
    settings.ZUGONG_STAR_NOTICE_WORKING_DAYS = False
    assert rules.notice_end(D(2026, 9, 30), is_working_day=calendar_2026) == D(2026, 10, 4)
    assert rules.notice_end(D(2026, 9, 30), working=True, is_working_day=calendar_2026) == D(
        2026, 10, 12
    )


def test_notice_length_setting(settings):
    settings.ZUGONG_STAR_NOTICE_DAYS = 7
    assert rules.notice_end(D(2026, 11, 23), is_working_day=mon_to_fri) == D(2026, 12, 1)
    assert rules.notice_end(D(2026, 11, 23), days=1, is_working_day=mon_to_fri) == D(2026, 11, 23)


def test_a_star_is_published_only_after_the_notice_ends():
    start = D(2026, 11, 23)
    assert not rules.may_publish(start, D(2026, 11, 27), is_working_day=mon_to_fri)
    assert rules.may_publish(start, D(2026, 11, 28), is_working_day=mon_to_fri)


# Rectification ------------------------------------------------------------------------


def test_lingui_four_stars_or_lower_get_rectification_lists():
    """临桂: 4 stars or lower get lists with items, deadlines and responsible people."""
    assert rules.needs_rectification(4)
    assert rules.needs_rectification(1)
    assert not rules.needs_rectification(5)


def test_rectification_line_setting(settings):
    settings.ZUGONG_STAR_RECTIFY_AT_OR_BELOW = 2
    assert not rules.needs_rectification(3)
    assert rules.needs_rectification(2)


# What-if ------------------------------------------------------------------------------


def gaps():
    return [
        rules.IndicatorGap("org", "组织建设", Decimal(18), Decimal(20)),
        rules.IndicatorGap("economy", "集体经济", Decimal(10), Decimal(20)),
        rules.IndicatorGap("life", "组织生活", Decimal(20), Decimal(20)),
    ]


def test_what_it_takes_to_reach_four_stars_from_74():
    """The feature table's example: this village needs +6 points to reach 4 stars."""
    result = rules.what_if(score=Decimal(74), star=3, bands=BANDS, indicators=gaps())
    assert result.next_star == 4
    assert result.points_needed == Decimal(6)
    assert result.reachable
    assert not result.blocked_by_veto
    options = {o.code: (o.headroom, o.reaches_next) for o in result.indicators}
    assert options == {
        "org": (Decimal(2), False),
        "economy": (Decimal(10), True),
        "life": (Decimal(0), False),
    }


def test_unreachable_when_all_the_headroom_is_not_enough():
    result = rules.what_if(score=Decimal(66), star=2, bands={5: 90, 3: 80, 1: 0}, indicators=gaps())
    assert result.next_star == 3
    assert result.points_needed == Decimal(14)
    assert not result.reachable  # 2 + 10 + 0 = 12 < 14
    assert not any(o.reaches_next for o in result.indicators)


def test_a_veto_below_the_next_star_blocks_it_whatever_the_points():
    result = rules.what_if(score=Decimal(85), star=2, bands=BANDS, indicators=gaps(), veto_caps=[2])
    assert result.next_star == 3
    assert result.points_needed == Decimal(0)
    assert result.blocked_by_veto
    assert not result.reachable
    assert not any(o.reaches_next for o in result.indicators)


def test_a_veto_at_or_above_the_next_star_does_not_block():
    result = rules.what_if(score=Decimal(74), star=3, bands=BANDS, indicators=gaps(), veto_caps=[4])
    assert result.reachable
    assert not result.blocked_by_veto


def test_no_next_star_at_five():
    result = rules.what_if(score=Decimal(95), star=5, bands=BANDS, indicators=gaps())
    assert result.next_star is None
    assert not result.reachable


def test_the_next_star_skips_a_missing_band():
    result = rules.what_if(score=Decimal(82), star=3, bands={5: 90, 3: 80, 1: 0}, indicators=gaps())
    assert result.next_star == 5
    assert result.points_needed == Decimal(8)
