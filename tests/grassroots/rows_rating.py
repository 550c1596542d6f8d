"""One row of every star-rating model, made through the services (administrators' walk)."""

from __future__ import annotations

import datetime as dt

from zugong.grassroots.models.rating import Rating
from zugong.grassroots.services import rating as services
from zugong.grassroots.services import rating_indicators, rating_rectify


def make_rows(c) -> None:
    """IndicatorSet, Indicator, StarBand, VetoItem, Rating, IndicatorScore, RatingVeto,
    RatingStep, RatingObjection, WeakLaxListing and Rectification, for 大岭村 (A)."""
    indicator_set = rating_indicators.indicator_set_make(actor=None, year=2026)
    services.compute_drafts(
        actor=None, year=2026, organizations=[c.village_a], today=dt.date(2026, 11, 24)
    )
    rating = Rating.objects.select_related("organization", "indicator_set").get(
        organization=c.village_a, year=2026
    )
    points = {
        s.indicator_id: s.indicator.max_points for s in rating.scores.select_related("indicator")
    }
    veto = indicator_set.vetoes.order_by("code").last()
    services.self_assess(actor=None, rating=rating, points=points, notes={}, vetoes=[veto.pk])
    services.submit(actor=None, rating=rating)
    services.review(actor=None, rating=rating, passed=True, comment="大岭村审核通过")
    services.approve(actor=None, rating=rating)
    services.start_notice(actor=None, rating=rating, starts_on=dt.date(2026, 11, 2))
    objection = services.objection_record(
        actor=None, rating=rating, received_on=dt.date(2026, 11, 3), content="大岭村公示反映事项"
    )
    services.objection_handle(
        actor=None,
        objection=objection,
        finding="大岭村反映不属实",
        upheld=False,
        handled_on=dt.date(2026, 11, 5),
    )
    services.publish(actor=None, rating=rating, today=dt.date(2026, 11, 24))
    rating_rectify.rectification_add(
        actor=None,
        rating=rating,
        item="大岭村整改事项",
        deadline=dt.date(2026, 12, 31),
        responsible="蒋春兰",
    )
    listing = rating_rectify.weaklax_list(
        actor=None,
        organization=c.village_a,
        year=2026,
        listed_on=dt.date(2026, 3, 1),
        reasons="大岭村班子软弱",
    )
    rating_rectify.rectification_add(
        actor=None,
        listing=listing,
        item="大岭村配强班子",
        deadline=dt.date(2026, 12, 31),
        responsible="蒋春兰",
    )
