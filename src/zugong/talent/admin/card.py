"""Back office of the talent card (人才卡): the editable tables (services and tiers),
the cards with their steps (review, issue, renewal, change reports, loss and reissue,
dependants' cards) and their dependants, changes, requests and verifications shown
beneath. Service requests and the verification log are in card_requests; the pages
(expiring cards, figures by tier, overdue requests, verification) in card_pages. The
sidebar group (order 42) is in card_requests, after every admin is registered."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin import register
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from unfold.decorators import display
from unfold.widgets import (
    UnfoldAdminCheckboxSelectMultipleWidget,
    UnfoldAdminSelectWidget,
    UnfoldAdminSingleDateWidget,
    UnfoldAdminTextareaWidget,
    UnfoldAdminTextInputWidget,
    UnfoldBooleanSwitchWidget,
)

from zugong.core.admin.base import (
    CapabilityAdmin,
    ReadOnlyInline,
    RequestFormMixin,
    ServiceForm,
    action,
    form_action,
)
from zugong.core.admin.site import site
from zugong.core.models import Organization, OrgKind
from zugong.core.scope import get_scoped_or_404
from zugong.talent import capabilities as caps
from zugong.talent.admin import card_requests  # noqa: F401 - registers the rest and the sidebar
from zugong.talent.admin.card_pages import CardPages
from zugong.talent.models import (
    CardChange,
    CardStatus,
    CardTier,
    Entitlement,
    Relation,
    ServiceRequest,
    TalentCard,
    Verification,
)
from zugong.talent.services import card as services
from zugong.talent.services import card_tables
from zugong.talent.services import card_verify as verify

VIEW, CHANGE, MANAGE = caps.VIEW_TALENT, caps.CHANGE_TALENT, caps.MANAGE_CARDS


class EntitlementForm(ServiceForm):
    class Meta:
        model = Entitlement
        fields = ["code", "name", "handling_unit", "time_limit_days", "description"]

    def run_service(self, data):
        return card_tables.entitlement_save(
            actor=self.request.user,
            entitlement=self.instance if self.instance.pk else None,
            **data,
        )


@register(Entitlement, site=site)
class EntitlementAdmin(RequestFormMixin, CapabilityAdmin):
    form = EntitlementForm
    view_capability, change_capability = VIEW, caps.MANAGE_TABLES
    list_display = ["name", "handling_unit", "time_limit_days"]
    search_fields = ["code", "name", "handling_unit"]

    def get_fields(self, request, obj=None):
        # The internal code is for those who keep the table, not for its readers.
        fields = super().get_fields(request, obj)
        return (
            fields
            if self.has_change_permission(request, obj)
            else [f for f in fields if f != "code"]
        )


class TierForm(ServiceForm):
    class Meta:
        model = CardTier
        fields = ["code", "name", "order", "criteria", "entitlements", "dependant_cards", "source"]
        widgets = {"entitlements": UnfoldAdminCheckboxSelectMultipleWidget}

    def run_service(self, data):
        return card_tables.tier_save(
            actor=self.request.user, tier=self.instance if self.instance.pk else None, **data
        )


@register(CardTier, site=site)
class CardTierAdmin(RequestFormMixin, CapabilityAdmin):
    form = TierForm
    view_capability, change_capability = VIEW, caps.MANAGE_TABLES
    list_display = ["code", "name", "order", "dependant_cards", "services"]
    search_fields = ["code", "name"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("entitlements")

    @display(description=_("享受服务"))
    def services(self, obj):
        return "、".join(e.name for e in obj.entitlements.all())


class TownshipFilter(admin.SimpleListFilter):
    title = _("乡镇（街道）")
    parameter_name = "township"

    def lookups(self, request, model_admin):
        return [
            (o.pk, o.name)
            for o in Organization.objects.filter(kind=OrgKind.TOWNSHIP).order_by("path")
        ]

    def queryset(self, request, queryset):
        if self.value() and str(self.value()).isdigit():
            return queryset.filter(talent__township_id=self.value())
        return queryset


class CardApplyForm(ServiceForm):
    class Meta:
        model = TalentCard
        fields = ["talent", "tier", "reason", "contract_until"]

    def run_service(self, data):
        if self.instance.pk:
            return self.instance  # a card moves by its steps
        return services.card_apply(actor=self.request.user, **data)


class DependantInline(ReadOnlyInline):
    model = TalentCard
    fk_name = "holder_card"
    verbose_name = verbose_name_plural = _("家属附卡")
    fields = ["number", "dependant_name", "dependant_relation", "status", "valid_until"]


class ChangeInline(ReadOnlyInline):
    model = CardChange
    fields = [
        "changed_on",
        "reported_on",
        "item",
        "old_value",
        "new_value",
        "late",
        "still_eligible",
    ]


class RequestInline(ReadOnlyInline):
    model = ServiceRequest
    fields = ["entitlement", "submitted_on", "handling_unit", "due_on", "status", "handled_on"]


class VerificationInline(ReadOnlyInline):
    model = Verification
    fields = ["verified_at", "unit", "user", "result", "detail"]


class ReviewForm(forms.Form):
    approve = forms.BooleanField(
        label=_("审核通过"), required=False, widget=UnfoldBooleanSwitchWidget
    )
    opinion = forms.CharField(
        label=_("审核意见"),
        required=False,
        help_text=_("不通过时必须填写"),
        widget=UnfoldAdminTextareaWidget,
    )


class RenewForm(forms.Form):
    contract_until = forms.DateField(
        label=_("劳动（聘用）合同期满"),
        required=False,
        help_text=_("合同已续签的填写新的期满日期"),
        widget=UnfoldAdminSingleDateWidget,
    )


class ChangeForm(forms.Form):
    item = forms.CharField(label=_("变更事项"), max_length=50, widget=UnfoldAdminTextInputWidget)
    old_value = forms.CharField(
        label=_("原内容"), max_length=100, required=False, widget=UnfoldAdminTextInputWidget
    )
    new_value = forms.CharField(
        label=_("新内容"), max_length=100, widget=UnfoldAdminTextInputWidget
    )
    changed_on = forms.DateField(label=_("变更日期"), widget=UnfoldAdminSingleDateWidget)
    still_eligible = forms.BooleanField(
        label=_("仍符合持卡条件"),
        required=False,
        initial=True,
        help_text=_("不再符合条件的，人才卡即时失效"),
        widget=UnfoldBooleanSwitchWidget,
    )


class DependantForm(forms.Form):
    name = forms.CharField(label=_("家属姓名"), max_length=50, widget=UnfoldAdminTextInputWidget)
    relation = forms.ChoiceField(
        label=_("与持卡人关系"), choices=Relation.choices, widget=UnfoldAdminSelectWidget
    )


class ConfirmForm(forms.Form):
    pass


@register(TalentCard, site=site)
class TalentCardAdmin(RequestFormMixin, CardPages, CapabilityAdmin):
    form = CardApplyForm
    view_capability, change_capability = VIEW, CHANGE
    list_display = [
        "number_or_new",
        "holder",
        "tier",
        "township",
        "status",
        "applied_on",
        "valid_until",
    ]
    list_filter = ["status", "tier", TownshipFilter, "by_portal"]
    search_fields = [
        "number",
        "talent__person__name",
        "talent__name_pinyin",
        "talent__name_initials",
    ]
    list_select_related = ["talent__person", "talent__township", "tier"]
    autocomplete_fields = ["talent"]
    inlines = [DependantInline, ChangeInline, RequestInline, VerificationInline]
    actions_list = ["expiring", "figures", "verify_page"]
    actions_detail = [
        "review",
        "issue",
        "renew",
        "report_change",
        "report_loss",
        "reissue",
        "add_dependant",
    ]

    def get_queryset(self, request):
        # Dependants' cards are shown under their holder's card.
        return super().get_queryset(request).filter(holder_card__isnull=True)

    def object_path(self, obj):
        return obj.talent.township.path

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return [
            *CardApplyForm.Meta.fields,
            "status",
            "number",
            "applied_on",
            "by_portal",
            "reviewed_on",
            "review_opinion",
            "issued_on",
            "valid_until",
            "ended_on",
            "end_reason",
            "previous",
            "qr_code",
        ]

    @display(description=_("卡号"))
    def number_or_new(self, obj):
        return obj.number or _("（待发卡）")

    @display(description=_("持卡人"))
    def holder(self, obj):
        return obj.talent.person.name

    @display(description=_("乡镇（街道）"))
    def township(self, obj):
        return obj.talent.township.name

    @display(description=_("人才卡二维码"))
    def qr_code(self, obj):
        if obj.status != CardStatus.ISSUED or not obj.nonce:
            return "—"
        return verify.card_qr_svg(obj)

    def _card(self, object_id):
        return get_scoped_or_404(
            TalentCard.objects.select_related("talent__person", "talent__township", "tier"),
            pk=object_id,
            holder_card__isnull=True,
        )

    def _step(self, request, card, *, form, call, title, done, intro=""):
        return form_action(
            self,
            request,
            obj=card,
            form=form,
            call=call,
            title=title % {"c": card.number or card.talent.person.name},
            intro=intro,
            done=done,
            success_url=reverse("admin:talent_talentcard_change", args=[card.pk]),
        )

    @action(capability=MANAGE, description=_("审核"), url_path="review", icon="fact_check")
    def review(self, request, object_id):
        card = self._card(object_id)
        return self._step(
            request,
            card,
            form=ReviewForm(request.POST or None),
            call=lambda **d: services.card_review(actor=request.user, card=card, **d),
            title=_("审核人才卡申请：%(c)s"),
            done=_("已审核"),
        )

    @action(capability=MANAGE, description=_("发卡"), url_path="issue", icon="badge")
    def issue(self, request, object_id):
        card = self._card(object_id)
        return self._step(
            request,
            card,
            form=ConfirmForm(request.POST if request.method == "POST" else None),
            call=lambda **d: services.card_issue(actor=request.user, card=card),
            title=_("发放人才卡：%(c)s"),
            intro=_("发卡后生成卡号和二维码；有效期首次不超过5年，且不超过劳动（聘用）合同期。"),
            done=_("已发卡"),
        )

    @action(capability=MANAGE, description=_("续期"), url_path="renew", icon="update")
    def renew(self, request, object_id):
        card = self._card(object_id)
        return self._step(
            request,
            card,
            form=RenewForm(request.POST or None),
            call=lambda **d: services.card_renew(actor=request.user, card=card, **d),
            title=_("人才卡续期：%(c)s"),
            intro=_("有效期满前30天内办理续期。"),
            done=_("已续期"),
        )

    @action(
        capability=CHANGE, description=_("变更报告"), url_path="change-report", icon="edit_note"
    )
    def report_change(self, request, object_id):
        card = self._card(object_id)
        return self._step(
            request,
            card,
            form=ChangeForm(request.POST or None, initial={"still_eligible": True}),
            call=lambda **d: services.card_report_change(actor=request.user, card=card, **d),
            title=_("人才卡信息变更报告：%(c)s"),
            intro=_("工作单位等信息变更的，应在变更后10日内报告。"),
            done=_("已登记变更报告"),
        )

    @action(capability=CHANGE, description=_("挂失"), url_path="loss", icon="report")
    def report_loss(self, request, object_id):
        card = self._card(object_id)
        return self._step(
            request,
            card,
            form=ConfirmForm(request.POST if request.method == "POST" else None),
            call=lambda **d: services.card_report_loss(actor=request.user, card=card),
            title=_("人才卡挂失：%(c)s"),
            intro=_("挂失后原卡二维码立即失效。"),
            done=_("已挂失"),
        )

    @action(capability=MANAGE, description=_("补办"), url_path="reissue", icon="autorenew")
    def reissue(self, request, object_id):
        card = self._card(object_id)
        done = {}

        def call(**d):
            done["new"] = services.card_reissue(actor=request.user, card=card)

        response = self._step(
            request,
            card,
            form=ConfirmForm(request.POST if request.method == "POST" else None),
            call=call,
            title=_("挂失补办：%(c)s"),
            intro=_("补办新卡：新卡号、新二维码，有效期与原卡相同。"),
            done=_("已补办新卡"),
        )
        if "new" in done:
            response["Location"] = reverse("admin:talent_talentcard_change", args=[done["new"].pk])
        return response

    @action(
        capability=MANAGE,
        description=_("办理家属附卡"),
        url_path="dependant",
        icon="family_restroom",
    )
    def add_dependant(self, request, object_id):
        card = self._card(object_id)
        return self._step(
            request,
            card,
            form=DependantForm(request.POST or None),
            call=lambda **d: services.card_add_dependant(actor=request.user, card=card, **d),
            title=_("办理家属附卡：%(c)s"),
            intro=_("配偶、未成年子女和父母可办理附卡（限可办附卡的类别）。"),
            done=_("已办理家属附卡"),
        )
