"""The demo's cooperation ledger on the talent cast: agreements with and without
outcomes (two flagged), challenges at every step, programmes of every kind, practice
bases with terms and a few hundred graduates; built through the services."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from zugong.core.scope import system_scope
from zugong.talent import demo_cooperation
from zugong.talent.models import Challenge, Graduate, Programme, Trainee
from zugong.talent.selectors import cooperation as selectors

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 24)


def test_the_demo_builds_every_part(tc):
    with system_scope("demo"):
        line = demo_cooperation.build(random.Random(7), TODAY)
        assert line.startswith("产学研合作：")
        assert "满12个月无成效2份" in line
        rows = selectors.agreement_outcomes(TODAY)
        flagged = [r for r in rows if r["flag"].flagged]
        assert len(flagged) == 2
        assert any(r["students"] and r["graduates"] and r["solved"] for r in rows)
        statuses = set(Challenge.objects.values_list("status", flat=True))
        assert statuses == {"open", "awarded", "accepted", "failed", "closed"}
        board = selectors.outcome_board(TODAY)
        assert board["milestones"]
        assert board["challenges"]
        assert set(Programme.objects.values_list("kind", flat=True)) == {
            "think_tank", "help_geese", "keep_geese", "class", "livestream", "other"
        }  # fmt: skip
        assert Trainee.objects.filter(talent__isnull=False).exists()
        assert 200 <= Graduate.objects.count() <= 500
        assert len(selectors.retention()["years"]) == 3
