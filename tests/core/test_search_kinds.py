"""The kinds other modules declare (party, cadres, talent, grassroots) in the search,
each only where its capability is held: another township sees nothing, a user with
two roles gets each role's kinds in that role's subtree only."""

from __future__ import annotations

import pytest

from tests.cadres.conftest import cadres  # noqa: F401 (fixtures)
from tests.conftest import _user
from tests.grassroots.conftest import gr  # noqa: F401
from tests.party.conftest import members  # noqa: F401
from tests.talent.conftest import tc  # noqa: F401
from zugong.core.capabilities import access_for
from zugong.core.models import Role
from zugong.core.scope import activate, system_scope
from zugong.core.search import EXACT, PREFIX, registered, search
from zugong.core.services import access as access_services
from zugong.grassroots.models import Entity


def searched(user, query, **options):
    with activate(access_for(user).base_scope()):
        return search(query, actor=user, **options)


def found(results) -> set[tuple[str, str]]:
    return {(h.kind, h.title) for h in results.hits}


@pytest.fixture
def everything(members, cadres, gr, tc):  # noqa: F811
    c = members
    with system_scope():
        c.entity_a = Entity.objects.create(
            kind="enterprise",
            credit_code="91450312MA5KXXXX1A",
            name="桂林金水电子商务有限公司",
            township=c.town_a,
            head="唐丽娜",
        )
        c.entity_b = Entity.objects.create(
            kind="enterprise",
            credit_code="91450312MA5KYYYY2B",
            name="六塘金水米业有限公司",
            township=c.town_b,
        )
    return c


def test_every_module_declares_its_kinds():
    names = {k.name for k in registered()}
    assert {
        "core.person",
        "core.organization",
        "party.member",
        "cadres.cadre",
        "talent.talent",
        "grassroots.entity",
    } <= names


def test_the_department_finds_each_kind(everything):
    c = everything
    assert ("party.member", "黄秀英") in found(searched(c.admin, "黄秀英"))
    assert ("cadres.cadre", "韦立新") in found(searched(c.admin, "wlx"))
    assert ("talent.talent", "唐丽娜") in found(searched(c.admin, "tangli"))
    hits = searched(c.admin, "金水").hits
    assert {
        ("grassroots.entity", "桂林金水电子商务有限公司"),
        ("grassroots.entity", "六塘金水米业有限公司"),
    } <= {(h.kind, h.title) for h in hits}
    by_code = searched(c.admin, "91450312ma5kxxxx1a").hits
    assert (by_code[0].kind, by_code[0].title, by_code[0].score) == (
        "grassroots.entity",
        "桂林金水电子商务有限公司",
        EXACT,
    )


def test_exact_hits_of_any_kind_rank_before_prefix_hits(everything):
    c = everything
    hits = searched(c.admin, "唐丽娜").hits
    exact = [h for h in hits if h.score == EXACT]
    assert {h.kind for h in exact} == {"core.person", "talent.talent"}
    assert hits[: len(exact)] == exact
    assert all(h.score < EXACT for h in hits[len(exact) :])
    assert [h.kind for h in exact] == ["core.person", "talent.talent"]  # kinds' order
    assert PREFIX < EXACT


def test_other_township_sees_nothing_of_a(everything):
    c = everything
    for query in ("黄秀英", "韦立新", "唐丽娜", "金水", "wlx", "tly"):
        kinds_titles = found(searched(c.officer_b, query))
        assert not {
            t
            for _k, t in kinds_titles
            if t in {"黄秀英", "韦立新", "唐丽娜", "桂林金水电子商务有限公司"}
        }, query
    assert found(searched(c.officer_b, "金水")) == {("grassroots.entity", "六塘金水米业有限公司")}


def test_two_roles_each_in_its_own_subtree(everything):
    """judy: township officer of A (cadres too) and branch secretary of 六塘村 (no cadres)."""
    c = everything
    judy = c.two_roles
    assert ("cadres.cadre", "韦立新") in found(searched(judy, "韦立新"))
    moe = found(searched(judy, "莫春梅"))
    assert ("core.person", "莫春梅") in moe  # the secretary's persons, in 六塘村
    assert ("cadres.cadre", "莫春梅") not in moe  # cadre of 六塘镇: no cadre role there
    assert ("grassroots.entity", "六塘金水米业有限公司") not in found(searched(judy, "金水"))
    # 周明远's talent record is kept by 六塘镇 (above the secretary's village): not hers.
    assert found(searched(judy, "周明远")) == {("core.person", "周明远")}
    assert ("talent.talent", "唐丽娜") in found(searched(judy, "唐丽娜"))


def test_kinds_are_skipped_where_the_capability_is_held_nowhere(everything):
    c = everything
    with system_scope():
        clerk = _user("kate", "branch_secretary", c.branch_a)
    names = {k.name for k in searched(clerk, "韦立新").kinds}
    assert "cadres.cadre" not in names
    assert {"core.person", "party.member"} <= names
    with system_scope():
        access_services.role_grant(
            actor=None, user=clerk, role=Role.objects.get(code="leader"), organization=c.town_a
        )
    assert ("cadres.cadre", "韦立新") in found(searched(clerk, "韦立新"))


@pytest.mark.parametrize("who", ["sysadmin", "secadmin", "auditor"])
def test_administrators_find_no_business_data(everything, who):
    user = getattr(everything, who)
    for query in ("黄秀英", "韦立新", "唐丽娜", "金水", "tly", "91450312MA5KXXXX1A"):
        assert searched(user, query).hits == []
