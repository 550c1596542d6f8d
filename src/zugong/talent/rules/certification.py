"""Rural talent certification (乡村振兴人才评价认定, seed point 12): the steps in order, the
public notice on working days, the certificate number, validity and re-review, and the
village two-committee structure targets (三个1/3).

The city's certification measures were not found (RULES.md §12): every value is the
common practice of other places, named as such, and a setting overrides it. The
functions are pure: plain values in, ``today`` passed where time matters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from zugong.core import workdays
from zugong.core.errors import ApplicationError
from zugong.core.rules import Rule, add_years
from zugong.talent.rules.common import PRACTICE, setting

CERT_PRACTICE = "各地乡村人才评价认定办法"

# The steps, in order: each status is reached from the one before it only.
STEPS = Rule(
    ("applied", "recommended", "reviewed", "certified", "published"),
    CERT_PRACTICE + "（个人申请、村级推荐、乡镇审核、区级认定、公示、颁发证书）",
    "RULES.md §12 [M]: the Guilin measures were not found; the order is the common pattern "
    "(application → village recommendation → township review → district certification → "
    "public notice → certificate). Not overridable: the services are written to it",
)
STEP_NAMES = {
    "applied": "个人申请",
    "recommended": "村级推荐",
    "reviewed": "乡镇审核",
    "certified": "区级认定",
    "published": "公示期满发证",
}
# What is still open (a second application for the same category is refused).
OPEN = ("applied", "recommended", "reviewed", "certified")


def step_before(status: str) -> str | None:
    """The status an application must be in to reach ``status`` (None for the first)."""
    steps = list(STEPS.value)
    index = steps.index(status)
    return steps[index - 1] if index else None


def check_step(current: str, target: str) -> None:
    """Refuse a step taken out of order, naming the step still missing."""
    before = step_before(target)
    if current == before:
        return
    steps = list(STEPS.value)
    if current in steps and steps.index(current) >= steps.index(target):
        raise ApplicationError(
            _("该申请已完成“%(s)s”环节，不能重复办理") % {"s": _(STEP_NAMES[target])},
            field="status",
        )
    if current not in steps:
        raise ApplicationError(_("该申请已办结，不能再办理“%(s)s”") % {"s": _(STEP_NAMES[target])})
    missing = steps[steps.index(current) + 1]
    raise ApplicationError(
        _("须先完成“%(m)s”环节，才能办理“%(s)s”")
        % {"m": _(STEP_NAMES[missing]), "s": _(STEP_NAMES[target])},
        field="status",
    )


# The public notice (公示) ------------------------------------------------------------------

NOTICE_WORKING_DAYS = Rule(
    5,
    PRACTICE + "（乡村人才认定结果公示5个工作日）",
    "RULES.md §12 [M]: the city's measures were not found; 5 working days is the usual "
    "notice (counted on zugong.core.workdays, the start day being day 1 when it is a "
    "working day). ZUGONG_TALENT_CERT_NOTICE_DAYS overrides",
)


def notice_days() -> int:
    return int(setting("ZUGONG_TALENT_CERT_NOTICE_DAYS", NOTICE_WORKING_DAYS.value))


def notice_end(
    start: dt.date,
    *,
    days: int | None = None,
    is_working_day: Callable[[dt.date], bool] = workdays.is_working_day,
) -> dt.date:
    """The last day of a notice of ``days`` working days starting on ``start``: Monday
    24 November 2026 + 5 working days ends on Friday 28 November."""
    days = notice_days() if days is None else days
    day, left = start, days - is_working_day(start)
    while left > 0:
        day += dt.timedelta(days=1)
        left -= is_working_day(day)
    return day


def may_publish(notice_ends: dt.date, today: dt.date) -> bool:
    """The certificate is issued only after the notice's last day."""
    return today > notice_ends


# The certificate ---------------------------------------------------------------------------

CERTIFICATE_FORMAT = Rule(
    "临桂乡村人才〔{year}〕第{number:04d}号",
    "本系统证书编号格式（区名简称〔年度〕第顺序号号）",
    "RULES.md §12: no numbering rule was found; the year's running number per district. "
    "ZUGONG_TALENT_CERT_NUMBER_FORMAT overrides (placeholders {year} and {number})",
)


def certificate_number(year: int, number: int) -> str:
    """临桂乡村人才〔2026〕第0001号 for the first certificate of 2026."""
    pattern = setting("ZUGONG_TALENT_CERT_NUMBER_FORMAT", CERTIFICATE_FORMAT.value)
    return pattern.format(year=year, number=number)


