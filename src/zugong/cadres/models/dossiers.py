"""The personnel dossier (干部人事档案): its materials and lending log."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from zugong.core.scope import ScopedManager


class DossierCategory(models.TextChoices):
    """The ten categories of 《干部人事档案工作条例》(2018) 第十五条."""

    RESUME = "01", _("一、履历类材料")
    AUTOBIOGRAPHY = "02", _("二、自传和思想类材料")
    ASSESSMENT = "03", _("三、考核鉴定类材料")
    EDUCATION = "04", _("四、学历学位、专业技术职务（职称）、学习培训等材料")
    REVIEW = "05", _("五、政审、审计和审核类材料")
    PARTY = "06", _("六、党、团类材料")
    REWARDS = "07", _("七、表彰奖励类材料")
    DISCIPLINE = "08", _("八、违规违纪违法处理处分类材料")
    APPOINTMENT = "09", _("九、工资、任免、出国和会议代表类材料")
    OTHER = "10", _("十、其他可供组织参考的材料")


class DossierMaterial(models.Model):
    cadre = models.ForeignKey(
        "cadres.Cadre",
        on_delete=models.CASCADE,
        related_name="dossier_materials",
        verbose_name=_("干部"),
    )
    category = models.CharField(_("类别"), max_length=2, choices=DossierCategory.choices)
    title = models.CharField(_("材料名称"), max_length=200)
    formed_on = models.DateField(_("形成时间"))
    received_on = models.DateField(_("收到（归档）时间"))
    pages = models.PositiveSmallIntegerField(_("页数"))
    sent_by = models.CharField(_("送交单位"), max_length=100, blank=True)

    objects = ScopedManager("cadre__unit__path")

    class Meta:
        verbose_name = _("档案材料")
        verbose_name_plural = _("档案材料")
        ordering = ["cadre", "category", "formed_on"]

    def __str__(self) -> str:
        return self.title


class DossierLoan(models.Model):
    cadre = models.ForeignKey(
        "cadres.Cadre",
        on_delete=models.CASCADE,
        related_name="dossier_loans",
        verbose_name=_("干部"),
    )
    borrower = models.CharField(_("借阅人"), max_length=50)
    borrower_unit = models.CharField(_("借阅单位"), max_length=100)
    purpose = models.CharField(_("借阅事由"), max_length=200)
    approved_by = models.CharField(_("审批人"), max_length=50)
    lent_on = models.DateField(_("借出日期"))
    due_on = models.DateField(_("应归还日期"))
    returned_on = models.DateField(_("归还日期"), null=True, blank=True)

    objects = ScopedManager("cadre__unit__path")

    class Meta:
        verbose_name = _("档案借阅")
        verbose_name_plural = _("档案借阅")
        ordering = ["returned_on", "due_on"]

    def __str__(self) -> str:
        return f"{self.borrower} {self.lent_on:%Y-%m-%d}"
