"""The party organization tree of a district, kept as a materialized path.

Each node's ``path`` is its parent's path plus a fixed-width segment of four base-36
characters, so a subtree is one indexed prefix lookup (``path LIKE '0001000A%'``) and
moving a subtree is one UPDATE. The tree is small and written rarely; django-treebeard
was not used because its internals query through the default manager, which here is
the scoped manager, and assume they can see the whole table.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zugong.core.scope import ScopedManager

SEGMENT = 4
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def segment(number: int) -> str:
    digits = []
    for _position in range(SEGMENT):
        number, rest = divmod(number, len(ALPHABET))
        digits.append(ALPHABET[rest])
    if number:
        raise ValueError("too many children under one organization")
    return "".join(reversed(digits))


def segment_number(text: str) -> int:
    return int(text, 36)


class OrgKind(models.TextChoices):
    DISTRICT = "district_committee", _("区委")
    TOWNSHIP = "township_committee", _("乡镇（街道）党（工）委")
    GRASSROOTS = "grassroots_committee", _("基层党委")
    GENERAL_BRANCH = "general_branch", _("党总支")
    BRANCH = "branch", _("党支部")
    GROUP = "party_group", _("党小组")


# Which kinds may sit under which: a party group only inside a branch, a branch under
# any committee or general branch, and so on (《中国共产党章程》第三十条).
ALLOWED_CHILDREN: dict[str, set[str]] = {
    OrgKind.DISTRICT: {
        OrgKind.TOWNSHIP,
        OrgKind.GRASSROOTS,
        OrgKind.GENERAL_BRANCH,
        OrgKind.BRANCH,
    },
    OrgKind.TOWNSHIP: {OrgKind.GRASSROOTS, OrgKind.GENERAL_BRANCH, OrgKind.BRANCH},
    OrgKind.GRASSROOTS: {OrgKind.GRASSROOTS, OrgKind.GENERAL_BRANCH, OrgKind.BRANCH},
    OrgKind.GENERAL_BRANCH: {OrgKind.BRANCH},
    OrgKind.BRANCH: {OrgKind.GROUP},
    OrgKind.GROUP: set(),
}


class OrgCategory(models.TextChoices):
    VILLAGE = "village", _("村")
    COMMUNITY = "community", _("社区")
    ORGAN = "organ", _("机关")
    PUBLIC_INSTITUTION = "public_institution", _("事业单位")
    STATE_ENTERPRISE = "state_enterprise", _("国有企业")
    NON_PUBLIC_ENTERPRISE = "non_public_enterprise", _("非公有制企业")
    SOCIAL_ORGANIZATION = "social_organization", _("社会组织")
    SCHOOL = "school", _("学校")
    OTHER = "other", _("其他")


class OrgStatus(models.TextChoices):
    ACTIVE = "active", _("正常")
    MERGED = "merged", _("已合并")
    DISSOLVED = "dissolved", _("已撤销")


class Organization(models.Model):
    name = models.CharField(_("组织名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    code = models.CharField(_("组织编码"), max_length=32, unique=True)
    kind = models.CharField(_("组织类型"), max_length=32, choices=OrgKind.choices)
    category = models.CharField(
        _("组织类别"), max_length=32, choices=OrgCategory.choices, blank=True
    )
    host_unit = models.CharField(_("所在单位"), max_length=100, blank=True)
    region_code = models.CharField(
        _("行政区划代码"), max_length=12, blank=True, help_text=_("GB/T 2260")
    )
    founded_on = models.DateField(_("成立日期"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=OrgStatus.choices, default=OrgStatus.ACTIVE
    )
    ended_on = models.DateField(_("撤销/合并日期"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("并入组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("树路径"), max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(_("层级"), editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ScopedManager("path")

    class Meta:
        verbose_name = _("党组织")
        verbose_name_plural = _("党组织")
        ordering = ["path"]
        indexes = [models.Index(fields=["kind", "status"], name="org_kind_status")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.status == OrgStatus.ACTIVE

    def is_descendant_of(self, other: Organization) -> bool:
        return self.path.startswith(other.path) and self.path != other.path


class OrganizationEvent(models.Model):
    """The history of a node: founding, changes, moves, merges and dissolution."""

    class Kind(models.TextChoices):
        CREATED = "created", _("成立")
        UPDATED = "updated", _("信息变更")
        MOVED = "moved", _("调整隶属关系")
        MERGED = "merged", _("合并")
        DISSOLVED = "dissolved", _("撤销")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="events", verbose_name=_("党组织")
    )
    kind = models.CharField(_("事项"), max_length=16, choices=Kind.choices)
    occurred_on = models.DateField(_("发生日期"))
    document_no = models.CharField(_("批准文号"), max_length=100, blank=True)
    note = models.TextField(_("说明"), blank=True)
    details = models.JSONField(_("变更内容"), default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("经办人"),
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    objects = ScopedManager("organization__path")

    class Meta:
        verbose_name = _("组织沿革")
        verbose_name_plural = _("组织沿革")
        ordering = ["organization", "occurred_on", "id"]

    def __str__(self) -> str:
        return f"{self.organization} {self.get_kind_display()} {self.occurred_on}"
