"""The demo's work plan: the seed's plan through the import service, tasks in every
light on the demo's day, submissions in every state, instructions and notices."""

from __future__ import annotations

import datetime as dt
import random

import time_machine

from tests.conftest import _user
from zugong.core.scope import system_scope
from zugong.workplan import demo
from zugong.workplan.models import (
    Instruction,
    Light,
    Plan,
    Point,
    Submission,
    SubmissionStatus,
    SupervisionNotice,
    Task,
)


def test_the_demo_plan_has_every_light_and_every_state(cast):
    with time_machine.travel(dt.datetime(2026, 11, 24, 10, 0), tick=False), system_scope("demo"):
        _user("zuzhike", "section_officer", cast.district)
        _user("lingdao", "leader", cast.district)
        line = demo.extend(random.Random(1), dt.date(2026, 1, 1))
        plan = Plan.objects.get()
        assert plan.title == "2026年全区组织工作要点"
        assert Point.objects.filter(part__plan=plan).count() == 15
        lights = set(Task.objects.values_list("light", flat=True))
        assert lights == set(Light.values)
        states = set(Submission.objects.values_list("status", flat=True))
        assert states == set(SubmissionStatus.values)
        assert Instruction.objects.exists()
        assert (
            SupervisionNotice.objects.filter(task__light=Light.RED).count()
            == Task.objects.filter(light=Light.RED).count()
        )
        assert Task.objects.exclude(indicator_key="").count() == 6
        assert "18项任务" in line


def test_without_reviewers_only_the_plan_is_loaded(cast):
    with system_scope("demo"):
        Task.objects.all()  # nothing yet
        from zugong.core.models import RoleAssignment

        RoleAssignment.objects.filter(role__code__in=["dept_admin", "section_officer"]).delete()
        line = demo.extend(random.Random(1), dt.date(2026, 1, 1))
        assert "未分解任务" in line
        assert Task.objects.count() == 0
