"""Members the regulations say need action (RULES.md §1.4), on SQLite and PostgreSQL.

《中国共产党党员教育管理工作条例》（2019）: out of contact for six months and unreachable →
membership suspended; still unreachable two years after the suspension → removed as lapsed.
Each flag runs from the day the member entered the status they are in now.
"""

import datetime as dt

from tests.conftest import login, scope_of
from zugong.party import selectors
from zugong.party.services import members as member_services

D = dt.date


def _flags(user, on):
    with scope_of(user):
        return {f["code"]: f for f in selectors.member_flags(on)}


def _lose_contact_then_suspend(cast, lost_on, suspended_on):
    with scope_of(cast.admin):
        member = member_services.member_change_status(
            actor=cast.admin, member=cast.member_a, status="lost_contact", occurred_on=lost_on
        )
        member_services.member_change_status(
            actor=cast.admin, member=member, status="suspended", occurred_on=suspended_on
        )


def test_removal_runs_from_the_suspension_not_from_the_lost_contact(members):
    """Lost contact 2024-01-01, suspended 2024-07-15: removal is due 2026-07-15 (two years
    after the suspension). Read from the lost-contact date it would fire on 2026-01-01."""
    _lose_contact_then_suspend(members, D(2024, 1, 1), D(2024, 7, 15))
    assert "remove" not in _flags(members.admin, D(2026, 3, 1))
    assert "remove" not in _flags(members.admin, D(2026, 7, 14))
    flag = _flags(members.admin, D(2026, 7, 15))["remove"]
    assert flag["since"] == D(2024, 7, 15)
    assert flag["source"] == "《中国共产党党员教育管理工作条例》（2019）"


def test_a_new_loss_of_contact_counts_from_its_own_day(members):
    """Lost contact 2022-07-01, suspended 2023-01-10, restored 2023-06-01, lost again
    2026-02-01: suspension is due six months after the new loss, 2026-08-01 — not six
    months after any earlier change (the old suspension must not be read as the start)."""
    cast = members
    member = cast.member_a
    with scope_of(cast.admin):
        for status, day in [
            ("lost_contact", D(2022, 7, 1)),
            ("suspended", D(2023, 1, 10)),
            ("normal", D(2023, 6, 1)),
            ("lost_contact", D(2026, 2, 1)),
        ]:
            member = member_services.member_change_status(
                actor=cast.admin, member=member, status=status, occurred_on=day
            )
    assert _flags(cast.admin, D(2026, 5, 1)) == {}
    assert "suspend" not in _flags(cast.admin, D(2026, 7, 31))
    assert _flags(cast.admin, D(2026, 8, 1))["suspend"]["since"] == D(2026, 2, 1)


def test_flags_are_scoped(members):
    _lose_contact_then_suspend(members, D(2024, 1, 1), D(2024, 7, 15))
    assert "remove" in _flags(members.officer_a, D(2026, 8, 1))
    assert _flags(members.officer_b, D(2026, 8, 1)) == {}
    url = "/admin/party/transfer/flags/"
    assert "黄秀英" in login(members.officer_a).get(url).content.decode()
    assert "黄秀英" not in login(members.officer_b).get(url).content.decode()
    for staff in (members.sysadmin, members.secadmin, members.auditor):
        assert login(staff).get(url).status_code in (403, 404)
