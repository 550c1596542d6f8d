"""The pool search's results as an audited Excel download (zugong.core.exports): the
columns of the import (so a file imports back) without the protected ID number and
phone, which only the person's own record shows to those allowed."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zugong.core.exports import xlsx_response
from zugong.talent import capabilities as caps
from zugong.talent.rules import pool as rules
from zugong.talent.selectors.pool import short_name, with_details

EXPORT_LIMIT = 50_000
HEADERS = [
    _("姓名"),
    _("乡镇"),
    _("村（社区）"),
    _("类别"),
    _("标签"),
    _("职称"),
    _("职称等级"),
    _("工作单位"),
    _("统一社会信用代码"),
    _("专长"),
    _("荣誉称号"),
    _("同意联系"),
    _("在外籍贯人才"),
    _("现工作城市"),
]
WIDTHS = [10, 12, 14, 24, 24, 14, 10, 30, 22, 24, 30, 8, 10, 12]


def cells(talent) -> list:
    return [
        talent.person.name,
        short_name(talent.township),
        talent.village,
        "、".join(c.name for c in talent.categories.all()),
        "、".join(t.name for t in talent.tags.all()),
        talent.title,
        rules.title_label(talent.title_level),
        talent.employer,
        talent.employer_credit_code,
        talent.specialty,
        talent.honours,
        "是" if talent.contact_consent else "否",
        "是" if talent.outside else "否",
        talent.current_city,
    ]


def pool_response(rows, *, query: dict):
    """The rows (a search's queryset, already in scope) as 人才库.xlsx, at most
    EXPORT_LIMIT rows, audited with the search's conditions."""
    page = with_details(rows[:EXPORT_LIMIT])
    return xlsx_response(
        HEADERS,
        WIDTHS,
        (cells(t) for t in page.iterator(chunk_size=2000)),
        "人才库.xlsx",
        _("人才库"),
        what="talent.pool",
        details={"query": query},
        action=caps.TALENT_EXPORTED,
    )
