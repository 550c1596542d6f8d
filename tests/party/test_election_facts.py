"""party.selectors.election_facts (the to-do scan's plain rows) gives what
party.selectors.elections gives the election page, on a generated district on days
before, inside and after the terms' ends."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from zugong.core.scope import system_scope
from zugong.party import selectors
from zugong.party.selectors.organizations import election_facts

STATES = ("overdue", "due_soon", "missing")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("on", "states"),
    [
        (dt.date(2024, 3, 1), {"missing"}),
        (dt.date(2026, 7, 15), {"missing", "overdue", "due_soon"}),
        (dt.date(2029, 1, 2), {"missing", "overdue"}),
    ],
)
def test_the_facts_are_the_election_page_s_rows(on, states):
    call_command("gen", "--members", "600", stdout=open("/dev/null", "w"))
    with system_scope("tests"):
        page = {
            (
                row["organization"].pk,
                row["organization"].name,
                row["committee"].pk if row["committee"] else None,
                row["state"],
                row["due"],
            )
            for row in selectors.elections(on, states=STATES)
        }
        facts = election_facts(on, states=STATES)
    assert len(facts) == len(page)
    assert set(facts) == page
    assert {state for *_rest, state, _due in facts} == states
