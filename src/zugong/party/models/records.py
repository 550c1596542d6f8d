"""Study and training, honours, visits and major-matter reports."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zugong.core.scope import ScopedManager


class StudyRecord(models.Model):
    class Kind(models.TextChoices):
        THEME_EDUCATION = "theme_education", _("主题教育")
        COURSE = "course", _("培训班")
        LECTURE = "lecture", _("专题讲座")
        ONLINE = "online", _("网络学习")

    person = models.ForeignKey(
        "core.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("人员")
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("名称"), max_length=200)
    organizer = models.CharField(_("举办单位"), max_length=100, blank=True)
    started_on = models.DateField(_("开始日期"))
    ended_on = models.DateField(_("结束日期"))
    hours = models.DecimalField(_("学时"), max_digits=6, decimal_places=1)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("记录人"),
    )

    objects = ScopedManager("person__organization__path")

    class Meta:
        verbose_name = _("学习培训")
        verbose_name_plural = _("学习培训")
        ordering = ["-started_on", "id"]

    def __str__(self) -> str:
        return f"{self.person} {self.title}"


class Honour(models.Model):
    class Kind(models.TextChoices):
        OUTSTANDING_MEMBER = "outstanding_member", _("优秀共产党员")
        OUTSTANDING_WORKER = "outstanding_worker", _("优秀党务工作者")
        ADVANCED_ORGANIZATION = "advanced_organization", _("先进基层党组织")

    kind = models.CharField(_("表彰类别"), max_length=24, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    person = models.ForeignKey(
        "core.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("受表彰个人"),
    )
    organization = models.ForeignKey(
        "core.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("受表彰党组织"),
    )
    awarded_by = models.CharField(_("表彰机关"), max_length=100)
    document_no = models.CharField(_("表彰文号"), max_length=100, blank=True)
    awarded_on = models.DateField(_("表彰日期"))

    objects = ScopedManager("person__organization__path", "organization__path")

    class Meta:
        verbose_name = _("表彰")
        verbose_name_plural = _("表彰")
        ordering = ["-year", "kind", "id"]

    def __str__(self) -> str:
        return f"{self.year}年{self.get_kind_display()}：{self.person or self.organization}"


class Visit(models.Model):
    """走访慰问: who visited whom, when, why, and what was given."""

    class Reason(models.TextChoices):
        VETERAN = "veteran", _("老党员")
        HARDSHIP = "hardship", _("生活困难党员")
        SICK = "sick", _("患病党员")
        FESTIVAL = "festival", _("节日慰问")
        OTHER = "other", _("其他")

    person = models.ForeignKey(
        "core.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("慰问对象")
    )
    visitors = models.CharField(_("走访人"), max_length=200)
    visited_on = models.DateField(_("走访日期"))
    reason = models.CharField(_("慰问类别"), max_length=16, choices=Reason.choices)
    amount = models.DecimalField(_("慰问金（元）"), max_digits=10, decimal_places=2, default=0)
    goods = models.CharField(_("慰问品"), max_length=200, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    objects = ScopedManager("person__organization__path")

    class Meta:
        verbose_name = _("走访慰问")
        verbose_name_plural = _("走访慰问")
        ordering = ["-visited_on", "id"]

    def __str__(self) -> str:
        return f"{self.person} {self.visited_on}"


class MajorMatterReport(models.Model):
    """重大事项请示报告: submitted by an organization, reviewed by the one above it."""

    class Kind(models.TextChoices):
        REQUEST = "request", _("请示")
        REPORT = "report", _("报告")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("待审核")
        RETURNED = "returned", _("已退回")
        APPROVED = "approved", _("已同意")
        ACKNOWLEDGED = "acknowledged", _("已阅知")

    organization = models.ForeignKey(
        "core.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("报送党组织"),
    )
    reviewer = models.ForeignKey(
        "core.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("审核党组织"),
    )
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("标题"), max_length=200)
    content = models.TextField(_("内容"))
    submitted_on = models.DateField(_("报送日期"))
    due_on = models.DateField(_("答复期限"))
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.SUBMITTED
    )
    comments = models.TextField(_("审核意见"), blank=True)
    reviewed_on = models.DateField(_("审核日期"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("报送人"),
    )

    # The submitting organization and the reviewing one both see it.
    objects = ScopedManager("organization__path", "reviewer__path")

    class Meta:
        verbose_name = _("重大事项请示报告")
        verbose_name_plural = _("重大事项请示报告")
        ordering = ["-submitted_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.title}"
