"""Branch committees and elections (RULES.md §2.3), with the rule's own cases."""

import datetime as dt

import pytest

from tests.conftest import _person, login, scope_of
from zugong.core.errors import ApplicationError, PermissionDenied
from zugong.core.scope import system_scope
from zugong.party import rules, selectors
from zugong.party.models import BranchCommittee
from zugong.party.services import committees as services
from zugong.party.services import members as member_services


@pytest.mark.parametrize(
    ("kind", "category", "years"),
    [
        ("branch", "village", 5),
        ("branch", "community", 5),
        ("general_branch", "village", 5),
        ("grassroots_committee", "organ", 5),
        ("general_branch", "organ", 3),
        ("branch", "school", 3),
    ],
)
def test_terms_by_kind(kind, category, years):
    # 《关于党的基层组织任期的意见》: villages and communities 5 years; other branches 3.
    assert rules.term_years(kind, category) == years


def test_the_overdue_rule():
    # due = last election + term; overdue when today > due without an approved postponement.
    elected = dt.date(2022, 5, 10)
    assert rules.election_state(
        elected_on=elected, years=3, postponed_until=None, on=dt.date(2025, 5, 10)
    ) == ("due_soon", dt.date(2025, 5, 10))
    assert (
        rules.election_state(
            elected_on=elected, years=3, postponed_until=None, on=dt.date(2025, 5, 11)
        )[0]
        == "overdue"
    )
    assert rules.election_state(
        elected_on=elected, years=3, postponed_until=dt.date(2026, 5, 1), on=dt.date(2025, 12, 1)
    ) == ("ok", dt.date(2026, 5, 1))
    assert rules.latest_postponement(elected, 3) == dt.date(2026, 5, 10)


@pytest.fixture
def electorate(members):
    """Three full members in 金水社区 (黄秀英 plus two)."""
    with system_scope():
        extra = []
        for name, seq in (("蒋桂芳", 15), ("唐国庆", 27)):
            person = _person(members.branch_a, name, seq, birth=dt.date(1970, 1, 1))
            member_services.member_create(
                actor=None,
                person=person,
                data={
                    "kind": "full",
                    "joined_on": dt.date(1995, 7, 1),
                    "full_on": dt.date(1996, 7, 1),
                },
            )
            extra.append(person)
        members.probationer = _person(members.branch_a, "韦小红", 38, birth=dt.date(1998, 1, 1))
        member_services.member_create(
            actor=None,
            person=members.probationer,
            data={"kind": "probationary", "joined_on": dt.date(2026, 2, 1)},
        )
    members.voters = [members.person_a, *extra]
    return members


def test_electing_a_committee(electorate):
    cast = electorate
    with scope_of(cast.officer_a):
        first = services.committee_elect(
            actor=cast.officer_a,
            organization=cast.branch_a,
            elected_on=dt.date(2021, 3, 1),
            seats=[(cast.voters[0], "secretary")],
            document_no="临组复〔2021〕3号",
        )
        assert first.term_years == 5
        second = services.committee_elect(
            actor=cast.officer_a,
            organization=cast.branch_a,
            elected_on=dt.date(2026, 3, 1),
            seats=[
                (cast.voters[1], "secretary"),
                (cast.voters[0], "organization"),
                (cast.voters[2], "publicity"),
            ],
        )
        first.refresh_from_db()
    assert first.ended_on == dt.date(2026, 3, 1)
    with scope_of(cast.officer_a):
        assert services.current_committee(cast.branch_a) == second


@pytest.mark.parametrize(
    ("seats", "message"),
    [
        (lambda c: [], "请填写当选的班子成员"),
        (lambda c: [(c.voters[0], "organization")], "有且只有一名书记"),
        (lambda c: [(c.voters[0], "secretary"), (c.voters[1], "secretary")], "有且只有一名书记"),
        (lambda c: [(c.voters[0], "secretary"), (c.voters[0], "publicity")], "同一人不能"),
        (lambda c: [(c.probationer, "secretary")], "没有被选举权"),  # probationary (党章第七条)
        (lambda c: [(c.person_b, "secretary")], "组织关系不在"),
    ],
)
def test_bad_seats_are_refused(electorate, seats, message):
    cast = electorate
    with scope_of(cast.admin), pytest.raises(ApplicationError, match=message):
        services.committee_elect(
            actor=cast.admin,
            organization=cast.branch_a,
            elected_on=dt.date(2026, 3, 1),
            seats=seats(cast),
        )
    with system_scope():
        assert not BranchCommittee.objects.exists()


