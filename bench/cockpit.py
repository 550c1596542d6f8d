"""Benchmark: the cockpit at scale, on the PostgreSQL bench database (1,000,000 members).

Usage (from the repository root; zugong_bench must hold the generated district and the
cockpit's migration, `zugong migrate cockpit`):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zugong_bench .venv/bin/python bench/cockpit.py

Measures, with the references in the same run:
- the tally's rebuild (the daily scan): each counter's time, the roll-up and the write;
- the cockpit's figures for the whole district (the leader) and for one township (its
  officer), p50/p99 over --repeat reads: the tally's sections (members, organizations,
  organization building, talents), and every section of the page (with the ones counted
  on the spot: cadres, supervision, grassroots, cards, work-plan lights);
- a touch of one branch after a member changed (recount its own, shift its ancestors);
- references: one plain GROUP BY over the persons table (gender), and today's party
  cockpit (party.selectors.cockpit_figures: one GROUP BY over the members in scope).
Results go to bench/results/cockpit_<engine>.json. The machine is shared: load_average
is recorded beside the figures.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent


def percentiles(runs: list[float]) -> dict:
    ordered = sorted(runs)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return {
        "n": len(runs),
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p99_ms": round(p99 * 1000, 2),
        "max_ms": round(ordered[-1] * 1000, 2),
    }


def timed(fn, repeat: int) -> dict:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return percentiles(runs)


def role_access(role_code: str, path: str):
    from zugong.core.capabilities import BUILTIN_ROLES, Access

    role = next(r for r in BUILTIN_ROLES if r.code == role_code)
    return Access(user_id=None, grants=[(path, frozenset(role.capabilities))])


def rebuild(on: dt.date) -> dict:
    """Each counter timed on its own, then the whole rebuild (without a counter that
    fails on this database, named in ``failed``)."""
    from zugong.cockpit import counters, tally
    from zugong.core.scope import system_scope

    seconds, failed = {}, {}
    with system_scope("bench"):
        for counter in counters.counters():
            start = time.perf_counter()
            try:
                counter.count(None, on)
            except Exception as exc:
                failed[counter.name] = f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
                continue
            seconds[counter.name] = round(time.perf_counter() - start, 2)
    only = [name for name in seconds]
    result = tally.rebuild(on, only=only)
    return {"counters_s": seconds, "failed": failed, "rebuild": result}


def reads(access, on: dt.date, repeat: int, few: int) -> dict:
    from django.db import DatabaseError, transaction

    from zugong.cockpit import page
    from zugong.core.scope import activate

    request = SimpleNamespace(access=access)
    tally_keys = ("members", "organizations", "party_work", "talents")
    result = {"missing_tables": {}}
    with activate(access.base_scope()):
        keys = []
        for key in page.SECTION_KEYS:  # warm (code tables, imports); a module's tables
            try:  # not migrated on this database leave its section out, named
                with transaction.atomic():
                    page.sections_for(request, on, only=(key,))
                keys.append(key)
            except DatabaseError as exc:
                result["missing_tables"][key] = str(exc).splitlines()[0]
        keys = tuple(keys)
        result["tally_sections"] = timed(
            lambda: page.sections_for(request, on, only=tally_keys), repeat
        )
        print("  tally sections", result["tally_sections"], flush=True)
        for key in keys:
            result[f"section_{key}"] = timed(
                lambda key=key: page.sections_for(request, on, only=(key,)), few
            )
            print(f"  section {key}", result[f"section_{key}"], flush=True)
        result["all_sections"] = timed(lambda: page.sections_for(request, on, only=keys), few)
        sections = page.sections_for(request, on, only=("members",))
        result["members_total"] = sections[0]["figures"][0]["total"]
    return result


def references(root_path: str, township_path: str, on: dt.date, repeat: int) -> dict:
    from django.db.models import Count

    from zugong.core.models import Person
    from zugong.core.scope import Scope, activate, system_scope
    from zugong.party.selectors import cockpit_figures

    with system_scope("bench"):
        group_by = timed(
            lambda: list(Person.objects.values_list("gender").annotate(n=Count("id")).order_by()),
            repeat,
        )
    with activate(Scope(paths=(root_path,))):
        party_district = timed(lambda: cockpit_figures(on), max(3, repeat // 5))
    with activate(Scope(paths=(township_path,))):
        party_township = timed(lambda: cockpit_figures(on), max(3, repeat // 3))
    return {
        "persons_group_by_gender": group_by,
        "party_cockpit_district": party_district,
        "party_cockpit_township": party_township,
    }


def touch(branch_id: int, on: dt.date, repeat: int) -> dict:
    from zugong.cockpit import tally

    return timed(lambda: tally.apply_touch([branch_id], on=on), repeat)


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument(
        "--few", type=int, default=5, help="reads of each section and of the whole page"
    )
    parser.add_argument("--no-rebuild", action="store_true", help="read the tally as it is")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zugong.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from zugong.core.models import Organization, OrgKind
    from zugong.core.scope import system_scope

    on = timezone.localdate()
    with system_scope("bench"):
        root = Organization.objects.filter(parent__isnull=True).order_by("path").first()
        township = Organization.objects.filter(kind=OrgKind.TOWNSHIP).order_by("path").first()
        branch = (
            Organization.objects.filter(kind=OrgKind.BRANCH, path__startswith=township.path)
            .order_by("path")
            .first()
        )
        from zugong.party.models import Member

        members = Member.objects.count()
        organizations = Organization.objects.count()
    result = {
        "benchmark": "cockpit",
        "engine": connection.vendor,
        "members": members,
        "organizations": organizations,
        "on": on.isoformat(),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average": os.getloadavg(),
        },
    }
    print("members", members, "organizations", organizations, flush=True)
    if not args.no_rebuild:
        result["rebuild"] = rebuild(on)
        print(json.dumps(result["rebuild"], ensure_ascii=False), flush=True)
    result["district"] = reads(role_access("leader", root.path), on, args.repeat, args.few)
    print("district", json.dumps(result["district"]["tally_sections"]), flush=True)
    result["township"] = reads(
        role_access("township_officer", township.path), on, args.repeat, args.few
    )
    print("township", json.dumps(result["township"]["tally_sections"]), flush=True)
    result["touch_branch"] = touch(branch.pk, on, max(5, args.repeat // 3))
    result["reference"] = references(root.path, township.path, on, args.repeat)
    result["machine"]["load_average_after"] = os.getloadavg()
    out = ROOT / "bench" / "results" / f"cockpit_{connection.vendor}.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
