"""The village two-committee structure check (三个1/3): the current team of each village
(the party module's branch committee), its college graduates (GB/T 4658), retired
soldiers (RetiredSoldier) and capable farmers (certified production or industry
talents), in scope and in constant queries."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import _org, _person, login, scope_of
from tests.core.test_api import bearer
from tests.talent.certification_cast import apply, walk
from zugong.core.models import OrgCategory, OrgKind
from zugong.core.scope import system_scope
from zugong.party.models import BranchCommittee, CommitteeSeat
from zugong.talent.models.certification import RetiredSoldier
from zugong.talent.selectors import certification as selectors

pytestmark = pytest.mark.django_db


def _team(org, people, elected_on=dt.date(2021, 4, 1)):
    committee = BranchCommittee.objects.create(
        organization=org, elected_on=elected_on, term_years=5
    )
    CommitteeSeat.objects.bulk_create(
        CommitteeSeat(committee=committee, person=p, post="secretary" if i == 0 else "member")
        for i, p in enumerate(people)
    )
    return committee


@pytest.fixture
def village(tc):
    walk(apply(tc, tc.talent_b), to="published")  # 周明远: a certified industry talent
    with system_scope("tests"):
        people = [tc.talent_person_b, tc.person_b]
        for i, name in enumerate(["韦建军", "覃丽萍", "蒋志明", "莫小兰"]):
            person = _person(tc.branch_b, name, 70 + i)
            person.education = "31" if i < 2 else "61"
            person.save(update_fields=["education"])
            people.append(person)
        tc.person_b.education = "41"
        tc.person_b.save(update_fields=["education"])
        tc.talent_person_b.education = "61"
        tc.talent_person_b.save(update_fields=["education"])
        RetiredSoldier.objects.create(person=people[4], discharged_year=2012)
        # An ended team does not count.
        old = _team(tc.branch_b, people[:2], dt.date(2016, 4, 1))
        old.ended_on = dt.date(2021, 4, 1)
        old.save()
        _team(tc.branch_b, people)
    return tc


def test_the_village_team_against_three_thirds(village):
    with scope_of(village.officer_b):
        (row,) = selectors.village_structure()
    assert row.village == village.branch_b
    assert row.members == 6
    assert row.counts == {"college": 2, "veteran": 1, "farmer": 1}
    needed = {s.kind: s.needed for s in row.shares}
    assert needed == {"college": 0, "veteran": 1, "farmer": 1}
    assert {s.kind for s in row.short} == {"veteran", "farmer"}
    assert "周明远" in row.names["farmer"]
    with scope_of(village.officer_b):
        assert [r.village for r in selectors.villages_short()] == [village.branch_b]


def test_the_other_township_sees_no_village_of_b(village):
    with scope_of(village.officer_a):
        assert selectors.village_structure() == []
    page = login(village.officer_a).get("/admin/talent/certification/structure/?show=all")
    assert "六塘村" not in page.content.decode()
    api = bearer(village.officer_a).get("/api/v1/talent/certifications/village-structure")
    assert api.json() == []
    mine = bearer(village.officer_b).get(
        "/api/v1/talent/certifications/village-structure?short_only=true"
    )
    assert mine.json()[0]["short"] == ["veteran", "farmer"]


def test_the_page_shows_what_is_short(village):
    page = login(village.office).get("/admin/talent/certification/structure/").content.decode()
    assert "六塘村" in page
    assert "差1人" in page


def test_the_check_is_constant_in_queries(village, django_assert_max_num_queries):
    with scope_of(village.office):
        with django_assert_max_num_queries(6) as first:
            selectors.village_structure()
    with system_scope("tests"):
        for i in range(3):
            org = _org(
                village.town_b,
                f"中共新村{i}支部委员会",
                f"45031210130{i}",
                OrgKind.BRANCH,
                OrgCategory.VILLAGE,
            )
            _team(org, [_person(org, ["韦新一", "韦新二", "韦新三"][i], 90 + i)])
    with scope_of(village.office):
        with django_assert_max_num_queries(len(first.captured_queries)):
            rows = selectors.village_structure()
    assert len(rows) == 4
