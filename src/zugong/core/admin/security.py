from __future__ import annotations

from axes.models import AccessAttempt, AccessLog
from django.apps import apps
from django.contrib import messages
from django.contrib.admin import display as admin_display
from django.contrib.admin import register
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zugong.core import capabilities as caps
from zugong.core.admin.base import CapabilityAdmin
from zugong.core.admin.site import site
from zugong.core.services.access import lockout_clear

# django-axes names its app, its models' field and model names in English; the field and
# model names are translated in the project's catalogue (locale/zh_Hans), the app's name
# and the records' titles (their __str__, English f-strings in axes) here.
apps.get_app_config("axes").verbose_name = _("登录安全")


def _when(value) -> str:
    return date_format(timezone.localtime(value), "Y-m-d H:i:s") if value else ""


def _attempt_title(self) -> str:
    return gettext("%(u)s 的登录失败记录（%(t)s）") % {
        "u": self.username or "-",
        "t": _when(self.attempt_time),
    }


def _log_title(self) -> str:
    return gettext("%(u)s 的登录记录（%(t)s）") % {
        "u": self.username or "-",
        "t": _when(self.attempt_time),
    }


AccessAttempt.__str__ = _attempt_title
AccessLog.__str__ = _log_title


def _user_agent(obj) -> str:
    # axes records "<unknown>" when the browser sent none.
    return gettext("（未提供）") if obj.user_agent in ("", "<unknown>") else obj.user_agent


@register(AccessAttempt, site=site)
class AccessAttemptAdmin(CapabilityAdmin):
    view_capability = caps.MANAGE_SECURITY
    add_allowed = False
    list_display = ["username", "ip_address", "failures_since_start", "attempt_time"]
    search_fields = ["username", "ip_address"]
    readonly_fields = [
        "username",
        "ip_address",
        "browser",
        "failures_since_start",
        "attempt_time",
    ]
    fields = readonly_fields
    actions = ["unlock"]

    def has_change_permission(self, request, obj=None):
        return False

    @admin_display(description=_("浏览器标识"))
    def browser(self, obj):
        return _user_agent(obj)

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
    readonly_fields = ["username", "ip_address", "browser", "attempt_time", "logout_time"]
    fields = readonly_fields

    def has_change_permission(self, request, obj=None):
        return False

    @admin_display(description=_("浏览器标识"))
    def browser(self, obj):
        return _user_agent(obj)
