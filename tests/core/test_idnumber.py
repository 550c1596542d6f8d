import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zugong.core import idnumber
from zugong.core.idnumber import IdNumberError

# GB 11643-1999's own example number (its annex: 11010519491231002X, a woman born 1949-12-31).
STANDARD_EXAMPLE = "11010519491231002X"


def test_the_standards_example_is_valid_and_decoded():
    info = idnumber.parse(STANDARD_EXAMPLE)
    assert info.birth_date == dt.date(1949, 12, 31)
    assert info.gender == "2"
    assert info.region_code == "110105"


def test_real_roster_noise_is_normalized():
    noisy = " １１０１０５ 19491231002x "
    assert idnumber.parse(noisy).number == STANDARD_EXAMPLE


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("", "不能为空"),
        ("11010519491231002", "应为18位，实际为17位"),
        ("1101051949123100AX", "前17位应为数字"),
        ("99010519491231002X", "地址码"),
        ("110105194902300021", "不是有效日期"),
        ("110105194912310021", "校验码错误：末位应为X，实际为1"),
        ("110105189912310023", "早于1900年"),
    ],
)
def test_bad_numbers_are_refused_with_the_reason(value, reason):
    with pytest.raises(IdNumberError) as error:
        idnumber.parse(value)
    assert reason in error.value.message
    assert error.value.field == "id_number"


def test_a_birth_date_after_today_is_refused():
    future = idnumber.make("450312", dt.date(2030, 1, 1), 11)
    with pytest.raises(IdNumberError, match="晚于今天"):
        idnumber.parse(future, today=dt.date(2026, 11, 23))


birth_dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2025, 12, 31))
regions = st.sampled_from(["110105", "450312", "450305", "650102", "810000"])


@given(region=regions, birth=birth_dates, sequence=st.integers(0, 999))
def test_made_numbers_parse_back(region, birth, sequence):
    info = idnumber.parse(idnumber.make(region, birth, sequence))
    assert info.birth_date == birth
    assert info.gender == ("1" if sequence % 2 else "2")


@given(
    birth=birth_dates,
    sequence=st.integers(0, 999),
    position=st.integers(0, 16),
    delta=st.integers(1, 9),
)
def test_every_single_digit_error_is_caught(birth, sequence, position, delta):
    # ISO 7064 MOD 11-2 detects every single substituted digit.
    number = idnumber.make("450312", birth, sequence)
    wrong = number[:position] + str((int(number[position]) + delta) % 10) + number[position + 1 :]
    assert not idnumber.is_valid(wrong)
