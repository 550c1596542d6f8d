"""Benchmark: search across everything (core.search) at scale.

Usage (from the repository root), on the benchmark database `zugong gen` filled:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zugong_bench \\
        .venv/bin/python bench/search.py --prepare      # once: keys, collation, indexes
    DATABASE_URL=... .venv/bin/python bench/search.py   # the measurement
    .venv/bin/python bench/search.py --members 20000    # SQLite in a temporary folder

--prepare brings a database migrated before migration 0009 filled its keys up to what
0009 does on a fresh one (the key columns compared bytewise, the backfill of
name_pinyin/name_initials, the two indexes) and times each step.

Times (milliseconds; p50, p99, max over --queries queries of each kind), for a
district user (section officer over the whole district) and a township officer:
- ``search``: the whole search (every kind the user may see: persons, organizations,
  members, cadres, talents, two-new organizations …) as the palette and the API run it;
- ``persons``: the persons kind alone;
for names of 1 and 2 Chinese characters, initials (2–3 letters), full ID numbers; and
the reference: an exact name lookup on the indexed name (first 20).
Results go to bench/results/search_<engine>.json.
"""

from __future__ import annotations

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
PAGE = 20


def percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p99_ms": round(p99 * 1000, 2),
        "max_ms": round(ordered[-1] * 1000, 2),
    }


