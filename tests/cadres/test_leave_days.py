"""Sick and personal leave of more than half the assessment year gives no grade
(《公务员考核规定》（2020）第二十七条): the days are recorded, the rule decides."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.conftest import login
from tests.core.test_api import bearer
from zugong.cadres import rules
from zugong.cadres.models import AnnualAssessment
from zugong.cadres.services import assessments
from zugong.core.errors import ApplicationError
from zugong.core.models import AuditEntry
from zugong.core.scope import system_scope

D = dt.date


def test_half_the_year_is_the_years_own_length_halved():
    """2026 has 365 days: half is 182, so 183 days of leave give no grade and 182 do not;
    2028 has 366: half is 183."""
    assert rules.leave_half_year(2026) == 182
    assert rules.leave_exceeds_half_year(2026, 120, 63)
    assert not rules.leave_exceeds_half_year(2026, 120, 62)
    assert rules.leave_half_year(2028) == 183
    assert not rules.leave_exceeds_half_year(2028, 183, 0)
    assert rules.leave_exceeds_half_year(2028, 0, 184)
    assert rules.LEAVE_HALF_YEAR.source == "《公务员考核规定》（2020）第二十七条"


def test_a_place_counting_a_fixed_number_of_days_sets_it(settings):
    settings.ZUGONG_LEAVE_HALF_YEAR_DAYS = 125  # half of about 250 working days
    assert rules.leave_exceeds_half_year(2026, 100, 26)
    assert not rules.leave_exceeds_half_year(2026, 100, 25)


def test_leave_of_183_days_in_2026_refuses_a_grade_naming_the_days_and_the_article(cadres):
    with system_scope(), pytest.raises(ApplicationError) as error:
        assessments.annual_record(
            actor=None,
            cadre=cadres.cadre_a,
            year=2026,
            grade="competent",
            sick_leave_days=120,
            personal_leave_days=63,
        )
    message = error.value.message
    assert "病假120天、事假63天，累计183天" in message
    assert "超过考核年度半年（182天）" in message
    assert "《公务员考核规定》（2020）第二十七条" in message
    with system_scope():
        assert not AnnualAssessment.objects.exists()


def test_the_reason_is_set_from_the_days_without_the_officer_picking_it(cadres):
    with system_scope():
        record = assessments.annual_record(
            actor=None, cadre=cadres.cadre_a, year=2026, grade="", sick_leave_days=183
        )
    assert record.grade == "ungraded"
    assert record.ungraded_reason == "leave"
    assert (record.sick_leave_days, record.personal_leave_days) == (183, 0)


def test_leave_of_half_the_year_or_less_is_graded_and_is_no_reason_for_no_grade(cadres):
    with system_scope():
        graded = assessments.annual_record(
            actor=None,
            cadre=cadres.cadre_a,
            year=2025,
            grade="competent",
            sick_leave_days=100,
            personal_leave_days=82,
        )
        assert graded.grade == "competent"
        with pytest.raises(ApplicationError, match="合计182天，未超过考核年度半年（182天）"):
            assessments.annual_record(
                actor=None,
                cadre=cadres.cadre_b,
                year=2025,
                grade="ungraded",
                ungraded_reason="leave",
                sick_leave_days=182,
            )


def test_a_record_kept_before_the_days_were_recorded_stays_valid(cadres):
    """Existing records carry the reason without the days (both 0)."""
    with system_scope():
        record = assessments.annual_record(
            actor=None, cadre=cadres.cadre_a, year=2024, grade="ungraded", ungraded_reason="leave"
        )
    assert record.ungraded_reason == "leave"


@pytest.mark.parametrize(
    ("sick", "personal", "field", "text"),
    [
        (-1, 0, "sick_leave_days", "病假天数应为0至365的整数"),
        (0, 400, "personal_leave_days", "事假天数应为0至365的整数"),
        (200, 200, "sick_leave_days", "合计400天，超过2025年全年天数"),
    ],
)
def test_impossible_days_are_refused_naming_the_field(cadres, sick, personal, field, text):
    with system_scope(), pytest.raises(ApplicationError) as error:
        assessments.annual_record(
            actor=None,
            cadre=cadres.cadre_a,
            year=2025,
            grade="competent",
            sick_leave_days=sick,
            personal_leave_days=personal,
        )
    assert text in error.value.message
    assert error.value.details[0]["field"] == field


def test_the_api_records_the_days_and_answers_the_reason(cadres):
    client = bearer(cadres.admin)
    response = client.post(
        f"/api/v1/cadres/{cadres.cadre_a.pk}/assessments",
        {"year": 2026, "sick_leave_days": 90, "personal_leave_days": 93},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["grade"] == "ungraded"
    assert body["ungraded_reason"] == "leave"
    assert body["sick_leave_days"] == 90
    refused = client.post(
        f"/api/v1/cadres/{cadres.cadre_b.pk}/assessments",
        {"year": 2026, "grade": "excellent", "sick_leave_days": 183},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert "第二十七条" in refused.json()["message"]
    assert AuditEntry.objects.filter(action="cadres.assessment.saved").exists()


def test_another_townships_officer_cannot_record_leave(cadres):
    response = bearer(cadres.officer_b).post(
        f"/api/v1/cadres/{cadres.cadre_a.pk}/assessments",
        {"year": 2026, "sick_leave_days": 183},
        content_type="application/json",
    )
    assert response.status_code == 404


# ---------------------------------------------------------------- the single form


def test_one_record_names_no_row_and_says_to_leave_the_grade_blank(cadres):
    """Row numbers are for a batch or an import; one record's form shows the message
    beside 考核等次."""
    with system_scope(), pytest.raises(ApplicationError) as error:
        assessments.annual_record(
            actor=None,
            cadre=cadres.cadre_a,
            year=2025,
            grade="excellent",
            sick_leave_days=100,
            personal_leave_days=100,
        )
    message = error.value.message
    assert "第1行" not in message
    assert "韦立新" not in message
    assert message.startswith("2025年病假100天、事假100天，累计200天，超过考核年度半年（182天）")
    assert "不确定等次（《公务员考核规定》（2020）第二十七条）；考核等次请不选" in message
    assert error.value.details[0]["field"] == "grade"


def test_a_batch_still_names_the_row_and_the_cadre(cadres):
    with system_scope(), pytest.raises(ApplicationError) as error:
        assessments.annual_batch(
            actor=None,
            unit=cadres.town_a,
            year=2025,
            rows=[{"cadre": cadres.cadre_a, "grade": "excellent", "sick_leave_days": 200}],
        )
    assert error.value.message.startswith("第1行（韦立新）：2025年病假200天")


def test_the_quota_message_states_the_quota_and_how_many_over_when_it_is_zero(cadres):
    """One leader at 20%: the quota rounds to 0, so one 优秀 is one over."""
    assert rules.excellent_quota(1) == 0
    with system_scope(), pytest.raises(ApplicationError) as error:
        assessments.annual_record(actor=None, cadre=cadres.cadre_a, year=2025, grade="excellent")
    message = error.value.message
    assert "领导成员优秀1人，名额为0人，超过名额1人（参加考核1人的20%" in message
    assert "超过名额0人" not in message
    assert "第1行" not in message


def test_the_form_opens_with_no_grade_chosen(cadres):
    html = login(cadres.admin).get(reverse("admin:cadres_annualassessment_add")).content.decode()
    select = html.split('name="grade"')[1].split("</select>")[0]
    options = select.split("<option")[1:]
    assert 'value=""' in options[0]
    assert "selected" in options[0]
    assert "— 请选择 —" in options[0]
    assert not any("selected" in o for o in options[1:])
    assert any('value="excellent"' in o for o in options)


def test_the_form_refuses_a_grade_for_long_leave_naming_no_row(cadres):
    client = login(cadres.admin)
    data = {
        "cadre": cadres.cadre_a.pk,
        "year": 2025,
        "unit": cadres.town_a.pk,
        "sick_leave_days": 100,
        "personal_leave_days": 100,
    }
    refused = client.post(
        reverse("admin:cadres_annualassessment_add"), data | {"grade": "excellent"}
    )
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "累计200天，超过考核年度半年（182天）" in html
    assert "第1行" not in html
    saved = client.post(reverse("admin:cadres_annualassessment_add"), data | {"grade": ""})
    assert saved.status_code == 302, saved.content.decode()[:3000]
    with system_scope():
        record = AnnualAssessment.objects.get()
    assert (record.grade, record.ungraded_reason) == ("ungraded", "leave")
