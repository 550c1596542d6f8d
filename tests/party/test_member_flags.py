"""Members the regulations say need action (RULES.md §1.4), on SQLite and PostgreSQL.

《中国共产党党员教育管理工作条例》（2019）: out of contact for six months and unreachable →
membership suspended; still unreachable two years after the suspension → removed as lapsed.
Each flag runs from the day the member entered the status they are in now.
"""

import datetime as dt

import pytest

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


def _away_flags(user, on):
    """Only the flags of members away from home (the others have their own tests)."""
    return {
        code: flag
        for code, flag in _flags(user, on).items()
        if code in ("transfer_due", "verify_place")
    }


def _away(cast, since, fixed_place=None, destination="广东省深圳市宝安区"):
    from zugong.party.services import transfers

    with scope_of(cast.officer_a):
        return transfers.floating_register(
            actor=cast.officer_a,
            member=cast.member_a,
            destination=destination,
            since=since,
            fixed_place=fixed_place,
        )


def test_six_months_away_at_a_fixed_place_asks_for_the_transfer(members):
    """党员教育管理工作条例: a member away six months or more at a fairly fixed place
    transfers the membership there. Left 2026-03-15 for a fixed job in Shenzhen: due
    2026-09-15, flagged from that day with the date."""
    _away(members, D(2026, 3, 15), fixed_place=True)
    assert "transfer_due" not in _away_flags(members.officer_a, D(2026, 9, 14))
    flag = _away_flags(members.officer_a, D(2026, 9, 15))["transfer_due"]
    assert flag["since"] == D(2026, 9, 15)
    assert flag["detail"] == "广东省深圳市宝安区"
    assert flag["source"] == "《中国共产党党员教育管理工作条例》（2019）"
    assert _away_flags(members.officer_b, D(2026, 9, 15)) == {}


def test_a_place_not_verified_is_flagged_for_checking_and_a_moving_one_not_at_all(members):
    from zugong.party.services import transfers

    record = _away(members, D(2026, 2, 28))
    assert set(_away_flags(members.officer_a, D(2026, 8, 28))) == {"verify_place"}
    with scope_of(members.officer_a):
        transfers.floating_verify(
            actor=members.officer_a, record=record, fixed_place=False, contacted_on=D(2026, 9, 1)
        )
    assert _away_flags(members.officer_a, D(2026, 9, 2)) == {}  # 流动 from site to site
    with scope_of(members.officer_a):
        transfers.floating_verify(actor=members.officer_a, record=record, fixed_place=True)
    assert set(_away_flags(members.officer_a, D(2026, 9, 2))) == {"transfer_due"}


def test_month_ends_clamp_the_due_day(members):
    """Left 31 August: six months later is 28 February (no 31 February)."""
    _away(members, D(2025, 8, 31), fixed_place=True)
    assert _away_flags(members.officer_a, D(2026, 2, 28))["transfer_due"]["since"] == D(2026, 2, 28)
    assert "transfer_due" not in _away_flags(members.officer_a, D(2026, 2, 27))


def test_return_closes_the_record_and_restores_normal_standing(members):
    from zugong.core.errors import ApplicationError
    from zugong.party.models import Member
    from zugong.party.services import transfers

    record = _away(members, D(2026, 1, 10), fixed_place=True)
    with scope_of(members.officer_a):
        with pytest.raises(ApplicationError, match="已有未返回的外出登记"):
            _away(members, D(2026, 2, 1))
        with pytest.raises(ApplicationError, match="返回日期2026-01-01早于外出日期2026-01-10"):
            transfers.floating_return(
                actor=members.officer_a, record=record, returned_on=D(2026, 1, 1)
            )
        transfers.floating_return(actor=members.officer_a, record=record, returned_on=D(2026, 8, 1))
        assert Member.objects.get(pk=members.member_a.pk).status == "normal"
    assert _away_flags(members.officer_a, D(2026, 9, 1)) == {}


def test_the_floating_pages_register_verify_and_return(members):
    from zugong.core.scope import system_scope
    from zugong.party.models import FloatingRecord

    client = login(members.officer_a)
    response = client.post(
        "/admin/party/floatingrecord/add/",
        {
            "member": members.member_a.pk,
            "destination": "广东省东莞市",
            "since": "2026-01-10",
            "fixed_place": "true",
            "note": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    with system_scope():
        record = FloatingRecord.objects.get()
    assert record.fixed_place is True
    listing = client.get("/admin/party/floatingrecord/").content.decode()
    assert "2026-07-10" in listing  # the day the transfer became due
    page = client.get(f"/admin/party/floatingrecord/{record.pk}/change/").content.decode()
    assert f"/{record.pk}/return/" in page
    assert f"/{record.pk}/verify/" in page
    response = client.post(
        f"/admin/party/floatingrecord/{record.pk}/verify/", {"fixed_place": "", "contacted_on": ""}
    )
    assert response.status_code == 200  # nothing is preselected: the officer must choose
    assert "这个字段是必填项" in response.content.decode()
    response = client.post(
        f"/admin/party/floatingrecord/{record.pk}/verify/",
        {"fixed_place": "0", "contacted_on": "2026-06-01"},
    )
    assert response.status_code == 302
    with system_scope():
        record.refresh_from_db()
    assert (record.fixed_place, record.last_contact_on) == (False, D(2026, 6, 1))
    response = client.post(
        f"/admin/party/floatingrecord/{record.pk}/return/", {"returned_on": "2026-08-01"}
    )
    assert response.status_code == 302
    page = client.get(f"/admin/party/floatingrecord/{record.pk}/change/").content.decode()
    assert f"/{record.pk}/return/" not in page  # a closed record offers no more steps
    assert f"/{record.pk}/verify/" not in page
    # Another township, the leader and the three administrators.
    assert (
        login(members.officer_b).get(f"/admin/party/floatingrecord/{record.pk}/change/").status_code
        == 404
    )
    assert (
        login(members.officer_b).get(f"/admin/party/floatingrecord/{record.pk}/verify/").status_code
        == 404
    )
    leader = login(members.leader)
    assert leader.get("/admin/party/floatingrecord/add/").status_code == 403
    for staff in (members.sysadmin, members.secadmin, members.auditor):
        assert login(staff).get("/admin/party/floatingrecord/").status_code in (403, 404)
