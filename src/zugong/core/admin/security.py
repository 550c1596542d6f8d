from __future__ import annotations

from axes.models import AccessAttempt, AccessLog
from django.contrib import messages
from django.contrib.admin import register
from django.utils.translation import gettext_lazy as _

from zugong.core import capabilities as caps
from zugong.core.admin.base import CapabilityAdmin
from zugong.core.admin.site import site
from zugong.core.services.access import lockout_clear


@register(AccessAttempt, site=site)
class AccessAttemptAdmin(CapabilityAdmin):
    view_capability = caps.MANAGE_SECURITY
    add_allowed = False
    list_display = ["username", "ip_address", "failures_since_start", "attempt_time"]
    search_fields = ["username", "ip_address"]
    readonly_fields = [
        "username",
        "ip_address",
        "user_agent",
        "failures_since_start",
        "attempt_time",
    ]
    fields = readonly_fields
    actions = ["unlock"]

    def has_change_permission(self, request, obj=None):
        return False

    def unlock(self, request, queryset):
        for username in set(queryset.values_list("username", flat=True)):
            lockout_clear(actor=request.user, username=username)
        messages.success(request, _("已解除所选账号的锁定"))

    unlock.short_description = _("解除锁定")


@register(AccessLog, site=site)
class AccessLogAdmin(CapabilityAdmin):
    view_capability = caps.MANAGE_SECURITY
    add_allowed = False
    list_display = ["username", "ip_address", "attempt_time", "logout_time"]
    search_fields = ["username", "ip_address"]
    date_hierarchy = "attempt_time"
    readonly_fields = ["username", "ip_address", "user_agent", "attempt_time", "logout_time"]
    fields = readonly_fields

    def has_change_permission(self, request, obj=None):
        return False
