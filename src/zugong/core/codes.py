"""Reading the code tables, with a short per-process cache."""

from __future__ import annotations

import csv
import time
from pathlib import Path

from zugong.core.models import CodeItem, CodeTable

DATA_DIR = Path(__file__).resolve().parent / "data"
FILES = {
    CodeTable.GENDER: "gb2261_gender.csv",
    CodeTable.ETHNICITY: "gb3304_ethnicity.csv",
    CodeTable.EDUCATION: "gb4658_education.csv",
    CodeTable.POLITICAL_STATUS: "gb4762_political_status.csv",
    CodeTable.REGION: "gb2260_regions.csv",
}
TTL_SECONDS = 60
_cache: dict[str, tuple[float, dict[str, str]]] = {}


def shipped_rows(table: str) -> list[dict]:
    with open(DATA_DIR / FILES[table], encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [
        {
            "code": row["code"],
            "name": row["name"],
            "parent_code": row.get("parent") or "",
            "level": int(row.get("level") or (2 if row.get("parent") else 1)),
            "sort": index,
        }
        for index, row in enumerate(rows)
    ]


def load_shipped(table: str | None = None) -> int:
    """Add the shipped codes that are missing; leave the ones administrators edited."""
    added = 0
    for name in [table] if table else list(FILES):
        existing = set(CodeItem.objects.filter(table=name).values_list("code", flat=True))
        new = [
            CodeItem(table=name, **row) for row in shipped_rows(name) if row["code"] not in existing
        ]
        CodeItem.objects.bulk_create(new, batch_size=1000)
        added += len(new)
    clear_cache()
    return added


def clear_cache() -> None:
    _cache.clear()


def names(table: str) -> dict[str, str]:
    """code → name of the active codes of a table."""
    hit = _cache.get(table)
    if hit is not None and time.monotonic() - hit[0] < TTL_SECONDS:
        return hit[1]
    mapping = dict(CodeItem.objects.filter(table=table, is_active=True).values_list("code", "name"))
    _cache[table] = (time.monotonic(), mapping)
    return mapping


def name(table: str, code: str) -> str:
    return names(table).get(code, code)


def by_name(table: str) -> dict[str, str]:
    """name → code, for imports that carry names instead of codes."""
    return {value: key for key, value in names(table).items()}


def choices(table: str, *, leaf_only: bool = False) -> list[tuple[str, str]]:
    items = CodeItem.objects.filter(table=table, is_active=True).order_by("sort", "code")
    if leaf_only and table == CodeTable.EDUCATION:
        items = items.exclude(parent_code="")
    return [(item.code, item.name) for item in items]
