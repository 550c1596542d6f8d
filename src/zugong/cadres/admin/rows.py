"""Admins of rows kept beside the cadre record: the record's own tables (reached from
its tabs), leading groups and establishments."""

from django.contrib.admin import register

from zugong.cadres import capabilities as caps
from zugong.cadres.admin.base import (
    CadreRowAdmin,
)
from zugong.cadres.models import (
    Education,
    FamilyMember,
    LeadingGroup,
    ResumeEntry,
    RewardPunishment,
    UnitEstablishment,
)
from zugong.cadres.services import records as services
from zugong.core.admin.base import (
    CapabilityAdmin,
    RequestFormMixin,
    ServiceForm,
)
from zugong.core.admin.site import site


def record_form(model, field_names):
    """A ServiceForm for one row of the record's own tables (education, résumé, …)."""

    class RowForm(ServiceForm):
        class Meta:
            fields = ["cadre", *field_names]

        def run_service(self, data):
            obj = self.instance
            for key, value in data.items():
                setattr(obj, key, value)
            return services.record_save(actor=self.request.user, obj=obj)

    RowForm.Meta.model = model
    return RowForm


# ---------------------------------------------------------------- the record's tables


class RowAdmin(CadreRowAdmin):
    """Education, résumé, family and rewards rows: added, changed and deleted through
    ``records.record_save`` and ``record_delete``; reached from the cadre's tabs."""

    delete_allowed = True
    add_only = False

    def has_module_permission(self, request):
        return False  # reached from the cadre record, not the sidebar

    def delete_model(self, request, obj):
        services.record_delete(actor=request.user, obj=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            services.record_delete(actor=request.user, obj=obj)


for _model, _fields, _display in (
    (
        Education,
        [
            "kind",
            "education",
            "degree",
            "education_school",
            "degree_school",
            "education_code",
            "graduated_on",
            "is_highest",
        ],
        ["cadre", "kind", "education", "degree", "graduated_on"],
    ),
    (
        ResumeEntry,
        ["order", "start", "end", "text", "is_grassroots"],
        ["cadre", "order", "start", "end", "text"],
    ),
    (
        FamilyMember,
        ["order", "relation", "name", "birth_month", "political_status", "unit_post"],
        ["cadre", "order", "relation", "name", "unit_post"],
    ),
    (
        RewardPunishment,
        ["kind", "name", "on", "issuer", "document"],
        ["cadre", "kind", "name", "on"],
    ),
):
    site.register(
        _model,
        type(
            f"{_model.__name__}Admin",
            (RowAdmin,),
            {"form": record_form(_model, _fields), "list_display": _display},
        ),
    )


class LeadingGroupForm(ServiceForm):
    class Meta:
        model = LeadingGroup
        fields = ["organization", "name", "level", "establishment", "is_government"]

    def run_service(self, data):
        return services.leading_group_save(
            actor=self.request.user, group=self.instance, data=dict(data)
        )


@register(LeadingGroup, site=site)
class LeadingGroupAdmin(RequestFormMixin, CapabilityAdmin):
    form = LeadingGroupForm
    view_capability = caps.VIEW_CADRE
    change_capability = caps.CHANGE_CADRE
    list_display = ["name", "organization", "level", "establishment", "is_government"]
    list_filter = ["level"]
    search_fields = ["name", "organization__name"]
    autocomplete_fields = ["organization"]

    def object_path(self, obj):
        return obj.organization.path


class EstablishmentForm(ServiceForm):
    class Meta:
        model = UnitEstablishment
        fields = ["organization", "posts", "document"]

    def run_service(self, data):
        return services.establishment_save(
            actor=self.request.user, establishment=self.instance, data=dict(data)
        )


@register(UnitEstablishment, site=site)
class EstablishmentAdmin(RequestFormMixin, CapabilityAdmin):
    form = EstablishmentForm
    view_capability = caps.VIEW_CADRE
    change_capability = caps.CHANGE_CADRE
    list_display = ["organization", "posts", "document"]
    search_fields = ["organization__name"]
    autocomplete_fields = ["organization"]

    def object_path(self, obj):
        return obj.organization.path
