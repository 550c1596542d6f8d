"""The cockpit counts dues arrears in one GROUP BY (party.selectors.dues.arrears_q): the same members
as the arrears list (party.selectors.dues_arrears) on any day."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from tests.conftest import TODAY
from zugong.cockpit import counters, tally
from zugong.core.scope import system_scope
from zugong.party.selectors import dues_arrears
from zugong.party.services import dues as dues_services


def _pay(member, months: int) -> None:
    dues_services.dues_set_base(
        actor=None, member=member, effective_from=dt.date(2026, 1, 1), base="3000"
    )
    for month in range(1, months + 1):
        dues_services.dues_pay(
            actor=None,
            member=member,
            month=dt.date(2026, month, 1),
            paid_on=dt.date(2026, month, 10),
        )


@pytest.fixture
def paying(ck):
    with system_scope("tests"):
        _pay(ck.member_a, 10)  # paid through October: nothing late on 2026-11-24
        _pay(ck.member_village, 7)  # August to October unpaid: late, not at the lapse flag
        _pay(ck.member_b, 4)  # May to October: six months, the lapse flag
    return ck


@pytest.mark.parametrize(
    "on",
    [TODAY, dt.date(2026, 1, 15), dt.date(2026, 2, 1), dt.date(2026, 7, 31), dt.date(2027, 3, 1)],
)
def test_the_dues_count_equals_the_arrears_list(paying, on):
    with system_scope("tests"):
        rows = dues_arrears(on)
        counted = counters.count_dues(None, on)
    arrears = Counter(r["member"].person.organization_id for r in rows)
    lapse = Counter(r["member"].person.organization_id for r in rows if r["lapse"])
    assert {pk: f["dues"].get("arrears", 0) for pk, f in counted.items()} == dict(arrears)
    assert {pk: n for pk, f in counted.items() if (n := f["dues"].get("lapse", 0))} == dict(lapse)


def test_the_cockpit_rate_on_the_cast(paying):
    c = paying
    tally.rebuild(TODAY)
    with system_scope("tests"):
        rows = dues_arrears(TODAY)
    assert {r["member"].pk for r in rows} == {
        c.member_a2.pk,
        c.member_village.pk,
        c.member_b.pk,
        c.member_organ.pk,
        c.member_young.pk,
    }
    from tests.cockpit.test_page import figures_of, page_sections

    dues = figures_of(page_sections(c.leader))["dues"]
    assert dues["rate"] == round(100 * 1 / 6, 1)  # only 黄秀英 is paid up
    assert [r["count"] for r in dues["rows"]] == [5, 4]
