"""The grassroots cast, on top of the fixed cast (tests/conftest.py).

临桂镇 (A): 金水社区 and 榕山社区 (communities, from the cast) and 大岭村 (a village).
六塘镇 (B): 六塘村 (the cast's village) and 新街社区.
The district's organs: 区委办公室机关党委 with two branches.
``two_roles`` is township officer of 临桂镇 and branch secretary of 六塘村: the officer's
rights in A only, the secretary's in 六塘村 only.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import _org, _person, _user
from zugong.core.models import OrgCategory, OrgKind, Role
from zugong.core.scope import system_scope
from zugong.core.services import access as access_services


@pytest.fixture
def gr(cast):
    c = cast
    with system_scope("tests"):
        c.community_a = c.branch_a
        c.community_a2 = c.branch_a2
        c.village_a = _org(
            c.town_a, "中共大岭村委员会", "450312100201", OrgKind.GRASSROOTS, OrgCategory.VILLAGE
        )
        c.village_b = c.branch_b
        c.community_b = _org(
            c.town_b,
            "中共新街社区支部委员会",
            "450312101001",
            OrgKind.BRANCH,
            OrgCategory.COMMUNITY,
        )
        c.organ = _org(
            c.district,
            "中共临桂区委办公室机关委员会",
            "450312JG01",
            OrgKind.GRASSROOTS,
            OrgCategory.ORGAN,
        )
        c.organ_branch = _org(
            c.organ,
            "中共区委办公室第一支部委员会",
            "450312JG0101",
            OrgKind.BRANCH,
            OrgCategory.ORGAN,
        )
        c.organ_person = _person(c.organ_branch, "韦德明", 53, birth=dt.date(1985, 3, 9))
        c.village_person = _person(c.village_a, "蒋春兰", 57, birth=dt.date(1979, 8, 2))
        c.two_roles = _user("judy", "township_officer", c.town_a)
        access_services.role_grant(
            actor=None,
            user=c.two_roles,
            role=Role.objects.get(code="branch_secretary"),
            organization=c.village_b,
        )
    return c
