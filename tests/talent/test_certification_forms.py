"""The certification back office's forms: entering an application, attaching evidence,
the re-review and the expiry sweep, town products and their years, retired soldiers and
the code tables; and the rows of every model (rows_certification) made through the
services."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import login
from tests.talent import rows_certification
from tests.talent.certification_cast import apply, fresh, tables, walk
from zugong.core.models import AuditEntry
from zugong.core.scope import system_scope
from zugong.talent import capabilities as caps
from zugong.talent.models import (
    Certification,
    CertificationCheck,
    CertificationLevel,
    CertStatus,
    TownProduct,
    TownProductYear,
)
from zugong.talent.models.certification import RetiredSoldier

pytestmark = pytest.mark.django_db
LIST = "/admin/talent/certification/"
ST = CertStatus


def test_the_rows_of_every_model(tc):
    with system_scope("tests"):
        rows_certification.make_rows(tc)
        assert tc.cert_a.certificate_no == "临桂乡村人才〔2026〕第0001号"
        assert tc.cert_b.status == ST.APPLIED
        assert TownProductYear.objects.count() == 1
        assert RetiredSoldier.objects.count() == 1
        assert CertificationCheck.objects.exclude(evidence="").count() == 1


def test_the_township_enters_an_application(tc):
    industry, junior = tables()
    client = login(tc.officer_a)
    data = {
        "talent": tc.talent_a.pk,
        "category": industry.pk,
        "level": junior.pk,
        "statement": "事迹",
    }
    assert client.post(f"{LIST}add/", data).status_code == 302
    with system_scope("t"):
        cert = Certification.objects.get()
    assert cert.status == ST.APPLIED
    assert not cert.by_portal
    page = client.post(f"{LIST}add/", data).content.decode()
    assert "不能重复申请" in page
    # A talent of another township is refused (out of the officer's scope).
    data_b = {**data, "talent": tc.talent_b.pk}
    assert client.post(f"{LIST}add/", data_b).status_code == 200
    with system_scope("t"):
        assert Certification.objects.count() == 1


def test_evidence_is_uploaded_in_the_back_office(tc):
    cert = apply(tc, tc.talent_a)
    with system_scope("t"):
        criterion = cert.checks.first().criterion_id
    client = login(tc.officer_a)
    bad = SimpleUploadedFile("病毒.exe", b"MZ", "application/octet-stream")
    page = client.post(f"{LIST}{cert.pk}/attach/", {"criterion": criterion, "evidence": bad})
    assert "佐证材料只接受" in page.content.decode()
    good = SimpleUploadedFile("证书.pdf", b"%PDF-1.4", "application/pdf")
    response = client.post(f"{LIST}{cert.pk}/attach/", {"criterion": criterion, "evidence": good})
    assert response.status_code == 302
    with system_scope("t"):
        assert CertificationCheck.objects.get(certification=cert, criterion_id=criterion).evidence
    page = client.get(f"{LIST}{cert.pk}/change/").content.decode()
    assert "查看" in page


def test_rereview_and_the_sweep_in_the_back_office(tc):
    cert = walk(
        apply(tc, tc.talent_a, today=dt.date(2023, 11, 1)),
        to="published",
        today=dt.date(2023, 11, 1),
    )
    with time_machine.travel(
        dt.datetime.combine(cert.valid_until - dt.timedelta(days=5), dt.time(10))
    ):
        client = login(tc.office)
        page = client.get(f"{LIST}{cert.pk}/change/").content.decode()
        assert f"{cert.pk}/rereview/" in page
        response = client.post(f"{LIST}{cert.pk}/rereview/", {"statement": ""})
        assert response.status_code == 302
    with system_scope("t"):
        renewal = Certification.objects.get(renewal_of=cert)
    assert renewal.status == ST.APPLIED
    with time_machine.travel(
        dt.datetime.combine(cert.valid_until + dt.timedelta(days=2), dt.time(10))
    ):
        assert login(tc.officer_a).post(f"{LIST}expire/").status_code in (403, 404)
        client = login(tc.office)
        assert client.post(f"{LIST}expire/").status_code == 302
    assert fresh(cert).status == ST.EXPIRED


def test_town_products_and_years_in_the_back_office(tc):
    client = login(tc.officer_a)
    data = {
        "township": tc.town_a.pk,
        "product": "临桂罗汉果",
        "industry": "特色种植",
        "talents": [tc.talent_a.pk],
    }
    assert client.post("/admin/talent/townproduct/add/", data).status_code == 302
    with system_scope("t"):
        product = TownProduct.objects.get()
    response = client.post(
        f"/admin/talent/townproduct/{product.pk}/year/",
        {"year": 2025, "output_value": "1500.00", "households": 200, "projects": ""},
    )
    assert response.status_code == 302
    page = client.post(
        f"/admin/talent/townproduct/{product.pk}/year/",
        {"year": 2031, "output_value": "1", "households": 0, "projects": ""},
    ).content.decode()
    assert "年度应在2000年至" in page
    other = login(tc.officer_b)
    assert other.get(f"/admin/talent/townproduct/{product.pk}/change/").status_code == 404
    assert other.post(f"/admin/talent/townproduct/{product.pk}/year/", {}).status_code == 404
    with system_scope("t"):
        assert TownProductYear.objects.get().output_value == 1500


def test_retired_soldiers_and_code_tables(tc):
    client = login(tc.officer_b)
    data = {"person": tc.person_b.pk, "enlisted_year": 2006, "discharged_year": 2011, "note": ""}
    assert client.post("/admin/talent/retiredsoldier/add/", data).status_code == 302
    assert (
        login(tc.officer_a).get("/admin/talent/retiredsoldier/").content.decode().count("莫春梅")
        == 0
    )
    office = login(tc.office)
    with system_scope("t"):
        level = CertificationLevel.objects.get(code="junior")
    data = {
        "code": "junior",
        "name": "初级",
        "order": 0,
        "validity_years": 4,
        "source": "各地通行做法",
    }
    assert (
        office.post(f"/admin/talent/certificationlevel/{level.pk}/change/", data).status_code == 302
    )
    with system_scope("t"):
        assert CertificationLevel.objects.get(pk=level.pk).validity_years == 4
        assert AuditEntry.objects.filter(action=caps.TABLES_SAVED).exists()
    assert (
        login(tc.officer_a)
        .post(f"/admin/talent/certificationlevel/{level.pk}/change/", data)
        .status_code
        == 403
    )
