"""Star rating services: the indicator set, evidence drafts, the workflow and its refusals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.conftest import TODAY, _user, scope_of
from zugong.core.errors import ApplicationError
from zugong.core.models import AuditEntry
from zugong.core.scope import system_scope
from zugong.grassroots import capabilities as caps
from zugong.grassroots.models.rating import (
    IndicatorSet,
    Rating,
    RatingStatus,
    RatingStep,
    Rectification,
    StarBand,
)
from zugong.grassroots.selectors import evidence
from zugong.grassroots.selectors import rating as rating_selectors
from zugong.grassroots.services import rating as services
from zugong.grassroots.services import rating_indicators, rating_rectify


@pytest.fixture
def rated(gr):
    with system_scope("tests"):
        gr.set_2025 = rating_indicators.indicator_set_make(actor=gr.admin, year=2025)
        gr.set_2026 = rating_indicators.indicator_set_make(actor=gr.admin, year=2026)
        # A second officer of township A: who submits a self-assessment does not review it.
        gr.reviewer_a = _user("oscar", "township_officer", gr.town_a)
        gr.secretary_of_village_a = _user("vera", "branch_secretary", gr.village_a)
        services.compute_drafts(actor=gr.admin, year=2026, today=TODAY)
    return gr


def _rating(c, org, year=2026):
    with system_scope("tests"):
        return Rating.objects.select_related("organization", "indicator_set").get(
            organization=org, year=year
        )


def test_the_default_set_has_five_standards_summing_to_100_and_the_next_year_copies_it(rated):
    with system_scope("tests"):
        s = rated.set_2025
        assert sum(i.max_points for i in s.indicators.all()) == Decimal(100)
        assert {i.standard for i in s.indicators.all()} == {
            "组织建设",
            "党员队伍",
            "服务群众",
            "发展集体经济",
            "基层治理",
        }
        assert {b.star: b.min_score for b in s.bands.all()} == {5: 90, 4: 80, 3: 70, 2: 60, 1: 0}
        assert rated.set_2026.indicators.count() == s.indicators.count()
        assert "2025" in rated.set_2026.note
        assert AuditEntry.objects.filter(action=caps.INDICATORS_SAVED).count() == 2
        with pytest.raises(ApplicationError) as error:
            rating_indicators.indicator_set_make(actor=rated.admin, year=2026)
        assert error.value.field == "year"


def test_a_set_whose_maxima_do_not_sum_to_the_total_or_with_a_bad_star_is_refused(rated):
    with system_scope("tests"):
        s = rated.set_2026
        first = s.indicators.first()
        first.max_points += 1
        first.save()
        with pytest.raises(ApplicationError) as error:
            rating_indicators.indicator_set_saved(actor=rated.admin, indicator_set=s)
        assert error.value.field == "total_points"
        assert "应等于总分100分" in error.value.message
        first.max_points -= 1
        first.save()
        StarBand.objects.filter(indicator_set=s, star=5).update(star=6)
        with pytest.raises(ApplicationError) as error:
            rating_indicators.indicator_set_saved(actor=rated.admin, indicator_set=s)
        assert error.value.field == "star"


def test_drafts_cover_every_village_and_community_with_evidence(rated):
    with system_scope("tests"):
        orgs = set(Rating.objects.filter(year=2026).values_list("organization_id", flat=True))
        expected = {rated.community_a.pk, rated.community_a2.pk, rated.village_a.pk}
        expected |= {rated.village_b.pk, rated.community_b.pk}
        assert orgs == expected
        rating = Rating.objects.get(organization=rated.village_a, year=2026)
        life = rating.scores.get(indicator__code="A2")
        assert life.evidence_summary.startswith("2026年应开组织生活")
        election = rating.scores.get(indicator__code="A1")
        assert election.draft_points == 0
        assert "无现任班子记录" in election.evidence_summary
        weak = rating.scores.get(indicator__code="E2")
        assert weak.draft_points == 5
        manual = rating.scores.get(indicator__code="A3")
        assert manual.draft_points is None
        assert manual.points is None
        assert rating.draft_score == sum(s.draft_points or 0 for s in rating.scores.all())


def test_draft_scores_read_only_the_scope(rated):
    with scope_of(rated.officer_b):
        found = evidence.draft_scores(2026, today=TODAY)
    assert set(found) == {rated.village_b.pk, rated.community_b.pk}


def _walk_to_notice(c, rating):
    with system_scope("tests"):
        points = {
            s.indicator_id: s.indicator.max_points
            for s in rating.scores.select_related("indicator")
        }
    with scope_of(c.officer_a):
        services.self_assess(actor=c.officer_a, rating=rating, points=points)
        services.submit(actor=c.officer_a, rating=rating)
        services.review(actor=c.reviewer_a, rating=rating, passed=True, comment="同意")
    with scope_of(c.admin):
        services.approve(actor=c.admin, rating=rating)
        services.start_notice(actor=c.admin, rating=rating, starts_on=dt.date(2026, 11, 23))
    return rating


def test_the_whole_workflow_publishes_after_the_notice(rated):
    rating = _walk_to_notice(rated, _rating(rated, rated.village_a))
    assert rating.notice_ends_on == dt.date(2026, 11, 27)  # Mon 23 + 5 working days
    with scope_of(rated.admin):
        with pytest.raises(ApplicationError) as error:
            services.publish(actor=rated.admin, rating=rating, today=TODAY)
        assert error.value.field == "published_on"
        assert "公示期满后方可发布" in error.value.message
        objection = services.objection_record(
            actor=rated.admin, rating=rating, received_on=TODAY, content="村部阵地未开放"
        )
        with pytest.raises(ApplicationError) as error:
            services.publish(actor=rated.admin, rating=rating, today=dt.date(2026, 11, 30))
        assert error.value.field == "objections"
        services.objection_handle(
            actor=rated.admin,
            objection=objection,
            finding="经核查已开放",
            upheld=False,
            handled_on=dt.date(2026, 11, 26),
        )
        services.publish(actor=rated.admin, rating=rating, today=dt.date(2026, 11, 30))
    with system_scope("tests"):
        rating.refresh_from_db()
        assert rating.status == RatingStatus.PUBLISHED
        assert rating.star == 5
        assert rating.score == 100
        assert list(RatingStep.objects.filter(rating=rating).values_list("status", flat=True)) == [
            "self_assessed",
            "reviewed",
            "approved",
            "in_notice",
            "published",
        ]
        assert AuditEntry.objects.filter(action=caps.RATING_PUBLISHED).count() == 1


def test_a_score_above_the_maximum_is_refused_and_a_typed_score_without_evidence_is_marked(rated):
    rating = _rating(rated, rated.village_a)
    with system_scope("tests"):
        a3 = rating.scores.get(indicator__code="A3")
        a2 = rating.scores.get(indicator__code="A2")
    with scope_of(rated.officer_a):
        with pytest.raises(ApplicationError) as error:
            services.self_assess(
                actor=rated.officer_a, rating=rating, points={a3.indicator_id: "6"}
            )
        assert error.value.field == f"points_{a3.indicator_id}"
        assert "满分5分" in error.value.message
        services.self_assess(
            actor=rated.officer_a,
            rating=rating,
            points={a3.indicator_id: "4", a2.indicator_id: "10"},
        )
    with system_scope("tests"):
        a3.refresh_from_db()
        a2.refresh_from_db()
        assert a3.unsupported
        assert not a2.unsupported
        assert rating_selectors.ratings(2026).get(pk=rating.pk).unsupported_count == 1


def test_a_veto_caps_the_star_and_a_return_needs_a_reason(rated):
    rating = _rating(rated, rated.village_a)
    with system_scope("tests"):
        points = {
            s.indicator_id: s.indicator.max_points
            for s in rating.scores.select_related("indicator")
        }
        veto = rating.indicator_set.vetoes.get(code="V3")
    with scope_of(rated.officer_a):
        services.self_assess(actor=rated.officer_a, rating=rating, points=points, vetoes=[veto.pk])
        assert rating.star == 2
        services.submit(actor=rated.officer_a, rating=rating)
        with pytest.raises(ApplicationError) as error:
            services.review(actor=rated.reviewer_a, rating=rating, passed=False)
        assert error.value.field == "comment"
        services.review(actor=rated.reviewer_a, rating=rating, passed=False, comment="佐证不足")
        assert rating.status == RatingStatus.RETURNED


def test_the_officer_of_the_other_township_cannot_assess(rated):
    from django.core.exceptions import PermissionDenied

    rating = _rating(rated, rated.village_a)
    with scope_of(rated.officer_b), pytest.raises(PermissionDenied):
        services.self_assess(actor=rated.officer_b, rating=rating, points={})


def test_the_two_role_user_reviews_in_a_and_only_assesses_village_b(rated):
    from django.core.exceptions import PermissionDenied

    judy = rated.two_roles
    rating_b = _rating(rated, rated.village_b)
    with system_scope("tests"):
        points = {s.indicator_id: 1 for s in rating_b.scores.all()}
    with scope_of(judy):
        services.self_assess(actor=judy, rating=rating_b, points=points)
        services.submit(actor=judy, rating=rating_b)
        with pytest.raises(PermissionDenied):
            services.review(actor=judy, rating=rating_b, passed=True)
        community_b = _rating(rated, rated.community_b)
        with pytest.raises(PermissionDenied):
            services.self_assess(actor=judy, rating=community_b, points={})


def test_rectification_for_a_published_four_star_and_a_weak_lax_listing(rated):
    rating = _walk_to_notice(rated, _rating(rated, rated.village_a))
    with scope_of(rated.admin):
        with system_scope("tests"):
            rating.scores.filter(indicator__code="A3").update(points=0)
            rating.scores.filter(indicator__code="C1").update(points=0)
        services.publish(actor=rated.admin, rating=rating, today=dt.date(2026, 11, 30))
        assert rating.star == 4
    with scope_of(rated.officer_a):
        assert list(rating_selectors.lacking_rectification(2026)) == [rating]
        item = rating_rectify.rectification_add(
            actor=rated.officer_a,
            rating=rating,
            item="规范阵地建设",
            deadline=dt.date(2026, 11, 1),
            responsible="蒋春兰",
        )
        assert list(rating_selectors.lacking_rectification(2026)) == []
        assert list(rating_selectors.overdue_rectifications(TODAY)) == [item]
        listing = rating_rectify.weaklax_list(
            actor=rated.officer_a,
            organization=rated.village_a,
            year=2026,
            listed_on=dt.date(2026, 3, 1),
            reasons="班子软弱",
        )
        rating_rectify.rectification_add(
            actor=rated.officer_a,
            listing=listing,
            item="配强班子",
            deadline=dt.date(2026, 12, 31),
            responsible="蒋春兰",
        )
        with pytest.raises(ApplicationError) as error:
            rating_rectify.weaklax_delist(
                actor=rated.officer_a, listing=listing, delisted_on=TODAY, note="验收合格"
            )
        assert error.value.field == "status"
    with system_scope("tests"):
        assert Rectification.objects.count() == 2


def test_what_if_names_the_points_to_the_next_star(rated):
    rating = _rating(rated, rated.village_a)
    with system_scope("tests"):
        result = rating_selectors.what_if(rating)
        assert result.next_star is not None
        assert result.points_needed > 0
        assert IndicatorSet.objects.count() == 2


def test_who_submitted_does_not_review_and_who_reviewed_does_not_approve(rated, settings):
    rating = _rating(rated, rated.village_a)
    with system_scope("tests"):
        points = {
            s.indicator_id: s.indicator.max_points
            for s in rating.scores.select_related("indicator")
        }
        approver = _user("paula", "dept_admin", rated.district)
    with scope_of(rated.officer_a):
        services.self_assess(actor=rated.officer_a, rating=rating, points=points)
        services.submit(actor=rated.officer_a, rating=rating)
        with pytest.raises(ApplicationError) as error:
            services.review(actor=rated.officer_a, rating=rating, passed=True)
        assert "提交自评的人不能审核" in error.value.message
        # A return is a review as well.
        with pytest.raises(ApplicationError):
            services.review(actor=rated.officer_a, rating=rating, passed=False, comment="退回")
        services.review(actor=rated.reviewer_a, rating=rating, passed=False, comment="佐证不足")
        # The village submits again: the officer who returned it reviews the new one.
        services.submit(actor=rated.secretary_of_village_a, rating=rating)
        services.review(actor=rated.officer_a, rating=rating, passed=True)
    with scope_of(rated.admin):
        services.approve(actor=approver, rating=rating, passed=False, comment="重新审核")
    with scope_of(rated.officer_a):
        services.submit(actor=rated.secretary_of_village_a, rating=rating)
        services.review(actor=rated.reviewer_a, rating=rating, passed=True)
    with scope_of(rated.admin):
        services.approve(actor=rated.admin, rating=rating)
        assert rating.status == RatingStatus.APPROVED
    # The setting lets one officer of a very small township take both steps.
    settings.ZUGONG_STAR_SEPARATE_HANDS = False
    other = _rating(rated, rated.village_b)
    with system_scope("tests"):
        points = {
            s.indicator_id: s.indicator.max_points for s in other.scores.select_related("indicator")
        }
    with scope_of(rated.officer_b):
        services.self_assess(actor=rated.officer_b, rating=other, points=points)
        services.submit(actor=rated.officer_b, rating=other)
        services.review(actor=rated.officer_b, rating=other, passed=True)
        assert other.status == RatingStatus.REVIEWED
