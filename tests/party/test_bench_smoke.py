"""The query benchmark runs end to end on a tiny data set (benchmarks never run here at size)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_query_benchmark_smoke_run(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "ZUGONG_DATA_DIR")
    }
    env["ZUGONG_DATA_DIR"] = str(tmp_path / "data")
    out = tmp_path / "queries.json"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "queries.py"),
            "--members",
            "200",
            "--requests",
            "3",
            "--repeat",
            "1",
            "--out",
            str(out),
        ],
        check=True,
        env=env,
        cwd=ROOT,
        capture_output=True,
        timeout=300,
    )
    result = json.loads(out.read_text())
    assert result["members"] == 200
    for key in ("member_list_api", "name_search_api", "id_lookup_api", "health_api"):
        assert result[key]["n"] == 3
    assert result["export_s"]["median"] > 0


def test_roster_import_benchmark_smoke_run(tmp_path):
    """The import benchmark with its two references: the calamine read and
    django-import-export's default import on a few rows."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "ZUGONG_DATA_DIR")
    }
    env["ZUGONG_DATA_DIR"] = str(tmp_path / "data")
    out = tmp_path / "roster.json"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "roster_import.py"),
            "--rows",
            "300",
            "--branches",
            "20",
            "--repeat",
            "1",
            "--reference-rows",
            "40",
            "--out",
            str(out),
        ],
        check=True,
        env=env,
        cwd=ROOT,
        capture_output=True,
        timeout=300,
    )
    result = json.loads(out.read_text())
    assert result["rows"] == 300
    assert result["import_s"]["median"] > 0
    assert result["calamine_read_s"]["median"] > 0
    reference = result["import_export_reference"]
    assert reference["rows"] == 40
    assert reference["extrapolated_s"] == reference["seconds"] / 40 * 300
