"""Supervision records (only for roles allowed to see them; every view audited),
clearances and rectification tasks."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.admin import register
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from unfold.decorators import display
from unfold.widgets import (
    UnfoldAdminSelectWidget,
    UnfoldAdminSingleDateWidget,
    UnfoldAdminTextareaWidget,
    UnfoldAdminTextInputWidget,
)

from zugong.cadres import capabilities as caps
from zugong.cadres import selectors
from zugong.cadres.admin.base import table_page
from zugong.cadres.models import Clearance, Rectification, SupervisionRecord
from zugong.cadres.services import supervision as services
from zugong.core.admin.base import (
    CapabilityAdmin,
    RequestFormMixin,
    ServiceForm,
    action,
    form_action,
)
from zugong.core.admin.site import site
from zugong.core.scope import get_scoped_or_404


class SupervisionForm(ServiceForm):
    class Meta:
        model = SupervisionRecord
        fields = [
            "cadre",
            "kind",
            "measure",
            "issue",
            "decided_on",
            "decided_by",
            "document",
            "letter_received_on",
            "outcome",
            "attachment",
        ]

    def run_service(self, data):
        return services.supervision_record(
            actor=self.request.user, cadre=data["cadre"], data=dict(data)
        )


class ReplyForm(forms.Form):
    replied_on = forms.DateField(
        label=_("回复日期"), required=False, widget=UnfoldAdminSingleDateWidget
    )
    outcome = forms.CharField(
        label=_("办理结果"), required=False, widget=UnfoldAdminTextareaWidget(attrs={"rows": 3})
    )
    status = forms.ChoiceField(
        label=_("状态"), choices=SupervisionRecord.Status.choices, widget=UnfoldAdminSelectWidget
    )


class ClearanceForm(forms.Form):
    finding = forms.ChoiceField(
        label=_("核查结论"), choices=Clearance.Finding.choices, widget=UnfoldAdminSelectWidget
    )
    initiated_by = forms.ChoiceField(
        label=_("启动方式"), choices=Clearance.Initiator.choices, widget=UnfoldAdminSelectWidget
    )
    form = forms.ChoiceField(
        label=_("澄清方式"), choices=Clearance.Form.choices, widget=UnfoldAdminSelectWidget
    )
    scope_text = forms.CharField(label=_("澄清范围"), widget=UnfoldAdminTextInputWidget)
    cleared_on = forms.DateField(
        label=_("澄清日期"), initial=dt.date.today, widget=UnfoldAdminSingleDateWidget
    )
    note = forms.CharField(
        label=_("澄清内容"), required=False, widget=UnfoldAdminTextareaWidget(attrs={"rows": 3})
    )


@register(SupervisionRecord, site=site)
class SupervisionAdmin(RequestFormMixin, CapabilityAdmin):
    form = SupervisionForm
    view_capability = caps.VIEW_SUPERVISION
    change_capability = caps.CHANGE_SUPERVISION
    list_display = ["cadre", "kind", "measure", "decided_on", "reply_due", "replied_on", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["cadre__person__name"]
    autocomplete_fields = ["cadre"]
    list_select_related = ["cadre__person"]
    date_hierarchy = "decided_on"
    actions_list = ["overdue"]
    actions_detail = ["reply", "clear", "download"]

    def object_path(self, obj):
        return obj.cadre.unit.path

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        # Files are not served from storage directly: the detail action downloads them.
        return [f for f in SupervisionForm.Meta.fields if f != "attachment"] + [
            "attachment_name",
            "reply_due",
            "replied_on",
            "status",
        ]

    def get_fields(self, request, obj=None):
        if obj is None:
            return SupervisionForm.Meta.fields
        return self.get_readonly_fields(request, obj)

    @display(description=_("附件"))
    def attachment_name(self, obj):
        return obj.attachment.name.rsplit("/", 1)[-1] if obj.attachment else "—"

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        if request.method == "GET" and hasattr(response, "context_data"):
            from zugong.core import audit

            audit.log_action(
                caps.SUPERVISION_VIEWED,
                actor=request.user,
                extra={"list": request.GET.urlencode()[:200]},
            )
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        record = get_scoped_or_404(
            SupervisionRecord.objects.select_related("cadre__unit"), pk=object_id
        )
        if request.method == "GET" and self.has_view_permission(request, record):
            services.supervision_view(actor=request.user, record=record)
        return super().change_view(request, object_id, form_url, extra_context)

    def _record(self, request, object_id):
        record = get_scoped_or_404(
            SupervisionRecord.objects.select_related("cadre__person", "cadre__unit"), pk=object_id
        )
        if not request.access.has(caps.CHANGE_SUPERVISION, record.cadre.unit.path):
            raise Http404
        return record

    @action(
        capability=caps.CHANGE_SUPERVISION,
        description=_("回复与办结"),
        url_path="reply",
        icon="reply",
    )
    def reply(self, request, object_id):
        record = self._record(request, object_id)
        return form_action(
            self,
            request,
            obj=record,
            form=ReplyForm(request.POST or None, initial={"status": record.status}),
            call=lambda **data: services.supervision_update(
                actor=request.user, record=record, **data
            ),
            title=_("回复与办结：%(n)s") % {"n": record.cadre.person.name},
            done=_("已保存"),
            success_url=reverse("admin:cadres_supervisionrecord_change", args=[record.pk]),
            intro=_("函询应回复日期：%(d)s") % {"d": record.reply_due or "—"},
        )

    @action(
        capability=caps.CHANGE_SUPERVISION,
        description=_("澄清正名"),
        url_path="clear",
        icon="verified",
    )
    def clear(self, request, object_id):
        record = self._record(request, object_id)
        return form_action(
            self,
            request,
            obj=record,
            form=ClearanceForm(request.POST or None),
            call=lambda **data: services.clearance_record(
                actor=request.user, record=record, data=data
            ),
            title=_("澄清正名：%(n)s") % {"n": record.cadre.person.name},
            done=_("已登记澄清正名"),
            success_url=reverse("admin:cadres_supervisionrecord_change", args=[record.pk]),
            intro=_(
                "只有经核查反映严重失实、失实或诬告陷害的，才能澄清正名；查无实据但不能排除的不属于澄清范围。澄清后该事项不再影响提拔。"
            ),
        )

    @action(
        capability=caps.VIEW_SUPERVISION,
        description=_("下载附件"),
        url_path="attachment",
        icon="attach_file",
    )
    def download(self, request, object_id):
        record = get_scoped_or_404(
            SupervisionRecord.objects.select_related("cadre__unit"), pk=object_id
        )
        if not self.has_view_permission(request, record):
            raise Http404
        if not record.attachment:
            messages.error(request, _("该记录没有附件"))
            return redirect(reverse("admin:cadres_supervisionrecord_change", args=[record.pk]))
        services.supervision_view(actor=request.user, record=record)  # authorized and audited
        return FileResponse(
            record.attachment.open("rb"),
            as_attachment=True,
            filename=record.attachment.name.rsplit("/", 1)[-1],
        )

    @action(
        capability=caps.VIEW_SUPERVISION,
        description=_("逾期未回复的函询"),
        url_path="overdue",
        icon="schedule",
    )
    def overdue(self, request):
        rows = [
            {
                "url": reverse("admin:cadres_supervisionrecord_change", args=[r.pk]),
                "cells": [r.cadre.person.name, r.issue, r.letter_received_on, r.reply_due],
            }
            for r in selectors.overdue_inquiries()
        ]
        return table_page(
            self,
            request,
            _("逾期未回复的函询"),
            [_("被函询人"), _("反映问题"), _("收到函件日期"), _("应回复日期")],
            rows,
            sources=[services.INQUIRY_REPLY_DAYS.source],
        )


@register(Clearance, site=site)
class ClearanceAdmin(CapabilityAdmin):
    view_capability = caps.VIEW_SUPERVISION
    change_capability = ""
    add_allowed = False
    list_display = ["record", "finding", "initiated_by", "form", "scope_text", "cleared_on"]
    list_select_related = ["record__cadre__person"]
    readonly_fields = [
        "record",
        "finding",
        "initiated_by",
        "form",
        "scope_text",
        "cleared_on",
        "note",
    ]

    def object_path(self, obj):
        return obj.record.cadre.unit.path


class RectificationForm(ServiceForm):
    class Meta:
        model = Rectification
        fields = [
            "source",
            "round_name",
            "finding",
            "responsible_unit",
            "responsible_person",
            "measures",
            "deadline",
            "status",
            "completed_on",
            "progress",
        ]

    def run_service(self, data):
        task = self.instance
        if task.pk:
            task = Rectification.objects.select_related("responsible_unit").get(pk=task.pk)
        return services.rectification_save(actor=self.request.user, task=task, data=dict(data))


@register(Rectification, site=site)
class RectificationAdmin(RequestFormMixin, CapabilityAdmin):
    form = RectificationForm
    view_capability = caps.VIEW_SUPERVISION
    change_capability = caps.CHANGE_SUPERVISION
    list_display = [
        "finding_short",
        "source",
        "round_name",
        "responsible_unit",
        "deadline",
        "status",
    ]
    list_filter = ["source", "status"]
    search_fields = ["finding", "round_name", "responsible_unit__name"]
    autocomplete_fields = ["responsible_unit"]
    list_select_related = ["responsible_unit"]
    actions_list = ["overdue"]

    def object_path(self, obj):
        return obj.responsible_unit.path

    @display(description=_("反馈问题"))
    def finding_short(self, obj):
        return obj.finding[:40]

    @action(
        capability=caps.VIEW_SUPERVISION,
        description=_("逾期未完成的整改"),
        url_path="overdue",
        icon="running_with_errors",
    )
    def overdue(self, request):
        today = dt.date.today()
        rows = [
            {
                "url": reverse("admin:cadres_rectification_change", args=[t.pk]),
                "cells": [
                    t.finding[:60],
                    t.get_source_display(),
                    t.responsible_unit.name,
                    t.responsible_person,
                    t.deadline,
                    _("逾期%(n)d天") % {"n": (today - t.deadline).days},
                ],
            }
            for t in selectors.overdue_rectifications(today)
        ]
        return table_page(
            self,
            request,
            _("逾期未完成的巡视巡察整改"),
            [_("反馈问题"), _("来源"), _("责任单位"), _("责任人"), _("整改时限"), _("逾期")],
            rows,
        )
