from __future__ import annotations

import datetime as dt

from django.contrib.admin import register
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from unfold.decorators import display

from zugong.core.admin.base import CapabilityAdmin, RequestFormMixin, ServiceForm, action
from zugong.core.admin.site import site
from zugong.core.errors import ApplicationError
from zugong.party import capabilities as caps
from zugong.party import rules, selectors
from zugong.party.models import (
    DuesBase,
    DuesPayment,
)
from zugong.party.services import dues as dues_services


class DuesPaymentForm(ServiceForm):
    class Meta:
        model = DuesPayment
        fields = ["member", "kind", "month", "amount", "paid_on", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].required = False
        self.fields["amount"].help_text = _("按月交纳时可不填，按核定基数计算")
        self.fields["month"].help_text = _("按月交纳时必填，如2026-03-01")

    def run_service(self, data):
        if data["kind"] == DuesPayment.Kind.VOLUNTARY:
            return dues_services.dues_voluntary(
                actor=self.request.user,
                member=data["member"],
                amount=data.get("amount"),
                paid_on=data["paid_on"],
                note=data.get("note", ""),
            )
        if not data.get("month"):
            raise ApplicationError(_("请填写所属月份"), field="month")
        return dues_services.dues_pay(
            actor=self.request.user,
            member=data["member"],
            month=data["month"],
            paid_on=data["paid_on"],
            amount=data.get("amount"),
            note=data.get("note", ""),
        )


@register(DuesPayment, site=site)
class DuesPaymentAdmin(RequestFormMixin, CapabilityAdmin):
    form = DuesPaymentForm
    view_capability = caps.VIEW_MEMBER
    change_capability = caps.CHANGE_MEMBER
    list_display = ["member", "kind", "month", "due", "amount", "paid_on", "to_central"]
    list_filter = ["kind", "to_central"]
    search_fields = ["member__person__name"]
    autocomplete_fields = ["member"]
    list_select_related = ["member__person"]
    date_hierarchy = "paid_on"
    actions_list = ["arrears"]

    def object_path(self, obj):
        return obj.member.person.organization.path

    def has_change_permission(self, request, obj=None):
        # A payment is recorded once; corrections go through the audit trail, not edits.
        return obj is None and super().has_change_permission(request, obj)

    @action(
        capability=caps.VIEW_MEMBER, description=_("党费欠缴"), url_path="arrears", icon="money_off"
    )
    def arrears(self, request):
        rows = selectors.dues_arrears(dt.date.today())
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "rows": rows[:1000],
            "count": len(rows),
            "lapsed": sum(1 for r in rows if r["lapse"]),
            "source": rules.LAPSE_MONTHS.source,
            "title": _("党费欠缴"),
        }
        return TemplateResponse(request, "party/admin/arrears.html", context)


class DuesBaseForm(ServiceForm):
    class Meta:
        model = DuesBase
        fields = ["member", "effective_from", "base", "farmer_amount"]

    def run_service(self, data):
        return dues_services.dues_set_base(
            actor=self.request.user,
            member=data["member"],
            effective_from=data["effective_from"],
            base=data.get("base"),
            farmer_amount=data.get("farmer_amount"),
        )


@register(DuesBase, site=site)
class DuesBaseAdmin(RequestFormMixin, CapabilityAdmin):
    form = DuesBaseForm
    view_capability = caps.VIEW_MEMBER
    change_capability = caps.CHANGE_MEMBER
    list_display = ["member", "effective_from", "base", "farmer_amount", "monthly"]
    search_fields = ["member__person__name"]
    autocomplete_fields = ["member"]
    list_select_related = ["member__person"]

    def object_path(self, obj):
        return obj.member.person.organization.path

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    @display(description=_("每月应交（元）"))
    def monthly(self, obj):
        return rules.monthly_dues(obj.member.occupation, obj.base, farmer_amount=obj.farmer_amount)
