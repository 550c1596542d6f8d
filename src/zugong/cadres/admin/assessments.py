"""Annual, regular, special and tenure assessment in the back office."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.admin import register
from django.db.models.fields import BLANK_CHOICE_LABEL
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from unfold.decorators import display
from unfold.widgets import UnfoldAdminIntegerFieldWidget, UnfoldAdminSelectWidget

from zugong.cadres import capabilities as caps
from zugong.cadres import rules, selectors
from zugong.cadres.admin.base import CadreRowAdmin, table_page
from zugong.cadres.models import (
    AnnualAssessment,
    AnnualGrade,
    RegularAssessment,
    SpecialAssessment,
)
from zugong.cadres.services import assessments as services
from zugong.core.admin.base import ServiceForm, action
from zugong.core.admin.fields import OrganizationChoiceField
from zugong.core.admin.site import site
from zugong.core.models import Organization


class AnnualForm(ServiceForm):
    class Meta:
        model = AnnualAssessment
        fields = [
            "cadre",
            "year",
            "unit",
            "grade",
            "sick_leave_days",
            "personal_leave_days",
            "ungraded_reason",
            "comments",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "grade" in self.fields:
            # Leave of more than half the year decides "no grade" from the days. The
            # blank choice comes first and is the default, so nobody records 优秀 by
            # leaving the select as it opened.
            grade = self.fields["grade"]
            grade.choices = [("", BLANK_CHOICE_LABEL), *AnnualGrade.choices]
            grade.required = False
            if not self.is_bound and not self.instance.pk:
                self.initial.setdefault("grade", "")
            self.fields["grade"].help_text = _(
                "病假、事假合计超过考核年度半年的，系统自动确定为不定等次，可不选"
            )

    def run_service(self, data):
        return services.annual_record(actor=self.request.user, **data)


class QuotaForm(forms.Form):
    unit = OrganizationChoiceField(
        label=_("单位"),
        queryset=Organization.objects.none(),
        widget=UnfoldAdminSelectWidget,
        empty_label=_("请选择单位"),
    )
    year = forms.IntegerField(label=_("年度"), widget=UnfoldAdminIntegerFieldWidget)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Organization.objects.exclude(kind="branch").order_by("path")


@register(AnnualAssessment, site=site)
class AnnualAdmin(CadreRowAdmin):
    form = AnnualForm
    list_display = [
        "cadre",
        "year",
        "grade",
        "is_leader",
        "unit",
        "ungraded_reason",
        "leave_days",
    ]
    list_filter = ["year", "grade", "is_leader"]
    autocomplete_fields = ["cadre", "unit"]
    actions_list = ["quota", "consequences"]

    @display(description=_("病假、事假天数"))
    def leave_days(self, obj):
        return obj.sick_leave_days + obj.personal_leave_days

    @action(
        capability=caps.VIEW_CADRE, description=_("优秀比例核查"), url_path="quota", icon="percent"
    )
    def quota(self, request):
        form = QuotaForm(request.GET or None)
        rows = []
        if form.is_valid():
            for r in selectors.excellent_quota_check(
                form.cleaned_data["unit"], form.cleaned_data["year"]
            ):
                rows.append(
                    {
                        "cells": [
                            _("领导成员") if r["is_leader"] else _("非领导成员"),
                            r["total"],
                            r["excellent"],
                            r["quota"],
                            _("超出名额") if r["over"] else _("未超出"),
                        ]
                    }
                )
        return table_page(
            self,
            request,
            _("年度考核优秀等次比例核查"),
            [_("类别"), _("参加考核人数"), _("优秀人数"), _("优秀名额"), _("结论")],
            rows,
            filters=form if request.GET else QuotaForm(initial={"year": dt.date.today().year - 1}),
            sources=[rules.EXCELLENT_QUOTA.source, rules.EXCELLENT_QUOTA_ROUNDING.source],
        )

    @action(
        capability=caps.VIEW_CADRE,
        description=_("考核结果运用"),
        url_path="consequences",
        icon="military_tech",
    )
    def consequences(self, request):
        year = dt.date.today().year - 1
        rows = []
        cadres = selectors.serving().filter(annual_assessments__year=year).distinct()
        for cadre in cadres.select_related("person").prefetch_related("annual_assessments"):
            for c in selectors.consequences(cadre):
                if c.year == year:
                    rows.append(
                        {
                            "url": reverse("admin:cadres_cadre_change", args=[cadre.pk]),
                            "cells": [cadre.person.name, cadre.unit_name, c.text, c.source],
                        }
                    )
        return table_page(
            self,
            request,
            _("%(y)d年度考核结果运用") % {"y": year},
            [_("姓名"), _("工作单位"), _("运用"), _("依据")],
            rows,
        )


class RegularForm(ServiceForm):
    class Meta:
        model = RegularAssessment
        fields = ["cadre", "year", "quarter", "grade", "note"]

    def run_service(self, data):
        return services.regular_record(actor=self.request.user, **data)


@register(RegularAssessment, site=site)
class RegularAdmin(CadreRowAdmin):
    form = RegularForm
    list_display = ["cadre", "year", "quarter", "grade"]
    list_filter = ["year", "quarter", "grade"]


class SpecialForm(ServiceForm):
    class Meta:
        model = SpecialAssessment
        fields = ["cadre", "kind", "subject", "on", "report"]

    def run_service(self, data):
        return services.special_record(actor=self.request.user, **data)


@register(SpecialAssessment, site=site)
class SpecialAdmin(CadreRowAdmin):
    form = SpecialForm
    list_display = ["cadre", "kind", "subject", "on"]
    list_filter = ["kind"]

    @display(description=_("考核事项"))
    def subject_short(self, obj):
        return obj.subject[:40]
