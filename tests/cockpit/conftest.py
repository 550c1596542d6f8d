"""The cockpit cast: the grassroots cast (tests/grassroots/conftest.py) with members in
both townships and in the organs, a development case, talents of two categories and a
cadre in each township.

临桂镇 (A): 黄秀英 (full since 1999, 金水社区), 李建华 (probationary, 榕山社区), 蒋春兰
(full since 2010, 大岭村); 六塘镇 (B): 莫春梅 (full since 2006, 六塘村) and 韦小红 (probationary, 六塘村); organs: 韦德明
(full since 2012). ``judy`` (two_roles) is township officer of 临桂镇 and branch
secretary of 六塘村.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import TODAY, _person
from tests.grassroots.conftest import gr  # noqa: F401  (the fixture this cast builds on)
from tests.talent.conftest import make_talent
from zugong.cockpit import tally
from zugong.core.scope import system_scope
from zugong.party.services import members as member_services


def _member(person, kind="full", joined=dt.date(1998, 6, 30), full=dt.date(1999, 6, 30)):
    data = {"kind": kind, "joined_on": joined}
    if kind == "full":
        data["full_on"] = full
    return member_services.member_create(actor=None, person=person, data=data)


@pytest.fixture
def ck(gr):  # noqa: F811
    from zugong.talent.models import TalentCategory

    c = gr
    with system_scope("tests"):
        c.member_a = _member(c.person_a)
        c.member_a2 = _member(c.person_a2, "probationary", joined=dt.date(2026, 3, 1))
        c.member_village = _member(
            c.village_person, joined=dt.date(2009, 1, 1), full=dt.date(2010, 1, 1)
        )
        c.member_b = _member(c.person_b, joined=dt.date(2005, 1, 1), full=dt.date(2006, 1, 1))
        c.member_organ = _member(
            c.organ_person, joined=dt.date(2011, 1, 1), full=dt.date(2012, 1, 1)
        )
        c.young = _person(c.branch_b, "韦小红", 71, birth=dt.date(1999, 2, 3))
        c.member_young = _member(c.young, "probationary", joined=dt.date(2026, 5, 1))
        categories = list(TalentCategory.objects.order_by("order", "code")[:2])
        c.category_1, c.category_2 = categories
        c.talent_a = make_talent(
            _person(c.branch_a, "唐丽娜", 61, birth=dt.date(1990, 4, 12)), c.town_a
        )
        c.talent_a.categories.set([c.category_1, c.category_2])
        c.talent_b = make_talent(
            _person(c.branch_b, "周明远", 62, birth=dt.date(1975, 10, 3)), c.town_b
        )
        c.talent_b.categories.set([c.category_1])
    return c


@pytest.fixture
def counted(ck):
    """The cast, counted by the scan."""
    tally.rebuild(TODAY)
    return ck


def base_scope_of(user):
    """The user's request scope (their grants, no rows until narrowed), as a request has."""
    from zugong.core.scope import activate
    from zugong.core.services.access import access_for

    return activate(access_for(user).base_scope())


def dump() -> dict:
    """Every organization's own and subtree counts, for comparing two ways of counting."""
    from zugong.cockpit.models import Tally

    with system_scope("tests"):
        return {
            t.organization_id: (t.path, t.own, t.subtree)
            for t in Tally.objects.unscoped().all()
            if t.subtree
        }
