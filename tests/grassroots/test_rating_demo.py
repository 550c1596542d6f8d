"""The rating demo builder on the grassroots cast, and the administrators' rows."""

from __future__ import annotations

import random

from tests.conftest import TODAY
from tests.grassroots.rows_rating import make_rows
from zugong.core.scope import system_scope
from zugong.grassroots import demo_rating
from zugong.grassroots.models.rating import (
    IndicatorSet,
    Rating,
    RatingObjection,
    RatingStatus,
    RatingVeto,
    Rectification,
    WeakLaxListing,
)


def test_the_demo_rates_every_village_and_community_for_two_years(gr):
    with system_scope("tests"):
        line = demo_rating.build(random.Random(7), TODAY)
        assert "星级评定" in line
        assert IndicatorSet.objects.count() == 2
        assert Rating.objects.filter(year=2025, status=RatingStatus.PUBLISHED).count() == 5
        assert Rating.objects.filter(year=2026).count() == 5
        assert set(Rating.objects.filter(year=2026).values_list("previous_star", flat=True)) <= {
            1,
            2,
            3,
            4,
            5,
        }


def test_make_rows_makes_every_rating_model(gr):
    with system_scope("tests"):
        make_rows(gr)
        rating = Rating.objects.get(organization=gr.village_a)
        assert rating.status == RatingStatus.PUBLISHED
        assert rating.star == 3  # capped by the veto
        assert RatingVeto.objects.count() == 1
        assert RatingObjection.objects.count() == 1
        assert WeakLaxListing.objects.count() == 1
        assert Rectification.objects.count() == 2
