"""The talent card's rules (人才卡, seed point 15; next-modules R14): first issue at most
5 years and never beyond the work contract, renewal from 30 days before expiry, changes
reported within 10 days, dependants' cards for the tiers that carry them (spouse, minor
children, parents), and a service request's time limit in working days.

The Guilin or Guangxi text was not found (RULES.md §14): the values are the common
practice of comparable cities (珠海市英才卡), each overridable by a setting."""

from __future__ import annotations

import datetime as dt

from zugong.core import workdays
from zugong.core.rules import Rule, add_years
from zugong.talent.rules.common import setting

CARD_PRACTICE = "各地通行做法（珠海市英才卡使用管理规定）"

FIRST_VALIDITY_YEARS_MAX = Rule(
    5,
    CARD_PRACTICE,
    "next-modules R14 [S]: first issue valid at most 5 years and not beyond the labour "
    "contract; ZUGONG_TALENT_CARD_FIRST_VALIDITY_YEARS_MAX",
)
RENEWAL_VALIDITY_YEARS_MAX = Rule(
    5,
    CARD_PRACTICE,
    "next-modules R14 [M]: a renewal runs the same term again from the old expiry, not "
    "beyond the contract; ZUGONG_TALENT_CARD_RENEWAL_VALIDITY_YEARS_MAX",
)
RENEW_BEFORE_DAYS = Rule(
    30,
    CARD_PRACTICE,
    "next-modules R14 [S]: renewal applied for online at least 30 days before expiry, so "
    "the window opens 30 days before valid_until; ZUGONG_TALENT_CARD_RENEW_BEFORE_DAYS",
)
CHANGE_REPORT_DAYS = Rule(
    10,
    CARD_PRACTICE,
    "next-modules R14 [S]: changes (employer, post) reported online within 10 (calendar) "
    "days; ZUGONG_TALENT_CARD_CHANGE_REPORT_DAYS",
)
DEPENDANT_RELATIONS = Rule(
    ("spouse", "child", "parent"),
    CARD_PRACTICE,
    "next-modules R14 [S]: the A card's spouse, minor children and parents may hold "
    "attached cards; which tiers carry them is CardTier.dependant_cards (shipped: A); "
    "ZUGONG_TALENT_CARD_DEPENDANT_RELATIONS",
)
DEPENDANTS_MAX = Rule(
    6,
    "本系统设定",
    "no source: a bound on attached cards per holder card; ZUGONG_TALENT_CARD_DEPENDANTS_MAX",
)
SERVICE_LIMIT_IN_WORKDAYS = Rule(
    True,
    "各地通行做法（人才服务事项限时办结制度）",
    "next-modules §2.12 ★ entitlement clock: due = submitted day + the entitlement's "
    "time limit (Entitlement.time_limit_days) in working days of zugong.core.workdays; "
    "ZUGONG_TALENT_SERVICE_LIMIT_IN_WORKDAYS=False counts calendar days",
)
NUMBER_FORMAT = Rule(
    "LG{tier}{year}{seq:05d}",
    "本系统设定",
    "no source: 临桂 prefix, tier code, year of issue, a sequence per tier and year; "
    "ZUGONG_TALENT_CARD_NUMBER_FORMAT (fields tier, year, seq)",
)


def first_validity_years() -> int:
    return int(
        setting("ZUGONG_TALENT_CARD_FIRST_VALIDITY_YEARS_MAX", FIRST_VALIDITY_YEARS_MAX.value)
    )


def renewal_validity_years() -> int:
    return int(
        setting("ZUGONG_TALENT_CARD_RENEWAL_VALIDITY_YEARS_MAX", RENEWAL_VALIDITY_YEARS_MAX.value)
    )


def renew_before_days() -> int:
    return int(setting("ZUGONG_TALENT_CARD_RENEW_BEFORE_DAYS", RENEW_BEFORE_DAYS.value))


def change_report_days() -> int:
    return int(setting("ZUGONG_TALENT_CARD_CHANGE_REPORT_DAYS", CHANGE_REPORT_DAYS.value))


def dependant_relations() -> tuple[str, ...]:
    return tuple(setting("ZUGONG_TALENT_CARD_DEPENDANT_RELATIONS", DEPENDANT_RELATIONS.value))


def dependants_max() -> int:
    return int(setting("ZUGONG_TALENT_CARD_DEPENDANTS_MAX", DEPENDANTS_MAX.value))


def number_format() -> str:
    return str(setting("ZUGONG_TALENT_CARD_NUMBER_FORMAT", NUMBER_FORMAT.value))


def valid_until(start: dt.date, contract_until: dt.date | None, *, renewal: bool = False):
    """The last valid day of a card whose term starts on ``start``: the years of the rule
    less one day, and never beyond the work contract's end."""
    years = renewal_validity_years() if renewal else first_validity_years()
    end = add_years(start, years) - dt.timedelta(days=1)
    if contract_until is not None and contract_until < end:
        end = contract_until
    return end


def renewal_opens(valid_until_day: dt.date) -> dt.date:
    """The first day a renewal may be applied for."""
    return valid_until_day - dt.timedelta(days=renew_before_days())


def in_renewal_window(valid_until_day: dt.date, today: dt.date) -> bool:
    return renewal_opens(valid_until_day) <= today <= valid_until_day


def change_reported_late(changed_on: dt.date, reported_on: dt.date) -> bool:
    """Reported after the days of the rule (the change's day not counted)."""
    return (reported_on - changed_on).days > change_report_days()


def dependants_allowed(tier) -> bool:
    """Whether a tier carries dependants' cards (the editable table decides)."""
    return bool(tier.dependant_cards)


def relation_allowed(relation: str) -> bool:
    return relation in dependant_relations()


def service_due(submitted_on: dt.date, time_limit_days: int) -> dt.date:
    """The day a service request is due: the submitted day plus the entitlement's time
    limit, in working days by default (the submitted day not counted)."""
    if setting("ZUGONG_TALENT_SERVICE_LIMIT_IN_WORKDAYS", SERVICE_LIMIT_IN_WORKDAYS.value):
        return workdays.add_working_days(submitted_on, time_limit_days)
    return submitted_on + dt.timedelta(days=time_limit_days)


def card_number(tier_code: str, year: int, seq: int) -> str:
    return number_format().format(tier=tier_code, year=year, seq=seq)
