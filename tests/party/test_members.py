import datetime as dt

import pytest

from tests.conftest import _person, login, scope_of
from zugong.core.errors import ApplicationError, PermissionDenied
from zugong.core.models import AuditEntry
from zugong.core.scope import system_scope
from zugong.party import selectors
from zugong.party.models import Member, MemberStatusChange
from zugong.party.services import members as services


def test_membership_dates_are_checked_against_each_other(cast):
    with scope_of(cast.admin), pytest.raises(ApplicationError) as error:
        services.member_create(
            actor=cast.admin,
            person=cast.person_a,
            data={
                "kind": "full",
                "joined_on": dt.date(1998, 6, 30),
                "full_on": dt.date(1998, 12, 30),
            },
        )
    assert error.value.details[0]["field"] == "full_on"
    with scope_of(cast.admin), pytest.raises(ApplicationError, match="预备党员不应填写转正时间"):
        services.member_create(
            actor=cast.admin,
            person=cast.person_a,
            data={
                "kind": "probationary",
                "joined_on": dt.date(2026, 1, 5),
                "full_on": dt.date(2026, 6, 1),
            },
        )


def test_creating_a_member_sets_the_political_status_and_audits(members):
    with system_scope():
        assert (
            members.person_a2.__class__.objects.get(pk=members.person_a2.pk).political_status
            == "02"
        )
    assert AuditEntry.objects.filter(action="party.member.created").count() == 2


def test_a_second_membership_is_refused(members):
    with scope_of(members.admin), pytest.raises(ApplicationError, match="已有党员记录"):
        services.member_create(
            actor=members.admin,
            person=members.person_a,
            data={"kind": "probationary", "joined_on": dt.date(2026, 1, 5)},
        )


def test_status_changes_keep_history(members):
    with scope_of(members.officer_a):
        services.member_change_status(
            actor=members.officer_a,
            member=members.member_a,
            status="floating",
            occurred_on=dt.date(2026, 5, 1),
            reason="外出务工",
        )
        with pytest.raises(ApplicationError, match="已是"):
            services.member_change_status(
                actor=members.officer_a,
                member=members.member_a,
                status="floating",
                occurred_on=dt.date(2026, 5, 2),
            )
        history = list(MemberStatusChange.objects.values_list("old_status", "new_status"))
    assert history == [("normal", "floating")]


def test_another_townships_officer_cannot_change_a_member(members):
    with scope_of(members.officer_b), pytest.raises(PermissionDenied):
        services.member_change_status(
            actor=members.officer_b,
            member=members.member_a,
            status="deceased",
            occurred_on=dt.date(2026, 5, 1),
        )


def test_medal_list_for_2026(members):
    with system_scope():
        veteran = _person(members.branch_b, "莫德胜", 11, birth=dt.date(1950, 2, 3))
        services.member_create(
            actor=None,
            person=veteran,
            data={
                "kind": "full",
                "joined_on": dt.date(1975, 6, 30),
                "full_on": dt.date(1976, 6, 30),
            },
        )
        assert [m.person.name for m in selectors.medal_candidates(2026)] == ["莫德胜"]
        assert list(selectors.medal_candidates(2025)) == []
    with scope_of(members.officer_a):
        assert list(selectors.medal_candidates(2026)) == []


def test_branch_findings_are_scoped_and_count_full_members(members):
    with scope_of(members.officer_a):
        rows = {r["name"]: r for r in selectors.branch_findings()}
    assert set(rows) == {"中共金水社区支部委员会", "中共榕山社区支部委员会"}
    assert rows["中共榕山社区支部委员会"]["full"] == 0
    assert rows["中共榕山社区支部委员会"]["all_members"] == 1


def test_the_member_list_of_another_township_is_empty(members):
    client = login(members.officer_b)
    body = client.get("/admin/party/member/").content.decode()
    assert "黄秀英" not in body
    assert "李建华" not in body
    assert client.get(f"/admin/party/member/{members.member_a.pk}/change/").status_code == 404
    assert client.get(f"/admin/party/member/{members.member_a.pk}/status/").status_code == 404
    assert "黄秀英" in login(members.officer_a).get("/admin/party/member/").content.decode()


