"""Study and training, honours, visits and major-matter reports."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.conftest import login, scope_of
from zugong.core.errors import ApplicationError, PermissionDenied
from zugong.party import selectors
from zugong.party.models import MajorMatterReport
from zugong.party.services import records as services

D = dt.date


def test_study_hours_are_totalled_per_person(members):
    cast = members
    with scope_of(cast.officer_a):
        for hours in ("8", "16.5"):
            services.study_record(
                actor=cast.officer_a,
                person=cast.person_a,
                kind="course",
                title="党务干部培训班",
                started_on=D(2026, 4, 1),
                ended_on=D(2026, 4, 3),
                hours=hours,
            )
        with pytest.raises(ApplicationError, match="结束日期早于开始日期"):
            services.study_record(
                actor=cast.officer_a,
                person=cast.person_a,
                kind="course",
                title="x",
                started_on=D(2026, 4, 3),
                ended_on=D(2026, 4, 1),
                hours="1",
            )
        rows = selectors.study_totals(2026)
    assert rows[0]["person__name"] == "黄秀英"
    assert rows[0]["hours"] == Decimal("24.5")
    assert rows[0]["sessions"] == 2
    with scope_of(cast.officer_b):
        assert selectors.study_totals(2026) == []


def test_honours_need_the_right_recipient(members):
    cast = members
    with scope_of(cast.admin):
        with pytest.raises(ApplicationError, match="不是党员"):
            services.honour_award(
                actor=cast.admin,
                kind="outstanding_member",
                year=2026,
                person=cast.person_b,
                awarded_by="中共临桂区委",
                awarded_on=D(2026, 6, 28),
            )
        with pytest.raises(ApplicationError, match="应选择受表彰的党组织"):
            services.honour_award(
                actor=cast.admin,
                kind="advanced_organization",
                year=2026,
                person=cast.person_a,
                awarded_by="中共临桂区委",
                awarded_on=D(2026, 6, 28),
            )
        services.honour_award(
            actor=cast.admin,
            kind="outstanding_member",
            year=2026,
            person=cast.person_a,
            awarded_by="中共临桂区委",
            awarded_on=D(2026, 6, 28),
            document_no="临发〔2026〕8号",
        )
        services.honour_award(
            actor=cast.admin,
            kind="advanced_organization",
            year=2026,
            organization=cast.branch_a,
            awarded_by="中共临桂区委",
            awarded_on=D(2026, 6, 28),
        )


def test_visits_record_the_amount(members):
    cast = members
    with scope_of(cast.officer_a):
        visit = services.visit_record(
            actor=cast.officer_a,
            person=cast.person_a,
            visitors="区委组织部 周建华",
            visited_on=D(2026, 6, 30),
            reason="veteran",
            amount="500",
            goods="大米一袋",
        )
        with pytest.raises(ApplicationError, match="不能为负数"):
            services.visit_record(
                actor=cast.officer_a,
                person=cast.person_a,
                visitors="x",
                visited_on=D(2026, 6, 30),
                reason="veteran",
                amount="-1",
            )
    assert visit.amount == Decimal("500.00")
    with scope_of(cast.officer_b), pytest.raises(PermissionDenied):
        services.visit_record(
            actor=cast.officer_b,
            person=cast.person_a,
            visitors="x",
            visited_on=D(2026, 6, 30),
            reason="veteran",
        )


def test_major_matters_go_up_one_level_and_come_back(members):
    cast = members
    with scope_of(cast.secretary):
        report = services.major_matter_submit(
            actor=cast.secretary,
            organization=cast.branch_a,
            kind="request",
            title="关于调整支部委员的请示",
            content="……",
            submitted_on=D(2026, 5, 1),
        )
    assert report.reviewer == cast.town_a
    assert report.due_on == D(2026, 5, 16)
    with scope_of(cast.secretary), pytest.raises(PermissionDenied):
        services.major_matter_review(
            actor=cast.secretary,
            report=report,
            decision="approved",
            comments="",
            reviewed_on=D(2026, 5, 3),
        )
    with scope_of(cast.officer_a):
        with pytest.raises(ApplicationError, match="退回时请填写意见"):
            services.major_matter_review(
                actor=cast.officer_a,
                report=report,
                decision="returned",
                comments=" ",
                reviewed_on=D(2026, 5, 3),
            )
        with pytest.raises(ApplicationError, match="请示应“同意”或“退回”"):
            services.major_matter_review(
                actor=cast.officer_a,
                report=report,
                decision="acknowledged",
                comments="",
                reviewed_on=D(2026, 5, 3),
            )
        services.major_matter_review(
            actor=cast.officer_a,
            report=report,
            decision="returned",
            comments="请补充人选情况",
            reviewed_on=D(2026, 5, 3),
        )
    assert report.status == MajorMatterReport.Status.RETURNED


def test_overdue_major_matters(members):
    cast = members
    with scope_of(cast.secretary):
        services.major_matter_submit(
            actor=cast.secretary,
            organization=cast.branch_a,
            kind="report",
            title="关于党员违纪情况的报告",
            content="……",
            submitted_on=D(2026, 5, 1),
        )
    with scope_of(cast.officer_a):
        assert [r.title for r in selectors.major_matters_overdue(D(2026, 6, 1))] == [
            "关于党员违纪情况的报告"
        ]
    with scope_of(cast.officer_b):
        assert list(selectors.major_matters_overdue(D(2026, 6, 1))) == []


@pytest.mark.parametrize(
    "url",
    [
        "/admin/party/studyrecord/",
        "/admin/party/studyrecord/add/",
        "/admin/party/studyrecord/totals/",
        "/admin/party/honour/",
        "/admin/party/honour/add/",
        "/admin/party/visit/",
        "/admin/party/visit/add/",
        "/admin/party/majormatterreport/",
        "/admin/party/majormatterreport/add/",
    ],
)
def test_record_pages_are_chinese(members, url):
    from tests.core.test_admin import ENGLISH, visible_text

    response = login(members.officer_a).get(url)
    assert response.status_code == 200, url
    assert not ENGLISH.findall(visible_text(response.content.decode())), url


def test_record_lists_are_scoped(members):
    cast = members
    with scope_of(cast.officer_a):
        services.visit_record(
            actor=cast.officer_a,
            person=cast.person_a,
            visitors="周建华",
            visited_on=D(2026, 6, 30),
            reason="veteran",
            amount="500",
        )
    assert "黄秀英" not in login(cast.officer_b).get("/admin/party/visit/").content.decode()
    assert "黄秀英" in login(cast.officer_a).get("/admin/party/visit/").content.decode()
