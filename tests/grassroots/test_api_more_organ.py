"""Organ party building's further API operations: service-model awards, the organs'
staffing facts and the members' meetings; and the demonstration chain's projects and
the resumption of a suspended site. Each through its service, refused naming the field,
404 out of scope, nothing of another township, the two-role user, no data for the
technical administrators."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.grassroots.api_more_helpers import bearer, post, put, refused
from tests.grassroots.rows_collective import _demonstration_rows
from tests.grassroots.rows_organ import make_rows
from zugong.core.models import AuditEntry
from zugong.core.scope import system_scope
from zugong.grassroots.models.demonstration import DemoProject, DemoSite
from zugong.grassroots.models.organ import OrganUnit

ORG = "/api/v1/grassroots/organ"
S = "/api/v1/grassroots/demonstration"


@pytest.fixture
def rows(gr):
    with system_scope("tests"):
        make_rows(gr)
        _demonstration_rows(gr)
        gr.site = DemoSite.objects.get(organization=gr.town_a)
        gr.project = DemoProject.objects.get(site=gr.site)
        gr.site.status, gr.site.suspended_on = "suspended", dt.date(2026, 11, 1)
        gr.site.suspended_reason = "大岭村被列为软弱涣散基层党组织"
        gr.site.save()
    return gr


def test_an_award_is_granted_to_a_member_or_the_collective(rows):
    api = bearer(rows.officer_a)
    body = {"organization_id": rows.branch_a.pk, "year": 2026, "title": "服务群众标兵"}
    to_member = post(api, f"{ORG}/awards", {**body, "person_id": rows.person_a.pk})
    assert to_member.status_code == 201, to_member.content
    assert to_member.json()["person_name"] == rows.person_a.name
    collective = post(api, f"{ORG}/awards", body)
    assert collective.status_code == 201
    assert collective.json()["person_id"] is None
    # A member of another branch of the township is not the branch's member.
    message = refused(
        post(api, f"{ORG}/awards", {**body, "person_id": rows.person_a2.pk}), "person", "的党员"
    )
    assert rows.person_a2.name in message
    refused(post(api, f"{ORG}/awards", {**body, "title": "  "}), "title", "称号")
    titles = [a["title"] for a in api.get(f"{ORG}/awards?year=2026").json()["items"]]
    assert sorted(titles) == ["服务群众标兵", "服务群众标兵"]  # the organ's is not A's


def test_an_organ_unit_is_saved_once_and_checked(rows):
    api = bearer(rows.admin)
    url = f"{ORG}/units/{rows.organ.pk}"
    body = {
        "unit_name": "临桂区委办公室",
        "staff": 60,
        "partywork_staff": 1,
        "responsible": "韦德明",
    }
    saved = put(api, url, body)
    assert saved.status_code == 200, saved.content
    assert saved.json()["staff"] == 60
    with system_scope("tests"):
        assert OrganUnit.objects.filter(organization=rows.organ).count() == 1
    refused(put(api, url, {**body, "staff": 0}), "staff", "应大于0")
    refused(put(api, url, {**body, "partywork_staff": 61}), "partywork_staff", "多于机关工作人员")
    refused(put(api, f"{ORG}/units/{rows.branch_a.pk}", body), "organization", "不是机关党组织")
    assert [u["staff"] for u in api.get(f"{ORG}/units").json()["items"]] == [60]


def test_a_members_meeting_is_recorded_and_not_in_the_future(rows):
    api = bearer(rows.admin)
    body = {"organization_id": rows.organ.pk, "held_on": "2026-07-01", "topic": "听取述职"}
    created = post(api, f"{ORG}/members-meetings", body)
    assert created.status_code == 201
    refused(
        post(api, f"{ORG}/members-meetings", {**body, "held_on": "2026-12-01"}),
        "held_on",
        "晚于今天",
    )
    refused(post(api, f"{ORG}/members-meetings", {**body, "topic": ""}), "topic", "议题")
    assert api.get(f"{ORG}/members-meetings?year=2026").json()["count"] == 2
    with system_scope("tests"):
        assert AuditEntry.objects.filter(action="grassroots.organ.saved").exists()


def test_a_site_project_is_registered_updated_and_the_site_resumed(rows):
    api = bearer(rows.officer_a)
    body = {"name": "临桂镇党建长廊", "higher_support": "100000", "self_raised": "20000"}
    created = post(api, f"{S}/sites/{rows.site.pk}/projects", body)
    assert created.status_code == 201, created.content
    assert created.json()["higher_support"] == "100000.00"
    changed = put(api, f"{S}/projects/{rows.project.pk}", {**body, "progress": 80})
    assert changed.json()["progress"] == 80
    refused(
        put(
            api,
            f"{S}/projects/{rows.project.pk}",
            {**body, "starts_on": "2026-05-01", "ends_on": "2026-04-01"},
        ),
        "ends_on",
        "早于开工日期",
    )
    refused(put(api, f"{S}/projects/{rows.project.pk}", {**body, "name": ""}), "name", "项目名称")
    listed = api.get(f"{S}/sites/{rows.site.pk}/projects").json()
    assert listed["count"] == 2
    resumed = post(api, f"{S}/sites/{rows.site.pk}/resume")
    assert resumed.status_code == 200
    assert resumed.json()["status"] == "active"
    refused(post(api, f"{S}/sites/{rows.site.pk}/resume"), "status", "未暂停")


def test_another_township_sees_nothing_and_gets_404(rows):
    api = bearer(rows.officer_b)
    for url in ("/awards", "/units", "/members-meetings"):
        assert api.get(ORG + url).json()["count"] == 0, url
    body = {"organization_id": rows.branch_a.pk, "year": 2026, "title": "标兵"}
    assert post(api, f"{ORG}/awards", body).status_code == 404
    unit = {"unit_name": "x", "staff": 3, "partywork_staff": 0}
    assert put(api, f"{ORG}/units/{rows.organ.pk}", unit).status_code == 404
    meeting = {"organization_id": rows.organ.pk, "held_on": "2026-07-01", "topic": "x"}
    assert post(api, f"{ORG}/members-meetings", meeting).status_code == 404
    assert api.get(f"{S}/sites/{rows.site.pk}/projects").status_code == 404
    assert post(api, f"{S}/sites/{rows.site.pk}/projects", {"name": "x"}).status_code == 404
    assert put(api, f"{S}/projects/{rows.project.pk}", {"name": "x"}).status_code == 404
    assert post(api, f"{S}/sites/{rows.site.pk}/resume").status_code == 404


def test_the_two_role_user_awards_in_the_officers_township_only(rows):
    api = bearer(rows.two_roles)
    ok = {"organization_id": rows.branch_a.pk, "year": 2026, "title": "标兵"}
    assert post(api, f"{ORG}/awards", ok).status_code == 201
    # The secretary of 六塘村 holds no CHANGE there: out of the operation's scope.
    other = post(api, f"{ORG}/awards", {**ok, "organization_id": rows.village_b.pk})
    assert other.status_code == 404
    assert (
        put(
            api, f"{S}/projects/{rows.project.pk}", {"name": "临桂镇党群服务中心甲改造"}
        ).status_code
        == 200
    )


@pytest.mark.parametrize("who", ["sysadmin", "secadmin", "auditor"])
def test_technical_administrators_get_no_data(rows, who):
    api = bearer(getattr(rows, who))
    for url in (f"{ORG}/awards", f"{ORG}/units", f"{ORG}/members-meetings"):
        assert api.get(url).status_code == 403, url
    assert api.get(f"{S}/sites/{rows.site.pk}/projects").status_code == 403
    assert post(api, f"{S}/sites/{rows.site.pk}/resume").status_code == 403
