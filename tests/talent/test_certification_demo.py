"""The demo's certification on a small district: the pool's demo first (a smaller pool),
then certifications at every stage, one product per township with linked talents and
two years of output, retired soldiers on the village teams; built through the services."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from zugong.core.scope import system_scope
from zugong.party.models import BranchCommittee, CommitteeSeat
from zugong.talent import demo_certification, demo_pool
from zugong.talent.models import Certification, TownProduct, TownProductYear
from zugong.talent.models.certification import RetiredSoldier
from zugong.talent.selectors import certification as selectors

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 24)


def test_the_demo_builds_every_stage(cast, monkeypatch):
    tc = cast
    monkeypatch.setattr(demo_pool, "TALENTS", 160)
    with system_scope("demo"):
        committee = BranchCommittee.objects.create(
            organization=tc.branch_b, elected_on=dt.date(2021, 4, 1), term_years=5
        )
        CommitteeSeat.objects.create(committee=committee, person=tc.person_b, post="secretary")
        demo_pool.build(random.Random(3), TODAY)
        line = demo_certification.build(random.Random(5), TODAY)
        assert line.startswith("乡村人才认定")
        statuses = set(Certification.objects.values_list("status", flat=True))
        assert statuses == {
            "applied",
            "recommended",
            "reviewed",
            "certified",
            "published",
            "refused",
            "withdrawn",
            "expired",
        }
        steps = selectors.step_counts(TODAY)
        assert steps["notice"] >= 6
        assert steps["publishable"] >= 3
        assert steps["expiring"] >= 3
        numbers = list(
            Certification.objects.exclude(certificate_no="")
            .order_by("issued_on", "id")
            .values_list("certificate_no", flat=True)
        )
        assert len(numbers) == len(set(numbers))
        assert all(n.startswith("临桂乡村人才〔") for n in numbers)
        assert not Certification.objects.filter(status="refused", refused_reason="").exists()
        assert TownProduct.objects.count() == 2
        assert all(p.talents.exists() for p in TownProduct.objects.all())
        assert TownProductYear.objects.filter(year=2025).count() == 2
        assert TownProductYear.objects.filter(year=2024).count() == 2
        assert not [r for r in selectors.town_products() if r.gap]
        assert RetiredSoldier.objects.count() <= 1
