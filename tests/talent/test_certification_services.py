"""Certification services: the good path step by step, each bad input refused in
Chinese naming the field with nothing written, the roles of each step, re-review and
the expiry sweep; town products and the retired-soldier record."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import TODAY, scope_of
from tests.talent.certification_cast import D, all_met, apply, attach_all, fresh, tables, walk
from zugong.core.errors import ApplicationError, PermissionDenied
from zugong.core.models import AuditEntry
from zugong.core.scope import system_scope
from zugong.talent import capabilities as caps
from zugong.talent.models import Certification, CertificationCheck, CertStatus, TownProductYear
from zugong.talent.services import certification as services
from zugong.talent.services import certification_products as products

pytestmark = pytest.mark.django_db
ST = CertStatus


def _count(model=Certification) -> int:
    with system_scope("count"):
        return model.objects.count()


def test_the_talent_applies_on_the_portal_with_the_checklist(tc):
    industry, junior = tables()
    with scope_of(tc.tina):
        cert = services.certification_apply(
            actor=tc.tina, talent=tc.talent_a, category=industry, level=junior, today=TODAY
        )
    assert cert.by_portal
    assert cert.status == ST.APPLIED
    assert cert.applied_on == TODAY
    with system_scope("t"):
        texts = [c.criterion.text for c in cert.checks.all()]
        assert "从事农村二三产业3年以上" in texts
        assert len(texts) == 4
        assert AuditEntry.objects.filter(action=caps.CERT_SAVED).count() == 1


def test_tina_cannot_apply_for_tom_nor_open_his_application(tc):
    industry, junior = tables()
    with scope_of(tc.tina), pytest.raises(PermissionDenied):
        services.certification_apply(
            actor=tc.tina, talent=tc.talent_b, category=industry, level=junior, today=TODAY
        )
    toms = apply(tc, tc.talent_b)
    with scope_of(tc.tina):
        with pytest.raises(PermissionDenied):
            services.certification_withdraw(actor=tc.tina, certification=toms)
        with pytest.raises(PermissionDenied):
            services.certification_attach(
                actor=tc.tina,
                certification=toms,
                criterion=toms.checks.model.objects.none(),
                note="x",
            )
    assert fresh(toms).status == ST.APPLIED


def test_a_second_open_application_for_the_category_is_refused(tc):
    apply(tc, tc.talent_a)
    before = _count()
    with pytest.raises(ApplicationError) as error:
        apply(tc, tc.talent_a)
    assert error.value.field == "category"
    assert "不能重复申请" in error.value.message
    assert _count() == before


def test_the_whole_path_to_the_certificate(tc):
    cert = apply(tc, tc.talent_a)
    with scope_of(tc.secretary):
        services.certification_recommend(
            actor=tc.secretary, certification=cert, opinion="同意推荐", by="王书记", today=TODAY
        )
    with system_scope("t"):
        check = cert.checks.first()
    with scope_of(tc.tina):
        services.certification_attach(
            actor=tc.tina,
            certification=cert,
            criterion=check.criterion,
            evidence=SimpleUploadedFile("营业执照.pdf", b"%PDF-1.4", "application/pdf"),
        )
    attach_all(cert)
    with scope_of(tc.officer_a):
        services.certification_review(
            actor=tc.officer_a,
            certification=cert,
            checks=all_met(cert),
            opinion="符合条件",
            today=TODAY,
        )
    with scope_of(tc.office):
        cert = services.certification_certify(actor=tc.office, certification=cert, today=TODAY)
    # Tuesday 24 November 2026 + 5 working days: to Monday 30 November.
    assert cert.notice_ends == D(2026, 11, 30)
    with scope_of(tc.office):
        with pytest.raises(ApplicationError) as error:
            services.certification_publish(
                actor=tc.office, certification=cert, today=D(2026, 11, 30)
            )
        assert "2026-11-30" in error.value.message
        assert error.value.field == "issued_on"
        cert = services.certification_publish(
            actor=tc.office, certification=cert, today=D(2026, 12, 1)
        )
    assert cert.status == ST.PUBLISHED
    assert cert.certificate_no == "临桂乡村人才〔2026〕第0001号"
    assert cert.valid_until == D(2029, 11, 30)
    with system_scope("t"):
        assert CertificationCheck.objects.filter(certification=cert, met=True).count() == 4
        assert bool(CertificationCheck.objects.get(pk=check.pk).evidence)
    second = walk(apply(tc, tc.talent_b), to="published")
    assert second.certificate_no == "临桂乡村人才〔2026〕第0002号"


def test_a_step_out_of_order_is_refused_and_nothing_written(tc):
    cert = apply(tc, tc.talent_a)
    with scope_of(tc.office):
        with pytest.raises(ApplicationError) as error:
            services.certification_certify(actor=tc.office, certification=cert, today=TODAY)
        assert "须先完成“村级推荐”环节" in error.value.message
        with pytest.raises(ApplicationError):
            services.certification_publish(actor=tc.office, certification=cert, today=TODAY)
    assert fresh(cert).status == ST.APPLIED
    assert fresh(cert).certified_on is None


def test_bad_inputs_name_their_field(tc):
    cert = apply(tc, tc.talent_a)
    with scope_of(tc.officer_a):
        with pytest.raises(ApplicationError) as error:
            services.certification_recommend(
                actor=tc.officer_a, certification=cert, opinion=" ", by="王", today=TODAY
            )
        assert error.value.field == "opinion"
        assert "村推荐意见" in error.value.message
        with pytest.raises(ApplicationError) as error:
            services.certification_attach(
                actor=tc.officer_a,
                certification=cert,
                criterion=cert.checks.first().criterion,
                evidence=SimpleUploadedFile("a.exe", b"MZ", "application/octet-stream"),
            )
        assert error.value.field == "evidence"
        with pytest.raises(ApplicationError) as error:
            services.certification_refuse(
                actor=tc.officer_a, certification=cert, reason="", today=TODAY
            )
        assert error.value.field == "reason"
        assert "不予认定理由" in error.value.message
    assert fresh(cert).recommendation == ""
    assert fresh(cert).status == ST.APPLIED


def test_the_review_checks_every_criterion_and_its_evidence(tc):
    cert = walk(apply(tc, tc.talent_a), to="recommended")
    checks = all_met(cert)
    first, *_rest = checks
    with scope_of(tc.officer_a):
        with pytest.raises(ApplicationError) as error:
            services.certification_review(
                actor=tc.officer_a, certification=cert, checks=checks, opinion="符合", today=TODAY
            )
        assert "须附佐证材料" in error.value.message  # nothing attached yet
        attach_all(cert)
        partial = dict(checks)
        partial.pop(first)
        with pytest.raises(ApplicationError) as error:
            services.certification_review(
                actor=tc.officer_a, certification=cert, checks=partial, opinion="符合", today=TODAY
            )
        assert error.value.field == f"check_{first}"
        assert "尚未核查" in error.value.message
        with pytest.raises(ApplicationError) as error:
            services.certification_review(
                actor=tc.officer_a,
                certification=cert,
                checks={**checks, first: False},
                opinion="不符合",
                today=TODAY,
            )
        assert "不符合" in error.value.message
    assert fresh(cert).status == ST.RECOMMENDED
    with system_scope("t"):
        assert not CertificationCheck.objects.filter(certification=cert, met__isnull=False).exists()


def test_each_step_needs_its_capability(tc):
    cert = apply(tc, tc.talent_a)
    with scope_of(tc.officer_b), pytest.raises(PermissionDenied):
        services.certification_recommend(
            actor=tc.officer_b, certification=cert, opinion="同意", by="某", today=TODAY
        )
    walk(cert, to="reviewed")
    with scope_of(tc.officer_a), pytest.raises(PermissionDenied):
        services.certification_certify(actor=tc.officer_a, certification=cert, today=TODAY)
    with scope_of(tc.secretary), pytest.raises(PermissionDenied):
        services.certification_refuse(
            actor=tc.secretary, certification=cert, reason="不符合", today=TODAY
        )
    assert fresh(cert).status == ST.REVIEWED


def test_judy_recommends_in_her_branch_and_reviews_in_her_township_only(tc):
    toms = apply(tc, tc.talent_b)  # 周明远's person is in judy's branch of 六塘镇
    with scope_of(tc.two_roles):
        services.certification_recommend(
            actor=tc.two_roles, certification=toms, opinion="同意", by="judy", today=TODAY
        )
    attach_all(toms)
    with scope_of(tc.two_roles), pytest.raises(PermissionDenied):
        services.certification_review(
            actor=tc.two_roles,
            certification=toms,
            checks=all_met(toms),
            opinion="符合",
            today=TODAY,
        )
    tinas = walk(apply(tc, tc.talent_a), to="recommended")
    attach_all(tinas)
    with scope_of(tc.two_roles):
        services.certification_review(
            actor=tc.two_roles,
            certification=tinas,
            checks=all_met(tinas),
            opinion="符合",
            today=TODAY,
        )
    assert fresh(toms).status == ST.RECOMMENDED
    assert fresh(tinas).status == ST.REVIEWED


def test_refused_at_any_step_with_the_reason(tc):
    cert = walk(apply(tc, tc.talent_a), to="certified")
    with scope_of(tc.office):
        services.certification_object(actor=tc.office, certification=cert, text="反映经营数据不实")
        cert = services.certification_refuse(
            actor=tc.office, certification=cert, reason="经核查经营收入未达标准", today=TODAY
        )
    assert cert.status == ST.REFUSED
    assert cert.refused_on == TODAY
    with scope_of(tc.office), pytest.raises(ApplicationError):
        services.certification_refuse(
            actor=tc.office, certification=cert, reason="再次", today=TODAY
        )
    # Refused, the category is open to a new application.
    apply(tc, tc.talent_a)


def test_an_objection_needs_a_finding_before_the_certificate(tc):
    cert = walk(apply(tc, tc.talent_a), to="certified")
    after = cert.notice_ends + dt.timedelta(days=1)
    with scope_of(tc.office):
        services.certification_object(actor=tc.office, certification=cert, text="反映带动户数不实")
        with pytest.raises(ApplicationError) as error:
            services.certification_publish(actor=tc.office, certification=cert, today=after)
        assert error.value.field == "finding"
        cert = services.certification_publish(
            actor=tc.office, certification=cert, today=after, finding="经核实带动户数属实"
        )
    assert cert.status == ST.PUBLISHED
    assert "核查结论" in cert.objection


def test_withdrawn_by_the_talent_before_certification(tc):
    cert = walk(apply(tc, tc.talent_a), to="reviewed")
    with scope_of(tc.tina):
        services.certification_withdraw(actor=tc.tina, certification=cert)
    assert fresh(cert).status == ST.WITHDRAWN
    other = walk(apply(tc, tc.talent_a), to="certified")
    with scope_of(tc.tina), pytest.raises(ApplicationError):
        services.certification_withdraw(actor=tc.tina, certification=other)


def test_rereview_opens_in_the_window_and_the_sweep_expires(tc):
    cert = walk(apply(tc, tc.talent_a, today=D(2023, 3, 1)), to="published", today=D(2023, 3, 1))
    assert cert.valid_until == D(2026, 3, 8) or cert.valid_until.year == 2026
    early = cert.valid_until - dt.timedelta(days=91)
    with scope_of(tc.officer_a):
        with pytest.raises(ApplicationError) as error:
            services.certification_rereview(actor=tc.officer_a, certification=cert, today=early)
        assert "复审自" in error.value.message
        renewal = services.certification_rereview(
            actor=tc.officer_a, certification=cert, today=cert.valid_until - dt.timedelta(days=10)
        )
    assert renewal.renewal_of_id == cert.pk
    assert renewal.status == ST.APPLIED
    with scope_of(tc.officer_a), pytest.raises(PermissionDenied):
        services.certification_expire(actor=tc.officer_a, today=TODAY)
    with scope_of(tc.office):
        assert services.certification_expire(actor=tc.office, today=TODAY) == 1
    assert fresh(cert).status == ST.EXPIRED


def test_town_product_and_its_years(tc):
    with scope_of(tc.officer_a):
        product = products.town_product_save(
            actor=tc.officer_a,
            township=tc.town_a,
            product="临桂罗汉果",
            industry="特色种植",
            talents=[tc.talent_a],
        )
        products.town_product_year_save(
            actor=tc.officer_a,
            town_product=product,
            year=2025,
            output_value="1280.5",
            households=320,
        )
        with pytest.raises(ApplicationError) as error:
            products.town_product_save(
                actor=tc.officer_a, township=tc.town_a, product="临桂罗汉果", talents=[]
            )
        assert error.value.field == "product"
        with pytest.raises(ApplicationError) as error:
            products.town_product_save(
                actor=tc.officer_a, township=tc.town_a, product="砂糖橘", talents=[tc.talent_b]
            )
        assert error.value.field == "talents"
        assert "周明远" in error.value.message
        with pytest.raises(ApplicationError) as error:
            products.town_product_year_save(
                actor=tc.officer_a, town_product=product, year=2030, output_value=1, today=TODAY
            )
        assert error.value.field == "year"
        with pytest.raises(ApplicationError) as error:
            products.town_product_year_save(
                actor=tc.officer_a, town_product=product, year=2024, output_value="-1"
            )
        assert error.value.field == "output_value"
    with scope_of(tc.officer_b), pytest.raises(PermissionDenied):
        products.town_product_year_save(
            actor=tc.officer_b, town_product=product, year=2024, output_value=1
        )
    with system_scope("t"):
        assert TownProductYear.objects.get().output_value == Decimal("1280.50")
        assert list(product.talents.all()) == [tc.talent_a]


def test_retired_soldier_record(tc):
    with scope_of(tc.officer_b):
        with pytest.raises(PermissionDenied):
            products.retired_soldier_save(actor=tc.officer_b, person=tc.person_a)
        with pytest.raises(ApplicationError) as error:
            products.retired_soldier_save(
                actor=tc.officer_b, person=tc.person_b, enlisted_year=2010, discharged_year=2008
            )
        assert error.value.field == "discharged_year"
        row = products.retired_soldier_save(
            actor=tc.officer_b, person=tc.person_b, enlisted_year=2006, discharged_year=2011
        )
    assert row.discharged_year == 2011


def test_the_review_refuses_with_the_criteria_not_met(tc):
    cert = walk(apply(tc, tc.talent_a), to="recommended")
    attach_all(cert)
    checks = all_met(cert)
    first = next(iter(checks))
    with scope_of(tc.officer_a):
        cert = services.certification_review(
            actor=tc.officer_a,
            certification=cert,
            checks={**checks, first: False},
            opinion="经营年限不足3年",
            today=TODAY,
            refuse_unmet=True,
        )
    assert cert.status == ST.REFUSED
    assert "从事农村二三产业3年以上不符合" in cert.refused_reason
    assert "经营年限不足3年" in cert.refused_reason
    with system_scope("t"):
        assert CertificationCheck.objects.filter(certification=cert, met=False).count() == 1
