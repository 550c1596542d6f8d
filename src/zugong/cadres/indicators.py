"""The cadre module's named indicators (core.indicators), in the current scope: the
young-cadre pool and cadres sent to the front line (墩苗历练, point 9 of the plan)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zugong.cadres import capabilities as caps
from zugong.cadres.models.pool import Secondment, YoungCadreEntry
from zugong.core.indicators import indicator


@indicator(
    "cadres.young_pool",
    title=_("优秀年轻干部库在库人数"),
    unit=_("名"),
    capability=caps.VIEW_CADRE,
    better="higher",
    url="/admin/cadres/youngcadreentry/",
)
def young_pool(on: dt.date) -> int:
    return (
        YoungCadreEntry.objects.filter(entered_on__lte=on)
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=on))
        .count()
    )


@indicator(
    "cadres.secondments",
    title=_("本年度选派挂职锻炼的干部"),
    unit=_("名"),
    capability=caps.VIEW_CADRE,
    better="higher",
    url="/admin/cadres/secondment/",
)
def secondments(on: dt.date) -> int:
    return Secondment.objects.filter(started_on__year=on.year, started_on__lte=on).count()
