from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.contrib import messages
from django.contrib.admin import register
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from unfold.decorators import display
from unfold.widgets import UnfoldAdminTextInputWidget

from zugong.core.admin.base import CapabilityAdmin, RequestFormMixin, ServiceForm, action
from zugong.core.admin.fields import OrganizationPathsMixin
from zugong.core.admin.site import site
from zugong.core.capabilities import EXPORT
from zugong.core.errors import ApplicationError
from zugong.core.exports import xlsx_response
from zugong.party import capabilities as caps
from zugong.party import rules, selectors
from zugong.party.models import DuesBase, DuesPayment, MemberIncome, Occupation
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
        fields = ["member", "kind", "month", "amount", "paid_on", "backpay_reason", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "amount" in self.fields:
            self.fields["amount"].required = False
            self.fields["amount"].help_text = _(
                "按月交纳时可不填，按核定基数计算；农民党员超过1元的部分记为自愿多交"
            )
        if self.instance.pk is None:
            self.fields.pop("reason", None)
        elif "reason" in self.fields:
            self.fields["reason"].required = True

    def run_service(self, data):
        payment = self._run(data)
        # Accepted against a convention (a back-payment past six months): said on the
        # next page beside the success message.
        for warning in getattr(payment, "warnings", []):
            messages.warning(self.request, warning)
        return payment

    def _run(self, data):
        if self.instance.pk is not None:
            return dues_services.dues_correct(
                actor=self.request.user,
                payment=self.instance,
                month=data.get("month"),
                amount=data.get("amount"),
                paid_on=data["paid_on"],
                note=data.get("note", ""),
                reason=data.get("reason", ""),
                backpay_reason=data.get("backpay_reason"),
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
            backpay_reason=data.get("backpay_reason", ""),
        )


@register(DuesPayment, site=site)
class DuesPaymentAdmin(OrganizationPathsMixin, RequestFormMixin, CapabilityAdmin):
    form = DuesPaymentForm
    view_capability = caps.VIEW_MEMBER
    change_capability = caps.CHANGE_MEMBER
    list_display = [
        "member",
        "organization_shown",
        "kind",
        "month_shown",
        "due",
        "amount",
        "extra_shown",
        "paid_on",
        "to_central_shown",
        "backpay_shown",
    ]
    list_filter = ["kind", "to_central"]
    search_fields = ["member__person__name"]
    autocomplete_fields = ["member"]
    list_select_related = ["member__person__organization"]
    date_hierarchy = "paid_on"
    actions_list = ["arrears", "export_payments"]

    def object_path(self, obj):
        return obj.member.person.organization.path

    def organization_of(self, obj):
        return obj.member.person.organization

    @display(description=_("所在党组织"))
    def organization_shown(self, obj):
        # Two members of one name in two branches are told apart by their branch.
        return self.organization_path_of(obj)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["member", "kind", "month", "amount", "paid_on", "backpay_reason", "note"]
        regular = obj.kind == DuesPayment.Kind.REGULAR
        changing = self.has_change_permission(request, obj)
        # A reader sees the month as 2026-11, an editor corrects it in the date field.
        month = (["month"] if changing else ["month_shown"]) if regular else []
        backpay = ["extra", "backpay_reason"] if regular else []
        reason = ["reason"] if changing else []
        return [
            "member",
            "kind",
            *month,
            "due",
            "amount",
            *backpay,
            "paid_on",
            "to_central",
            "note",
            *reason,
        ]

    def get_readonly_fields(self, request, obj=None):
        # Who paid and what kind of payment it is are not corrected: a payment recorded
        # for the wrong member is withdrawn and recorded again. The voluntary extra
        # follows from the amount (Art. 6 band).
        return ["member", "kind", "due", "extra", "to_central", "recorded_by"] if obj else []

    @display(description=_("所属月份"), ordering="month")
    def month_shown(self, obj):
        return f"{obj.month:%Y-%m}" if obj.month else "—"

    @display(description=_("其中自愿多交（元）"), ordering="extra")
    def extra_shown(self, obj):
        if obj.kind == DuesPayment.Kind.VOLUNTARY:
            return obj.amount
        return obj.extra or "—"

    @display(description=_("全额上缴中央"), ordering="to_central")
    def to_central_shown(self, obj):
        # Most payments stay with the organizations; only the exception is marked.
        return _("是") if obj.to_central else "—"

    @display(description=_("超期补交原因"))
    def backpay_shown(self, obj):
        return obj.backpay_reason or "—"

    @action(
        capability=(caps.VIEW_MEMBER, EXPORT),
        description=_("导出交纳记录"),
        url_path="export",
        icon="download",
    )
    def export_payments(self, request):
        try:
            year = int(request.GET.get("year") or dt.date.today().year)
        except ValueError:
            year = dt.date.today().year
        return payments_workbook(year)

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


def payments_workbook(year: int):
    """One year's payments (by payment date) in the user's scope, the voluntary part of
    each shown apart: a voluntary payment wholly, a month's farmer dues above 1 元 as
    其中自愿多交 (Arts. 6, 11)."""
    payments = (
        DuesPayment.objects.filter(paid_on__year=year)
        .select_related("member__person__organization")
        .order_by("member__person__organization__path", "member__person__name", "paid_on", "id")
    )
    yes, no = gettext("是"), gettext("否")
    lines = (
        (
            p.member.person.name,
            p.member.person.organization.name,
            p.get_kind_display(),
            f"{p.month:%Y-%m}" if p.month else "",
            str(p.due) if p.due is not None else "",
            str(p.amount),
            str(p.amount if p.kind == DuesPayment.Kind.VOLUNTARY else p.extra),
            p.paid_on.isoformat(),
            yes if p.to_central else no,
            p.backpay_reason,
            p.note,
        )
        for p in payments.iterator(chunk_size=2000)
    )
    return xlsx_response(
        [
            _("姓名"),
            _("所在党组织"),
            _("类别"),
            _("所属月份"),
            _("应交（元）"),
            _("实交（元）"),
            _("其中自愿多交（元）"),
            _("交纳日期"),
            _("全额上缴中央"),
            _("超期补交原因"),
            _("备注"),
        ],
        [10, 30, 10, 10, 10, 10, 14, 12, 12, 30, 30],
        lines,
        f"党费交纳记录_{year}.xlsx",
        _("党费交纳记录"),
        what="party.dues.payments",
        details={"year": year},
    )


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
        if obj.member.occupation == Occupation.SELF_EMPLOYED:
            return _("按上季度收入计算")
        if obj.member.occupation == Occupation.FARMER and obj.farmer_amount is not None:
            due, extra = rules.farmer_dues(obj.farmer_amount)
            return gettext("%(d)s（另自愿多交%(e)s）") % {"d": due, "e": extra} if extra else due
        return rules.monthly_dues(obj.member.occupation, obj.base, farmer_amount=obj.farmer_amount)


class MemberIncomeForm(ServiceForm):
    month = MonthField(
        label=_("起始月份"), help_text=_("如2026-07或2026年7月；按季度登记的填该季度第一个月")
    )

    class Meta:
        model = MemberIncome
        fields = ["member", "month", "period", "amount", "note"]

    def run_service(self, data):
        return dues_services.dues_income_record(
            actor=self.request.user,
            member=data["member"],
            month=data["month"],
            period=data["period"],
            amount=data.get("amount"),
            note=data.get("note", ""),
        )


@register(MemberIncome, site=site)
class MemberIncomeAdmin(RequestFormMixin, CapabilityAdmin):
    """Incomes of members without a monthly wage: their dues base is the previous
    quarter's monthly average (Art. 4). Recording a period again replaces it (audited)."""

    form = MemberIncomeForm
    view_capability = caps.VIEW_MEMBER
    change_capability = caps.CHANGE_MEMBER
    list_display = ["member", "month_shown", "period", "amount", "recorded_by"]
    list_filter = ["period"]
    search_fields = ["member__person__name"]
    autocomplete_fields = ["member"]
    list_select_related = ["member__person", "recorded_by"]

    def object_path(self, obj):
        return obj.member.person.organization.path

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    @display(description=_("起始月份"), ordering="month")
    def month_shown(self, obj):
        return f"{obj.month:%Y-%m}"
