"""Benchmark: verifying a talent card's QR code (issue 15: ≤ 10 ms p99), beside the
health endpoint as the reference.

Usage (from the repository root):
    .venv/bin/python bench/talent_card.py                  # SQLite in a temporary folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zugong_bench .venv/bin/python bench/talent_card.py

It builds a small district (two townships, --cards talents each holding an issued card,
a section officer of the talent office with an API token), then times, --repeat times
each, one call at a time:
- the service card_verify (signature, card, nonce, status, validity, the Verification
  row and the audit entry) called in-process;
- POST /api/v1/talent/cards/verify through Django's test client (token, middleware,
  scope, the same service, JSON);
- reference: GET /api/v1/health through the same client.
Results go to bench/results/talent_card_<engine>.json.
"""

from __future__ import annotations

import datetime as dt
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


def figures(runs: list[float]) -> dict:
    ordered = sorted(runs)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 3),
        "p99_ms": round(p99 * 1000, 3),
        "max_ms": round(ordered[-1] * 1000, 3),
        "runs": len(ordered),
    }


def timed(fn, repeat: int) -> dict:
    runs = []
    for i in range(repeat):
        start = time.perf_counter()
        fn(i)
        runs.append(time.perf_counter() - start)
    return figures(runs)


def build(cards: int):
    from zugong.core import idnumber, pinyin
    from zugong.core.models import OrgCategory, OrgKind, Role, User
    from zugong.core.services import access as access_services
    from zugong.core.services import organizations as org_services
    from zugong.core.services import persons as person_services
    from zugong.talent.models import CardTier, Talent
    from zugong.talent.services import card as card_services

    def org(parent, name, code, kind):
        return org_services.organization_create(
            actor=None,
            parent=parent,
            data={
                "name": name,
                "code": code,
                "kind": kind,
                "category": OrgCategory.ORGAN,
                "region_code": "450312",
                "founded_on": dt.date(2000, 1, 1),
            },
        )

    district = org(None, "中共临桂区委员会", "450312", OrgKind.DISTRICT)
    towns = [
        org(district, "中共临桂镇委员会", "450312100", OrgKind.TOWNSHIP),
        org(district, "中共六塘镇委员会", "450312101", OrgKind.TOWNSHIP),
    ]
    tiers = list(CardTier.objects.all())
    rng = random.Random(15)
    surnames, given = "王李张刘陈杨黄赵周吴", "建国秀兰海燕志明丽娟春生晓梅国平"
    today = dt.date.today()
    issued = []
    for i in range(cards):
        town = towns[i % 2]
        name = rng.choice(surnames) + rng.choice(given) + rng.choice(given)
        person = person_services.person_create(
            actor=None,
            organization=town,
            data={
                "name": name,
                "id_number": idnumber.make(
                    "450312", dt.date(1970, 1, 1) + dt.timedelta(days=i), 100 + i % 800
                ),
                "ethnicity": "01",
                "education": "21",
                "political_status": "13",
            },
        )
        talent = Talent.objects.create(
            person=person,
            township=town,
            name_pinyin=pinyin.full(name),
            name_initials=pinyin.initials(name),
        )
        on = today - dt.timedelta(days=rng.randint(10, 1500))
        card = card_services.card_apply(actor=None, talent=talent, tier=rng.choice(tiers), today=on)
        card_services.card_review(actor=None, card=card, approve=True, today=on)
        issued.append(card_services.card_issue(actor=None, card=card, today=on))
    user = User.objects.create_user("bench_office", password="x", full_name="人才办", is_staff=True)
    access_services.role_grant(
        actor=None, user=user, role=Role.objects.get(code="section_officer"), organization=district
    )
    _, token = access_services.token_create(actor=None, user=user, name="bench")
    return user, token, issued


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=1000)
    parser.add_argument("--cards", type=int, default=1000)
    parser.add_argument("--out", default="")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="zugong-bench-card-"))
    os.environ.setdefault("ZUGONG_DATA_DIR", str(work))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zugong.settings")
    os.environ.setdefault("ZUGONG_ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from zugong.core.scope import system_scope
    from zugong.talent.services import card_verify as verify

    engine = connection.vendor
    if engine != "sqlite":
        call_command("flush", "--noinput", verbosity=0)
    call_command("migrate", "--noinput", verbosity=0)
    start = time.perf_counter()
    with system_scope("bench"):
        user, token, cards = build(args.cards)
    build_s = time.perf_counter() - start
    payloads = [verify.card_qr_payload(c) for c in cards]
    load_before = os.getloadavg()
    results: dict = {}

    def service(i):
        with system_scope("bench"):
            answer = verify.card_verify(actor=user, payload=payloads[i % len(payloads)])
        assert answer["valid"], answer

    client = Client(headers={"Authorization": f"Bearer {token}"})

    def api(i):
        response = client.post(
            "/api/v1/talent/cards/verify",
            {"payload": payloads[i % len(payloads)], "unit": "区人民医院"},
            content_type="application/json",
        )
        assert response.status_code == 200, response.content
        assert response.json()["valid"], response.content

    def health(i):
        assert client.get("/api/v1/health").status_code == 200

    for fn in (service, api, health):  # warm up
        for i in range(20):
            fn(i)
    results["verify_service"] = timed(service, args.repeat)
    results["verify_api"] = timed(api, args.repeat)
    results["health_reference"] = timed(health, args.repeat)
    result = {
        "engine": engine,
        "cards": args.cards,
        "build_s": round(build_s, 2),
        "load_average": [round(load_before[0], 2), round(os.getloadavg()[0], 2)],
        "payload_chars": statistics.median(len(p) for p in payloads),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        **results,
    }
    out = Path(args.out) if args.out else ROOT / "bench" / "results" / f"talent_card_{engine}.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    for key, value in results.items():
        print(
            f"{key:18} p50 {value['p50_ms']:.2f} ms  p99 {value['p99_ms']:.2f} ms  max {value['max_ms']:.2f} ms"
        )
    print(f"{args.cards:,} cards, built in {build_s:.1f} s, written {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
