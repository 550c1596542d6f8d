"""Back office of the demonstration chain (区有品牌、乡有典型、村有特色、屯有亮点):
sites and their projects, the year's tree with its gaps, the roadside two-new belt, the
review that suspends sites below the configured star (imported by admin/collective)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.admin import register
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from zugong.core.admin.base import (
    CapabilityAdmin,
    ReadOnlyInline,
    RequestFormMixin,
    ServiceForm,
    action,
)
from zugong.core.admin.site import site
from zugong.core.errors import ApplicationError
from zugong.core.scope import get_scoped_or_404
from zugong.grassroots import capabilities as caps
from zugong.grassroots.models.demonstration import DemoProject, DemoSite, DemoStatus
from zugong.grassroots.selectors import demonstration as selectors
from zugong.grassroots.services import demonstration as services

VIEW, CHANGE = caps.VIEW_GRASSROOTS, caps.CHANGE_GRASSROOTS


def _year(request) -> int:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else dt.date.today().year


class SiteForm(ServiceForm):
    class Meta:
        model = DemoSite
        fields = [
            "level",
            "parent",
            "name",
            "organization",
            "hamlet",
            "theme",
            "year",
            "leader",
            "belt",
            "enterprise",
        ]

    def run_service(self, data):
        site_obj = self.instance if self.instance.pk else None
        if site_obj is not None:
            data["level"] = site_obj.level
        return services.site_save(actor=self.request.user, site=site_obj, **data)


class ProjectInline(ReadOnlyInline):
    model = DemoProject
    fields = ["name", "kind", "higher_support", "self_raised", "progress", "responsible"]


@register(DemoSite, site=site)
class DemoSiteAdmin(RequestFormMixin, CapabilityAdmin):
    form = SiteForm
    view_capability, change_capability = VIEW, CHANGE
    list_display = ["name", "level", "organization", "theme", "year", "leader", "status"]
    list_filter = ["level", "status", "year", "belt"]
    search_fields = ["name", "theme", "organization__name"]
    list_select_related = ["organization"]
    autocomplete_fields = ["parent", "enterprise"]
    inlines = [ProjectInline]
    actions_list = ["tree", "belt_list", "review"]
    actions_detail = ["resume"]

    def object_path(self, obj):
        return obj.organization.path

    def get_readonly_fields(self, request, obj=None):
        readonly = ["status", "suspended_on", "suspended_reason"]
        if obj is None:
            return []
        if not self.has_change_permission(request, obj):
            return [*SiteForm.Meta.fields, *readonly]
        return ["level", *readonly]

    @action(capability=VIEW, description=_("示范创建体系"), url_path="tree", icon="account_tree")
    def tree(self, request):
        year = _year(request)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _t("%(y)d年示范创建体系") % {"y": year},
            "year": year,
            "data": selectors.tree(year),
            "min_star": services.min_star(),
            "source": services.DEMO_MIN_STAR.source,
        }
        return TemplateResponse(request, "grassroots/admin/demonstration_tree.html", context)

    @action(capability=VIEW, description=_("公路沿线示范带"), url_path="belt", icon="add_road")
    def belt_list(self, request):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _t("公路沿线两新组织党建示范带"),
            "sites": selectors.belt(),
        }
        return TemplateResponse(request, "grassroots/admin/demonstration_belt.html", context)

    @action(
        capability=CHANGE, description=_("按星级复核示范点"), url_path="review", icon="fact_check"
    )
    def review(self, request):
        if request.method != "POST":
            return redirect(reverse("admin:grassroots_demosite_tree"))
        suspended = services.review_sites(actor=request.user)
        messages.success(request, _t("复核完成，暂停示范点%(n)d个") % {"n": len(suspended)})
        return redirect(reverse("admin:grassroots_demosite_tree"))

    @action(capability=CHANGE, description=_("恢复创建"), url_path="resume", icon="play_arrow")
    def resume(self, request, object_id):
        site_obj = get_scoped_or_404(DemoSite.objects.select_related("organization"), pk=object_id)
        back = reverse("admin:grassroots_demosite_change", args=[site_obj.pk])
        if request.method != "POST" and site_obj.status != DemoStatus.SUSPENDED:
            messages.error(request, _t("该示范点未暂停"))
            return redirect(back)
        try:
            services.site_resume(actor=request.user, site=site_obj)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _t("已恢复创建"))
        return redirect(back)


class ProjectForm(ServiceForm):
    class Meta:
        model = DemoProject
        fields = [
            "site",
            "name",
            "kind",
            "scale",
            "scale_unit",
            "higher_support",
            "self_raised",
            "starts_on",
            "ends_on",
            "progress",
            "responsible",
            "in_five_year_plan",
        ]

    def run_service(self, data):
        project = self.instance if self.instance.pk else None
        site_obj = project.site if project else data.pop("site", None)
        data.pop("site", None)
        if site_obj is None:
            raise ApplicationError(_t("请选择示范点"), field="site")
        return services.project_save(
            actor=self.request.user, site=site_obj, project=project, **data
        )


@register(DemoProject, site=site)
class DemoProjectAdmin(RequestFormMixin, CapabilityAdmin):
    form = ProjectForm
    view_capability, change_capability = VIEW, CHANGE
    list_display = [
        "name",
        "site",
        "kind",
        "higher_support",
        "self_raised",
        "progress",
        "responsible",
    ]
    search_fields = ["name", "site__name"]
    list_select_related = ["site"]
    autocomplete_fields = ["site"]

    def object_path(self, obj):
        return obj.site.organization.path

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        if not self.has_change_permission(request, obj):
            return ProjectForm.Meta.fields
        return ["site"]
