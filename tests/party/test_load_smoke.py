"""The load test runs end to end for a few seconds on a tiny data set."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_load_benchmark_smoke_run(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE") and not k.startswith("ZUGONG_")
    }
    out = tmp_path / "load.json"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "load.py"),
            *("--members", "200", "--users", "2", "--seconds", "3", "--workers", "1"),
            *("--out", str(out)),
        ],
        check=True,
        env=env,
        cwd=ROOT,
        capture_output=True,
        timeout=300,
    )
    endpoints = json.loads(out.read_text())["endpoints"]
    assert endpoints["list"]["requests"] > 0
    assert endpoints["list"]["failures"] == 0
    assert endpoints["search"]["failures"] == 0