def test_elections_cannot_go_backwards_or_into_the_future(electorate):
    cast = electorate
    with scope_of(cast.admin):
        services.committee_elect(
            actor=cast.admin,
            organization=cast.branch_a,
            elected_on=dt.date(2024, 3, 1),
            seats=[(cast.voters[0], "secretary")],
        )
        with pytest.raises(ApplicationError, match="应晚于上一届的选举日期2024-03-01"):
            services.committee_elect(
                actor=cast.admin,
                organization=cast.branch_a,
                elected_on=dt.date(2023, 3, 1),
                seats=[(cast.voters[0], "secretary")],
            )
        with pytest.raises(ApplicationError, match="晚于今天"):
            services.committee_elect(
                actor=cast.admin,
                organization=cast.branch_a,
                elected_on=dt.date(2999, 3, 1),
                seats=[(cast.voters[0], "secretary")],
            )


def test_postponement_is_at_most_one_year(electorate):
    cast = electorate
    with system_scope():
        committee = BranchCommittee.objects.create(
            organization=cast.branch_a, elected_on=dt.date(2021, 6, 1), term_years=5
        )
    with scope_of(cast.admin):
        with pytest.raises(ApplicationError, match="最迟至2027-06-01"):
            services.committee_postpone(
                actor=cast.admin, committee=committee, until=dt.date(2027, 6, 2), document_no="文"
            )
        with pytest.raises(ApplicationError, match="批准文号"):
            services.committee_postpone(
                actor=cast.admin, committee=committee, until=dt.date(2026, 12, 1), document_no=" "
            )
        services.committee_postpone(
            actor=cast.admin,
            committee=committee,
            until=dt.date(2027, 6, 1),
            document_no="临组复〔2026〕9号",
        )
    assert committee.postponed_until == dt.date(2027, 6, 1)


def test_the_overdue_list_is_scoped(electorate):
    cast = electorate
    with system_scope():
        BranchCommittee.objects.create(
            organization=cast.branch_a, elected_on=dt.date(2020, 6, 1), term_years=5
        )
        BranchCommittee.objects.create(
            organization=cast.branch_b, elected_on=dt.date(2020, 6, 1), term_years=5
        )
    on = dt.date(2026, 11, 23)
    with scope_of(cast.officer_a):
        rows = {
            r["organization"].name: r["state"]
            for r in selectors.elections(on, states=("overdue", "missing"))
        }
    assert rows == {
        "中共金水社区支部委员会": "overdue",
        "中共榕山社区支部委员会": "missing",
        "中共临桂镇委员会": "missing",
    }
    with system_scope():
        committee = BranchCommittee.objects.get(organization=cast.branch_a)
    with scope_of(cast.officer_b), pytest.raises(PermissionDenied):
        services.committee_postpone(
            actor=cast.officer_b, committee=committee, until=dt.date(2026, 12, 1), document_no="x"
        )


def test_committee_pages_and_api_are_scoped(electorate):
    from tests.core.test_api import bearer

    cast = electorate
    with system_scope():
        committee = BranchCommittee.objects.create(
            organization=cast.branch_a, elected_on=dt.date(2020, 6, 1), term_years=5
        )
    assert (
        login(cast.officer_b)
        .get(f"/admin/party/branchcommittee/{committee.pk}/change/")
        .status_code
        == 404
    )
    assert (
        "金水"
        not in login(cast.officer_b).get("/admin/party/branchcommittee/elections/").content.decode()
    )
    assert (
        "金水"
        in login(cast.officer_a).get("/admin/party/branchcommittee/elections/").content.decode()
    )
    names = {
        r["organization_name"] for r in bearer(cast.officer_b).get("/api/v1/party/elections").json()
    }
    assert names == {"中共六塘镇委员会", "中共六塘村支部委员会"}


def test_a_branch_of_seven_full_members_without_a_committee_is_flagged():
    codes = [
        f.code
        for f in rules.branch_structure_findings(full_members=7, all_members=7, has_committee=False)
    ]
    assert codes == ["committee_needed"]
    codes = [
        f.code
        for f in rules.branch_structure_findings(
            full_members=9, all_members=9, has_committee=True, committee_seats=8
        )
    ]
    assert codes == ["committee_too_large"]


def test_a_committee_of_two_for_seven_full_members_is_too_small_not_missing():
    """支部条例第六章: from 7 full members the branch elects a committee of 3 to 5; under 7
    a secretary alone serves. A committee on record with 2 seats is too small."""

    def codes(**kw):
        return [f.code for f in rules.branch_structure_findings(**kw)]

    assert codes(full_members=8, all_members=8, has_committee=True, committee_seats=2) == [
        "committee_too_small"
    ]
    assert codes(full_members=8, all_members=8, has_committee=True, committee_seats=3) == []
    assert codes(full_members=6, all_members=6, has_committee=True, committee_seats=1) == []
    finding = rules.branch_structure_findings(
        full_members=8, all_members=8, has_committee=True, committee_seats=2
    )[0]
    assert finding.message == "正式党员8名，支部委员会现有2名委员，应由3至5名委员组成"
    assert finding.source == "《中国共产党支部工作条例（试行）》（2018）第六章"


