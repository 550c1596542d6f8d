"""The grassroots module's named indicators (core.indicators), in the current scope:
star-rating completion and the two-new coverage rate (points 4–7 of the plan)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from zugong.core.indicators import indicator
from zugong.grassroots import capabilities as caps
from zugong.grassroots.models.rating import Rating, RatingStatus
from zugong.grassroots.selectors import coverage


@indicator(
    "grassroots.rating_completion",
    title=_("星级评定完成率"),
    unit="%",
    capability=caps.VIEW_GRASSROOTS,
    better="higher",
    url="/admin/grassroots/rating/",
    description=_("本年度纳入星级评定的村（社区）党组织中评定结果已发布的比例"),
)
def rating_completion(on: dt.date) -> Decimal:
    rows = Rating.objects.filter(year=on.year)
    total = rows.count()
    if not total:
        return Decimal(0)
    published = rows.filter(status=RatingStatus.PUBLISHED).count()
    return (Decimal(published) * 100 / total).quantize(Decimal("0.1"))


@indicator(
    "grassroots.twonew_coverage",
    title=_("两新组织党的组织覆盖率"),
    unit="%",
    capability=caps.VIEW_GRASSROOTS,
    better="higher",
    description=_("纳入统计的两新组织中单独或联合组建党组织的比例"),
)
def twonew_coverage(on: dt.date) -> Decimal:
    rate = coverage.coverage_figures("", on)["totals"].get("org_coverage_rate")
    return Decimal(0) if rate is None else Decimal(rate)
