"""Back office of the village collective economy (村级集体经济): profiles, income,
contracts with their receipt schedules, support projects, disclosures and first
secretaries. The report pages (ledger, village-year, receipts, disclosures, weak villages
and forecast, imports) are in collective_pages; the demonstration chain in
demonstration. The sidebar group (order 31) is at the end."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.admin import register
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from unfold.widgets import UnfoldAdminDecimalFieldWidget, UnfoldAdminSingleDateWidget

from zugong.core.admin.base import (
    CapabilityAdmin,
    ReadOnlyInline,
    RequestFormMixin,
    ServiceForm,
    action,
    form_action,
)
from zugong.core.admin.site import item, register_sidebar_group, site
from zugong.core.models import OrgCategory, OrgKind
from zugong.core.scope import get_scoped_or_404
from zugong.grassroots import capabilities as caps
from zugong.grassroots.admin import demonstration  # noqa: F401
from zugong.grassroots.admin.collective_pages import (
    ContractPages,
    DisclosurePages,
    IncomePages,
    SecretaryPages,
)
from zugong.grassroots.models.collective import (
    CollectiveContract,
    CollectiveIncome,
    CollectiveProfile,
    ContractReceipt,
    Disclosure,
    FirstSecretary,
    SupportProject,
)
from zugong.grassroots.services import collective as services

VIEW, CHANGE = caps.VIEW_GRASSROOTS, caps.CHANGE_GRASSROOTS


def today() -> dt.date:
    return dt.date.today()


class VillageAdmin(RequestFormMixin, CapabilityAdmin):
    """A ledger table of villages: read with VIEW, written with CHANGE through a service."""

    view_capability, change_capability = VIEW, CHANGE
    list_select_related = ["organization"]

    def object_path(self, obj):
        return obj.organization.path

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "organization":
            field.queryset = field.queryset.filter(
                category=OrgCategory.VILLAGE, parent__kind=OrgKind.TOWNSHIP
            )
        return field

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        if not self.has_change_permission(request, obj):
            return list(self.form.Meta.fields)
        return ["organization"]


class ProfileForm(ServiceForm):
    class Meta:
        model = CollectiveProfile
        fields = ["organization", "cooperative", "credit_code", "busy"]

    def run_service(self, data):
        data.setdefault("organization", self.instance.organization if self.instance.pk else None)
        return services.profile_save(actor=self.request.user, **data)


@register(CollectiveProfile, site=site)
class ProfileAdmin(VillageAdmin):
    form = ProfileForm
    list_display = ["cooperative", "organization", "credit_code", "busy"]
    list_filter = ["busy"]
    search_fields = ["cooperative", "organization__name"]


class IncomeForm(ServiceForm):
    class Meta:
        model = CollectiveIncome
        fields = ["organization", "year", "month", "source", "amount", "voucher", "note"]

    def run_service(self, data):
        if self.instance.pk is not None:
            return self.instance  # an entry is corrected by a new one, not edited
        return services.income_record(actor=self.request.user, **data)


@register(CollectiveIncome, site=site)
class IncomeAdmin(IncomePages, VillageAdmin):
    form = IncomeForm
    list_display = ["organization", "year", "month", "source", "amount", "voucher", "note"]
    list_filter = ["year", "source"]
    search_fields = ["organization__name", "voucher", "note"]
    actions_list = [
        "ledger",
        "village_year",
        "import_income",
        "import_contracts",
        "template_income",
        "template_contracts",
    ]

    def get_actions_list(self, request):
        # A village's year is opened from the ledger's village names (it needs the
        # village); as a bare button above the list it could only answer 404.
        offered = super().get_actions_list(request)
        return [a for a in offered if a.method.__name__ != "village_year"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else list(IncomeForm.Meta.fields)


class ContractForm(ServiceForm):
    class Meta:
        model = CollectiveContract
        fields = [
            "organization",
            "code",
            "counterparty",
            "subject",
            "source",
            "signed_on",
            "starts_on",
            "ends_on",
            "amount",
            "deposit",
        ]

    def run_service(self, data):
        contract = self.instance if self.instance.pk else None
        if contract is not None:
            data["organization"] = contract.organization
        return services.contract_save(actor=self.request.user, contract=contract, **data)


class ReceiptInline(ReadOnlyInline):
    model = ContractReceipt
    fields = ["due_on", "amount", "received_on", "received_amount"]


class ReceiptForm(forms.Form):
    due_on = forms.DateField(label=_("应收日期"), widget=UnfoldAdminSingleDateWidget)
    amount = forms.DecimalField(
        label=_("应收金额（元）"),
        max_digits=14,
        decimal_places=2,
        widget=UnfoldAdminDecimalFieldWidget,
    )


@register(CollectiveContract, site=site)
class ContractAdmin(ContractPages, VillageAdmin):
    form = ContractForm
    list_display = [
        "code",
        "organization",
        "counterparty",
        "subject",
        "source",
        "ends_on",
        "amount",
    ]
    list_filter = ["source"]
    search_fields = ["code", "counterparty", "subject", "organization__name"]
    inlines = [ReceiptInline]
    actions_detail = ["add_receipt"]
    actions_list = ["receipts_due", "expiring"]
    date_hierarchy = None

    @action(capability=CHANGE, description=_("增加收款计划"), url_path="add-receipt", icon="add")
    def add_receipt(self, request, object_id):
        contract = get_scoped_or_404(
            CollectiveContract.objects.select_related("organization"), pk=object_id
        )
        return form_action(
            self,
            request,
            obj=contract,
            form=ReceiptForm(request.POST or None),
            call=lambda **d: services.receipt_add(actor=request.user, contract=contract, **d),
            title=_("增加收款计划：%(c)s") % {"c": contract.code},
            done=_("已增加收款计划"),
            success_url=reverse("admin:grassroots_collectivecontract_change", args=[contract.pk]),
        )


class ReceivedForm(forms.Form):
    received_on = forms.DateField(label=_("实收日期"), widget=UnfoldAdminSingleDateWidget)
    received_amount = forms.DecimalField(
        label=_("实收金额（元）"),
        max_digits=14,
        decimal_places=2,
        widget=UnfoldAdminDecimalFieldWidget,
    )
    record_income = forms.BooleanField(label=_("同时登记为当月收入"), required=False, initial=True)


@register(ContractReceipt, site=site)
class ReceiptAdmin(CapabilityAdmin):
    view_capability, change_capability = VIEW, CHANGE
    add_allowed = False
    list_display = ["contract", "due_on", "amount", "received_on", "received_amount"]
    list_select_related = ["contract__organization"]
    search_fields = ["contract__code", "contract__counterparty"]
    actions_detail = ["record"]

    def object_path(self, obj):
        return obj.contract.organization.path

    def get_readonly_fields(self, request, obj=None):
        return ["contract", "due_on", "amount", "received_on", "received_amount"]

    @action(capability=CHANGE, description=_("登记收款"), url_path="record", icon="payments")
    def record(self, request, object_id):
        receipt = get_scoped_or_404(
            ContractReceipt.objects.select_related("contract__organization"), pk=object_id
        )
        form = ReceivedForm(request.POST or None, initial={"received_amount": receipt.amount})
        return form_action(
            self,
            request,
            obj=receipt,
            form=form,
            call=lambda **d: services.receipt_record(actor=request.user, receipt=receipt, **d),
            title=_("登记收款：%(c)s") % {"c": receipt.contract.code},
            done=_("已登记收款"),
            success_url=reverse("admin:grassroots_contractreceipt_change", args=[receipt.pk]),
        )


class ProjectForm(ServiceForm):
    class Meta:
        model = SupportProject
        fields = [
            "organization",
            "year",
            "name",
            "subsidy",
            "expected_return",
            "actual_return",
            "started_on",
            "note",
        ]

    def run_service(self, data):
        project = self.instance if self.instance.pk else None
        return services.project_save(actor=self.request.user, project=project, **data)


@register(SupportProject, site=site)
class ProjectAdmin(VillageAdmin):
    form = ProjectForm
    list_display = ["name", "organization", "year", "subsidy", "expected_return", "actual_return"]
    list_filter = ["year"]
    search_fields = ["name", "organization__name"]


class DisclosureForm(ServiceForm):
    class Meta:
        model = Disclosure
        fields = ["organization", "year", "period", "kind", "disclosed_on", "summary"]

    def run_service(self, data):
        if self.instance.pk is not None:
            return self.instance
        return services.disclosure_record(actor=self.request.user, **data)


@register(Disclosure, site=site)
class DisclosureAdmin(DisclosurePages, VillageAdmin):
    form = DisclosureForm
    list_display = ["organization", "year", "period", "kind", "disclosed_on", "summary"]
    list_filter = ["year", "kind"]
    search_fields = ["organization__name"]
    actions_list = ["missing"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else list(DisclosureForm.Meta.fields)


class SecretaryForm(ServiceForm):
    class Meta:
        model = FirstSecretary
        fields = ["organization", "person", "from_unit", "started_on", "ends_on", "reason"]

    def run_service(self, data):
        if self.instance.pk is not None:
            return self.instance  # a first secretary leaves through 登记离任
        return services.first_secretary_assign(actor=self.request.user, **data)


class LeaveForm(forms.Form):
    left_on = forms.DateField(label=_("离任日期"), widget=UnfoldAdminSingleDateWidget)


@register(FirstSecretary, site=site)
class SecretaryAdmin(SecretaryPages, VillageAdmin):
    form = SecretaryForm
    list_display = ["person", "organization", "from_unit", "started_on", "ends_on", "left_on"]
    search_fields = ["person__name", "organization__name", "from_unit"]
    list_select_related = ["organization", "person"]
    autocomplete_fields = ["person"]
    actions_list = ["weak", "forecast_page"]
    actions_detail = ["leave"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else [*SecretaryForm.Meta.fields, "left_on"]

    @action(capability=CHANGE, description=_("登记离任"), url_path="leave", icon="logout")
    def leave(self, request, object_id):
        secretary = get_scoped_or_404(
            FirstSecretary.objects.select_related("organization"), pk=object_id
        )
        return form_action(
            self,
            request,
            obj=secretary,
            form=LeaveForm(request.POST or None),
            call=lambda **d: services.first_secretary_leave(
                actor=request.user, secretary=secretary, **d
            ),
            title=_("登记离任：%(p)s") % {"p": secretary.person.name},
            done=_("已登记离任"),
            success_url=reverse("admin:grassroots_firstsecretary_change", args=[secretary.pk]),
        )


def sidebar_collective() -> dict:
    return {
        "title": _("基层党建·集体经济与示范创建"),
        "items": [
            item(
                _("集体经济台账"),
                "account_balance",
                "admin:grassroots_collectiveincome_ledger",
                VIEW,
            ),
            item(
                _("收入明细"), "receipt_long", "admin:grassroots_collectiveincome_changelist", VIEW
            ),
            item(
                _("导入三资收入"),
                "upload_file",
                "admin:grassroots_collectiveincome_import_income",
                caps.IMPORT_GRASSROOTS,
            ),
            item(
                _("集体经济组织"),
                "corporate_fare",
                "admin:grassroots_collectiveprofile_changelist",
                VIEW,
            ),
            item(
                _("集体经济合同"),
                "contract",
                "admin:grassroots_collectivecontract_changelist",
                VIEW,
            ),
            item(
                _("合同收款提醒"), "alarm", "admin:grassroots_collectivecontract_receipts_due", VIEW
            ),
            item(
                _("到期合同"),
                "event_upcoming",
                "admin:grassroots_collectivecontract_expiring",
                VIEW,
            ),
            item(_("扶持项目"), "savings", "admin:grassroots_supportproject_changelist", VIEW),
            item(_("财务公开"), "campaign", "admin:grassroots_disclosure_changelist", VIEW),
            item(_("未按期公开"), "report", "admin:grassroots_disclosure_missing", VIEW),
            item(
                _("薄弱村与第一书记"), "trending_down", "admin:grassroots_firstsecretary_weak", VIEW
            ),
            item(
                _("薄弱村年末预测"),
                "query_stats",
                "admin:grassroots_firstsecretary_forecast_page",
                VIEW,
            ),
            item(_("驻村第一书记"), "badge", "admin:grassroots_firstsecretary_changelist", VIEW),
            item(_("示范创建体系"), "account_tree", "admin:grassroots_demosite_tree", VIEW),
            item(_("示范点"), "workspace_premium", "admin:grassroots_demosite_changelist", VIEW),
            item(_("示范项目"), "construction", "admin:grassroots_demoproject_changelist", VIEW),
            item(_("公路沿线示范带"), "add_road", "admin:grassroots_demosite_belt_list", VIEW),
        ],
    }


register_sidebar_group(31, sidebar_collective)
