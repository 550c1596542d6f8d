"""Benchmark: the work plan's daily lights scan over 100,000 tasks (issue 16: the whole
daily scan ≤ 60 s) and the task list page (p99), on SQLite or PostgreSQL.

Usage (from the repository root):
    .venv/bin/python bench/workplan.py                       # SQLite in a temporary folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zugong_workplan_bench \
        .venv/bin/python bench/workplan.py                   # an empty database of its own

It builds a district (the department, --townships townships), imports the seed's plan
through the import service, writes --tasks tasks (bulk, spread over the 15 points and
the units; one in ten with a co-unit, one in five with two milestones, one in twenty
linked to an indicator), then times:
- ``refresh_lights`` (the workplan.lights scan) on the first day (every task's light
  is written) and on the next working day (the daily steady state: few change);
- the task list page (/admin/workplan/task/, 50 rows, light filter off and red) as the
  department administrator and as a township officer, --repeat times each;
- reference: the same list's plain ``count()`` of tasks in scope.
Results go to bench/results/workplan_<engine>.json.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def figures(runs: list[float]) -> dict:
    ordered = sorted(runs)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p99_ms": round(p99 * 1000, 2),
        "max_ms": round(ordered[-1] * 1000, 2),
        "runs": len(ordered),
    }


def build(tasks: int, townships: int):
    from zugong.core.models import OrgCategory, OrgKind, Role, User
    from zugong.core.scope import Scope, activate
    from zugong.core.services import access as access_services
    from zugong.core.services import organizations as org_services
    from zugong.workplan.models import Milestone, Point, Task, TaskCoUnit
    from zugong.workplan.services import plans as plan_services

    def org(parent, name, code, kind):
        return org_services.organization_create(
            actor=None,
            parent=parent,
            data={
                "name": name,
                "code": code,
                "kind": kind,
                "category": OrgCategory.ORGAN,
                "region_code": "450312",
                "founded_on": dt.date(2000, 1, 1),
            },
        )

    district = org(None, "中共临桂区委员会", "450312", OrgKind.DISTRICT)
    towns = [
        org(district, f"中共第{i + 1}镇委员会", f"450312{100 + i}", OrgKind.TOWNSHIP)
        for i in range(townships)
    ]
    units = [district, *towns]

    def user(name, role, where):
        made = User.objects.create_user(name, password="x", full_name=name, is_staff=True)
        access_services.role_grant(
            actor=None, user=made, role=Role.objects.get(code=role), organization=where
        )
        return made

    admin = user("bench_admin", "dept_admin", district)
    officer = user("bench_town", "township_officer", towns[0])
    office = user("bench_office", "section_officer", district)
    seed = (ROOT / "src/zugong/workplan/data/seed_plan.txt").read_text(encoding="utf-8")
    plan = plan_services.plan_import(
        actor=None, owner=district, parsed=plan_services.parse_text(seed), issuing_body="组织部"
    )
    points = list(Point.objects.filter(part__plan=plan).order_by("number"))
    rng = random.Random(16)
    today = dt.date(2026, 11, 24)
    keys = ["talent.pool", "party.members_admitted", "cadres.young_pool"]
    rows = []
    for i in range(tasks):
        point = points[i % len(points)]
        deadline = today + dt.timedelta(days=rng.randint(-60, 200))
        rows.append(
            Task(
                point=point,
                number=f"{point.number}.{i + 1}",
                title=f"工作任务{i + 1}",
                lead_unit=units[i % len(units)],
                starts_on=dt.date(2026, 1, 5),
                deadline=deadline,
                supervisor=office,
                leader_name=rng.choice(["王建国", "李明", "周华"]),
                frequency="monthly",
                status=rng.choice(["in_progress"] * 8 + ["done", "stage_done"]),
                reported_progress=rng.choice([None, 20, 50, 80]),
                indicator_key=keys[i % 3] if i % 20 == 0 else "",
                indicator_target=10 if i % 20 == 0 else None,
                completed_on=today if False else None,
            )
        )
    with activate(Scope(everything=True)):
        Task.objects.bulk_create(rows, batch_size=2000)
        ids = list(Task.objects.order_by("id").values_list("id", "lead_unit_id"))
        co = [
            TaskCoUnit(task_id=pk, organization=towns[(n + 1) % len(towns)])
            for n, (pk, lead) in enumerate(ids)
            if n % 10 == 0 and towns[(n + 1) % len(towns)].pk != lead
        ]
        TaskCoUnit.objects.bulk_create(co, batch_size=2000)
        steps = []
        for n, (pk, _lead) in enumerate(ids):
            if n % 5 == 0:
                steps.append(
                    Milestone(
                        task_id=pk,
                        title="摸底",
                        due_on=dt.date(2026, 6, 30),
                        done_on=dt.date(2026, 6, 20) if n % 10 else None,
                    )
                )
                steps.append(Milestone(task_id=pk, title="总结", due_on=dt.date(2026, 12, 15)))
        Milestone.objects.bulk_create(steps, batch_size=2000)
    return admin, officer, today


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--townships", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--out", default="")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="zugong-bench-workplan-"))
    os.environ.setdefault("ZUGONG_DATA_DIR", str(work))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zugong.settings")
    os.environ.setdefault("ZUGONG_ALLOWED_HOSTS", "testserver")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from zugong.core.scope import system_scope

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    with system_scope("bench"):
        admin, officer, today = build(args.tasks, args.townships)
    setup = time.perf_counter() - started
    from zugong.workplan.services.lights import refresh_lights

    scans = {}
    for label, day in (("first_day", today), ("next_day", dt.date(2026, 11, 25))):
        begin = time.perf_counter()
        with system_scope("bench"):
            result = refresh_lights(day)
        scans[label] = {
            "seconds": round(time.perf_counter() - begin, 2),
            "changed": result["changed"],
            "red": result["red"],
            "notices": result["notices"],
        }
        print(label, scans[label], flush=True)
    pages = {}
    for who, user in (("dept_admin", admin), ("township_officer", officer)):
        client = Client()
        client.force_login(user)
        for name, url in (
            ("all", "/admin/workplan/task/"),
            ("red", "/admin/workplan/task/?light__exact=red"),
        ):
            assert client.get(url).status_code == 200
            runs = []
            for _ in range(args.repeat):
                begin = time.perf_counter()
                response = client.get(url)
                runs.append(time.perf_counter() - begin)
                assert response.status_code == 200
            pages[f"{who}_{name}"] = figures(runs)
            print(who, name, pages[f"{who}_{name}"], flush=True)
    from zugong.core.capabilities import access_for
    from zugong.core.scope import activate
    from zugong.workplan.models import Task

    runs = []
    scope = access_for(officer).scope()
    for _ in range(args.repeat):
        begin = time.perf_counter()
        with activate(scope):
            Task.objects.count()
        runs.append(time.perf_counter() - begin)
    engine = connection.vendor
    out = {
        "benchmark": "workplan",
        "engine": engine,
        "tasks": args.tasks,
        "townships": args.townships,
        "setup_seconds": round(setup, 1),
        "lights_scan": scans,
        "target": "whole daily scan ≤ 60 s (issue 16); the lights scan is one part",
        "task_list_page": pages,
        "reference_count_in_scope": figures(runs),
        "machine": {"python": platform.python_version(), "load_average": os.getloadavg()},
        "at": dt.datetime.now().isoformat(timespec="seconds"),
    }
    target = Path(args.out) if args.out else ROOT / "bench" / "results" / f"workplan_{engine}.json"
    target.write_text(json.dumps(out, ensure_ascii=False, indent=2), encoding="utf-8")
    print(json.dumps(out, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
