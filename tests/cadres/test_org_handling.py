"""Organizational handling has two tiers (《中国共产党组织处理规定（试行）》（2021））:
责令辞职 or 免职 bars any leading post for 1 year and a post above the former level for
2 years; 调整职务 bars promotion for 1 year, 降职 for 2. Every appointment meets them."""

import datetime as dt

import pytest

from tests.conftest import scope_of
from tests.core.test_api import bearer
from zugong.cadres import rules
from zugong.cadres.models import Measure, PostLevel, SupervisionKind
from zugong.cadres.services import notices, records, supervision
from zugong.core.errors import ApplicationError

D = dt.date
DEPUTY, PRINCIPAL = PostLevel.TOWNSHIP_DEPUTY, PostLevel.TOWNSHIP_PRINCIPAL
COUNTY_DEPUTY = PostLevel.COUNTY_DEPUTY


MARCH_1 = D(2026, 3, 1)


def _dismissed(*more, measure=Measure.ORG_DISMISSAL, on=MARCH_1):
    """A 乡科级正职 from 2023 dismissed on 2026-03-01."""
    return rules.CadreFacts(
        name="韦立新",
        birth=D(1985, 4, 2),
        gender="1",
        work_started_on=D(2007, 7, 1),
        posts=((PRINCIPAL, D(2023, 1, 1), on, False, True),),
        supervision=(
            rules.SupervisionFact(SupervisionKind.ORG_HANDLING, measure, on, label="免职"),
            *more,
        ),
    )


def _may(facts, level, on):
    return rules.appointment_verdict(facts, level=level, on=on, promotion=True)


@pytest.mark.parametrize("measure", [Measure.ORG_DISMISSAL, Measure.ORG_ORDERED_RESIGNATION])
def test_dismissed_on_2026_03_01_no_leading_post_for_a_year_none_higher_for_two(measure):
    """Dismissed on 2026-03-01 → any leading post refused until 2027-03-01, a post above
    the former level until 2028-03-01; a non-leading post is allowed at once."""
    facts = _dismissed(measure=measure)
    early = _may(facts, DEPUTY, D(2027, 2, 28))
    assert not early.allowed
    assert "2027-03-01前不得担任任何领导职务" in early.text
    assert early.until == D(2027, 3, 1)
    assert _may(facts, DEPUTY, D(2027, 3, 1)).allowed
    assert _may(facts, PRINCIPAL, D(2027, 3, 1)).allowed  # the former level, not above it
    higher = _may(facts, COUNTY_DEPUTY, D(2027, 3, 1))
    assert not higher.allowed
    assert "2028-03-01前不得担任高于原职务层次（乡科级正职）的职务" in higher.text
    assert higher.until == D(2028, 3, 1)
    assert _may(facts, COUNTY_DEPUTY, D(2028, 3, 1)).allowed
    assert rules.appointment_verdict(facts, level="", on=D(2026, 4, 1), promotion=False).allowed
    assert higher.sources == ["《中国共产党组织处理规定（试行）》（2021）"]


def test_within_the_first_year_a_higher_post_waits_for_the_second():
    verdict = _may(_dismissed(), COUNTY_DEPUTY, D(2026, 9, 1))
    assert not verdict.allowed
    assert verdict.until == D(2028, 3, 1)


def test_promotion_at_large_waits_two_years_and_says_when_leading_posts_reopen():
    verdict = rules.promotion_verdict(_dismissed(), D(2027, 6, 1))
    assert not verdict.allowed
    assert verdict.until == D(2028, 3, 1)
    assert "2027-03-01前不得担任任何领导职务" in verdict.text


@pytest.mark.parametrize(
    ("measure", "until"),
    [
        (Measure.ORG_POST_ADJUSTMENT, D(2027, 3, 1)),  # 调整职务: no promotion for 1 year
        (Measure.ORG_DEMOTION, D(2028, 3, 1)),  # 降职: no promotion for 2 years
    ],
)
def test_post_adjustment_and_demotion_bar_promotion_not_other_posts(measure, until):
    facts = _dismissed(measure=measure)
    assert rules.promotion_verdict(facts, D(2026, 9, 1)).until == until
    # A post not above the one held is no promotion: these measures do not bar it.
    assert rules.appointment_verdict(facts, level=DEPUTY, on=D(2026, 9, 1), promotion=False).allowed
    assert not rules.appointment_verdict(
        facts, level=COUNTY_DEPUTY, on=D(2026, 9, 1), promotion=True
    ).allowed


