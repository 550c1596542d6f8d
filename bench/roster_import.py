"""Benchmark: import a generated party-member roster (default 100,000 rows).

Usage (from the repository root):
    .venv/bin/python bench/roster_import.py --rows 100000            # SQLite in a temporary folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zugong_bench .venv/bin/python bench/roster_import.py

It builds an empty database, one district with townships and branches, writes the
roster with xlsxwriter, then times: reading the file alone with python-calamine (the
floor) and the full import (read, validate, encrypt and hash, compute the preview of
changes to existing records, write, ANALYZE the grown tables on PostgreSQL, audit).
Each is run --repeat times on a fresh database; medians and ranges go to bench/results/.
After the last run it re-imports the same roster with --changed rows edited (a
re-import as an office makes it): the preview run, which writes nothing, and the
confirmed run that applies it. The planner's row estimates right after the import are
recorded: the state a user's first queries meet.
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


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--branches", type=int, default=2000)
    parser.add_argument(
        "--reference-rows",
        type=int,
        default=2000,
        help="django-import-export 参照导入的行数（按每行耗时折算到 --rows；0 不测）",
    )
    parser.add_argument(
        "--out", default="", help="结果文件（默认 bench/results/roster_import_<数据库>.json）"
    )
    parser.add_argument(
        "--changed",
        type=int,
        default=1000,
        help="重新导入时改动的行数（预览并确认；0 不测）",
    )
    parser.add_argument(
        "--profile", action="store_true", help="导入一次并打印 cProfile 耗时最多的函数，不记录结果"
    )
    return parser.parse_args()


def main() -> None:
    args = arguments()

    work = Path(tempfile.mkdtemp(prefix="zugong-bench-"))
    os.environ.setdefault("ZUGONG_DATA_DIR", str(work))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zugong.settings")
    import django

    django.setup()
    from django.db import connection

    from zugong.core.scope import system_scope
    from zugong.party import roster

    engine = connection.vendor
    rng = random.Random(7)

    def fresh_database():
        return fresh_organizations(args.branches)

    codes = fresh_database()
    path = work / "roster.xlsx"
    headers = [name for name, _ in roster.COLUMNS]
    lines = roster_lines(rng, args.rows, codes)
    write_roster(path, headers, lines)

    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        with system_scope("bench"):
            profiler.runcall(roster.run_import, path, actor=None)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
        return

    floor, full, peaks = timed_imports(path, args.repeat, args.rows, fresh_database)

    statistics_after = planner_rows(connection)
    print(f"planner row estimates right after the import: {statistics_after}", flush=True)

    reimport = measure_reimport(lines, headers, min(args.changed, args.rows), work)

    reference = None
    if args.reference_rows:
        fresh_database()
        reference = import_export_reference(path, args.reference_rows)
        per_row = reference["seconds"] / reference["rows"]
        reference["extrapolated_s"] = per_row * args.rows
        print(
            f"django-import-export: {reference['rows']} rows in {reference['seconds']:.1f} s"
            f" → {reference['extrapolated_s']:.0f} s for {args.rows:,} rows",
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
        "planner_rows_after_import": statistics_after,
        "reimport": reimport,
        "import_export_reference": reference,
        "machine": {
            "python": sys.version.split()[0],
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            # Other work on the machine while measuring (1, 5, 15 minutes).
            "load_average": [round(x, 2) for x in os.getloadavg()],
        },
        "date": dt.date.today().isoformat(),
    }
    out = (
        Path(args.out) if args.out else ROOT / "bench" / "results" / f"roster_import_{engine}.json"
    )
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(summary, ensure_ascii=False, indent=2))
    print(json.dumps(summary, ensure_ascii=False, indent=2))


def timed_imports(path: Path, repeat: int, rows: int, fresh_database) -> tuple[list, list, list]:
    """The calamine read alone and the full import, ``repeat`` times on a fresh database."""
    from python_calamine import CalamineWorkbook

    from zugong.core.scope import system_scope
    from zugong.party import roster

    floor, full, peaks = [], [], []
    for attempt in range(repeat):
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
        if not result.written or result.created != rows:
            raise SystemExit(f"the import did not write every row: {result.report.problems[:5]}")
        print(
            f"run {attempt + 1}: import {full[-1]:.1f} s, calamine read {floor[-1]:.2f} s, peak RSS {peaks[-1]:.0f} MB",
            flush=True,
        )

    return floor, full, peaks


def fresh_organizations(branches: int) -> list[str]:
    """An empty database with one district, ten townships and ``branches`` branches;
    returns the branch codes."""
    from django.core.management import call_command
    from django.db import connection

    from zugong.core.models import Organization, OrgKind
    from zugong.core.scope import system_scope
    from zugong.core.services import organizations as org_services

    engine = connection.vendor
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
            for b in range(branches // len(towns)):
                seg = __import__("zugong.core.models.organizations", fromlist=["segment"]).segment(
                    start + b
                )
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


def roster_lines(rng: random.Random, count: int, codes: list[str]) -> list[list[str]]:
    """``count`` roster rows in the template's layout, with unique valid ID numbers."""
    from zugong.core import idnumber

    lines, used = [], set()
    for r in range(1, count + 1):
        while True:
            birth = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randint(0, 365 * 55))
            number = idnumber.make("450312", birth, rng.randint(0, 999))
            if number not in used:
                used.add(number)
                break
        joined = dt.date(birth.year + rng.randint(19, 25), rng.randint(1, 12), rng.randint(1, 28))
        lines.append(
            [
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
        )
    return lines


def write_roster(target: Path, headers: list[str], rows: list[list[str]]) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(target), {"constant_memory": True})
    sheet = book.add_worksheet()
    for c, name in enumerate(headers):
        sheet.write_string(0, c, name)
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values):
            sheet.write_string(r, c, value)
    book.close()


