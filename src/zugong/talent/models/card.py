"""The talent card (人才卡, seed point 15): tiers and their entitlements as data, the
cards with their life (application, review, issue, renewal, change reports, loss and
reissue, invalidity), dependants' cards, service requests per entitlement with a time
limit by rule, and the log of verifications by handling units (next-modules R14)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zugong.core.scope import ScopedManager


class Entitlement(models.Model):
    """A service a card may carry (医疗绿色通道、子女入学、配偶就业 …)."""

    code = models.SlugField(_("代码"), max_length=20, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    handling_unit = models.CharField(_("承办单位"), max_length=100)
    time_limit_days = models.PositiveSmallIntegerField(_("办理时限（工作日）"), default=10)
    description = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("服务事项")
        verbose_name_plural = _("服务事项")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class CardTier(models.Model):
    code = models.SlugField(_("类别代码"), max_length=10, unique=True)
    name = models.CharField(_("名称"), max_length=30)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    criteria = models.TextField(_("认定标准"), blank=True)
    entitlements = models.ManyToManyField(
        Entitlement, blank=True, related_name="tiers", verbose_name=_("享受服务")
    )
    dependant_cards = models.BooleanField(_("可办理家属附卡"), default=False)
    source = models.CharField(_("依据"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("人才卡类别")
        verbose_name_plural = _("人才卡类别")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class CardStatus(models.TextChoices):
    APPLIED = "applied", _("已申请")
    REVIEWED = "reviewed", _("已审核")
    ISSUED = "issued", _("有效")
    REFUSED = "refused", _("未通过")
    LOST = "lost", _("已挂失")
    EXPIRED = "expired", _("已过期")
    INVALID = "invalid", _("已失效")
    REPLACED = "replaced", _("已换发")


class Relation(models.TextChoices):
    SPOUSE = "spouse", _("配偶")
    CHILD = "child", _("未成年子女")
    PARENT = "parent", _("父母")


class TalentCard(models.Model):
    talent = models.ForeignKey(
        "talent.Talent", on_delete=models.PROTECT, related_name="cards", verbose_name=_("人才")
    )
    tier = models.ForeignKey(
        CardTier, on_delete=models.PROTECT, related_name="cards", verbose_name=_("类别")
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=CardStatus.choices, default=CardStatus.APPLIED
    )
    number = models.CharField(_("卡号"), max_length=20, blank=True, db_index=True, editable=False)
    applied_on = models.DateField(_("申请日期"))
    by_portal = models.BooleanField(_("本人在平台申请"), default=False)
    reason = models.TextField(_("申请理由"), blank=True)
    contract_until = models.DateField(
        _("劳动（聘用）合同期满"), null=True, blank=True, help_text=_("卡的有效期不超过合同期")
    )
    reviewed_on = models.DateField(_("审核日期"), null=True, blank=True)
    review_opinion = models.TextField(_("审核意见"), blank=True)
    issued_on = models.DateField(_("发卡日期"), null=True, blank=True)
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    ended_on = models.DateField(_("终止日期"), null=True, blank=True)
    end_reason = models.CharField(_("终止原因"), max_length=200, blank=True)
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("原卡"),
    )
    # A dependant's attached card (附卡) hangs on the holder's card.
    holder_card = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="dependants",
        verbose_name=_("主卡"),
    )
    dependant_name = models.CharField(_("家属姓名"), max_length=50, blank=True)
    dependant_relation = models.CharField(
        _("与持卡人关系"), max_length=10, choices=Relation.choices, blank=True
    )
    # A per-card secret mixed into the QR signature: reissuing or invalidating a card
    # changes it, so an old code stops verifying.
    nonce = models.CharField(max_length=32, editable=False, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = ScopedManager("talent__township__path", own="talent__person")

    class Meta:
        verbose_name = _("人才卡")
        verbose_name_plural = _("人才卡")
        ordering = ["-applied_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["number"], condition=~models.Q(number=""), name="card_number_unique"
            )
        ]
        indexes = [models.Index(fields=["status", "valid_until"], name="card_status_valid")]

    def __str__(self) -> str:
        return self.number or f"{self.talent} {self.tier}"


class CardChange(models.Model):
    """A change the holder reports (employer, post, contract) — within 10 days by rule."""

    card = models.ForeignKey(
        TalentCard, on_delete=models.CASCADE, related_name="changes", verbose_name=_("人才卡")
    )
    changed_on = models.DateField(_("变更日期"))
    reported_on = models.DateField(_("报告日期"))
    item = models.CharField(_("变更事项"), max_length=50)
    old_value = models.CharField(_("原内容"), max_length=100, blank=True)
    new_value = models.CharField(_("新内容"), max_length=100)
    late = models.BooleanField(_("逾期报告"), default=False, editable=False)
    still_eligible = models.BooleanField(_("仍符合条件"), default=True)

    objects = ScopedManager("card__talent__township__path", own="card__talent__person")

    class Meta:
        verbose_name = _("变更报告")
        verbose_name_plural = _("变更报告")
        ordering = ["card", "-reported_on"]

    def __str__(self) -> str:
        return self.item


class RequestStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已提交")
    ACCEPTED = "accepted", _("办理中")
    DONE = "done", _("已办结")
    REJECTED = "rejected", _("不予办理")


class ServiceRequest(models.Model):
    card = models.ForeignKey(
        TalentCard, on_delete=models.PROTECT, related_name="requests", verbose_name=_("人才卡")
    )
    entitlement = models.ForeignKey(
        Entitlement, on_delete=models.PROTECT, related_name="+", verbose_name=_("服务事项")
    )
    content = models.TextField(_("需求"))
    submitted_on = models.DateField(_("提交日期"))
    by_portal = models.BooleanField(_("本人在平台提交"), default=False)
    handling_unit = models.CharField(_("承办单位"), max_length=100, editable=False)
    due_on = models.DateField(_("办理期限"), editable=False)
    status = models.CharField(
        _("状态"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.SUBMITTED
    )
    handled_on = models.DateField(_("办结日期"), null=True, blank=True)
    result = models.TextField(_("办理结果"), blank=True)

    objects = ScopedManager("card__talent__township__path", own="card__talent__person")

    class Meta:
        verbose_name = _("服务事项办理")
        verbose_name_plural = _("服务事项办理")
        ordering = ["-submitted_on", "-id"]
        indexes = [models.Index(fields=["status", "due_on"], name="service_status_due")]

    def __str__(self) -> str:
        return f"{self.entitlement} {self.submitted_on:%Y-%m-%d}"


class Verification(models.Model):
    """One check of a card's QR code by a handling unit (logged whatever the result)."""

    card = models.ForeignKey(
        TalentCard,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="verifications",
        verbose_name=_("人才卡"),
    )
    verified_at = models.DateTimeField(_("核验时间"), auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("核验人"),
    )
    unit = models.CharField(_("核验单位"), max_length=100, blank=True)
    result = models.CharField(_("结果"), max_length=20)
    detail = models.CharField(_("说明"), max_length=200, blank=True)

    objects = ScopedManager("card__talent__township__path")

    class Meta:
        verbose_name = _("核验记录")
        verbose_name_plural = _("核验记录")
        ordering = ["-verified_at"]

    def __str__(self) -> str:
        # The result is a code (services.card_verify.RESULT_LABELS reads it to people).
        return (
            f"{self.unit or '核验'} {self.verified_at:%Y-%m-%d %H:%M}"
            if self.verified_at
            else "核验"
        )
