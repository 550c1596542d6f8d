"""Which certified talents drive which village (★): the village's certified talents with
their town products, its collective income of the year, support projects and
demonstration sites; in scope and in constant queries."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.conftest import TODAY, _org, _person, login, scope_of
from tests.core.test_api import bearer
from tests.talent.certification_cast import apply, walk
from tests.talent.conftest import make_talent
from zugong.core.models import OrgCategory, OrgKind
from zugong.core.scope import system_scope
from zugong.grassroots.services import collective
from zugong.talent.selectors import certification_links as links
from zugong.talent.services import certification_products as products

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked(tc):
    walk(apply(tc, tc.talent_b), to="published")
    with system_scope("tests"):
        products.town_product_save(
            actor=None, township=tc.town_b, product="六塘竹编", talents=[tc.talent_b]
        )
        collective.income_record(
            actor=None,
            organization=tc.branch_b,
            year=2025,
            month=6,
            source="operating_other",
            amount=Decimal("86000"),
            today=TODAY,
        )
    return tc


def test_the_village_shows_its_certified_talents_and_income(linked):
    with scope_of(linked.office):
        rows = links.village_links(2025)
    (row,) = [r for r in rows if r.village == linked.branch_b]
    assert [t["talent"].person.name for t in row.talents] == ["周明远"]
    assert row.talents[0]["products"] == ["六塘竹编"]
    assert row.talents[0]["certificates"] == ["农村二三产业发展人才·初级"]
    assert row.income == Decimal("86000")
    assert row.driven
    page = login(linked.office).get("/admin/talent/certification/links/?year=2025")
    assert "周明远" in page.content.decode()
    api = bearer(linked.office).get("/api/v1/talent/certifications/village-links?year=2025")
    assert api.json()[0]["talents"][0]["name"] == "周明远"


def test_the_other_township_sees_none_of_it(linked):
    with scope_of(linked.officer_a):
        assert links.village_links(2025) == []
    page = login(linked.officer_a).get("/admin/talent/certification/links/?year=2025")
    assert "周明远" not in page.content.decode()
    api = bearer(linked.officer_a).get("/api/v1/talent/certifications/village-links?year=2025")
    assert api.json() == []


def test_constant_queries(linked, django_assert_max_num_queries):
    with scope_of(linked.office):
        with django_assert_max_num_queries(8) as first:
            links.village_links(2025)
    with system_scope("tests"):
        for i in range(3):
            org = _org(
                linked.town_b,
                f"中共新{i}村支部委员会",
                f"45031210140{i}",
                OrgKind.BRANCH,
                OrgCategory.VILLAGE,
            )
            person = _person(org, ["韦一山", "韦二山", "韦三山"][i], 120 + i)
            walk(apply(linked, make_talent(person, linked.town_b)), to="published")
    with scope_of(linked.office):
        with django_assert_max_num_queries(len(first.captured_queries)):
            rows = links.village_links(2025)
    assert sum(1 for r in rows if r.talents) == 4
