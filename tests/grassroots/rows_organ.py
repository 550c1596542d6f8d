"""One row of every organ party building model, made through the services (for the
administrators' walk and the organ tests). Call inside system_scope() with the ``gr``
cast; the frozen clock's day (2026-11-24) is today."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from zugong.grassroots.services import organ as services

D = dt.date
TODAY = D(2026, 11, 24)


def make_rows(c) -> None:
    # Township A: the community branch's member and the branch itself commit.
    c.organ_commitment_a = services.commitment_create(
        actor=None,
        organization=c.branch_a,
        person=c.person_a,
        year=2026,
        category="service",
        content="每月走访困难党员群众不少于两户（机关样例）",
        deadline=D(2026, 12, 20),
        today=TODAY,
    )
    c.organ_progress_a = services.progress_record(
        actor=None,
        commitment=c.organ_commitment_a,
        recorded_on=D(2026, 11, 20),
        progress=60,
        description="已走访困难户十二户（机关样例）",
        evidence=SimpleUploadedFile("走访记录.pdf", b"%PDF-1.4 sample", "application/pdf"),
        today=TODAY,
    )
    c.organ_branch_commitment_a = services.commitment_create(
        actor=None,
        organization=c.branch_a,
        year=2026,
        category="duty",
        content="建成金水社区党群服务站（机关样例）",
        deadline=D(2026, 12, 31),
        today=TODAY,
    )
    c.organ_post_a = services.pioneer_declare(
        actor=None,
        organization=c.branch_a,
        kind="individual",
        person=c.person_a,
        post_name="金水社区便民服务先锋岗（样例）",
        criteria="党性修养、业务技能、群众评价",
        declared_on=D(2026, 3, 1),
        today=TODAY,
    )
    # The district's organ: the whole chain.
    c.organ_commitment = services.commitment_create(
        actor=None,
        organization=c.organ_branch,
        person=c.organ_person,
        year=2026,
        category="duty",
        content="按时办结区委文电，零差错（机关样例）",
        deadline=D(2026, 12, 31),
        today=TODAY,
    )
    c.organ_post = services.pioneer_declare(
        actor=None,
        organization=c.organ_branch,
        kind="collective",
        post_name="区委办文电处理集体先锋岗（样例）",
        declared_on=D(2026, 2, 10),
        today=TODAY,
    )
    for day in (D(2026, 2, 20), D(2026, 3, 1), D(2026, 3, 15)):
        c.organ_post = services.pioneer_advance(actor=None, post=c.organ_post, on=day, today=TODAY)
    c.organ_team = services.team_save(
        actor=None,
        organization=c.organ_branch,
        name="防汛救灾党员突击队（样例）",
        task="驰援六塘镇防汛抢险",
        leader=c.organ_person,
        members=[c.organ_person],
        starts_on=D(2026, 6, 18),
        ends_on=D(2026, 6, 25),
        result="转移群众三百余人",
        today=TODAY,
    )
    c.organ_award = services.award_grant(
        actor=None,
        organization=c.organ_branch,
        person=c.organ_person,
        year=2026,
        title="争当服务群众标兵（样例）",
        citation="长期帮扶结对村困难群众",
    )
    c.organ_unit = services.organ_unit_save(
        actor=None,
        organization=c.organ,
        unit_name="临桂区委办公室（样例）",
        staff=120,
        partywork_staff=1,
        responsible="韦德明",
    )
    c.organ_meeting = services.members_meeting_record(
        actor=None,
        organization=c.organ,
        held_on=D(2026, 1, 15),
        topic="听取区委办主任述职（样例）",
        today=TODAY,
    )
