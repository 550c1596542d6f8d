"""定时扫描记录: each run of a scheduled scan, for the system administrator.

Runs are operations, not business data: a name, a day, times, a status and the figures
the scan counted (how many items, how many tasks), never a person or a record."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.admin import register
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from unfold.decorators import display

from zugong.core import schedule
from zugong.core.admin.base import CapabilityAdmin, action, form_action
from zugong.core.admin.site import site
from zugong.core.models import ScanRun


@register(ScanRun, site=site)
class ScanRunAdmin(CapabilityAdmin):
    view_capability = schedule.VIEW_SCANS
    add_allowed = False
    list_display = [
        "name",
        "scan_title",
        "for_date",
        "status_badge",
        "trigger",
        "started_at",
        "duration",
        "message",
    ]
    list_filter = ["status", "name"]
    fields = [
        "name",
        "scan_title",
        "for_date",
        "status_badge",
        "trigger",
        "worker",
        "created_at",
        "started_at",
        "finished_at",
        "duration",
        "message",
        "result",
    ]
    readonly_fields = fields
    actions_list = ["run_due_now"]

    def has_change_permission(self, request, obj=None):
        return False

    @display(description=_("扫描名称"))
    def scan_title(self, obj):
        entry = schedule.discover().get(obj.name)
        return entry.title if entry else "—"

    @display(
        description=_("状态"),
        label={
            "排队中": "info",
            "执行中": "warning",
            "已完成": "success",
            "失败": "danger",
            "已中断": "danger",
        },
    )
    def status_badge(self, obj):
        return obj.get_status_display()

    @action(capability=schedule.RUN_SCANS, description=_("执行到期的扫描"), icon="play_arrow")
    def run_due_now(self, request):
        # A write: confirmed by a POST (a GET shows the confirmation, changes nothing).
        def call():
            queued = schedule.enqueue_due()
            if queued:
                names = "、".join(f"{r.name}（{r.for_date}）" for r in queued)
                messages.info(request, _("已交后台任务执行：%(n)s") % {"n": names})
            else:
                messages.info(request, _("没有到期的扫描"))

        return form_action(
            self,
            request,
            obj=None,
            form=forms.Form(request.POST if request.method == "POST" else None),
            call=call,
            title=_("执行到期的扫描"),
            done=_("已处理到期的扫描"),
            success_url=reverse("admin:core_scanrun_changelist"),
            intro=_("把今天到期而尚未执行的扫描交给后台任务执行。"),
        )
