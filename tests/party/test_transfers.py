"""Transfers of membership and floating members (RULES.md §1.4)."""

import datetime as dt

import pytest

from tests.conftest import login, make_id, scope_of
from zugong.core.errors import ApplicationError, PermissionDenied
from zugong.core.models import Person
from zugong.core.scope import system_scope
from zugong.party import selectors
from zugong.party.models import Member, MemberStatusChange, Transfer
from zugong.party.services import transfers as services

D = dt.date


def organization_of(person):
    with system_scope():
        return Person.objects.get(pk=person.pk).organization


def test_a_member_stays_in_the_old_branch_until_received(members):
    cast = members
    with scope_of(cast.officer_a):
        transfer = services.transfer_start(
            actor=cast.officer_a,
            member=cast.member_a,
            letter_no="临组转〔2026〕12号",
            issued_on=D(2026, 5, 6),
            to_organization=cast.branch_b,
        )
    assert organization_of(cast.person_a) == cast.branch_a  # never in two branches, never in none
    with scope_of(cast.officer_b):
        assert Transfer.objects.get() == transfer  # the receiving side sees it
        services.transfer_receive(
            actor=cast.officer_b, transfer=transfer, received_on=D(2026, 5, 10)
        )
    assert organization_of(cast.person_a) == cast.branch_b
    with scope_of(cast.officer_a):
        assert not Member.objects.filter(pk=cast.member_a.pk).exists()  # out of A's scope now
        assert Transfer.objects.count() == 1  # the sending side still sees the transfer


def test_only_the_receiving_side_confirms(members):
    cast = members
    with scope_of(cast.officer_a):
        transfer = services.transfer_start(
            actor=cast.officer_a,
            member=cast.member_a,
            letter_no="12",
            issued_on=D(2026, 5, 6),
            to_organization=cast.branch_b,
        )
        with pytest.raises(PermissionDenied):
            services.transfer_receive(
                actor=cast.officer_a, transfer=transfer, received_on=D(2026, 5, 10)
            )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "二者选其一"),
        ({"to_organization": "branch_b", "outside_organization": "中共某某支部"}, "二者选其一"),
        ({"to_organization": "branch_a"}, "与现所在党组织相同"),
        ({"to_organization": "town_b"}, "不能转入乡镇"),
        ({"to_organization": "branch_b", "letter_no": " "}, "请填写介绍信编号"),
        ({"to_organization": "branch_b", "issued_on": D(2999, 1, 1)}, "晚于今天"),
    ],
)
def test_bad_transfers_are_refused(members, kwargs, message):
    cast = members
    data = {"letter_no": "12", "issued_on": D(2026, 5, 6), **kwargs}
    if isinstance(data.get("to_organization"), str):
        data["to_organization"] = getattr(cast, data["to_organization"])
    with scope_of(cast.admin), pytest.raises(ApplicationError, match=message):
        services.transfer_start(actor=cast.admin, member=cast.member_a, **data)


def test_one_open_transfer_at_a_time_and_cancel(members):
    cast = members
    with scope_of(cast.officer_a):
        transfer = services.transfer_start(
            actor=cast.officer_a,
            member=cast.member_a,
            letter_no="12",
            issued_on=D(2026, 5, 6),
            to_organization=cast.branch_a2,
        )
        with pytest.raises(ApplicationError, match="未办结的转接"):
            services.transfer_start(
                actor=cast.officer_a,
                member=cast.member_a,
                letter_no="13",
                issued_on=D(2026, 5, 7),
                to_organization=cast.branch_b,
            )
        services.transfer_cancel(actor=cast.officer_a, transfer=transfer, reason="本人要求暂缓")
        services.transfer_start(
            actor=cast.officer_a,
            member=cast.member_a,
            letter_no="13",
            issued_on=D(2026, 5, 7),
            to_organization=cast.branch_b,
        )


def test_out_of_the_district_with_a_receipt(members):
    cast = members
    with scope_of(cast.officer_a):
        transfer = services.transfer_start(
            actor=cast.officer_a,
            member=cast.member_a,
            letter_no="12",
            issued_on=D(2026, 5, 6),
            outside_organization="中共南宁市青秀区某某社区支部委员会",
        )
        services.transfer_receive(
            actor=cast.officer_a, transfer=transfer, received_on=D(2026, 6, 1)
        )
        member = Member.objects.get(pk=cast.member_a.pk)
    assert member.status == "transferred_out"
    with system_scope():
        assert MemberStatusChange.objects.get().new_status == "transferred_out"


def test_arriving_from_outside_creates_person_member_and_transfer_together(members):
    cast = members
    person = {
        "name": "黄海波",
        "id_number": make_id(D(1985, 2, 2), 13),
        "ethnicity": "08",
        "political_status": "01",
    }
    with scope_of(cast.officer_b):
        with pytest.raises(ApplicationError, match="转正时间"):
            services.transfer_in(
                actor=cast.officer_b,
                to_organization=cast.branch_b,
                person=person,
                membership={"kind": "full", "joined_on": D(2010, 7, 1)},
                outside_organization="中共柳州市某某支部",
                letter_no="柳组转1号",
                received_on=D(2026, 5, 1),
            )
        assert not Person.objects.filter(name="黄海波").exists()  # nothing half-written
        services.transfer_in(
            actor=cast.officer_b,
            to_organization=cast.branch_b,
            person=person,
            membership={"kind": "full", "joined_on": D(2010, 7, 1), "full_on": D(2011, 7, 1)},
            outside_organization="中共柳州市某某支部",
            letter_no="柳组转1号",
            received_on=D(2026, 5, 1),
        )
        assert Member.objects.get(person__name="黄海波").person.organization == cast.branch_b


