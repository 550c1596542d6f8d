"""The ledger's table pages: the statistics per unit or leader for a month or a
quarter, and simple tables (the records behind an indicator)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from zugong.workplan import selectors
from zugong.workplan.models import Light

LIMIT = 500


class PeriodForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    period = forms.ChoiceField(
        label=_("期间"),
        choices=[("", _("全年"))]
        + [(f"q{q}", _("第%(q)d季度") % {"q": q}) for q in range(1, 5)]
        + [(f"m{m}", _("%(m)d月") % {"m": m}) for m in range(1, 13)],
        required=False,
    )
    by = forms.ChoiceField(
        label=_("统计口径"), choices=[("unit", _("按牵头单位")), ("leader", _("按责任领导"))]
    )


def table_page(
    model_admin, request, title, columns, rows, *, intro="", links=(), form=None, tables=None
):
    rows = list(rows)
    return TemplateResponse(
        request,
        "workplan/table.html",
        {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.model._meta,
            "title": title,
            "intro": intro,
            "filters": form,
            "links": list(links),
            "tables": tables
            or [
                {
                    "title": "",
                    "columns": columns,
                    "rows": rows[:LIMIT],
                    "total": len(rows),
                    "limited": len(rows) > LIMIT,
                }
            ],
        },
    )


def statistics_page(model_admin, request):
    today = dt.date.today()
    form = PeriodForm(
        request.GET
        or {"year": today.year, "period": f"q{(today.month - 1) // 3 + 1}", "by": "unit"}
    )
    year, period, by = today.year, "", "unit"
    if form.is_valid():
        year, period, by = (
            form.cleaned_data["year"],
            form.cleaned_data["period"],
            form.cleaned_data["by"],
        )
    month = int(period[1:]) if period.startswith("m") else None
    quarter = int(period[1:]) if period.startswith("q") else None
    start, end, label = selectors.period_bounds(year, month, quarter)
    rows = selectors.statistics(start=start, end=end, by=by)
    columns = [
        _t("牵头单位") if by == "unit" else _t("责任领导"),
        _t("任务"),
        _t("期内到期"),
        _t("期内办结"),
        _t("按时办结率"),
        _t("期末逾期"),
        _t("在办"),
        *[str(label) for label in Light.labels[:4]],
        _t("A/B/C/D"),
    ]
    cells = [
        {
            "cells": [
                r["name"],
                r["tasks"],
                r["due"],
                r["done"],
                "—" if r["on_time_rate"] is None else f"{r['on_time_rate']}%",
                r["overdue"],
                r["open"],
                *[r["lights"][v] for v in Light.values[:4]],
                "/".join(str(r["grades"][g]) for g in "ABCD"),
            ]
        }
        for r in rows
    ]
    intro = _t("%(l)s（%(s)s至%(e)s）。亮灯和等次为最近一次扫描的结果。") % {
        "l": label,
        "s": start.isoformat(),
        "e": end.isoformat(),
    }
    return table_page(
        model_admin, request, _t("工作任务月度季度统计"), columns, cells, intro=intro, form=form
    )
