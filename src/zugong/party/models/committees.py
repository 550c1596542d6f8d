"""Branch committees (班子): who was elected to which post, when, and when the term ends."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from zugong.core.scope import ScopedManager


class CommitteePost(models.TextChoices):
    SECRETARY = "secretary", _("书记")
    DEPUTY = "deputy", _("副书记")
    ORGANIZATION = "organization", _("组织委员")
    PUBLICITY = "publicity", _("宣传委员")
    DISCIPLINE = "discipline", _("纪检委员")
    MEMBER = "member", _("委员")


class BranchCommittee(models.Model):
    organization = models.ForeignKey(
        "core.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("党组织")
    )
    elected_on = models.DateField(_("选举日期"))
    term_years = models.PositiveSmallIntegerField(
        _("任期（年）"), help_text=_("按选举时适用的规定确定")
    )
    document_no = models.CharField(_("批复文号"), max_length=100, blank=True)
    postponed_until = models.DateField(_("批准延期至"), null=True, blank=True)
    postponement_document = models.CharField(_("延期批准文号"), max_length=100, blank=True)
    ended_on = models.DateField(
        _("届满换届日期"), null=True, blank=True, help_text=_("下一届选出之日")
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = ScopedManager("organization__path")

    class Meta:
        verbose_name = _("支部班子")
        verbose_name_plural = _("支部班子")
        ordering = ["organization__path", "-elected_on"]
        indexes = [models.Index(fields=["ended_on"], name="committee_current")]

    def __str__(self) -> str:
        return f"{self.organization}（{self.elected_on:%Y-%m-%d}选举）"


class CommitteeSeat(models.Model):
    committee = models.ForeignKey(
        BranchCommittee, on_delete=models.CASCADE, related_name="seats", verbose_name=_("班子")
    )
    person = models.ForeignKey(
        "core.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("人员")
    )
    post = models.CharField(_("职务"), max_length=16, choices=CommitteePost.choices)

    objects = ScopedManager("committee__organization__path")

    class Meta:
        verbose_name = _("班子成员")
        verbose_name_plural = _("班子成员")
        ordering = ["committee", "post", "id"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "person"], name="seat_unique_person")
        ]

    def __str__(self) -> str:
        return f"{self.person}（{self.get_post_display()}）"
