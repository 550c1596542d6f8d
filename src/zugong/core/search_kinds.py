"""The kinds core declares for the search: persons and party organizations."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zugong.core.capabilities import VIEW_ORGANIZATION, VIEW_PERSON
from zugong.core.models import Organization, Person
from zugong.core.models.organizations import SEGMENT
from zugong.core.search import Hit, name_matches, person_matches, searchable


def person_subtitle(person: Person, *extra: str) -> str:
    """What tells two persons of the same name apart: organization and the masked ID."""
    parts = [*extra, person.organization.name if person.organization_id else ""]
    parts.append(person.id_number_masked)
    return " · ".join(p for p in parts if p)


@searchable("core.person", capability=VIEW_PERSON, label=_("人员"), order=10, icon="badge")
def search_persons(query: str, limit: int) -> list[Hit]:
    rows = Person.objects.select_related("organization").only(
        "name", "id_number_masked", "organization__name"
    )
    return [
        Hit(
            title=person.name,
            subtitle=person_subtitle(person),
            url=reverse("admin:core_person_change", args=[person.pk]),
            score=score,
        )
        for person, score in person_matches(rows, query, limit, scoped_by_person=True)
    ]


def breadcrumbs(organizations) -> dict[int, str]:
    """``{pk: "区委 › 镇党委"}``: the ancestors of each organization the scope shows."""
    wanted: set[str] = set()
    for org in organizations:
        wanted.update(org.path[:end] for end in range(SEGMENT, len(org.path), SEGMENT))
    names = dict(Organization.objects.filter(path__in=wanted).values_list("path", "name"))
    return {
        org.pk: " › ".join(
            names[org.path[:end]]
            for end in range(SEGMENT, len(org.path), SEGMENT)
            if org.path[:end] in names
        )
        for org in organizations
    }


@searchable(
    "core.organization",
    capability=VIEW_ORGANIZATION,
    label=_("党组织"),
    order=20,
    icon="account_tree",
)
def search_organizations(query: str, limit: int) -> list[Hit]:
    codes = Q(code__in=sorted({query, query.upper()}))
    rows = Organization.objects.only("name", "code", "path")
    found = name_matches(rows, query, limit, field="name", codes=codes, order=("path",))
    trail = breadcrumbs([org for org, _score in found])
    return [
        Hit(
            title=org.name,
            subtitle=" · ".join(p for p in (trail[org.pk], org.code) if p),
            url=reverse("admin:core_organization_change", args=[org.pk]),
            score=score,
        )
        for org, score in found
    ]
