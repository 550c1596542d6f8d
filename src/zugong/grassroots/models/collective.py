"""The village collective economy ledger (村级集体经济, seed point 4).

What the organization department needs from the rural collective asset system (三资):
each village's income by month and source, its contracts with their receipt schedules,
the support projects, the financial disclosures and the first secretaries of weak
villages. Bookkeeping stays in the 三资 system; its sheets are imported here.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from zugong.core.scope import ScopedManager

MONEY = {"max_digits": 14, "decimal_places": 2}


class IncomeSource(models.TextChoices):
    RESOURCE = "resource", _("资源发包")
    PROPERTY = "property", _("物业出租")
    SERVICE = "service", _("居间服务")
    SHARES = "shares", _("资产参股")
    OPERATING_OTHER = "operating_other", _("其他经营收入")
    SUBSIDY = "subsidy", _("补助收入")
    OTHER = "other", _("其他收入")


class CollectiveProfile(models.Model):
    """A village's collective economic organization."""

    organization = models.OneToOneField(
        "core.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("村党组织"),
    )
    cooperative = models.CharField(_("集体经济组织名称"), max_length=100)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    busy = models.BooleanField(
        _("收支频繁（按月公开）"),
        default=False,
        help_text=_("财务收支业务较多的村按月公开，其余按季度公开"),
    )

    objects = ScopedManager("organization__path")

    class Meta:
        verbose_name = _("村集体经济组织")
        verbose_name_plural = _("村集体经济组织")
        ordering = ["organization__path"]

    def __str__(self) -> str:
        return self.cooperative


class CollectiveIncome(models.Model):
    organization = models.ForeignKey(
        "core.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("村党组织")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"))
    source = models.CharField(_("收入来源"), max_length=20, choices=IncomeSource.choices)
    amount = models.DecimalField(_("金额（元）"), **MONEY)
    contract = models.ForeignKey(
        "grassroots.CollectiveContract",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="incomes",
        verbose_name=_("对应合同"),
    )
    voucher = models.CharField(_("凭证号"), max_length=40, blank=True)
    note = models.CharField(_("摘要"), max_length=200, blank=True)
    batch = models.CharField(_("导入批次"), max_length=40, blank=True)

    objects = ScopedManager("organization__path")

    class Meta:
        verbose_name = _("集体经济收入")
        verbose_name_plural = _("集体经济收入")
        ordering = ["-year", "-month", "organization__path"]
        indexes = [models.Index(fields=["year", "organization"], name="income_year_org")]

    def __str__(self) -> str:
        return f"{self.year}年{self.month}月 {self.get_source_display()} {self.amount}元"


class SupportProject(models.Model):
    """A project supporting a weak village (扶持村级集体经济发展项目)."""

    organization = models.ForeignKey(
        "core.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("村党组织")
    )
    year = models.PositiveSmallIntegerField(_("扶持年度"))
    name = models.CharField(_("项目名称"), max_length=100)
    subsidy = models.DecimalField(_("扶持资金（元）"), **MONEY)
    expected_return = models.DecimalField(_("预期年收益（元）"), default=0, **MONEY)
    actual_return = models.DecimalField(_("实际年收益（元）"), null=True, blank=True, **MONEY)
    started_on = models.DateField(_("实施日期"), null=True, blank=True)
    note = models.TextField(_("备注"), blank=True)

    objects = ScopedManager("organization__path")

    class Meta:
        verbose_name = _("扶持项目")
        verbose_name_plural = _("扶持项目")
        ordering = ["-year", "organization__path"]

    def __str__(self) -> str:
        return self.name


class CollectiveContract(models.Model):
    organization = models.ForeignKey(
        "core.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("村党组织")
    )
    code = models.CharField(_("合同编号"), max_length=40)
    counterparty = models.CharField(_("合同相对方"), max_length=100)
    subject = models.CharField(_("合同标的"), max_length=200)
    source = models.CharField(_("收入来源"), max_length=20, choices=IncomeSource.choices)
    signed_on = models.DateField(_("签订日期"))
    starts_on = models.DateField(_("起始日期"))
    ends_on = models.DateField(_("终止日期"))
    amount = models.DecimalField(_("合同总金额（元）"), **MONEY)
    deposit = models.DecimalField(_("保证金（元）"), default=0, **MONEY)
    batch = models.CharField(_("导入批次"), max_length=40, blank=True)

    objects = ScopedManager("organization__path")

    class Meta:
        verbose_name = _("集体经济合同")
        verbose_name_plural = _("集体经济合同")
        ordering = ["ends_on"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "code"], name="contract_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.subject}"


class ContractReceipt(models.Model):
    """One instalment of a contract's receipt schedule."""

    contract = models.ForeignKey(
        CollectiveContract,
        on_delete=models.CASCADE,
        related_name="receipts",
        verbose_name=_("合同"),
    )
    due_on = models.DateField(_("应收日期"))
    amount = models.DecimalField(_("应收金额（元）"), **MONEY)
    received_on = models.DateField(_("实收日期"), null=True, blank=True)
    received_amount = models.DecimalField(_("实收金额（元）"), null=True, blank=True, **MONEY)

    objects = ScopedManager("contract__organization__path")

    class Meta:
        verbose_name = _("合同收款计划")
        verbose_name_plural = _("合同收款计划")
        ordering = ["contract", "due_on"]

    def __str__(self) -> str:
        return f"{self.due_on:%Y-%m-%d} {self.amount}元"


class Disclosure(models.Model):
    """A financial disclosure (村务财务公开) for a period."""

    class Kind(models.TextChoices):
        REGULAR = "regular", _("定期公开")
        SPECIAL = "special", _("专项公开")

    organization = models.ForeignKey(
        "core.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("村党组织")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    period = models.CharField(_("公开期间"), max_length=10, help_text=_("如 Q1 或 03"))
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices, default=Kind.REGULAR)
    disclosed_on = models.DateField(_("公开日期"))
    summary = models.CharField(_("公开内容"), max_length=200, blank=True)

    objects = ScopedManager("organization__path")

    class Meta:
        verbose_name = _("财务公开")
        verbose_name_plural = _("财务公开")
        ordering = ["-year", "period"]

    def __str__(self) -> str:
        return f"{self.year}年{self.period} {self.get_kind_display()}"


class FirstSecretary(models.Model):
    """A first secretary (第一书记) sent to a village, e.g. a weak one."""

    organization = models.ForeignKey(
        "core.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("村党组织")
    )
    person = models.ForeignKey(
        "core.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("第一书记")
    )
    from_unit = models.CharField(_("派出单位"), max_length=100)
    started_on = models.DateField(_("到村日期"))
    ends_on = models.DateField(_("任期届满"), null=True, blank=True)
    left_on = models.DateField(_("离任日期"), null=True, blank=True)
    reason = models.CharField(
        _("选派原因"), max_length=100, blank=True, help_text=_("如集体经济薄弱村、软弱涣散村")
    )

    objects = ScopedManager("organization__path")

    class Meta:
        verbose_name = _("驻村第一书记")
        verbose_name_plural = _("驻村第一书记")
        ordering = ["-started_on"]

    def __str__(self) -> str:
        return f"{self.person.name}（{self.from_unit}）"
