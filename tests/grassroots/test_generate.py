"""`zugong gen` adds the grassroots records at scale (a small run here): every rated
organization rated for two years, a village's year of collective income, two two-new
organizations per branch with valid credit codes and a counting verdict by the rule."""

import pytest
from django.core.management import call_command

from zugong.core.models import Organization, OrgKind
from zugong.core.scope import system_scope
from zugong.grassroots import rules
from zugong.grassroots.generate import TODAY
from zugong.grassroots.models import (
    CollectiveIncome,
    Entity,
    IndicatorScore,
    Rating,
    RatingStatus,
)
from zugong.grassroots.selectors import coverage, evidence


@pytest.mark.django_db
def test_gen_rates_every_rated_organization_and_registers_two_new(capsys):
    call_command("gen", "--members", "600")
    out = capsys.readouterr().out
    assert "两新组织 60 个" in out  # 30 branches, two each
    with system_scope():
        rated = set(evidence.rated_organizations().values_list("pk", flat=True))
        assert rated
        for year in (TODAY.year - 1, TODAY.year):
            assert (
                set(Rating.objects.filter(year=year).values_list("organization", flat=True))
                == rated
            )
        last = Rating.objects.filter(year=TODAY.year - 1)
        assert not last.exclude(status=RatingStatus.PUBLISHED).exists()
        assert not last.filter(star__isnull=True).exists()
        assert (
            not Rating.objects.filter(year=TODAY.year).exclude(status=RatingStatus.DRAFT).exists()
        )
        first = last.order_by("pk").first()
        assert IndicatorScore.objects.filter(rating=first).count() == (
            first.indicator_set.indicators.count()
        )
        assert CollectiveIncome.objects.filter(year=TODAY.year - 1).exists()
        assert Entity.objects.count() == 60
        for entity in Entity.objects.all():
            assert rules.credit_code_problem(entity.credit_code) is None
            verdict = rules.counting_verdict(
                kind=entity.kind,
                operating_status=entity.operating_status,
                fixed_place=entity.fixed_place,
                employees=entity.employees,
                real_operation=entity.real_operation,
            )
            assert entity.counted == verdict.counted
        root = Organization.objects.get(kind=OrgKind.DISTRICT)
        totals = coverage.coverage_figures(root.path, TODAY)["totals"]
        assert totals["counted"] == Entity.objects.filter(counted=True).count() > 0
        assert 0 < totals["separate"] < totals["organized"] <= totals["work_covered"]
