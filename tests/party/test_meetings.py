"""Organizational life and its compliance (RULES.md §2.2)."""

import datetime as dt

import pytest

from tests.conftest import _person, login, scope_of
from zugong.core.errors import ApplicationError
from zugong.core.scope import system_scope
from zugong.core.services import organizations as org_services
from zugong.party import rules, selectors
from zugong.party.models import Attendance, Meeting
from zugong.party.services import committees as committee_services
from zugong.party.services import meetings as services
from zugong.party.services import members as member_services


def test_excellent_is_at_most_a_third():
    assert [rules.excellent_cap(n) for n in (2, 3, 10, 30, 31)] == [0, 1, 3, 10, 10]


def test_periods():
    assert [
        label for label, _ in rules.periods("quarter", dt.date(2026, 2, 1), dt.date(2026, 11, 23))
    ] == ["2026年第1季度", "2026年第2季度", "2026年第3季度", "2026年第4季度"]
    assert len(rules.periods("month", dt.date(2026, 1, 1), dt.date(2026, 11, 23))) == 11
    assert rules.period_end("quarter", (2026, 4)) == dt.date(2026, 12, 31)


def test_recording_a_meeting_with_absences(members):
    cast = members
    with scope_of(cast.officer_a):
        meeting = services.meeting_record(
            actor=cast.officer_a,
            organization=cast.branch_a,
            kind="theme_day",
            held_on=dt.date(2026, 3, 5),
            topic="学习贯彻党的二十大精神",
            host="黄秀英",
        )
        attendance = list(
            Attendance.objects.filter(meeting=meeting).values_list("person__name", "present")
        )
    assert attendance == [("黄秀英", True)]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"held_on": dt.date(2999, 1, 1)}, "晚于今天"),
        ({"topic": " "}, "请填写会议主题"),
        ({"kind": "group_meeting"}, "党支部不召开党小组会"),
        ({"kind": "branch_committee_meeting"}, "没有在任的支部委员会"),
        ({"absent": {"person_a": ""}}, "请填写黄秀英的缺席原因"),
        ({"absent": {"person_b": "外出"}}, "不是本组织的党员"),
    ],
)
def test_bad_meetings_are_refused(members, changes, message):
    cast = members
    data = {
        "organization": cast.branch_a,
        "kind": "theme_day",
        "held_on": dt.date(2026, 3, 5),
        "topic": "主题党日",
    }
    data.update(changes)
    if "absent" in data:
        data["absent"] = {getattr(cast, key).pk: reason for key, reason in data["absent"].items()}
    with scope_of(cast.admin), pytest.raises(ApplicationError, match=message):
        services.meeting_record(actor=cast.admin, **data)
    with system_scope():
        assert not Meeting.objects.exists()


@pytest.fixture
def committee_branch(members):
    cast = members
    with system_scope():
        people = [cast.person_a]
        for name, seq in (("蒋桂芳", 15), ("唐国庆", 27)):
            person = _person(cast.branch_a, name, seq, birth=dt.date(1970, 1, 1))
            member_services.member_create(
                actor=None,
                person=person,
                data={
                    "kind": "full",
                    "joined_on": dt.date(1995, 7, 1),
                    "full_on": dt.date(1996, 7, 1),
                },
            )
            people.append(person)
        committee_services.committee_elect(
            actor=None,
            organization=cast.branch_a,
            elected_on=dt.date(2025, 1, 10),
            seats=[(people[0], "secretary"), (people[1], "organization"), (people[2], "publicity")],
        )
    cast.people = people
    return cast


def test_a_committee_meeting_needs_more_than_half_of_its_members(committee_branch):
    cast = committee_branch
    with scope_of(cast.admin):
        with pytest.raises(ApplicationError, match="未超过委员总数3名的半数"):
            services.meeting_record(
                actor=cast.admin,
                organization=cast.branch_a,
                kind="branch_committee_meeting",
                held_on=dt.date(2026, 3, 5),
                topic="研究发展党员",
                absent={cast.people[1].pk: "出差", cast.people[2].pk: "病假"},
            )
        services.meeting_record(
            actor=cast.admin,
            organization=cast.branch_a,
            kind="branch_committee_meeting",
            held_on=dt.date(2026, 3, 5),
            topic="研究发展党员",
            absent={cast.people[2].pk: "病假"},
        )


