"""The two-new demo builds on the test cast: every coverage type, overdue visits and
items, a missing report, and a saved report with changes since."""

import datetime as dt
import random

from tests.conftest import TODAY
from zugong.core.scope import system_scope
from zugong.grassroots import demo_twonew
from zugong.grassroots.models.twonew import CoverageReport, Entity
from zugong.grassroots.selectors import coverage
from zugong.grassroots.selectors import twonew as selectors


def test_the_demo_builds_every_kind(gr):
    with system_scope("demo"):
        line = demo_twonew.build(random.Random(7), TODAY)
        assert line.startswith("两新组织")
        assert 250 <= Entity.objects.count() <= 300
        assert set(Entity.objects.values_list("coverage", flat=True)) >= {"joint", "none"}
        assert Entity.objects.filter(operating_status__in=["shell", "dormant"]).exists()
        assert Entity.objects.filter(coverage="none", instructor__isnull=False).exists()
        assert Entity.objects.filter(coverage="none").exclude(liaison="").exists()
        assert Entity.objects.filter(coverage="none", instructor__isnull=True, liaison="").exists()
        assert selectors.overdue_visits(TODAY)
        assert selectors.overdue_items(TODAY).exists()
        assert selectors.units_missing_report(TODAY)[1]
        assert selectors.four_sync_gaps()
        report = CoverageReport.objects.get()
        assert report.as_of == TODAY - dt.timedelta(days=30)
        diff = coverage.changes_since(report, gr.district.path, TODAY)
        assert diff["work_covered"]["entered"]
        # The same seed builds the same registry.
        names = sorted(Entity.objects.values_list("credit_code", flat=True))
    assert names == sorted(set(names))
