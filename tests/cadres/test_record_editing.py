"""The cadre record edited in the browser: education, résumé, family, rewards and the
appointment form, through their services, audited, with the .lrmx import's checks;
another township's officer gets 404, the read-only leader is offered nothing."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.conftest import login
from zugong.cadres.models import (
    AppointmentForm,
    Education,
    FamilyMember,
    ResumeEntry,
    RewardPunishment,
)
from zugong.core.models import AuditEntry, Role
from zugong.core.scope import system_scope
from zugong.core.services import access as access_services

D = dt.date
TABLE_PAGES = {
    "education": "edit_education",
    "resume": "edit_resume",
    "family": "edit_family",
    "rewards": "edit_rewards",
}
ALL_PAGES = [*TABLE_PAGES.values(), "edit_appointment_form"]


def url(cast, name):
    return reverse(f"admin:cadres_cadre_{name}", args=[cast.cadre_a.pk])


def table_post(prefix, rows, initial=0):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{i}-{key}"] = value
    return data


def record_audits(user):
    return AuditEntry.objects.filter(action="cadres.record.saved", actor=user)


def resume_rows(cadre):
    with system_scope():
        return [(e.order, e.start, e.end, e.text) for e in ResumeEntry.objects.filter(cadre=cadre)]


def test_the_township_officer_edits_the_resume_and_it_is_audited(cadres):
    client = login(cadres.officer_a)
    page = client.get(reverse("admin:cadres_cadre_change", args=[cadres.cadre_a.pk]))
    html = page.content.decode()
    for name in ALL_PAGES:
        assert url(cadres, name) in html, name
    assert client.get(url(cadres, "edit_resume")).status_code == 200
    before = record_audits(cadres.officer_a).count()
    response = client.post(
        url(cadres, "edit_resume"),
        table_post(
            "resume",
            [
                # Entered out of order: saved in time order.
                {"start": "2010.03", "end": "", "text": "临桂镇人民政府副镇长"},
                {"start": "2007.07", "end": "2010.01", "text": "临桂镇人民政府科员"},
            ],
        ),
        follow=True,
    )
    # Back on the cadre record, at the résumé's tab.
    assert response.redirect_chain[-1][0] == (
        reverse("admin:cadres_cadre_change", args=[cadres.cadre_a.pk]) + "#resume"
    )
    assert resume_rows(cadres.cadre_a) == [
        (1, D(2007, 7, 1), D(2010, 1, 1), "临桂镇人民政府科员"),
        (2, D(2010, 3, 1), None, "临桂镇人民政府副镇长"),
    ]
    # A gap is kept and reported, as the import does.
    text = response.content.decode()
    assert "简历第1段与第2段之间断档：2010.01至2010.03" in text
    assert record_audits(cadres.officer_a).count() == before + 1
    entry = record_audits(cadres.officer_a).latest("id")
    assert entry.changes["table"] == "简历"
    assert len(entry.changes["added"]) == 2


def test_an_overlap_in_the_resume_is_refused_and_nothing_is_written(cadres):
    client = login(cadres.officer_a)
    response = client.post(
        url(cadres, "edit_resume"),
        table_post(
            "resume",
            [
                {"start": "2007.07", "end": "2010.06", "text": "临桂镇人民政府科员"},
                {"start": "2010.03", "end": "", "text": "临桂镇人民政府副镇长"},
            ],
        ),
    )
    assert response.status_code == 200
    assert "简历第1段与第2段时间重叠：2010.03早于2010.06" in response.content.decode()
    assert resume_rows(cadres.cadre_a) == []
    assert not record_audits(cadres.officer_a).exists()


def test_an_open_period_before_a_later_one_is_refused(cadres):
    response = login(cadres.officer_a).post(
        url(cadres, "edit_resume"),
        table_post(
            "resume",
            [
                {"start": "2007.07", "end": "", "text": "临桂镇人民政府科员"},
                {"start": "2010.03", "end": "", "text": "临桂镇人民政府副镇长"},
            ],
        ),
    )
    assert "简历第1段没有截止年月，但其后还有经历" in response.content.decode()
    assert resume_rows(cadres.cadre_a) == []


def test_the_resume_is_recut_in_one_step(cadres):
    client = login(cadres.officer_a)
    client.post(
        url(cadres, "edit_resume"),
        table_post(
            "resume",
            [
                {"start": "2007.07", "end": "2010.03", "text": "临桂镇人民政府科员"},
                {"start": "2010.03", "end": "", "text": "临桂镇人民政府副镇长"},
            ],
        ),
    )
    with system_scope():
        first, second = ResumeEntry.objects.filter(cadre=cadres.cadre_a)
    # Moving the boundary means changing both rows: checked as a whole, no false overlap.
    response = client.post(
        url(cadres, "edit_resume"),
        table_post(
            "resume",
            [
                {
                    "id": first.pk,
                    "start": "2007.07",
                    "end": "2012.05",
                    "text": "临桂镇人民政府科员",
                },
                {"id": second.pk, "start": "2012.05", "end": "", "text": "临桂镇人民政府副镇长"},
            ],
            initial=2,
        ),
    )
    assert response.status_code == 302
    assert resume_rows(cadres.cadre_a)[0][2] == D(2012, 5, 1)
    entry = record_audits(cadres.officer_a).latest("id")
    assert entry.changes["changed"][0]["end"] == {"old": "2010-03-01", "new": "2012-05-01"}


def test_a_resume_starting_before_twelve_is_reported_as_the_import_does(cadres):
    # 韦立新 was born in 1985.04: a résumé from 1996 is a 三龄两历 finding.
    response = login(cadres.officer_a).post(
        url(cadres, "edit_resume"),
        table_post("resume", [{"start": "1996.09", "end": "", "text": "临桂镇中学学生"}]),
        follow=True,
    )
    assert "简历起始年月早于12周岁" in response.content.decode()


def test_family_birth_months_are_read_and_shown_as_on_the_form(cadres):
    client = login(cadres.officer_a)
    response = client.post(
        url(cadres, "edit_family"),
        table_post(
            "family",
            [
                {
                    "relation": "妻子",
                    "name": "覃小燕",
                    "birth_month": "1986.09",
                    "political_status": "中共党员",
                    "unit_post": "临桂区第一中学教师",
                },
                {"relation": "父亲", "name": "韦国强", "birth_month": "195803"},
            ],
        ),
    )
    assert response.status_code == 302
    with system_scope():
        months = list(
            FamilyMember.objects.filter(cadre=cadres.cadre_a).values_list("birth_month", flat=True)
        )
    assert months == ["198609", "195803"]
    page = client.get(reverse("admin:cadres_cadre_change", args=[cadres.cadre_a.pk]))
    html = page.content.decode()
    assert "1986.09" in html
    assert "198609" not in html


def test_a_bad_family_birth_month_names_the_row_and_field(cadres):
    response = login(cadres.officer_a).post(
        url(cadres, "edit_family"),
        table_post("family", [{"relation": "妻子", "name": "覃小燕", "birth_month": "1986年13月"}]),
    )
    text = response.content.decode()
    assert "第1行：出生年月“1986年13月”应为年月" in text
    with system_scope():
        assert not FamilyMember.objects.filter(cadre=cadres.cadre_a).exists()


def test_education_rows_are_added_changed_and_deleted(cadres):
    client = login(cadres.officer_a)
    client.post(
        url(cadres, "edit_education"),
        table_post(
            "education",
            [
                {
                    "kind": "full_time",
                    "education": "大学本科",
                    "degree": "法学学士",
                    "education_school": "广西师范大学法学院法学专业",
                    "graduated_on": "2007-06-30",
                    "is_highest": "on",
                },
                {"kind": "in_service", "education": "研究生", "is_highest": "on"},
            ],
        ),
    )
    with system_scope():
        full, service = Education.objects.filter(cadre=cadres.cadre_a).order_by("kind")
    # The code follows the name when left empty, as in the import.
    assert full.education_code == "21"
    response = client.post(
        url(cadres, "edit_education"),
        table_post(
            "education",
            [
                {
                    "id": full.pk,
                    "kind": "full_time",
                    "education": "大学本科",
                    "degree": "法学学士",
                    "education_school": "广西师范大学法学院法学专业",
                    "education_code": "21",
                    "graduated_on": "2007-06-30",
                    "is_highest": "on",
                },
                {"id": service.pk, "kind": "in_service", "education": "研究生", "DELETE": "on"},
            ],
            initial=2,
        ),
    )
    assert response.status_code == 302
    with system_scope():
        assert list(Education.objects.filter(cadre=cadres.cadre_a)) == [full]
    assert record_audits(cadres.officer_a).latest("id").changes["deleted"] == ["研究生"]


def test_a_full_time_graduation_after_starting_work_is_reported(cadres):
    # Work started 2007.07; graduating full time in 2008 is a 三龄两历 finding.
    response = login(cadres.officer_a).post(
        url(cadres, "edit_education"),
        table_post(
            "education",
            [{"kind": "full_time", "education": "大学本科", "graduated_on": "2008-06-30"}],
        ),
        follow=True,
    )
    assert "全日制教育毕业时间2008.06晚于参加工作时间2007.07" in response.content.decode()


def test_a_reward_in_the_future_is_refused(cadres):
    client = login(cadres.officer_a)
    response = client.post(
        url(cadres, "edit_rewards"),
        table_post("rewards", [{"kind": "reward", "name": "嘉奖", "on": "2026-12-20"}]),
    )
    assert "第1行：时间2026.12晚于今天" in response.content.decode()
    ok = client.post(
        url(cadres, "edit_rewards"),
        table_post(
            "rewards",
            [{"kind": "reward", "name": "嘉奖", "on": "2025-02-10", "issuer": "临桂区人民政府"}],
        ),
    )
    assert ok.status_code == 302
    with system_scope():
        assert RewardPunishment.objects.get(cadre=cadres.cadre_a).name == "嘉奖"


def test_the_appointment_form_is_filled_in_for_printing(cadres):
    client = login(cadres.officer_a)
    data = {
        "proposed_post": "临桂镇党委副书记",
        "proposed_removal": "临桂镇副镇长",
        "reason": "工作需要",
        "reporting_unit": "中共临桂镇委员会",
        "filled_by": "王明",
        "filled_on": "2026.11",
    }
    response = client.post(url(cadres, "edit_appointment_form"), data)
    assert response.status_code == 302
    with system_scope():
        form = AppointmentForm.objects.get(cadre=cadres.cadre_a)
    assert (form.proposed_post, form.filled_on) == ("临桂镇党委副书记", "202611")
    entry = record_audits(cadres.officer_a).latest("id")
    assert entry.changes["proposed_post"] == {"old": "", "new": "临桂镇党委副书记"}
    # A second save changes the same form, not a new one.
    client.post(url(cadres, "edit_appointment_form"), {**data, "reason": "工作需要，经考察"})
    with system_scope():
        assert AppointmentForm.objects.get(cadre=cadres.cadre_a).reason == "工作需要，经考察"
    pdf = client.get(reverse("admin:cadres_cadre_print_form", args=[cadres.cadre_a.pk]))
    assert pdf.status_code in (200, 403)  # printing needs the export capability


def test_a_bad_form_month_is_refused_with_its_field(cadres):
    response = login(cadres.officer_a).post(
        url(cadres, "edit_appointment_form"),
        {"proposed_post": "临桂镇党委副书记", "filled_on": "2026年13"},
    )
    assert "填表时间“2026年13”应为六位年月或八位年月日" in response.content.decode()
    with system_scope():
        assert not AppointmentForm.objects.filter(cadre=cadres.cadre_a).exists()


@pytest.mark.parametrize("name", ALL_PAGES)
def test_another_townships_officer_gets_404(cadres, name):
    client = login(cadres.officer_b)
    assert client.get(url(cadres, name)).status_code == 404
    assert client.post(url(cadres, name), {}).status_code == 404


def test_the_leader_is_offered_no_edit_and_is_refused(cadres):
    client = login(cadres.leader)
    html = client.get(
        reverse("admin:cadres_cadre_change", args=[cadres.cadre_a.pk])
    ).content.decode()
    assert "韦立新" in html
    for name in ALL_PAGES:
        assert url(cadres, name) not in html, name
        assert client.get(url(cadres, name)).status_code in (403, 404)
    response = client.post(
        url(cadres, "edit_resume"),
        table_post("resume", [{"start": "2007.07", "end": "", "text": "临桂镇人民政府科员"}]),
    )
    assert response.status_code in (403, 404)
    assert resume_rows(cadres.cadre_a) == []


def test_an_officer_elsewhere_is_not_offered_change_actions_on_a_cadre_he_only_reads(cadres):
    """Leader of the district and officer of 六塘镇: on 临桂镇's cadre only reading."""
    with system_scope():
        access_services.role_grant(
            actor=None,
            user=cadres.officer_b,
            role=Role.objects.get(code="leader"),
            organization=cadres.district,
        )
    client = login(cadres.officer_b)
    html = client.get(
        reverse("admin:cadres_cadre_change", args=[cadres.cadre_a.pk])
    ).content.decode()
    assert reverse("admin:cadres_cadre_review", args=[cadres.cadre_a.pk]) in html
    for name in [
        "add_position",
        "end_position",
        "set_rank",
        "set_staff_grade",
        "upload_photo",
        *ALL_PAGES,
    ]:
        assert url(cadres, name) not in html, name
    own = client.get(
        reverse("admin:cadres_cadre_change", args=[cadres.cadre_b.pk])
    ).content.decode()
    assert reverse("admin:cadres_cadre_add_position", args=[cadres.cadre_b.pk]) in own


