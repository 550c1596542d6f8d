"""The organ party building pages, mixed into the ModelAdmins of admin/organ.py:
overdue and unfulfilled commitments (admin:grassroots_commitment_overdue, _unfulfilled,
with their Excel downloads), the public display per branch (亮身份、亮职责、亮承诺,
admin:grassroots_commitment_display, printable), pioneer posts near or past the end of
their term (admin:grassroots_pioneerpost_expiring) and the findings page
(admin:grassroots_organunit_findings)."""

from __future__ import annotations

import datetime as dt

from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zugong.core import authz
from zugong.core.admin.base import action
from zugong.core.capabilities import EXPORT
from zugong.core.exports import download_requested, xlsx_response
from zugong.core.models import Organization
from zugong.core.scope import get_scoped_or_404
from zugong.grassroots import capabilities as caps
from zugong.grassroots.rules import organ as rules
from zugong.grassroots.selectors import organ as selectors

VIEW = caps.VIEW_GRASSROOTS
LIST_LIMIT = 2000


def today() -> dt.date:
    return dt.date.today()


def year_asked(query, default: int) -> int:
    try:
        year = int(query.get("year") or default)
    except ValueError:
        return default
    return year if 2000 <= year <= default + 1 else default


COMMITMENT_HEADERS = [
    _("党员或支部"),
    _("党组织"),
    _("年度"),
    _("类别"),
    _("承诺事项"),
    _("完成时限"),
    _("进度（%）"),
]


def _commitment_cells(c) -> list:
    who = c.person.name if c.person_id else _("（支部承诺）")
    return [
        who,
        c.organization.name,
        c.year,
        c.get_category_display(),
        c.content,
        c.deadline.isoformat(),
        c.progress,
    ]


class CommitmentPages:
    def _table(self, request, *, title, rows, intro, year=None, years=None, empty):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            "intro": intro,
            "headers": COMMITMENT_HEADERS,
            "rows": [
                {
                    "cells": _commitment_cells(c),
                    "url": reverse("admin:grassroots_commitment_change", args=[c.pk]),
                }
                for c in rows[:LIST_LIMIT]
            ],
            "count": len(rows),
            "year": year,
            "years": years,
            "empty": empty,
            "can_export": authz.holds(request, (VIEW, EXPORT)),
        }
        return TemplateResponse(request, "grassroots/admin/organ_table.html", context)

    def _workbook(self, rows, name, what):
        return xlsx_response(
            COMMITMENT_HEADERS,
            [14, 30, 8, 12, 50, 12, 10],
            (_commitment_cells(c) for c in rows),
            f"{name}.xlsx",
            name,
            what=what,
            action=caps.GRASSROOTS_EXPORTED,
        )

    @action(capability=VIEW, description=_("逾期承诺"), url_path="overdue", icon="event_busy")
    def overdue(self, request):
        download = download_requested(request, VIEW)
        rows = list(selectors.commitments_overdue(today()))
        if download:
            return self._workbook(rows, "逾期承诺", "grassroots.commitments_overdue")
        return self._table(
            request,
            title=_("逾期未完成的承诺"),
            rows=rows,
            intro=_("已过完成时限、进度未达100%的承诺，按完成时限排列。"),
            empty=_("没有逾期未完成的承诺"),
        )

    @action(capability=VIEW, description=_("年底未践诺"), url_path="unfulfilled", icon="report")
    def unfulfilled(self, request):
        download = download_requested(request, VIEW)
        now = today()
        year = year_asked(request.GET, now.year - 1)
        rows = list(selectors.commitments_unfulfilled(year, now))
        if download:
            return self._workbook(
                rows, f"{year}年度未践诺承诺", "grassroots.commitments_unfulfilled"
            )
        return self._table(
            request,
            title=_("%(y)d年度年底未践诺的承诺") % {"y": year},
            rows=rows,
            intro=_("年度结束后仍未践诺的承诺；党员的承诺列入其民主评议的依据。"),
            year=year,
            years=list(range(now.year - 1, now.year - 6, -1)),
            empty=_("该年度没有未践诺的承诺（年度未结束的不列出）"),
        )

    @action(capability=VIEW, description=_("亮身份亮承诺"), url_path="display", icon="campaign")
    def display(self, request):
        year = year_asked(request.GET, today().year)
        wanted = request.GET.get("organization")
        if not wanted or not str(wanted).isdigit():
            context = {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("亮身份、亮职责、亮承诺：选择党组织"),
                "organizations": selectors.display_organizations(),
                "year": year,
            }
            return TemplateResponse(request, "grassroots/admin/organ_display_list.html", context)
        organization = get_scoped_or_404(Organization, pk=wanted)
        context = {
            "title": _("%(o)s %(y)d年度亮身份、亮职责、亮承诺")
            % {"o": organization.name, "y": year},
            "data": selectors.display(organization, year),
            "today": today(),
        }
        return TemplateResponse(request, "grassroots/admin/organ_display.html", context)


class PioneerPages:
    @action(capability=VIEW, description=_("先锋岗届满提醒"), url_path="expiring", icon="alarm")
    def expiring(self, request):
        now = today()
        rows = selectors.pioneer_expiring(now)
        labels = {"expired": _("已届满"), "expiring": _("即将届满")}
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("党员先锋岗届满提醒"),
            "intro": _("已审核确定的先锋岗，届满日期已过或在%(d)d天内；任期%(y)d年。")
            % {"d": selectors.expiring_days(), "y": rules.pioneer_term_years()},
            "headers": [
                _("岗位名称"),
                _("类型"),
                _("党员"),
                _("党组织"),
                _("命名日期"),
                _("届满日期"),
                _("状态"),
            ],
            "rows": [
                {
                    "cells": [
                        r["post"].post_name,
                        r["post"].get_kind_display(),
                        r["post"].person.name if r["post"].person_id else "—",
                        r["post"].organization.name,
                        r["post"].approved_on.isoformat() if r["post"].approved_on else "—",
                        r["post"].term_ends_on.isoformat(),
                        labels[r["state"]],
                    ],
                    "url": reverse("admin:grassroots_pioneerpost_change", args=[r["post"].pk]),
                }
                for r in rows
            ],
            "count": len(rows),
            "empty": _("没有即将届满或已届满的先锋岗"),
            "source": rules.PIONEER_TERM_YEARS.source,
        }
        return TemplateResponse(request, "grassroots/admin/organ_table.html", context)


class FindingsPages:
    @action(capability=VIEW, description=_("机关党建检查"), url_path="findings", icon="rule")
    def findings(self, request):
        now = today()
        year = year_asked(request.GET, now.year)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("机关党建检查（%(y)d年度）") % {"y": year},
            "data": selectors.findings(year),
            "year": year,
            "years": list(range(now.year, now.year - 5, -1)),
        }
        return TemplateResponse(request, "grassroots/admin/organ_findings.html", context)
