"""The draft scores' evidence stays what it was when its queries were made fast (issue 14).

A small generated district (`zugong gen`) plus a village committee with two branches
beneath it (so the subtree sources sum over more than one organization): the evidence of
every rated organization, written out without database ids, is pinned by its digest, taken
from the implementation before the grouped queries. A change of any figure, summary or
reference changes the digest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

import pytest
from django.core.management import call_command

from tests.conftest import _org, _person
from zugong.core.models import Organization, OrgCategory, OrgKind
from zugong.core.scope import system_scope
from zugong.grassroots.selectors import evidence
from zugong.party.models import DuesPayment, Meeting, MeetingKind, Member
from zugong.party.services.dues import paid_through_refresh

YEAR = 2025
DIGESTS = {
    dt.date(2026, 1, 1): "16ee71a0f280d73de3226dee6c64c05fdf0b3575ee7acb858859f31da3b3af8a",
    dt.date(2025, 7, 15): "e4e55388d344973f8e3bca4261a040219cae00aee9182ea82209c7b7422275f8",
}


def _subtree():
    district = Organization.objects.get(kind=OrgKind.DISTRICT)
    township = Organization.objects.filter(parent=district, kind=OrgKind.TOWNSHIP).first()
    village = _org(township, "中共测试村委员会", "ZZ01", OrgKind.GRASSROOTS, OrgCategory.VILLAGE)
    branches = [
        _org(village, f"中共测试村第{n}支部委员会", f"ZZ01{n}", OrgKind.BRANCH, OrgCategory.VILLAGE)
        for n in (1, 2)
    ]
    for n, branch in enumerate(branches):
        for month in range(1, 13 - 5 * n):
            Meeting.objects.create(
                organization=branch,
                kind=MeetingKind.BRANCH_COMMITTEE,
                held_on=dt.date(YEAR, month, 3),
                topic="党小组会",
            )
        Meeting.objects.create(
            organization=branch,
            kind=MeetingKind.LECTURE,
            held_on=dt.date(YEAR, 2 + 3 * n, 9),
            topic="党课",
        )
        for k in range(3):
            person = _person(branch, "韦甲乙丙丁"[n] + "春夏秋"[k] + "兰", 700 + 10 * n + k)
            member = Member.objects.create(
                person=person, kind="full", joined_on=dt.date(YEAR - k, 3 + n, 1)
            )
            if k == 1:
                DuesPayment.objects.create(
                    member=member,
                    month=dt.date(YEAR, 6, 1),
                    amount=Decimal(1),
                    paid_on=dt.date(YEAR, 6, 5),
                )


def _canonical(found: dict) -> str:
    paths = dict(Organization.objects.values_list("pk", "path"))
    lines = []
    for pk, sources in found.items():
        for source, ev in sorted(sources.items()):
            refs = [
                (r["kind"], paths[r["id"]] if r["kind"] in ORG_REFS else "", r["label"])
                for r in ev.refs
            ]
            lines.append(f"{paths[pk]} {source} {ev.fraction} {ev.summary} {refs}")
    return "\n".join(sorted(lines))


ORG_REFS = {"compliance", "dues_arrears", "collective_income", "cobuilding"}


@pytest.mark.django_db
def test_the_evidence_of_a_generated_district_is_what_it_was():
    call_command("gen", "--members", "600", stdout=open("/dev/null", "w"))
    with system_scope("tests"):
        # The digests were taken before `gen` wrote dues: the subtree's own payments only.
        DuesPayment.objects.all().delete()
        _subtree()
        paid_through_refresh(None)
        digests = {}
        for today in DIGESTS:
            text = _canonical(evidence.draft_scores(YEAR, today=today))
            digests[today] = hashlib.sha256(text.encode()).hexdigest()
    assert digests == DIGESTS
