"""Benchmark: the talent pool's search and matching on a generated data set (`zugong gen`).

Usage (from the repository root):
    .venv/bin/python bench/talent.py --talents 20000                 # SQLite in a temporary folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zugong_bench \\
        .venv/bin/python bench/talent.py --talents 200000 --extend   # once; then --reuse

Without --reuse the database is emptied, migrated and filled by `zugong gen` with five
persons per talent asked (ZUGONG_GEN_TALENTS caps the talents at the number asked);
--extend adds the talents to a database `zugong gen` filled before the talent generator
existed (zugong_bench: 1,000,000 members), without emptying it.

Times (milliseconds; p50, p99 and max over --queries queries of each kind, repeated
--repeat times), each kind within scope — the talent office (the whole district) and a
township officer (one township) — as the first page of 20 with its persons, tags and
categories, and the page with its count (what the list shows):
- names of 1 and 2 Chinese characters, initials (2–3 letters), full pinyin prefixes;
- a tag + category filter;
- the reference: an exact name lookup on the indexed person name (first 20);
- matching a need (1–2 tags, a category, sometimes a minimum title level and a township
  preference) to the 20 best talents with their reasons.
Each kind is also timed with the count capped at 1,000 (selectors.count_capped: what a
list over the district shows as "1000+"). The machine's load average is recorded before
and after: figures taken while other work runs are not comparable with a quiet run.
Results go to bench/results/talent_<engine>.json.
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


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--talents", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=60, help="每类查询条数（至少50）")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument(
        "--reuse", action="store_true", help="不重新生成数据（数据库已由本脚本生成）"
    )
    parser.add_argument(
        "--extend",
        action="store_true",
        help="在已生成的数据库上只添加人才（不清空、不重新生成党员数据）",
    )
    parser.add_argument(
        "--out", default="", help="结果文件（默认 bench/results/talent_<数据库>.json）"
    )
    args = parser.parse_args()
    args.queries = max(50, args.queries)

    work = Path(tempfile.mkdtemp(prefix="zugong-bench-talent-"))
    os.environ.setdefault("ZUGONG_DATA_DIR", str(work))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zugong.settings")
    os.environ.setdefault("ZUGONG_ALLOWED_HOSTS", "testserver")
    os.environ["ZUGONG_GEN_TALENTS"] = str(args.talents)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from zugong.core.capabilities import need
    from zugong.core.models import Organization, OrgKind, Person, Role, User
    from zugong.core.scope import activate, system_scope
    from zugong.core.services import access as access_services
    from zugong.talent import capabilities as caps
    from zugong.talent.models import Talent, TalentCategory, TalentTag
    from zugong.talent.selectors import pool as selectors

    engine = connection.vendor
    gen_s = None
    if args.extend:
        from zugong.talent.generate import extend

        start = time.perf_counter()
        with system_scope("bench"):
            extend(seed=args.seed, talents=args.talents, progress=print)
        gen_s = time.perf_counter() - start
    elif not args.reuse:
        if engine != "sqlite":
            call_command("flush", "--noinput", verbosity=0)
        call_command("migrate", "--noinput", verbosity=0)
        start = time.perf_counter()
        members = args.talents * 5
        call_command("gen", "--members", str(members), stdout=open(os.devnull, "w"))
        gen_s = time.perf_counter() - start
    rng = random.Random(args.seed)
    with system_scope("bench"):
        root = Organization.objects.get(kind=OrgKind.DISTRICT)
        talents = Talent.objects.count()
        sample = list(
            Talent.objects.order_by("?" if engine == "sqlite" else "pk").values_list(
                "person__name", "name_pinyin", "name_initials", "township_id"
            )[:5000]
        )
        township = Organization.objects.get(
            pk=max({s[3] for s in sample}, key=lambda t: sum(1 for s in sample if s[3] == t))
        )
        tags = list(TalentTag.objects.values_list("pk", flat=True))
        categories = list(TalentCategory.objects.values_list("pk", flat=True))
        users = {}
        for key, role, org in (
            ("district", "section_officer", root),
            ("township", "township_officer", township),
        ):
            username = f"bench_talent_{key}"
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User.objects.create_user(username, password="Bench#2026-x", is_staff=True)
                access_services.role_grant(
                    actor=None, user=user, role=Role.objects.get(code=role), organization=org
                )
            users[key] = user

    def pick(values, n):
        return [rng.choice(values) for _ in range(n)]

    n = args.queries
    names = [s[0] for s in sample]
    kinds = {
        "name_1char": [{"text": x[:1]} for x in pick(names, n)],
        "name_2char": [{"text": x[1:3] if len(x) > 2 else x[:2]} for x in pick(names, n)],
        "initials": [{"text": s[2][: rng.choice((2, 3))]} for s in pick(sample, n)],
        "pinyin_prefix": [{"text": s[1][: rng.randint(4, 8)]} for s in pick(sample, n)],
        "tag_category": [
            {"tags": [rng.choice(tags)], "categories": [rng.choice(categories)]} for _ in range(n)
        ],
    }
    exact = pick(names, n)
    needs = [
        {
            "tags": rng.sample(tags, k=rng.randint(1, 2)),
            "categories": [rng.choice(categories)],
            "title_level_min": rng.choice([None, None, 1, 2]),
            "township": rng.choice([None, township.pk]),
        }
        for _ in range(n)
    ]

    def run(fn, items) -> list[float]:
        runs = []
        for _ in range(args.repeat):
            for item in items:
                start = time.perf_counter()
                fn(item)
                runs.append(time.perf_counter() - start)
        return runs

    results: dict = {}
    load_before = os.getloadavg()[0]
    for key, user in users.items():
        scope = access_services.access_for(user).scope_for(need(caps.VIEW_TALENT))
        with activate(scope):
            in_scope = Talent.objects.count()
            part = {"talents_in_scope": in_scope}
            for kind, items in kinds.items():
                page = run(
                    lambda q: list(selectors.with_details(selectors.search(**q))[:PAGE]), items
                )

                def page_and_count(q):
                    rows = selectors.search(**q)
                    list(selectors.with_details(rows)[:PAGE])
                    rows.count()

                def page_and_capped_count(q):
                    rows = selectors.search(**q)
                    list(selectors.with_details(rows)[:PAGE])
                    selectors.count_capped(rows)

                part[kind] = {
                    "page": percentiles(page),
                    "page_and_count": percentiles(run(page_and_count, items)),
                    "page_and_capped_count": percentiles(run(page_and_capped_count, items)),
                }
            part["reference_exact_name"] = percentiles(
                run(lambda x: list(Person.objects.filter(name=x)[:PAGE]), exact)
            )
            part["match_top20"] = percentiles(run(lambda q: selectors.match(q), needs))
            results[key] = part
    result = {
        "benchmark": "talent",
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "engine": engine,
        "talents": talents,
        "queries_per_kind": n * args.repeat,
        "gen_s": gen_s,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        **results,
    }
    default = ROOT / "bench" / "results" / f"talent_{engine}.json"
    out = Path(args.out) if args.out else default
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    for key, part in results.items():
        print(f"[{key}] talents in scope {part['talents_in_scope']:,}")
        for kind, value in part.items():
            if kind == "talents_in_scope":
                continue
            figures = value.get("page_and_count", value)
            print(
                f"  {kind:22} p50 {figures['p50_ms']:8.2f} ms  p99 {figures['p99_ms']:8.2f} ms"
                f"  max {figures['max_ms']:8.2f} ms"
            )
    print(f"{talents:,} talents, written {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
