"""The member's year-end review evidence: commitments fulfilled or not, the in-service
report and its hours; the democratic review's grade ceiling for a member of an organ
who has not reported (setting ZUGONG_DUAL_REPORT_APPRAISAL_CAP), refused with the
member's name; the evidence beside each member on the grading page and in the API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.conftest import _person, login, scope_of
from tests.core.test_api import bearer
from zugong.core.errors import ApplicationError
from zugong.core.scope import system_scope
from zugong.grassroots.models.organ import Commitment
from zugong.grassroots.models.urban import DualReport, ServiceRecord
from zugong.grassroots.selectors import review_evidence
from zugong.party.models import MemberReview
from zugong.party.services import meetings as meeting_services
from zugong.party.services import members as member_services

D = dt.date
TODAY = D(2026, 11, 24)


def member(person):
    return member_services.member_create(
        actor=None,
        person=person,
        data={"kind": "full", "joined_on": D(2010, 7, 1), "full_on": D(2011, 7, 1)},
    )


@pytest.fixture
def organ(gr):
    """区委办第一支部: 韦德明 (reported, 12.5 hours in 2025) and 黄丽萍 (not reported),
    both full members; 2025 commitments: 韦德明 one fulfilled, one never fulfilled."""
    c = gr
    with system_scope("tests"):
        c.unreported = _person(c.organ_branch, "黄丽萍", 81, birth=D(1988, 2, 2))
        c.members = {p.pk: member(p) for p in (c.organ_person, c.unreported)}
        c.report = DualReport.objects.create(
            person=c.organ_person,
            unit=c.organ_branch,
            community=c.community_a,
            reported_on=D(2025, 3, 1),
            confirmed_on=D(2025, 9, 1),
            category="governance",
        )
        for day, hours in ((D(2025, 4, 5), "8.5"), (D(2025, 10, 1), "4"), (D(2026, 2, 1), "3")):
            ServiceRecord.objects.create(
                report=c.report,
                served_on=day,
                hours=Decimal(hours),
                category="governance",
                content="社区环境整治",
            )
        c.kept = Commitment.objects.create(
            organization=c.organ_branch,
            person=c.organ_person,
            year=2025,
            category="duty",
            content="全年文电办理零差错",
            deadline=D(2025, 12, 31),
            progress=100,
            fulfilled_on=D(2025, 12, 20),
        )
        c.broken = Commitment.objects.create(
            organization=c.organ_branch,
            person=c.organ_person,
            year=2025,
            category="service",
            content="结对帮扶困难群众两户",
            deadline=D(2025, 10, 31),
            progress=50,
        )
        c.review = meeting_services.meeting_record(
            actor=None,
            organization=c.organ_branch,
            kind="member_review",
            held_on=D(2026, 1, 20),
            topic="2025年度民主评议党员",
        )
    return c


def test_the_evidence_lists_commitments_and_the_report(organ):
    with scope_of(organ.admin):
        evidence = review_evidence.member_evidence(
            [organ.organ_person.pk, organ.unreported.pk, organ.person_a.pk], 2025, TODAY
        )
    mine = evidence[organ.organ_person.pk]
    assert [c["content"] for c in mine["commitments"]] == [
        "结对帮扶困难群众两户",
        "全年文电办理零差错",
    ]
    assert mine["fulfilled"] == 1
    assert mine["unfulfilled"] == [{"id": organ.broken.pk, "content": "结对帮扶困难群众两户"}]
    assert mine["must_report"] is True
    assert mine["report"]["reported"] is True
    assert mine["report"]["hours"] == Decimal("12.5")  # 2026's three hours are not 2025's
    assert review_evidence.summary(mine) == (
        "承诺2项，已践诺1项；年底未践诺：结对帮扶困难群众两户；"
        "已到社区报到，本年服务12.5小时（目标50小时）"
    )
    assert evidence[organ.unreported.pk]["report"]["reported"] is False
    assert review_evidence.summary(evidence[organ.unreported.pk]) == "本年度无承诺；未到社区报到"
    assert evidence[organ.person_a.pk]["must_report"] is False  # a community's member
    with scope_of(organ.admin):  # before the year ends only the overdue ones count
        current = review_evidence.member_evidence([organ.organ_person.pk], 2025, D(2025, 11, 5))
    assert current[organ.organ_person.pk]["unfulfilled"] == [
        {"id": organ.broken.pk, "content": "结对帮扶困难群众两户"}
    ]


def test_the_grade_ceiling_follows_the_setting(organ, settings):
    ids = [organ.organ_person.pk, organ.unreported.pk, organ.person_a.pk]
    with scope_of(organ.officer_b):  # whoever asks: the ceiling does not depend on scope
        ceilings = review_evidence.grade_ceiling(ids, 2025)
    assert list(ceilings) == [organ.unreported.pk]
    grade, reason = ceilings[organ.unreported.pk]
    assert grade == "basically_qualified"
    assert reason == "未按要求到社区报到的在职党员，民主评议不能评为“合格”及以上等次"
    settings.ZUGONG_DUAL_REPORT_APPRAISAL_CAP = "qualified"
    grade, reason = review_evidence.grade_ceiling(ids, 2025)[organ.unreported.pk]
    assert grade == "qualified"
    assert "不能评为“优秀”及以上等次" in reason
    settings.ZUGONG_DUAL_REPORT_APPRAISAL_CAP = None
    assert review_evidence.grade_ceiling(ids, 2025) == {}


def grade(c, grades):
    ids = {p: m.pk for p, m in c.members.items()}
    with scope_of(c.admin):
        return meeting_services.review_grade(
            actor=c.admin,
            meeting=c.review,
            grades={ids[pid]: value for pid, value in grades.items()},
        )


def test_grading_refuses_qualified_to_a_member_who_has_not_reported(organ, settings):
    with pytest.raises(ApplicationError) as error:
        grade(organ, {organ.organ_person.pk: "qualified", organ.unreported.pk: "qualified"})
    assert error.value.field == "grades"
    assert error.value.message == (
        "黄丽萍：未按要求到社区报到的在职党员，民主评议不能评为“合格”及以上等次"
    )
    with system_scope():
        assert not MemberReview.objects.exists()
    grade(organ, {organ.organ_person.pk: "qualified", organ.unreported.pk: "basically_qualified"})
    settings.ZUGONG_DUAL_REPORT_APPRAISAL_CAP = None
    grade(organ, {organ.organ_person.pk: "qualified", organ.unreported.pk: "qualified"})
    with system_scope():
        assert MemberReview.objects.filter(grade="qualified").count() == 2


def test_the_grading_page_shows_the_evidence_and_refuses_in_chinese(organ):
    client = login(organ.admin)
    url = reverse("admin:party_meeting_grade", args=[organ.review.pk])
    page = client.get(url).content.decode()
    assert "已到社区报到，本年服务12.5小时（目标50小时）" in page
    assert "年底未践诺：结对帮扶困难群众两户" in page
    assert "本年度无承诺；未到社区报到" in page
    ids = {p: m.pk for p, m in organ.members.items()}
    response = client.post(
        url,
        {
            f"m{ids[organ.organ_person.pk]}": "qualified",
            f"m{ids[organ.unreported.pk]}": "qualified",
        },
    )
    assert "黄丽萍：未按要求到社区报到的在职党员" in response.content.decode()
    with system_scope():
        assert not MemberReview.objects.exists()


def test_the_evidence_through_the_api(organ):
    api = bearer(organ.admin)
    body = api.get(f"/api/v1/grassroots/review-evidence/{organ.organ_person.pk}/?year=2025").json()
    assert body["person_name"] == "韦德明"
    assert body["fulfilled"] == 1
    assert [u["content"] for u in body["unfulfilled"]] == ["结对帮扶困难群众两户"]
    assert body["report"]["hours"] == 12.5
    assert body["summary"].startswith("承诺2项，已践诺1项")
    assert (
        api.get(f"/api/v1/grassroots/review-evidence/{organ.organ_person.pk}/").status_code == 422
    )
    other = bearer(organ.officer_a)  # the district's organ is outside township A
    url = f"/api/v1/grassroots/review-evidence/{organ.organ_person.pk}/?year=2025"
    assert other.get(url).status_code == 404