def test_review_grades_cap_excellent(committee_branch):
    cast = committee_branch
    with scope_of(cast.admin):
        meeting = services.meeting_record(
            actor=cast.admin,
            organization=cast.branch_a,
            kind="member_review",
            held_on=dt.date(2026, 1, 20),
            topic="2025年度民主评议党员",
        )
        ids = [p.membership.pk for p in cast.people]
        with pytest.raises(
            ApplicationError, match="评为优秀2名，超过党员总数3名的三分之一（最多1名）"
        ):
            services.review_grade(
                actor=cast.admin,
                meeting=meeting,
                grades={ids[0]: "excellent", ids[1]: "excellent", ids[2]: "qualified"},
            )
        reviews = services.review_grade(
            actor=cast.admin,
            meeting=meeting,
            grades={ids[0]: "excellent", ids[1]: "qualified", ids[2]: "qualified"},
        )
    assert len(reviews) == 3


def test_compliance_counts_finished_periods_only(committee_branch):
    cast = committee_branch
    with scope_of(cast.admin):
        for month in (1, 2, 3, 5):
            services.meeting_record(
                actor=cast.admin,
                organization=cast.branch_a,
                kind="theme_day",
                held_on=dt.date(2026, month, 8),
                topic=f"{month}月主题党日",
            )
        services.meeting_record(
            actor=cast.admin,
            organization=cast.branch_a,
            kind="branch_general_meeting",
            held_on=dt.date(2026, 2, 8),
            topic="第一季度党员大会",
        )
        rows = {
            r["organization"].name: r
            for r in selectors.compliance(
                dt.date(2026, 1, 1), dt.date(2026, 12, 31), today=dt.date(2026, 6, 15)
            )
        }
    items = {i["kind"]: i for i in rows["中共金水社区支部委员会"]["items"]}
    assert items["theme_day"]["missing"] == ["2026年4月"]  # June is under way, not missing
    assert items["theme_day"]["done"] == 4
    assert items["branch_general_meeting"]["missing"] == []  # Q2 is under way
    assert items["branch_committee_meeting"]["missing"] == [
        "2026年1月",
        "2026年2月",
        "2026年3月",
        "2026年4月",
        "2026年5月",
    ]
    assert items["org_life_meeting"]["required"] == 0
    assert "branch_committee_meeting" not in {
        i["kind"] for i in rows["中共榕山社区支部委员会"]["items"]
    }


def test_compliance_over_a_range_across_two_years(committee_branch):
    """Periods are told apart by year; the one under way counts once held; two meetings
    in one quarter fill one quarter, not two."""
    cast = committee_branch
    with scope_of(cast.admin):
        for day in (dt.date(2025, 8, 1), dt.date(2025, 9, 1), dt.date(2026, 2, 1)):
            services.meeting_record(
                actor=cast.admin,
                organization=cast.branch_a,
                kind="branch_general_meeting",
                held_on=day,
                topic="党员大会",
            )
        services.meeting_record(
            actor=cast.admin,
            organization=cast.branch_a,
            kind="theme_day",
            held_on=dt.date(2026, 4, 3),
            topic="主题党日",
        )
        rows = {
            r["organization"].name: r
            for r in selectors.compliance(
                dt.date(2025, 7, 1), dt.date(2026, 6, 30), today=dt.date(2026, 4, 10)
            )
        }
    items = {i["kind"]: i for i in rows["中共金水社区支部委员会"]["items"]}
    general = items["branch_general_meeting"]
    assert general["missing"] == ["2025年第4季度"]
    assert (general["done"], general["required"]) == (2, 3)  # Q2 2026 under way, not held
    theme = items["theme_day"]
    assert theme["done"] == 1  # April is under way and held
    assert theme["required"] == 10  # July 2025 to March 2026, and April
    assert theme["missing"][0] == "2025年7月"
    assert theme["missing"][-1] == "2026年3月"
    assert items["org_life_meeting"]["missing"] == ["2025年"]


