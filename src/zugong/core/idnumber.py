"""Citizen ID numbers (公民身份号码) under GB 11643-1999.

Structure: 6-digit address code (GB/T 2260) + 8-digit birth date + 3-digit sequence
(odd for men, even for women) + 1 check character (ISO 7064 MOD 11-2, 0-9 or X).
"""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zugong.core.errors import ApplicationError

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
# Province-level codes of GB/T 2260 plus Hong Kong, Macao and Taiwan residence permits
# (81/82/83). The full 6-digit address code is not checked against today's region
# table on purpose: an ID keeps the code of the county where it was first issued,
# and many of those counties have since been renamed or merged.
PROVINCE_CODES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82 83".split()
)
_FULLWIDTH = str.maketrans("０１２３４５６７８９ｘＸ", "0123456789XX")


LABEL = gettext_lazy("公民身份号码")  # translated only when a message is built


class IdNumberError(ApplicationError):
    code = "invalid_id_number"


@dataclass(frozen=True)
class IdInfo:
    number: str
    region_code: str
    birth_date: dt.date
    gender: str  # GB/T 2261.1: "1" male, "2" female


def normalize(raw: str) -> str:
    """Full-width digits, spaces and a lower-case x are what real rosters contain."""
    return "".join(str(raw).translate(_FULLWIDTH).split()).upper()


def check_char(first17: str) -> str:
    return CHECK_CHARS[sum(map(operator.mul, map(int, first17), WEIGHTS)) % 11]


def parse(raw: str, *, field: str = "id_number", today: dt.date | None = None) -> IdInfo:
    """Validate an ID number and return what it encodes, or raise IdNumberError in Chinese."""
    number = normalize(raw)
    label = LABEL
    if not number:
        raise IdNumberError(_("%(label)s不能为空") % {"label": label}, field=field)
    if len(number) != 18:
        raise IdNumberError(
            _("%(label)s应为18位，实际为%(n)d位") % {"label": label, "n": len(number)}, field=field
        )
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise IdNumberError(
            _("%(label)s前17位应为数字，末位应为数字或X") % {"label": label}, field=field
        )
    if number[:2] not in PROVINCE_CODES:
        raise IdNumberError(
            _("%(label)s的地址码“%(code)s”不是有效的省级行政区划代码")
            % {"label": label, "code": number[:6]},
            field=field,
        )
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise IdNumberError(
            _("%(label)s中的出生日期“%(value)s”不是有效日期")
            % {"label": label, "value": number[6:14]},
            field=field,
        ) from None
    today = today or dt.date.today()
    if birth > today:
        raise IdNumberError(
            _("%(label)s中的出生日期%(date)s晚于今天")
            % {"label": label, "date": birth.isoformat()},
            field=field,
        )
    if birth.year < 1900:
        raise IdNumberError(
            _("%(label)s中的出生年份%(year)d早于1900年") % {"label": label, "year": birth.year},
            field=field,
        )
    expected = check_char(number[:17])
    if number[17] != expected:
        raise IdNumberError(
            _("%(label)s校验码错误：末位应为%(expected)s，实际为%(actual)s")
            % {"label": label, "expected": expected, "actual": number[17]},
            field=field,
        )
    gender = "1" if int(number[16]) % 2 else "2"
    return IdInfo(number=number, region_code=number[:6], birth_date=birth, gender=gender)


def is_valid(raw: str) -> bool:
    try:
        parse(raw)
    except IdNumberError:
        return False
    return True


def make(region_code: str, birth: dt.date, sequence: int) -> str:
    """Build a valid number (for the demo district and tests)."""
    first17 = f"{region_code}{birth:%Y%m%d}{sequence:03d}"
    return first17 + check_char(first17)
