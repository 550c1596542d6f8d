"""One row of every work plan model, made through the services (for the
administrators' walk). Call inside system_scope() with a cast that has ``office`` (a
section officer over the district: tests/talent/conftest.py ``tc`` or the workplan
``wp`` cast); the frozen clock's day (2026-11-24) is today. Every task's title carries
“台账样例” so a page can be checked for what it shows.

Wiring in tests/core/test_administrators_walk.py: import ``rows_workplan`` from
tests.workplan, call ``rows_workplan.make_rows(cast)`` after the talent areas, and add
to GRASSROOTS_FACTS ``workplan_models.Task: ("title",)``,
``workplan_models.Submission: ("situation",)``, ``workplan_models.Instruction:
("content",)`` and ``workplan_models.SupervisionNotice: ("number",)`` (with
``from zugong.workplan import models as workplan_models``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from zugong.workplan.models import Point
from zugong.workplan.services import plans as plan_services
from zugong.workplan.services import submissions as submission_services
from zugong.workplan.services import tasks as task_services
from zugong.workplan.services.lights import refresh_lights

D = dt.date
TODAY = D(2026, 11, 24)
SEED = Path(__file__).parents[2] / "src/zugong/workplan/data/seed_plan.txt"


def make_rows(c) -> None:
    parsed = plan_services.parse_text(SEED.read_text(encoding="utf-8"), "seed.txt")
    c.wp_plan = plan_services.plan_import(
        actor=None, owner=c.district, parsed=parsed, issuing_body="中共临桂区委组织部"
    )
    point = Point.objects.get(part__plan=c.wp_plan, number=4)
    base = {"supervisor": c.office, "leader_name": "台账样例领导", "frequency": "monthly"}
    c.wp_task_a = task_services.task_save(
        actor=None,
        point=point,
        data={
            **base,
            "title": "临桂镇台账样例星级评定",
            "lead_unit": c.town_a,
            "deadline": D(2026, 11, 2),
        },
        co_units=[c.town_b],
        milestones=[("台账样例摸底", D(2026, 10, 16))],
        today=D(2026, 3, 2),
    )
    c.wp_task_b = task_services.task_save(
        actor=None,
        point=point,
        data={
            **base,
            "title": "六塘镇台账样例示范村",
            "lead_unit": c.town_b,
            "deadline": D(2026, 12, 30),
        },
        today=D(2026, 3, 2),
    )
    task_services.task_sign(actor=None, task=c.wp_task_a, today=D(2026, 3, 5))
    task_services.task_assign(
        actor=None, task=c.wp_task_a, assignee="台账样例承办人", today=D(2026, 3, 5)
    )
    row = submission_services.submission_save(
        actor=None,
        task=c.wp_task_a,
        unit=c.town_a,
        data={"kind": "stage", "situation": "台账样例进展：完成摸底", "progress": 40},
        submit=True,
        today=D(2026, 10, 20),
    )
    submission_services.submission_review(
        actor=None, submission=row, approve=True, today=D(2026, 10, 21)
    )
    submission_services.submission_save(
        actor=None,
        task=c.wp_task_a,
        unit=c.town_b,
        data={"kind": "stage", "situation": "台账样例协办进展"},
        submit=True,
        today=D(2026, 11, 20),
    )
    task_services.instruction_add(
        actor=None,
        task=c.wp_task_a,
        leader="台账样例领导",
        content="台账样例批示：抓紧办理",
        today=TODAY,
    )
    refresh_lights(TODAY)  # task A is red: a supervision notice
