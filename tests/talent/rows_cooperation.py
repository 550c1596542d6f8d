"""Rows of every cooperation model, made through the services (for the administrators'
walk and the cooperation tests). Call inside system_scope() with the ``tc`` cast; the
frozen clock's day (2026-11-24) is today.

The district's talent office keeps 桂林电子科技大学 and 桂林漓江智造有限公司 with a
signed agreement, a programme with a cohort and a trainee, an awarded challenge with a
milestone, a practice base with a term and a graduate; 临桂镇 (A) keeps its own small
ledger (a member, an agreement without outcome, a graduate) that 六塘镇's officer must
never see."""

from __future__ import annotations

import datetime as dt

from zugong.talent.services import cooperation as services
from zugong.talent.services import cooperation_challenges as challenges

D = dt.date
TODAY = D(2026, 11, 24)


def facts() -> dict:
    """Distinctive text of the cooperation rows (model → fields), for the walk's
    secrets: on no page of the system, security and audit administrators."""
    from zugong.talent import models

    return {
        models.AllianceMember: ("name", "credit_code"),
        models.Agreement: ("title",),
        models.Programme: ("name",),
        models.Challenge: ("title", "need"),
        models.PracticeBase: ("name",),
        models.Graduate: ("name", "employer"),
        models.Trainee: ("name",),
    }


def credit_code(body: str = "91450312MA5K00001") -> str:
    from zugong.grassroots.rules.twonew import credit_code_check_char

    return body + credit_code_check_char(body)


def make_rows(c) -> None:
    office = c.district
    c.coop_university = services.member_save(
        actor=None, office=office, name="桂林电子科技大学", kind="university", in_district=True
    )
    c.coop_enterprise = services.member_save(
        actor=None,
        office=office,
        name="桂林漓江智造有限公司",
        kind="enterprise",
        credit_code=credit_code(),
        contact_person="覃志远",
    )
    c.coop_agreement = services.agreement_save(
        actor=None,
        office=office,
        title="桂电—漓江智造校企合作协议（样例）",
        members=[c.coop_university, c.coop_enterprise],
        signed_on=D(2025, 3, 1),
        ends_on=D(2028, 2, 28),
        content="共建实践基地、联合攻关",
        today=TODAY,
    )
    c.coop_programme = services.programme_save(
        actor=None,
        office=office,
        name="临桂区电商直播班（样例）",
        kind="livestream",
        year=2026,
        agreement=c.coop_agreement,
        partner=c.coop_university,
        target=40,
        today=TODAY,
    )
    c.coop_cohort = services.cohort_save(
        actor=None,
        programme=c.coop_programme,
        name="第一期",
        starts_on=D(2026, 5, 10),
        ends_on=D(2026, 5, 20),
    )
    # The talent cast has 唐丽娜 in the pool; the administrators' walk has no talents.
    talent = getattr(c, "talent_a", None)
    c.coop_trainee = services.trainee_save(
        actor=None,
        cohort=c.coop_cohort,
        name="" if talent else "覃晓雯",
        talent=talent,
        employer="桂林丽娜电子商务有限公司",
    )
    c.coop_challenge = challenges.challenge_publish(
        actor=None,
        office=office,
        title="罗汉果深加工提取工艺攻关（样例）",
        publisher="桂林漓江智造有限公司",
        need="提高甜苷提取率",
        budget="80",
        published_on=D(2026, 3, 1),
        deadline=D(2026, 4, 30),
        agreement=c.coop_agreement,
        today=TODAY,
    )
    c.coop_bid = challenges.bid_submit(
        actor=None,
        challenge=c.coop_challenge,
        bidder=c.coop_university,
        submitted_on=D(2026, 4, 1),
        proposal="膜分离联用工艺",
        amount="75",
    )
    challenges.challenge_award(
        actor=None, challenge=c.coop_challenge, bid=c.coop_bid, awarded_on=D(2026, 5, 8)
    )
    c.coop_milestone = challenges.milestone_add(
        actor=None, challenge=c.coop_challenge, title="中试线建成", due_on=D(2026, 10, 31)
    )
    c.coop_base = services.base_save(
        actor=None,
        office=office,
        name="漓江智造大学生实践基地（样例）",
        host="桂林漓江智造有限公司",
        university=c.coop_university,
        agreement=c.coop_agreement,
        places=30,
        established_on=D(2025, 4, 1),
        today=TODAY,
    )
    c.coop_term = services.term_save(
        actor=None, base=c.coop_base, term="2026春", starts_on=D(2026, 3, 1), students=24
    )
    c.coop_graduate = services.graduate_save(
        actor=None,
        office=office,
        university=c.coop_university,
        name="韦思琪",
        year=2025,
        major="电子信息工程",
        kind="employed",
        employer="桂林漓江智造有限公司",
        agreement=c.coop_agreement,
        started_on=D(2025, 7, 15),
        today=TODAY,
    )
    # 临桂镇 (A) keeps a ledger of its own.
    c.coop_university_a = services.member_save(
        actor=None, office=c.town_a, name="桂林理工大学", kind="university"
    )
    c.coop_agreement_a = services.agreement_save(
        actor=None,
        office=c.town_a,
        title="临桂镇—桂工乡村振兴合作协议（样例）",
        members=[c.coop_university_a],
        signed_on=D(2025, 6, 1),
        today=TODAY,
    )
    c.coop_graduate_a = services.graduate_save(
        actor=None,
        office=c.town_a,
        university=c.coop_university_a,
        name="蒙晓峰",
        year=2026,
        kind="startup",
        employer="临桂镇晓峰农业合作社",
        started_on=D(2026, 8, 1),
        today=TODAY,
    )