def test_a_branch_founded_mid_year_owes_from_its_founding(members):
    cast = members
    with system_scope():
        new = org_services.organization_create(
            actor=None,
            parent=cast.town_a,
            data={
                "name": "中共新建社区支部委员会",
                "code": "N1",
                "kind": "branch",
                "founded_on": dt.date(2026, 5, 10),
            },
        )
    with scope_of(cast.admin):
        rows = {
            r["organization"].pk: r
            for r in selectors.compliance(
                dt.date(2026, 1, 1), dt.date(2026, 12, 31), today=dt.date(2026, 8, 1)
            )
        }
    items = {i["kind"]: i for i in rows[new.pk]["items"]}
    assert items["theme_day"]["missing"] == ["2026年5月", "2026年6月", "2026年7月"]


def test_compliance_is_scoped_and_summed_by_township(members):
    cast = members
    with scope_of(cast.officer_b):
        rows = selectors.compliance(
            dt.date(2026, 1, 1), dt.date(2026, 12, 31), today=dt.date(2026, 6, 15)
        )
        assert [r["organization"].name for r in rows] == ["中共六塘村支部委员会"]
    with scope_of(cast.admin):
        summary = selectors.compliance_by_township(
            selectors.compliance(
                dt.date(2026, 1, 1), dt.date(2026, 12, 31), today=dt.date(2026, 6, 15)
            )
        )
    assert [s["name"] for s in summary] == ["中共临桂镇委员会", "中共六塘镇委员会"]
    assert summary[0]["organizations"] == 2


def test_compliance_page_export_and_api(members):
    from tests.core.test_api import bearer

    cast = members
    body = login(cast.officer_b).get("/admin/party/meeting/compliance/?year=2026").content.decode()
    assert "六塘村" in body
    assert "金水" not in body
    response = login(cast.officer_a).get("/admin/party/meeting/compliance/?year=2026&format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    import io

    from python_calamine import CalamineWorkbook

    sheet = (
        CalamineWorkbook.from_filelike(io.BytesIO(response.content))
        .get_sheet_by_index(0)
        .to_python()
    )
    assert sheet[0][0] == "党组织"
    assert {line[0] for line in sheet[1:]} == {
        "中共金水社区支部委员会",
        "中共榕山社区支部委员会",
    }
    rows = bearer(cast.officer_b).get("/api/v1/party/compliance", {"year": 2026}).json()
    assert [r["organization_name"] for r in rows] == ["中共六塘村支部委员会"]


def test_grading_a_review_in_the_admin(committee_branch):
    cast = committee_branch
    with scope_of(cast.admin):
        meeting = services.meeting_record(
            actor=cast.admin,
            organization=cast.branch_a,
            kind="member_review",
            held_on=dt.date(2026, 1, 20),
            topic="2025年度民主评议党员",
        )
    client = login(cast.officer_a)
    ids = [p.membership.pk for p in cast.people]
    too_many = {f"m{ids[0]}": "excellent", f"m{ids[1]}": "excellent", f"m{ids[2]}": "qualified"}
    response = client.post(f"/admin/party/meeting/{meeting.pk}/grade/", too_many)
    assert "超过党员总数3名的三分之一" in response.content.decode()
    response = client.post(
        f"/admin/party/meeting/{meeting.pk}/grade/", {**too_many, f"m{ids[1]}": "qualified"}
    )
    assert response.status_code == 302
    assert login(cast.officer_b).get(f"/admin/party/meeting/{meeting.pk}/grade/").status_code == 404


def test_grading_through_the_api(committee_branch):
    from tests.core.test_api import bearer

    cast = committee_branch
    with scope_of(cast.admin):
        meeting = services.meeting_record(
            actor=cast.admin,
            organization=cast.branch_a,
            kind="member_review",
            held_on=dt.date(2026, 1, 20),
            topic="2025年度民主评议党员",
        )
    ids = [p.membership.pk for p in cast.people]
    url = f"/api/v1/party/meetings/{meeting.pk}/grades"
    body = (
        bearer(cast.officer_a)
        .post(
            url,
            {"grades": {str(ids[0]): "excellent", str(ids[1]): "excellent"}},
            content_type="application/json",
        )
        .json()
    )
    assert "超过党员总数3名的三分之一" in body["message"]
    body = (
        bearer(cast.officer_a)
        .post(
            url,
            {"grades": {str(ids[0]): "excellent", str(ids[1]): "qualified"}},
            content_type="application/json",
        )
        .json()
    )
    assert body == {"meeting_id": meeting.pk, "graded": 2, "excellent": 1}
    assert (
        bearer(cast.officer_b)
        .post(url, {"grades": {}}, content_type="application/json")
        .status_code
        == 404
    )
