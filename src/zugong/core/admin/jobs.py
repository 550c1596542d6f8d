from __future__ import annotations

from django.contrib.admin import register
from django.http import FileResponse, Http404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from unfold.decorators import display

from zugong.core import audit
from zugong.core.admin.base import CapabilityAdmin
from zugong.core.admin.site import site
from zugong.core.authz import requires
from zugong.core.capabilities import SIGNED_IN
from zugong.core.models import Job


@register(Job, site=site)
class JobAdmin(CapabilityAdmin):
    """A user sees the jobs they started, with progress and the result to download."""

    add_allowed = False
    own_rows = True
    list_display = [
        "title",
        "status_badge",
        "progress_bar",
        "message",
        "created_at",
        "finished_at",
        "download",
    ]
    fields = [
        "title",
        "status_badge",
        "progress_bar",
        "message",
        "created_at",
        "started_at",
        "finished_at",
        "download",
    ]
    readonly_fields = fields
    change_form_template = "core/admin/job_change_form.html"

    def _has(self, request, capability, obj=None):
        access = getattr(request, "access", None)
        return bool(access and access.grants) and (obj is None or obj.user_id == request.user.pk)

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).filter(user=request.user)

    @display(
        description=_("状态"),
        label={"排队中": "info", "执行中": "warning", "已完成": "success", "失败": "danger"},
    )
    def status_badge(self, obj):
        return obj.get_status_display()

    @display(description=_("进度"))
    def progress_bar(self, obj):
        return format_html(
            '<progress class="zg-progress" max="100" value="{}"></progress> {}%',
            obj.progress,
            obj.progress,
        )

    @display(description=_("结果文件"))
    def download(self, obj):
        if not obj.result_file:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:core_job_download", args=[obj.pk]), _("下载")
        )

    def get_urls(self):
        return [
            path(
                "<uuid:object_id>/download/",
                self.admin_site.admin_view(self.download_view),
                name="core_job_download",
            ),
            *super().get_urls(),
        ]

    @requires(requirement=SIGNED_IN)
    def download_view(self, request, object_id):
        job = Job.objects.filter(pk=object_id, user=request.user).first()
        if job is None or not job.result_file:
            raise Http404
        audit.log_action(audit.DOWNLOADED, obj=job, extra={"kind": job.kind, "title": job.title})
        return FileResponse(
            job.result_file.open("rb"),
            as_attachment=True,
            filename=job.result_file.name.rsplit("/", 1)[-1],
        )
