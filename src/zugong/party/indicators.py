"""The party module's named indicators (core.indicators), computed in the current scope
from the module's public selectors: elections overdue, organizational-life compliance
and members admitted — what points 1–3 of the plan are checked against."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from zugong.core.indicators import indicator
from zugong.party import capabilities as caps
from zugong.party import selectors


def _overdue_rows(on: dt.date) -> list[dict]:
    return [
        {
            "党组织": row["organization"].name,
            "应换届日期": row["due"].isoformat() if row.get("due") else "—",
            "url": f"/admin/core/organization/{row['organization'].pk}/change/",
        }
        for row in selectors.elections(on, states=("overdue",))
    ]


@indicator(
    "party.elections_overdue",
    title=_("换届逾期的党组织"),
    unit=_("个"),
    capability=caps.VIEW_MEMBER,
    better="lower",
    url="/admin/party/branchcommittee/elections/",
    records=_overdue_rows,
    description=_("任期届满未换届且无批准延期的党组织（《中国共产党基层组织选举工作条例》第三条）"),
)
def elections_overdue(on: dt.date) -> int:
    return len(selectors.elections(on, states=("overdue",)))


@indicator(
    "party.life_compliance_rate",
    title=_("组织生活落实率"),
    unit="%",
    capability=caps.VIEW_MEMBER,
    better="higher",
    description=_(
        "本年度至今应开展的“三会一课”等组织生活中已开展的比例（按《中国共产党支部工作条例（试行）》的频次）"
    ),
)
def life_compliance_rate(on: dt.date) -> Decimal:
    rows = selectors.compliance_counts(dt.date(on.year, 1, 1), on, today=on)
    required = sum(r.required for r in rows)
    done = sum(r.done for r in rows)
    return (
        Decimal(100) if not required else (Decimal(done) * 100 / required).quantize(Decimal("0.1"))
    )


@indicator(
    "party.members_admitted",
    title=_("本年度发展党员"),
    unit=_("名"),
    capability=caps.VIEW_MEMBER,
    better="higher",
    description=_("本年度支部大会接收的预备党员"),
)
def members_admitted(on: dt.date) -> int:
    return selectors.members_on_roll().filter(joined_on__year=on.year, joined_on__lte=on).count()
