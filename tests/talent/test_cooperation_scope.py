"""Cooperation within scope, in the back office and the API: the office sees the
district's ledger and the townships'; 六塘镇's officer sees nothing of 临桂镇's (404 on
details, empty lists); judy holds the township officer's rights in 临桂镇 only; the
system, security and audit administrators see no business data; a talent (tina)
reaches no back-office page and no API operation."""

from __future__ import annotations

import pytest

from tests.conftest import login
from tests.core.test_api import bearer
from tests.talent import rows_cooperation
from zugong.core.scope import system_scope
from zugong.talent.models import AllianceMember, Graduate

pytestmark = pytest.mark.django_db

LISTS = [
    "/admin/talent/alliancemember/",
    "/admin/talent/agreement/",
    "/admin/talent/agreement/outcome-board/",
    "/admin/talent/programme/",
    "/admin/talent/programme/ledgers/",
    "/admin/talent/cohort/",
    "/admin/talent/trainee/",
    "/admin/talent/challenge/",
    "/admin/talent/challenge/board/",
    "/admin/talent/practicebase/",
    "/admin/talent/graduate/",
    "/admin/talent/graduate/retention/",
]
API = [
    "/api/v1/talent/cooperation/members",
    "/api/v1/talent/cooperation/agreements",
    "/api/v1/talent/cooperation/programmes",
    "/api/v1/talent/cooperation/challenges",
    "/api/v1/talent/cooperation/bases",
    "/api/v1/talent/cooperation/graduates",
    "/api/v1/talent/cooperation/retention",
    "/api/v1/talent/cooperation/ledgers",
    "/api/v1/talent/cooperation/board",
]
TOWN_A = ["桂林理工大学", "临桂镇—桂工乡村振兴合作协议（样例）", "蒙晓峰"]
DISTRICT = ["桂林电子科技大学", "罗汉果深加工提取工艺攻关（样例）", "韦思琪"]


@pytest.fixture
def co(tc):
    with system_scope("tests"):
        rows_cooperation.make_rows(tc)
    return tc


def _details(c) -> list[str]:
    return [
        f"/admin/talent/alliancemember/{c.coop_university.pk}/change/",
        f"/admin/talent/agreement/{c.coop_agreement.pk}/change/",
        f"/admin/talent/programme/{c.coop_programme.pk}/change/",
        f"/admin/talent/cohort/{c.coop_cohort.pk}/change/",
        f"/admin/talent/trainee/{c.coop_trainee.pk}/change/",
        f"/admin/talent/challenge/{c.coop_challenge.pk}/change/",
        f"/admin/talent/practicebase/{c.coop_base.pk}/change/",
        f"/admin/talent/graduate/{c.coop_graduate.pk}/change/",
    ]


def _town_a_details(c) -> list[str]:
    return [
        f"/admin/talent/alliancemember/{c.coop_university_a.pk}/change/",
        f"/admin/talent/agreement/{c.coop_agreement_a.pk}/change/",
        f"/admin/talent/graduate/{c.coop_graduate_a.pk}/change/",
    ]


def _body(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def test_the_office_sees_every_page_and_row(co):
    client = login(co.office)
    pages = "".join(_body(client, url) for url in LISTS)
    for name in TOWN_A + DISTRICT:
        assert name in pages
    for url in _details(co) + _town_a_details(co):
        _body(client, url)
    agreement = _body(client, f"/admin/talent/agreement/{co.coop_agreement.pk}/change/")
    assert "实践学生24人次，留区毕业生1人" in agreement
    agreements = _body(client, "/admin/talent/agreement/?outcome=none")
    assert "临桂镇—桂工乡村振兴合作协议" in agreements
    assert "桂电—漓江智造校企合作协议" not in agreements
    board = _body(client, "/admin/talent/agreement/outcome-board/")
    assert "中试线建成" in board  # overdue since 2026-10-31
    assert "2026-06-01" in board  # the town's agreement flagged since then


def test_the_other_township_sees_nothing_of_township_a(co):
    client = login(co.officer_b)
    pages = "".join(_body(client, url) for url in LISTS)
    for name in TOWN_A + DISTRICT:
        assert name not in pages
    for url in _details(co) + _town_a_details(co):
        assert client.get(url).status_code == 404, url
    api = bearer(co.officer_b)
    for url in API[:6]:
        assert api.get(url).json()["items"] == [], url
    assert api.get(API[6]).json()["rows"] == []
    assert api.get(f"{API[1]}/{co.coop_agreement_a.pk}").status_code == 404
    assert api.get(f"{API[3]}/{co.coop_challenge.pk}").status_code == 404
    response = api.post(
        f"{API[3]}/{co.coop_challenge.pk}/milestones", {"title": "x", "due_on": "2026-12-01"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 404


def test_township_a_sees_its_own_ledger_only(co):
    client = login(co.officer_a)
    pages = "".join(_body(client, url) for url in LISTS)
    for name in TOWN_A:
        assert name in pages
    for name in DISTRICT:
        assert name not in pages
    for url in _town_a_details(co):
        _body(client, url)
    for url in _details(co):
        assert client.get(url).status_code == 404, url


def test_judy_writes_in_township_a_only(co):
    api = bearer(co.two_roles)
    made = api.post(
        API[0],
        {"office_id": co.town_a.pk, "name": "广西师范大学", "kind": "university"},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    refused = api.post(
        API[0],
        {"office_id": co.town_b.pk, "name": "桂林医学院", "kind": "university"},
        content_type="application/json",
    )
    # 六塘镇 is outside the subtrees where judy holds the change capability.
    assert refused.status_code in (400, 403, 404)
    assert "所属单位" in refused.json()["message"] or refused.status_code == 403
    with system_scope("t"):
        assert not AllianceMember.objects.filter(name="桂林医学院").exists()
    names = [m["name"] for m in api.get(API[0]).json()["items"]]
    assert sorted(names) == ["广西师范大学", "桂林理工大学"]
    client = login(co.two_roles)
    assert (
        client.get(f"/admin/talent/agreement/{co.coop_agreement_a.pk}/change/").status_code == 200
    )


def test_administrators_and_talents_see_no_cooperation_data(co):
    for user in (co.sysadmin, co.secadmin, co.auditor, co.tina):
        client = login(user)
        for url in LISTS + _details(co):
            assert client.get(url).status_code in (302, 403, 404), (user, url)
        api = bearer(user)
        for url in API:
            assert api.get(url).status_code == 403, (user, url)


def test_the_leader_reads_and_cannot_write(co):
    client = login(co.leader)
    _body(client, "/admin/talent/agreement/")
    api = bearer(co.leader)
    assert len(api.get(API[1]).json()["items"]) == 2
    response = api.post(
        API[5],
        {
            "office_id": co.district.pk,
            "university_id": co.coop_university.pk,
            "name": "张三",
            "year": 2026,
            "kind": "employed",
            "employer": "某公司",
            "started_on": "2026-07-01",
        },
        content_type="application/json",
    )
    assert response.status_code == 403
    with system_scope("t"):
        assert Graduate.objects.count() == 2


def test_the_rows_build_on_the_plain_cast_too(cast):
    # The administrators' walk builds them on a cast without talents.
    with system_scope("tests"):
        rows_cooperation.make_rows(cast)
        assert cast.coop_trainee.talent is None
        for model, fields in rows_cooperation.facts().items():
            assert model.objects.values_list(*fields).exists()
