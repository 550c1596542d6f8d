"""Scoped reads shared by the admin, the API and exports."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from importlib.util import find_spec

from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zugong.core import crypto, idnumber
from zugong.core.models import Organization, OrgStatus, Person
from zugong.core.models.organizations import SEGMENT
from zugong.core.validation import MOBILE, normalize_phone

PERSON_FILTERS = ("gender", "ethnicity", "education", "political_status")


def person_search(queryset: QuerySet, term: str) -> QuerySet:
    """An ID number or phone is matched exactly through its keyed hash; anything else
    is a name substring. Protected values are never compared in clear."""
    term = (term or "").strip()
    if not term:
        return queryset
    number = idnumber.normalize(term)
    if len(number) == 18 and idnumber.is_valid(number):
        return queryset.filter(id_number_hash=crypto.keyed_hash(number))
    phone = normalize_phone(term)
    if MOBILE.match(phone):
        return queryset.filter(phone_hash=crypto.keyed_hash(phone))
    return queryset.filter(name__contains=term)


def person_list(
    *, q: str = "", filters: dict[str, str] | None = None, organization: Organization | None = None
) -> QuerySet:
    queryset = Person.objects.select_related("organization")
    if organization is not None:
        queryset = queryset.filter(organization__path__startswith=organization.path)
    for field, value in (filters or {}).items():
        if field in PERSON_FILTERS and value:
            queryset = queryset.filter(**{field: value})
    return person_search(queryset, q).order_by("name", "id")


def organization_list(
    *, q: str = "", kind: str = "", status: str = "", under: Organization | None = None
) -> QuerySet:
    queryset = Organization.objects.all()
    if under is not None:
        queryset = queryset.filter(path__startswith=under.path)
    if kind:
        queryset = queryset.filter(kind=kind)
    if status:
        queryset = queryset.filter(status=status)
    if q:
        queryset = queryset.filter(name__contains=q) | queryset.filter(code=q)
    return queryset.order_by("path")


def organization_counts_by_kind() -> dict[str, int]:
    rows = (
        Organization.objects.filter(status=OrgStatus.ACTIVE).values("kind").annotate(n=Count("id"))
    )
    return {row["kind"]: row["n"] for row in rows}


def scope_roots() -> QuerySet:
    """The top organizations of the current scope (the user's own subtrees)."""
    queryset = Organization.objects.all().order_by("depth", "path")
    first = queryset.first()
    if first is None:
        return queryset.none()
    return queryset.filter(depth=first.depth)


# How an organization is named where it is chosen or listed among others of the same
# name ("第一党小组" exists under dozens of branches): its ancestors, from the level
# under the district committee down, then its own name.
PATH_SEPARATOR = " / "


def short_organization_name(organization: Organization) -> str:
    """The short name, or the name without the 中共 prefix and the 委员会 suffix:
    中共金水社区支部委员会 is 金水社区支部, 中共临桂区临桂镇委员会 is 临桂区临桂镇."""
    if organization.short_name:
        return organization.short_name
    name = organization.name
    if name.startswith("中共") and len(name) > 2:
        name = name[2:]
    if name.endswith("委员会") and len(name) > 3:
        name = name[: -len("委员会")]
    return name


def organization_paths(organizations) -> dict[int, str]:
    """Each organization's label with its parent path, e.g. 临桂区临桂镇 / 金水社区支部 /
    第一党小组, for many organizations in one query. An ancestor whose short name repeats
    its parent's (临桂区临桂镇机关支部 under 临桂区临桂镇) is shortened to the rest."""
    organizations = [o for o in organizations if o is not None]
    prefixes = {
        o.path[:end]
        for o in organizations
        for end in range(SEGMENT * 2, len(o.path), SEGMENT)  # below the district root
    }
    # Unscoped on purpose: only the names of the ancestors of organizations the caller
    # already holds are read, so that a chosen organization can be told apart.
    ancestors = {
        a.path: a
        for a in Organization.objects.unscoped()
        .filter(path__in=prefixes)
        .only("path", "name", "short_name")
    }
    labels = {}
    for organization in organizations:
        parts: list[str] = []
        previous = ""
        for end in range(SEGMENT * 2, len(organization.path), SEGMENT):
            ancestor = ancestors.get(organization.path[:end])
            if ancestor is None:
                continue
            short = short_organization_name(ancestor)
            if previous and short.startswith(previous) and len(short) > len(previous):
                short = short[len(previous) :]
            parts.append(short)
            previous = short_organization_name(ancestor)
        labels[organization.pk] = PATH_SEPARATOR.join([*parts, organization.name])
    return labels


def organization_label(organization: Organization | None) -> str:
    """One organization named with its parent path (see organization_paths)."""
    if organization is None:
        return ""
    return organization_paths([organization])[organization.pk]


# One figure, one definition: each count the home page, the demo's summary and the
# lists show comes from one function, and says what it counts.
@dataclass(frozen=True)
class Figure:
    key: str
    title: str
    count: int
    caption: str  # what is counted, in the words of the page
    url: str = ""  # the list showing the same rows


def person_total() -> int:
    """人员: every person recorded in the scope, whatever their role (members, cadres…)."""
    return Person.objects.count()


def person_figures() -> list[Figure]:
    return [
        Figure(
            key="person-total",
            title=str(_("人员总数")),
            count=person_total(),
            caption=str(_("数据范围内登记的全部人员（党员、干部等都计入，每人只计一次）")),
            url=reverse("admin:core_person_changelist"),
        )
    ]


def figure_sources() -> list[tuple[str, Callable[[], list[Figure]]]]:
    """(capability, function) of each figure: core's, and those an app declares as
    ``HOME_FIGURES`` in its ``selectors`` module. Each function counts in the current
    scope; the caller narrows it to the subtrees where the capability is held."""
    from django.apps import apps

    from zugong.core import capabilities as caps

    sources: list[tuple[str, Callable[[], list[Figure]]]] = [(caps.VIEW_PERSON, person_figures)]
    for config in apps.get_app_configs():
        if config.name.startswith("zugong.") and config.label != "core":
            if find_spec(f"{config.name}.selectors"):
                module = import_module(f"{config.name}.selectors")
                sources.extend(getattr(module, "HOME_FIGURES", ()))
    return sources
