"""Benchmark: import a generated party-member roster (default 100,000 rows).

Usage (from the repository root):
    .venv/bin/python bench/roster_import.py --rows 100000            # SQLite in a temporary folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zugong_bench .venv/bin/python bench/roster_import.py

It builds an empty database, one district with townships and branches, writes the
roster with xlsxwriter, then times: reading the file alone with python-calamine (the
floor) and the full import (read, validate, encrypt and hash, write, audit). Each is
run --repeat times on a fresh database; medians and ranges go to bench/results/.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SURNAMES = "李王张刘陈杨黄赵周吴徐孙莫蒋唐秦廖韦覃陆蒙邓"
GIVEN = "建华志强秀英桂兰海燕丽伟芳敏静军勇磊洋艳杰娟涛明超霞平刚婷浩宇欣"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--branches", type=int, default=2000)
    parser.add_argument(
        "--profile", action="store_true", help="导入一次并打印 cProfile 耗时最多的函数，不记录结果"
    )
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="zugong-bench-"))
    os.environ.setdefault("ZUGONG_DATA_DIR", str(work))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zugong.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from python_calamine import CalamineWorkbook

    from zugong.core import idnumber
    from zugong.core.models import Organization, OrgKind
    from zugong.core.scope import system_scope
    from zugong.core.services import organizations as org_services
    from zugong.party import roster

    engine = connection.vendor
    rng = random.Random(7)

    def fresh_database():
        if engine == "sqlite":
            connection.close()
            db = Path(connection.settings_dict["NAME"])
            for suffix in ("", "-wal", "-shm"):
                Path(str(db) + suffix).unlink(missing_ok=True)
        else:
            call_command("flush", "--noinput", verbosity=0)
        call_command("migrate", "--noinput", verbosity=0)
        with system_scope("bench"):
            district = org_services.organization_create(
                actor=None,
                parent=None,
                data={"name": "基准测试区委", "code": "B0", "kind": OrgKind.DISTRICT},
            )
            codes = []
            towns = [
                org_services.organization_create(
                    actor=None,
                    parent=district,
                    data={"name": f"乡镇{t}", "code": f"B{t}", "kind": OrgKind.TOWNSHIP},
                )
                for t in range(1, 11)
            ]
            # Branches in bulk: the tree service is exercised by the tests, not measured here.
            from zugong.core.services.organizations import _next_path

            for t, town in enumerate(towns, start=1):
                rows = []
                base = _next_path(town)
                start = int(base[-4:], 36)
                for b in range(args.branches // len(towns)):
                    seg = __import__(
                        "zugong.core.models.organizations", fromlist=["segment"]
                    ).segment(start + b)
                    path = town.path + seg
                    rows.append(
                        Organization(
                            name=f"乡镇{t}第{b + 1}支部",
                            code=f"B{t}-{b + 1}",
                            kind=OrgKind.BRANCH,
                            parent=town,
                            path=path,
                            depth=3,
                        )
                    )
                    codes.append(f"B{t}-{b + 1}")
                Organization.objects.bulk_create(rows, batch_size=1000)
        return codes

    codes = fresh_database()
    path = work / "roster.xlsx"
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet()
    headers = [name for name, _ in roster.COLUMNS]
    for c, name in enumerate(headers):
        sheet.write_string(0, c, name)
    used = set()
    for r in range(1, args.rows + 1):
        while True:
            birth = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randint(0, 365 * 55))
            number = idnumber.make("450312", birth, rng.randint(0, 999))
            if number not in used:
                used.add(number)
                break
        joined = dt.date(birth.year + rng.randint(19, 25), rng.randint(1, 12), rng.randint(1, 28))
        values = [
            rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
            number,
            "汉族",
            "大学本科毕业",
            "正式党员",
            joined.isoformat(),
            joined.replace(year=joined.year + 1).isoformat(),
            rng.choice(codes),
            "",
            f"139{r:08d}",
            "",
            "",
            "",
        ]
        for c, value in enumerate(values):
            sheet.write_string(r, c, value)
    book.close()

    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        with system_scope("bench"):
            profiler.runcall(roster.run_import, path, actor=None)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
        return

    floor, full, peaks = [], [], []
    for attempt in range(args.repeat):
        started = time.perf_counter()
        CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
        floor.append(time.perf_counter() - started)
        if attempt:
            fresh_database()
        started = time.perf_counter()
        with system_scope("bench"):
            result = roster.run_import(path, actor=None)
        full.append(time.perf_counter() - started)
        peaks.append(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        )  # process peak RSS, MB
        if not result.written or result.created != args.rows:
            raise SystemExit(f"the import did not write every row: {result.report.problems[:5]}")
        print(
            f"run {attempt + 1}: import {full[-1]:.1f} s, calamine read {floor[-1]:.2f} s, peak RSS {peaks[-1]:.0f} MB",
            flush=True,
        )

    summary = {
        "benchmark": "roster_import",
        "engine": engine,
        "rows": args.rows,
        "repeat": args.repeat,
        "import_s": {"median": statistics.median(full), "min": min(full), "max": max(full)},
        "calamine_read_s": {
            "median": statistics.median(floor),
            "min": min(floor),
            "max": max(floor),
        },
        "peak_rss_mb": {"median": statistics.median(peaks), "max": max(peaks)},
        "machine": {
            "python": sys.version.split()[0],
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "date": dt.date.today().isoformat(),
    }
    out = ROOT / "bench" / "results" / f"roster_import_{engine}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(summary, ensure_ascii=False, indent=2))
    print(json.dumps(summary, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
