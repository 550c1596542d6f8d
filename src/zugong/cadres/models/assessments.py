"""Assessments (考核): annual, regular (quarterly), special and tenure."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from zugong.core.scope import ScopedManager


class AnnualGrade(models.TextChoices):
    """《公务员考核规定》(2020) 的四个等次, and the two ways a year may have none."""

    EXCELLENT = "excellent", _("优秀")
    COMPETENT = "competent", _("称职")
    BASIC = "basic", _("基本称职")
    INCOMPETENT = "incompetent", _("不称职")
    COMMENTS_ONLY = "comments_only", _("只写评语不定等次")
    UNGRADED = "ungraded", _("不参加考核或不定等次")


GRADED = (AnnualGrade.EXCELLENT, AnnualGrade.COMPETENT, AnnualGrade.BASIC, AnnualGrade.INCOMPETENT)


class UngradedReason(models.TextChoices):
    NONE = "", _("无")
    NEW_RECRUIT = "new_recruit", _("新录用试用期内")
    LEAVE = "leave", _("病假、事假累计超过考核年度半年")  # set from the leave days
    INVESTIGATION = "investigation", _("被立案审查调查尚未结案")
    SANCTION = "sanction", _("受处分期间不定等次")


class AnnualAssessment(models.Model):
    cadre = models.ForeignKey(
        "cadres.Cadre",
        on_delete=models.CASCADE,
        related_name="annual_assessments",
        verbose_name=_("干部"),
    )
    year = models.PositiveSmallIntegerField(_("考核年度"))
    unit = models.ForeignKey(
        "core.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("考核单位"),
        help_text=_("优秀比例按单位、年度和领导/非领导分别计算"),
    )
    is_leader = models.BooleanField(_("领导成员"), default=False)
    grade = models.CharField(_("考核等次"), max_length=16, choices=AnnualGrade.choices)
    ungraded_reason = models.CharField(
        _("不定等次原因"), max_length=16, choices=UngradedReason.choices, blank=True
    )
    sick_leave_days = models.PositiveSmallIntegerField(
        _("病假天数"), default=0, help_text=_("考核年度内累计病假天数")
    )
    personal_leave_days = models.PositiveSmallIntegerField(
        _("事假天数"), default=0, help_text=_("考核年度内累计事假天数")
    )
    comments = models.TextField(_("评语"), blank=True)
    recorded_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    objects = ScopedManager("cadre__unit__path")

    class Meta:
        verbose_name = _("年度考核")
        verbose_name_plural = _("年度考核")
        ordering = ["-year", "cadre"]
        constraints = [
            models.UniqueConstraint(fields=["cadre", "year"], name="annual_assessment_once")
        ]
        indexes = [models.Index(fields=["unit", "year"], name="annual_unit_year")]

    def __str__(self) -> str:
        return f"{self.year}年 {self.get_grade_display()}"


class RegularGrade(models.TextChoices):
    GOOD = "good", _("好")
    FAIRLY_GOOD = "fairly_good", _("较好")
    AVERAGE = "average", _("一般")
    POOR = "poor", _("较差")


class RegularAssessment(models.Model):
    """平时考核, usually by quarter (《公务员平时考核办法（试行）》)."""

    cadre = models.ForeignKey(
        "cadres.Cadre",
        on_delete=models.CASCADE,
        related_name="regular_assessments",
        verbose_name=_("干部"),
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(_("季度"), choices=[(q, q) for q in range(1, 5)])
    grade = models.CharField(_("等次"), max_length=16, choices=RegularGrade.choices)
    note = models.TextField(_("说明"), blank=True)

    objects = ScopedManager("cadre__unit__path")

    class Meta:
        verbose_name = _("平时考核")
        verbose_name_plural = _("平时考核")
        ordering = ["-year", "-quarter", "cadre"]
        constraints = [
            models.UniqueConstraint(
                fields=["cadre", "year", "quarter"], name="regular_assessment_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}年第{self.quarter}季度 {self.get_grade_display()}"


class SpecialAssessment(models.Model):
    class Kind(models.TextChoices):
        SPECIAL = "special", _("专项考核")
        TENURE = "tenure", _("任期考核")

    cadre = models.ForeignKey(
        "cadres.Cadre",
        on_delete=models.CASCADE,
        related_name="special_assessments",
        verbose_name=_("干部"),
    )
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    subject = models.CharField(_("考核事项"), max_length=200)
    on = models.DateField(_("考核时间"))
    result = models.CharField(_("结果"), max_length=100, help_text=_("等次、分数或评价"))
    report = models.TextField(_("考核报告或评语"), blank=True)

    objects = ScopedManager("cadre__unit__path")

    class Meta:
        verbose_name = _("专项和任期考核")
        verbose_name_plural = _("专项和任期考核")
        ordering = ["-on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.subject}"
