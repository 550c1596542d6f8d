"""Scoped reads of rural talent certification: what each role has to do, counts per
township, the certificate register, one town one product with its gaps, and the village
two-committee structure check (三个1/3). Lists are constant in queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q

from zugong.core.models import Organization, OrgCategory, OrgKind
from zugong.talent.models import Certification, CertStatus, Talent, TownProduct, TownProductYear
from zugong.talent.models.certification import RetiredSoldier
from zugong.talent.rules import certification as rules

ST = CertStatus
# The categories whose certified talents count as capable farmers (致富能手).
FARMER_CATEGORIES = ("production", "industry")

# What is to be done at each step, and the status it is done in.
STEPS = {
    "recommend": ST.APPLIED,
    "review": ST.RECOMMENDED,
    "certify": ST.REVIEWED,
    "notice": ST.CERTIFIED,
}
STEP_LABELS = {
    "recommend": "待村级推荐",
    "review": "待乡镇审核",
    "certify": "待区级认定",
    "notice": "公示中",
    "publishable": "公示期满待发证",
    "expiring": "临近到期待复审",
}


def certifications():
    """Applications in scope with what the list shows."""
    return Certification.objects.select_related(
        "talent__person", "talent__township", "category", "level"
    )


def by_step(step: str, today: dt.date):
    """The applications waiting at ``step`` (see STEP_LABELS)."""
    qs = certifications()
    if step in STEPS:
        return qs.filter(status=STEPS[step]).order_by("applied_on", "id")
    if step == "publishable":
        return qs.filter(status=ST.CERTIFIED, notice_ends__lt=today).order_by("notice_ends")
    if step == "expiring":
        return expiring(today)
    return qs.none()


def expiring(today: dt.date):
    """Certificates in their re-review window (to the last day of validity), without a
    renewal opened."""
    until = today + dt.timedelta(days=rules.rereview_days())
    renewed = Certification.objects.filter(renewal_of__isnull=False).values("renewal_of")
    return (
        certifications()
        .filter(status=ST.PUBLISHED, valid_until__gte=today, valid_until__lte=until)
        .exclude(pk__in=renewed)
        .order_by("valid_until")
    )


def step_counts(today: dt.date) -> dict[str, int]:
    """How many applications wait at each step (one query, plus the expiring count)."""
    counts = Certification.objects.aggregate(
        **{step: Count("id", filter=Q(status=status)) for step, status in STEPS.items()},
        publishable=Count("id", filter=Q(status=ST.CERTIFIED, notice_ends__lt=today)),
    )
    counts["expiring"] = expiring(today).count()
    return counts


def township_counts() -> list[dict]:
    """Per township: applications by status (townships in scope with none show zeros)."""
    rows = (
        Certification.objects.order_by()
        .values("talent__township_id", "status")
        .annotate(n=Count("id"))
    )
    by_town: dict[int, dict] = {}
    for row in rows:
        by_town.setdefault(row["talent__township_id"], {})[row["status"]] = row["n"]
    towns = Organization.objects.filter(
        Q(kind=OrgKind.TOWNSHIP) | Q(pk__in=list(by_town))
    ).order_by("path")
    return [
        {
            "township": town,
            "statuses": {s: by_town.get(town.pk, {}).get(s, 0) for s in ST.values},
            "total": sum(by_town.get(town.pk, {}).values()),
        }
        for town in towns
    ]


def register(year: int | None = None):
    """The certificate register: every certificate issued (expired ones too)."""
    qs = certifications().filter(status__in=(ST.PUBLISHED, ST.EXPIRED)).exclude(certificate_no="")
    if year:
        qs = qs.filter(issued_on__year=year)
    return qs.order_by("-issued_on", "certificate_no")


def certification_detail(pk: int):
    return certifications().prefetch_related("checks__criterion").get(pk=pk)


# One town, one product --------------------------------------------------------------------


@dataclass
class TownRow:
    township: Organization
    products: list = field(default_factory=list)

    @property
    def gap(self) -> bool:
        return not self.products


def certified_talent_ids(talent_ids) -> set[int]:
    return set(
        Certification.objects.filter(talent_id__in=talent_ids, status=ST.PUBLISHED).values_list(
            "talent_id", flat=True
        )
    )


def town_products() -> list[TownRow]:
    """Per township in scope its products, each with its linked talents (certified ones
    first) and output by year (latest first); a township with none is a gap."""
    products = list(
        TownProduct.objects.select_related("township").prefetch_related(
            Prefetch("talents", queryset=Talent.objects.select_related("person")),
            Prefetch("years", queryset=TownProductYear.objects.order_by("-year")),
        )
    )
    linked = {t.pk for p in products for t in p.talents.all()}
    certified = certified_talent_ids(linked)
    towns = {t.pk: TownRow(t) for t in Organization.objects.filter(kind=OrgKind.TOWNSHIP)}
    for product in products:
        talents = sorted(
            product.talents.all(), key=lambda t: (t.pk not in certified, t.name_pinyin)
        )
        product.linked = [{"talent": t, "certified": t.pk in certified} for t in talents]
        row = towns.setdefault(product.township_id, TownRow(product.township))
        row.products.append(product)
    return sorted(towns.values(), key=lambda r: r.township.path)


def product_gaps() -> list[Organization]:
    return [row.township for row in town_products() if row.gap]


# Village two-committee structure (三个1/3) ---------------------------------------------------


@dataclass
class VillageRow:
    village: Organization
    members: int
    counts: dict
    shares: list  # rules.StructureShare per kind
    names: dict  # kind -> [names]

    @property
    def short(self) -> list:
        return [s for s in self.shares if not s.met]

    @property
    def has_team(self) -> bool:
        return self.members > 0


def _current_seats(village_ids: list[int]) -> dict[int, list]:
    """The seats of each village's current committee (the latest not yet ended), read
    from the party module's branch committees (the village Party organization's team:
    zugong records the villagers' committee nowhere else)."""
    from zugong.party.models import BranchCommittee, CommitteeSeat

    current = {}
    for committee in (
        BranchCommittee.objects.filter(organization_id__in=village_ids, ended_on__isnull=True)
        .order_by("organization_id", "-elected_on")
        .values("pk", "organization_id")
    ):
        current.setdefault(committee["organization_id"], committee["pk"])
    seats: dict[int, list] = {pk: [] for pk in village_ids}
    by_committee = {pk: org for org, pk in current.items()}
    for seat in CommitteeSeat.objects.filter(committee_id__in=list(by_committee)).select_related(
        "person"
    ):
        seats[by_committee[seat.committee_id]].append(seat.person)
    return seats