def test_party_pages_are_chinese_and_scoped(members):
    from tests.core.test_admin import ENGLISH, visible_text

    client = login(members.officer_a)
    for url in (
        "/admin/party/member/",
        f"/admin/party/member/{members.member_a.pk}/change/",
        "/admin/party/member/medal/?year=2026",
        "/admin/party/member/structure/",
        "/admin/party/member/import/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert not ENGLISH.findall(visible_text(response.content.decode())), url
    body = client.get("/admin/party/member/structure/").content.decode()
    assert "正式党员0名，不足3名" in body
    assert "六塘" not in body


def test_api_members_are_scoped(members):
    from tests.core.test_api import bearer

    body = bearer(members.officer_b).get("/api/v1/party/members").json()
    assert body["count"] == 0
    body = bearer(members.officer_a).get("/api/v1/party/members").json()
    assert {m["name"] for m in body["items"]} == {"黄秀英", "李建华"}
    standing = {m["name"]: m["party_standing"] for m in body["items"]}
    assert standing["黄秀英"] == 27
    assert standing["李建华"] == 0
    assert (
        bearer(members.officer_b).get(f"/api/v1/party/members/{members.member_a.pk}").status_code
        == 404
    )
    assert bearer(members.auditor).get("/api/v1/party/members").status_code == 403


def test_the_roster_export_job_covers_the_scope_only(members):
    from zugong.core.models import Job

    login(members.officer_b).get("/admin/party/member/export/")
    assert Job.objects.get(user=members.officer_b).result["rows"] == 0
    with system_scope():
        assert Member.objects.count() == 2


def test_the_party_sidebar_group_follows_capabilities(members):
    officer = login(members.officer_a).get("/admin/").content.decode()
    for url in (
        "/admin/party/member/",
        "/admin/party/branchcommittee/elections/",
        "/admin/party/meeting/compliance/",
        "/admin/party/duespayment/arrears/",
        "/admin/party/duesbase/",
    ):
        assert url in officer, url
    auditor = login(members.auditor).get("/admin/").content.decode()
    assert "/admin/party/member/" not in auditor


@pytest.mark.parametrize(
    "url",
    [
        "/admin/party/meeting/",
        "/admin/party/meeting/add/",
        "/admin/party/meeting/compliance/?year=2026",
        "/admin/party/duespayment/",
        "/admin/party/duespayment/add/",
        "/admin/party/duespayment/arrears/",
        "/admin/party/duesbase/",
        "/admin/party/duesbase/add/",
        "/admin/party/branchcommittee/",
        "/admin/party/branchcommittee/add/",
        "/admin/party/branchcommittee/elections/",
    ],
)
def test_every_party_page_is_chinese(members, url):
    from tests.core.test_admin import ENGLISH, visible_text

    response = login(members.officer_a).get(url)
    assert response.status_code == 200, url
    assert not ENGLISH.findall(visible_text(response.content.decode())), url


@pytest.mark.parametrize(
    "url",
    [
        "/admin/party/developmentcase/",
        "/admin/party/developmentcase/add/",
        "/admin/party/developmentcase/board/",
    ],
)
def test_development_pages_are_chinese(members, url):
    from tests.core.test_admin import ENGLISH, visible_text

    response = login(members.officer_a).get(url)
    assert response.status_code == 200, url
    assert not ENGLISH.findall(visible_text(response.content.decode())), url


def test_the_medal_list_exports_to_excel(members):
    import io

    from python_calamine import CalamineWorkbook

    with system_scope():
        veteran = _person(members.branch_a, "莫德胜", 11, birth=dt.date(1950, 2, 3))
        services.member_create(
            actor=None,
            person=veteran,
            data={
                "kind": "full",
                "joined_on": dt.date(1975, 6, 30),
                "full_on": dt.date(1976, 6, 30),
            },
        )
    response = login(members.officer_a).get("/admin/party/member/medal/?year=2026&format=xlsx")
    sheet = (
        CalamineWorkbook.from_filelike(io.BytesIO(response.content))
        .get_sheet_by_index(0)
        .to_python()
    )
    assert sheet[0][0] == "姓名"
    assert sheet[1][0] == "莫德胜"
    assert sheet[1][5] == 50.0
    response = login(members.officer_b).get("/admin/party/member/medal/?year=2026&format=xlsx")
    assert (
        len(
            CalamineWorkbook.from_filelike(io.BytesIO(response.content))
            .get_sheet_by_index(0)
            .to_python()
        )
        == 1
    )


def test_the_roster_lists_the_members_on_the_roll_by_default(members):
    with scope_of(members.officer_a):
        services.member_change_status(
            actor=members.officer_a,
            member=members.member_a2,
            status="deceased",
            occurred_on=dt.date(2026, 5, 1),
        )
    client = login(members.officer_a)
    body = visible_text_of(client.get("/admin/party/member/"))
    assert "黄秀英" in body
    assert "李建华" not in body
    assert "在册党员" in body
    assert "李建华" in visible_text_of(client.get("/admin/party/member/?roll=off"))
    everyone = visible_text_of(client.get("/admin/party/member/?roll=all"))
    assert "黄秀英" in everyone
    assert "李建华" in everyone


def visible_text_of(response):
    from tests.core.test_admin import visible_text

    assert response.status_code == 200
    return visible_text(response.content.decode())