def test_with_a_concurrent_sanction_the_longer_period_applies():
    """免职 with 记大过 (18 months) the same day: promotion waits for the longer 24 months;
    调整职务 (12) with 降级 (24): 24 months."""
    demerit = rules.SupervisionFact(
        SupervisionKind.STATE_SANCTION, Measure.STATE_MAJOR_DEMERIT, D(2026, 3, 1), label="记大过"
    )
    assert rules.promotion_verdict(_dismissed(demerit), D(2026, 9, 1)).until == D(2028, 3, 1)
    grade_cut = rules.SupervisionFact(
        SupervisionKind.STATE_SANCTION, Measure.STATE_DEMOTION, D(2026, 3, 1), label="降级"
    )
    adjusted = _dismissed(grade_cut, measure=Measure.ORG_POST_ADJUSTMENT)
    verdict = rules.promotion_verdict(adjusted, D(2026, 9, 1))
    assert verdict.until == D(2028, 3, 1)
    assert len(verdict.reasons) == 2
    # 免职 with 留党察看二年 (48 months): a higher post waits for the sanction's end.
    probation = rules.SupervisionFact(
        SupervisionKind.PARTY_SANCTION, Measure.PARTY_PROBATION_2, D(2026, 3, 1), label="留党察看"
    )
    late = _may(_dismissed(probation), COUNTY_DEPUTY, D(2028, 6, 1))
    assert not late.allowed
    assert late.until == D(2030, 3, 1)


def test_the_periods_are_settings(settings):
    settings.ZUGONG_ORG_HANDLING_MONTHS = {"org_dismissal": {"leading": 6, "higher": 18}}
    facts = _dismissed()
    assert _may(facts, DEPUTY, D(2026, 9, 1)).allowed
    assert not _may(facts, COUNTY_DEPUTY, D(2027, 8, 31)).allowed
    assert _may(facts, COUNTY_DEPUTY, D(2027, 9, 1)).allowed
    # Measures the setting leaves out keep their defaults.
    adjusted = _dismissed(measure=Measure.ORG_POST_ADJUSTMENT)
    assert rules.promotion_verdict(adjusted, D(2026, 9, 1)).until == D(2027, 3, 1)


# ---------------------------------------------------------------- through the service


@pytest.fixture
def dismissed(cadres):
    """韦立新, 临桂镇 deputy head since 2021-03-01, dismissed on 2025-06-01."""
    with scope_of(cadres.admin):
        supervision.supervision_record(
            actor=cadres.admin,
            cadre=cadres.cadre_a,
            data={
                "kind": "org_handling",
                "measure": "org_dismissal",
                "issue": "履职不力，造成不良影响",
                "decided_on": D(2025, 6, 1),
            },
        )
        records.position_end(
            actor=cadres.admin, position=cadres.cadre_a.positions.get(), ended_on=D(2025, 6, 1)
        )
    return cadres


def _appoint(cast, actor, level, on, **more):
    return records.position_add(
        actor=actor,
        cadre=cast.cadre_a,
        data={"title": "副镇长" if level == DEPUTY else "干部", "level": level, "started_on": on}
        | more,
    )


def test_every_appointment_meets_both_tiers(dismissed):
    cast = dismissed
    with scope_of(cast.admin):
        with pytest.raises(ApplicationError) as error:
            _appoint(cast, cast.admin, DEPUTY, D(2026, 5, 31))
        assert "2026-06-01前不得担任任何领导职务" in error.value.message
        assert "不能任该职务" in error.value.message
        assert cast.cadre_a.positions.count() == 1
        # A non-leading post is allowed inside the first year.
        _appoint(cast, cast.admin, "", D(2025, 9, 1))
        # After the first year, a post at the former level, once noticed.
        notices.notice_open(
            actor=cast.admin,
            cadre=cast.cadre_a,
            data={
                "proposed_post": "临桂镇副镇长",
                "proposed_level": DEPUTY,
                "starts_on": D(2026, 5, 18),
                "contact": "区委组织部干部监督室，电话0773-1234567",
            },
        )
        position = _appoint(cast, cast.admin, DEPUTY, D(2026, 6, 1))
        assert position.notice is not None
        with pytest.raises(ApplicationError) as error:
            _appoint(cast, cast.admin, PRINCIPAL, D(2026, 7, 1), notice_exemption="special_post")
        assert "2027-06-01前不得担任高于原职务层次（乡科级副职）的职务" in error.value.message


def test_a_township_officer_is_told_a_record_bars_not_what_it_is(dismissed):
    cast = dismissed
    response = bearer(cast.officer_a).post(
        f"/api/v1/cadres/{cast.cadre_a.pk}/positions",
        {"title": "副镇长", "level": DEPUTY, "started_on": "2026-05-31"},
        content_type="application/json",
    )
    assert response.status_code == 400
    message = response.json()["message"]
    assert "监督记录" in message
    assert "免职" not in message


def test_another_townships_officer_cannot_appoint(dismissed):
    response = bearer(dismissed.officer_b).post(
        f"/api/v1/cadres/{dismissed.cadre_a.pk}/positions",
        {"title": "干部", "level": "", "started_on": "2025-09-01"},
        content_type="application/json",
    )
    assert response.status_code == 404


def test_the_qualification_check_weighs_the_tiers_for_the_level_proposed():
    facts = _dismissed()
    same = rules.post_qualification(facts, target=PRINCIPAL, on=D(2027, 3, 1))[-1]
    assert same.ok
    assert same.text == "可以任职"
    higher = rules.post_qualification(facts, target=COUNTY_DEPUTY, on=D(2027, 3, 1))[-1]
    assert not higher.ok
    assert "不得担任高于原职务层次" in higher.text
    assert higher.source == "《中国共产党组织处理规定（试行）》（2021）"
