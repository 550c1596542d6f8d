"""Party members in the search across everything (core.search)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zugong.core.search import Hit, person_matches, searchable
from zugong.core.search_kinds import person_subtitle
from zugong.party.capabilities import VIEW_MEMBER
from zugong.party.models import Member

PERSON_FIELDS = ("person__name", "person__id_number_masked", "person__organization__name")


@searchable("party.member", capability=VIEW_MEMBER, label=_("党员"), order=30, icon="flag")
def search_members(query: str, limit: int) -> list[Hit]:
    rows = Member.objects.select_related("person__organization").only("kind", *PERSON_FIELDS)
    return [
        Hit(
            title=member.person.name,
            subtitle=person_subtitle(member.person, member.get_kind_display()),
            url=reverse("admin:party_member_change", args=[member.pk]),
            score=score,
        )
        for member, score in person_matches(
            rows, query, limit, via="person__", scoped_by_person=True
        )
    ]
