"""The work plan cast, on top of the fixed cast (tests/conftest.py).

The seed's plan (4 parts, 15 points) is imported for the district; three tasks:
``task_a`` led by 临桂镇 (A) with 六塘镇 (B) as co-unit, ``task_b`` led by 六塘镇 (B)
alone, ``task_d`` led by the district (the department's own). ``ivan`` (section
officer over the district) supervises all three; ``judy`` is township officer of 临桂镇
and branch secretary of 六塘村 (each role's rights in its own subtree)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.conftest import _user
from zugong.core.models import Role, User
from zugong.core.scope import system_scope
from zugong.core.services import access as access_services
from zugong.workplan.models import Point
from zugong.workplan.services import plans as plan_services
from zugong.workplan.services import tasks as task_services

SEED_TEXT = (Path(__file__).parents[2] / "src/zugong/workplan/data/seed_plan.txt").read_text(
    encoding="utf-8"
)
D = dt.date


DEADLINE = D(2026, 12, 30)


def make_task(c, point_number: int, lead, *, co=(), deadline=DEADLINE, **extra):
    point = Point.objects.get(part__plan=c.plan, number=point_number)
    data = {
        "title": extra.pop("title", f"任务{point_number}"),
        "lead_unit": lead,
        "deadline": deadline,
        "supervisor": extra.pop("supervisor", c.office),
        "leader_name": extra.pop("leader_name", "王建国"),
        "frequency": extra.pop("frequency", "monthly"),
        **extra,
    }
    milestones = data.pop("milestones", None)
    return task_services.task_save(
        actor=None,
        point=point,
        data=data,
        co_units=list(co),
        milestones=milestones,
        today=extra.get("today", D(2026, 9, 1)),
    )


@pytest.fixture
def wp(cast):
    c = cast
    with system_scope("tests"):
        c.office = User.objects.filter(username="ivan").first() or _user(
            "ivan", "section_officer", c.district
        )
        c.two_roles = User.objects.filter(username="judy").first()
        if c.two_roles is None:
            c.two_roles = _user("judy", "township_officer", c.town_a)
            access_services.role_grant(
                actor=None,
                user=c.two_roles,
                role=Role.objects.get(code="branch_secretary"),
                organization=c.branch_b,
            )
        parsed = plan_services.parse_text(SEED_TEXT, "seed.txt")
        c.plan = plan_services.plan_import(
            actor=None, owner=c.district, parsed=parsed, issuing_body="中共临桂区委组织部"
        )
        c.task_a = make_task(c, 4, c.town_a, co=[c.town_b], title="完成全镇村党组织星级评定")
        c.task_b = make_task(c, 7, c.town_b, title="推进两新组织党组织覆盖")
        c.task_d = make_task(c, 8, c.district, title="完成年度考核")
    return c
