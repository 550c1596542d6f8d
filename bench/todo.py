"""Benchmark: the to-do scan over the whole district and the to-do page (issue 16:
daily scan ≤ 60 s at 1,000,000 members / 50,000 organizations; 我的待办 ≤ 100 ms p99).

Usage (from the repository root), on the benchmark database:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zugong_bench .venv/bin/python bench/todo.py

It runs the ``core.todo`` scan (every registered source, under the system scope) --scans
times and records its total and each source's time and item count; then, for a
district-wide user (组织部管理员 at the root) and a township user (组织委员 of the
township with the most organizations) it times, --repeat times each:
- the selectors the page uses (items_for with the page's limit, counts_by_source);
- GET /admin/core/todoitem/ through Django's test client (session, middleware, the
  sidebar, the template);
- reference: GET /admin/jsi18n/ through the same client (the cheapest admin page).
Its two users (bench_todo_district, bench_todo_town) are the only rows it adds besides
the to-do items themselves. Results go to bench/results/todo_<engine>.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def figures(runs: list[float]) -> dict:
    ordered = sorted(runs)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 3),
        "p99_ms": round(p99 * 1000, 3),
        "max_ms": round(ordered[-1] * 1000, 3),
        "runs": len(ordered),
    }


def timed(fn, repeat: int) -> dict:
    fn()  # warm
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return figures(runs)


def scan_once(today: dt.date) -> dict:
    from zugong.core import todo
    from zugong.core.models import Organization
    from zugong.core.scope import system_scope

    per_source = {}
    began = time.perf_counter()
    with system_scope("bench"):
        paths = dict(Organization.objects.values_list("pk", "path"))
        for entry in todo.discover().values():
            start = time.perf_counter()
            try:
                count = todo.refresh_source(entry, today, paths)
                error = ""
            except Exception as exc:  # reported, as the scan does
                count, error = 0, repr(exc)[:200]
            per_source[entry.name] = {
                "seconds": round(time.perf_counter() - start, 3),
                "items": count,
                **({"error": error} if error else {}),
            }
    total = time.perf_counter() - began
    return {"seconds": round(total, 3), "sources": per_source}


def bench_users():
    from django.db.models import Count

    from zugong.core.models import Organization, OrgKind, Role, User
    from zugong.core.scope import system_scope
    from zugong.core.services import access as access_services

    with system_scope("bench"):
        root = Organization.objects.filter(parent__isnull=True).order_by("path").first()
        township = (
            Organization.objects.filter(kind=OrgKind.TOWNSHIP)
            .annotate(n=Count("children"))
            .order_by("-n", "path")
            .first()
        )
        made = {}
        for username, role, org in (
            ("bench_todo_district", "dept_admin", root),
            ("bench_todo_town", "township_officer", township),
        ):
            user, created = User.objects.get_or_create(
                username=username, defaults={"full_name": username, "is_staff": True}
            )
            if created:
                access_services.role_grant(
                    actor=None, user=user, role=Role.objects.get(code=role), organization=org
                )
            made[username] = (user, org.name)
    return made


def page_figures(user, repeat: int) -> dict:
    from django.test import Client

    from zugong.core import todo
    from zugong.core.admin.todo import PAGE_LIMIT

    def selectors():
        # A fresh user object each time: nothing cached between page views.
        from zugong.core.models import User

        fresh = User.objects.get(pk=user.pk)
        todo.items_for(fresh, limit=PAGE_LIMIT)
        todo.counts_by_source(fresh)

    client = Client()
    client.force_login(user)

    def page():
        response = client.get("/admin/core/todoitem/")
        assert response.status_code == 200, response.status_code

    def reference():
        client.get("/admin/jsi18n/")

    fresh = type(user).objects.get(pk=user.pk)
    return {
        "items": todo.count_for(fresh),
        "shown": len(todo.items_for(fresh, limit=PAGE_LIMIT)),
        "selectors": timed(selectors, repeat),
        "page": timed(page, repeat),
        "reference_jsi18n": timed(reference, repeat),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scans", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=100)
    parser.add_argument("--today", default="2026-11-24")
    parser.add_argument("--out", default="")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zugong.settings")
    os.environ.setdefault("ZUGONG_DEBUG", "false")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    from zugong.core.models import Organization, Person
    from zugong.core.scope import system_scope

    settings.ALLOWED_HOSTS = ["testserver"]
    today = dt.date.fromisoformat(args.today)
    with system_scope("bench"):
        sizes = {"persons": Person.objects.count(), "organizations": Organization.objects.count()}
        try:
            from zugong.party.models import Member

            sizes["members"] = Member.objects.count()
        except Exception:  # the party app is part of zugong; kept for clarity
            pass
    scans = [scan_once(today) for _ in range(args.scans)]
    users = bench_users()
    pages = {
        name: {"organization": org, **page_figures(user, args.repeat)}
        for name, (user, org) in users.items()
    }
    result = {
        "benchmark": "todo",
        "engine": connection.vendor,
        "database": connection.settings_dict.get("NAME"),
        "machine": platform.platform(),
        "python": platform.python_version(),
        "today": args.today,
        "sizes": sizes,
        "targets": {"scan_seconds": 60, "page_p99_ms": 100},
        "scans": scans,
        "pages": pages,
    }
    out = Path(args.out or ROOT / "bench" / "results" / f"todo_{connection.vendor}.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    print(
        json.dumps(
            {
                "scans": [s["seconds"] for s in scans],
                "pages": {
                    k: {
                        "page_p99": v["page"]["p99_ms"],
                        "selectors_p99": v["selectors"]["p99_ms"],
                        "items": v["items"],
                    }
                    for k, v in pages.items()
                },
            },
            ensure_ascii=False,
        )
    )
    print(f"written to {out}")


if __name__ == "__main__":
    main()
