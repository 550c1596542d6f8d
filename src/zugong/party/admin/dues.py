from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.contrib.admin import register
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from unfold.decorators import display
from unfold.widgets import UnfoldAdminTextInputWidget

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

MONTH = re.compile(
    r"^(\d{4})\s*(?:[-/.年]\s*(\d{1,2})\s*月?|(\d{2}))(?:\s*[-/.]?\s*\d{1,2}\s*日?)?$"
)


class MonthField(forms.DateField):
    """A month as offices write it: 2026-12, 2026年12月, 2026.12, 2026/12 (a full date
    such as 2026-12-01 is read as its month). The value is the month's first day."""

    widget = UnfoldAdminTextInputWidget

    default_error_messages = {"invalid": _("请按“2026-12”或“2026年12月”填写月份")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.date):
            return value.replace(day=1)
        found = MONTH.match(str(value).strip().replace("－", "-").replace("．", "."))
        month = int(found.group(2) or found.group(3)) if found else 0
        if not 1 <= month <= 12:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return dt.date(int(found.group(1)), month, 1)

    def prepare_value(self, value):
        return f"{value:%Y-%m}" if isinstance(value, dt.date) else value


class DuesPaymentForm(ServiceForm):
    """Records a payment, or corrects one already recorded (with the reason)."""

    month = MonthField(
        label=_("所属月份"), required=False, help_text=_("按月交纳时必填，如2026-03或2026年3月")
    )
    reason = forms.CharField(
        label=_("更正原因"),
        required=False,
        max_length=200,
        widget=UnfoldAdminTextInputWidget,
        help_text=_("更正已登记的交纳记录时必填，如“金额录入错误”“所属月份登记错误”"),
    )

    class Meta:
        model = DuesPayment
        fields = ["member", "kind", "month", "amount", "paid_on", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "amount" in self.fields:
            self.fields["amount"].required = False
            self.fields["amount"].help_text = _("按月交纳时可不填，按核定基数计算")
        if self.instance.pk is None:
            self.fields.pop("reason", None)
        elif "reason" in self.fields:
            self.fields["reason"].required = True

    def run_service(self, data):
        if self.instance.pk is not None:
            return dues_services.dues_correct(
                actor=self.request.user,
                payment=self.instance,
                month=data.get("month"),
                amount=data.get("amount"),
                paid_on=data["paid_on"],
                note=data.get("note", ""),
                reason=data.get("reason", ""),
            )
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
    list_display = ["member", "kind", "month_shown", "due", "amount", "paid_on", "to_central"]
    list_filter = ["kind", "to_central"]
    search_fields = ["member__person__name"]
    autocomplete_fields = ["member"]
    list_select_related = ["member__person"]
    date_hierarchy = "paid_on"
    actions_list = ["arrears"]

    def object_path(self, obj):
        return obj.member.person.organization.path

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["member", "kind", "month", "amount", "paid_on", "note"]
        month = ["month"] if obj.kind == DuesPayment.Kind.REGULAR else []
        changing = self.has_change_permission(request, obj)
        reason = ["reason"] if changing else []
        return ["member", "kind", *month, "due", "amount", "paid_on", "to_central", "note", *reason]

    def get_readonly_fields(self, request, obj=None):
        # Who paid and what kind of payment it is are not corrected: a payment recorded
        # for the wrong member is withdrawn and recorded again.
        return ["member", "kind", "due", "to_central", "recorded_by"] if obj else []

    @display(description=_("所属月份"), ordering="month")
    def month_shown(self, obj):
        return f"{obj.month:%Y-%m}" if obj.month else "—"

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
