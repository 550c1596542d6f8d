"""The urban demo builder runs on the grassroots cast and makes rows of every kind."""

import random

from tests.conftest import TODAY
from zugong.core.scope import system_scope
from zugong.grassroots import demo_urban
from zugong.grassroots.models.urban import (
    CoBuildingContract,
    ContractEvaluation,
    DualReport,
    Grid,
    GridStaff,
    JointMeeting,
    ResidentUnit,
)


def test_demo_builds_on_the_cast(gr):
    with system_scope("demo"):
        line = demo_urban.build(random.Random(7), TODAY)
        assert "共建契约" in line
        assert ResidentUnit.objects.count() >= 2
        assert CoBuildingContract.objects.count() >= 3
        assert JointMeeting.objects.filter(level="street").count() == 4
        assert Grid.objects.filter(level="micro").exists()
        assert GridStaff.objects.exists()
        assert set(Grid.objects.values_list("community_id", flat=True)) == {
            gr.community_a.pk,
            gr.community_a2.pk,
            gr.community_b.pk,
        }
        steps = set(CoBuildingContract.objects.values_list("step", flat=True))
        assert {"商约", "签约", "履约"} <= steps
        assert (
            ContractEvaluation.objects.count()
            == CoBuildingContract.objects.filter(step="评约").count()
        )
        assert DualReport.objects.filter(person=gr.organ_person).count() <= 1
