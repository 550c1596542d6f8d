"""Back office of rural talent certification (乡村振兴人才评价认定), one town one product
(一镇一品) and the village two-committee structure (三个1/3): the applications with their
checklist and step buttons (certification_pages.py), the register, the code tables."""

from __future__ import annotations

from django.contrib.admin import SimpleListFilter, register
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from unfold.decorators import display

from zugong.core import authz
from zugong.core.admin.base import CapabilityAdmin, ReadOnlyInline, RequestFormMixin, ServiceForm
from zugong.core.admin.site import item, register_sidebar_group, site
from zugong.core.models import Organization, OrgKind
from zugong.talent import capabilities as caps
from zugong.talent.admin.certification_pages import CertificationPages, TownProductPages
from zugong.talent.models import (
    Certification,
    CertificationCheck,
    CertificationCriterion,
    CertificationLevel,
    TownProduct,
    TownProductYear,
)
from zugong.talent.models.certification import RetiredSoldier
from zugong.talent.services import certification as services
from zugong.talent.services import certification_products as products

VIEW = caps.VIEW_TALENT


class TownshipFilter(SimpleListFilter):
    title = _("乡镇（街道）")
    parameter_name = "township"

    def lookups(self, request, model_admin):
        return [(t.pk, t.name) for t in Organization.objects.filter(kind=OrgKind.TOWNSHIP)]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{self.field: self.value()})
        return queryset

    field = "talent__township_id"


class ProductTownshipFilter(TownshipFilter):
    field = "township_id"


class ExpiringFilter(SimpleListFilter):
    title = _("有效期")
    parameter_name = "validity"

    def lookups(self, request, model_admin):
        return [("expiring", _("临近到期")), ("expired", _("已过有效期"))]

    def queryset(self, request, queryset):
        import datetime as dt

        from zugong.talent.rules import certification as rules

        today = dt.date.today()
        if self.value() == "expiring":
            return queryset.filter(
                status="published",
                valid_until__gte=today,
                valid_until__lte=today + dt.timedelta(days=rules.rereview_days()),
            )
        if self.value() == "expired":
            return queryset.filter(valid_until__lt=today)
        return queryset


class ApplyForm(ServiceForm):
    class Meta:
        model = Certification
        fields = ["talent", "category", "level", "statement"]

    def run_service(self, data):
        if self.instance.pk:
            return self.instance  # an application moves by its step buttons only
        return services.certification_apply(actor=self.request.user, **data)


class CheckInline(ReadOnlyInline):
    model = CertificationCheck
    fields = ["criterion", "evidence_required", "met_mark", "note", "evidence_link"]
    tab = False
    verbose_name_plural = _("认定条件核查清单")

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("criterion")

    @display(description=_("须附佐证"), boolean=True)
    def evidence_required(self, obj):
        return obj.criterion.evidence_required

    @display(description=_("核查结果"))
    def met_mark(self, obj):
        return {True: _("符合"), False: _("不符合")}.get(obj.met, _("未核查"))

    @display(description=_("佐证材料"))
    def evidence_link(self, obj):
        if not obj.evidence:
            return "—"
        return format_html('<a class="zg-link" href="{}">{}</a>', obj.evidence.url, _("查看"))


READ_FIELDS = [
    "status",
    "applied_on",
    "by_portal",
    "statement",
    "recommended_on",
    "recommended_by",
    "recommendation",
    "reviewed_on",
    "review_opinion",
    "certified_on",
    "notice_starts",
    "notice_ends",
    "objection",
    "certificate_no",
    "issued_on",
    "valid_until",
    "refused_on",
    "refused_reason",
    "renewal_of",
]


@register(Certification, site=site)
class CertificationAdmin(RequestFormMixin, CertificationPages, CapabilityAdmin):
    form = ApplyForm
    view_capability, change_capability = VIEW, caps.CHANGE_TALENT
    list_display = [
        "talent_name",
        "township_name",
        "category",
        "level",
        "status",
        "applied_on",
        "notice_ends",
        "certificate_no",
        "valid_until",
    ]
    list_filter = ["status", "category", "level", TownshipFilter, ExpiringFilter, "by_portal"]
    search_fields = ["talent__person__name", "talent__name_pinyin", "certificate_no"]
    search_help_text = _("姓名、姓名拼音或证书编号")
    autocomplete_fields = ["talent"]
    list_select_related = [
        "talent__person__organization",
        "talent__township",
        "category",
        "level",
    ]
    inlines = [CheckInline]
    actions_list = ["todo", "register_page", "expiring", "structure", "links", "expire"]
    actions_detail = [
        "attach",
        "recommend",
        "review",
        "certify",
        "objection",
        "publish",
        "refuse",
        "withdraw",
        "rereview",
    ]

    def object_path(self, obj):
        return obj.talent.township.path

    def _has(self, request, capability: str, obj=None) -> bool:
        # The record is the township's, and the village branch of the talent's person
        # reads it too (its secretary recommends): either path opens it.
        if not capability or obj is None:
            return super()._has(request, capability, obj)
        paths = [obj.talent.township.path, obj.talent.person.organization.path]
        return any(authz.holds(request, capability, path) for path in paths)

    def has_add_permission(self, request) -> bool:
        return authz.holds(request, caps.CHANGE_TALENT) or authz.holds(request, caps.RECOMMEND_CERT)

    def requirement_for_view(self, name: str):
        from zugong.core.capabilities import need_any

        if name == "add_view":
            return need_any(caps.CHANGE_TALENT, caps.RECOMMEND_CERT)
        return super().requirement_for_view(name)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["talent", "category", "level", "statement"]
        return ["talent", "category", "level", *READ_FIELDS]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["talent", "category", "level", *READ_FIELDS]

    def get_inlines(self, request, obj):
        return [CheckInline] if obj is not None else []

    @display(description=_("人才"), ordering="talent__name_pinyin")
    def talent_name(self, obj):
        return obj.talent.person.name

    @display(description=_("乡镇（街道）"))
    def township_name(self, obj):
        return obj.talent.township.name


