import datetime as dt

import pytest

from tests.conftest import _person
from zugong.core.scope import system_scope
from zugong.party.services import members as services


@pytest.fixture
def members(cast):
    """黄秀英 (A, full since 1999), 李建华 (A, probationary), 莫春梅 (B, full since 1972)."""
    with system_scope():
        cast.member_a = services.member_create(
            actor=None,
            person=cast.person_a,
            data={
                "kind": "full",
                "joined_on": dt.date(1998, 6, 30),
                "full_on": dt.date(1999, 6, 30),
            },
        )
        cast.member_a2 = services.member_create(
            actor=None,
            person=cast.person_a2,
            data={"kind": "probationary", "joined_on": dt.date(2026, 3, 1)},
        )
    return cast


@pytest.fixture
def pipeline_cast(members):
    cast = members
    with system_scope():
        cast.applicant = _person(cast.branch_a, "覃小燕", 64, birth=dt.date(1996, 4, 1))
        sponsors = []
        for name, seq in (("蒋桂芳", 15), ("唐国庆", 27)):
            person = _person(cast.branch_a, name, seq, birth=dt.date(1970, 1, 1))
            services.member_create(
                actor=None,
                person=person,
                data={
                    "kind": "full",
                    "joined_on": dt.date(1995, 7, 1),
                    "full_on": dt.date(1996, 7, 1),
                },
            )
            sponsors.append(person.pk)
        cast.sponsors = sponsors
    return cast
