"""The development of new members (发展党员): one case per person, its dated steps."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zugong.core.scope import ScopedManager


class Stage(models.TextChoices):
    APPLICANT = "applicant", _("入党申请人")
    ACTIVIST = "activist", _("入党积极分子")
    CANDIDATE = "candidate", _("发展对象")
    PROBATIONARY = "probationary", _("预备党员")
    FULL_MEMBER = "full_member", _("正式党员")
    CLOSED = "closed", _("已终止")


def _may_apply():
    """Who may start a case: a person not yet a member and with no case in progress (the
    autocomplete of the start form offers only them)."""
    open_stages = [Stage.APPLICANT, Stage.ACTIVIST, Stage.CANDIDATE, Stage.PROBATIONARY]
    # Unscoped on purpose: only whether the person already has a case is asked, for
    # persons the outer (scoped) query already holds.
    in_progress = DevelopmentCase.objects.unscoped().filter(
        person=models.OuterRef("pk"), stage__in=open_stages
    )
    return models.Q(membership__isnull=True) & ~models.Q(models.Exists(in_progress))


class DevelopmentCase(models.Model):
    person = models.ForeignKey(
        "core.Person",
        on_delete=models.PROTECT,
        related_name="development_cases",
        limit_choices_to=_may_apply,
        verbose_name=_("人员"),
    )
    stage = models.CharField(
        _("阶段"), max_length=16, choices=Stage.choices, default=Stage.APPLICANT
    )
    rule_set = models.CharField(
        _("适用细则"), max_length=16, help_text=_("按申请日期确定适用的规则版本")
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = ScopedManager("person__organization__path")

    class Meta:
        verbose_name = _("发展党员")
        verbose_name_plural = _("发展党员")
        ordering = ["person__organization__path", "person__name"]

    def __str__(self) -> str:
        return f"{self.person}（{self.get_stage_display()}）"


class DevelopmentStep(models.Model):
    case = models.ForeignKey(
        DevelopmentCase, on_delete=models.CASCADE, related_name="steps", verbose_name=_("发展对象")
    )
    step = models.CharField(_("环节"), max_length=24)
    occurred_on = models.DateField(_("日期"))
    details = models.JSONField(_("详情"), default=dict, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("记录人"),
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    objects = ScopedManager("case__person__organization__path")

    class Meta:
        verbose_name = _("发展环节")
        verbose_name_plural = _("发展环节")
        ordering = ["case", "occurred_on", "id"]

    def __str__(self) -> str:
        return f"{self.case.person} {self.step_label} {self.occurred_on:%Y-%m-%d}"

    @property
    def step_label(self) -> str:
        """The step's Chinese name from the rule sets (the code if no set knows it)."""
        from zugong.party.pipeline import RULE_SET_STEPS

        for steps in RULE_SET_STEPS.values():
            if self.step in steps:
                return str(steps[self.step].label)
        return self.step
