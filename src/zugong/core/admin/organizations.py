from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.admin import register
from django.db.models import Count
from django.http import Http404
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from unfold.decorators import display

from zugong.core import capabilities as caps
from zugong.core.admin.base import (
    CapabilityAdmin,
    ReadOnlyInline,
    RequestFormMixin,
    ServiceForm,
    action,
    form_action,
)
from zugong.core.admin.changes import changes_html
from zugong.core.admin.fields import OrganizationPathsMixin
from zugong.core.admin.site import site
from zugong.core.models import Organization, OrganizationEvent, OrgStatus
from zugong.core.scope import get_scoped_or_404
from zugong.core.selectors import PATH_SEPARATOR, organization_paths
from zugong.core.services import organizations as org_services


class OrganizationForm(ServiceForm):
    class Meta:
        model = Organization
        fields = ["parent", *org_services.EDITABLE]

    def run_service(self, data):
        actor = self.request.user
        fields = {k: v for k, v in data.items() if k != "parent"}
        if self.instance.pk is None:
            return org_services.organization_create(
                actor=actor, parent=data.get("parent"), data=fields
            )
        org = Organization.objects.get(pk=self.instance.pk)
        org = org_services.organization_update(actor=actor, organization=org, data=fields)
        new_parent = data.get("parent")
        if new_parent is not None and new_parent.pk != org.parent_id:
            org = org_services.organization_move(
                actor=actor, organization=org, new_parent=new_parent
            )
        return org


class EndForm(forms.Form):
    occurred_on = forms.DateField(
        label=_("撤销日期"), initial=dt.date.today, widget=forms.DateInput(attrs={"type": "date"})
    )
    document_no = forms.CharField(label=_("批准文号"), required=False, max_length=100)
    note = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


def event_details(obj):
    return changes_html(Organization, obj.details)


class EventInline(ReadOnlyInline):
    model = OrganizationEvent
    fields = ["occurred_on", "kind", "details_text", "document_no", "note", "actor"]
    verbose_name_plural = _("组织沿革")

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    @display(description=_("变更内容"))
    def details_text(self, obj):
        return event_details(obj)


@register(Organization, site=site)
class OrganizationAdmin(RequestFormMixin, CapabilityAdmin):
    form = OrganizationForm
    view_capability = caps.VIEW_ORGANIZATION
    change_capability = caps.CHANGE_ORGANIZATION
    list_display = ["tree_name", "kind", "category", "code", "person_count", "status_badge"]
    list_filter = ["kind", "category", "status"]
    search_fields = ["name", "code", "host_unit"]
    autocomplete_fields = ["parent"]
    inlines = [EventInline]
    list_per_page = 50
    ordering = ["path"]
    actions_detail = ["dissolve"]
    list_fullwidth = True

    def object_path(self, obj):
        return obj.path

    def has_view_permission(self, request, obj=None):
        # Security administrators pick organizations when granting roles.
        return super().has_view_permission(request, obj) or self._has(
            request, caps.MANAGE_ROLES, obj
        )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_persons=Count("persons"))

    def get_changelist_instance(self, request):
        # Found by a search or a filter, rows leave the tree: each names its parents.
        changelist = super().get_changelist_instance(request)
        if changelist.query or changelist.has_active_filters:
            rows = list(changelist.result_list)
            labels = organization_paths(rows)
            for row in rows:
                parents, _sep, _own = labels[row.pk].rpartition(PATH_SEPARATOR)
                row.zg_parents = parents
        return changelist

    def get_search_results(self, request, queryset, search_term):
        results, distinct = super().get_search_results(request, queryset, search_term)
        if request.path.endswith("/autocomplete/"):
            # The parent picker offers only active organizations.
            results = results.filter(status=OrgStatus.ACTIVE)
        return results, distinct

    @display(description=_("组织名称"), ordering="path")
    def tree_name(self, obj):
        parents = getattr(obj, "zg_parents", "")
        if parents:
            return format_html(
                '<span class="zg-tree">{}</span><div class="zg-caption">{}</div>',
                obj.name,
                parents,
            )
        return format_html(
            '<span class="zg-tree" style="padding-left:{}rem"><span class="material-symbols-outlined zg-tree-icon">{}</span>{}</span>',
            (obj.depth - 1) * 1.5,
            "subdirectory_arrow_right" if obj.depth > 1 else "account_tree",
            obj.name,
        )

    @display(description=_("人员数"), ordering="n_persons")
    def person_count(self, obj):
        return obj.n_persons

    @display(description=_("状态"), label={"正常": "success", "已合并": "info", "已撤销": "danger"})
    def status_badge(self, obj):
        return obj.get_status_display()

    @action(
        capability=caps.CHANGE_ORGANIZATION,
        description=_("撤销组织"),
        url_path="dissolve",
        icon="block",
    )
    def dissolve(self, request, object_id):
        org = get_scoped_or_404(Organization, pk=object_id)
        if not self.has_change_permission(request, org):
            raise Http404
        return form_action(
            self,
            request,
            obj=org,
            form=EndForm(request.POST or None),
            call=lambda **data: org_services.organization_dissolve(
                actor=request.user, organization=org, **data
            ),
            title=_("撤销党组织：%(org)s") % {"org": org.name},
            done=_("已撤销“%(org)s”") % {"org": org.name},
            success_url=reverse("admin:core_organization_change", args=[org.pk]),
            intro=_(
                "撤销后该组织保留在组织沿革中，状态为“已撤销”。撤销前须先转出全部人员、调整或撤销全部下级组织。"
            ),
        )


@register(OrganizationEvent, site=site)
class OrganizationEventAdmin(OrganizationPathsMixin, CapabilityAdmin):
    view_capability = caps.VIEW_ORGANIZATION
    add_allowed = False
    list_display = [
        "organization_path",
        "kind",
        "occurred_on",
        "details_text",
        "document_no",
        "actor",
        "recorded_at",
    ]
    list_filter = ["kind"]
    list_select_related = ["organization", "actor"]
    search_fields = ["organization__name", "document_no"]
    date_hierarchy = "occurred_on"
    fields = [
        "organization_path",
        "kind",
        "occurred_on",
        "details_text",
        "document_no",
        "note",
        "actor",
        "recorded_at",
    ]
    readonly_fields = fields

    def has_change_permission(self, request, obj=None):
        return False

    @display(description=_("党组织"), ordering="organization__path")
    def organization_path(self, obj):
        return self.organization_path_of(obj)

    @display(description=_("变更内容"))
    def details_text(self, obj):
        return event_details(obj)