def test_floating_registration_and_flags(members):
    cast = members
    with scope_of(cast.officer_a):
        services.floating_register(
            actor=cast.officer_a,
            member=cast.member_a,
            destination="广东省深圳市",
            since=D(2026, 3, 1),
        )
        assert Member.objects.get(pk=cast.member_a.pk).status == "floating"
    with system_scope():
        cast.member_a.refresh_from_db()
        MemberStatusChange.objects.create(
            member=cast.member_a,
            old_status="floating",
            new_status="lost_contact",
            occurred_on=D(2026, 4, 1),
        )
        Member.objects.filter(pk=cast.member_a.pk).update(status="lost_contact")
    with scope_of(cast.officer_a):
        codes = {
            (f["member"].person.name, f["code"]) for f in selectors.member_flags(D(2026, 11, 23))
        }
    assert ("黄秀英", "suspend") in codes
    with scope_of(cast.officer_b):
        assert selectors.member_flags(D(2026, 11, 23)) == []


def test_transfer_pages_are_scoped_and_chinese(members):
    from tests.core.test_admin import ENGLISH, visible_text

    cast = members
    with scope_of(cast.officer_a):
        transfer = services.transfer_start(
            actor=cast.officer_a,
            member=cast.member_a,
            letter_no="12",
            issued_on=D(2026, 5, 6),
            to_organization=cast.branch_a2,
        )
    assert (
        login(cast.officer_b).get(f"/admin/party/transfer/{transfer.pk}/change/").status_code == 404
    )
    assert "黄秀英" not in login(cast.officer_b).get("/admin/party/transfer/open/").content.decode()
    client = login(cast.officer_a)
    for url in (
        "/admin/party/transfer/",
        "/admin/party/transfer/add/",
        "/admin/party/transfer/open/",
        "/admin/party/transfer/flags/",
        f"/admin/party/transfer/{transfer.pk}/receive/",
        "/admin/party/floatingrecord/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert not ENGLISH.findall(visible_text(response.content.decode())), url
    response = client.post(
        f"/admin/party/transfer/{transfer.pk}/receive/", {"received_on": "2026-05-10"}
    )
    assert response.status_code == 302
    assert organization_of(cast.person_a) == cast.branch_a2


def test_a_township_officer_sends_a_member_to_another_township_by_code(members):
    cast = members
    client = login(cast.officer_a)
    response = client.post(
        "/admin/party/transfer/add/",
        {
            "member": cast.member_a.pk,
            "to_organization_code": "450312101201",
            "outside_organization": "",
            "letter_no": "临组转〔2026〕30号",
            "issued_on": "2026-05-06",
            "note": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    response = client.post(
        "/admin/party/transfer/add/",
        {
            "member": cast.member_a2.pk,
            "to_organization_code": "NOPE",
            "letter_no": "31",
            "issued_on": "2026-05-06",
        },
    )
    assert "组织编码“NOPE”不存在" in response.content.decode()
    with system_scope():
        transfer = Transfer.objects.get()
    assert (
        login(cast.officer_b).get(f"/admin/party/transfer/{transfer.pk}/change/").status_code == 200
    )


def test_transfer_and_record_apis_are_scoped(members):
    from tests.core.test_api import bearer

    cast = members
    payload = {
        "member_id": cast.member_a.pk,
        "letter_no": "12",
        "issued_on": "2026-05-06",
        "to_organization_id": cast.branch_b.pk,
    }
    response = bearer(cast.officer_a).post(
        "/api/v1/party/transfers", payload, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    transfer_id = response.json()["id"]
    assert (
        bearer(cast.officer_b)
        .post(
            "/api/v1/party/transfers",
            {**payload, "member_id": cast.member_a2.pk},
            content_type="application/json",
        )
        .status_code
        == 404
    )
    assert (
        bearer(cast.officer_a)
        .post(
            f"/api/v1/party/transfers/{transfer_id}/receive",
            {"received_on": "2026-05-10"},
            content_type="application/json",
        )
        .status_code
        == 403
    )
    response = bearer(cast.officer_b).post(
        f"/api/v1/party/transfers/{transfer_id}/receive",
        {"received_on": "2026-05-10"},
        content_type="application/json",
    )
    assert response.json()["status"] == "received"
    for url in (
        "/api/v1/party/study",
        "/api/v1/party/honours",
        "/api/v1/party/visits",
        "/api/v1/party/major-matters",
    ):
        assert bearer(cast.officer_b).get(url).status_code == 200, url


def test_cancelling_through_the_api(members):
    from tests.core.test_api import bearer

    cast = members
    with scope_of(cast.officer_a):
        transfer = services.transfer_start(
            actor=cast.officer_a,
            member=cast.member_a,
            letter_no="12",
            issued_on=D(2026, 5, 6),
            to_organization=cast.branch_b,
        )
    url = f"/api/v1/party/transfers/{transfer.pk}/cancel"
    assert (
        bearer(cast.officer_a)
        .post(url, {"reason": " "}, content_type="application/json")
        .json()["details"][0]["field"]
        == "reason"
    )
    assert (
        bearer(cast.officer_a)
        .post(url, {"reason": "本人要求暂缓"}, content_type="application/json")
        .json()["status"]
        == "cancelled"
    )


def test_the_receiving_side_may_return_a_transfer(members):
    cast = members
    with scope_of(cast.officer_a):
        transfer = services.transfer_start(
            actor=cast.officer_a,
            member=cast.member_a,
            letter_no="12",
            issued_on=D(2026, 5, 6),
            to_organization=cast.branch_b,
        )
    with scope_of(cast.officer_b):
        services.transfer_cancel(
            actor=cast.officer_b, transfer=transfer, reason="介绍信信息有误，退回"
        )
    assert transfer.status == "cancelled"
