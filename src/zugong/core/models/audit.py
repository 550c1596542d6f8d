"""The audit log: append-only and hash-chained (SM3) so that tampering is detectable."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    at = models.DateTimeField(_("时间"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("操作人"),
    )
    actor_name = models.CharField(_("操作人账号"), max_length=150, blank=True)
    ip = models.CharField(_("来源地址"), max_length=45, blank=True)
    action = models.CharField(_("操作"), max_length=80, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=80, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    changes = models.JSONField(_("变更内容"), default=dict, blank=True)
    extra = models.JSONField(_("附加信息"), default=dict, blank=True)
    prev_hash = models.CharField(_("前一条摘要"), max_length=64)
    hash = models.CharField(_("本条摘要"), max_length=64)

    class Meta:
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        ordering = ["-id"]

    def __str__(self) -> str:
        # Beijing time (TIME_ZONE) and the action's Chinese name, as the audit pages show them.
        from zugong.core.audit import action_label

        at = timezone.localtime(self.at) if self.at else None
        return f"{at:%Y-%m-%d %H:%M:%S} {self.actor_name} {action_label(self.action)}"


class AuditChainHead(models.Model):
    """One row holding the newest hash; locking it serializes appends to the chain."""

    last_hash = models.CharField(max_length=64)
    last_entry_id = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("审计链头")
        verbose_name_plural = _("审计链头")

    def __str__(self) -> str:
        return f"{self.last_entry_id}:{self.last_hash[:12]}"
