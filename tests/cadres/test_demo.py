"""The demo district's cadres are realistic: consistent records, teams some of which lack
structure, a few active bars, and each township officer sees only their own."""

import pytest
from django.core.management import call_command

from tests.conftest import login
from zugong.cadres import rules, selectors
from zugong.cadres.models import (
    AnnualAssessment,
    AppointmentForm,
    AppointmentNotice,
    Cadre,
    LeadingGroup,
)
from zugong.cadres.services import notices
from zugong.core.models import User
from zugong.core.scope import system_scope


@pytest.mark.django_db
def test_demo_cadres(capsys):
    call_command("demo", "--persons", "300")
    assert "干部" in capsys.readouterr().out
    with system_scope():
        cadres = list(selectors.with_details(Cadre.objects.all()))
        assert 370 <= len(cadres) <= 430
        # Records pass the cadre office's own checks.
        problems = {c.person.name: selectors.record_problems(c) for c in cadres}
        assert not {k: v for k, v in problems.items() if v}
        # 优秀 stays within the quota in every unit, year and group.
        for unit_id, year in set(AnnualAssessment.objects.values_list("unit_id", "year")):
            for row in selectors.excellent_quota_check(unit_id, year):
                assert not row["over"], (unit_id, year, row)
        teams = selectors.team_structures()
        lacking = [t for t in teams if t["structure"].warnings]
        assert 0 < len(lacking) < len(teams)
        assert not [r for r in selectors.retiring_within(12) if r["overdue"]]  # none past it
        assert selectors.barred_now()
        assert selectors.overdue_inquiries().exists()
        assert LeadingGroup.objects.count() == len(teams)
        # 任前公示: some running, one ended with its objection handled.
        assert AppointmentNotice.objects.filter(status="open").exists()
        assert AppointmentNotice.objects.filter(status="passed", objections__isnull=False).exists()
        # Each a real promotion: the post proposed is above the post held, never the same.
        for notice in AppointmentNotice.objects.select_related("cadre__person"):
            held = notices.current_post_of(notice.cadre, notice.starts_on)
            assert held, notice.pk
            assert held != notice.proposed_post, notice.pk
            assert f"现任{held}，拟任{notice.proposed_post}。" in notices.notice_text(notice)
            level = selectors.current_position(notice.cadre).level
            assert rules.LEVEL_ORDER.index(notice.proposed_level) > rules.LEVEL_ORDER.index(level)
        for form in AppointmentForm.objects.all():
            assert form.proposed_post not in ("", form.proposed_removal), form.pk
    lingui = User.objects.get(username="lingui")
    page = login(lingui).get("/admin/cadres/cadre/?all=").content.decode()
    assert "临桂镇" in page
    assert "六塘镇人民政府" not in page
