import datetime as dt

import pytest

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
