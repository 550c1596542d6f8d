"""Back office of in-service members reporting to their residence community (双报到):
reports, re-reports, service records, the overdue re-report list, a unit's page and a
community's page."""

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
from zugong.core.admin.site import site
from zugong.core.capabilities import EXPORT
from zugong.core.exports import download_requested, xlsx_response
from zugong.core.models import Organization, OrgCategory, Person
from zugong.core.scope import get_scoped_or_404
from zugong.grassroots import capabilities as caps
from zugong.grassroots.models.urban import DualReport, ServiceRecord
from zugong.grassroots.rules import urban as rules
from zugong.grassroots.selectors import urban as selectors
from zugong.grassroots.services import urban_dual as services
from zugong.grassroots.services.urban_grids import PARTY_STATUSES

VIEW, WORK = caps.VIEW_GRASSROOTS, caps.CHANGE_BRANCH_WORK
CATEGORIES = rules.SERVICE_CATEGORIES.value
CATEGORY_LABELS = dict(CATEGORIES)


def parse_date(value, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(value) if value else default
    except ValueError:
        return default


def parse_year(value, default: int) -> int:
    try:
        year = int(value or default)
    except ValueError:
        return default
    return year if 2000 <= year <= default + 1 else default


class ReportForm(ServiceForm):
    category = forms.ChoiceField(
        label=_("服务岗位类别"), choices=CATEGORIES, widget=UnfoldAdminSelectWidget
    )

    class Meta:
        model = DualReport
        fields = ["person", "community", "grid", "reported_on", "skills", "category"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "person" in self.fields:
            self.fields["person"].queryset = Person.objects.filter(
                organization__category__in=rules.DUAL_REPORT_KINDS.value,
                political_status__in=PARTY_STATUSES,
            ).order_by("organization__path", "name")
        if "community" in self.fields:
            self.fields["community"].queryset = Organization.objects.filter(
                category=OrgCategory.COMMUNITY
            ).order_by("path")

    def run_service(self, data):
        if self.instance.pk is not None:
            return self.instance  # changed by re-reporting
        return services.report_create(actor=self.request.user, **data)


def category_name(obj):
    return CATEGORY_LABELS.get(obj.category, obj.category)


category_name.short_description = _("服务类别")


class ServiceInline(ReadOnlyInline):
    model = ServiceRecord
    fields = ["served_on", "hours", category_name, "content", "confirmed_by"]

    def get_readonly_fields(self, request, obj=None):
        return self.fields


class ConfirmForm(forms.Form):
    confirmed_on = forms.DateField(label=_("复报日期"), widget=UnfoldAdminSingleDateWidget)
    skills = forms.CharField(label=_("特长"), required=False, widget=UnfoldAdminTextInputWidget)


class ServiceRecordForm(forms.Form):
    served_on = forms.DateField(label=_("服务日期"), widget=UnfoldAdminSingleDateWidget)
    hours = forms.DecimalField(
        label=_("时长（小时）"),
        max_digits=5,
        decimal_places=1,
        widget=UnfoldAdminDecimalFieldWidget,
    )
    category = forms.ChoiceField(
        label=_("服务类别"), choices=CATEGORIES, widget=UnfoldAdminSelectWidget
    )
    content = forms.CharField(
        label=_("服务内容"), max_length=200, widget=UnfoldAdminTextInputWidget
    )
    confirmed_by = forms.CharField(
        label=_("社区确认人"), required=False, max_length=50, widget=UnfoldAdminTextInputWidget
    )


# A saved report or service record is changed only through its buttons (复报, 登记服务记录):
# every field is read-only there, so the form's save buttons would save nothing.
NO_SAVE = {"show_save": False, "show_save_and_continue": False, "show_save_and_add_another": False}


class ReadOnlyChangeView:
    def change_view(self, request, object_id, form_url="", extra_context=None):
        return super().change_view(
            request, object_id, form_url, {**NO_SAVE, **(extra_context or {})}
        )


@register(DualReport, site=site)
class DualReportAdmin(ReadOnlyChangeView, RequestFormMixin, CapabilityAdmin):
    form = ReportForm
    view_capability, change_capability = VIEW, WORK
    list_display = [
        "person",
        "unit",
        "community",
        "grid",
        "reported_on",
        "confirmed_on",
        "category_name",
        "status",
    ]
    list_filter = ["status"]
    search_fields = ["person__name", "community__name", "unit__name"]
    list_select_related = ["person", "unit", "community", "grid"]
    inlines = [ServiceInline]
    actions_list = ["overdue", "unit", "community"]
    actions_detail = ["confirm", "add_service"]

    def get_inlines(self, request, obj=None):
        # The history tables show under a saved record; the add form has none.
        return self.inlines if obj is not None else []

    def category_name(self, obj):
        return CATEGORY_LABELS.get(obj.category, obj.category)

    category_name.short_description = _("服务岗位类别")

    def object_path(self, obj):
        # Either side: the unit's path is checked first, then the community's.
        return obj.unit.path

    def _has(self, request, capability, obj=None):
        if obj is None or not capability:
            return super()._has(request, capability, obj)
        return authz.holds(request, capability, obj.unit.path) or authz.holds(
            request, capability, obj.community.path
        )

    def get_actions_detail(self, request, object_id):
        # Either side may act: offered where the capability is held at the member's
        # unit or at the community (core's check looks at one path only).
        report = (
            self.get_queryset(request)
            .filter(pk=object_id)
            .select_related("unit", "community")
            .first()
        )
        if report is None:
            return []
        offered = super(CapabilityAdmin, self).get_actions_detail(request, object_id)
        return [
            a
            for a in offered
            if getattr(a.method, "zugong_requirement", None) is None
            or authz.holds(request, a.method.zugong_requirement, report.unit.path)
            or authz.holds(request, a.method.zugong_requirement, report.community.path)
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        fields = [f for f in ReportForm.Meta.fields if f != "category"]
        return [*fields, "category_name", "unit", "confirmed_on", "status"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ReportForm.Meta.fields
        return self.get_readonly_fields(request, obj)

    def _report(self, object_id):
        return get_scoped_or_404(
            DualReport.objects.select_related("person", "unit", "community"), pk=object_id
        )

    def _back(self, report):
        return reverse("admin:grassroots_dualreport_change", args=[report.pk])

    @action(capability=WORK, description=_("复报"), url_path="confirm", icon="event_repeat")
    def confirm(self, request, object_id):
        report = self._report(object_id)
        return form_action(
            self,
            request,
            obj=report,
            form=ConfirmForm(request.POST or None, initial={"skills": report.skills}),
            call=lambda **d: services.report_confirm(actor=request.user, report=report, **d),
            title=_("复报：%(n)s") % {"n": report.person.name},
            intro=_("每%(m)d个月复报一次。") % {"m": rules.rereport_months()},
            done=_("已登记复报"),
            success_url=self._back(report),
        )

    @action(
        capability=WORK,
        description=_("登记服务记录"),
        url_path="add-service",
        icon="volunteer_activism",
    )
    def add_service(self, request, object_id):
        report = self._report(object_id)
        return form_action(
            self,
            request,
            obj=report,
            form=ServiceRecordForm(request.POST or None, initial={"category": report.category}),
            call=lambda **d: services.service_record(actor=request.user, report=report, **d),
            title=_("登记服务记录：%(n)s") % {"n": report.person.name},
            done=_("已登记服务记录"),
            success_url=self._back(report),
        )

    def _page(self, request, template, title, **extra):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            **extra,
        }
        return TemplateResponse(request, template, context)

    @action(capability=VIEW, description=_("复报逾期"), url_path="overdue", icon="event_busy")
    def overdue(self, request):
        today = dt.date.today()
        return self._page(
            request,
            "grassroots/admin/urban_overdue.html",
            _("复报逾期的在职党员"),
            rows=selectors.rereport_overdue(today),
            months=rules.rereport_months(),
            source=rules.DUAL_REPORT_REREPORT_MONTHS.source,
        )

    @action(capability=VIEW, description=_("单位报到情况"), url_path="unit", icon="domain")
    def unit(self, request):
        download = download_requested(request, VIEW)
        today = dt.date.today()
        deadline = parse_date(request.GET.get("deadline"), today)
        year = parse_year(request.GET.get("year"), today.year)
        units = Organization.objects.filter(category__in=rules.DUAL_REPORT_KINDS.value).order_by(
            "path"
        )[:500]
        unit_id = request.GET.get("unit")
        unit = get_scoped_or_404(Organization, pk=unit_id) if unit_id else None
        data = selectors.unit_page(unit, deadline, year, today) if unit else None
        if download and data is not None:
            return unit_workbook(unit, data, deadline, year)
        return self._page(
            request,
            "grassroots/admin/urban_unit.html",
            _("单位在职党员报到情况"),
            units=units,
            unit=unit,
            data=data,
            deadline=deadline,
            year=year,
            can_export=authz.holds(request, (VIEW, EXPORT)),
        )

    @action(capability=VIEW, description=_("社区报到情况"), url_path="community", icon="home_work")
    def community(self, request):
        today = dt.date.today()
        year = parse_year(request.GET.get("year"), today.year)
        communities = Organization.objects.filter(category=OrgCategory.COMMUNITY).order_by("path")[
            :500
        ]
        community_id = request.GET.get("community")
        community = get_scoped_or_404(Organization, pk=community_id) if community_id else None
        data = selectors.community_page(community, year, today) if community else None
        return self._page(
            request,
            "grassroots/admin/urban_community.html",
            _("社区在职党员报到情况"),
            communities=communities,
            community=community,
            data=data,
            year=year,
        )


def unit_workbook(unit, data, deadline, year):
    lines = (
        (
            r["person"].name,
            r["person"].organization.name,
            str(_("已报到")) if r["reported"] else str(_("未报到")),
            r["report"].community.name if r["report"] else "",
            r["report"].reported_on.isoformat() if r["report"] else "",
            float(r["hours"]),
            float(r["short"]),
        )
        for r in data["rows"]
    )
    return xlsx_response(
        [
            _("姓名"),
            _("所在党组织"),
            _("报到情况"),
            _("报到社区"),
            _("报到日期"),
            _("本年服务时长"),
            _("距年度目标"),
        ],
        [12, 32, 10, 28, 12, 12, 12],
        lines,
        f"在职党员报到情况_{unit.name}.xlsx",
        _("报到情况"),
        what="grassroots.dual_report_unit",
        details={"unit": unit.pk, "deadline": deadline.isoformat(), "year": year},
        action=caps.GRASSROOTS_EXPORTED,
    )


@register(ServiceRecord, site=site)
class ServiceRecordAdmin(ReadOnlyChangeView, CapabilityAdmin):
    view_capability, change_capability = VIEW, WORK
    add_allowed = False
    list_display = ["served_on", "report", "hours", category_name, "content", "confirmed_by"]
    search_fields = ["content", "report__person__name"]
    list_select_related = ["report__person", "report__community"]

    def object_path(self, obj):
        return obj.report.unit.path

    def _has(self, request, capability, obj=None):
        if obj is None or not capability:
            return super()._has(request, capability, obj)
        return authz.holds(request, capability, obj.report.unit.path) or authz.holds(
            request, capability, obj.report.community.path
        )

    def get_readonly_fields(self, request, obj=None):
        return ["report", "served_on", "hours", category_name, "content", "confirmed_by"]

    def get_fields(self, request, obj=None):
        return self.get_readonly_fields(request, obj)
