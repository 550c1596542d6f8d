"""Talent housing's rules (人才公寓, seed point 15; next-modules R16): who may apply
(education, employer in the district, social insurance in the district, no own housing
in the district), the longest lease, how often a tenant's eligibility is re-reviewed
and how long a tenant found no longer eligible has to leave.

No Guilin rule was found: the conditions are the common ones of talent-apartment
measures, each value a setting."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from zugong.core.rules import Rule, add_years, shift_months
from zugong.talent.rules.common import setting

HOUSING_PRACTICE = "各地通行做法（人才公寓管理办法）"

# GB/T 4658 codes: 1x 研究生, 2x 大学本科, 3x 大学专科, 4x 中专 …; a lower first digit is
# a higher education.
EDUCATION_NAMES = {"1": "研究生", "2": "大学本科", "3": "大学专科", "4": "中等专科"}
MIN_EDUCATION = Rule(
    "2",
    HOUSING_PRACTICE,
    "next-modules R16 [S]: eligibility by education; the first digit of the GB/T 4658 "
    "code, 2 = 大学本科 or higher; ZUGONG_TALENT_HOUSING_MIN_EDUCATION",
)
EMPLOYER_IN_DISTRICT = Rule(
    True,
    HOUSING_PRACTICE,
    "next-modules R16 [S]: the employer is registered in the district; "
    "ZUGONG_TALENT_HOUSING_EMPLOYER_IN_DISTRICT=False drops the condition",
)
INSURANCE_MONTHS_MIN = Rule(
    6,
    HOUSING_PRACTICE,
    "next-modules R16 [S]: social insurance paid in the district for at least 6 months; "
    "ZUGONG_TALENT_HOUSING_INSURANCE_MONTHS_MIN",
)
NO_OWN_HOUSING = Rule(
    True,
    HOUSING_PRACTICE,
    "next-modules R16 [S]: no own housing in the district; "
    "ZUGONG_TALENT_HOUSING_NO_OWN_HOUSING=False drops the condition",
)
MAX_LEASE_YEARS = Rule(
    3,
    HOUSING_PRACTICE,
    "next-modules R16: housing.max_lease_years, no default found; 3 years is the common "
    "term; ZUGONG_TALENT_HOUSING_MAX_LEASE_YEARS",
)
REVIEW_EVERY_MONTHS = Rule(
    12,
    HOUSING_PRACTICE,
    "next-modules R16: dynamic management with periodic re-review, "
    "housing.review_every_months (no default found; yearly); "
    "ZUGONG_TALENT_HOUSING_REVIEW_EVERY_MONTHS",
)
EXIT_DAYS = Rule(
    30,
    HOUSING_PRACTICE,
    "next-modules R16 [S]: leave within the set time when no longer eligible; 30 days; "
    "ZUGONG_TALENT_HOUSING_EXIT_DAYS",
)


def min_education() -> str:
    return str(setting("ZUGONG_TALENT_HOUSING_MIN_EDUCATION", MIN_EDUCATION.value))


def insurance_months_min() -> int:
    return int(setting("ZUGONG_TALENT_HOUSING_INSURANCE_MONTHS_MIN", INSURANCE_MONTHS_MIN.value))


def max_lease_years() -> int:
    return int(setting("ZUGONG_TALENT_HOUSING_MAX_LEASE_YEARS", MAX_LEASE_YEARS.value))


def review_every_months() -> int:
    return int(setting("ZUGONG_TALENT_HOUSING_REVIEW_EVERY_MONTHS", REVIEW_EVERY_MONTHS.value))


def exit_days() -> int:
    return int(setting("ZUGONG_TALENT_HOUSING_EXIT_DAYS", EXIT_DAYS.value))


@dataclass(frozen=True)
class Condition:
    code: str
    met: bool
    reason: str
    source: str

    def as_dict(self) -> dict:
        return {"code": self.code, "met": self.met, "reason": self.reason}


def education_met(code: str) -> bool:
    code = (code or "").strip()
    return bool(code) and code[0].isdigit() and code[0] <= min_education()


def eligibility(
    *, education: str, employer_in_district: bool, insurance_months: int, owns_housing: bool
) -> list[Condition]:
    """Each condition of an application, met or not, with its Chinese reason."""
    least = EDUCATION_NAMES.get(min_education(), min_education())
    months = insurance_months_min()
    conditions = [
        Condition(
            "education",
            education_met(education),
            _("学历达到%(e)s及以上") % {"e": least}
            if education_met(education)
            else _("学历未达到%(e)s及以上") % {"e": least},
            MIN_EDUCATION.source,
        )
    ]
    if setting("ZUGONG_TALENT_HOUSING_EMPLOYER_IN_DISTRICT", EMPLOYER_IN_DISTRICT.value):
        conditions.append(
            Condition(
                "employer",
                bool(employer_in_district),
                _("工作单位在本区") if employer_in_district else _("工作单位不在本区"),
                EMPLOYER_IN_DISTRICT.source,
            )
        )
    enough = insurance_months >= months
    conditions.append(
        Condition(
            "insurance",
            enough,
            _("在本区缴纳社会保险%(n)d个月，达到%(m)d个月") % {"n": insurance_months, "m": months}
            if enough
            else _("在本区缴纳社会保险%(n)d个月，不足%(m)d个月")
            % {"n": insurance_months, "m": months},
            INSURANCE_MONTHS_MIN.source,
        )
    )
    if setting("ZUGONG_TALENT_HOUSING_NO_OWN_HOUSING", NO_OWN_HOUSING.value):
        conditions.append(
            Condition(
                "housing",
                not owns_housing,
                _("在本区无自有住房") if not owns_housing else _("在本区已有自有住房"),
                NO_OWN_HOUSING.source,
            )
        )
    return conditions


def lease_too_long(starts_on: dt.date, ends_on: dt.date) -> bool:
    return ends_on > add_years(starts_on, max_lease_years())


def next_review(after: dt.date) -> dt.date:
    return shift_months(after, review_every_months())


def exit_by(reviewed_on: dt.date) -> dt.date:
    return reviewed_on + dt.timedelta(days=exit_days())
