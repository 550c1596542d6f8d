"""The cadre list pages: retirement, rank eligibility, rank quotas, team structure."""

import datetime as dt

from django import forms
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from unfold.widgets import (
    UnfoldAdminIntegerFieldWidget,
)

from zugong.cadres import capabilities as caps
from zugong.cadres import rules, selectors
from zugong.cadres.admin.base import DATE, table_page
from zugong.core import authz
from zugong.core import capabilities as core_caps
from zugong.core.admin.base import (
    action,
)
from zugong.core.exports import download_requested, xlsx_response
from zugong.core.rules import shift_months


class MonthsForm(forms.Form):
    months = forms.IntegerField(
        label=_("未来月数"),
        min_value=1,
        max_value=120,
        initial=12,
        widget=UnfoldAdminIntegerFieldWidget,
    )


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("自"), widget=DATE)
    end = forms.DateField(label=_("至"), widget=DATE)


class ListPages:
    """Mixed into the cadre admin: its list pages (URL names admin:cadres_cadre_*)."""

    @action(
        capability=caps.VIEW_CADRE,
        description=_("到龄提醒"),
        url_path="retirement",
        icon="hourglass_bottom",
    )
    def retirement_list(self, request):
        form = MonthsForm(request.GET or None)
        months = form.cleaned_data["months"] if form.is_valid() else 12
        rows = [
            {
                "url": reverse("admin:cadres_cadre_change", args=[r["cadre"].pk]),
                "cells": [
                    r["cadre"].person.name,
                    r["cadre"].unit_name,
                    r["cadre"].current_post_text,
                    f"{r['cadre'].person.birth_date:%Y.%m}",
                    f"{r['retirement'].original:%Y.%m}",
                    _("%(n)d个月") % {"n": r["retirement"].delay_months},
                    f"{r['retirement'].month:%Y.%m}" + (_("（已到龄）") if r["overdue"] else ""),
                ],
            }
            for r in selectors.retiring_within(months)
        ]
        return table_page(
            self,
            request,
            _("未来%(m)d个月到龄干部") % {"m": months},
            [
                _("姓名"),
                _("工作单位"),
                _("现任职务"),
                _("出生年月"),
                _("原退休年月"),
                _("延迟"),
                _("到龄年月"),
            ],
            rows,
            filters=MonthsForm(initial={"months": months}) if not request.GET else form,
            intro=_(
                "按《国务院关于渐进式延迟法定退休年龄的办法》计算：原退休年龄男60周岁、女干部55周岁，自2025年1月起每4个月延迟1个月，最多36个月。"
            ),
            sources=[rules.RETIREMENT_DELAY.source],
        )

    @action(
        capability=caps.VIEW_CADRE,
        description=_("职级晋升名单"),
        url_path="eligibility",
        icon="trending_up",
    )
    def eligibility_list(self, request):
        download = download_requested(request, caps.VIEW_CADRE, param="export")
        today = dt.date.today()
        form = PeriodForm(request.GET or None)
        # The next twelve months: the rest of a month is often empty.
        start, end = today, shift_months(today, 12)
        if form.is_valid():
            start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        found = selectors.eligible_between(start, end, access=request.access)
        cells = [
            [
                r["cadre"].person.name,
                r["cadre"].unit_name,
                rules.rank_name(r["eligibility"].current),
                f"{r['eligibility'].since:%Y-%m-%d}",
                rules.rank_name(r["eligibility"].target),
                f"{r['eligibility'].earliest:%Y-%m-%d}",
                "；".join(r["eligibility"].notes),
                r["verdict"].text,
            ]
            for r in found
        ]
        columns = [
            _("姓名"),
            _("工作单位"),
            _("现职级"),
            _("任现职级时间"),
            _("拟晋升职级"),
            _("最早可晋升时间"),
            _("年限计算"),
            _("影响期等情形"),
        ]
        if download:
            return xlsx_response(
                columns,
                [10, 24, 14, 14, 14, 16, 30, 40],
                cells,
                f"职级晋升名单_{start:%Y%m%d}-{end:%Y%m%d}.xlsx",
                _("职级晋升名单"),
                what="cadres.eligibility",
                details={"start": str(start), "end": str(end)},
                action=caps.ELIGIBILITY_EXPORTED,
            )
        query = request.GET.copy()
        query["export"] = "1"
        query.setdefault("start", start.isoformat())
        query.setdefault("end", end.isoformat())
        return table_page(
            self,
            request,
            _("%(s)s至%(e)s符合职级晋升年限的干部") % {"s": start, "e": end},
            columns,
            [
                {"url": reverse("admin:cadres_cadre_change", args=[r["cadre"].pk]), "cells": c}
                for r, c in zip(found, cells, strict=True)
            ],
            filters=form if request.GET else PeriodForm(initial={"start": start, "end": end}),
            export_url=f"{request.path}?{query.urlencode()}"
            if authz.holds(request, (caps.VIEW_CADRE, core_caps.EXPORT))
            else "",
            intro=_(
                "逐级晋升最低任职年限；任职年限内每个优秀年度缩短半年，基本称职或不定等次年度不计算；县、乡机关最高二级调研员。"
            ),
            sources=[rules.RANK_PROMOTION_YEARS.source, rules.EXCELLENT_SHORTENS.source],
            nowrap=(0, 1, 2, 3, 4, 5),
        )

    @action(
        capability=caps.VIEW_CADRE,
        description=_("职级职数核查"),
        url_path="rank-quotas",
        icon="rule",
    )
    def rank_quotas(self, request):
        rows = []
        for item in selectors.rank_quota_report():
            establishment = item["establishment"]
            for finding in item["findings"]:
                rows.append(
                    {
                        "cells": [
                            establishment.organization.name,
                            establishment.posts,
                            finding["name"],
                            f"{finding['percent']}%",
                            finding["cap"],
                            finding["held"],
                            _("超出职数") if finding["over"] else _("未超出"),
                        ]
                    }
                )
        return table_page(
            self,
            request,
            _("县乡机关职级职数核查"),
            [
                _("单位"),
                _("编制数"),
                _("职级"),
                _("比例"),
                _("职数"),
                _("现有"),
                _("结论"),
            ],
            rows,
            intro=_(
                "按“单位编制”中登记的公务员编制数核定；未登记编制的单位不在此列。晋升职级时超出职数的予以拒绝。"
            ),
            sources=[rules.RANK_QUOTAS.source],
        )

    @action(
        capability=caps.VIEW_CADRE, description=_("班子结构分析"), url_path="teams", icon="groups_3"
    )
    def team_structure(self, request):
        data = selectors.district_structure()

        def bars(counter: dict) -> list:
            top = max(counter.values(), default=0) or 1
            return [(label, (n, round(100 * n / top))) for label, n in counter.items()]

        context = self._context(
            request,
            _("领导班子结构分析"),
            d=data,
            bands=bars(data["bands"]),
            education=bars(data["education"]),
            warnings=bars(data["warnings"]),
            source=rules.TEAM_REQUIREMENTS.source,
        )
        return TemplateResponse(request, "cadres/admin/teams.html", context)
