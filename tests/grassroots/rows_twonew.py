"""One row of every two-new model, written through the services (the administrators'
walk opens each model's pages with them)."""

from __future__ import annotations

import datetime as dt

from zugong.grassroots import rules
from zugong.grassroots.models.twonew import DutyItem, Instructor
from zugong.grassroots.services import twonew as services


def code(sequence: int, prefix: str = "91450312MA5") -> str:
    first = f"{prefix}{sequence:06d}"[:17]
    return first + rules.credit_code_check_char(first)


def entity_data(c, sequence: int, **extra) -> dict:
    data = {
        "kind": "enterprise",
        "credit_code": code(sequence),
        "name": f"桂林漓江山水旅游有限公司{sequence}",
        "address": "临桂镇世纪大道1号",
        "township": c.town_a,
        "industry": "旅游",
        "employees": 40,
        "party_members": 2,
        "full_members": 2,
        "head": "秦国栋",
        "coverage": "none",
        "not_formed_reason": "党员人数不足3人",
    }
    data.update(extra)
    return data


def make_rows(c) -> None:
    today = dt.date(2026, 11, 24)
    instructor = services.instructor_save(
        actor=None,
        data={
            "person": c.person_a,
            "township": c.town_a,
            "full_time": True,
            "level": Instructor.Level.TOWNSHIP,
            "appointed_on": dt.date(2026, 1, 5),
        },
    )
    entity = services.entity_save(
        actor=None, data=entity_data(c, 900001, instructor=instructor), today=today
    )
    services.entity_save(
        actor=None,
        data=entity_data(
            c,
            900002,
            name="临桂区义工联合会",
            kind="social_org",
            employees=35,
            party_members=5,
            full_members=4,
            coverage="separate",
            party_organization=c.community_a,
            formed_on=dt.date(2021, 7, 1),
            not_formed_reason="",
        ),
        today=today,
    )
    services.visit_record(
        actor=None,
        instructor=instructor,
        entity=entity,
        visited_on=dt.date(2026, 10, 20),
        content="指导建立工会并物色入党积极分子",
        today=today,
    )
    unit = services.member_unit_save(
        actor=None,
        data={"organization": c.town_a, "name": "临桂镇市场监督管理所", "officer": "唐丽"},
    )
    services.duty_item_save(
        actor=None,
        data={
            "unit": unit,
            "list_kind": DutyItem.ListKind.DUTY,
            "content": "年报时同步采集党建信息",
            "owner": "唐丽",
            "deadline": dt.date(2026, 6, 30),
        },
    )
    services.unit_report_save(
        actor=None,
        unit=unit,
        year=2026,
        half=1,
        submitted_on=dt.date(2026, 7, 10),
        summary="上半年配合开展两新组织排查",
        today=today,
    )
    services.coverage_report_save(actor=None, organization=c.town_a, as_of=today, today=today)
