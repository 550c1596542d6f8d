"""Native talents outside the district (籍贯人才): the five kinds of return and how often
the office keeps in touch (next-modules R18). Pure functions: plain values in, ``today``
passed where time matters."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zugong.core.rules import Rule, shift_months
from zugong.talent.rules.common import setting

RETURN_KINDS = Rule(
    (
        ("talent", gettext_lazy("人才回桂")),
        ("project", gettext_lazy("项目回移")),
        ("capital", gettext_lazy("资本回流")),
        ("technology", gettext_lazy("技术回归")),
        ("advice", gettext_lazy("智力回哺")),
    ),
    "各地籍贯人才回归工作（如广西“才聚绿城 智汇八桂”：人才回桂、项目回移、资本回流、"
    "技术回归、智力回哺）",
    "next-modules R18 [S]: the five returns of the Guangxi campaign; the codes are "
    "models.pool.ReturnKind's",
)
AMOUNT_KINDS = Rule(
    ("capital", "project"),
    "本系统约定：资本回流、项目回移须填写金额（万元），其他类型可不填",
    "R18 gives no amounts rule; capital and project returns are counted in money, the "
    "others need not be; ZUGONG_TALENT_RETURN_AMOUNT_KINDS overrides",
)
NATIVE_CONTACT_MONTHS = Rule(
    6,
    "本系统约定：在外籍贯人才每6个月至少联络一次",
    "no Guilin text found (RULES.md §15 is about leaders); ZUGONG_TALENT_NATIVE_CONTACT_MONTHS "
    "overrides",
)


def return_kind_codes() -> tuple[str, ...]:
    return tuple(code for code, _label in RETURN_KINDS.value)


def amount_kinds() -> tuple[str, ...]:
    return tuple(setting("ZUGONG_TALENT_RETURN_AMOUNT_KINDS", AMOUNT_KINDS.value))


def amount_problem(kind: str, amount) -> str | None:
    """Why ``amount`` (万元, None when blank) does not fit a return of ``kind``."""
    if amount is None or amount == "":
        if kind in amount_kinds():
            label = dict(RETURN_KINDS.value).get(kind, kind)
            return _("%(k)s须填写金额（万元）") % {"k": label}
        return None
    if Decimal(str(amount)) < 0:
        return _("金额不能为负数")
    return None


def contact_months() -> int:
    return int(setting("ZUGONG_TALENT_NATIVE_CONTACT_MONTHS", NATIVE_CONTACT_MONTHS.value))


def next_contact_due(last: dt.date | None, today: dt.date, months: int | None = None) -> dt.date:
    """When the next contact is due: ``months`` after the last one (1 March + 6 → 1
    September); a talent never contacted is due at once (``today``)."""
    if last is None:
        return today
    return shift_months(last, contact_months() if months is None else months)


def contact_overdue(last: dt.date | None, today: dt.date, months: int | None = None) -> bool:
    """Whether the contact is overdue on ``today``: never contacted, or the due day has
    passed (last 1 March, every 6 months → due 1 September, overdue from 2 September)."""
    if last is None:
        return True
    return next_contact_due(last, today, months) < today


def overdue_cutoff(today: dt.date, months: int | None = None) -> dt.date:
    """A last contact before this day is overdue (the query's form of contact_overdue)."""
    return shift_months(today, -(contact_months() if months is None else months))
