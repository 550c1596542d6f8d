"""The record of each run of a scheduled scan (core.schedule): operations, not business data."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ScanRun(models.Model):
    """One run of a scan for one day. At most one run of a scan is queued or running at a
    time (the partial unique constraint is the lock, on SQLite and PostgreSQL alike)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("执行中")
        SUCCEEDED = "succeeded", _("已完成")
        FAILED = "failed", _("失败")
        ABANDONED = "abandoned", _("已中断")

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    name = models.CharField(_("扫描"), max_length=64)
    for_date = models.DateField(_("业务日期"))
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices)
    trigger = models.CharField(_("触发方式"), max_length=16, default="schedule")
    worker = models.CharField(_("执行进程"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    duration = models.FloatField(_("耗时（秒）"), null=True, blank=True)
    message = models.CharField(_("结果"), max_length=500, blank=True)
    result = models.JSONField(_("结果数据"), default=dict, blank=True)

    class Meta:
        verbose_name = _("定时扫描记录")
        verbose_name_plural = _("定时扫描记录")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["name", "status", "for_date"], name="scanrun_name_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(status__in=["queued", "running"]),
                name="scanrun_one_active",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.for_date}"
