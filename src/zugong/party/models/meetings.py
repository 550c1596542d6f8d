"""Organizational life (组织生活): 三会一课, theme party days, organizational-life meetings,
democratic reviews of members and leading groups' democratic life meetings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zugong.core.scope import ScopedManager


class MeetingKind(models.TextChoices):
    BRANCH_GENERAL = "branch_general_meeting", _("支部党员大会")
    BRANCH_COMMITTEE = "branch_committee_meeting", _("支部委员会会议")
    GROUP = "group_meeting", _("党小组会")
    LECTURE = "party_lecture", _("党课")
    THEME_DAY = "theme_day", _("主题党日")
    ORG_LIFE = "org_life_meeting", _("组织生活会")
    MEMBER_REVIEW = "member_review", _("民主评议党员")
    DEMOCRATIC_LIFE = "democratic_life_meeting", _("民主生活会")


class Meeting(models.Model):
    organization = models.ForeignKey(
        "core.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("党组织")
    )
    kind = models.CharField(_("类型"), max_length=32, choices=MeetingKind.choices)
    held_on = models.DateField(_("日期"))
    topic = models.CharField(_("主题"), max_length=200)
    host = models.CharField(_("主持人/授课人"), max_length=50, blank=True)
    minutes = models.TextField(_("会议记录"), blank=True)
    attachment = models.FileField(_("附件"), upload_to="meetings/%Y/%m/", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("记录人"),
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    objects = ScopedManager("organization__path")

    class Meta:
        verbose_name = _("组织生活")
        verbose_name_plural = _("组织生活")
        ordering = ["-held_on", "-id"]
        indexes = [
            models.Index(fields=["held_on", "kind"], name="meeting_held_kind"),
            # The organizational-life counts group a year's meetings by organization
            # (index-only scans; migration 0005).
            models.Index(fields=["organization", "held_on", "kind"], name="meeting_org_held_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.topic}（{self.held_on:%Y-%m-%d}）"


class Attendance(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("会议")
    )
    person = models.ForeignKey(
        "core.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("人员")
    )
    present = models.BooleanField(_("出席"), default=True)
    absence_reason = models.CharField(_("缺席原因"), max_length=100, blank=True)

    objects = ScopedManager("meeting__organization__path")

    class Meta:
        verbose_name = _("出席情况")
        verbose_name_plural = _("出席情况")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person} {'出席' if self.present else '缺席'}"


class ReviewGrade(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    QUALIFIED = "qualified", _("合格")
    BASICALLY = "basically_qualified", _("基本合格")
    UNQUALIFIED = "unqualified", _("不合格")


class MemberReview(models.Model):
    """A member's grade in the yearly democratic review (民主评议党员)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("民主评议")
    )
    member = models.ForeignKey(
        "party.Member", on_delete=models.PROTECT, related_name="reviews", verbose_name=_("党员")
    )
    grade = models.CharField(_("等次"), max_length=24, choices=ReviewGrade.choices)

    objects = ScopedManager("meeting__organization__path")

    class Meta:
        verbose_name = _("民主评议等次")
        verbose_name_plural = _("民主评议等次")
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="review_unique")]

    def __str__(self) -> str:
        return f"{self.member} {self.get_grade_display()}"
