"""Cadres module, a user with two roles on two subtrees (issue 11): leader on 六塘镇
(view cadres and supervision, export) and township officer on 临桂镇 (view and change
cadres, export, no supervision). Supervision facts appear for 六塘镇 only, in every
page, count and API answer; cadre records change in 临桂镇 only."""

import datetime as dt

import pytest

from tests.conftest import _user, login
from tests.core.test_api import bearer
from zugong.cadres.models import Rectification
from zugong.cadres.services import supervision
from zugong.core.models import Role
from zugong.core.scope import system_scope
from zugong.core.services import access as access_services

D = dt.date
ISSUE_A, ISSUE_B = "反映其在临桂镇违规插手工程", "反映其在六塘镇违规发放补贴"
FINDING_A, FINDING_B = "临桂镇“三重一大”决策不规范", "六塘镇惠民资金发放不及时"


@pytest.fixture
def judy(cadres):
    with system_scope():
        for cadre, issue in ((cadres.cadre_a, ISSUE_A), (cadres.cadre_b, ISSUE_B)):
            # An inquiry letter due 2026-10-21 and not answered: overdue on 2026-11-24.
            supervision.supervision_record(
                actor=None,
                cadre=cadre,
                data={
                    "kind": "inquiry",
                    "issue": issue,
                    "decided_on": D(2026, 9, 21),
                    "letter_received_on": D(2026, 9, 23),
                },
            )
            # An admonishment that bars promotion until 2027-06-10.
            supervision.supervision_record(
                actor=None,
                cadre=cadre,
                data={
                    "kind": "admonishment",
                    "issue": f"{issue}，履职不力",
                    "decided_on": D(2026, 6, 10),
                },
            )
        for unit, finding in ((cadres.town_a, FINDING_A), (cadres.town_b, FINDING_B)):
            Rectification.objects.create(
                source="district",
                round_name="区委第三轮巡察",
                finding=finding,
                responsible_unit=unit,
                measures="建立台账，逐项整改",
                deadline=D(2026, 10, 31),
            )
        user = _user("judy", "leader", cadres.town_b)
        access_services.role_grant(
            actor=None,
            user=user,
            role=Role.objects.get(code="township_officer"),
            organization=cadres.town_a,
        )
    cadres.judy = user
    return cadres


@pytest.mark.parametrize(
    "url",
    [
        "/admin/cadres/supervisionrecord/",
        "/admin/cadres/supervisionrecord/overdue/",
        "/admin/cadres/rectification/",
        "/admin/cadres/rectification/overdue/",
    ],
)
def test_supervision_pages_show_only_the_leaders_township(judy, url):
    response = login(judy.judy).get(url)
    assert response.status_code == 200
    html = response.content.decode()
    # The record list names the cadre, the overdue and rectification pages the matter.
    assert "莫春梅" in html or FINDING_B in html
    assert ISSUE_A not in html
    assert FINDING_A not in html
    assert "韦立新" not in html


def test_the_supervision_api_and_cadre_details_follow_the_leader_grant(judy):
    client = bearer(judy.judy)
    items = client.get("/api/v1/cadres/supervision").json()["items"]
    assert {i["issue"] for i in items} == {ISSUE_B, f"{ISSUE_B}，履职不力"}
    # The cadre of 临桂镇, seen as its township officer: no supervision field.
    assert client.get(f"/api/v1/cadres/{judy.cadre_a.pk}").json()["supervision"] is None
    theirs = client.get(f"/api/v1/cadres/{judy.cadre_b.pk}").json()["supervision"]
    assert {s["issue"] for s in theirs} == {ISSUE_B, f"{ISSUE_B}，履职不力"}


def test_the_cockpit_counts_supervision_of_the_leaders_township_only(judy):
    figures = bearer(judy.judy).get("/api/v1/cadres/cockpit").json()
    assert figures["serving"] == 2  # both townships' cadres
    assert figures["overdue_inquiries"] == 1
    assert figures["overdue_rectifications"] == 1
    admin = bearer(judy.admin).get("/api/v1/cadres/cockpit").json()
    assert admin["overdue_inquiries"] == 2  # the district sees both


def test_the_cadre_pages_show_supervision_only_in_the_leaders_township(judy):
    client = login(judy.judy)
    page_a = client.get(f"/admin/cadres/cadre/{judy.cadre_a.pk}/change/").content.decode()
    assert "韦立新" in page_a
    assert ISSUE_A not in page_a
    assert 'id="supervision-group"' not in page_a
    review_a = client.get(f"/admin/cadres/cadre/{judy.cadre_a.pk}/review/").content.decode()
    assert ISSUE_A not in review_a
    assert "诫勉" not in review_a  # barred, but the reason is not the officer's to read
    review_b = client.get(f"/admin/cadres/cadre/{judy.cadre_b.pk}/review/").content.decode()
    assert "诫勉" in review_b
    page_b = client.get(f"/admin/cadres/cadre/{judy.cadre_b.pk}/change/").content.decode()
    assert ISSUE_B in page_b


def test_cadre_records_change_only_where_the_officer_role_holds(judy):
    client = bearer(judy.judy)
    grade = {"year": 2025, "grade": "competent"}
    mine = client.post(
        f"/api/v1/cadres/{judy.cadre_a.pk}/assessments", grade, content_type="application/json"
    )
    assert mine.status_code == 201
    theirs = client.post(
        f"/api/v1/cadres/{judy.cadre_b.pk}/assessments", grade, content_type="application/json"
    )
    assert theirs.status_code == 404
    supervise = client.post(
        f"/api/v1/cadres/{judy.cadre_b.pk}/supervision",
        {"kind": "reminder", "issue": "x", "decided_on": "2026-11-01"},
        content_type="application/json",
    )
    assert supervise.status_code == 403  # nobody granted the user supervision writes
    # In the back office the 六塘镇 cadre is read-only and offers no write action.
    page = login(judy.judy).get(f"/admin/cadres/cadre/{judy.cadre_b.pk}/change/").content.decode()
    assert 'name="_save"' not in page
