"""Benchmark: the grassroots module's heavy reads on a generated data set (`zugong gen`).

Usage (from the repository root):
    .venv/bin/python bench/grassroots.py --members 100000        # SQLite in a temporary folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zugong_bench \
        .venv/bin/python bench/grassroots.py --members 1000000

Times, each with its reference measured in the same run:
- draft star scores from the evidence zugong holds, for every village and community
  organization (about 30,000 at 1,000,000 members); reference: the organizational-life
  compliance report over the same organizations (party.selectors.compliance), which is
  one of the evidence sources;
- the coverage rates of the two-new organizations for the whole data set (100,000
  entities at 1,000,000 members), with the first page of each rate's list; reference:
  one plain GROUP BY over the entities;
- the rating list page of the back office (first page) for the department administrator.
Results go to bench/results/grassroots_<engine>.json (docs/performance.md via report.py).
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
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--reuse", action="store_true", help="不重新生成数据（数据库已由本脚本生成）"
    )
    parser.add_argument(
        "--out", default="", help="结果文件（默认 bench/results/grassroots_<数据库>.json）"
    )
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="zugong-bench-grassroots-"))
    os.environ.setdefault("ZUGONG_DATA_DIR", str(work))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zugong.settings")
    os.environ.setdefault("ZUGONG_ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.test import Client

    from zugong.core.models import Organization, OrgKind, Role, User
    from zugong.core.scope import system_scope
    from zugong.core.services import access as access_services
    from zugong.grassroots.generate import TODAY
    from zugong.grassroots.models import Entity, Rating
    from zugong.grassroots.selectors import coverage, evidence
    from zugong.party import selectors as party_selectors

    engine = connection.vendor
    gen_s = None
    if not args.reuse:
        if engine != "sqlite":
            call_command("flush", "--noinput", verbosity=0)
        call_command("migrate", "--noinput", verbosity=0)
        start = time.perf_counter()
        call_command("gen", "--members", str(args.members), stdout=open(os.devnull, "w"))
        gen_s = time.perf_counter() - start
    year = TODAY.year - 1
    results: dict = {}
    with system_scope("bench"):
        root = Organization.objects.get(kind=OrgKind.DISTRICT)
        villages = Rating.objects.filter(year=year).count()
        entities = Entity.objects.count()
        load_before = os.getloadavg()
        results["draft_scores_s"] = timed(lambda: evidence.draft_scores(year), args.repeat)
        # Where the draft's time goes: each source alone (each also reads the rated
        # organizations, about 0.1 s), once.
        by_source = {
            source: timed(lambda s=source: evidence.draft_scores(year, sources=[s]), 1)["median"]
            for source in evidence.COMPUTED
        }
        results["compliance_reference_s"] = timed(
            lambda: party_selectors.compliance(dt.date(year, 1, 1), dt.date(year, 12, 31)),
            args.repeat,
        )

        def rates_and_lists():
            figures = coverage.coverage_figures(root.path, TODAY)
            for numerator in ("counted", "separate", "organized", "work_covered"):
                list(coverage.coverage_list(root.path, TODAY, numerator)[:50])
            return figures

        results["coverage_s"] = timed(rates_and_lists, args.repeat)
        results["plain_group_by_s"] = timed(
            lambda: list(Entity.objects.values("coverage").annotate(n=Count("id"))), args.repeat
        )
        admin = User.objects.filter(username="bench_grassroots").first()
        if admin is None:
            admin = User.objects.create_user(
                "bench_grassroots", password="Bench#2026-x", is_staff=True
            )
            access_services.role_grant(
                actor=None, user=admin, role=Role.objects.get(code="dept_admin"), organization=root
            )
    client = Client()
    client.force_login(admin)

    def rating_list():
        response = client.get(f"/admin/grassroots/rating/?year={year}")
        assert response.status_code == 200, response.status_code

    results["rating_list_page_s"] = timed(rating_list, args.repeat)
    result = {
        "benchmark": "grassroots",
        "engine": engine,
        "members": args.members,
        "village_organizations": villages,
        "entities": entities,
        "gen_s": gen_s,
        # The other work on the machine while this ran (1-minute load average, before
        # and after): on a shared 2-core machine the figures vary with it.
        "load_average": [round(load_before[0], 2), round(os.getloadavg()[0], 2)],
        "draft_scores_by_source_s": {k: round(v, 3) for k, v in by_source.items()},
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        **results,
    }
    default = ROOT / "bench" / "results" / f"grassroots_{engine}.json"
    out = Path(args.out) if args.out else default
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    for source, seconds in by_source.items():
        print(f"  {source:24} {seconds:.3f} s")
    for key, value in results.items():
        print(f"{key:26} median {value['median']:.3f} s  ({value['min']:.3f}–{value['max']:.3f})")
    print(
        f"{villages:,} rated organizations, {entities:,} entities, written {out}", file=sys.stderr
    )


if __name__ == "__main__":
    main()