def village_structure(targets=None) -> list[VillageRow]:
    """Per village-category organization in scope: its current team's college
    graduates (大专 and above, GB/T 4658), retired soldiers (RetiredSoldier) and capable
    farmers (certified talents of production or industry), each share against the
    target. Five queries whatever the number of villages."""
    targets = rules.structure_targets() if targets is None else targets
    villages = list(Organization.objects.filter(category=OrgCategory.VILLAGE).order_by("path"))
    seats = _current_seats([v.pk for v in villages])
    person_ids = {p.pk for people in seats.values() for p in people}
    veterans = set(
        RetiredSoldier.objects.unscoped()  # the seats' persons, read in scope above
        .filter(person_id__in=person_ids)
        .values_list("person_id", flat=True)
    )
    farmers = set(
        Certification.objects.unscoped()  # the seats' persons, read in scope above
        .filter(
            talent__person_id__in=person_ids,
            status=ST.PUBLISHED,
            category__code__in=FARMER_CATEGORIES,
        )
        .values_list("talent__person_id", flat=True)
    )
    rows = []
    for village in villages:
        people = seats.get(village.pk, [])
        names = {
            "college": [p.name for p in people if rules.is_college(p.education)],
            "veteran": [p.name for p in people if p.pk in veterans],
            "farmer": [p.name for p in people if p.pk in farmers],
        }
        counts = {kind: len(found) for kind, found in names.items()}
        shares = rules.check_structure(len(people), counts, targets)
        rows.append(VillageRow(village, len(people), counts, shares, names))
    return rows


def villages_short(targets=None) -> list[VillageRow]:
    """Villages with a team short of at least one target."""
    return [row for row in village_structure(targets) if row.has_team and row.short]


def share_percent(share: Decimal) -> str:
    return f"{(share * 100).quantize(Decimal('0.1'))}%"


def for_talent(talent):
    """A talent's own applications with their checklists (the portal reads them under
    the talent's own scope; the office under its subtrees)."""
    return (
        certifications()
        .filter(talent=talent)
        .prefetch_related("checks__criterion")
        .order_by("-applied_on", "-id")
    )
