"""Two-new organizations (enterprises and social organizations of the 两新 registry) in
the search across everything (core.search): by name and unified social credit code."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zugong.core.search import Hit, name_matches, searchable
from zugong.grassroots.capabilities import VIEW_GRASSROOTS
from zugong.grassroots.models import Entity


@searchable(
    "grassroots.entity", capability=VIEW_GRASSROOTS, label=_("两新组织"), order=60, icon="store"
)
def search_entities(query: str, limit: int) -> list[Hit]:
    codes = Q(credit_code=query.replace(" ", "").upper())
    rows = Entity.objects.select_related("township").only(
        "kind", "name", "credit_code", "township__name"
    )
    found = name_matches(rows, query, limit, field="name", codes=codes, order=("name",))
    return [
        Hit(
            title=entity.name,
            subtitle=" · ".join(
                p
                for p in (entity.get_kind_display(), entity.township.name, entity.credit_code)
                if p
            ),
            url=reverse("admin:grassroots_entity_change", args=[entity.pk]),
            score=score,
        )
        for entity, score in found
    ]
