"""The two-new organizations' further API operations: naming an organization's
instructor, the joint meeting's member units, their three lists' items and half-yearly
reports, and the saved coverage reports. Scope, the two-role user and the technical
administrators as everywhere."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.grassroots.api_more_helpers import bearer, post, put, refused
from tests.grassroots.rows_twonew import entity_data, make_rows
from zugong.core.models import AuditEntry
from zugong.core.scope import system_scope
from zugong.grassroots.models.twonew import DutyItem, Entity, Instructor, JointMemberUnit
from zugong.grassroots.services import twonew as services

G = "/api/v1/grassroots"
TODAY = dt.date(2026, 11, 24)


@pytest.fixture
def rows(gr):
    with system_scope("tests"):
        make_rows(gr)
        gr.instructor = Instructor.objects.get(township=gr.town_a)
        gr.guided = Entity.objects.get(instructor=gr.instructor)
        gr.unguided = Entity.objects.exclude(pk=gr.guided.pk).get(township=gr.town_a)
        gr.unit = JointMemberUnit.objects.get(organization=gr.town_a)
        gr.item = DutyItem.objects.get(unit=gr.unit)
        gr.instructor_b = services.instructor_save(
            actor=None,
            data={
                "person": gr.person_b,
                "township": gr.town_b,
                "level": Instructor.Level.TOWNSHIP,
                "appointed_on": dt.date(2026, 2, 1),
            },
        )
        gr.entity_b = services.entity_save(
            actor=None, data=entity_data(gr, 900101, township=gr.town_b), today=TODAY
        )
    return gr


def test_an_instructor_is_named_cleared_and_kept_to_the_township(rows):
    api = bearer(rows.admin)
    url = f"{G}/entities/{rows.unguided.pk}/instructor"
    named = put(api, url, {"instructor_id": rows.instructor.pk})
    assert named.status_code == 200, named.content
    assert named.json()["instructor_id"] == rows.instructor.pk
    message = refused(
        put(api, url, {"instructor_id": rows.instructor_b.pk}), "instructor", "不能指导其他乡镇"
    )
    assert rows.town_b.name in message
    cleared = put(api, url, {"instructor_id": None})
    assert cleared.json()["instructor_id"] is None
    with system_scope("tests"):
        assert AuditEntry.objects.filter(action="grassroots.twonew.saved").exists()


def test_member_units_and_their_items_are_saved_and_refused_naming_the_field(rows):
    api = bearer(rows.officer_a)
    unit = post(
        api, f"{G}/member-units", {"organization_id": rows.town_a.pk, "name": "临桂镇税务分局"}
    )
    assert unit.status_code == 201, unit.content
    refused(
        post(api, f"{G}/member-units", {"organization_id": rows.town_a.pk, "name": " "}),
        "name",
        "成员单位名称",
    )
    renamed = put(
        api,
        f"{G}/member-units/{unit.json()['id']}",
        {"organization_id": rows.town_a.pk, "name": "临桂镇税务所", "officer": "周敏"},
    )
    assert renamed.json()["officer"] == "周敏"
    item = {
        "unit_id": rows.unit.pk,
        "list_kind": "task",
        "content": "排查新办企业",
        "owner": "唐丽",
        "deadline": "2026-12-31",
    }
    created = post(api, f"{G}/duty-items", item)
    assert created.status_code == 201
    refused(post(api, f"{G}/duty-items", {**item, "list_kind": "wish"}), "list_kind", "请选择清单")
    refused(
        put(api, f"{G}/duty-items/{rows.item.pk}", {**item, "done_on": "2026-12-01"}),
        "done_on",
        "晚于今天",
    )
    done = put(
        api,
        f"{G}/duty-items/{rows.item.pk}",
        {**item, "done_on": "2026-11-20", "progress": "已完成"},
    )
    assert done.json()["done_on"] == "2026-11-20"
    assert [i["id"] for i in api.get(f"{G}/duty-items?open=true").json()["items"]] == [
        created.json()["id"]
    ]


def test_half_yearly_reports_are_once_per_half(rows):
    api = bearer(rows.officer_a)
    url = f"{G}/member-units/{rows.unit.pk}/reports"
    body = {"year": 2026, "half": 2, "submitted_on": "2026-11-20", "summary": "下半年配合排查"}
    assert post(api, url, body).status_code == 201
    refused(post(api, url, {**body, "half": 1}), "half", "已报送")
    refused(
        post(api, url, {**body, "year": 2025, "submitted_on": "2025-03-01"}),
        "submitted_on",
        "早于该半年开始",
    )
    refused(post(api, url, {**body, "year": 2025, "summary": " "}), "summary", "报告内容")
    assert [r["half"] for r in api.get(url).json()["items"]] == [2, 1]


def test_a_coverage_report_is_saved_with_its_figures(rows):
    api = bearer(rows.officer_a)
    made = post(
        api, f"{G}/coverage/reports", {"organization_id": rows.town_a.pk, "as_of": "2026-11-01"}
    )
    assert made.status_code == 201, made.content
    assert made.json()["totals"]["registered"] == 2
    refused(
        post(
            api, f"{G}/coverage/reports", {"organization_id": rows.town_a.pk, "as_of": "2026-12-01"}
        ),
        "as_of",
        "晚于今天",
    )
    assert api.get(f"{G}/coverage/reports?year=2026").json()["count"] == 2


def test_another_township_sees_nothing_and_gets_404(rows):
    api = bearer(rows.officer_b)
    assert api.get(f"{G}/member-units").json()["count"] == 0
    assert api.get(f"{G}/duty-items").json()["count"] == 0
    assert api.get(f"{G}/coverage/reports").json()["count"] == 0
    assert (
        put(api, f"{G}/entities/{rows.unguided.pk}/instructor", {"instructor_id": None}).status_code
        == 404
    )
    assert (
        put(
            api,
            f"{G}/entities/{rows.entity_b.pk}/instructor",
            {"instructor_id": rows.instructor.pk},
        ).status_code
        == 404
    )
    assert (
        put(
            api,
            f"{G}/member-units/{rows.unit.pk}",
            {"organization_id": rows.town_b.pk, "name": "x"},
        ).status_code
        == 404
    )
    item = {
        "unit_id": rows.unit.pk,
        "list_kind": "task",
        "content": "x",
        "owner": "x",
        "deadline": "2026-12-31",
    }
    assert post(api, f"{G}/duty-items", item).status_code == 404
    assert put(api, f"{G}/duty-items/{rows.item.pk}", item).status_code == 404
    assert api.get(f"{G}/member-units/{rows.unit.pk}/reports").status_code == 404
    report = {"year": 2026, "half": 2, "submitted_on": "2026-11-20", "summary": "x"}
    assert post(api, f"{G}/member-units/{rows.unit.pk}/reports", report).status_code == 404
    assert (
        post(
            api, f"{G}/coverage/reports", {"organization_id": rows.town_a.pk, "as_of": "2026-11-01"}
        ).status_code
        == 404
    )


def test_the_two_role_user_writes_in_the_officers_township_only(rows):
    api = bearer(rows.two_roles)
    assert (
        post(
            api, f"{G}/member-units", {"organization_id": rows.town_a.pk, "name": "临桂镇司法所"}
        ).status_code
        == 201
    )
    refused_b = post(
        api, f"{G}/coverage/reports", {"organization_id": rows.village_b.pk, "as_of": "2026-11-01"}
    )
    assert refused_b.status_code == 404  # the secretary's role over 六塘村 holds no CHANGE


@pytest.mark.parametrize("who", ["sysadmin", "secadmin", "auditor"])
def test_technical_administrators_get_no_data(rows, who):
    api = bearer(getattr(rows, who))
    for url in (
        "/member-units",
        "/duty-items",
        "/coverage/reports",
        f"/member-units/{rows.unit.pk}/reports",
    ):
        assert api.get(G + url).status_code == 403, url
    assert (
        put(api, f"{G}/entities/{rows.unguided.pk}/instructor", {"instructor_id": None}).status_code
        == 403
    )
