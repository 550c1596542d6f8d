"""The tally equals direct counts, and stays equal after touches and moves."""

from __future__ import annotations

import datetime as dt

from tests.cockpit.conftest import _member, base_scope_of, dump
from tests.conftest import TODAY, _org, _person
from zugong.cockpit import tally
from zugong.core import authz
from zugong.core.models import OrgCategory, OrgKind
from zugong.core.scope import system_scope
from zugong.core.services import organizations as org_services
from zugong.party import capabilities as party_caps
from zugong.party.selectors import cockpit_figures, members_on_roll
from zugong.party.services import members as member_services


def _members_counts(user):
    with base_scope_of(user), authz.narrowed(party_caps.VIEW_MEMBER):
        counts, meta = tally.scope_counts(("member_kind", "member_gender", "member_age"))
        direct = cockpit_figures(TODAY)
        roll = members_on_roll().count()
    return counts, meta, direct, roll


def test_the_tally_equals_the_party_cockpit_in_every_scope(counted):
    c = counted
    for user, expected in (
        (c.admin, 6),
        (c.leader, 6),
        (c.officer_a, 3),
        (c.officer_b, 2),
        (c.secretary, 1),
        (c.two_roles, 3 + 2),  # 临桂镇 as officer, 六塘村 as secretary
    ):
        counts, meta, direct, roll = _members_counts(user)
        assert sum(counts.get("member_kind", {}).values()) == roll == direct["members"] == expected
        assert counts.get("member_kind", {}).get("probationary", 0) == direct["probationary"]
        ages = [counts.get("member_age", {}).get(str(i), 0) for i in range(len(direct["by_age"]))]
        assert ages == [n for _label, n in direct["by_age"]]
        assert meta["counted_at"] is not None


def test_system_administrators_read_no_counts(counted):
    c = counted
    for user in (c.sysadmin, c.secadmin, c.auditor):
        with base_scope_of(user), authz.narrowed(party_caps.VIEW_MEMBER):
            counts, meta = tally.scope_counts(("member_kind",))
        assert counts == {}
        assert meta["counted_at"] is None


def test_a_touch_after_admitting_a_member_equals_a_new_count(
    counted, django_capture_on_commit_callbacks
):
    c = counted
    with system_scope("tests"), django_capture_on_commit_callbacks(execute=True):
        person = _person(c.community_b, "覃海燕", 81, birth=dt.date(1960, 2, 1))
        _member(person, joined=dt.date(1985, 1, 1), full=dt.date(1986, 1, 1))
        tally.touch([c.community_b.pk])
    touched = dump()
    assert touched[c.community_b.pk][1]["member_kind"] == {"full": 1}
    assert touched[c.district.pk][2]["member_kind"]["full"] == 5
    tally.rebuild(TODAY)
    assert touched == dump()


def test_a_touch_after_a_member_leaves_the_roll(counted, django_capture_on_commit_callbacks):
    c = counted
    with system_scope("tests"), django_capture_on_commit_callbacks(execute=True):
        member_services.member_change_status(
            actor=None, member=c.member_b, status="deceased", occurred_on=TODAY, reason="病故"
        )
        tally.touch([c.branch_b.pk])
    touched = dump()
    tally.rebuild(TODAY)
    assert touched == dump()
    with base_scope_of(c.officer_b), authz.narrowed(party_caps.VIEW_MEMBER):
        counts, _meta = tally.scope_counts(("member_kind",))
    assert counts["member_kind"] == {"probationary": 1}


def test_a_moved_subtree_takes_its_counts_along(counted, django_capture_on_commit_callbacks):
    c = counted
    with system_scope("tests"):
        # 大岭村 gets a branch of its own with a member, then moves from 临桂镇 to 六塘镇.
        branch = _org(
            c.village_a,
            "中共大岭村第一支部委员会",
            "450312100201001",
            OrgKind.BRANCH,
            OrgCategory.VILLAGE,
        )
        person = _person(branch, "石永福", 83, birth=dt.date(1970, 7, 7))
        with django_capture_on_commit_callbacks(execute=True):
            _member(person, joined=dt.date(1990, 1, 1), full=dt.date(1991, 1, 1))
            tally.touch([branch.pk])
        with django_capture_on_commit_callbacks(execute=True):
            org_services.organization_move(
                actor=None, organization=c.village_a, new_parent=c.town_b
            )
            tally.touch([c.village_a.pk])
    touched = dump()
    tally.rebuild(TODAY)
    assert touched == dump()
    with base_scope_of(c.officer_b), authz.narrowed(party_caps.VIEW_MEMBER):
        counts, _meta = tally.scope_counts(("member_kind",))
        assert sum(counts["member_kind"].values()) == members_on_roll().count() == 2 + 2
    with base_scope_of(c.officer_a), authz.narrowed(party_caps.VIEW_MEMBER):
        counts, _meta = tally.scope_counts(("member_kind",))
        assert sum(counts["member_kind"].values()) == members_on_roll().count() == 2


def test_a_touch_before_the_first_count_waits_for_the_scan(ck, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tally.touch([ck.branch_a.pk])
    assert dump() == {}


def test_the_rebuild_counts_every_figure_of_the_cast(counted):
    c = counted
    district = dump()[c.district.pk][2]
    assert district["org_kind"][OrgKind.BRANCH] == 5
    assert district["talent_total"] == {"all": 2}
    assert district["talent_category"] == {str(c.category_1.pk): 2, str(c.category_2.pk): 1}
    assert sum(district["election"].values()) >= 1
    assert sum(district["member_gender"].values()) == 6


def test_the_demo_counts_the_tally(ck):
    from zugong.cockpit import demo

    assert demo.extend(None, TODAY).startswith("驾驶舱统计")
    assert dump()[ck.district.pk][2]["member_kind"] == {"full": 4, "probationary": 2}