def prepare_steps() -> dict:
    from importlib import import_module

    from django.db import connection

    from zugong.core.search import backfill_person_keys

    migration = import_module("zugong.core.migrations.0009_person_search_keys")
    times: dict = {}
    with connection.cursor() as cursor:
        start = time.perf_counter()
        if connection.vendor == "postgresql":
            for statement in migration.PG_COLLATE:
                cursor.execute(statement)
        times["collate_c_s"] = round(time.perf_counter() - start, 2)
        start = time.perf_counter()
        times["distinct_names"] = backfill_person_keys(only_missing=False)
        times["backfill_s"] = round(time.perf_counter() - start, 2)
        start = time.perf_counter()
        cursor.execute("CREATE INDEX IF NOT EXISTS person_pinyin ON core_person (name_pinyin, id)")
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS person_initials ON core_person (name_initials, name_pinyin)"
        )
        times["indexes_s"] = round(time.perf_counter() - start, 2)
        start = time.perf_counter()
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE core_person")
        times["analyze_s"] = round(time.perf_counter() - start, 2)
        cursor.execute("SELECT count(*) FROM core_person")
        times["persons"] = cursor.fetchone()[0]
    return times


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=60, help="每类查询条数（至少50）")
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument("--prepare", action="store_true", help="补齐拼音键、排序规则与索引")
    parser.add_argument("--out", default="")
    args = parser.parse_args()
    args.queries = max(50, args.queries)

    work = Path(tempfile.mkdtemp(prefix="zugong-bench-search-"))
    os.environ.setdefault("ZUGONG_DATA_DIR", str(work))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zugong.settings")
    os.environ.setdefault("ZUGONG_ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    engine = connection.vendor
    if args.prepare:
        figures = prepare_steps()
        out = ROOT / "bench" / "results" / f"search_prepare_{engine}.json"
        out.write_text(json.dumps(figures, indent=2), encoding="utf-8")
        print(figures)
        return
    if engine == "sqlite":
        call_command("migrate", "--noinput", verbosity=0)
        call_command("gen", "--members", str(args.members), stdout=open(os.devnull, "w"))
    measure(args, engine)


def bench_users(root, township):
    from zugong.core.models import Role, User
    from zugong.core.services import access as access_services

    users = {}
    for key, role, org in (
        ("district", "section_officer", root),
        ("township", "township_officer", township),
    ):
        username = f"bench_search_{key}"
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(username, password="Bench#2026-x", is_staff=True)
            access_services.role_grant(
                actor=None, user=user, role=Role.objects.get(code=role), organization=org
            )
        users[key] = user
    return users


def measure(args, engine: str) -> None:
    from zugong.core import crypto
    from zugong.core.capabilities import access_for
    from zugong.core.models import Organization, OrgKind, Person
    from zugong.core.scope import activate, system_scope
    from zugong.core.search import search

    rng = random.Random(args.seed)
    n = args.queries
    with system_scope("bench"):
        root = Organization.objects.get(kind=OrgKind.DISTRICT)
        township = Organization.objects.filter(kind=OrgKind.TOWNSHIP).order_by("path")[3]
        persons = Person.objects.count()
        users = bench_users(root, township)
        samples = {}
        for key, where in (("district", root.path), ("township", township.path)):
            top = Person.objects.filter(organization__path__startswith=where).order_by("pk")
            every = list(top.values_list("pk", flat=True))
            ids = rng.sample(every, min(len(every), n * 4))
            rows = list(
                top.filter(pk__in=ids).values_list("name", "name_initials", "id_number_encrypted")
            )
            samples[key] = rows
    kinds_run, missing = runnable_kinds()
    results: dict = {"persons": persons, "kinds": sorted(kinds_run), "kinds_not_migrated": missing}
    for key, user in users.items():
        rows = samples[key]
        kinds = {
            "name_1char": [r[0][:1] for r in rng.choices(rows, k=n)],
            "name_2char": [r[0][:2] for r in rng.choices(rows, k=n)],
            "initials": [r[1][: rng.choice((2, 3))] for r in rng.choices(rows, k=n)],
            "id_number": [crypto.decrypt(r[2]) for r in rng.choices(rows, k=n)],
        }
        base = access_for(user).base_scope()
        part: dict = {"in_scope_persons": None}
        with activate(base):
            for warm in ("王", "wj", "临桂"):  # imports, first plans: not measured
                search(warm, actor=user, kinds=kinds_run)
            for kind, queries in kinds.items():
                part[kind] = {
                    "search": percentiles(
                        timed(lambda q, u=user: search(q, actor=u, kinds=kinds_run), queries)
                    ),
                    "persons": percentiles(
                        timed(lambda q, u=user: search(q, actor=u, kinds={"core.person"}), queries)
                    ),
                }
        with activate(access_for(user).scope_for("core.view_person")):
            part["in_scope_persons"] = Person.objects.count()
            exact = [r[0] for r in rng.choices(rows, k=n)]
            part["reference_exact_name"] = percentiles(
                timed(lambda x: list(Person.objects.filter(name=x)[:PAGE]), exact)
            )
        results[key] = part
    write(results, engine, args)


def runnable_kinds() -> tuple[set[str], list[str]]:
    """The registered kinds whose tables this database has (a benchmark database may
    predate a module's migrations)."""
    from django.db import connection

    from zugong.core.search import registered

    tables = set(connection.introspection.table_names())
    run, missing = set(), []
    for kind in registered():
        module = kind.func.__module__.split(".")[1]
        from django.apps import apps

        models = apps.get_app_config(module).get_models()
        if all(m._meta.db_table in tables for m in models):
            run.add(kind.name)
        else:
            missing.append(kind.name)
    return run, missing


def timed(fn, items) -> list[float]:
    runs = []
    for item in items:
        start = time.perf_counter()
        fn(item)
        runs.append(time.perf_counter() - start)
    return runs


def write(results: dict, engine: str, args) -> None:
    result = {
        "benchmark": "search",
        "engine": engine,
        "queries_per_kind": args.queries,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        **results,
    }
    out = Path(args.out) if args.out else ROOT / "bench" / "results" / f"search_{engine}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    for key, part in results.items():
        if not isinstance(part, dict):
            continue
        print(f"[{key}] persons in scope {part['in_scope_persons']:,}")
        for kind, value in part.items():
            if not isinstance(value, dict):
                continue
            for what, figures in value.items() if "search" in value else [("", value)]:
                print(
                    f"  {kind:22} {what:8} p50 {figures['p50_ms']:8.2f} ms"
                    f"  p99 {figures['p99_ms']:8.2f} ms  max {figures['max_ms']:8.2f} ms"
                )
    print(f"written {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
