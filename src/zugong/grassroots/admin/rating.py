"""Back office of the star rating (星级化管理): the indicator system, the ratings with their
evidence and workflow buttons (rating_pages.py), rectification and weak-and-lax ledgers."""

from __future__ import annotations

from django.contrib import admin as django_admin
from django.contrib.admin import register
from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.forms.models import BaseInlineFormSet
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from unfold.admin import TabularInline

from zugong.core.admin.base import (
    CapabilityAdmin,
    ReadOnlyInline,
    RequestFormMixin,
    ServiceForm,
    action,
)
from zugong.core.admin.site import item, register_sidebar_group, site
from zugong.core.capabilities import EXPORT
from zugong.core.errors import ApplicationError
from zugong.grassroots import capabilities as caps
from zugong.grassroots.admin.rating_pages import (
    IndicatorActions,
    RatingPages,
    RectificationPages,
    WeakLaxPages,
)
from zugong.grassroots.models.rating import (
    Indicator,
    IndicatorScore,
    IndicatorSet,
    Rating,
    RatingObjection,
    RatingStep,
    Rectification,
    StarBand,
    VetoItem,
    WeakLaxListing,
)
from zugong.grassroots.rules import rating as rules
from zugong.grassroots.selectors import rating as selectors
from zugong.grassroots.services import rating_indicators, rating_rectify

# Indicator system ------------------------------------------------------------------------


class IndicatorFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        total = self.instance.total_points
        maxima = [
            f.cleaned_data["max_points"]
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        try:
            rating_indicators.check_parts(total=total, maxima=maxima, bands={5: 1}, caps_=[])
        except ApplicationError as error:
            raise ValidationError(error.message) from None


class BandFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        bands = {
            f.cleaned_data["star"]: f.cleaned_data["min_score"]
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        }
        try:
            rules.validate_bands(bands)
        except ApplicationError as error:
            raise ValidationError(error.message) from None


class VetoFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        for f in self.forms:
            cap = (f.cleaned_data or {}).get("cap_star")
            if cap is not None and cap not in rules.STARS:
                raise ValidationError(_("否决事项的最高可评星级应为1至5星"))


class IndicatorInline(TabularInline):
    model = Indicator
    formset = IndicatorFormSet
    fields = ["order", "standard", "code", "name", "max_points", "evidence", "guidance"]
    extra = 0
    tab = True


class BandInline(TabularInline):
    model = StarBand
    formset = BandFormSet
    fields = ["star", "min_score"]
    extra = 0
    tab = True


class VetoInline(TabularInline):
    model = VetoItem
    formset = VetoFormSet
    fields = ["code", "name", "cap_star"]
    extra = 0
    tab = True


class _InlinePermissions:
    """Inline rows follow the set's admin: changed by the district, read by others."""

    def has_view_permission(self, request, obj=None):
        return True

    def has_add_permission(self, request, obj=None):
        return self.parent_admin_has_change(request)

    def has_change_permission(self, request, obj=None):
        return self.parent_admin_has_change(request)

    def has_delete_permission(self, request, obj=None):
        return self.parent_admin_has_change(request)

    def parent_admin_has_change(self, request):
        from zugong.core import authz

        return authz.holds(request, caps.MANAGE_INDICATORS)


for _inline in (IndicatorInline, BandInline, VetoInline):
    _inline.__bases__ = (_InlinePermissions, *_inline.__bases__)


@register(IndicatorSet, site=site)
class IndicatorSetAdmin(IndicatorActions, CapabilityAdmin):
    view_capability = caps.VIEW_GRASSROOTS
    change_capability = caps.MANAGE_INDICATORS
    add_allowed = False  # made by 生成年度指标体系 (a copy of last year's, or the default)
    list_display = ["year", "name", "total_points", "basis"]
    fields = ["year", "name", "total_points", "basis", "note"]
    readonly_fields = ["year"]
    inlines = [IndicatorInline, BandInline, VetoInline]
    actions_list = ["make_year"]

    def object_path(self, obj):
        return None  # the district's code table: granted at the district root

    def save_model(self, request, obj, form, change):
        obj.save()

    def save_related(self, request, form, formsets, change):
        for formset in formsets:
            formset.save()
        rating_indicators.indicator_set_saved(
            actor=request.user,
            indicator_set=form.instance,
            changes={"fields": list(form.changed_data)},
        )


# Ratings ---------------------------------------------------------------------------------


REF_URLS = {
    "compliance": ("admin:party_meeting_compliance", False),
    "committee": ("admin:party_branchcommittee_change", True),
    "member": ("admin:party_member_change", True),
    "dues_arrears": ("admin:party_duespayment_arrears", False),
    "collective_income": ("admin:grassroots_collectiveincome_changelist", False),
    "cobuilding": ("admin:grassroots_cobuildingcontract_changelist", False),
    "rectification": ("admin:grassroots_rectification_change", True),
    "weak_lax": ("admin:grassroots_weaklaxlisting_change", True),
}


def ref_link(ref: dict) -> str:
    name, with_id = REF_URLS.get(ref.get("kind"), ("", False))
    try:
        url = reverse(name, args=[ref["id"]] if with_id else []) if name else ""
    except NoReverseMatch:
        url = ""
    if not url:
        return format_html("{}", ref.get("label", ""))
    return format_html('<a class="zg-link" href="{}">{}</a>', url, ref.get("label", ""))


class ScoreInline(ReadOnlyInline):
    model = IndicatorScore
    fields = [
        "indicator",
        "draft_points",
        "points",
        "evidence_summary",
        "records",
        "evidence_note",
        "unsupported_mark",
    ]
    tab = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    @django_admin.display(description=_("依据记录"))
    def records(self, obj):
        refs = obj.evidence_refs or []
        if not refs:
            return "—"
        return format_html_join(mark_safe("<br>"), "{}", ((ref_link(r),) for r in refs))

    @django_admin.display(description=_("无依据评分"))
    def unsupported_mark(self, obj):
        return _("是") if obj.unsupported else ""

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("indicator")


class StepInline(ReadOnlyInline):
    model = RatingStep
    fields = ["at", "status", "score", "star", "comment", "by"]


class ObjectionInline(ReadOnlyInline):
    model = RatingObjection
    fields = ["received_on", "raised_by", "content", "finding", "upheld", "handled_on"]


class RectificationInline(ReadOnlyInline):
    model = Rectification
    fields = ["item", "deadline", "responsible", "result", "completed_on"]
    fk_name = "rating"


class TownshipFilter(django_admin.SimpleListFilter):
    title = _("乡镇（街道）")
    parameter_name = "township"

    def lookups(self, request, model_admin):
        from zugong.core.models import Organization, OrgKind

        return [
            (o.path, o.name)
            for o in Organization.objects.filter(kind=OrgKind.TOWNSHIP).order_by("path")
        ]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(organization__path__startswith=self.value())
        return queryset


class MoveFilter(django_admin.SimpleListFilter):
    title = _("升降")
    parameter_name = "move"

    def lookups(self, request, model_admin):
        return [("up", _("升星")), ("down", _("降星")), ("same", _("持平")), ("new", _("首次评定"))]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "up":
            return queryset.filter(star__gt=F("previous_star"))
        if value == "down":
            return queryset.filter(star__lt=F("previous_star"))
        if value == "same":
            return queryset.filter(star=F("previous_star"))
        if value == "new":
            return queryset.filter(Q(previous_star__isnull=True))
        return queryset


MOVE_LABELS = {
    "up": _("↑ 升星"),
    "down": _("↓ 降星"),
    "same": _("持平"),
    "new": _("首次评定"),
    "": "—",
}


@register(Rating, site=site)
class RatingAdmin(RatingPages, CapabilityAdmin):
    view_capability = caps.VIEW_GRASSROOTS
    change_capability = ""  # every change is a workflow step (the buttons on the record)
    add_allowed = False
    # The star and its move first, where a phone's screen still shows them; the
    # township and the draft's figures after.
    list_display = [
        "organization",
        "year",
        "star_text",
        "move_text",
        "status",
        "score",
        "previous_star_text",
        "township",
        "draft_score",
        "unsupported",
    ]
    list_filter = ["year", TownshipFilter, "status", "star", MoveFilter]
    search_fields = ["organization__name"]
    list_per_page = 50
    fields = [
        "organization",
        "year",
        "indicator_set",
        "status",
        "draft_score",
        "score",
        "star",
        "previous_star",
        "review_comment",
        "returned_reason",
        "notice_starts_on",
        "notice_ends_on",
        "published_on",
    ]
    readonly_fields = fields
    inlines = [ScoreInline, StepInline, ObjectionInline, RectificationInline]
    actions_list = ["drafts", "overview", "lacking", "overdue", "export_results"]
    actions_detail = [
        "assess",
        "submit",
        "review",
        "approve",
        "notice",
        "objection",
        "handle_objection",
        "publish",
        "rectify",
        "whatif",
    ]

    def object_path(self, obj):
        return obj.organization.path

    def get_queryset(self, request):
        return selectors.ratings()

    @django_admin.display(description=_("乡镇（街道）"))
    def township(self, obj):
        return obj.organization.parent.name if obj.organization.parent else ""

    @django_admin.display(description=_("星级"), ordering="star")
    def star_text(self, obj):
        return _("%(s)d星") % {"s": obj.star} if obj.star else "—"

    @django_admin.display(description=_("上年星级"), ordering="previous_star")
    def previous_star_text(self, obj):
        return _("%(s)d星") % {"s": obj.previous_star} if obj.previous_star else "—"

    @django_admin.display(description=_("升降"))
    def move_text(self, obj):
        from zugong.grassroots.services.rating import move_of

        return MOVE_LABELS[move_of(obj)]

    @django_admin.display(description=_("无依据评分项"), ordering="unsupported_count")
    def unsupported(self, obj):
        return obj.unsupported_count

    @action(
        capability=(caps.VIEW_GRASSROOTS, EXPORT),
        description=_("导出星级评定结果"),
        url_path="export-results",
        icon="download",
    )
    def export_results(self, request):
        from zugong.grassroots import exports_rating

        params = exports_rating.list_params(request, reverse("admin:grassroots_rating_changelist"))
        return exports_rating.ratings_response(*exports_rating.ratings_for_export(params))


# Weak and lax, rectifications -------------------------------------------------------------


class WeakLaxForm(ServiceForm):
    class Meta:
        model = WeakLaxListing
        fields = ["organization", "year", "listed_on", "reasons", "leader", "instructor"]

    def run_service(self, data):
        return rating_rectify.weaklax_list(
            actor=self.request.user,
            organization=data["organization"],
            year=data["year"],
            listed_on=data["listed_on"],
            reasons=data["reasons"],
            leader=data.get("leader", ""),
            instructor=data.get("instructor", ""),
        )


class ListingRectificationInline(RectificationInline):
    fk_name = "listing"


@register(WeakLaxListing, site=site)
class WeakLaxListingAdmin(WeakLaxPages, RequestFormMixin, CapabilityAdmin):
    form = WeakLaxForm
    view_capability = caps.VIEW_GRASSROOTS
    change_capability = caps.CHANGE_GRASSROOTS
    list_display = [
        "organization",
        "year",
        "listed_on",
        "status",
        "leader",
        "instructor",
        "delisted_on",
    ]
    list_filter = ["year", "status"]
    search_fields = ["organization__name"]
    autocomplete_fields = ["organization"]
    list_select_related = ["organization"]
    inlines = [ListingRectificationInline]
    actions_detail = ["listing_rectify", "delist"]

    def object_path(self, obj):
        return obj.organization.path

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return [*WeakLaxForm.Meta.fields, "status", "delisted_on", "delisting_note"]

    def has_change_permission(self, request, obj=None):
        # A listing is corrected by its buttons (整改事项、销号); the form only adds.
        return obj is None and super().has_change_permission(request, obj)


@register(Rectification, site=site)
class RectificationAdmin(RectificationPages, CapabilityAdmin):
    view_capability = caps.VIEW_GRASSROOTS
    change_capability = ""
    add_allowed = False  # added from the rating or the listing
    list_display = [
        "organization",
        "year",
        "item",
        "deadline",
        "responsible",
        "completed_on",
        "overdue",
    ]
    list_filter = ["year"]
    search_fields = ["organization__name", "item"]
    list_select_related = ["organization"]
    fields = [
        "organization",
        "year",
        "rating",
        "listing",
        "item",
        "deadline",
        "responsible",
        "result",
        "completed_on",
    ]
    readonly_fields = fields
    actions_detail = ["complete"]

    def object_path(self, obj):
        return obj.organization.path

    @django_admin.display(description=_("逾期"), boolean=False)
    def overdue(self, obj):
        import datetime as dt

        return _("已逾期") if obj.completed_on is None and obj.deadline < dt.date.today() else ""


def sidebar_rating() -> dict:
    view = caps.VIEW_GRASSROOTS
    return {
        "title": _("基层党建·星级评定"),
        "items": [
            item(_("星级评定"), "star", "admin:grassroots_rating_changelist", view),
            item(_("年度星级概况"), "insights", "admin:grassroots_rating_overview", view),
            item(_("待列整改清单"), "playlist_add", "admin:grassroots_rating_lacking", view),
            item(_("逾期整改事项"), "alarm", "admin:grassroots_rating_overdue", view),
            item(_("整改事项"), "checklist", "admin:grassroots_rectification_changelist", view),
            item(_("软弱涣散党组织"), "report", "admin:grassroots_weaklaxlisting_changelist", view),
            item(_("评星指标体系"), "tune", "admin:grassroots_indicatorset_changelist", view),
        ],
    }


register_sidebar_group(30, sidebar_rating)
