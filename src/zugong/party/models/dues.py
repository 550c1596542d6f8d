"""Party dues: the monthly base of each member and the payments (中组发〔2008〕3号)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zugong.core.scope import ScopedManager


class DuesBase(models.Model):
    """The base (after-tax fixed monthly income, pension, or quarterly average) from a month on."""

    member = models.ForeignKey(
        "party.Member", on_delete=models.CASCADE, related_name="dues_bases", verbose_name=_("党员")
    )
    effective_from = models.DateField(_("起始月份"), help_text=_("新工资发放的当月起按新基数计算"))
    base = models.DecimalField(
        _("计算基数（元/月）"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    farmer_amount = models.DecimalField(
        _("农民党员月缴额（元）"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("每月0.2元至1元为党费；超过1元的部分记为自愿多交"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("经办人"),
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    objects = ScopedManager("member__person__organization__path")

    class Meta:
        verbose_name = _("党费基数")
        verbose_name_plural = _("党费基数")
        ordering = ["member", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "effective_from"], name="dues_base_unique_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.effective_from:%Y-%m} {self.base or self.farmer_amount}"


class DuesPayment(models.Model):
    class Kind(models.TextChoices):
        REGULAR = "regular", _("按月交纳")
        VOLUNTARY = "voluntary", _("自愿多交")

    member = models.ForeignKey(
        "party.Member",
        on_delete=models.PROTECT,
        related_name="dues_payments",
        verbose_name=_("党员"),
    )
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices, default=Kind.REGULAR)
    month = models.DateField(_("所属月份"), null=True, blank=True)
    due = models.DecimalField(
        _("应交（元）"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    amount = models.DecimalField(_("实交（元）"), max_digits=10, decimal_places=2)
    extra = models.DecimalField(
        _("其中自愿多交（元）"),
        max_digits=10,
        decimal_places=2,
        default=0,
        help_text=_("农民党员按月交纳超过1元的部分"),
    )
    paid_on = models.DateField(_("交纳日期"))
    to_central = models.BooleanField(
        _("全额上缴中央"), default=False, help_text=_("一次自愿多交1000元以上的，全额上缴中央")
    )
    backpay_reason = models.CharField(
        _("超期补交原因"),
        max_length=200,
        blank=True,
        help_text=_("补交超过6个月的党费时必填"),
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("经办人"),
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    objects = ScopedManager("member__person__organization__path")

    class Meta:
        verbose_name = _("党费交纳")
        verbose_name_plural = _("党费交纳")
        ordering = ["-paid_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "month"],
                condition=Q(kind="regular"),
                name="dues_one_payment_a_month",
            )
        ]
        indexes = [models.Index(fields=["member", "kind", "month"], name="dues_member_month")]

    def __str__(self) -> str:
        return (
            f"{self.member} {self.month:%Y-%m}" if self.month else f"{self.member} {self.paid_on}"
        )

    @property
    def regular_part(self):
        """What of a month's payment is dues (the rest, ``extra``, is voluntary)."""
        return self.amount - self.extra


class MemberIncome(models.Model):
    """A member's net income for a month or a quarter, recorded for members without a
    monthly wage: their dues base is the previous quarter's monthly average (Art. 4)."""

    class Period(models.IntegerChoices):
        MONTH = 1, _("月度")
        QUARTER = 3, _("季度")

    member = models.ForeignKey(
        "party.Member", on_delete=models.CASCADE, related_name="incomes", verbose_name=_("党员")
    )
    month = models.DateField(_("起始月份"), help_text=_("按季度登记的，填该季度第一个月"))
    period = models.PositiveSmallIntegerField(
        _("期间"), choices=Period.choices, default=Period.MONTH
    )
    amount = models.DecimalField(
        _("纯收入（元）"),
        max_digits=12,
        decimal_places=2,
        help_text=_("该月（按季度登记的为该季度合计）的纯收入"),
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("经办人"),
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    objects = ScopedManager("member__person__organization__path")

    class Meta:
        verbose_name = _("党员收入记录")
        verbose_name_plural = _("党员收入记录")
        ordering = ["member", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["member", "month"], name="dues_income_unique_month")
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.month:%Y-%m} {self.amount}"
