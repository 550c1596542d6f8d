"""Organ party building within scope: the officer of the other township sees nothing of
township A (lists, details, pages, downloads, API); the two-role user gets each role's
rights in its own subtree only; the administrators get no business data."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from tests.conftest import login, scope_of
from tests.core.test_api import bearer
from tests.grassroots.rows_organ import make_rows
from zugong.core.errors import PermissionDenied
from zugong.core.scope import system_scope
from zugong.grassroots.models.organ import Commitment
from zugong.grassroots.services import organ as services

D = dt.date
TODAY = D(2026, 11, 24)
LISTS = [
    "admin:grassroots_commitment_changelist",
    "admin:grassroots_commitment_overdue",
    "admin:grassroots_commitment_unfulfilled",
    "admin:grassroots_commitment_display",
    "admin:grassroots_pioneerpost_changelist",
    "admin:grassroots_pioneerpost_expiring",
    "admin:grassroots_commandoteam_changelist",
    "admin:grassroots_serviceaward_changelist",
    "admin:grassroots_organunit_changelist",
    "admin:grassroots_organmembersmeeting_changelist",
    "admin:grassroots_organunit_findings",
]
API_LISTS = [
    "/api/v1/grassroots/organ/commitments",
    "/api/v1/grassroots/organ/pioneer-posts",
    "/api/v1/grassroots/organ/teams",
]


@pytest.fixture
def rows(gr):
    with system_scope("tests"):
        make_rows(gr)
        # One of township A's commitments is overdue (made before its deadline passed).
        gr.overdue_a = services.commitment_create(
            actor=None,
            organization=gr.branch_a,
            person=gr.person_a,
            year=2026,
            category="duty",
            content="三月底前完成社区党员信息核查",
            deadline=D(2026, 3, 31),
            today=D(2026, 1, 5),
        )
    return gr


def test_the_officer_of_b_sees_nothing_of_a(rows):
    client = login(rows.officer_b)
    for name in LISTS:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        page = response.content.decode()
        assert "金水社区" not in page, name
        assert "机关样例" not in page, name
        assert "区委办" not in page, name
    for obj, name in (
        (rows.organ_commitment_a, "commitment"),
        (rows.organ_post_a, "pioneerpost"),
    ):
        assert (
            client.get(reverse(f"admin:grassroots_{name}_change", args=[obj.pk])).status_code == 404
        )
    progress = reverse("admin:grassroots_commitment_record_progress", args=[rows.overdue_a.pk])
    assert client.get(progress).status_code == 404
    display = reverse("admin:grassroots_commitment_display") + f"?organization={rows.branch_a.pk}"
    assert client.get(display).status_code == 404
    download = client.get(reverse("admin:grassroots_commitment_overdue") + "?format=xlsx")
    assert download.status_code == 200
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(download.content)).get_sheet_by_index(0)
    assert len(sheet.to_python()) == 1  # the header only
    api = bearer(rows.officer_b)
    for url in API_LISTS:
        assert api.get(url).json()["count"] == 0, url
    assert api.get(f"/api/v1/grassroots/organ/commitments/{rows.overdue_a.pk}").status_code == 404
    assert (
        api.get(f"/api/v1/grassroots/review-evidence/{rows.person_a.pk}/?year=2026").status_code
        == 404
    )
    body = api.get("/api/v1/grassroots/organ/findings?year=2026").json()
    assert body["structure"] == []
    assert body["staffing"] == []
    response = api.post(
        f"/api/v1/grassroots/organ/commitments/{rows.overdue_a.pk}/progress",
        {"recorded_on": "2026-11-20", "progress": 100, "description": "完成"},
        content_type="application/json",
    )
    assert response.status_code == 404


def test_the_officer_of_a_sees_and_downloads_township_a(rows):
    client = login(rows.officer_a)
    page = client.get(reverse("admin:grassroots_commitment_overdue")).content.decode()
    assert "三月底前完成社区党员信息核查" in page
    download = client.get(reverse("admin:grassroots_commitment_overdue") + "?format=xlsx")
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(download.content)).get_sheet_by_index(0)
    assert [r[4] for r in sheet.to_python()[1:]] == ["三月底前完成社区党员信息核查"]
    api = bearer(rows.officer_a)
    body = api.get("/api/v1/grassroots/organ/commitments?overdue=true").json()
    assert [i["content"] for i in body["items"]] == ["三月底前完成社区党员信息核查"]
    listed = api.get("/api/v1/grassroots/organ/commitments?year=2026").json()
    assert listed["count"] == 3  # the two of 金水社区 in make_rows and the overdue one
    one = next(i for i in listed["items"] if i["id"] == rows.organ_commitment_a.pk)
    assert [r["progress"] for r in one["records"]] == [60]
    assert one["records"][0]["has_evidence"] is True


def test_the_two_role_user_has_each_role_in_its_own_subtree(rows):
    judy = rows.two_roles
    with scope_of(judy):
        # Secretary of 六塘村: commitments and branch steps there, no approval or award.
        commitment = services.commitment_create(
            actor=judy,
            organization=rows.village_b,
            person=rows.person_b,
            year=2026,
            category="service",
            content="帮助村民销售沙糖桔",
            deadline=D(2026, 12, 31),
            today=TODAY,
        )
        post = services.pioneer_declare(
            actor=judy,
            organization=rows.village_b,
            kind="collective",
            post_name="六塘村产业发展先锋岗",
            declared_on=D(2026, 5, 1),
        )
        post = services.pioneer_advance(actor=judy, post=post, on=D(2026, 5, 2))
        post = services.pioneer_advance(actor=judy, post=post, on=D(2026, 5, 3))
        with pytest.raises(PermissionDenied):
            services.pioneer_advance(actor=judy, post=post, on=D(2026, 5, 4))
        with pytest.raises(PermissionDenied):
            services.award_grant(
                actor=judy, organization=rows.village_b, year=2026, title="服务群众标兵"
            )
        # Officer of township A: the approval and the award there.
        services.pioneer_advance(actor=judy, post=rows.organ_post_a, on=D(2026, 3, 5))
        services.award_grant(
            actor=judy, organization=rows.branch_a, person=rows.person_a, year=2026, title="标兵"
        )
        # Neither role reaches 新街社区 (B) or the district's organ.
        with pytest.raises(PermissionDenied):
            services.commitment_create(
                actor=judy,
                organization=rows.community_b,
                year=2026,
                category="duty",
                content="x",
                deadline=D(2026, 12, 31),
                today=TODAY,
            )
    assert commitment.pk
    client = login(judy)
    approve = reverse("admin:grassroots_pioneerpost_approve", args=[post.pk])
    assert client.get(approve).status_code == 404  # approval is held in A only
    advance = reverse("admin:grassroots_pioneerpost_advance", args=[post.pk])
    assert client.get(advance).status_code == 200
    api = bearer(judy)
    response = api.post(
        f"/api/v1/grassroots/organ/pioneer-posts/{post.pk}/advance",
        {"on": "2026-05-04"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert "不在您的数据范围内" in response.json()["message"]
    page = client.get(reverse("admin:grassroots_commitment_changelist")).content.decode()
    assert "帮助村民销售沙糖桔" in page
    assert "机关样例" in page  # township A's
    assert "按时办结区委文电" not in page  # the district's organ


@pytest.mark.parametrize("who", ["sysadmin", "secadmin", "auditor"])
def test_administrators_get_no_organ_data(rows, who):
    user = getattr(rows, who)
    client = login(user)
    for name in LISTS:
        assert client.get(reverse(name)).status_code == 403, name
    url = reverse("admin:grassroots_commitment_change", args=[rows.organ_commitment_a.pk])
    assert client.get(url).status_code == 403
    api = bearer(user)
    for url in [*API_LISTS, "/api/v1/grassroots/organ/findings?year=2026"]:
        assert api.get(url).status_code == 403, url
    evidence = f"/api/v1/grassroots/review-evidence/{rows.person_a.pk}/?year=2026"
    assert api.get(evidence).status_code == 403
    with system_scope():
        assert Commitment.objects.count() == 4
