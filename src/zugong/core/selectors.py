"""Scoped reads shared by the admin, the API and exports."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from zugong.core import crypto, idnumber
from zugong.core.models import Organization, OrgStatus, Person
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
