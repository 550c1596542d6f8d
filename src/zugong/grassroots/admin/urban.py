"""Back office of urban co-building (契约化共建): resident units, contracts with their
items, fulfilment records, evaluations and joint meetings; the health page and the
printable publication page (亮约). Grids and in-service members' reports are in
urban_grids and urban_dual; the sidebar group (order 32) is at the end."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.admin import register
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from unfold.widgets import (
    UnfoldAdminDecimalFieldWidget,
    UnfoldAdminSelectWidget,
    UnfoldAdminSingleDateWidget,
    UnfoldAdminTextareaWidget,
    UnfoldAdminTextInputWidget,
)

from zugong.core import authz
from zugong.core.admin.base import (
    CapabilityAdmin,
    ReadOnlyInline,
    RequestFormMixin,
    ServiceForm,
    action,
    form_action,
)
from zugong.core.admin.site import item, register_sidebar_group, site
from zugong.core.capabilities import EXPORT
from zugong.core.exports import download_requested, xlsx_response
from zugong.core.models import Organization, OrgCategory
from zugong.core.scope import get_scoped_or_404
from zugong.grassroots import capabilities as caps
from zugong.grassroots.admin import urban_dual, urban_grids  # noqa: F401
from zugong.grassroots.models.urban import (
    CoBuildingContract,
    ContractEvaluation,
    ContractItem,
    Fulfilment,
    JointMeeting,
    ResidentUnit,
)
from zugong.grassroots.rules import urban as rules
from zugong.grassroots.selectors import urban as selectors
from zugong.grassroots.services import urban as services

VIEW, CHANGE = caps.VIEW_GRASSROOTS, caps.CHANGE_GRASSROOTS
COMMUNITY_KINDS = (OrgCategory.COMMUNITY, OrgCategory.VILLAGE)


def today() -> dt.date:
    return dt.date.today()


class UnitForm(ServiceForm):
    class Meta:
        model = ResidentUnit
        fields = [
            "street",
            "name",
            "kind",
            "credit_code",
            "party_organization",
            "superior",
            "contact",
        ]

    def run_service(self, data):
        data = {k: v for k, v in data.items() if k != "street" or self.instance.pk is None}
        return services.unit_save(
            actor=self.request.user, unit=self.instance if self.instance.pk else None, **data
        )


@register(ResidentUnit, site=site)
class ResidentUnitAdmin(RequestFormMixin, CapabilityAdmin):
    form = UnitForm
    view_capability, change_capability = VIEW, CHANGE
    list_display = ["name", "kind", "street", "party_organization", "superior"]
    list_filter = ["kind"]
    search_fields = ["name", "credit_code"]
    list_select_related = ["street", "party_organization"]

    def object_path(self, obj):
        return obj.street.path

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not self.has_change_permission(request, obj):
            return UnitForm.Meta.fields
        return ["street"] if obj is not None else []


class ContractForm(ServiceForm):
    class Meta:
        model = CoBuildingContract
        fields = ["community", "unit", "title", "year", "content"]

    def run_service(self, data):
        if self.instance.pk is not None:
            return self.instance  # a contract moves by its steps, not by editing
        return services.contract_create(actor=self.request.user, **data)


class ItemInline(ReadOnlyInline):
    model = ContractItem
    fields = ["kind", "content", "responsible", "due_on", "fulfilled_on"]


class EvaluationInline(ReadOnlyInline):
    model = ContractEvaluation
    fields = ["year", "score", "grade", "evaluated_on", "sent_to", "sent_on"]


class StepForm(forms.Form):
    signed_on = forms.DateField(
        label=_("签约日期"), required=False, widget=UnfoldAdminSingleDateWidget
    )
    starts_on = forms.DateField(
        label=_("履约开始"), required=False, widget=UnfoldAdminSingleDateWidget
    )
    ends_on = forms.DateField(
        label=_("履约结束"), required=False, widget=UnfoldAdminSingleDateWidget
    )


class ItemForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("清单"), choices=ContractItem.Kind.choices, widget=UnfoldAdminSelectWidget
    )
    content = forms.CharField(label=_("事项"), max_length=200, widget=UnfoldAdminTextInputWidget)
    responsible = forms.CharField(
        label=_("责任方"), max_length=50, required=False, widget=UnfoldAdminTextInputWidget
    )
    due_on = forms.DateField(label=_("完成时限"), widget=UnfoldAdminSingleDateWidget)


class EvaluationForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    score = forms.DecimalField(
        label=_("得分"), max_digits=5, decimal_places=1, widget=UnfoldAdminDecimalFieldWidget
    )
    grade = forms.ChoiceField(
        label=_("等次"),
        required=False,
        choices=[
            ("", _("按得分确定（90分以上优秀，80分以上良好，60分以上一般）")),
            *ContractEvaluation.Grade.choices,
        ],
        widget=UnfoldAdminSelectWidget,
    )
    evaluated_on = forms.DateField(label=_("评价日期"), widget=UnfoldAdminSingleDateWidget)
    comments = forms.CharField(
        label=_("评价意见"), required=False, widget=UnfoldAdminTextareaWidget
    )
    sent_to = forms.CharField(
        label=_("报送单位"),
        required=False,
        help_text=_("默认为驻区单位的上级主管单位"),
        widget=UnfoldAdminTextInputWidget,
    )
    sent_on = forms.DateField(
        label=_("报送日期"), required=False, widget=UnfoldAdminSingleDateWidget
    )


@register(CoBuildingContract, site=site)
class ContractAdmin(RequestFormMixin, CapabilityAdmin):
    form = ContractForm
    view_capability, change_capability = VIEW, CHANGE
    list_display = ["title", "year", "community", "unit", "step", "signed_on"]
    list_filter = ["year", "step"]
    search_fields = ["title", "unit__name", "community__name"]
    list_select_related = ["community", "unit"]
    inlines = [ItemInline, EvaluationInline]
    actions_list = ["health", "publication"]
    actions_detail = ["advance", "add_item", "evaluate"]

    def get_inlines(self, request, obj=None):
        # The history tables show under a saved record; the add form has none.
        return self.inlines if obj is not None else []

    def object_path(self, obj):
        return obj.community.path

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "community":
            field.queryset = field.queryset.filter(category__in=COMMUNITY_KINDS)
        return field

    def get_readonly_fields(self, request, obj=None):
        return (
            []
            if obj is None
            else [*ContractForm.Meta.fields, "step", "signed_on", "starts_on", "ends_on"]
        )

    def _contract(self, object_id):
        return get_scoped_or_404(
            CoBuildingContract.objects.select_related("community", "unit"), pk=object_id
        )

    def _back(self, contract):
        return reverse("admin:grassroots_cobuildingcontract_change", args=[contract.pk])

    @action(capability=CHANGE, description=_("进入下一环节"), url_path="advance", icon="skip_next")
    def advance(self, request, object_id):
        contract = self._contract(object_id)
        step = rules.next_step(contract.step)
        form = StepForm(request.POST or None)
        return form_action(
            self,
            request,
            obj=contract,
            form=form,
            call=lambda **d: services.contract_advance(
                actor=request.user, contract=contract, step=step or "", **d
            ),
            title=_("%(t)s：进入“%(s)s”") % {"t": contract.title, "s": step or _("无")},
            intro=_("环节：%(all)s。签约须填写签约日期；评约须先登记年度评价。")
            % {"all": "→".join(rules.contract_steps())},
            done=_("已进入下一环节"),
            success_url=self._back(contract),
        )

    @action(
        capability=CHANGE, description=_("增加清单事项"), url_path="add-item", icon="playlist_add"
    )
    def add_item(self, request, object_id):
        contract = self._contract(object_id)
        return form_action(
            self,
            request,
            obj=contract,
            form=ItemForm(request.POST or None),
            call=lambda **d: services.item_add(actor=request.user, contract=contract, **d),
            title=_("增加清单事项：%(t)s") % {"t": contract.title},
            done=_("已增加事项"),
            success_url=self._back(contract),
        )

    @action(capability=CHANGE, description=_("年度评约"), url_path="evaluate", icon="grading")
    def evaluate(self, request, object_id):
        contract = self._contract(object_id)
        form = EvaluationForm(
            request.POST or None, initial={"year": contract.year, "sent_to": contract.unit.superior}
        )
        return form_action(
            self,
            request,
            obj=contract,
            form=form,
            call=lambda **d: services.evaluation_record(actor=request.user, contract=contract, **d),
            title=_("年度评约：%(t)s") % {"t": contract.title},
            done=_("已登记年度评价"),
            success_url=self._back(contract),
        )

    @action(capability=VIEW, description=_("契约履约情况"), url_path="health", icon="monitor_heart")
    def health(self, request):
        download = download_requested(request, VIEW)
        data = selectors.contract_health(today())
        if download:
            return health_workbook(data["contracts"])
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("共建契约履约情况"),
            "rows": data["contracts"],
            "communities": data["communities"],
            "source": rules.CONTRACT_STEPS.source,
            "can_export": authz.holds(request, (VIEW, EXPORT)),
        }
        return TemplateResponse(request, "grassroots/admin/urban_health.html", context)

    @action(capability=VIEW, description=_("亮约公示"), url_path="publication", icon="campaign")
    def publication(self, request):
        community_id = request.GET.get("community")
        if not community_id:
            ids = CoBuildingContract.objects.values_list("community_id", flat=True).distinct()
            context = {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("亮约公示：选择社区"),
                "communities": Organization.objects.filter(pk__in=list(ids)).order_by("path"),
            }
            return TemplateResponse(
                request, "grassroots/admin/urban_publication_list.html", context
            )
        community = get_scoped_or_404(Organization, pk=community_id)
        context = {
            "title": _("%(c)s共建契约亮约公示") % {"c": community.name},
            "community": community,
            "contracts": selectors.publication(community, today()),
            "today": today(),
        }
        return TemplateResponse(request, "grassroots/admin/urban_publication.html", context)


def health_workbook(rows):
    lines = (
        (
            r["contract"].community.name,
            r["contract"].unit.name,
            r["contract"].title,
            r["contract"].step,
            r["health"].total,
            r["health"].due,
            r["health"].fulfilled,
            r["health"].overdue,
            r["health"].not_due,
            "；".join(f"{i.content}（{i.due_on:%Y-%m-%d}）" for i in r["overdue_items"]),
        )
        for r in rows
    )
    return xlsx_response(
        [
            _("社区"),
            _("驻区单位"),
            _("契约"),
            _("环节"),
            _("事项"),
            _("已到期"),
            _("已完成"),
            _("逾期"),
            _("未到期"),
            _("逾期事项"),
        ],
        [28, 24, 30, 8, 8, 8, 8, 8, 8, 60],
        lines,
        "共建契约履约情况.xlsx",
        _("履约情况"),
        what="grassroots.cobuilding_health",
        action=caps.GRASSROOTS_EXPORTED,
    )


class FulfilmentForm(forms.Form):
    done_on = forms.DateField(label=_("日期"), widget=UnfoldAdminSingleDateWidget)
    description = forms.CharField(label=_("履约情况"), widget=UnfoldAdminTextareaWidget)
    participants = forms.CharField(
        label=_("参与人员"), required=False, widget=UnfoldAdminTextInputWidget
    )
    completes = forms.BooleanField(label=_("事项已完成"), required=False)
    evidence = forms.FileField(
        label=_("佐证材料"), required=False, help_text=_("PDF、图片、Word或Excel，不超过20MB")
    )


class FulfilmentInline(ReadOnlyInline):
    model = Fulfilment
    fields = ["done_on", "description", "participants", "evidence", "completes"]


@register(ContractItem, site=site)
class ContractItemAdmin(CapabilityAdmin):
    view_capability, change_capability = VIEW, CHANGE
    add_allowed = False
    list_display = ["content", "kind", "contract", "due_on", "fulfilled_on"]
    list_filter = ["kind"]
    search_fields = ["content", "contract__title"]
    list_select_related = ["contract"]
    inlines = [FulfilmentInline]
    actions_detail = ["fulfil"]

    def object_path(self, obj):
        return obj.contract.community.path

    def get_readonly_fields(self, request, obj=None):
        return ["contract", "kind", "content", "responsible", "due_on", "fulfilled_on"]

    @action(capability=CHANGE, description=_("登记履约"), url_path="fulfil", icon="task_alt")
    def fulfil(self, request, object_id):
        item_obj = get_scoped_or_404(
            ContractItem.objects.select_related("contract__community"), pk=object_id
        )
        form = FulfilmentForm(request.POST or None, request.FILES or None)
        return form_action(
            self,
            request,
            obj=item_obj,
            form=form,
            call=lambda **d: services.fulfilment_record(actor=request.user, item=item_obj, **d),
            title=_("登记履约：%(c)s") % {"c": item_obj.content},
            done=_("已登记履约"),
            success_url=reverse("admin:grassroots_contractitem_change", args=[item_obj.pk]),
        )


class JointMeetingForm(ServiceForm):
    class Meta:
        model = JointMeeting
        fields = ["organization", "held_on", "topic", "attendees", "minutes"]

    def run_service(self, data):
        if self.instance.pk is not None:
            return self.instance
        return services.joint_meeting_record(actor=self.request.user, **data)


@register(JointMeeting, site=site)
class JointMeetingAdmin(RequestFormMixin, CapabilityAdmin):
    form = JointMeetingForm
    view_capability, change_capability = VIEW, CHANGE
    list_display = ["held_on", "level", "organization", "topic"]
    list_filter = ["level"]
    search_fields = ["topic", "organization__name"]
    list_select_related = ["organization"]

    def object_path(self, obj):
        return obj.organization.path

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else [*JointMeetingForm.Meta.fields, "level"]


def sidebar_urban() -> dict:
    return {
        "title": _("基层党建·城市共建与网格"),
        "items": [
            item(_("驻区单位"), "apartment", "admin:grassroots_residentunit_changelist", VIEW),
            item(
                _("共建契约"), "handshake", "admin:grassroots_cobuildingcontract_changelist", VIEW
            ),
            item(_("契约事项"), "checklist", "admin:grassroots_contractitem_changelist", VIEW),
            item(
                _("契约履约情况"),
                "monitor_heart",
                "admin:grassroots_cobuildingcontract_health",
                VIEW,
            ),
            item(
                _("亮约公示"), "campaign", "admin:grassroots_cobuildingcontract_publication", VIEW
            ),
            item(_("联席会议"), "groups", "admin:grassroots_jointmeeting_changelist", VIEW),
            item(_("网格"), "grid_view", "admin:grassroots_grid_changelist", VIEW),
            item(_("网格问题"), "report", "admin:grassroots_grid_findings", VIEW),
            item(_("在职党员报到"), "how_to_reg", "admin:grassroots_dualreport_changelist", VIEW),
            item(_("复报逾期"), "event_busy", "admin:grassroots_dualreport_overdue", VIEW),
            item(_("单位报到情况"), "domain", "admin:grassroots_dualreport_unit", VIEW),
            item(_("社区报到情况"), "home_work", "admin:grassroots_dualreport_community", VIEW),
            item(
                _("服务记录"),
                "volunteer_activism",
                "admin:grassroots_servicerecord_changelist",
                VIEW,
            ),
        ],
    }


register_sidebar_group(32, sidebar_urban)
