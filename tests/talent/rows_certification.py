"""One row of every certification model, made through the services (for the
administrators' walk and the certification tests). Call inside system_scope() with the
``tc`` cast (tests/talent/conftest.py); the frozen clock's day (2026-11-24) is today.

Township A: 唐丽娜's application certified and published (certificate 临桂乡村人才〔2026〕
第0001号), with its checklist; the town product 临桂罗汉果（认定样例）with a year's output.
Township B: 周明远's application waiting for the village recommendation; 莫春梅 recorded
as a retired soldier."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from zugong.talent.models import CertificationLevel, TalentCategory
from zugong.talent.services import certification as services
from zugong.talent.services import certification_products as products

D = dt.date
TODAY = D(2026, 11, 24)


def make_rows(c) -> None:
    industry = TalentCategory.objects.get(code="industry")
    junior = CertificationLevel.objects.get(code="junior")
    start = D(2026, 11, 2)
    cert = services.certification_apply(
        actor=None,
        talent=c.talent_a,
        category=industry,
        level=junior,
        statement="农产品电商带动农户三百户（认定样例）",
        today=start,
    )
    for i, check in enumerate(cert.checks.select_related("criterion")):
        services.certification_attach(
            actor=None,
            certification=cert,
            criterion=check.criterion,
            evidence=SimpleUploadedFile("佐证.pdf", b"%PDF-1.4 sample", "application/pdf")
            if i == 0
            else None,
            note="已核实（认定样例）",
        )
    services.certification_recommend(
        actor=None,
        certification=cert,
        opinion="同意推荐（认定样例）",
        by="金水社区党支部",
        today=start,
    )
    services.certification_review(
        actor=None,
        certification=cert,
        checks={x.criterion_id: True for x in cert.checks.all()},
        opinion="符合条件（认定样例）",
        today=D(2026, 11, 5),
    )
    services.certification_certify(actor=None, certification=cert, today=D(2026, 11, 9))
    c.cert_a = services.certification_publish(actor=None, certification=cert, today=TODAY)
    c.cert_b = services.certification_apply(
        actor=None,
        talent=c.talent_b,
        category=industry,
        level=junior,
        statement="竹编技艺传承（认定样例）",
        today=TODAY,
    )
    c.product_a = products.town_product_save(
        actor=None,
        township=c.town_a,
        product="临桂罗汉果（认定样例）",
        industry="特色种植",
        talents=[c.talent_a],
    )
    c.product_year_a = products.town_product_year_save(
        actor=None,
        town_product=c.product_a,
        year=2025,
        output_value="1280.00",
        households=320,
        projects="罗汉果深加工项目（认定样例）",
        today=TODAY,
    )
    c.soldier_b = products.retired_soldier_save(
        actor=None, person=c.person_b, enlisted_year=2006, discharged_year=2011, note="认定样例"
    )
