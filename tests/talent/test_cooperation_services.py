"""Cooperation rules and services: the no-outcome flag, overdue milestones, challenges
past deadline, the programme kinds; every bad input refused in Chinese naming the field
with nothing written; the challenge's steps in order; outcomes in constant queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings

from tests.core.test_rule_sources import problems_of
from tests.talent import rows_cooperation
from zugong.core.errors import ApplicationError, PermissionDenied
from zugong.core.models import AuditEntry
from zugong.core.rules import Rule
from zugong.core.scope import system_scope
from zugong.talent import capabilities as caps
from zugong.talent.models import (
    Agreement,
    AllianceMember,
    Challenge,
    ChallengeBid,
    Cohort,
    Graduate,
    PracticeTerm,
)
from zugong.talent.rules import cooperation as rules
from zugong.talent.selectors import cooperation as selectors
from zugong.talent.services import cooperation as services
from zugong.talent.services import cooperation_challenges as challenges

D = dt.date
TODAY = D(2026, 11, 24)
pytestmark = pytest.mark.django_db


@pytest.fixture
def co(tc):
    with system_scope("tests"):
        rows_cooperation.make_rows(tc)
    return tc


# Rules ----------------------------------------------------------------------------------


def test_every_cooperation_rule_names_its_source():
    found = [v for v in vars(rules).values() if isinstance(v, Rule)]
    assert len(found) >= 5
    for rule in found:
        assert not problems_of(rule.source), rule.source


@pytest.mark.parametrize(
    ("signed", "outcomes", "today", "flagged", "since"),
    [
        (D(2025, 11, 24), 0, D(2026, 11, 24), True, D(2026, 11, 24)),  # the day it runs out
        (D(2025, 11, 25), 0, D(2026, 11, 24), False, None),  # one day short
        (D(2024, 2, 29), 0, D(2025, 3, 1), True, D(2025, 2, 28)),  # month-end clamp
        (D(2024, 1, 1), 1, D(2026, 11, 24), False, None),  # one outcome is enough
    ],
)
def test_an_agreement_without_outcome_is_flagged_after_twelve_months(
    signed, outcomes, today, flagged, since
):
    flag = rules.agreement_flag(signed_on=signed, outcomes=outcomes, today=today)
    assert (flag.flagged, flag.since) == (flagged, since)
    if flagged:
        assert "满12个月无成效" in flag.label


@pytest.mark.parametrize(
    "today",
    [D(2025, 2, 28), D(2025, 3, 1), D(2026, 11, 24), D(2026, 11, 30), D(2027, 2, 28)],
)
def test_the_query_form_of_the_flag_agrees_with_the_rule(today):
    last = rules.flagged_if_signed_by(today)
    for offset in range(-3, 4):
        signed = last + dt.timedelta(days=offset)
        flag = rules.agreement_flag(signed_on=signed, outcomes=0, today=today)
        assert flag.flagged == (signed <= last), (today, signed)


@override_settings(ZUGONG_TALENT_AGREEMENT_OUTCOME_MONTHS=6)
def test_the_period_is_a_setting():
    flag = rules.agreement_flag(signed_on=D(2026, 5, 24), outcomes=0, today=TODAY)
    assert flag.flagged
    assert flag.since == D(2026, 11, 24)


@override_settings(ZUGONG_TALENT_AGREEMENT_OUTCOME_MONTHS=0)
def test_a_bad_period_setting_is_refused():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        rules.outcome_months()


def test_challenge_and_milestone_rules():
    kw = {"deadline": D(2026, 11, 23), "today": TODAY}
    assert rules.challenge_past_deadline(awarded=False, open_=True, **kw)
    assert not rules.challenge_past_deadline(awarded=True, open_=False, **kw)
    assert not rules.challenge_past_deadline(awarded=False, open_=True, deadline=TODAY, today=TODAY)
    assert rules.milestone_overdue(due_on=D(2026, 11, 23), done_on=None, today=TODAY)
    assert not rules.milestone_overdue(due_on=D(2026, 11, 23), done_on=TODAY, today=TODAY)
    assert not rules.milestone_overdue(due_on=TODAY, done_on=None, today=TODAY)
    assert rules.is_plan_ledger("keep_geese")
    assert not rules.is_plan_ledger("class")
    assert rules.ledger_kinds()[:3] == ("think_tank", "help_geese", "keep_geese")


# Services: good path --------------------------------------------------------------------


def test_the_rows_are_written_and_audited(co):
    with system_scope("tests"):
        assert AllianceMember.objects.count() == 3
        assert AuditEntry.objects.filter(action=caps.COOPERATION_SAVED).count() >= 15
        assert co.coop_trainee.name == "唐丽娜"  # taken from the talent
        assert Challenge.objects.get(pk=co.coop_challenge.pk).status == "awarded"


def test_outcomes_per_agreement_and_the_flag(co, django_assert_max_num_queries):
    with system_scope("tests"), django_assert_max_num_queries(2):
        rows = {r["agreement"].pk: r for r in selectors.agreement_outcomes(TODAY)}
    district = rows[co.coop_agreement.pk]
    assert (district["students"], district["graduates"], district["solved"]) == (24, 1, 0)
    assert (district["programmes"], district["trainees"]) == (1, 1)
    assert not district["flag"].flagged
    town = rows[co.coop_agreement_a.pk]
    assert town["flag"].flagged
    assert town["flag"].since == D(2026, 6, 1)


def test_outcome_queries_do_not_grow_with_agreements(co, django_assert_max_num_queries):
    with system_scope("tests"):
        for i in range(15):
            services.agreement_save(
                actor=None,
                office=co.district,
                title=f"协议{i}",
                members=[co.coop_university],
                signed_on=D(2024, 1, 1),
                today=TODAY,
            )
        with django_assert_max_num_queries(2):
            assert len(selectors.agreement_outcomes(TODAY, flagged_only=True)) == 16
        with django_assert_max_num_queries(4):
            board = selectors.outcome_board(TODAY)
        with django_assert_max_num_queries(3):
            selectors.programme_ledgers()
        with django_assert_max_num_queries(1):
            selectors.retention()
    assert [r["milestone"] for r in board["milestones"]] == [co.coop_milestone]


def test_retention_by_university_and_year(co):
    with system_scope("tests"):
        data = selectors.retention()
    assert data["years"] == [2025, 2026]
    by_name = {r["university"]: r for r in data["rows"]}
    assert by_name["桂林电子科技大学"]["cells"][0]["employed"] == 1
    assert by_name["桂林理工大学"]["cells"][1]["startup"] == 1
    assert [t["total"] for t in data["totals"]] == [1, 1]


def test_programme_ledger(co):
    with system_scope("tests"):
        rows = selectors.programme_ledgers(year=2026)
    assert rows == [
        {
            "kind": "livestream",
            "kind_label": "电商直播班",
            "plan_ledger": False,
            "year": 2026,
            "programmes": 1,
            "target": 40,
            "cohorts": 1,
            "trainees": 1,
            "completed": 0,
        }
    ]


def test_the_challenge_steps_to_acceptance(co):
    with system_scope("tests"):
        c = co.coop_challenge
        with pytest.raises(ApplicationError) as early:
            challenges.challenge_accept(
                actor=None, challenge=c, passed=True, accepted_on=TODAY, acceptance="合格"
            )
        assert early.value.field == "passed"
        assert "1个攻关节点未完成" in early.value.message
        challenges.milestone_done(
            actor=None, milestone=co.coop_milestone, done_on=D(2026, 10, 20), today=TODAY
        )
        challenges.challenge_accept(
            actor=None, challenge=c, passed=True, accepted_on=TODAY, acceptance="达到指标"
        )
        row = selectors.agreement_outcomes(TODAY)[-1]
        assert row["agreement"] == co.coop_agreement
        assert row["solved"] == 1
        with pytest.raises(ApplicationError) as twice:
            challenges.challenge_accept(
                actor=None, challenge=c, passed=False, accepted_on=TODAY, acceptance="x"
            )
        assert twice.value.field == "status"
        assert "已验收" in twice.value.message


def _open_challenge(co, **extra):
    data = {
        "office": co.district,
        "title": "榜单",
        "publisher": "桂林漓江智造有限公司",
        "need": "需求",
        "budget": "10",
        "published_on": D(2026, 9, 1),
        "deadline": D(2026, 10, 31),
        "today": TODAY,
        **extra,
    }
    return challenges.challenge_publish(actor=None, **data)


def test_an_award_before_any_bid_is_refused(co):
    with system_scope("tests"):
        c = _open_challenge(co)
        with pytest.raises(ApplicationError) as refused:
            challenges.challenge_award(actor=None, challenge=c, bid=None, awarded_on=TODAY)
        assert refused.value.field == "bid"
        assert "尚无揭榜方案" in refused.value.message
        with pytest.raises(ApplicationError) as accept:
            challenges.challenge_accept(
                actor=None, challenge=c, passed=True, accepted_on=TODAY, acceptance="x"
            )
        assert accept.value.field == "status"
        assert "尚未揭榜" in accept.value.message
        with pytest.raises(ApplicationError) as milestone:
            challenges.milestone_add(actor=None, challenge=c, title="节点", due_on=TODAY)
        assert milestone.value.field == "status"
        # Another challenge's bid is no bid of this one.
        challenges.bid_submit(
            actor=None,
            challenge=c,
            bidder=co.coop_university,
            submitted_on=D(2026, 10, 1),
            proposal="方案",
        )
        with pytest.raises(ApplicationError) as foreign:
            challenges.challenge_award(actor=None, challenge=c, bid=co.coop_bid, awarded_on=TODAY)
        assert foreign.value.field == "bid"
        assert Challenge.objects.get(pk=c.pk).status == "open"


def test_closing_without_award_after_the_deadline(co):
    with system_scope("tests"):
        c = _open_challenge(co, deadline=D(2026, 11, 30))
        with pytest.raises(ApplicationError) as early:
            challenges.challenge_close(actor=None, challenge=c, today=TODAY)
        assert early.value.field == "deadline"
        assert "前不能流榜" in early.value.message
        late = _open_challenge(co, deadline=D(2026, 11, 1))
        board = {r["challenge"].pk: r for r in selectors.challenges_board(TODAY)}
        assert board[late.pk]["past_deadline"]
        assert board[late.pk]["days_late"] == 23
        challenges.challenge_close(actor=None, challenge=late, today=TODAY)
        assert Challenge.objects.get(pk=late.pk).status == "closed"
        with pytest.raises(ApplicationError) as bid:
            challenges.bid_submit(
                actor=None,
                challenge=late,
                bidder=co.coop_university,
                submitted_on=D(2026, 10, 1),
                proposal="方案",
            )
        assert bid.value.field == "status"
        assert "流榜" in bid.value.message


# Services: bad input --------------------------------------------------------------------


def _refused(call, field, words, model, **kwargs):
    with system_scope("tests"):
        before = model.objects.count()
        with pytest.raises(ApplicationError) as refused:
            call(**kwargs)
        assert refused.value.field == field, refused.value.message
        assert words in refused.value.message
        assert model.objects.count() == before


def test_an_enterprise_needs_a_valid_credit_code(co):
    base = {"actor": None, "office": co.district, "kind": "enterprise"}
    _refused(
        services.member_save, "credit_code", "统一社会信用代码", AllianceMember, name="甲", **base
    )
    _refused(
        services.member_save,
        "credit_code",
        "校验位",
        AllianceMember,
        name="乙",
        credit_code="91450312MA5K00001X",
        **base,
    )
    _refused(
        services.member_save,
        "name",
        "已登记",
        AllianceMember,
        name="桂林电子科技大学",
        actor=None,
        office=co.district,
        kind="university",
    )
    _refused(
        services.member_save, "office", "不是区委或乡镇", AllianceMember,
        actor=None, office=co.branch_a, name="丙", kind="university",
    )  # fmt: skip


def test_an_agreement_ending_before_its_signing_is_refused(co):
    data = {
        "actor": None,
        "office": co.district,
        "title": "协议",
        "members": [co.coop_university],
        "signed_on": D(2026, 5, 1),
        "today": TODAY,
    }
    _refused(services.agreement_save, "ends_on", "不能早于签订日期", Agreement,
             **{**data, "ends_on": D(2026, 4, 30)})  # fmt: skip
    _refused(services.agreement_save, "members", "签约方", Agreement, **{**data, "members": []})
    _refused(services.agreement_save, "members", "不属于", Agreement,
             **{**data, "members": [co.coop_university_a]})  # fmt: skip
    _refused(services.agreement_save, "signed_on", "不能晚于今天", Agreement,
             **{**data, "signed_on": D(2026, 12, 1)})  # fmt: skip


def test_a_cohort_ending_before_it_starts_is_refused(co):
    _refused(
        services.cohort_save,
        "ends_on",
        "不能早于开班日期",
        Cohort,
        actor=None,
        programme=co.coop_programme,
        name="第二期",
        starts_on=D(2026, 6, 10),
        ends_on=D(2026, 6, 1),
    )


def test_more_students_than_places_is_refused_naming_the_figures(co):
    _refused(
        services.term_save,
        "students",
        "实践学生31人，超过基地每期岗位数30个",
        PracticeTerm,
        actor=None,
        base=co.coop_base,
        term="2026秋",
        starts_on=D(2026, 9, 1),
        students=31,
    )
    _refused(services.term_save, "term", "已登记", PracticeTerm, actor=None, base=co.coop_base,
             term="2026春", starts_on=D(2026, 3, 1), students=1)  # fmt: skip


def test_a_graduate_of_a_non_university_is_refused(co):
    data = {
        "actor": None,
        "office": co.district,
        "university": co.coop_enterprise,
        "name": "张三",
        "year": 2026,
        "kind": "employed",
        "employer": "某公司",
        "started_on": D(2026, 7, 1),
        "today": TODAY,
    }
    _refused(services.graduate_save, "university", "不是联盟成员中的高校", Graduate, **data)
    good = {**data, "university": co.coop_university}
    _refused(services.graduate_save, "kind", "留区方式", Graduate, **{**good, "kind": "x"})
    _refused(services.graduate_save, "year", "毕业年度", Graduate, **{**good, "year": 2027})
    _refused(services.graduate_save, "started_on", "不能晚于今天", Graduate,
             **{**good, "started_on": D(2026, 12, 1)})  # fmt: skip


def test_bids_are_checked(co):
    with system_scope("tests"):
        c = _open_challenge(co)
    kw = {"actor": None, "challenge": c, "proposal": "方案"}
    _refused(challenges.bid_submit, "submitted_on", "不在发榜日期", ChallengeBid,
             bidder=co.coop_university, submitted_on=D(2026, 11, 1), **kw)  # fmt: skip
    _refused(challenges.bid_submit, "bidder", "不属于", ChallengeBid,
             bidder=co.coop_university_a, submitted_on=D(2026, 10, 1), **kw)  # fmt: skip
    _refused(challenges.challenge_publish, "deadline", "不能早于发榜日期", Challenge,
             actor=None, office=co.district, title="榜", publisher="甲", need="乙", budget="1",
             published_on=D(2026, 9, 1), deadline=D(2026, 8, 1), today=TODAY)  # fmt: skip
    _refused(challenges.challenge_publish, "budget", "应大于0", Challenge,
             actor=None, office=co.district, title="榜", publisher="甲", need="乙", budget="0",
             published_on=D(2026, 9, 1), deadline=D(2026, 10, 1), today=TODAY)  # fmt: skip


def test_an_officer_writes_only_in_their_own_township(co):
    with system_scope("tests"):
        services.member_save(actor=co.officer_a, office=co.town_a, name="甲大学", kind="university")
        with pytest.raises(PermissionDenied):
            services.member_save(
                actor=co.officer_b, office=co.town_a, name="乙大学", kind="university"
            )
        with pytest.raises(PermissionDenied):
            services.member_save(actor=co.tina, office=co.town_a, name="丙大学", kind="university")
        # judy: township officer of A writes there; as branch secretary in B, not there.
        services.member_save(actor=co.two_roles, office=co.town_a, name="丁大学", kind="university")
        with pytest.raises(PermissionDenied):
            services.member_save(
                actor=co.two_roles, office=co.town_b, name="戊大学", kind="university"
            )
        with pytest.raises(PermissionDenied):
            services.member_save(
                actor=co.leader, office=co.district, name="己大学", kind="university"
            )
