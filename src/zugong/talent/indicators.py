"""The talent module's named indicators (core.indicators), in the current scope:
certified rural talents and talent cards issued (points 12 and 15 of the plan), and the
talents in the pool."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from zugong.core.indicators import indicator
from zugong.talent import capabilities as caps
from zugong.talent.models import Talent
from zugong.talent.models.card import CardStatus, TalentCard
from zugong.talent.models.certification import Certification


@indicator(
    "talent.certified",
    title=_("本年度认定的乡村振兴人才"),
    unit=_("名"),
    capability=caps.VIEW_TALENT,
    better="higher",
    url="/admin/talent/certification/",
    description=_("本年度完成区级认定的乡村人才"),
)
def certified(on: dt.date) -> int:
    return Certification.objects.filter(certified_on__year=on.year, certified_on__lte=on).count()


@indicator(
    "talent.cards_issued",
    title=_("有效人才卡"),
    unit=_("张"),
    capability=caps.VIEW_TALENT,
    better="higher",
    url="/admin/talent/talentcard/",
    description=_("已发放且在有效期内的人才卡"),
)
def cards_issued(on: dt.date) -> int:
    return TalentCard.objects.filter(status=CardStatus.ISSUED, issued_on__lte=on).count()


@indicator(
    "talent.pool",
    title=_("人才库人数"),
    unit=_("名"),
    capability=caps.VIEW_TALENT,
    better="higher",
    url="/admin/talent/talent/",
)
def pool(on: dt.date) -> int:
    return Talent.objects.count()
