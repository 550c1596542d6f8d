"""Load test: `zugong serve --prod` on 127.0.0.1 with generated data, driven by locust.

Usage (from the repository root):
    .venv/bin/python bench/load.py --members 100000 --users 16 --seconds 30
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zugong_bench .venv/bin/python bench/load.py

It generates the data (`zugong gen`) with production keys, issues an API token to a
township officer, starts the production server, runs locust headless with --users
concurrent clients for --seconds (bounded), and writes requests per second and the
latency percentiles of the list, detail, search and health (the reference) endpoints to
bench/results/load_<engine>.json. Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--out", default="")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="zugong-bench-load-"))
    os.environ.update(
        ZUGONG_DATA_DIR=str(work),
        ZUGONG_ENV="production",
        ZUGONG_HTTPS="false",
        ZUGONG_SECRET_KEY=secrets.token_hex(32),
        ZUGONG_SM4_KEYS="1:" + secrets.token_hex(16),
        ZUGONG_HMAC_KEY=secrets.token_hex(32),
        DJANGO_SETTINGS_MODULE="zugong.settings",
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from zugong.core.models import Organization, OrgKind, Person, Role, User
    from zugong.core.scope import system_scope
    from zugong.core.services import access as access_services
    from zugong.party.models import Member

    engine = connection.vendor
    if engine != "sqlite":
        call_command("flush", "--noinput", verbosity=0)
    call_command("migrate", "--noinput", verbosity=0)
    call_command("gen", "--members", str(args.members), stdout=open(os.devnull, "w"))
    with system_scope("bench"):
        township = Organization.objects.filter(kind=OrgKind.TOWNSHIP).order_by("path").first()
        officer = User.objects.create_user(
            "load_officer", password=secrets.token_hex(8), is_staff=True
        )
        access_services.role_grant(
            actor=None,
            user=officer,
            role=Role.objects.get(code="township_officer"),
            organization=township,
        )
        _, token = access_services.token_create(actor=officer, user=officer, name="load")
        local = Member.objects.filter(person__organization__path__startswith=township.path)
        member_ids = list(local.order_by("id").values_list("id", flat=True)[:300])
        names = list(
            Person.objects.filter(organization__path__startswith=township.path)
            .order_by("id")
            .values_list("name", flat=True)[:300]
        )
    connection.close()

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    host = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "zugong",
            "serve",
            "--prod",
            "--workers",
            str(args.workers),
            "--addr",
            f"127.0.0.1:{port}",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                urllib.request.urlopen(f"{host}/api/v1/health", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the production server did not start") from None
                time.sleep(0.25)
        prefix = work / "locust"
        env = {
            **os.environ,
            "ZG_TOKEN": token,
            "ZG_TOWNSHIP": str(township.pk),
            "ZG_MEMBERS": ",".join(map(str, member_ids)),
            "ZG_NAMES": ",".join(n[1:] for n in names),
        }
        subprocess.run(
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "--users",
                str(args.users),
                "--spawn-rate",
                str(args.users),
                "--run-time",
                f"{args.seconds}s",
                "--host",
                host,
                "--csv",
                str(prefix),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            env=env,
            cwd=ROOT,
            check=False,
            timeout=args.seconds + 120,
        )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)

    endpoints = {}
    with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            name = row["Name"]
            endpoints[name] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "rps": float(row["Requests/s"]),
                "p50_ms": float(row["50%"] or 0),
                "p99_ms": float(row["99%"] or 0),
            }
    result = {
        "benchmark": "load",
        "engine": engine,
        "members": args.members,
        "users": args.users,
        "seconds": args.seconds,
        "workers": args.workers,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "endpoints": endpoints,
    }
    out = Path(args.out) if args.out else ROOT / "bench" / "results" / f"load_{engine}.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    for name, row in endpoints.items():
        print(
            f"{name:10} {row['requests']:7d} req  {row['rps']:7.1f} req/s  "
            f"p50 {row['p50_ms']:6.0f} ms  p99 {row['p99_ms']:6.0f} ms  failures {row['failures']}"
        )


if __name__ == "__main__":
    main()
