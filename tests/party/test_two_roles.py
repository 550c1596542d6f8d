"""Party module, a user with two roles on two subtrees (issue 11): township officer of
六塘镇 (view, change, import, export) and branch secretary of 金水社区 (view, change).
Importing and exporting hold in 六塘镇 only; changing members in both; nothing elsewhere."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from python_calamine import CalamineWorkbook

from tests.conftest import _person, _user, login, make_id, scope_of
from tests.core.test_jobs import rows_of
from tests.party.test_roster import row, write
from zugong.core.models import Job, Role
from zugong.core.scope import system_scope
from zugong.core.services import access as access_services
from zugong.party.models import Member
from zugong.party.services import members as services


def _member(person, joined):
    return services.member_create(
        actor=None,
        person=person,
        data={"kind": "full", "joined_on": joined, "full_on": joined.replace(year=joined.year + 1)},
    )


@pytest.fixture
def ivan(members):
    with system_scope():
        members.member_b = _member(members.person_b, dt.date(2005, 6, 30))
        # A veteran in each township for the 光荣在党50年 list.
        members.veteran_a = _member(
            _person(members.branch_a, "覃德光", 61, birth=dt.date(1948, 3, 1)), dt.date(1970, 5, 4)
        )
        members.veteran_b = _member(
            _person(members.branch_b, "莫德胜", 62, birth=dt.date(1950, 2, 3)), dt.date(1974, 5, 4)
        )
        user = _user("ivan", "township_officer", members.town_b)
        access_services.role_grant(
            actor=None,
            user=user,
            role=Role.objects.get(code="branch_secretary"),
            organization=members.branch_a,
        )
    members.ivan = user
    return members


def test_the_roster_export_covers_only_the_officers_township(ivan):
    login(ivan.ivan).get("/admin/party/member/export/")
    job = Job.objects.get(user=ivan.ivan)
    assert sorted(r[0] for r in rows_of(job)[1:]) == ["莫德胜", "莫春梅"]


def test_the_medal_list_shows_both_but_exports_only_the_officers_township(ivan):
    client = login(ivan.ivan)
    page = client.get("/admin/party/member/medal/?year=2026").content.decode()
    assert "覃德光" in page
    assert "莫德胜" in page
    response = client.get("/admin/party/member/medal/?year=2026&format=xlsx")
    assert response.status_code == 200
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    text = str(sheet.to_python())
    assert "莫德胜" in text
    assert "覃德光" not in text


def test_the_api_lists_members_of_both_subtrees_only(ivan):
    from tests.core.test_api import bearer

    body = bearer(ivan.ivan).get("/api/v1/party/members").json()
    assert {m["name"] for m in body["items"]} == {"黄秀英", "覃德光", "莫春梅", "莫德胜"}


def test_a_roster_imports_only_into_the_subtree_with_the_import_grant(ivan, tmp_path):
    into_b = row("蒙丽娟", make_id(dt.date(1978, 4, 5), 71), 所在党组织编码=ivan.branch_b.code)
    into_a = row("韦海波", make_id(dt.date(1976, 2, 7), 81), 所在党组织编码=ivan.branch_a.code)
    path = write(tmp_path / "two.xlsx", [into_b, into_a])
    client = login(ivan.ivan)
    with open(path, "rb") as handle:
        client.post("/admin/party/member/import/", {"file": handle, "good_rows_only": "on"})
    job = Job.objects.get(user=ivan.ivan)
    assert job.status == Job.Status.SUCCEEDED, job.message
    report = CalamineWorkbook.from_filelike(
        io.BytesIO(b"".join(client.get(f"/admin/core/job/{job.pk}/download/").streaming_content))
    )
    problems = report.get_sheet_by_index(0).to_python()[1:]
    assert job.result["created"] == 1, problems
    assert job.result["failed"] == 1
    assert [(int(p[0]), p[1]) for p in problems] == [(3, "所在党组织编码")]
    assert "不在您的数据范围内" in problems[0][2]
    with system_scope():
        names = set(Member.objects.values_list("person__name", flat=True))
    assert "蒙丽娟" in names
    assert "韦海波" not in names


def test_members_change_in_both_subtrees_but_nowhere_else(ivan):
    with scope_of(ivan.ivan):
        services.member_change_status(
            actor=ivan.ivan,
            member=ivan.member_a,
            status="floating",
            occurred_on=dt.date(2026, 5, 1),
            reason="外出务工",
        )
        services.member_change_status(
            actor=ivan.ivan,
            member=ivan.member_b,
            status="floating",
            occurred_on=dt.date(2026, 5, 1),
            reason="外出务工",
        )
        with pytest.raises(PermissionDenied):
            services.member_change_status(
                actor=ivan.ivan,
                member=ivan.member_a2,
                status="floating",
                occurred_on=dt.date(2026, 5, 1),
            )
    client = login(ivan.ivan)
    assert client.get(f"/admin/party/member/{ivan.member_a.pk}/status/").status_code == 200
    assert client.get(f"/admin/party/member/{ivan.member_a2.pk}/status/").status_code == 404


def test_the_import_service_itself_checks_both_capabilities_per_organization(ivan, tmp_path):
    """Called outside an entry point (a command, a later job) with every subtree in scope,
    the service still writes only where importing and changing members both hold."""
    from zugong.party import roster

    into_a = row("韦海波", make_id(dt.date(1976, 2, 7), 81), 所在党组织编码=ivan.branch_a.code)
    path = write(tmp_path / "a.xlsx", [into_a])
    with scope_of(ivan.ivan):
        result = roster.run_import(path, actor=ivan.ivan, today=dt.date(2026, 11, 24))
    assert result.created == 0
    assert [p.column for p in result.report.problems] == ["所在党组织编码"]


def test_detail_buttons_follow_the_role_held_on_the_record(members):
    """Leader of the district (reads everything) and township officer of 六塘镇 (writes
    there): a floating record of 临桂镇 offers no write button, one of 六塘镇 offers both."""
    from zugong.party.models import FloatingRecord
    from zugong.party.services import transfers

    with system_scope():
        members.member_b = _member(members.person_b, dt.date(2005, 6, 30))
        judy = _user("judy", "leader", members.district)
        access_services.role_grant(
            actor=None,
            user=judy,
            role=Role.objects.get(code="township_officer"),
            organization=members.town_b,
        )
        for member, place in (
            (members.member_a, "广东省深圳市"),
            (members.member_b, "浙江省杭州市"),
        ):
            transfers.floating_register(
                actor=None, member=member, destination=place, since=dt.date(2026, 3, 1)
            )
        record_a = FloatingRecord.objects.get(member=members.member_a)
        record_b = FloatingRecord.objects.get(member=members.member_b)
    client = login(judy)
    page_a = client.get(f"/admin/party/floatingrecord/{record_a.pk}/change/").content.decode()
    assert "广东省深圳市" in page_a  # the leader reads it
    assert f"/{record_a.pk}/verify/" not in page_a
    assert f"/{record_a.pk}/return/" not in page_a
    assert client.get(f"/admin/party/floatingrecord/{record_a.pk}/verify/").status_code == 404
    page_b = client.get(f"/admin/party/floatingrecord/{record_b.pk}/change/").content.decode()
    assert f"/{record_b.pk}/verify/" in page_b
    assert f"/{record_b.pk}/return/" in page_b