class TableAdmin(RequestFormMixin, CapabilityAdmin):
    """A code table kept by the talent office; each save is audited (TABLES_SAVED)."""

    view_capability, change_capability = VIEW, caps.MANAGE_TABLES

    def save_model(self, request, obj, form, change):
        products.table_save(actor=request.user, obj=obj, changes=list(form.changed_data))


@register(CertificationLevel, site=site)
class CertificationLevelAdmin(TableAdmin):
    list_display = ["name", "order", "validity_years", "source"]
    fields = ["code", "name", "order", "validity_years", "source"]
    search_fields = ["name", "code"]

    def get_fields(self, request, obj=None):
        # The internal code is for those who keep the table, not for its readers.
        fields = super().get_fields(request, obj)
        return (
            fields
            if self.has_change_permission(request, obj)
            else [f for f in fields if f != "code"]
        )


@register(CertificationCriterion, site=site)
class CertificationCriterionAdmin(TableAdmin):
    list_display = ["text", "category", "level", "evidence_required", "order"]
    list_filter = ["category", "level", "evidence_required"]
    fields = ["category", "level", "text", "evidence_required", "order"]
    search_fields = ["text"]
    list_select_related = ["category", "level"]


class ProductForm(ServiceForm):
    class Meta:
        model = TownProduct
        fields = ["township", "product", "industry", "description", "talents"]

    def run_service(self, data):
        return products.town_product_save(
            actor=self.request.user,
            town_product=self.instance if self.instance.pk else None,
            **data,
        )


class ProductYearInline(ReadOnlyInline):
    model = TownProductYear
    fields = ["year", "output_value", "households", "projects"]


@register(TownProduct, site=site)
class TownProductAdmin(RequestFormMixin, TownProductPages, CapabilityAdmin):
    form = ProductForm
    view_capability, change_capability = VIEW, caps.CHANGE_TALENT
    list_display = ["product", "township", "industry", "talent_count"]
    list_filter = [ProductTownshipFilter, "industry"]
    search_fields = ["product", "industry", "township__name"]
    autocomplete_fields = ["township", "talents"]
    list_select_related = ["township"]
    inlines = [ProductYearInline]
    actions_list = ["overview"]
    actions_detail = ["year"]

    def object_path(self, obj):
        return obj.township.path

    def get_readonly_fields(self, request, obj=None):
        return ["township"] if obj is not None else []

    def get_inlines(self, request, obj):
        return [ProductYearInline] if obj is not None else []

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(n_talents=Count("talents"))

    @display(description=_("带动人才"), ordering="n_talents")
    def talent_count(self, obj):
        return obj.n_talents


class SoldierForm(ServiceForm):
    class Meta:
        model = RetiredSoldier
        fields = ["person", "enlisted_year", "discharged_year", "note"]

    def run_service(self, data):
        return products.retired_soldier_save(actor=self.request.user, **data)


@register(RetiredSoldier, site=site)
class RetiredSoldierAdmin(RequestFormMixin, CapabilityAdmin):
    form = SoldierForm
    view_capability, change_capability = VIEW, caps.CHANGE_TALENT
    list_display = ["person", "organization_name", "enlisted_year", "discharged_year", "note"]
    search_fields = ["person__name"]
    autocomplete_fields = ["person"]
    list_select_related = ["person__organization"]

    def object_path(self, obj):
        return obj.person.organization.path

    def get_readonly_fields(self, request, obj=None):
        return ["person"] if obj is not None else []

    @display(description=_("所在党组织"))
    def organization_name(self, obj):
        return obj.person.organization.name


def sidebar_certification() -> dict:
    return {
        "title": _("人才工作·人才评价认定"),
        "items": [
            item(_("乡村人才认定"), "verified", "admin:talent_certification_changelist", VIEW),
            item(_("认定待办"), "pending_actions", "admin:talent_certification_todo", VIEW),
            item(_("证书登记簿"), "menu_book", "admin:talent_certification_register_page", VIEW),
            item(_("临近到期证书"), "event_busy", "admin:talent_certification_expiring", VIEW),
            item(_("一镇一品"), "storefront", "admin:talent_townproduct_changelist", VIEW),
            item(_("一镇一品概况"), "insights", "admin:talent_townproduct_overview", VIEW),
            item(_("村“两委”班子结构"), "groups", "admin:talent_certification_structure", VIEW),
            item(_("人才带动村级发展"), "hub", "admin:talent_certification_links", VIEW),
            item(_("退役军人"), "military_tech", "admin:talent_retiredsoldier_changelist", VIEW),
            item(_("认定等级"), "stairs", "admin:talent_certificationlevel_changelist", VIEW),
            item(
                _("认定条件"), "checklist", "admin:talent_certificationcriterion_changelist", VIEW
            ),
        ],
    }


register_sidebar_group(41, sidebar_certification)
