"""Shared set-up of the certification tests: the code tables' defaults, an application
of each township's talent, and helpers walking it through the steps."""

from __future__ import annotations

import datetime as dt

from tests.conftest import TODAY
from zugong.core.scope import system_scope
from zugong.talent.models import Certification, CertificationLevel, TalentCategory
from zugong.talent.services import certification as services

D = dt.date


def tables():
    with system_scope("tests"):
        return (
            TalentCategory.objects.get(code="industry"),
            CertificationLevel.objects.get(code="junior"),
        )


def apply(c, talent, today=TODAY, category=None, level=None) -> Certification:
    industry, junior = tables()
    with system_scope("tests"):
        return services.certification_apply(
            actor=None,
            talent=talent,
            category=category or industry,
            level=level or junior,
            statement="带动周边农户发展电商，年销售额300万元",
            today=today,
        )


def fresh(certification) -> Certification:
    with system_scope("tests"):
        return Certification.objects.select_related("talent", "level").get(pk=certification.pk)


def all_met(certification) -> dict:
    with system_scope("tests"):
        return {c.criterion_id: True for c in certification.checks.all()}


def attach_all(certification) -> None:
    with system_scope("tests"):
        for check in certification.checks.all():
            services.certification_attach(
                actor=None, certification=certification, criterion=check.criterion, note="已核实"
            )


def walk(certification, *, to: str, today=TODAY) -> Certification:
    """Take an application through the steps up to ``to`` (the system as actor)."""
    with system_scope("tests"):
        order = ["recommended", "reviewed", "certified", "published"]
        for step in order[: order.index(to) + 1]:
            if step == "recommended":
                services.certification_recommend(
                    actor=None,
                    certification=certification,
                    opinion="同意推荐",
                    by="村党支部",
                    today=today,
                )
            elif step == "reviewed":
                attach_all(certification)
                services.certification_review(
                    actor=None,
                    certification=certification,
                    checks=all_met(certification),
                    opinion="经审核符合条件",
                    today=today,
                )
            elif step == "certified":
                services.certification_certify(actor=None, certification=certification, today=today)
            else:
                certification = fresh(certification)
                services.certification_publish(
                    actor=None,
                    certification=certification,
                    today=certification.notice_ends + dt.timedelta(days=1),
                )
    return fresh(certification)
