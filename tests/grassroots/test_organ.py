"""Organ party building: commitments and progress, pioneer posts by their steps, teams,
awards, organ units and members' meetings (services), the lists and the findings
(selectors), the back-office pages and the demo builder."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.conftest import _org, _person, login, scope_of
from tests.grassroots.rows_organ import make_rows
from zugong.core.errors import ApplicationError, PermissionDenied
from zugong.core.models import AuditEntry, OrgCategory, OrgKind
from zugong.core.scope import system_scope
from zugong.grassroots import capabilities as caps
from zugong.grassroots import demo_organ
from zugong.grassroots.models.organ import (
    CommandoTeam,
    Commitment,
    CommitmentProgress,
    OrganMembersMeeting,
    OrganUnit,
    PioneerPost,
    ServiceAward,
)
from zugong.grassroots.selectors import organ as selectors
from zugong.grassroots.services import organ as services
from zugong.party.services import committees as committee_services
from zugong.party.services import members as member_services

D = dt.date
TODAY = D(2026, 11, 24)


@pytest.fixture
def rows(gr):
    with system_scope("tests"):
        make_rows(gr)
    return gr


def member(person, kind="full"):
    data = {"kind": kind, "joined_on": D(2010, 7, 1)}
    if kind == "full":
        data["full_on"] = D(2011, 7, 1)
    return member_services.member_create(actor=None, person=person, data=data)


def commit(c, **changes):
    data = {
        "actor": c.secretary,
        "organization": c.branch_a,
        "person": c.person_a,
        "year": 2026,
        "category": "service",
        "content": "为社区老人义务理发",
        "deadline": D(2026, 12, 31),
        "today": TODAY,
    }
    data.update(changes)
    with scope_of(data["actor"]):
        return services.commitment_create(**data)


# Commitments --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"deadline": D(2027, 1, 10)}, "deadline", "不在2026年度内"),
        ({"deadline": D(2026, 11, 23)}, "deadline", "早于今天"),
        ({"category": "sport"}, "category", "请选择承诺类别"),
        ({"content": "  "}, "content", "请填写承诺事项"),
        ({"year": 1990, "deadline": D(1990, 12, 31)}, "year", "年度1990不正确"),
    ],
)
def test_bad_commitments_are_refused(gr, changes, field, message):
    with pytest.raises(ApplicationError) as error:
        commit(gr, **changes)
    assert error.value.field == field
    assert message in error.value.message
    with system_scope():
        assert not Commitment.objects.exists()


def test_a_commitment_names_a_member_of_the_organization(gr):
    with pytest.raises(ApplicationError) as error:
        commit(gr, person=gr.person_a2)  # 李建华 belongs to 榕山社区
    assert error.value.field == "person"
    assert "不是“中共金水社区支部委员会”的党员" in error.value.message
    with pytest.raises(PermissionDenied):
        commit(gr, organization=gr.branch_a2, person=gr.person_a2)  # not the secretary's


def test_progress_never_goes_down_without_a_reason_and_100_fulfils(gr):
    commitment = commit(gr)
    with scope_of(gr.secretary):

        def record(**data):
            base = {"recorded_on": D(2026, 11, 1), "description": "已理发十人次", "today": TODAY}
            return services.progress_record(
                actor=gr.secretary, commitment=commitment, **{**base, **data}
            )

        record(progress=100, recorded_on=D(2026, 11, 10))
        commitment.refresh_from_db()
        assert commitment.fulfilled_on == D(2026, 11, 10)
        with pytest.raises(ApplicationError) as error:
            record(progress=80)
        assert error.value.field == "reason"
        assert "进度由100%降为80%，须说明进度回调原因" in error.value.message
        with pytest.raises(ApplicationError) as error:
            record(progress=101)
        assert error.value.field == "progress"
        with pytest.raises(ApplicationError) as error:
            record(progress=100, recorded_on=D(2026, 11, 25))
        assert error.value.field == "recorded_on"
        with pytest.raises(ApplicationError) as error:
            record(progress=100, evidence=SimpleUploadedFile("x.exe", b"MZ"))
        assert error.value.field == "evidence"
        done = record(progress=80, reason="部分服务对象未签字确认", recorded_on=D(2026, 11, 20))
        assert "进度回调原因：部分服务对象未签字确认" in done.description
        commitment.refresh_from_db()
        assert (commitment.progress, commitment.fulfilled_on) == (80, None)
        record(progress=100, recorded_on=D(2026, 11, 22))
        commitment.refresh_from_db()
        assert commitment.fulfilled_on == D(2026, 11, 22)
    with system_scope():
        assert CommitmentProgress.objects.filter(commitment=commitment).count() == 3
        assert AuditEntry.objects.filter(action=caps.ORGAN_SAVED).count() == 4


def test_overdue_and_unfulfilled_lists(gr):
    early = commit(gr, deadline=D(2026, 3, 31), today=D(2026, 1, 5))
    late = commit(gr, deadline=D(2026, 12, 31), content="带头参加社区志愿服务")
    with scope_of(gr.officer_a):
        assert list(selectors.commitments_overdue(TODAY)) == [early]
        assert list(selectors.commitments_unfulfilled(2026, TODAY)) == []  # year not over
        after = D(2027, 1, 10)
        assert list(selectors.commitments_overdue(after)) == [early, late]
        assert set(selectors.commitments_unfulfilled(2026, after)) == {early, late}
    with scope_of(gr.officer_b):
        assert list(selectors.commitments_unfulfilled(2026, D(2027, 1, 10))) == []


# Pioneer posts ------------------------------------------------------------------------


def test_pioneer_posts_go_one_step_at_a_time_and_the_committee_approves(gr, settings):
    with scope_of(gr.secretary):
        with pytest.raises(ApplicationError) as error:
            services.pioneer_declare(
                actor=gr.secretary,
                organization=gr.branch_a,
                kind="individual",
                post_name="便民服务岗",
                declared_on=D(2026, 3, 1),
            )
        assert error.value.field == "person"
        with pytest.raises(ApplicationError) as error:
            services.pioneer_declare(
                actor=gr.secretary,
                organization=gr.branch_a,
                kind="collective",
                person=gr.person_a,
                post_name="便民服务岗",
                declared_on=D(2026, 3, 1),
            )
        assert error.value.field == "person"
        post = services.pioneer_declare(
            actor=gr.secretary,
            organization=gr.branch_a,
            kind="individual",
            person=gr.person_a,
            post_name="便民服务岗",
            declared_on=D(2026, 3, 1),
        )
        assert post.step == "self_declared"
        with pytest.raises(ApplicationError) as error:
            services.pioneer_advance(actor=gr.secretary, post=post, on=D(2026, 2, 1))
        assert "早于申报日期" in error.value.message
        post = services.pioneer_advance(actor=gr.secretary, post=post, on=D(2026, 3, 10))
        post = services.pioneer_advance(actor=gr.secretary, post=post, on=D(2026, 3, 20))
        assert post.step == "branch_recommended"
        with pytest.raises(PermissionDenied):  # the organ committee's step
            services.pioneer_advance(actor=gr.secretary, post=post, on=D(2026, 4, 1))
    with scope_of(gr.officer_a):
        post = services.pioneer_advance(actor=gr.officer_a, post=post, on=D(2026, 4, 1))
        assert (post.step, post.approved_on, post.term_ends_on) == (
            "committee_approved",
            D(2026, 4, 1),
            D(2028, 3, 31),
        )
        with pytest.raises(ApplicationError) as error:
            services.pioneer_advance(actor=gr.officer_a, post=post, on=D(2026, 5, 1))
        assert "没有下一环节" in error.value.message
    settings.ZUGONG_PIONEER_TERM_YEARS = 3
    with system_scope():
        other = services.pioneer_declare(
            actor=None,
            organization=gr.branch_a,
            kind="collective",
            post_name="社区网格先锋岗",
            declared_on=D(2026, 1, 5),
        )
        for day in (D(2026, 1, 6), D(2026, 1, 7), D(2026, 1, 8)):
            other = services.pioneer_advance(actor=None, post=other, on=day)
    assert other.term_ends_on == D(2029, 1, 7)


def test_expiring_and_expired_posts(gr):
    with system_scope():
        posts = {}
        for name, named in (("即将届满岗", D(2024, 12, 1)), ("已届满岗", D(2024, 6, 1))):
            post = services.pioneer_declare(
                actor=None,
                organization=gr.branch_a,
                kind="collective",
                post_name=name,
                declared_on=named - dt.timedelta(days=30),
            )
            for day in (named - dt.timedelta(days=20), named - dt.timedelta(days=10), named):
                post = services.pioneer_advance(actor=None, post=post, on=day)
            posts[name] = post
        fresh = services.pioneer_declare(
            actor=None,
            organization=gr.branch_a,
            kind="collective",
            post_name="新申报岗",
            declared_on=D(2026, 10, 1),
        )
    with scope_of(gr.officer_a):
        rows = selectors.pioneer_expiring(TODAY)
    assert [(r["post"].post_name, r["state"]) for r in rows] == [
        ("已届满岗", "expired"),
        ("即将届满岗", "expiring"),
    ]
    assert posts["即将届满岗"].term_ends_on == D(2026, 11, 30)
    assert fresh.pk not in [r["post"].pk for r in rows]


# Teams, awards, units and meetings ------------------------------------------------------


def test_teams_awards_units_and_meetings(gr):
    with scope_of(gr.secretary):
        with pytest.raises(ApplicationError) as error:
            services.team_save(
                actor=gr.secretary,
                organization=gr.branch_a,
                name="抗疫突击队",
                task="核酸检测",
                starts_on=D(2026, 5, 1),
                ends_on=D(2026, 4, 1),
            )
        assert error.value.field == "ends_on"
        with pytest.raises(ApplicationError) as error:
            services.team_save(
                actor=gr.secretary,
                organization=gr.branch_a,
                name="抗疫突击队",
                task="核酸检测",
                starts_on=D(2026, 5, 1),
                members=[gr.person_a2],
            )
        assert error.value.field == "members"
        team = services.team_save(
            actor=gr.secretary,
            organization=gr.branch_a,
            name="抗疫突击队",
            task="核酸检测",
            starts_on=D(2026, 5, 1),
            leader=gr.person_a,
            members=[gr.person_a],
        )
        team = services.team_save(
            actor=gr.secretary,
            team=team,
            name="抗疫突击队",
            task="核酸检测",
            starts_on=D(2026, 5, 1),
            ends_on=D(2026, 5, 20),
            result="完成检测二千人次",
            members=[gr.person_a],
        )
        assert team.result == "完成检测二千人次"
        with pytest.raises(PermissionDenied):  # awards are conferred, not self-declared
            services.award_grant(
                actor=gr.secretary, organization=gr.branch_a, year=2026, title="服务群众标兵"
            )
    with scope_of(gr.officer_a):
        services.award_grant(
            actor=gr.officer_a,
            organization=gr.branch_a,
            person=gr.person_a,
            year=2026,
            title="服务群众标兵",
        )
    with scope_of(gr.admin):
        with pytest.raises(ApplicationError) as error:
            services.organ_unit_save(
                actor=gr.admin,
                organization=gr.branch_a,
                unit_name="金水社区",
                staff=10,
                partywork_staff=1,
            )
        assert "不是机关党组织" in error.value.message
        with pytest.raises(ApplicationError) as error:
            services.organ_unit_save(
                actor=gr.admin,
                organization=gr.organ,
                unit_name="区委办",
                staff=10,
                partywork_staff=11,
            )
        assert error.value.field == "partywork_staff"
        with pytest.raises(ApplicationError) as error:
            services.members_meeting_record(
                actor=gr.admin,
                organization=gr.organ,
                held_on=D(2026, 12, 1),
                topic="述职",
                today=TODAY,
            )
        assert error.value.field == "held_on"
    with system_scope():
        assert CommandoTeam.objects.count() == 1
        assert ServiceAward.objects.count() == 1
        assert not OrganUnit.objects.exists()
        assert not OrganMembersMeeting.objects.exists()


def test_findings_structure_meetings_and_staffing(gr):
    with system_scope():
        people = [gr.organ_person] + [
            _person(gr.organ_branch, name, seq, birth=D(1980, 1, 1))
            for name, seq in (
                ("韦海燕", 71),
                ("黄志强", 72),
                ("蒙丽华", 73),
                ("覃家宝", 74),
                ("陆金凤", 75),
                ("廖文杰", 76),
            )
        ]
        for person in people:
            member(person)
        small = _org(
            gr.organ,
            "中共区委办公室第二支部委员会",
            "450312JG0102",
            OrgKind.BRANCH,
            OrgCategory.ORGAN,
        )
        member(_person(small, "石小梅", 77))
        services.organ_unit_save(
            actor=None, organization=gr.organ, unit_name="区委办公室", staff=250, partywork_staff=2
        )
        services.organ_unit_save(
            actor=None, organization=small, unit_name="区委机要局", staff=8, partywork_staff=0
        )
    with scope_of(gr.admin):
        data = selectors.findings(2026)
    codes = {r["organization"].name: [f.code for f in r["findings"]] for r in data["structure"]}
    assert codes["中共区委办公室第一支部委员会"] == ["branch_committee_needed"]
    assert codes["中共区委办公室第二支部委员会"] == ["branch_too_few_full"]
    assert codes["中共临桂区委办公室机关委员会"] == ["committee_small"]
    assert [r["organization"].name for r in data["meetings_missing"]] == [
        "中共临桂区委办公室机关委员会",
        "中共区委办公室第二支部委员会",
    ]
    staffing = {r["unit"].unit_name: r["finding"] for r in data["staffing"]}
    assert staffing["区委办公室"].code == "partywork_staff_low"  # 250 → 3 to 5
    assert staffing["区委机要局"].code == "no_partywork_staff"
    with system_scope():
        services.members_meeting_record(
            actor=None, organization=gr.organ, held_on=D(2026, 3, 1), topic="述职"
        )
        committee_services.committee_elect(
            actor=None,
            organization=gr.organ_branch,
            elected_on=D(2025, 1, 10),
            seats=[(people[0], "secretary"), (people[1], "organization"), (people[2], "publicity")],
        )
        services.organ_unit_save(
            actor=None, organization=gr.organ, unit_name="区委办公室", staff=250, partywork_staff=3
        )
    with scope_of(gr.admin):
        data = selectors.findings(2026)
        assert [r["organization"].name for r in data["meetings_missing"]] == [
            "中共区委办公室第二支部委员会"
        ]
        assert [r["unit"].unit_name for r in data["staffing_flagged"]] == ["区委机要局"]
        flagged = [r["organization"].name for r in data["structure_flagged"]]
        assert "中共区委办公室第一支部委员会" not in flagged
    with scope_of(gr.officer_a):  # the district's organs are outside township A
        data = selectors.findings(2026)
        assert data["structure"] == []
        assert data["staffing"] == []
        assert data["meetings"] == []


# Back office --------------------------------------------------------------------------


PAGES = [
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


def test_the_department_opens_every_page(rows):
    client = login(rows.admin)
    for name in PAGES:
        assert client.get(reverse(name)).status_code == 200, name
    findings = client.get(reverse("admin:grassroots_organunit_findings")).content.decode()
    assert "按1%至2%的比例应配备2至2名" in findings  # 120 staff, 1 party worker
    for obj, name in (
        (rows.organ_commitment, "commitment"),
        (rows.organ_post, "pioneerpost"),
        (rows.organ_team, "commandoteam"),
        (rows.organ_award, "serviceaward"),
        (rows.organ_unit, "organunit"),
        (rows.organ_meeting, "organmembersmeeting"),
    ):
        url = reverse(f"admin:grassroots_{name}_change", args=[obj.pk])
        assert client.get(url).status_code == 200, url


def test_the_secretary_records_progress_and_prints_the_display(rows):
    client = login(rows.secretary)
    url = reverse("admin:grassroots_commitment_record_progress", args=[rows.organ_commitment_a.pk])
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(
        url,
        {
            "recorded_on": "2026-11-23",
            "progress": "40",
            "description": "补记走访",
            "evidence": SimpleUploadedFile("照片.jpg", b"\xff\xd8\xff", "image/jpeg"),
        },
    )
    assert "须说明进度回调原因" in response.content.decode()  # 60 → 40
    response = client.post(
        url, {"recorded_on": "2026-11-23", "progress": "100", "description": "全部完成"}
    )
    assert response.status_code == 302
    with system_scope():
        rows.organ_commitment_a.refresh_from_db()
        assert rows.organ_commitment_a.fulfilled_on == D(2026, 11, 23)
    display = reverse("admin:grassroots_commitment_display")
    assert "中共金水社区支部委员会" in client.get(display).content.decode()
    printed = client.get(f"{display}?organization={rows.branch_a.pk}&year=2026").content.decode()
    assert "@media print" in printed
    assert "每月走访困难党员群众不少于两户" in printed
    assert "建成金水社区党群服务站" in printed  # the branch's own commitment
    assert client.get(f"{display}?organization={rows.organ_branch.pk}").status_code == 404
    # The post's branch steps are offered; the approval is not the secretary's.
    post = reverse("admin:grassroots_pioneerpost_change", args=[rows.organ_post_a.pk])
    content = client.get(post).content.decode()
    assert reverse("admin:grassroots_pioneerpost_advance", args=[rows.organ_post_a.pk]) in content
    approve = reverse("admin:grassroots_pioneerpost_approve", args=[rows.organ_post_a.pk])
    assert approve not in content
    assert client.get(approve).status_code == 403


def test_adding_a_commitment_in_the_admin_shows_the_reason(rows):
    client = login(rows.secretary)
    data = {
        "organization": rows.branch_a.pk,
        "person": rows.person_a.pk,
        "year": "2026",
        "category": "conduct",
        "content": "不迟到不早退",
        "deadline": "2026-10-01",
        "records-TOTAL_FORMS": "0",
        "records-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("admin:grassroots_commitment_add"), data)
    assert "完成时限2026-10-01早于今天" in response.content.decode()
    response = client.post(
        reverse("admin:grassroots_commitment_add"), {**data, "deadline": "2026-12-30"}
    )
    assert response.status_code == 302
    with system_scope():
        assert Commitment.objects.filter(content="不迟到不早退").count() == 1


def test_the_demo_builder_runs_on_the_cast(gr):
    with system_scope():
        for person in (gr.organ_person, gr.person_a):
            member(person)
        line = demo_organ.build(random.Random(7), TODAY)
        assert "承诺" in line
        assert Commitment.objects.exists()
        assert PioneerPost.objects.exists()


def test_the_findings_read_a_fixed_number_of_queries(rows, django_assert_max_num_queries):
    with system_scope():
        for i in range(5):
            extra = _org(
                rows.organ,
                f"中共区委办公室第{i + 3}支部委员会",
                f"450312JG01{i + 3:02d}",
                OrgKind.BRANCH,
                OrgCategory.ORGAN,
            )
            services.organ_unit_save(
                actor=None, organization=extra, unit_name=f"科室{i}", staff=30, partywork_staff=0
            )
    with scope_of(rows.admin), django_assert_max_num_queries(7):
        data = selectors.findings(2026)
    assert len(data["staffing"]) == 6
    # Seven queries whatever the number of organs: organizations, grouped member counts,
    # committees, units' organizations, the meeting holders, grouped meetings, units.
