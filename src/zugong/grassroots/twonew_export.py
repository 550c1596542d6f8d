"""Exports of the two-new registry: the list, and "一企一表" (one sheet per organization
with the six facts of next-modules R6, its instructor and its coverage). Both audited."""

from __future__ import annotations

import datetime as dt
import io
from urllib.parse import quote

import xlsxwriter
from django.http import HttpResponse
from django.utils.translation import gettext as _

from zugong.core import audit
from zugong.core.exports import xlsx_response
from zugong.grassroots import capabilities as caps
from zugong.grassroots.selectors.coverage import why

FORMS_LIMIT = 500
YES, NO = "是", "否"


def _yes(value: bool) -> str:
    return _(YES) if value else _(NO)


def registry_response(queryset) -> HttpResponse:
    titles = [
        _("统一社会信用代码"),
        _("名称"),
        _("类别"),
        _("所在乡镇（街道）"),
        _("行业"),
        _("地址"),
        _("从业人员数"),
        _("党员数"),
        _("正式党员数"),
        _("出资人或负责人"),
        _("经营状态"),
        _("纳入统计范围"),
        _("统计口径说明"),
        _("组建情况"),
        _("所在党组织"),
        _("党组织成立日期"),
        _("未组建原因"),
        _("党建工作指导员"),
        _("党建工作联络员"),
    ]
    rows = (
        (
            e.credit_code,
            e.name,
            e.get_kind_display(),
            e.township.name,
            e.industry,
            e.address,
            e.employees,
            e.party_members,
            e.full_members,
            e.head,
            e.get_operating_status_display(),
            _yes(e.counted),
            e.counted_reason,
            e.get_coverage_display(),
            e.party_organization.name if e.party_organization else "",
            e.formed_on.isoformat() if e.formed_on else "",
            e.not_formed_reason,
            e.instructor.person.name if e.instructor else "",
            e.liaison,
        )
        for e in queryset.iterator(chunk_size=2000)
    )
    return xlsx_response(
        titles,
        [22, 30, 14, 20, 12, 30, 10, 8, 10, 12, 12, 10, 40, 10, 30, 12, 30, 12, 12],
        rows,
        "两新组织台账.xlsx",
        _("两新组织台账"),
        what="grassroots.twonew.registry",
        action=caps.GRASSROOTS_EXPORTED,
    )


def form_facts(entity, today: dt.date) -> list[tuple[str, str]]:
    """The lines of one organization's form (一企一表)."""
    org = entity.party_organization
    return [
        (_("名称"), entity.name),
        (_("统一社会信用代码"), entity.credit_code),
        (_("类别"), entity.get_kind_display()),
        (_("所在乡镇（街道）"), entity.township.name),
        (_("地址"), entity.address),
        (_("行业"), entity.industry),
        (
            _("经营情况"),
            entity.get_operating_status_display()
            + "；"
            + _("有固定经营场所：%(v)s") % {"v": _yes(entity.fixed_place)}
            + "；"
            + _("实体运营：%(v)s") % {"v": _yes(entity.real_operation)},
        ),
        (_("从业人员"), _("%(n)d人") % {"n": entity.employees}),
        (
            _("党员"),
            _("%(p)d人，其中正式党员%(f)d人")
            % {"p": entity.party_members, "f": entity.full_members},
        ),
        (_("出资人或负责人"), entity.head),
        (
            _("党组织"),
            f"{entity.get_coverage_display()}"
            + (f"：{org.name}" if org else "")
            + (_("，成立于%(d)s") % {"d": entity.formed_on.isoformat()} if entity.formed_on else "")
            + (f"（{entity.formed_how}）" if entity.formed_how else ""),
        ),
        (_("未组建原因"), entity.not_formed_reason),
        (_("党建工作指导员"), entity.instructor.person.name if entity.instructor else _("无")),
        (_("党建工作联络员"), entity.liaison or _("无")),
        (
            _("工会、共青团"),
            _("工会：%(u)s；共青团：%(y)s")
            % {"u": _yes(entity.trade_union), "y": _yes(entity.youth_league)},
        ),
        (_("纳入统计范围"), _yes(entity.counted) + "（" + entity.counted_reason + "）"),
        (_("覆盖情况"), why(entity, today)),
    ]


def _sheet_name(entity, used: set[str]) -> str:
    base = "".join(c for c in entity.name if c not in "[]:*?/\\")[:25] or str(entity.pk)
    name, n = base, 1
    while name in used:
        n += 1
        name = f"{base[:22]}{n}"
    used.add(name)
    return name


def forms_response(entities: list, today: dt.date) -> HttpResponse:
    """One sheet per organization; audited with the organizations' ids."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    title = book.add_format({"bold": True, "font_size": 14})
    label = book.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1})
    cell = book.add_format({"border": 1, "text_wrap": True})
    used: set[str] = set()
    for entity in entities:
        sheet = book.add_worksheet(_sheet_name(entity, used))
        sheet.set_column(0, 0, 18)
        sheet.set_column(1, 1, 70)
        sheet.write_string(0, 0, _("两新组织一企一表"), title)
        for row, (name, value) in enumerate(form_facts(entity, today), start=2):
            sheet.write_string(row, 0, str(name), label)
            sheet.write_string(row, 1, str(value or ""), cell)
    if not entities:
        book.add_worksheet(_("一企一表"))
    book.close()
    audit.log_action(
        caps.GRASSROOTS_EXPORTED,
        obj=entities[0] if len(entities) == 1 else None,
        extra={
            "what": "grassroots.twonew.forms",
            "rows": len(entities),
            "entities": [e.pk for e in entities],
        },
    )
    filename = (
        f"一企一表_{entities[0].name}.xlsx" if len(entities) == 1 else "两新组织一企一表.xlsx"
    )
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
