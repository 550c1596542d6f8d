"""Talents' own accounts on the portal (/talent/): a registration the talent office
approves, after which the account holds the "own records" role."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zugong.core.scope import ScopedManager


class AccountStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    ACTIVE = "active", _("已开通")
    REFUSED = "refused", _("未通过")
    DISABLED = "disabled", _("已停用")


class PortalAccount(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="portal",
        verbose_name=_("账号"),
    )
    talent = models.OneToOneField(
        "talent.Talent", on_delete=models.CASCADE, related_name="account", verbose_name=_("人才")
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=AccountStatus.choices, default=AccountStatus.PENDING
    )
    registered_at = models.DateTimeField(_("注册时间"), auto_now_add=True)
    self_registered = models.BooleanField(_("本人注册"), default=True)
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("审核人"),
    )
    refused_reason = models.CharField(_("未通过原因"), max_length=200, blank=True)

    objects = ScopedManager("talent__township__path", own="talent__person")

    class Meta:
        verbose_name = _("人才平台账号")
        verbose_name_plural = _("人才平台账号")
        ordering = ["-registered_at"]

    def __str__(self) -> str:
        return str(self.talent)
