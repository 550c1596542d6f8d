"""Benchmark: the cadre paths on the demo district (about 400 cadres).

Usage (from the repository root):
    .venv/bin/python bench/cadres.py                 # SQLite in a temporary folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zugong_bench .venv/bin/python bench/cadres.py

It builds the demo district once, then times, --repeat times each, with a reference
measured in the same run beside each figure:
- .lrmx: check and preview a zip of every cadre's form, then import it (updates);
  reference: parsing the same files with defusedxml alone.
- .lrmx export of every cadre as a zip; reference: the same zip of the stored bytes.
- printing one appointment form as PDF (median over 20 forms); reference: fpdf2 making
  one A4 page with one line in the same CJK font.
- the rank-eligibility list for a year, the team-structure analysis and the promotion
  verdict of every cadre; reference: reading the cadre rows with one plain query.
Results go to bench/results/cadres_<engine>.json.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import tempfile
import time
import zipfile
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(fn, repeat: int) -> dict:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return {"median": statistics.median(runs), "min": min(runs), "max": max(runs), "runs": runs}


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--persons", type=int, default=5000)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="zugong-bench-cadres-"))
    os.environ.setdefault("ZUGONG_DATA_DIR", str(work))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zugong.settings")
    import django

    django.setup()
    from defusedxml import ElementTree
    from django.core.management import call_command
    from django.db import connection
    from fpdf import FPDF

    from zugong.cadres import lrmx, printing, selectors
    from zugong.cadres.models import Cadre
    from zugong.cadres.services import lrmx as lrmx_services
    from zugong.core.models import Organization, OrgKind, User
    from zugong.core.scope import system_scope

    engine = connection.vendor
    if engine != "sqlite":
        call_command("flush", "--noinput", verbosity=0)
    call_command("migrate", "--noinput", verbosity=0)
    start = time.perf_counter()
    call_command("demo", "--persons", str(args.persons), verbosity=0)
    build_s = time.perf_counter() - start
    admin = User.objects.get(username="admin")

    with system_scope("bench"):
        cadres = list(
            selectors.with_details(Cadre.objects.all()).prefetch_related("family", "forms")
        )
        files = {f"{c.pk}.lrmx": lrmx.export(c) for c in cadres}
        buffer = BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, content in files.items():
                archive.writestr(name, content)
        upload = buffer.getvalue()
        unit = Organization.objects.filter(kind=OrgKind.TOWNSHIP).order_by("path").first()

        def parse_only():
            for content in files.values():
                ElementTree.fromstring(content[3:])

        def check_and_preview():
            batch = lrmx.parse_upload(upload, "all.zip")
            assert not batch.errors, batch.errors[:1]
            lrmx_services.preview(actor=admin, batch=batch)

        def import_all():
            batch = lrmx.parse_upload(upload, "all.zip")
            lrmx_services.import_batch(actor=admin, batch=batch, unit=unit)

        def export_all():
            fresh = list(
                selectors.with_details(Cadre.objects.all()).prefetch_related("family", "forms")
            )
            lrmx.export_zip(fresh)

        def zip_stored():
            out = BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
                for name, content in files.items():
                    archive.writestr(name, content)

        sample = cadres[:20]

        def print_forms():
            for cadre in sample:
                printing.render(cadre)

        def one_line_pdf():
            for _ in sample:
                pdf = FPDF()
                pdf.add_font("serif", fname=str(printing.SERIF))
                pdf.add_page()
                pdf.set_font("serif", size=12)
                pdf.cell(100, 10, "干部任免审批表")
                pdf.output()

        year = cadres[0].person.created_at.year

        def eligibility():
            import datetime as dt

            selectors.eligible_between(dt.date(year, 1, 1), dt.date(year, 12, 31))

        def verdicts():
            for cadre in selectors.with_details(Cadre.objects.all()):
                selectors.verdict(cadre)

        def plain_rows():
            list(Cadre.objects.values_list("id", "person__name", "unit__path"))

        results = {
            "lrmx_check_preview_s": timed(check_and_preview, args.repeat),
            "lrmx_defusedxml_parse_s": timed(parse_only, args.repeat),
            "lrmx_import_s": timed(import_all, max(1, args.repeat // 2)),
            "lrmx_export_zip_s": timed(export_all, args.repeat),
            "zip_stored_bytes_s": timed(zip_stored, args.repeat),
            "pdf_20_forms_s": timed(print_forms, max(1, args.repeat // 2)),
            "pdf_20_one_line_pages_s": timed(one_line_pdf, max(1, args.repeat // 2)),
            "eligibility_year_s": timed(eligibility, args.repeat),
            "team_structures_s": timed(selectors.team_structures, args.repeat),
            "verdict_every_cadre_s": timed(verdicts, args.repeat),
            "plain_cadre_rows_s": timed(plain_rows, args.repeat),
        }
    result = {
        "benchmark": "cadres",
        "engine": engine,
        "cadres": len(cadres),
        "files": len(files),
        "zip_bytes": len(upload),
        "demo_build_s": build_s,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        **results,
    }
    out = ROOT / "bench" / "results" / f"cadres_{engine}.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    for key, value in results.items():
        print(f"{key:28} median {value['median']:.3f} s  ({value['min']:.3f}–{value['max']:.3f})")
    print(f"{len(cadres)} cadres, {len(upload) / 1e6:.1f} MB zip, written {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
