"""Back office of the talent pool: the pool list (filters by category, tag, township,
title level and native talents outside; the search box is the pool's own search:
names by Chinese characters, full pinyin or initials), the talent form (an existing
person by autocomplete, or a new one by name and ID number), the code tables
TalentCategory and TalentTag. The pages (matching, saved searches, import, export) are
in pool_pages; the sidebar group (order 40) is at the end."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin import register
from django.utils.translation import gettext_lazy as _
from unfold.decorators import display
from unfold.widgets import (
    UnfoldAdminCheckboxSelectMultipleWidget,
    UnfoldAdminSelectWidget,
    UnfoldAdminTextInputWidget,
)

from zugong.core.admin.base import CapabilityAdmin, RequestFormMixin, ServiceForm
from zugong.core.admin.site import item, register_sidebar_group, site
from zugong.core.errors import ApplicationError
from zugong.core.models import Organization, OrgKind
from zugong.talent import capabilities as caps
from zugong.talent.admin.pool_pages import PoolPages
from zugong.talent.models import Talent, TalentCategory, TalentTag
from zugong.talent.rules import pool as rules
from zugong.talent.selectors import pool as selectors
from zugong.talent.services import pool as services

VIEW, CHANGE, TABLES = caps.VIEW_TALENT, caps.CHANGE_TALENT, caps.MANAGE_TABLES
FIELDS = [
    "person",
    "township",
    "village",
    "categories",
    "tags",
    "title",
    "title_level",
    "honours",
    "specialty",
    "employer",
    "employer_credit_code",
    "contact_consent",
    "outside",
    "current_city",
    "field_of_work",
    "return_interest",
    "note",
]


class TalentForm(ServiceForm):
    new_name = forms.CharField(
        label=_("新人员姓名"),
        required=False,
        max_length=50,
        help_text=_("人员尚未登记时填写，并填写公民身份号码；已登记的按号码找到"),
        widget=UnfoldAdminTextInputWidget,
    )
    new_id_number = forms.CharField(
        label=_("新人员公民身份号码"),
        required=False,
        max_length=18,
        widget=UnfoldAdminTextInputWidget,
    )
    new_phone = forms.CharField(
        label=_("新人员联系电话"), required=False, max_length=20, widget=UnfoldAdminTextInputWidget
    )

    class Meta:
        model = Talent
        fields = FIELDS
        widgets = {
            "categories": UnfoldAdminCheckboxSelectMultipleWidget,
            "tags": UnfoldAdminCheckboxSelectMultipleWidget,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "person" in self.fields:
            self.fields["person"].required = False
        if "title_level" in self.fields:
            self.fields["title_level"] = forms.TypedChoiceField(
                label=_("职称等级"),
                coerce=int,
                choices=list(rules.title_levels().items()),
                initial=self.instance.title_level,
                widget=UnfoldAdminSelectWidget,
            )
        if self.instance.pk:
            for name in ("new_name", "new_id_number", "new_phone"):
                self.fields.pop(name, None)

    def run_service(self, data):
        data = dict(data)
        categories, tags = list(data.pop("categories", [])), list(data.pop("tags", []))
        township = data.pop("township")
        if self.instance.pk is None:
            person = data.pop("person", None)
            name = data.pop("new_name", "")
            number = data.pop("new_id_number", "")
            phone = data.pop("new_phone", "")
            person_data = None
            if person is None:
                if not (name or number):
                    raise ApplicationError(
                        _("请选择人员，或填写新人员的姓名和公民身份号码"), field="person"
                    )
                person_data = {"name": name, "id_number": number, "phone": phone}
            return services.talent_create(
                actor=self.request.user,
                person=person,
                person_data=person_data,
                township=township,
                categories=categories,
                tags=tags,
                **data,
            )
        data.pop("person", None)
        talent = services.talent_update(
            actor=self.request.user, talent=self.instance, data={**data, "township": township}
        )
        return services.talent_set_tags(
            actor=self.request.user, talent=talent, categories=categories, tags=tags
        )


class _ChoiceFilter(admin.SimpleListFilter):
    field = ""

    def queryset(self, request, queryset):
        value = self.value()
        if value and str(value).isdigit():
            return queryset.filter(**{self.field: int(value)})
        return queryset


class CategoryFilter(_ChoiceFilter):
    title, parameter_name = _("人才类别"), "category"

    def lookups(self, request, model_admin):
        return [(c.pk, c.name) for c in TalentCategory.objects.all()]

    def queryset(self, request, queryset):
        value = self.value()
        if value and str(value).isdigit():
            return queryset.filter(selectors._in_category(int(value)))
        return queryset


class TagFilter(_ChoiceFilter):
    title, parameter_name = _("标签"), "tag"

    def lookups(self, request, model_admin):
        return [(t.pk, t.name) for t in TalentTag.objects.all()]

    def queryset(self, request, queryset):
        value = self.value()
        if value and str(value).isdigit():
            return queryset.filter(selectors._has_tag(int(value)))
        return queryset


class TownshipFilter(_ChoiceFilter):
    title, parameter_name, field = _("所在乡镇（街道）"), "township", "township_id"

    def lookups(self, request, model_admin):
        townships = Organization.objects.filter(kind__in=(OrgKind.TOWNSHIP, OrgKind.DISTRICT))
        return [(o.pk, selectors.short_name(o)) for o in townships.order_by("path")]


class LevelFilter(_ChoiceFilter):
    title, parameter_name, field = _("职称等级"), "level", "title_level__gte"

    def lookups(self, request, model_admin):
        return [(k, _("%(l)s及以上") % {"l": v}) for k, v in rules.title_levels().items() if k]


class OutsideFilter(admin.SimpleListFilter):
    title, parameter_name = _("在外籍贯人才"), "outside"

    def lookups(self, request, model_admin):
        return [("1", _("是")), ("0", _("否"))]

    def queryset(self, request, queryset):
        if self.value() in ("1", "0"):
            return queryset.filter(outside=self.value() == "1")
        return queryset


@register(Talent, site=site)
class TalentAdmin(RequestFormMixin, PoolPages, CapabilityAdmin):
    form = TalentForm
    view_capability, change_capability = VIEW, CHANGE
    list_display = [
        "name",
        "township_name",
        "village",
        "category_names",
        "tag_names",
        "title",
        "employer",
        "outside",
    ]
    list_filter = [CategoryFilter, TagFilter, TownshipFilter, LevelFilter, OutsideFilter]
    # The search box runs the pool's own search (get_search_results).
    search_fields = ["name_pinyin"]
    search_help_text = _("姓名（汉字、全拼或首字母，如 lzq）、工作单位、专长、职称或荣誉")
    autocomplete_fields = ["person", "township"]
    show_full_result_count = False
    # Links that carry the list's conditions to the saved searches and the export.
    list_before_template = "talent/pool_list_before.html"
    actions_list = ["match", "saved", "import_pool", "download_template", "export_pool"]

    def object_path(self, obj):
        return obj.township.path

    def get_queryset(self, request):
        return selectors.with_details(super().get_queryset(request)).order_by("name_pinyin", "id")

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        return queryset.filter(selectors.text_q(search_term)), False

    def get_readonly_fields(self, request, obj=None):
        return ["person"] if obj is not None else []

    def get_fields(self, request, obj=None):
        # The new person's fields are for adding a talent only (the form drops them on a
        # record that exists, and the page must not ask for them).
        fields = super().get_fields(request, obj)
        if obj is None:
            return fields
        return [f for f in fields if f not in ("new_name", "new_id_number", "new_phone")]

    @display(description=_("姓名"), ordering="name_pinyin")
    def name(self, obj):
        return obj.person.name

    @display(description=_("乡镇（街道）"))
    def township_name(self, obj):
        return selectors.short_name(obj.township)

    @display(description=_("类别"))
    def category_names(self, obj):
        return "、".join(c.name for c in obj.categories.all())

    @display(description=_("标签"))
    def tag_names(self, obj):
        return "、".join(t.name for t in obj.tags.all())


class CategoryForm(ServiceForm):
    class Meta:
        model = TalentCategory
        fields = ["code", "name", "kind", "order", "source"]

    def run_service(self, data):
        return services.category_save(
            actor=self.request.user, data=data, category=self.instance if self.instance.pk else None
        )


class TagForm(ServiceForm):
    class Meta:
        model = TalentTag
        fields = ["name", "group", "order"]

    def run_service(self, data):
        return services.tag_save(
            actor=self.request.user, data=data, tag=self.instance if self.instance.pk else None
        )


@register(TalentCategory, site=site)
class TalentCategoryAdmin(RequestFormMixin, CapabilityAdmin):
    form = CategoryForm
    view_capability, change_capability = TABLES, TABLES
    list_display = ["name", "kind", "order", "source"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]


@register(TalentTag, site=site)
class TalentTagAdmin(RequestFormMixin, CapabilityAdmin):
    form = TagForm
    view_capability, change_capability = TABLES, TABLES
    list_display = ["name", "group", "order"]
    list_filter = ["group"]
    search_fields = ["name"]


def sidebar_pool() -> dict:
    return {
        "title": _("人才工作·人才库"),
        "items": [
            item(_("人才库"), "groups", "admin:talent_talent_changelist", VIEW),
            item(_("人才匹配"), "join_inner", "admin:talent_talent_match", VIEW),
            item(_("保存的查询"), "bookmarks", "admin:talent_talent_saved", VIEW),
            item(
                _("导入人才库"),
                "upload_file",
                "admin:talent_talent_import_pool",
                caps.IMPORT_TALENT,
            ),
            item(_("人才类别"), "category", "admin:talent_talentcategory_changelist", TABLES),
            item(_("产业与技能标签"), "sell", "admin:talent_talenttag_changelist", TABLES),
        ],
    }


register_sidebar_group(40, sidebar_pool)
