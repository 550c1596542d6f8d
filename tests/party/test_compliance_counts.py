"""party.selectors.compliance_counts gives the compliance report's figures per organization.

The counts are what the star rating's draft scores sum for every village of a province;
they must be the report's own (party.selectors.compliance): on a generated district plus
a party group and a branch founded in the middle of the year, for a past year, a year
under way and a range over two years, for every organization and for a part of them.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from tests.conftest import _org
from zugong.core.models import Organization, OrgCategory, OrgKind
from zugong.core.scope import system_scope
from zugong.party import selectors
from zugong.party.models import Meeting, MeetingKind

RANGES = [
    (dt.date(2025, 1, 1), dt.date(2025, 12, 31), dt.date(2026, 1, 1)),
    (dt.date(2025, 1, 1), dt.date(2025, 12, 31), dt.date(2025, 7, 15)),
    (dt.date(2024, 3, 1), dt.date(2025, 6, 30), dt.date(2025, 8, 2)),
]


def _extra():
    branch = Organization.objects.filter(kind=OrgKind.BRANCH).order_by("path").first()
    group = _org(branch, "第一党小组", "ZZG1", OrgKind.GROUP, branch.category)
    late = _org(branch.parent, "中共新建村支部委员会", "ZZB1", OrgKind.BRANCH, OrgCategory.VILLAGE)
    late.founded_on = dt.date(2025, 5, 20)
    late.save(update_fields=["founded_on"])
    for month in (1, 2, 4, 7, 8):
        Meeting.objects.create(
            organization=group,
            kind=MeetingKind.GROUP,
            held_on=dt.date(2025, month, 12),
            topic="党小组会",
        )
    for month in (6, 7, 9):
        Meeting.objects.create(
            organization=late,
            kind=MeetingKind.BRANCH_GENERAL,
            held_on=dt.date(2025, month, 1),
            topic="支部党员大会",
        )


def _report(start, end, today) -> dict:
    return {
        row["organization"].pk: (
            row["organization"].name,
            row["organization"].path,
            row["required"],
            row["done"],
            row["missing"],
            tuple(item["kind"] for item in row["items"] if item["missing"]),
        )
        for row in selectors.compliance(start, end, today=today)
    }


@pytest.mark.django_db
def test_the_counts_are_the_compliance_report_s_per_organization():
    call_command("gen", "--members", "600", stdout=open("/dev/null", "w"))
    with system_scope("tests"):
        _extra()
        for start, end, today in RANGES:
            report = _report(start, end, today)
            counts = selectors.compliance_counts(start, end, today=today)
            assert [row.path for row in counts] == sorted(row[1] for row in report.values())
            assert {row.pk: tuple(row[1:]) for row in counts} == report
            assert any(row.missing for row in counts)
            assert any(len(row.gaps) > 1 for row in counts)  # the kinds missing, in order
            assert any(row.done for row in counts)
            villages = Organization.objects.filter(category=OrgCategory.VILLAGE)
            part = selectors.compliance_counts(start, end, today=today, within=villages)
            ids = set(villages.values_list("pk", flat=True))
            assert part
            assert {row.pk for row in part} == ids & set(report)
            assert {row.pk: tuple(row[1:]) for row in part} == {
                pk: figures for pk, figures in report.items() if pk in ids
            }
