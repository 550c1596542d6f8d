"""The talent cast, on top of the fixed cast (tests/conftest.py).

临桂镇 (A): talent 唐丽娜 (a rural e-commerce talent, 金水社区), with a portal account
``tina``; 六塘镇 (B): talent 周明远 (a craftsman, 六塘村), with a portal account ``tom``.
``ivan`` is the talent office (section officer over the district); ``judy`` is township
officer of 临桂镇 and branch secretary of 六塘村 (each role's rights in its own subtree).
The code tables hold the defaults the migrations load.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import _person, _user, login
from zugong.core.models import Role, User
from zugong.core.scope import system_scope
from zugong.core.services import access as access_services
from zugong.talent.models import AccountStatus, PortalAccount, Talent
from zugong.talent.services.pool import search_keys
from zugong.talent.services.portal import grant_talent_role

PORTAL_PASSWORD = "Rencai#2026"


def make_talent(person, township, **fields) -> Talent:
    texts = {k: fields.get(k, "") for k in ("employer", "specialty", "title", "honours")}
    talent = Talent.objects.create(
        person=person, township=township, **fields, **search_keys(person.name, **texts)
    )
    return talent


def portal_user(username: str, talent: Talent) -> User:
    user = User.objects.create_user(
        username, password=PORTAL_PASSWORD, full_name=talent.person.name, person=talent.person
    )
    grant_talent_role(user, talent.township)
    PortalAccount.objects.create(user=user, talent=talent, status=AccountStatus.ACTIVE)
    return user


@pytest.fixture
def tc(cast):
    c = cast
    with system_scope("tests"):
        c.office = _user("ivan", "section_officer", c.district)
        # The grassroots cast makes the same two-role user (tests that use both casts).
        c.two_roles = User.objects.filter(username="judy").first()
        if c.two_roles is None:
            c.two_roles = _user("judy", "township_officer", c.town_a)
            access_services.role_grant(
                actor=None,
                user=c.two_roles,
                role=Role.objects.get(code="branch_secretary"),
                organization=c.branch_b,
            )
        c.talent_person_a = _person(c.branch_a, "唐丽娜", 61, birth=dt.date(1990, 4, 12))
        c.talent_person_b = _person(c.branch_b, "周明远", 62, birth=dt.date(1975, 10, 3))
        c.talent_a = make_talent(
            c.talent_person_a, c.town_a, village="金水社区", employer="桂林丽娜电子商务有限公司"
        )
        c.talent_b = make_talent(c.talent_person_b, c.town_b, village="六塘村", title="乡村工匠")
        c.tina = portal_user("tina", c.talent_a)
        c.tom = portal_user("tom", c.talent_b)
    return c


@pytest.fixture
def portal(tc):
    """A signed-in client for tina (the talent of township A)."""
    return login(tc.tina)
