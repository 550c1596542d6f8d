"""Back-office pages the browser walk found wanting: a talent's change page (it asked
for a new person's fields on a record that exists, and failed), code tables showing
their internal codes, the verification log showing its result codes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import login
from tests.talent import rows_card
from zugong.core.scope import system_scope

pytestmark = pytest.mark.django_db


def test_a_talents_change_page_asks_for_no_new_person(tc):
    page = login(tc.admin).get(reverse("admin:talent_talent_change", args=[tc.talent_a.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "唐丽娜" in body
    assert "新人员姓名" not in body
    add = login(tc.admin).get(reverse("admin:talent_talent_add"))
    assert "新人员姓名" in add.content.decode()


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("admin:talent_talentcategory_changelist", "public_service"),
        ("admin:talent_certificationlevel_changelist", "intermediate"),
        ("admin:talent_entitlement_changelist", "spouse_job"),
    ],
)
def test_code_tables_list_names_not_internal_codes(tc, url, code):
    body = login(tc.admin).get(reverse(url)).content.decode()
    assert f">{code}<" not in body


def test_the_verification_log_reads_in_chinese(tc):
    from zugong.talent.services.card_verify import card_qr_payload, card_verify

    with system_scope("setup"):
        rows_card.make_rows(tc)
    card_verify(actor=tc.office, payload=card_qr_payload(tc.card_a), unit="区人民医院")
    body = login(tc.office).get(reverse("admin:talent_verification_changelist")).content.decode()
    assert "有效" in body
    assert ">valid<" not in body


@pytest.mark.parametrize("model", ["certificationlevel", "entitlement"])
def test_readers_of_a_code_table_see_no_internal_code(tc, model):
    from zugong.talent.models import CertificationLevel, Entitlement

    with system_scope("read"):
        row = (CertificationLevel if model == "certificationlevel" else Entitlement).objects.first()
    url = reverse(f"admin:talent_{model}_change", args=[row.pk])
    reader = login(tc.officer_a).get(url)
    assert reader.status_code == 200
    assert row.code not in reader.content.decode()
    assert row.code in login(tc.office).get(url).content.decode()


def test_the_native_talents_page_links_edits_only_for_those_who_may_edit(tc):
    from tests.talent import rows_contact

    with system_scope("setup"):
        rows_contact.make_rows(tc)
    url = reverse("admin:talent_nativecontact_native_talents")
    add = reverse("admin:talent_nativecontact_mark_native")
    edit = reverse("admin:talent_nativecontact_native_talent", args=[tc.talent_a.pk])
    reader = login(tc.leader).get(url).content.decode()  # reads the talents, edits none
    assert "唐丽娜" in reader
    assert add not in reader
    assert edit not in reader
    keeper = login(tc.officer_a).get(url).content.decode()
    assert add in keeper
    assert edit in keeper


def test_a_verification_is_named_by_its_unit_and_time_not_its_result_code(tc):
    from zugong.talent.services.card_verify import card_qr_payload, card_verify

    with system_scope("setup"):
        rows_card.make_rows(tc)
        card_verify(actor=None, payload=card_qr_payload(tc.card_a), unit="区人民医院")
        from zugong.talent.models import Verification

        row = Verification.objects.filter(unit="区人民医院").last()
    assert str(row).startswith("区人民医院 ")
    assert "valid" not in str(row)
