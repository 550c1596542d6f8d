"""The audited export of the agreements with their outcomes: one row per agreement in
scope (members, students placed, graduates retained, challenges solved, programmes and
trainees, and the no-outcome flag since when)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpResponse
from django.utils.translation import gettext as _

from zugong.core.exports import xlsx_response
from zugong.talent import capabilities as caps
from zugong.talent.selectors import cooperation as selectors

YES, NO = "是", "否"


def agreements_response(today: dt.date, *, flagged_only: bool = False) -> HttpResponse:
    """The workbook (the scope was narrowed by the caller to VIEW_TALENT with EXPORT)."""
    rows = selectors.agreement_outcomes(today, flagged_only=flagged_only)
    titles = [
        _("协议名称"),
        _("所属单位"),
        _("签约方"),
        _("签订日期"),
        _("到期日期"),
        _("实践学生（人次）"),
        _("留区毕业生（人）"),
        _("揭榜项目验收通过（项）"),
        _("合作项目（个）"),
        _("培训学员（人）"),
        _("无成效标注"),
        _("标注起始日期"),
    ]
    lines = (
        (
            r["agreement"].title,
            r["agreement"].office.name,
            "、".join(m.name for m in r["agreement"].members.all()),
            r["agreement"].signed_on.isoformat(),
            r["agreement"].ends_on.isoformat() if r["agreement"].ends_on else "",
            r["students"],
            r["graduates"],
            r["solved"],
            r["programmes"],
            r["trainees"],
            _(YES) if r["flag"].flagged else _(NO),
            r["flag"].since.isoformat() if r["flag"].since else "",
        )
        for r in rows
    )
    return xlsx_response(
        titles,
        [34, 20, 40, 12, 12, 12, 12, 14, 12, 12, 10, 12],
        lines,
        f"校企合作协议成效{today.isoformat()}.xlsx",
        _("协议成效"),
        what="talent.cooperation_agreements",
        details={"flagged_only": flagged_only},
        action=caps.TALENT_EXPORTED,
    )
