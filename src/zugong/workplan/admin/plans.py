"""Plans in the back office: the list, a plan's page with its tree (parts, points and
the tasks' lights), the import of a plan document with its preview (nothing written
before confirmation) and the year-end summary download."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.admin import register
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from zugong.core import authz
from zugong.core.admin.base import CapabilityAdmin, action
from zugong.core.admin.fields import OrganizationChoiceField
from zugong.core.admin.site import site
from zugong.core.errors import ApplicationError
from zugong.core.models import Organization
from zugong.core.scope import get_scoped_or_404
from zugong.workplan import capabilities as caps
from zugong.workplan import selectors
from zugong.workplan.models import Plan
from zugong.workplan.services import plans as services
from zugong.workplan.summary import summary_response

SESSION_KEY = "workplan_import"


class ImportForm(forms.Form):
    document = forms.FileField(label=_("工作要点文件（.docx 或 .txt）"))
    owner = OrganizationChoiceField(label=_("台账管理单位"), queryset=Organization.objects.none())
    issuing_body = forms.CharField(
        label=_("印发机关"), max_length=100, initial=_("中共临桂区委组织部")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The organizations where the plan may be kept: the subtrees the import is
        # granted on, the higher levels only (a plan is kept by a committee).
        self.fields["owner"].queryset = Organization.objects.filter(
            kind__in=["district_committee", "township_committee"]
        ).order_by("path")


@register(Plan, site=site)
class PlanAdmin(CapabilityAdmin):
    view_capability = caps.VIEW_WORKPLAN
    change_capability = ""
    add_allowed = False
    list_display = ["title", "year", "issuing_body", "owner", "status"]
    list_filter = ["year", "status"]
    search_fields = ["title"]
    list_select_related = ["owner"]
    readonly_fields = [
        "title",
        "year",
        "issuing_body",
        "owner",
        "status",
        "preamble",
        "source_name",
    ]
    fields = readonly_fields
    change_form_after_template = "workplan/plan_tree.html"
    actions_detail = ["download_summary"]

    def has_view_permission(self, request, obj=None) -> bool:
        # The district's plan is read wherever it has a task the user sees (its scoped
        # rows), not only by holders over the plan's own organization.
        if obj is not None and not super().has_view_permission(request, obj):
            if not authz.holds(request, self.view_capability):
                return False
            with authz.narrowed(self.view_capability):
                return self.get_queryset(request).filter(pk=obj.pk).exists()
        return super().has_view_permission(request, obj)

    actions_list = ["import_plan_link"]

    def object_path(self, obj):
        return obj.owner.path

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def get_urls(self):
        own = [
            path(
                "import/", self.admin_site.admin_view(self.import_view), name="workplan_plan_import"
            ),
        ]
        return own + super().get_urls()

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = extra_context or {}
        if object_id:
            plan = get_scoped_or_404(Plan, pk=object_id)
            extra_context["tree"] = selectors.plan_tree(plan)
        return super().changeform_view(request, object_id, form_url, extra_context)

    @action(
        capability=caps.MANAGE_PLAN,
        description=_("导入工作要点"),
        url_path="import-link",
        icon="upload_file",
    )
    def import_plan_link(self, request):
        return redirect("admin:workplan_plan_import")

    @action(
        capability=caps.VIEW_WORKPLAN, description=_("下载年终总结（Word）"), icon="description"
    )
    def download_summary(self, request, object_id):
        plan = get_scoped_or_404(Plan, pk=object_id)
        return summary_response(request, plan, dt.date.today())

    @authz.requires(caps.MANAGE_PLAN)
    def import_view(self, request):
        """Step 1: upload and see the parsed tree; step 2: confirm, and the plan is written."""
        context = {
            **self.admin_site.each_context(request),
            "opts": Plan._meta,
            "title": _t("导入工作要点"),
        }
        if request.method == "POST" and "confirm" in request.POST:
            return self._confirm(request)
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["document"]
            try:
                parsed = services.parse_upload(upload.name, upload.read(services.MAX_BYTES + 1))
            except ApplicationError as error:
                form.add_error("document", error.message)
            else:
                request.session[SESSION_KEY] = {
                    "parsed": parsed.as_dict(),
                    "owner": form.cleaned_data["owner"].pk,
                    "issuing_body": form.cleaned_data["issuing_body"],
                }
                context.update(
                    parsed=parsed,
                    owner=form.cleaned_data["owner"],
                    issuing_body=form.cleaned_data["issuing_body"],
                )
                return TemplateResponse(request, "workplan/import_preview.html", context)
        context["form"] = form
        return TemplateResponse(request, "workplan/import.html", context)

    def _confirm(self, request):
        pending = request.session.get(SESSION_KEY)
        if not pending:
            messages.error(request, _t("没有待确认的导入，请重新上传文件"))
            return redirect("admin:workplan_plan_import")
        owner = get_scoped_or_404(Organization, pk=pending["owner"])
        try:
            plan = services.plan_import(
                actor=request.user,
                owner=owner,
                parsed=services.ParsedPlan.from_dict(pending["parsed"]),
                issuing_body=pending["issuing_body"],
            )
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("admin:workplan_plan_import")
        del request.session[SESSION_KEY]
        messages.success(request, _t("已导入“%(t)s”") % {"t": plan.title})
        return redirect(reverse("admin:workplan_plan_change", args=[plan.pk]))
