"""Talents in the search across everything (core.search).

Matched through the person's keys and indexes (core.search.person_matches), not the
talent's own copy of the keys: the person's (initials, pinyin) index serves an initials
search in pinyin order, where the talent's single-column indexes made PostgreSQL walk
the whole pinyin index (1.2 s at 488,000 talents; bench/search.py)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zugong.core.search import Hit, person_matches, searchable
from zugong.talent.capabilities import VIEW_TALENT
from zugong.talent.models import Talent


@searchable("talent.talent", capability=VIEW_TALENT, label=_("人才"), order=50, icon="school")
def search_talents(query: str, limit: int) -> list[Hit]:
    rows = Talent.objects.select_related("person", "township").only(
        "employer", "township__name", "person__name", "person__id_number_masked"
    )
    return [
        Hit(
            title=talent.person.name,
            subtitle=" · ".join(
                p
                for p in (talent.township.name, talent.employer, talent.person.id_number_masked)
                if p
            ),
            url=reverse("admin:talent_talent_change", args=[talent.pk]),
            score=score,
        )
        for talent, score in person_matches(rows, query, limit, via="person__")
    ]
