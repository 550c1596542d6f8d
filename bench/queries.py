"""Benchmark: the read paths of #5 on a generated data set (`zugong gen`).

Usage (from the repository root):
    .venv/bin/python bench/queries.py --members 100000        # SQLite in a temporary folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zugong_bench .venv/bin/python bench/queries.py

Times, with the reference measured in the same run beside each figure:
- the scoped member list through the API (first page of 20 and the total) for a township
  officer; reference: the health endpoint through the same client;
- a Chinese name substring search within that scope; reference: the exact-name lookup;
- an ID-number lookup through the keyed hash (API);
- the cockpit figures for the whole data set; reference: one plain GROUP BY;
- the organizational-life compliance report for a year over all branches;
- the roster export to Excel; reference: writing the same rows with xlsxwriter alone.
Requests run one at a time in process (latency, not throughput; the concurrent load
test belongs with the production server). Results go to bench/results/queries_<engine>.json.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)

    def at(p):
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]

    return {"p50": at(50), "p99": at(99), "n": len(ordered)}


def latency(fn, n: int) -> dict:
    samples = []
    for i in range(n):
        start = time.perf_counter()
        fn(i)
        samples.append(time.perf_counter() - start)
    return percentiles(samples)


def timed(fn, repeat: int) -> dict:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return {"median": statistics.median(runs), "min": min(runs), "max": max(runs)}


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--out", default="", help="结果文件（默认 bench/results/queries_<数据库>.json）"
    )
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="zugong-bench-queries-"))
    os.environ.setdefault("ZUGONG_DATA_DIR", str(work))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zugong.settings")
    os.environ.setdefault("ZUGONG_ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    import xlsxwriter
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.test import Client

    from zugong.core.models import Organization, OrgKind, Person, Role, User
    from zugong.core.scope import system_scope
    from zugong.core.services import access as access_services
    from zugong.core.services.persons import person_clear_value
    from zugong.party import roster, selectors
    from zugong.party.models import Member

    engine = connection.vendor
    if engine != "sqlite":
        call_command("flush", "--noinput", verbosity=0)
    call_command("migrate", "--noinput", verbosity=0)
    start = time.perf_counter()
    call_command("gen", "--members", str(args.members), verbosity=0, stdout=open(os.devnull, "w"))
    gen_s = time.perf_counter() - start
    # What the queries below meet: the state right after a bulk write, nothing analysed
    # by hand (gen analyses the tables it filled itself, as an import does).
    planner_rows = None
    if engine == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT relname, reltuples FROM pg_class WHERE relname IN"
                " ('core_organization', 'core_person', 'party_member') ORDER BY relname"
            )
            planner_rows = {name: int(rows) for name, rows in cursor.fetchall()}

    with system_scope("bench"):
        root = Organization.objects.get(kind=OrgKind.DISTRICT)
        township = Organization.objects.filter(kind=OrgKind.TOWNSHIP).order_by("path").first()
        officer = User.objects.create_user("bench_officer", password="Bench#2026-x", is_staff=True)
        access_services.role_grant(
            actor=None,
            user=officer,
            role=Role.objects.get(code="township_officer"),
            organization=township,
        )
        leader = User.objects.create_user("bench_leader", password="Bench#2026-x", is_staff=True)
        access_services.role_grant(
            actor=None, user=leader, role=Role.objects.get(code="dept_admin"), organization=root
        )
        local = list(
            Person.objects.filter(organization__path__startswith=township.path)
            .order_by("id")
            .values_list("name", flat=True)[:500]
        )
        sample_person = Person.objects.filter(organization__path__startswith=township.path).first()
        id_number = person_clear_value(sample_person, "id_number")
        members_total = Member.objects.count()

    client = Client()
    client.force_login(officer)
    chief = Client()
    chief.force_login(leader)
    url = f"/api/v1/party/members?organization={township.pk}&page=1"

    def get(c, path):
        response = c.get(path)
        assert response.status_code == 200, (path, response.status_code, response.content[:200])
        return response

    results = {
        "member_list_api": latency(lambda i: get(client, url), args.requests),
        "health_api": latency(lambda i: get(client, "/api/v1/health"), args.requests),
        "name_search_api": latency(
            lambda i: get(client, f"/api/v1/party/members?q={local[i % len(local)][1:]}"),
            args.requests,
        ),
        "id_lookup_api": latency(
            lambda i: get(client, f"/api/v1/party/members?q={id_number}"), args.requests
        ),
    }
    with system_scope("bench"):
        results["exact_name_orm"] = latency(
            lambda i: list(
                Person.objects.filter(name=local[i % len(local)]).values_list("id")[:20]
            ),
            args.requests,
        )
        results["cockpit_s"] = timed(
            lambda: selectors.cockpit_figures(dt.date(2026, 1, 1)), args.repeat
        )
        results["plain_group_by_s"] = timed(
            lambda: list(Person.objects.values("gender").annotate(n=Count("id"))), args.repeat
        )
        results["compliance_year_s"] = timed(
            lambda: selectors.compliance(dt.date(2025, 1, 1), dt.date(2025, 12, 31)), args.repeat
        )

        def export():
            roster.export(Member.objects.all(), work / "export.xlsx", actor=None)

        def xlsx_alone():
            # The same rows and columns as the export, read and written with no processing.
            rows = Member.objects.order_by(
                "person__organization__path", "person__name", "id"
            ).values_list(
                "person__name",
                "person__id_number_masked",
                "person__ethnicity",
                "person__education",
                "kind",
                "joined_on",
                "full_on",
                "person__organization__code",
                "person__organization__name",
                "person__phone_masked",
                "person__work_unit",
                "occupation",
                "status",
            )
            book = xlsxwriter.Workbook(str(work / "plain.xlsx"), {"constant_memory": True})
            sheet = book.add_worksheet()
            for r, row in enumerate(rows.iterator(chunk_size=5000), start=1):
                for c, value in enumerate(row):
                    sheet.write_string(r, c, str(value))
            book.close()

        results["export_s"] = timed(export, 1)
        results["xlsxwriter_alone_s"] = timed(xlsx_alone, 1)

    result = {
        "benchmark": "queries",
        "engine": engine,
        "members": members_total,
        "organizations": Organization.objects.unscoped().count(),  # Unscoped on purpose: a count
        "gen_s": gen_s,
        "planner_rows_after_gen": planner_rows,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        **results,
    }
    out = Path(args.out) if args.out else ROOT / "bench" / "results" / f"queries_{engine}.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    for key, value in results.items():
        if "p50" in value:
            print(f"{key:22} p50 {value['p50'] * 1000:7.1f} ms  p99 {value['p99'] * 1000:7.1f} ms")
        else:
            print(
                f"{key:22} median {value['median']:.3f} s  ({value['min']:.3f}–{value['max']:.3f})"
            )
    print(f"{members_total:,} members, gen {gen_s:.1f} s, written {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
