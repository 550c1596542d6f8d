"""One row of every urban model, made through the services (for the administrators'
walk and the urban tests). Call inside system_scope() with the ``gr`` cast."""

from __future__ import annotations

import datetime as dt

from zugong.grassroots.services import urban as cobuilding
from zugong.grassroots.services import urban_dual as dual
from zugong.grassroots.services import urban_grids as grids

D = dt.date
TODAY = D(2026, 11, 24)


def make_rows(c) -> None:
    c.urban_unit = cobuilding.unit_save(
        actor=None,
        street=c.town_a,
        name="临桂区委办公室（共建样例）",
        kind="organ",
        party_organization=c.organ_branch,
        superior="中共临桂区委员会",
        contact="韦德明",
    )
    c.urban_contract = cobuilding.contract_create(
        actor=None,
        community=c.community_a,
        unit=c.urban_unit,
        title="金水社区与区委办共建契约（样例）",
        year=2026,
    )
    c.urban_item = cobuilding.item_add(
        actor=None,
        contract=c.urban_contract,
        kind="need",
        content="为老年人开展政策宣讲（样例）",
        responsible="区委办公室",
        due_on=D(2026, 6, 30),
    )
    c.urban_item_late = cobuilding.item_add(
        actor=None,
        contract=c.urban_contract,
        kind="project",
        content="社区活动室改造（样例）",
        due_on=D(2026, 9, 30),
    )
    cobuilding.contract_advance(
        actor=None,
        contract=c.urban_contract,
        step="签约",
        signed_on=D(2026, 3, 1),
        ends_on=D(2026, 12, 31),
    )
    cobuilding.contract_advance(actor=None, contract=c.urban_contract, step="履约")
    c.urban_fulfilment = cobuilding.fulfilment_record(
        actor=None,
        item=c.urban_item,
        done_on=D(2026, 5, 20),
        description="宣讲两场，参加居民60人（样例）",
        completes=True,
        today=TODAY,
    )
    c.urban_evaluation = cobuilding.evaluation_record(
        actor=None,
        contract=c.urban_contract,
        year=2026,
        score="88",
        evaluated_on=D(2026, 11, 20),
        sent_on=D(2026, 11, 22),
    )
    c.urban_meeting = cobuilding.joint_meeting_record(
        actor=None,
        organization=c.town_a,
        held_on=D(2026, 4, 8),
        topic="街道大工委联席会议（样例）",
        today=TODAY,
    )
    c.urban_grid = grids.grid_save(
        actor=None, community=c.community_a, name="金水第一网格（样例）", party_unit=c.community_a
    )
    c.urban_micro = grids.grid_save(
        actor=None, community=c.community_a, parent=c.urban_grid, name="金水1-1微网格（样例）"
    )
    c.urban_staff = grids.staff_add(
        actor=None, grid=c.urban_grid, role="head", name="黄秀英", person=c.person_a
    )
    c.urban_report = dual.report_create(
        actor=None,
        person=c.organ_person,
        community=c.community_a,
        grid=c.urban_micro,
        reported_on=D(2026, 3, 10),
        category="legal_aid",
        skills="法律咨询",
        today=TODAY,
    )
    c.urban_service = dual.service_record(
        actor=None,
        report=c.urban_report,
        served_on=D(2026, 4, 12),
        hours="4",
        category="legal_aid",
        content="社区法律咨询（样例）",
        today=TODAY,
    )
    c.urban_member = grids.member_assign(
        actor=None, grid=c.urban_micro, person_id=c.organ_person.pk
    )
