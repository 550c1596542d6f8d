"""Public notice before appointment (任前公示): one notice per proposed appointment,
with the objections received during it and how each was handled.

《党政领导干部选拔任用工作条例》: a promotion is noticed after the Party committee's
decision and before the appointment notice, for at least five working days; the result
decides whether the appointment goes ahead.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from zugong.core.scope import ScopedManager


class NoticeExemption(models.TextChoices):
    """Why a promotion was made without a notice in the system (recorded on the post)."""

    NONE = "", _("无（须经任前公示）")
    SPECIAL_POST = "special_post", _("特殊岗位，不进行公示")
    GENERAL_ELECTION = "general_election", _("换届考察时已进行公示")
    EARLIER_RECORD = "earlier_record", _("补录以往任职（公示情况见干部档案）")


class AppointmentNotice(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("公示中")
        PASSED = "passed", _("公示结束，不影响任职")
        FAILED = "failed", _("公示结果影响任职")

    class DayKind(models.TextChoices):
        WORKING = "working", _("工作日")
        CALENDAR = "calendar", _("自然日")

    cadre = models.ForeignKey(
        "cadres.Cadre",
        on_delete=models.CASCADE,
        related_name="notices",
        verbose_name=_("干部"),
    )
    current_post = models.CharField(
        _("现任职务"), max_length=324, blank=True, help_text=_("公示时的单位及职务")
    )
    proposed_post = models.CharField(_("拟任职务"), max_length=324)
    proposed_level = models.CharField(
        _("拟任职务层次"),
        max_length=24,
        help_text=_("与任职时登记的职务层次一致"),
    )
    decided_on = models.DateField(
        _("党委（党组）决定日期"), null=True, blank=True, help_text=_("讨论决定拟任人选之日")
    )
    starts_on = models.DateField(_("公示开始日期"))
    ends_on = models.DateField(_("公示结束日期"), editable=False)
    days = models.PositiveSmallIntegerField(_("公示天数"), editable=False)
    day_kind = models.CharField(
        _("天数计算方式"), max_length=10, choices=DayKind.choices, editable=False
    )
    scope_text = models.CharField(
        _("公示范围"), max_length=200, blank=True, help_text=_("如“区内主要媒体、单位公示栏”")
    )
    contact = models.CharField(
        _("受理意见的联系方式"),
        max_length=200,
        help_text=_("受理单位、电话、地址，如“区委组织部干部监督室，电话0773-1234567”"),
    )
    exceptional = models.BooleanField(_("破格提拔"), default=False)
    exceptional_reason = models.TextField(
        _("破格提拔的具体情形和理由"), blank=True, help_text=_("破格提拔的，应当在公示中说明")
    )
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices, default=Status.OPEN)
    closed_on = models.DateField(_("公示结果认定日期"), null=True, blank=True)
    result_note = models.TextField(_("公示结果说明"), blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = ScopedManager("cadre__unit__path")

    class Meta:
        verbose_name = _("任前公示")
        verbose_name_plural = _("任前公示")
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["cadre", "proposed_level"], name="notice_cadre_level")]

    def __str__(self) -> str:
        return f"{self.proposed_post}（{self.starts_on:%Y-%m-%d}至{self.ends_on:%Y-%m-%d}）"


class NoticeObjection(models.Model):
    """One objection (反映) received during a notice, and how it was handled."""

    class Channel(models.TextChoices):
        LETTER = "letter", _("来信")
        VISIT = "visit", _("来访")
        PHONE = "phone", _("来电")
        ONLINE = "online", _("网络")

    notice = models.ForeignKey(
        AppointmentNotice,
        on_delete=models.CASCADE,
        related_name="objections",
        verbose_name=_("任前公示"),
    )
    received_on = models.DateField(_("收到日期"))
    channel = models.CharField(_("反映方式"), max_length=8, choices=Channel.choices)
    content = models.TextField(_("反映内容"))
    handled_on = models.DateField(_("核查办结日期"), null=True, blank=True)
    handling_result = models.TextField(_("核查处理结果"), blank=True)
    affects_appointment = models.BooleanField(_("影响任职"), default=False)

    objects = ScopedManager("notice__cadre__unit__path")

    class Meta:
        verbose_name = _("公示期间反映")
        verbose_name_plural = _("公示期间反映")
        ordering = ["notice", "received_on", "id"]

    def __str__(self) -> str:
        return f"{self.received_on:%Y-%m-%d} {self.get_channel_display()}"
