"""Coverage rates (RULES.md §11): the GROUP BY figures agree with the rule applied to
each organization, every number's list holds exactly the organizations behind it with
why, a date before an organization's founding counts it as not formed, saving a report
lets the next one say what changed, and the page reads a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import TODAY, login
from tests.grassroots.rows_twonew import entity_data
from zugong.core.models import AuditEntry
from zugong.core.scope import system_scope
from zugong.grassroots import capabilities as caps
from zugong.grassroots import rules
from zugong.grassroots.models.twonew import CoverageReport, Entity, Instructor
from zugong.grassroots.selectors import coverage
from zugong.grassroots.services import twonew as services


def _add(c, n, **extra):
    return services.entity_save(actor=None, data=entity_data(c, n, **extra), today=TODAY)


@pytest.fixture
def registry(gr):
    """临桂镇: 2 separate (one formed after 2026-06-30), 1 joint, 1 with an instructor, 1
    with a liaison, 1 with nothing, 1 shell, 1 small social org; 六塘镇: 1 separate."""
    with system_scope("t"):
        instructor = services.instructor_save(
            actor=None,
            data={
                "person": gr.person_a,
                "township": gr.town_a,
                "level": "township",
                "appointed_on": dt.date(2026, 1, 5),
            },
        )
        separate = {
            "coverage": "separate",
            "party_organization": gr.community_a,
            "party_members": 4,
            "full_members": 3,
            "not_formed_reason": "",
        }
        gr.sep_old = _add(gr, 1, name="甲旅游公司", formed_on=dt.date(2019, 5, 1), **separate)
        gr.sep_new = _add(gr, 2, name="乙电商公司", formed_on=dt.date(2026, 9, 1), **separate)
        gr.joint = _add(
            gr,
            3,
            name="丙物流公司",
            coverage="joint",
            party_organization=gr.community_a2,
            formed_on=dt.date(2022, 3, 1),
            not_formed_reason="",
        )
        gr.helped = _add(gr, 4, name="丁餐饮公司", instructor=instructor)
        gr.liaised = _add(gr, 5, name="戊培训学校", liaison="唐小红")
        gr.bare = _add(gr, 6, name="己农产品加工厂")
        gr.shell = _add(gr, 7, name="庚贸易公司", operating_status="shell", real_operation=False)
        gr.small = _add(gr, 8, name="辛社会组织", kind="social_org", employees=12)
        gr.b = _add(
            gr,
            9,
            name="六塘壬公司",
            township=gr.town_b,
            party_organization=gr.village_b,
            coverage="separate",
            formed_on=dt.date(2020, 1, 1),
            party_members=4,
            full_members=3,
            not_formed_reason="",
        )
    return gr


def names(queryset):
    return sorted(e.name for e in queryset)


def test_figures_follow_the_rule(registry):
    with system_scope("t"):
        figures = coverage.coverage_figures(registry.town_a.path, TODAY)["totals"]
        assert figures["registered"] == 8
        assert figures["counted"] == 6
        assert figures["excluded"] == 2
        assert (figures["separate"], figures["organized"], figures["work_covered"]) == (2, 3, 5)
        assert figures["uncovered"] == 1
        assert figures["org_coverage_rate"] == Decimal("50.00")
        assert figures["separate_rate"] == Decimal("33.33")
        assert figures["work_coverage_rate"] == Decimal("83.33")
        # The same as the rule applied to each organization.
        kinds = [
            rules.coverage_kind(
                counted=e.counted,
                coverage=e.coverage,
                has_instructor=e.instructor_id is not None,
                has_liaison=bool(e.liaison),
            )
            for e in Entity.objects.filter(township=registry.town_a)
        ]
        rates = rules.coverage_rates(kinds)
        assert (rates.counted, rates.separate, rates.organized, rates.work_covered) == (6, 2, 3, 5)
        assert rates.org_coverage_rate == figures["org_coverage_rate"]
        district = coverage.coverage_figures(registry.district.path, TODAY)
        assert district["totals"]["separate"] == 3
        assert [t["name"] for t in district["by_township"]] == [
            "中共临桂镇委员会",
            "中共六塘镇委员会",
        ]
        assert district["by_kind"]["social_org"]["registered"] == 1


def test_an_earlier_date_counts_a_later_organization_as_not_formed(registry):
    with system_scope("t"):
        figures = coverage.coverage_figures(registry.town_a.path, dt.date(2026, 6, 30))["totals"]
        assert (figures["separate"], figures["organized"], figures["uncovered"]) == (1, 2, 2)
        uncovered = coverage.coverage_list(registry.town_a.path, dt.date(2026, 6, 30), "uncovered")
        assert names(uncovered) == ["乙电商公司", "己农产品加工厂"]
        why = coverage.why(registry.sep_new, dt.date(2026, 6, 30))
        assert "统计日期之后" in why


def test_each_list_is_the_number_behind_it_with_why(registry):
    with system_scope("t"):
        root = registry.town_a.path
        assert names(coverage.coverage_list(root, TODAY, "separate")) == [
            "乙电商公司",
            "甲旅游公司",
        ]
        assert names(coverage.coverage_list(root, TODAY, "excluded")) == [
            "庚贸易公司",
            "辛社会组织",
        ]
        assert names(coverage.coverage_list(root, TODAY, "work_covered", kind="enterprise")) == [
            "丁餐饮公司",
            "丙物流公司",
            "乙电商公司",
            "戊培训学校",
            "甲旅游公司",
        ]
        assert "有党建工作指导员" in coverage.why(registry.helped, TODAY)
        assert "空壳" in coverage.why(registry.shell, TODAY)
        assert "不在统计范围内" in coverage.why(registry.shell, TODAY)


def test_change_since_the_last_report(registry):
    with system_scope("t"):
        report = services.coverage_report_save(
            actor=None, organization=registry.town_a, as_of=dt.date(2026, 10, 1), today=TODAY
        )
        assert report.figures["totals"]["separate"] == 2
        assert AuditEntry.objects.filter(action=caps.COVERAGE_REPORTED).count() == 1
        services.entity_save(
            actor=None, entity=registry.bare, data={"liaison": "蒋文"}, today=TODAY
        )
        services.entity_save(
            actor=None, entity=registry.helped, data={"instructor": None}, today=TODAY
        )
        diff = coverage.changes_since(report, registry.town_a.path, TODAY)
        assert diff["work_covered"] == {"entered": [registry.bare.pk], "left": [registry.helped.pk]}
        assert diff["separate"] == {"entered": [], "left": []}


def test_the_coverage_page_links_each_number_and_saves_a_report(registry):
    client = login(registry.officer_a)
    page = client.get("/admin/grassroots/entity/coverage/").content.decode()
    assert "组织覆盖率" in page
    assert "50.00%" in page
    assert "numerator=separate" in page
    listing = client.get(
        f"/admin/grassroots/entity/coverage/list/?org={registry.town_a.pk}&numerator=separate"
    ).content.decode()
    assert "甲旅游公司" in listing
    assert "丙物流公司" not in listing
    assert "单独组建党组织，计入组织覆盖和单独组建" in listing
    response = client.post(
        f"/admin/grassroots/entity/coverage/?org={registry.town_a.pk}", {"as_of": "2026-11-01"}
    )
    assert response.status_code == 302
    with system_scope("t"):
        assert CoverageReport.objects.get().as_of == dt.date(2026, 11, 1)
    page = client.get(
        f"/admin/grassroots/entity/coverage/?org={registry.town_a.pk}"
    ).content.decode()
    assert "与上次统计报告相比" in page
    assert "统计日期2026-11-01" in page
    # A reader (the leader) may not save.
    assert (
        login(registry.leader)
        .post(
            f"/admin/grassroots/entity/coverage/?org={registry.town_a.pk}", {"as_of": "2026-11-01"}
        )
        .status_code
        == 403
    )


def test_the_coverage_page_reads_the_same_queries_for_9_or_60_organizations(registry):
    client = login(registry.officer_a)
    url = f"/admin/grassroots/entity/coverage/?org={registry.town_a.pk}"
    with system_scope("t"):
        services.coverage_report_save(
            actor=None, organization=registry.town_a, as_of=TODAY, today=TODAY
        )
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    with system_scope("t"):
        for n in range(100, 150):
            _add(registry, n, name=f"新增公司{n}", liaison="韦明" if n % 2 else "")
    client.get(url)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert "新增公司" in response.content.decode()  # names in the change since the report
    # One more: the names of the organizations that changed (none before, no query).
    assert len(large) == len(small) + 1
    with CaptureQueriesContext(connection) as listing:
        client.get(
            f"/admin/grassroots/entity/coverage/list/?org={registry.town_a.pk}&numerator=registered"
        )
    assert len(listing) <= len(small)


def test_api_coverage_and_list(registry):
    from tests.core.test_api import bearer

    api = bearer(registry.officer_a)
    body = api.get("/api/v1/grassroots/coverage?as_of=2026-11-24").json()
    assert body["totals"]["counted"] == 6
    assert body["totals"]["org_coverage_rate"] == 50.0
    items = api.get("/api/v1/grassroots/coverage/list?numerator=uncovered").json()["items"]
    assert [i["name"] for i in items] == ["己农产品加工厂"]
    assert "未覆盖" in items[0]["why"]
    assert Instructor  # the registry fixture's instructor guides 丁餐饮公司
    overdue = api.get("/api/v1/grassroots/instructors/overdue").json()
    assert [o["entity_name"] for o in overdue] == ["丁餐饮公司"]


def test_a_branch_secretary_counts_the_own_branch(gr):
    """The page offers every user a subtree: a branch secretary's scope holds no township
    (reviewed in the browser: the sidebar item answered 404)."""
    from tests.conftest import login

    response = login(gr.secretary).get("/admin/grassroots/entity/coverage/")
    assert response.status_code == 200
    assert gr.branch_a.name in response.content.decode()
