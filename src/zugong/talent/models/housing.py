"""Talent housing (人才公寓, seed point 15; next-modules R16): apartments and rooms,
applications checked for eligibility (education, employer, social insurance, no own
housing — settings), allocation from a waiting list, leases with occupants, periodic
re-review and exit."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from zugong.core.scope import ScopedManager


class Apartment(models.Model):
    township = models.ForeignKey(
        "core.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("所在乡镇（街道）"),
    )
    name = models.CharField(_("公寓名称"), max_length=100)
    address = models.CharField(_("地址"), max_length=200)

    objects = ScopedManager("township__path")

    class Meta:
        verbose_name = _("人才公寓")
        verbose_name_plural = _("人才公寓")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Room(models.Model):
    apartment = models.ForeignKey(
        Apartment, on_delete=models.CASCADE, related_name="rooms", verbose_name=_("公寓")
    )
    number = models.CharField(_("房号"), max_length=20)
    layout = models.CharField(_("户型"), max_length=20, help_text=_("如 一室一厅"))
    area = models.DecimalField(_("面积（平方米）"), max_digits=6, decimal_places=2)
    monthly_rent = models.DecimalField(_("月租金（元）"), max_digits=8, decimal_places=2, default=0)
    out_of_service = models.BooleanField(_("暂停使用"), default=False)

    objects = ScopedManager("apartment__township__path")

    class Meta:
        verbose_name = _("房间")
        verbose_name_plural = _("房间")
        ordering = ["apartment", "number"]
        constraints = [models.UniqueConstraint(fields=["apartment", "number"], name="room_unique")]

    def __str__(self) -> str:
        return f"{self.apartment} {self.number}"


class HousingStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已申请")
    WAITING = "waiting", _("轮候中")
    ALLOCATED = "allocated", _("已配租")
    REFUSED = "refused", _("不符合条件")
    WITHDRAWN = "withdrawn", _("已撤回")


class HousingApplication(models.Model):
    talent = models.ForeignKey(
        "talent.Talent",
        on_delete=models.PROTECT,
        related_name="housing_applications",
        verbose_name=_("人才"),
    )
    submitted_on = models.DateField(_("申请日期"))
    by_portal = models.BooleanField(_("本人在平台申请"), default=False)
    employer = models.CharField(_("工作单位"), max_length=100)
    employer_in_district = models.BooleanField(_("单位在本区"), default=True)
    insurance_months = models.PositiveSmallIntegerField(_("本区社保缴纳（月）"), default=0)
    owns_housing = models.BooleanField(_("本区有自有住房"), default=False)
    household = models.PositiveSmallIntegerField(_("共同居住人数"), default=1)
    status = models.CharField(
        _("状态"), max_length=10, choices=HousingStatus.choices, default=HousingStatus.SUBMITTED
    )
    eligibility = models.JSONField(_("资格审查"), default=list, blank=True, editable=False)
    queued_on = models.DateField(_("进入轮候日期"), null=True, blank=True, editable=False)
    decided_on = models.DateField(_("审查日期"), null=True, blank=True)
    refused_reason = models.TextField(_("不符合原因"), blank=True)

    objects = ScopedManager("talent__township__path", own="talent__person")

    class Meta:
        verbose_name = _("人才公寓申请")
        verbose_name_plural = _("人才公寓申请")
        ordering = ["-submitted_on", "-id"]

    def __str__(self) -> str:
        return f"{self.talent} {self.submitted_on:%Y-%m-%d}"


class Lease(models.Model):
    application = models.OneToOneField(
        HousingApplication, on_delete=models.PROTECT, related_name="lease", verbose_name=_("申请")
    )
    room = models.ForeignKey(
        Room, on_delete=models.PROTECT, related_name="leases", verbose_name=_("房间")
    )
    starts_on = models.DateField(_("起租日期"))
    ends_on = models.DateField(_("租期届满"))
    occupants = models.TextField(_("共同居住人"), blank=True, help_text=_("每行一人：姓名 关系"))
    next_review_on = models.DateField(_("下次资格复核"))
    exited_on = models.DateField(_("退租日期"), null=True, blank=True)
    exit_reason = models.CharField(_("退租原因"), max_length=200, blank=True)

    objects = ScopedManager(
        "application__talent__township__path", own="application__talent__person"
    )

    class Meta:
        verbose_name = _("租赁")
        verbose_name_plural = _("租赁")
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return f"{self.room} {self.starts_on:%Y-%m-%d}"


class LeaseReview(models.Model):
    lease = models.ForeignKey(
        Lease, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("租赁")
    )
    reviewed_on = models.DateField(_("复核日期"))
    eligible = models.BooleanField(_("仍符合条件"))
    note = models.CharField(_("说明"), max_length=200, blank=True)

    objects = ScopedManager("lease__application__talent__township__path")

    class Meta:
        verbose_name = _("资格复核")
        verbose_name_plural = _("资格复核")
        ordering = ["lease", "-reviewed_on"]

    def __str__(self) -> str:
        return f"{self.reviewed_on:%Y-%m-%d}"
