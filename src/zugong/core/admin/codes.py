from __future__ import annotations

from django.contrib.admin import register

from zugong.core import capabilities as caps
from zugong.core.admin.base import CapabilityAdmin, RequestFormMixin, ServiceForm
from zugong.core.admin.site import site
from zugong.core.models import CodeItem
from zugong.core.services.codes import code_item_save


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
