"""Cadres in the search across everything (core.search)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zugong.cadres.capabilities import VIEW_CADRE
from zugong.cadres.models import Cadre
from zugong.core.search import Hit, person_matches, searchable


@searchable("cadres.cadre", capability=VIEW_CADRE, label=_("干部"), order=40, icon="work")
def search_cadres(query: str, limit: int) -> list[Hit]:
    rows = Cadre.objects.select_related("person").only(
        "current_post_text", "unit_name", "person__name", "person__id_number_masked"
    )
    return [
        Hit(
            title=cadre.person.name,
            subtitle=" · ".join(
                p
                for p in (cadre.current_post_text or cadre.unit_name, cadre.person.id_number_masked)
                if p
            ),
            url=reverse("admin:cadres_cadre_change", args=[cadre.pk]),
            score=score,
        )
        for cadre, score in person_matches(rows, query, limit, via="person__")
    ]
