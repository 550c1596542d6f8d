"""Back office of the card's service requests (人才服务事项: submitted for a card, handled
by the handling unit) and of the verification log; and the sidebar group 人才工作·人才卡与
服务 (order 42)."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin import register
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from unfold.decorators import display
from unfold.widgets import UnfoldAdminTextareaWidget

from zugong.core.admin.base import (
    CapabilityAdmin,
    RequestFormMixin,
    ServiceForm,
    action,
    form_action,
)
from zugong.core.admin.site import item, register_sidebar_group, site
from zugong.core.scope import get_scoped_or_404
from zugong.talent import capabilities as caps
from zugong.talent.admin.card_pages import RequestPages
from zugong.talent.models import ServiceRequest, Verification
from zugong.talent.services import card_requests as services

VIEW, CHANGE, HANDLE = caps.VIEW_TALENT, caps.CHANGE_TALENT, caps.HANDLE_SERVICES


class SubmitForm(ServiceForm):
    class Meta:
        model = ServiceRequest
        fields = ["card", "entitlement", "content"]

    def run_service(self, data):
        if self.instance.pk:
            return self.instance  # a request moves by its handling steps
        return services.service_request_submit(actor=self.request.user, **data)


class ResultForm(forms.Form):
    result = forms.CharField(label=_("办理结果"), widget=UnfoldAdminTextareaWidget)


class AcceptForm(forms.Form):
    result = forms.CharField(label=_("受理意见"), required=False, widget=UnfoldAdminTextareaWidget)


@register(ServiceRequest, site=site)
class ServiceRequestAdmin(RequestFormMixin, RequestPages, CapabilityAdmin):
    form = SubmitForm
    view_capability, change_capability = VIEW, CHANGE
    list_display = [
        "entitlement",
        "holder",
        "handling_unit",
        "submitted_on",
        "due_on",
        "status",
        "handled_on",
    ]
    list_filter = ["status", "entitlement", "handling_unit", "by_portal"]
    search_fields = ["card__number", "card__talent__person__name", "content"]
    list_select_related = ["card__talent__person", "card__talent__township", "entitlement"]
    autocomplete_fields = ["card"]
    actions_list = ["overdue"]
    actions_detail = ["accept", "complete", "reject"]

    def object_path(self, obj):
        return obj.card.talent.township.path

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return [
            *SubmitForm.Meta.fields,
            "submitted_on",
            "by_portal",
            "handling_unit",
            "due_on",
            "status",
            "handled_on",
            "result",
        ]

    @display(description=_("持卡人"))
    def holder(self, obj):
        return obj.card.talent.person.name

    def _step(self, request, object_id, *, form_class, service, title, done):
        obj = get_scoped_or_404(
            ServiceRequest.objects.select_related("card__talent__township", "entitlement"),
            pk=object_id,
        )
        return form_action(
            self,
            request,
            obj=obj,
            form=form_class(request.POST or None),
            call=lambda **d: service(actor=request.user, request=obj, **d),
            title=title % {"e": obj.entitlement.name, "n": obj.card.talent.person.name},
            intro=_("承办单位：%(u)s；办理期限：%(d)s")
            % {"u": obj.handling_unit, "d": obj.due_on.isoformat()},
            done=done,
            success_url=reverse("admin:talent_servicerequest_change", args=[obj.pk]),
        )

    @action(capability=HANDLE, description=_("受理"), url_path="accept", icon="inbox")
    def accept(self, request, object_id):
        return self._step(
            request,
            object_id,
            form_class=AcceptForm,
            service=services.service_request_accept,
            title=_("受理：%(n)s的%(e)s"),
            done=_("已受理"),
        )

    @action(capability=HANDLE, description=_("办结"), url_path="complete", icon="task_alt")
    def complete(self, request, object_id):
        return self._step(
            request,
            object_id,
            form_class=ResultForm,
            service=services.service_request_complete,
            title=_("办结：%(n)s的%(e)s"),
            done=_("已办结"),
        )

    @action(capability=HANDLE, description=_("不予办理"), url_path="reject", icon="block")
    def reject(self, request, object_id):
        return self._step(
            request,
            object_id,
            form_class=ResultForm,
            service=services.service_request_reject,
            title=_("不予办理：%(n)s的%(e)s"),
            done=_("已记录不予办理"),
        )


class ResultFilter(admin.SimpleListFilter):
    title, parameter_name = _("结果"), "result"

    def lookups(self, request, model_admin):
        from zugong.talent.services.card_verify import RESULT_LABELS

        return [(code, label) for code, label in RESULT_LABELS.items()]

    def queryset(self, request, queryset):
        return queryset.filter(result=self.value()) if self.value() else queryset


@register(Verification, site=site)
class VerificationAdmin(CapabilityAdmin):
    view_capability = caps.VERIFY_CARD
    add_allowed = False
    list_display = ["verified_at", "card", "unit", "user", "result_label", "detail"]
    list_filter = [ResultFilter]
    search_fields = ["card__number", "unit"]
    list_select_related = ["card", "user"]

    def object_path(self, obj):
        return obj.card.talent.township.path if obj.card_id else None

    def get_readonly_fields(self, request, obj=None):
        return ["verified_at", "card", "unit", "user", "result_label", "detail"]

    def get_fields(self, request, obj=None):
        return self.get_readonly_fields(request, obj)

    @display(description=_("结果"))
    def result_label(self, obj):
        from zugong.talent.services.card_verify import RESULT_LABELS

        return RESULT_LABELS.get(obj.result, obj.result)


def sidebar_card() -> dict:
    return {
        "title": _("人才工作·人才卡与服务"),
        "items": [
            item(_("人才卡"), "badge", "admin:talent_talentcard_changelist", VIEW),
            item(_("即将到期"), "alarm", "admin:talent_talentcard_expiring", VIEW),
            item(_("分类统计"), "bar_chart", "admin:talent_talentcard_figures", VIEW),
            item(
                _("服务事项办理"), "support_agent", "admin:talent_servicerequest_changelist", VIEW
            ),
            item(_("逾期未办结"), "event_busy", "admin:talent_servicerequest_overdue", VIEW),
            item(
                _("核验人才卡"),
                "qr_code_scanner",
                "admin:talent_talentcard_verify_page",
                caps.VERIFY_CARD,
            ),
            item(
                _("核验记录"), "history", "admin:talent_verification_changelist", caps.VERIFY_CARD
            ),
            item(_("人才卡类别"), "category", "admin:talent_cardtier_changelist", VIEW),
            item(_("服务事项"), "list_alt", "admin:talent_entitlement_changelist", VIEW),
        ],
    }


register_sidebar_group(42, sidebar_card)
