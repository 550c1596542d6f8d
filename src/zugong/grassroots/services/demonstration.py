"""The demonstration chain (区有品牌、乡有典型、村有特色、屯有亮点): sites in one tree,
their projects, and the review that suspends a site whose village's published star
falls below the configured star or whose organization is listed weak and lax. Every
write is audited (DEMONSTRATION_SAVED) and atomic."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from zugong.core import audit
from zugong.core.errors import ApplicationError
from zugong.core.models import Organization, OrgCategory, OrgKind
from zugong.core.rules import Rule
from zugong.core.services.access import authorize
from zugong.grassroots import capabilities as caps
from zugong.grassroots.models.demonstration import DemoLevel, DemoProject, DemoSite, DemoStatus
from zugong.grassroots.models.rating import Rating, RatingStatus, WeakLaxListing, WeakLaxStatus
from zugong.grassroots.services.collective import money, text

# The rules files are another engineer's: this constant lives here, with its source.
DEMO_MIN_STAR = Rule(
    3,
    "本系统示范创建管理口径",
    "issue 14: a demonstration site is suspended when its village's latest published star "
    "falls below this star or it is listed weak and lax; Guangxi's text was not found [M]; "
    "ZUGONG_DEMO_MIN_STAR overrides",
)

# The level each level sits under (a district brand at the top).
PARENT_LEVEL = {
    DemoLevel.DISTRICT: None,
    DemoLevel.TOWNSHIP: DemoLevel.DISTRICT,
    DemoLevel.VILLAGE: DemoLevel.TOWNSHIP,
    DemoLevel.HAMLET: DemoLevel.VILLAGE,
}
ORG_KINDS = {
    DemoLevel.DISTRICT: lambda o: o.kind == OrgKind.DISTRICT,
    DemoLevel.TOWNSHIP: lambda o: o.kind == OrgKind.TOWNSHIP,
    DemoLevel.VILLAGE: lambda o: o.kind not in (OrgKind.DISTRICT, OrgKind.TOWNSHIP),
    DemoLevel.HAMLET: lambda o: o.kind not in (OrgKind.DISTRICT, OrgKind.TOWNSHIP),
}


def min_star() -> int:
    return int(getattr(settings, "ZUGONG_DEMO_MIN_STAR", DEMO_MIN_STAR.value))


def _check_place(level, parent: DemoSite | None, organization: Organization | None) -> None:
    if level not in DemoLevel.values:
        raise ApplicationError(_("请选择层级"), field="level")
    if organization is None:
        raise ApplicationError(_("请选择所属党组织"), field="organization")
    wanted = PARENT_LEVEL[DemoLevel(level)]
    if wanted is None and parent is not None:
        raise ApplicationError(_("区级品牌不设上级示范点"), field="parent")
    if wanted is not None:
        if parent is None or parent.level != wanted:
            raise ApplicationError(
                _("%(l)s应设在%(p)s之下")
                % {"l": DemoLevel(level).label, "p": DemoLevel(wanted).label},
                field="parent",
            )
        if not organization.path.startswith(parent.organization.path):
            raise ApplicationError(
                _("所属党组织不在上级示范点“%(p)s”的党组织之下") % {"p": parent.name},
                field="organization",
            )
    if not ORG_KINDS[DemoLevel(level)](organization):
        raise ApplicationError(
            _("%(l)s的所属党组织层级不符") % {"l": DemoLevel(level).label}, field="organization"
        )


@transaction.atomic
def site_save(*, actor, site: DemoSite | None = None, **data) -> DemoSite:
    level = data.get("level") if site is None else site.level
    parent = data.get("parent")
    organization = data.get("organization")
    _check_place(level, parent, organization)
    authorize(actor, caps.CHANGE_GRASSROOTS, organization)
    year = data.get("year")
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise ApplicationError(_("创建年度应在2000至2100之间"), field="year")
    entity = data.get("enterprise")
    belt = bool(data.get("belt"))
    if belt and entity is None:
        raise ApplicationError(_("公路沿线示范带须选择两新组织"), field="enterprise")
    values = {
        "parent": parent,
        "organization": organization,
        "name": text(data.get("name"), field="name", label=_("示范点名称")),
        "hamlet": text(
            data.get("hamlet"),
            field="hamlet",
            label=_("自然村（屯）"),
            required=level == DemoLevel.HAMLET,
            max_length=50,
        ),
        "theme": text(data.get("theme"), field="theme", label=_("创建主题")),
        "year": year,
        "leader": text(data.get("leader"), field="leader", label=_("责任领导"), max_length=50),
        "belt": belt,
        "enterprise": entity,
    }
    if site is None:
        site = DemoSite.objects.create(level=level, **values)
    else:
        if parent is not None and parent.pk == site.pk:
            raise ApplicationError(_("上级示范点不能是本身"), field="parent")
        for key, value in values.items():
            setattr(site, key, value)
        site.save()
    audit.log_action(
        caps.DEMONSTRATION_SAVED,
        obj=site,
        actor=actor,
        changes={"level": site.level, "name": site.name, "year": site.year},
    )
    return site


@transaction.atomic
def project_save(*, actor, site: DemoSite, project: DemoProject | None = None, **data):
    authorize(actor, caps.CHANGE_GRASSROOTS, site.organization)
    progress = data.get("progress") or 0
    if not isinstance(progress, int) or not 0 <= progress <= 100:
        raise ApplicationError(_("进度应为0至100"), field="progress")
    starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
    if starts_on and ends_on and ends_on < starts_on:
        raise ApplicationError(_("计划完工日期早于开工日期"), field="ends_on")
    values = {
        "name": text(data.get("name"), field="name", label=_("项目名称")),
        "kind": text(
            data.get("kind"), field="kind", label=_("项目类型"), required=False, max_length=50
        ),
        "higher_support": money(
            data.get("higher_support") or 0, field="higher_support", label=_("上级扶持资金")
        ),
        "self_raised": money(
            data.get("self_raised") or 0, field="self_raised", label=_("自筹资金")
        ),
        "starts_on": starts_on,
        "ends_on": ends_on,
        "progress": progress,
        "responsible": text(
            data.get("responsible"),
            field="responsible",
            label=_("责任人"),
            required=False,
            max_length=50,
        ),
        "scale": data.get("scale"),
        "scale_unit": (data.get("scale_unit") or "")[:10],
        "in_five_year_plan": bool(data.get("in_five_year_plan")),
    }
    if project is None:
        project = DemoProject.objects.create(site=site, **values)
    else:
        for key, value in values.items():
            setattr(project, key, value)
        project.save()
    audit.log_action(
        caps.DEMONSTRATION_SAVED,
        obj=project,
        actor=actor,
        changes={
            "site": site.name,
            "name": project.name,
            "progress": project.progress,
            "investment": str(Decimal(project.investment)),
        },
    )
    return project


def _village_of(site: DemoSite) -> Organization | None:
    """The village (or community) organization a site belongs to: its own, or the one
    above it directly under a township."""
    org = site.organization
    if org.kind in (OrgKind.DISTRICT, OrgKind.TOWNSHIP):
        return None
    while org.parent is not None and org.parent.kind != OrgKind.TOWNSHIP:
        org = org.parent
    if org.category not in (OrgCategory.VILLAGE, OrgCategory.COMMUNITY):
        return None
    return org


def _reason(org: Organization, stars: dict, listed: set, floor: int) -> str:
    if org.pk in listed:
        return _("%(o)s被列为软弱涣散基层党组织") % {"o": org.name}
    star = stars.get(org.pk)
    if star is not None and star < floor:
        return _("%(o)s最新发布星级为%(s)d星，低于%(f)d星") % {"o": org.name, "s": star, "f": floor}
    return ""


@transaction.atomic
def review_sites(*, actor, organization_ids=None, year=None, today: dt.date | None = None):
    """Suspend each active site whose village's latest published star is below
    ``min_star()`` or whose village is listed weak and lax (status listed); record why.
    ``organization_ids`` limits the review to sites of those villages (and the sites
    under them), ``year`` to sites of that creation year. Returns the suspended sites."""
    today = today or dt.date.today()
    floor = min_star()
    sites = DemoSite.objects.filter(status=DemoStatus.ACTIVE).select_related(
        "organization__parent__parent"
    )
    if year is not None:
        sites = sites.filter(year=year)
    candidates = [(site, _village_of(site)) for site in sites]
    candidates = [(s, v) for s, v in candidates if v is not None]
    if organization_ids is not None:
        wanted = set(organization_ids)
        candidates = [(s, v) for s, v in candidates if v.pk in wanted]
    ids = {v.pk for _s, v in candidates}
    stars: dict[int, int] = {}
    for org_id, star in (
        Rating.objects.filter(organization_id__in=ids, status=RatingStatus.PUBLISHED)
        .exclude(star__isnull=True)
        .order_by("organization_id", "year")
        .values_list("organization_id", "star")
    ):
        stars[org_id] = star  # the latest year wins
    listed = set(
        WeakLaxListing.objects.filter(
            organization_id__in=ids, status=WeakLaxStatus.LISTED
        ).values_list("organization_id", flat=True)
    )
    suspended = []
    for site, village in candidates:
        reason = _reason(village, stars, listed, floor)
        if not reason:
            continue
        # A consequence of a published star or a listing, not a user's edit: the sites
        # are those of the active scope, whoever published the rating.
        site.status, site.suspended_on, site.suspended_reason = (
            DemoStatus.SUSPENDED,
            today,
            reason[:200],
        )
        site.save(update_fields=["status", "suspended_on", "suspended_reason"])
        audit.log_action(
            caps.DEMONSTRATION_SAVED,
            obj=site,
            actor=actor,
            changes={"status": DemoStatus.SUSPENDED, "reason": site.suspended_reason},
        )
        suspended.append(site)
    return suspended


@transaction.atomic
def site_resume(*, actor, site: DemoSite) -> DemoSite:
    authorize(actor, caps.CHANGE_GRASSROOTS, site.organization)
    if site.status != DemoStatus.SUSPENDED:
        raise ApplicationError(_("该示范点未暂停"), field="status")
    site.status, site.suspended_on, site.suspended_reason = DemoStatus.ACTIVE, None, ""
    site.save(update_fields=["status", "suspended_on", "suspended_reason"])
    audit.log_action(caps.DEMONSTRATION_SAVED, obj=site, actor=actor, changes={"status": "active"})
    return site