VALIDITY = Rule(
    "level",
    CERT_PRACTICE + "（证书有效期按认定等级确定，初级、中级3年，高级5年）",
    "RULES.md §12 [M]: validity years live on CertificationLevel.validity_years (editable)",
)


def valid_until(issued_on: dt.date, validity_years: int) -> dt.date:
    """The last day of validity: the day before the same date ``validity_years`` later."""
    if validity_years < 1:
        raise ApplicationError(_("认定等级的有效期应至少1年"), field="level")
    return add_years(issued_on, validity_years) - dt.timedelta(days=1)


REREVIEW_WINDOW = Rule(
    90,
    CERT_PRACTICE + "（有效期届满前3个月内申请复审）",
    "RULES.md §12 [M]: re-review opens 90 days before expiry. "
    "ZUGONG_TALENT_CERT_REREVIEW_DAYS overrides",
)


def rereview_days() -> int:
    return int(setting("ZUGONG_TALENT_CERT_REREVIEW_DAYS", REREVIEW_WINDOW.value))


def rereview_opens(valid_until_day: dt.date) -> dt.date:
    return valid_until_day - dt.timedelta(days=rereview_days())


def in_rereview_window(valid_until_day: dt.date | None, today: dt.date) -> bool:
    """From ``rereview_days`` before the last day of validity to that day itself."""
    if valid_until_day is None:
        return False
    return rereview_opens(valid_until_day) <= today <= valid_until_day


def is_expired(valid_until_day: dt.date | None, today: dt.date) -> bool:
    return valid_until_day is not None and today > valid_until_day


# Village two-committee structure (三个1/3) ----------------------------------------------------

STRUCTURE_TARGETS = Rule(
    {"college": Decimal("0.3333"), "veteran": Decimal("0.3333"), "farmer": Decimal("0.3333")},
    "各地村“两委”班子结构优化做法（如雁山区：大学生、退役军人、致富能手各占1/3）",
    "next-modules R19 [S]: Yanshan's three 1/3 before the 2021 elections. "
    "ZUGONG_TALENT_VILLAGE_STRUCTURE_TARGETS = {kind: minimum share} overrides",
)
STRUCTURE_KINDS = {
    "college": "大专及以上学历",
    "veteran": "退役军人",
    "farmer": "致富能手（认定的生产经营、二三产业人才）",
}
# GB/T 4658: 1x graduate, 2x undergraduate, 3x junior college (大专) and above.
COLLEGE_CODES = ("1", "2", "3")


def structure_targets() -> dict[str, Decimal]:
    targets = setting("ZUGONG_TALENT_VILLAGE_STRUCTURE_TARGETS", STRUCTURE_TARGETS.value)
    result = {}
    for kind, share in targets.items():
        if kind not in STRUCTURE_KINDS:
            raise ApplicationError(_("未知的班子结构指标：%(k)s") % {"k": kind}, field="targets")
        share = Decimal(str(share))
        if not (0 <= share <= 1):
            raise ApplicationError(_("班子结构指标应在0至1之间"), field="targets")
        result[kind] = share
    return result


def is_college(education: str) -> bool:
    """大专 or above by GB/T 4658 (codes 10–39)."""
    return bool(education) and len(education) == 2 and education[0] in COLLEGE_CODES


@dataclass(frozen=True)
class StructureShare:
    kind: str
    count: int
    share: Decimal  # of the members, 0 when there are none
    target: Decimal
    needed: int  # more members of this kind to reach the target (0 when met)

    @property
    def met(self) -> bool:
        return self.needed == 0


def check_structure(members: int, counts: dict[str, int], targets=None) -> list[StructureShare]:
    """Each kind's share of a village team of ``members`` against its target; ``needed``
    is how many more members of that kind reach it (a team of 7 with 2 college
    graduates needs 1 more for a third: 3/7 ≥ 1/3)."""
    targets = structure_targets() if targets is None else targets
    result = []
    for kind, target in targets.items():
        count = counts.get(kind, 0)
        share = (
            (Decimal(count) / members).quantize(Decimal("0.0001"), ROUND_HALF_UP)
            if members
            else Decimal(0)
        )
        # 0.3333 reads as a third: 6 members need 2 (1.9998 rounds up to 2), 7 need 3.
        whole = int((target * members).to_integral_value(rounding="ROUND_CEILING"))
        result.append(StructureShare(kind, count, share, target, max(0, whole - count)))
    return result
