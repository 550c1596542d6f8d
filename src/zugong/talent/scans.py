"""The talent module's daily sweep as a scheduled scan (core.schedule): talent cards past
their validity become expired and so do rural-talent certificates. Running it twice on
a day changes nothing the second time; ``zugong talent_sweep`` does the same by hand."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zugong.core.schedule import scan


def sweep(today: dt.date) -> dict:
    """Expire what ran out by ``today``; call under a scope that sees everything."""
    from zugong.talent.services.card import cards_expire
    from zugong.talent.services.certification import certification_expire

    cards = cards_expire(today=today)
    certificates = certification_expire(actor=None, today=today)
    return {
        "message": _("%(day)s：人才卡到期失效%(c)d张（附卡%(d)d张），乡村人才证书到期%(n)d件")
        % {
            "day": today.isoformat(),
            "c": cards["cards"],
            "d": cards["dependants"],
            "n": certificates,
        },
        "cards": cards["cards"],
        "dependants": cards["dependants"],
        "certificates": certificates,
    }


@scan("talent.sweep", title=gettext_lazy("人才卡与乡村人才证书到期处理"), daily_at="00:30")
def talent_sweep(today: dt.date) -> dict:
    return sweep(today)
