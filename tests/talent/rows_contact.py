"""One row of every native and contact model, made through the services (for the
administrators' walk and the contact tests). Call inside system_scope() with the ``tc``
cast; the frozen clock's day (2026-11-24) is today. Township A's rows name 唐丽娜,
township B's 周明远."""

from __future__ import annotations

import datetime as dt

from zugong.talent.services import contact as contacts
from zugong.talent.services import native

D = dt.date
TODAY = D(2026, 11, 24)


def credit_code(first17: str) -> str:
    from zugong.grassroots.rules.twonew import credit_code_check_char

    return first17 + credit_code_check_char(first17)


def make_rows(c) -> None:
    for talent, city in ((c.talent_a, "深圳"), (c.talent_b, "广州")):
        native.native_profile_update(
            actor=None,
            talent=talent,
            outside=True,
            current_city=city,
            field_of_work="电子信息",
            return_interest="some",
        )
    c.native_contact_a = native.native_contact_record(
        actor=None,
        talent=c.talent_a,
        contacted_on=D(2026, 9, 1),
        kind="call",
        by="人才办小韦",
        summary="了解深圳电商企业回乡投资意向（样例）",
        today=TODAY,
    )
    c.return_a = native.return_outcome_save(
        actor=None,
        talent=c.talent_a,
        kind="capital",
        achieved_on=D(2026, 6, 1),
        description="投资金水社区电商产业园（样例）",
        amount="500",
        today=TODAY,
    )
    c.return_b = native.return_outcome_save(
        actor=None,
        talent=c.talent_b,
        kind="advice",
        achieved_on=D(2026, 5, 1),
        description="六塘工匠技艺讲座（样例）",
        today=TODAY,
    )
    c.liaison_a = native.liaison_contact_save(
        actor=None,
        data={
            "office": c.town_a,
            "enterprise": "深圳临桂同乡科技有限公司（样例）",
            "contacted_on": D(2026, 10, 10),
            "summary": "洽谈电子元件项目落地临桂镇",
            "outcome": "达成意向",
            "talent": c.talent_a,
        },
        today=TODAY,
    )
    c.liaison_b = native.liaison_contact_save(
        actor=None,
        data={
            "office": c.town_b,
            "enterprise": "广州六塘农业发展有限公司（样例）",
            "contacted_on": D(2026, 10, 12),
            "summary": "洽谈农产品深加工",
        },
        today=TODAY,
    )
    c.alumni_a = native.alumni_enterprise_save(
        actor=None,
        data={
            "office": c.town_a,
            "name": "桂林金水电子科技有限公司（样例）",
            "credit_code": credit_code("91450312MA5K00001"),
            "university": "桂林电子科技大学",
            "returned_on": D(2025, 3, 1),
            "registered_capital": "1000",
            "jobs": 80,
            "tax": "120",
        },
        today=TODAY,
    )
    c.alumni_b = native.alumni_enterprise_save(
        actor=None,
        data={
            "office": c.town_b,
            "name": "六塘智造有限公司（样例）",
            "university": "桂林理工大学",
            "returned_on": D(2024, 5, 1),
            "jobs": 20,
        },
        today=TODAY,
    )
    c.pair_a = contacts.pair_save(
        actor=None,
        data={
            "office": c.town_a,
            "leader": "覃志刚（样例）",
            "leader_post": "临桂镇党委书记",
            "leader_level": "main",
            "talent": c.talent_a,
            "since": D(2026, 1, 5),
        },
        today=TODAY,
    )
    c.record_a = contacts.contact_record(
        actor=None,
        pair=c.pair_a,
        contacted_on=D(2026, 3, 10),
        kind="visit",
        summary="走访了解企业用工需求",
        today=TODAY,
    )
    c.problem_a = contacts.problem_raise(
        actor=None,
        pair=c.pair_a,
        raised_on=D(2026, 3, 10),
        content="子女入学需协调（样例）",
        today=TODAY,
    )
    c.pair_b = contacts.pair_save(
        actor=None,
        data={
            "office": c.town_b,
            "leader": "蒋文博（样例）",
            "leader_post": "六塘镇镇长",
            "leader_level": "other",
            "talent": c.talent_b,
            "since": D(2026, 1, 5),
        },
        today=TODAY,
    )
    c.problem_b = contacts.problem_raise(
        actor=None,
        pair=c.pair_b,
        raised_on=D(2026, 4, 1),
        content="工坊用地审批（样例）",
        today=TODAY,
    )
