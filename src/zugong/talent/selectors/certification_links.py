"""Which certified talents drive which village's economy (人才—村级集体经济—示范村联动): per
village in scope, its certified rural talents (their person's organization under the
village), the town products they are linked to, the village's collective income of a
year, its support projects and its demonstration sites with their projects.

Read from the grassroots module's ledgers (collective income, support projects,
demonstration sites) by organization; seven queries whatever the number of villages."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum

from zugong.core.models import Organization, OrgCategory
from zugong.talent.models import Certification, CertStatus, TownProduct

PATH_STEP = 4  # each level of the tree adds four characters to the path


@dataclass
class VillageLinks:
    village: Organization
    talents: list = field(default_factory=list)  # {"talent", "categories", "products"}
    income: Decimal = Decimal(0)
    projects: list = field(default_factory=list)  # support project names
    sites: list = field(default_factory=list)  # {"name", "level", "projects"}

    @property
    def driven(self) -> bool:
        """Certified talents and a collective economy or a demonstration site to drive."""
        return bool(self.talents) and bool(self.income or self.projects or self.sites)


def _village_of(path: str, villages: dict[str, int]) -> int | None:
    for length in range(len(path), 0, -PATH_STEP):
        found = villages.get(path[:length])
        if found is not None:
            return found
    return None


def _certified(villages: dict[str, int]) -> dict[int, list]:
    rows = (
        Certification.objects.filter(status=CertStatus.PUBLISHED)
        .select_related("talent__person__organization", "category", "level")
        .order_by("talent__name_pinyin", "id")
    )
    found: dict[int, dict[int, dict]] = defaultdict(dict)
    for cert in rows:
        village = _village_of(cert.talent.person.organization.path, villages)
        if village is None:
            continue
        entry = found[village].setdefault(
            cert.talent_id, {"talent": cert.talent, "certificates": [], "products": []}
        )
        entry["certificates"].append(f"{cert.category.name}·{cert.level.name}")
    return {k: list(v.values()) for k, v in found.items()}


def village_links(year: int) -> list[VillageLinks]:
    """Per village in scope (村 category), its certified talents and what they drive in
    ``year``: villages with certified talents first."""
    from zugong.grassroots.models import CollectiveIncome, DemoSite, SupportProject

    villages = list(Organization.objects.filter(category=OrgCategory.VILLAGE).order_by("path"))
    by_path = {v.path: v.pk for v in villages}
    ids = list(by_path.values())
    rows = {v.pk: VillageLinks(v) for v in villages}
    certified = _certified(by_path)
    talent_ids = [e["talent"].pk for entries in certified.values() for e in entries]
    products: dict[int, list[str]] = defaultdict(list)
    for product in TownProduct.objects.filter(talents__in=talent_ids).values("product", "talents"):
        products[product["talents"]].append(product["product"])
    for village, entries in certified.items():
        for entry in entries:
            entry["products"] = products.get(entry["talent"].pk, [])
        rows[village].talents = entries
    incomes = (
        CollectiveIncome.objects.filter(organization_id__in=ids, year=year)
        .order_by()
        .values("organization_id")
        .annotate(total=Sum("amount"))
    )
    for income in incomes:
        rows[income["organization_id"]].income = income["total"] or Decimal(0)
    for project in SupportProject.objects.filter(organization_id__in=ids).values(
        "organization_id", "name"
    ):
        rows[project["organization_id"]].projects.append(project["name"])
    for site in (
        DemoSite.objects.filter(organization_id__in=ids)
        .prefetch_related("projects")
        .order_by("-year", "id")
    ):
        rows[site.organization_id].sites.append(
            {
                "name": site.name,
                "level": site.get_level_display(),
                "projects": [p.name for p in site.projects.all()],
            }
        )
    return sorted(rows.values(), key=lambda r: (not r.talents, r.village.path))