def test_structure_check_sees_the_missing_committee(electorate):
    cast = electorate
    with system_scope():
        for index in range(4):
            person = _person(
                cast.branch_a,
                f"党员甲{'一二三四'[index]}",
                51 + index * 2,
                birth=dt.date(1975, 1, 1),
            )
            member_services.member_create(
                actor=None,
                person=person,
                data={
                    "kind": "full",
                    "joined_on": dt.date(2000, 7, 1),
                    "full_on": dt.date(2001, 7, 1),
                },
            )
    with scope_of(cast.officer_a):
        rows = {r["name"]: [f.code for f in r["findings"]] for r in selectors.branch_findings()}
    assert rows["中共金水社区支部委员会"] == ["committee_needed"]  # 8 full members, no committee
    with scope_of(cast.officer_a):
        services.committee_elect(
            actor=cast.officer_a,
            organization=cast.branch_a,
            elected_on=dt.date(2026, 3, 1),
            seats=[
                (cast.voters[0], "secretary"),
                (cast.voters[1], "organization"),
                (cast.voters[2], "publicity"),
            ],
        )
        rows = {r["name"] for r in selectors.branch_findings()}
    assert "中共金水社区支部委员会" not in rows


def test_the_structure_check_counts_a_general_branch_with_its_branches(cast):
    """A general branch (党总支) with 40 members in its two branches is under the 50 of
    the organ regulation (第六条) and is told it exists only with approval; one more branch
    of 61 members brings the subtree to 101, and the general branch may become a committee,
    while the 61-member branch itself may become a general branch."""
    from tests.conftest import _org
    from zugong.core.models import OrgCategory, OrgKind

    surnames, given = "赵钱孙李周吴郑王冯陈", "伟芳娜敏静丽强磊军洋"

    def fill(branch, count, year):
        for index in range(count):
            name = (
                surnames[index // 10 % 10]
                + given[index % 10]
                + "甲乙丙丁戊己庚"[index // 100 + year % 7]
            )
            person = _person(branch, name, 100 + index, birth=dt.date(year, 1, 1))
            member_services.member_create(
                actor=None,
                person=person,
                data={
                    "kind": "full",
                    "joined_on": dt.date(2005, 7, 1),
                    "full_on": dt.date(2006, 7, 1),
                },
            )

    with system_scope():
        general = _org(
            cast.town_a,
            "中共临桂镇机关总支部委员会",
            "450312100900",
            OrgKind.GENERAL_BRANCH,
            OrgCategory.ORGAN,
        )
        first = _org(general, "第一党支部", "450312100901", OrgKind.BRANCH, OrgCategory.ORGAN)
        second = _org(general, "第二党支部", "450312100902", OrgKind.BRANCH, OrgCategory.ORGAN)
        fill(first, 20, 1970)
        fill(second, 20, 1971)
    with scope_of(cast.officer_a):
        rows = {r["name"]: r for r in selectors.branch_findings()}
    assert [f.code for f in rows["中共临桂镇机关总支部委员会"]["findings"]] == [
        "general_branch_small"
    ]
    assert rows["中共临桂镇机关总支部委员会"]["all_members"] == 40
    assert rows["中共临桂镇机关总支部委员会"]["label"] == "临桂镇 / 中共临桂镇机关总支部委员会"
    with system_scope():
        third = _org(general, "第三党支部", "450312100903", OrgKind.BRANCH, OrgCategory.ORGAN)
        fill(third, 61, 1972)
    with scope_of(cast.officer_a):
        rows = {r["name"]: r for r in selectors.branch_findings()}
    assert rows["中共临桂镇机关总支部委员会"]["all_members"] == 101
    assert [f.code for f in rows["中共临桂镇机关总支部委员会"]["findings"]] == [
        "committee_possible"
    ]
    assert [f.code for f in rows["第三党支部"]["findings"]] == [
        "branch_too_large",
        "committee_needed",  # 61 full members and no branch committee
        "general_branch_possible",
    ]
    with scope_of(cast.officer_b):
        assert {r["name"] for r in selectors.branch_findings()} == {"中共六塘村支部委员会"}
    page = login(cast.officer_a).get("/admin/party/member/structure/").content.decode()
    assert "可以成立党的基层委员会" in page
    assert (
        "第三党支部"
        not in login(cast.officer_b).get("/admin/party/member/structure/").content.decode()
    )
