from __future__ import annotations

from django.contrib.admin import register
from django.utils.translation import gettext as _

from zugong.core import capabilities as caps
from zugong.core import workdays
from zugong.core.admin.base import CapabilityAdmin, RequestFormMixin, ServiceForm
from zugong.core.admin.site import site
from zugong.core.models import CalendarDay, CodeItem
from zugong.core.services.codes import calendar_day_delete, calendar_day_save, code_item_save


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
