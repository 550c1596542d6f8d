"""Transfers of membership (组织关系转接) and floating members (流动党员)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zugong.core.scope import ScopedManager


class Transfer(models.Model):
    class Kind(models.TextChoices):
        WITHIN = "within", _("区内转接")
        OUT = "out", _("转出本区")
        IN = "in", _("从区外转入")

    class Status(models.TextChoices):
        ISSUED = "issued", _("已开具介绍信，待接收")
        RECEIVED = "received", _("已接收")
        CANCELLED = "cancelled", _("已撤回或退回")

    member = models.ForeignKey(
        "party.Member", on_delete=models.PROTECT, related_name="transfers", verbose_name=_("党员")
    )
    kind = models.CharField(_("类型"), max_length=8, choices=Kind.choices)
    from_organization = models.ForeignKey(
        "core.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("转出党组织"),
    )
    to_organization = models.ForeignKey(
        "core.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("转入党组织"),
    )
    outside_organization = models.CharField(_("区外党组织"), max_length=200, blank=True)
    letter_no = models.CharField(_("介绍信编号"), max_length=50)
    issued_on = models.DateField(_("开具日期"))
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.ISSUED
    )
    received_on = models.DateField(_("接收日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("经办人"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    # Both sides see a transfer between them.
    objects = ScopedManager("from_organization__path", "to_organization__path")

    class Meta:
        verbose_name = _("组织关系转接")
        verbose_name_plural = _("组织关系转接")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"], condition=Q(status="issued"), name="transfer_one_open_per_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.get_kind_display()} {self.letter_no}"


class FloatingRecord(models.Model):
    """Where a floating member is and who keeps in touch with them."""

    member = models.ForeignKey(
        "party.Member",
        on_delete=models.CASCADE,
        related_name="floating_records",
        verbose_name=_("党员"),
    )
    destination = models.CharField(_("流入地"), max_length=200)
    since = models.DateField(_("外出日期"))
    until = models.DateField(_("返回日期"), null=True, blank=True)
    fixed_place = models.BooleanField(
        _("外出地点相对固定"),
        null=True,
        blank=True,
        help_text=_(
            "外出6个月以上且地点相对固定的，应将组织关系转移到外出所在地党组织；未核实的请留空"
        ),
    )
    contact = models.ForeignKey(
        "core.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("联系人"),
    )
    last_contact_on = models.DateField(_("最近联系日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    objects = ScopedManager("member__person__organization__path")

    class Meta:
        verbose_name = _("流动党员登记")
        verbose_name_plural = _("流动党员登记")
        ordering = ["-since", "-id"]

    def __str__(self) -> str:
        return f"{self.member} → {self.destination}"