def test_row_numbers_in_messages_are_the_pages_even_after_a_deleted_row(cadres):
    client = login(cadres.officer_a)
    client.post(
        url(cadres, "edit_family"),
        table_post("family", [{"relation": "父亲", "name": "韦国强", "birth_month": "195803"}]),
    )
    with system_scope():
        father = FamilyMember.objects.get(cadre=cadres.cadre_a)
    response = client.post(
        url(cadres, "edit_family"),
        table_post(
            "family",
            [
                {"id": father.pk, "relation": "父亲", "name": "韦国强", "DELETE": "on"},
                {"relation": "母亲", "name": "黄玉兰", "birth_month": "19601"},
            ],
            initial=1,
        ),
    )
    assert "第2行：出生年月“19601”应为年月" in response.content.decode()
    with system_scope():
        assert list(FamilyMember.objects.filter(cadre=cadres.cadre_a)) == [father]


def test_the_resume_tab_shows_months_as_on_the_form(cadres):
    client = login(cadres.officer_a)
    client.post(
        url(cadres, "edit_resume"),
        table_post("resume", [{"start": "2007.07", "end": "", "text": "临桂镇人民政府科员"}]),
    )
    html = client.get(reverse("admin:cadres_cadre_change", args=[cadres.cadre_a.pk])).content
    text = html.decode().split('id="resume-group"', 1)[1].split("</table>", 1)[0]
    assert "2007.07" in text
    assert "至今" in text
    assert "2007-07-01" not in text
