from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.admin import register
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from unfold.widgets import (
    UnfoldAdminSelectWidget,
    UnfoldAdminSingleDateWidget,
    UnfoldAdminTextareaWidget,
)

from zugong.core.admin.base import (
    CapabilityAdmin,
    RequestFormMixin,
    ServiceForm,
    action,
    form_action,
)
from zugong.core.admin.site import site
from zugong.core.scope import get_scoped_or_404
from zugong.party import capabilities as caps
from zugong.party import selectors
from zugong.party.models import (
    Honour,
    MajorMatterReport,
    StudyRecord,
    Visit,
)
from zugong.party.services import records as record_services


class StudyForm(ServiceForm):
    class Meta:
        model = StudyRecord
        fields = ["person", "kind", "title", "organizer", "started_on", "ended_on", "hours"]

    def run_service(self, data):
        return record_services.study_record(actor=self.request.user, **data)


@register(StudyRecord, site=site)
class StudyRecordAdmin(RequestFormMixin, CapabilityAdmin):
    form = StudyForm
    view_capability = caps.VIEW_MEMBER
    change_capability = caps.CHANGE_MEMBER
    list_display = ["person", "kind", "title", "started_on", "ended_on", "hours"]
    list_filter = ["kind"]
    search_fields = ["person__name", "title"]
    autocomplete_fields = ["person"]
    date_hierarchy = "started_on"
    actions_list = ["totals"]

    def object_path(self, obj):
        return obj.person.organization.path

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    @action(
        capability=caps.VIEW_MEMBER, description=_("学时统计"), url_path="totals", icon="summarize"
    )
    def totals(self, request):
        try:
            year = int(request.GET.get("year") or dt.date.today().year)
        except ValueError:
            year = dt.date.today().year
        rows = selectors.study_totals(year)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "organizations": selectors.study_totals_by_organization(year)[:2000],
            "rows": rows[:2000],
            "year": year,
            "title": _("%(y)d年学习培训学时统计") % {"y": year},
        }
        return TemplateResponse(request, "party/admin/study_totals.html", context)


class HonourForm(ServiceForm):
    class Meta:
        model = Honour
        fields = [
            "kind",
            "year",
            "person",
            "organization",
            "awarded_by",
            "document_no",
            "awarded_on",
        ]

    def run_service(self, data):
        return record_services.honour_award(actor=self.request.user, **data)


@register(Honour, site=site)
class HonourAdmin(RequestFormMixin, CapabilityAdmin):
    form = HonourForm
    view_capability = caps.VIEW_MEMBER
    change_capability = caps.CHANGE_MEMBER
    list_display = ["year", "kind", "person", "organization", "awarded_by", "document_no"]
    list_filter = ["kind", "year"]
    search_fields = ["person__name", "organization__name"]
    autocomplete_fields = ["person", "organization"]

    def object_path(self, obj):
        return (obj.organization or obj.person.organization).path

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)


class VisitForm(ServiceForm):
    class Meta:
        model = Visit
        fields = ["person", "visitors", "visited_on", "reason", "amount", "goods", "note"]

    def run_service(self, data):
        return record_services.visit_record(actor=self.request.user, **data)


@register(Visit, site=site)
class VisitAdmin(RequestFormMixin, CapabilityAdmin):
    form = VisitForm
    view_capability = caps.VIEW_MEMBER
    change_capability = caps.CHANGE_MEMBER
    list_display = ["person", "visited_on", "reason", "visitors", "amount", "goods"]
    list_filter = ["reason"]
    search_fields = ["person__name", "visitors"]
    autocomplete_fields = ["person"]
    date_hierarchy = "visited_on"

    def object_path(self, obj):
        return obj.person.organization.path

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)


class MajorMatterForm(ServiceForm):
    class Meta:
        model = MajorMatterReport
        fields = ["organization", "kind", "title", "content", "submitted_on"]

    def run_service(self, data):
        return record_services.major_matter_submit(actor=self.request.user, **data)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审核结果"),
        widget=UnfoldAdminSelectWidget,
        choices=[
            ("approved", _("同意（请示）")),
            ("acknowledged", _("阅知（报告）")),
            ("returned", _("退回")),
        ],
    )
    comments = forms.CharField(
        label=_("审核意见"), required=False, widget=UnfoldAdminTextareaWidget(attrs={"rows": 3})
    )
    reviewed_on = forms.DateField(
        label=_("审核日期"), initial=dt.date.today, widget=UnfoldAdminSingleDateWidget
    )


@register(MajorMatterReport, site=site)
class MajorMatterAdmin(RequestFormMixin, CapabilityAdmin):
    form = MajorMatterForm
    view_capability = caps.VIEW_MEMBER
    change_capability = caps.CHANGE_MEMBER
    list_display = ["title", "kind", "organization", "reviewer", "submitted_on", "due_on", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "organization__name"]
    autocomplete_fields = ["organization"]
    actions_detail = ["review"]

    def object_path(self, obj):
        return obj.organization.path

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return super().has_view_permission(request)
        # The submitting and the reviewing organization both see it.
        return any(
            request.access.has(caps.VIEW_MEMBER, org.path)
            for org in (obj.organization, obj.reviewer)
        )

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        return (
            [
                "organization",
                "reviewer",
                "kind",
                "title",
                "content",
                "submitted_on",
                "due_on",
                "status",
                "comments",
                "reviewed_on",
            ]
            if obj
            else []
        )

    def get_fields(self, request, obj=None):
        return self.get_readonly_fields(request, obj) if obj else super().get_fields(request, obj)

    @action(
        capability=caps.CHANGE_MEMBER, description=_("审核"), url_path="review", icon="rate_review"
    )
    def review(self, request, object_id):
        report = get_scoped_or_404(
            MajorMatterReport.objects.select_related("organization", "reviewer"), pk=object_id
        )
        return form_action(
            self,
            request,
            obj=report,
            form=ReviewForm(request.POST or None),
            call=lambda **data: record_services.major_matter_review(
                actor=request.user, report=report, **data
            ),
            title=_("审核：%(t)s") % {"t": report.title},
            done=_("已审核"),
            success_url=reverse("admin:party_majormatterreport_change", args=[report.pk]),
        )
