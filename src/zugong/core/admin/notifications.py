"""我的消息: the user's notifications inside the system, read and marked read."""

from __future__ import annotations

from django import forms
from django.contrib.admin import register
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from unfold.decorators import display

from zugong.core import notify
from zugong.core.admin.base import CapabilityAdmin, action, form_action
from zugong.core.admin.site import site
from zugong.core.capabilities import SIGNED_IN
from zugong.core.models import Notification


@register(Notification, site=site)
class NotificationAdmin(CapabilityAdmin):
    add_allowed = False
    own_rows = True
    list_display = ["unread_mark", "title_link", "kind_label", "created_at", "read_at"]
    list_display_links = None
    list_filter = []
    search_fields = ["title", "body"]
    fields = ["title", "body", "link", "created_at", "read_at"]
    readonly_fields = fields
    actions_list = ["mark_all_read"]
    actions_detail = []

    def _has(self, request, capability, obj=None):
        access = getattr(request, "access", None)
        return bool(access and access.grants) and (
            obj is None or obj.recipient_id == request.user.pk
        )

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).filter(recipient=request.user)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)  # 404 for anyone else's
        if obj.read_at is None:
            notify.mark_read(request.user, [obj.pk])
        return super().change_view(request, object_id, form_url, extra_context)

    @display(description=_("状态"), label={"未读": "danger", "已读": "info"})
    def unread_mark(self, obj):
        return _("未读") if obj.read_at is None else _("已读")

    @display(description=_("标题"))
    def title_link(self, obj):
        return format_html(
            '<a class="zg-link" href="{}">{}</a>',
            reverse("admin:core_notification_change", args=[obj.pk]),
            obj.title,
        )

    @display(description=_("类别"))
    def kind_label(self, obj):
        return notify.kind_label(obj.kind)

    @display(description=_("相关页面"))
    def link(self, obj):
        if not obj.url:
            return "—"
        return format_html('<a class="zg-link" href="{}">{}</a>', obj.url, _("前往处理"))

    @action(capability=SIGNED_IN, description=_("全部标为已读"), icon="done_all")
    def mark_all_read(self, request):
        # A write: confirmed by a POST (a GET shows the confirmation, changes nothing).
        def call():
            notify.mark_read(request.user)

        return form_action(
            self,
            request,
            obj=None,
            form=forms.Form(request.POST if request.method == "POST" else None),
            call=call,
            title=_("全部标为已读"),
            done=_("已将全部消息标为已读"),
            success_url=reverse("admin:core_notification_changelist"),
            intro=_("将您的全部未读消息标为已读。"),
        )
