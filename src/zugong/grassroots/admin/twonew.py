"""Back office of the two-new organizations (两新组织): the registry; its pages (coverage,
lists, import and exports) are in twonew_pages, instructors and member units in
twonew_units. Sidebar group 34."""

from __future__ import annotations

from django.contrib.admin import RelatedOnlyFieldListFilter, register
from django.utils.translation import gettext_lazy as _
from unfold.decorators import display

from zugong.core import authz
from zugong.core.admin.base import CapabilityAdmin, RequestFormMixin, ServiceForm
from zugong.core.admin.site import item, register_sidebar_group, site
from zugong.core.models import OrgKind
from zugong.grassroots import capabilities as caps
from zugong.grassroots.admin.twonew_pages import EntityPages
from zugong.grassroots.models.twonew import Entity
from zugong.grassroots.services import twonew as services

# The form edits what the service saves, in the registry's order.
FORM_FIELDS = list(services.ENTITY_FIELDS)


class EntityForm(ServiceForm):
    class Meta:
        model = Entity
        fields = FORM_FIELDS

    def run_service(self, data):
        return services.entity_save(
            actor=self.request.user,
            entity=self.instance if self.instance.pk else None,
            data={name: data.get(name) for name in FORM_FIELDS if name in self.fields},
        )


@register(Entity, site=site)
class EntityAdmin(RequestFormMixin, EntityPages, CapabilityAdmin):
    form = EntityForm
    view_capability = caps.VIEW_GRASSROOTS
    change_capability = caps.CHANGE_GRASSROOTS
    list_display = [
        "name",
        "kind",
        "township",
        "industry",
        "employees",
        "party_members",
        "operating_status",
        "counted_mark",
        "coverage",
    ]
    list_filter = [
        "kind",
        ("township", RelatedOnlyFieldListFilter),
        "counted",
        "coverage",
        "operating_status",
        "industry",
    ]
    search_fields = ["name", "credit_code"]
    list_select_related = ["township"]
    autocomplete_fields = ["party_organization"]
    readonly_fields = ["counted", "counted_reason"]
    fieldsets = [
        (
            _("基本情况"),
            {"fields": ["kind", "credit_code", "name", "address", "township", "industry"]},
        ),
        (
            _("经营与人员"),
            {
                "fields": [
                    "operating_status",
                    "fixed_place",
                    "real_operation",
                    "employees",
                    "party_members",
                    "full_members",
                    "head",
                    "counted",
                    "counted_reason",
                ]
            },
        ),
        (
            _("党组织覆盖"),
            {
                "fields": [
                    "coverage",
                    "party_organization",
                    "formed_on",
                    "formed_how",
                    "not_formed_reason",
                    "instructor",
                    "liaison",
                    "trade_union",
                    "youth_league",
                ]
            },
        ),
        (
            _("社会组织党建入章与四同步"),
            {
                "fields": [
                    "charter_party",
                    "sync_registration",
                    "sync_inspection",
                    "sync_evaluation",
                    "surveyed_on",
                ]
            },
        ),
    ]
    actions_list = [
        "coverage_page",
        "four_sync",
        "download_template",
        "import_registry",
        "export_registry",
        "export_forms",
    ]
    actions_detail = ["export_one_form"]

    def object_path(self, obj):
        return obj.township.path

    def _has(self, request, capability, obj=None):
        # In scope through its township or its party organization (the model's scope).
        if (
            capability
            and obj is not None
            and obj.party_organization_id
            and authz.holds(request, capability, obj.party_organization.path)
        ):
            return True
        return super()._has(request, capability, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "township":
            field.queryset = field.queryset.filter(kind=OrgKind.TOWNSHIP)
        return field

    @display(description=_("纳入统计"), boolean=True, ordering="counted")
    def counted_mark(self, obj):
        return obj.counted


def sidebar_twonew() -> dict:
    view = caps.VIEW_GRASSROOTS
    return {
        "title": _("基层党建·两新组织"),
        "items": [
            item(_("两新组织"), "store", "admin:grassroots_entity_changelist", view),
            item(_("两个覆盖统计"), "donut_large", "admin:grassroots_entity_coverage_page", view),
            item(_("党建入章与四同步"), "rule", "admin:grassroots_entity_four_sync", view),
            item(_("党建工作指导员"), "badge", "admin:grassroots_instructor_changelist", view),
            item(
                _("指导员走访逾期"),
                "event_busy",
                "admin:grassroots_instructor_overdue_visits",
                view,
            ),
            item(
                _("指导员走访"),
                "directions_walk",
                "admin:grassroots_instructorvisit_changelist",
                view,
            ),
            item(
                _("联席会议成员单位"), "groups", "admin:grassroots_jointmemberunit_changelist", view
            ),
            item(_("清单事项"), "checklist", "admin:grassroots_dutyitem_changelist", view),
            item(_("逾期清单事项"), "alarm", "admin:grassroots_dutyitem_overdue", view),
            item(_("半年报告"), "summarize", "admin:grassroots_unitreport_changelist", view),
            item(_("未报半年报告"), "report", "admin:grassroots_unitreport_missing", view),
            item(
                _("两个覆盖统计报告"), "history", "admin:grassroots_coveragereport_changelist", view
            ),
        ],
    }


register_sidebar_group(34, sidebar_twonew)

from zugong.grassroots.admin import twonew_units  # noqa: E402,F401