def measure_reimport(lines, headers, changed: int, work: Path) -> dict | None:
    """The same roster with ``changed`` rows edited: the preview (writes nothing), then
    the confirmed import that applies exactly what the preview showed."""
    from zugong.core.scope import system_scope
    from zugong.party import roster

    if not changed:
        return None
    unit = headers.index(roster.UNIT)
    edited = [list(values) for values in lines]
    for values in edited[:changed]:
        values[unit] = "基准测试改动的工作单位"
    path = work / "roster_changed.xlsx"
    write_roster(path, headers, edited)
    started = time.perf_counter()
    with system_scope("bench"):
        preview = roster.run_import(path, actor=None)
    preview_s = time.perf_counter() - started
    if preview.written or len(preview.changes) != changed:
        raise SystemExit(f"the preview did not show {changed} changes")
    started = time.perf_counter()
    with system_scope("bench"):
        applied = roster.run_import(
            path, actor=None, apply_changes=True, expected=preview.fingerprint
        )
    confirm_s = time.perf_counter() - started
    if not applied.written or applied.updated != changed:
        raise SystemExit("the confirmed re-import did not apply the changes")
    print(
        f"re-import with {changed:,} changed rows: preview {preview_s:.1f} s,"
        f" confirmed {confirm_s:.1f} s",
        flush=True,
    )
    return {"changed": changed, "preview_s": preview_s, "confirm_s": confirm_s}


def planner_rows(connection) -> dict | None:
    """The planner's row estimates of the tables the import writes (PostgreSQL): -1 or 0
    means never analysed, so queries are planned for an empty table."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples FROM pg_class"
            " WHERE relname IN ('core_person', 'party_member') ORDER BY relname"
        )
        return {name: int(rows) for name, rows in cursor.fetchall()}


def import_export_reference(path: Path, rows: int) -> dict:
    """What a Django team would reach for: django-import-export's ModelResource with its
    default row-by-row import (instance lookup, full_clean, save per row, in a
    transaction), over the first ``rows`` rows of the same file read by its own tablib
    loader. The protected fields are filled by the project's own functions so that both
    sides do the same work; it writes persons only (the measured import writes persons
    and members), so the reference errs in its own favour."""
    import tablib
    from import_export import fields, resources, widgets

    from zugong.core import crypto, idnumber
    from zugong.core.models import Organization, Person
    from zugong.core.scope import system_scope
    from zugong.party import roster

    class PersonResource(resources.ModelResource):
        name = fields.Field(attribute="name", column_name=roster.NAME)
        organization = fields.Field(
            attribute="organization",
            column_name=roster.ORG_CODE,
            widget=widgets.ForeignKeyWidget(Organization, "code"),
        )

        class Meta:
            model = Person
            fields = (
                "name",
                "organization",
                "gender",
                "birth_date",
                "political_status",
                "id_number_encrypted",
                "id_number_hash",
                "id_number_masked",
                "phone_encrypted",
                "phone_hash",
                "phone_masked",
            )
            import_id_fields = ("id_number_hash",)

        def before_import_row(self, row, **kwargs):
            number = idnumber.parse(str(row[roster.ID])).number
            info = idnumber.parse(number)
            phone = str(row[roster.PHONE] or "")
            row.update(
                {
                    "gender": info.gender,
                    "birth_date": info.birth_date.isoformat(),
                    "political_status": "01",
                    "id_number_encrypted": crypto.encrypt(number),
                    "id_number_hash": crypto.keyed_hash(number),
                    "id_number_masked": crypto.mask_id_number(number),
                    "phone_encrypted": crypto.encrypt(phone),
                    "phone_hash": crypto.keyed_hash(phone),
                    "phone_masked": crypto.mask_phone(phone),
                }
            )

    with open(path, "rb") as handle:
        book = tablib.Dataset().load(handle.read(), format="xlsx")
    dataset = tablib.Dataset(*book[:rows], headers=book.headers)
    for header in PersonResource._meta.fields[2:]:  # filled per row by before_import_row
        dataset.append_col([""] * len(dataset), header=header)
    started = time.perf_counter()
    with system_scope("bench"):
        result = PersonResource().import_data(dataset, raise_errors=True)
    seconds = time.perf_counter() - started
    if result.has_errors() or result.totals["new"] != rows:
        raise SystemExit(f"django-import-export did not import every row: {result.totals}")
    return {"rows": rows, "seconds": seconds}


if __name__ == "__main__":
    main()
