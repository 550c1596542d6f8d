from __future__ import annotations

from django import forms
from django.contrib.admin import register
from django.utils.translation import gettext as _
from unfold.admin import TabularInline

from zugong.core import authz, workdays
from zugong.core import capabilities as caps
from zugong.core.admin.base import CapabilityAdmin, RequestFormMixin, ServiceForm
from zugong.core.admin.site import site
from zugong.core.errors import ApplicationError
from zugong.core.models import CalendarDay, CodeItem
from zugong.core.models.codes import CodeSynonym
from zugong.core.services.codes import (
    calendar_day_delete,
    calendar_day_save,
    check_synonym,
    code_item_save,
    code_synonym_delete,
    code_synonym_save,
)


class CodeSynonymForm(forms.ModelForm):
    class Meta:
        model = CodeSynonym
        fields = ["synonym", "note"]

    def clean(self):
        data = super().clean()
        if data.get("DELETE") or not data.get("synonym") or self.parent is None:
            return data
        try:
            data["synonym"] = check_synonym(
                item=self.parent, synonym=data["synonym"], pk=self.instance.pk
            )
        except ApplicationError as error:
            self.add_error("synonym", error.message)
        return data

    def _post_clean(self):
        pass  # the service checks and writes (CodeItemAdmin.save_formset)


class CodeSynonymInline(TabularInline):
    """The other words imports accept for this code (汉 → 汉族, 本科 → 大学本科毕业)."""

    model = CodeSynonym
    form = CodeSynonymForm
    fields = ["synonym", "note"]
    extra = 1
    tab = True

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = type("CodeSynonymForm", (formset.form,), {"parent": obj})
        return formset

    def _may(self, request):
        return authz.holds(request, caps.MANAGE_CODES, None)

    def has_view_permission(self, request, obj=None):
        return self._may(request)

    def has_add_permission(self, request, obj=None):
        return self._may(request)

    def has_change_permission(self, request, obj=None):
        return self._may(request)

    def has_delete_permission(self, request, obj=None):
        return self._may(request)


class CodeItemForm(ServiceForm):
    class Meta:
        model = CodeItem
        fields = ["table", "code", "name", "parent_code", "level", "sort", "is_active", "note"]

    def run_service(self, data):
        item = CodeItem.objects.get(pk=self.instance.pk) if self.instance.pk else CodeItem()
        return code_item_save(actor=self.request.user, item=item, data=data)


@register(CodeItem, site=site)
class CodeItemAdmin(RequestFormMixin, CapabilityAdmin):
    form = CodeItemForm
    view_capability = caps.MANAGE_CODES
    change_capability = caps.MANAGE_CODES
    list_display = ["table", "code", "name", "parent_code", "is_active"]
    list_filter = ["table", "is_active"]
    search_fields = ["code", "name"]
    list_per_page = 50
    inlines = [CodeSynonymInline]

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []  # synonyms of a saved code

    def save_formset(self, request, form, formset, change):
        if formset.model is not CodeSynonym:
            return super().save_formset(request, form, formset, change)
        # Each row through the service (authorized, checked in the form, audited).
        for row in formset.forms:
            synonym = row.instance
            if formset.can_delete and formset._should_delete_form(row):
                if synonym.pk:
                    code_synonym_delete(actor=request.user, item=synonym)
            elif row.has_changed():
                current = CodeSynonym.objects.get(pk=synonym.pk) if synonym.pk else CodeSynonym()
                code_synonym_save(
                    actor=request.user,
                    item=current,
                    data={"item": form.instance, **row.cleaned_data},
                )
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []


class CalendarDayForm(ServiceForm):
    class Meta:
        model = CalendarDay
        fields = ["day", "is_working", "name", "source"]

    def run_service(self, data):
        day = CalendarDay.objects.get(pk=self.instance.pk) if self.instance.pk else CalendarDay()
        return calendar_day_save(actor=self.request.user, day=day, data=data)


@register(CalendarDay, site=site)
class CalendarDayAdmin(RequestFormMixin, CapabilityAdmin):
    form = CalendarDayForm
    view_capability = caps.MANAGE_CODES
    change_capability = caps.MANAGE_CODES
    delete_allowed = True
    list_display = ["day", "name", "is_working", "source"]
    list_filter = ["is_working"]
    search_fields = ["name"]
    date_hierarchy = "day"
    list_per_page = 50

    def changelist_view(self, request, extra_context=None):
        years = sorted(workdays.covered_years())
        extra_context = {
            **(extra_context or {}),
            "subtitle": _("已录入年份：%(y)s。未录入的年份按周一至周五计算工作日。")
            % {"y": "、".join(str(y) for y in years) or _("无")},
        }
        return super().changelist_view(request, extra_context)

    def delete_model(self, request, obj):
        calendar_day_delete(actor=request.user, day=obj)

    def delete_queryset(self, request, queryset):
        for day in queryset:
            calendar_day_delete(actor=request.user, day=day)
