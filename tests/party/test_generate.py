"""`zugong gen`: a deterministic, valid data set of any size (a small run here)."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from zugong.core import idnumber
from zugong.core.models import Organization, OrgKind, Person
from zugong.core.scope import system_scope
from zugong.core.services.persons import person_clear_value
from zugong.party import selectors
from zugong.party.models import BranchCommittee, Meeting, Member, MemberKind


def _snapshot():
    with system_scope():
        return (
            list(Person.objects.order_by("id").values_list("name", "birth_date", "id_number_hash")),
            list(Organization.objects.order_by("path").values_list("path", "name", "category")),
            list(
                Meeting.objects.order_by("held_on", "kind", "topic").values_list("kind", "held_on")
            ),
        )


@pytest.mark.django_db
def test_gen_makes_a_valid_tree_of_members(capsys):
    call_command("gen", "--members", "450")
    assert "党员 450 名" in capsys.readouterr().out
    with system_scope():
        assert Member.objects.count() == Person.objects.count() == 450
        branches = Organization.objects.filter(kind=OrgKind.BRANCH)
        assert branches.count() == 23  # one per twenty members
        township = Organization.objects.filter(kind=OrgKind.TOWNSHIP).get()
        assert all(b.path.startswith(township.path) for b in branches)
        assert Person.objects.filter(organization__kind=OrgKind.BRANCH).count() == 450
        for person in Person.objects.order_by("id")[:40]:
            info = idnumber.parse(person_clear_value(person, "id_number"))
            assert (info.birth_date, info.gender) == (person.birth_date, person.gender)
        for member in Member.objects.filter(kind=MemberKind.FULL)[:40]:
            assert member.full_on > member.joined_on
        assert Person.objects.values("id_number_hash").distinct().count() == 450
        # Committees of three of the branch's own members; a year of organizational life.
        committees = BranchCommittee.objects.all()
        assert 0 < committees.count() < 23
        for committee in committees:
            seats = list(committee.seats.select_related("person"))
            assert len(seats) == 3
            assert {s.post for s in seats} == {"secretary", "organization", "publicity"}
            assert all(s.person.organization_id == committee.organization_id for s in seats)
        meetings = Meeting.objects.all()
        assert {m.held_on.year for m in meetings} == {2025}
        rows = selectors.compliance(
            dt.date(2025, 1, 1), dt.date(2025, 12, 31), today=dt.date(2026, 1, 1)
        )
        assert len(rows) == 23
        required = sum(r["required"] for r in rows)
        done = sum(r["done"] for r in rows)
        assert 0.8 * required < done < required  # most held, some missing
        with_committee = {c.organization_id for c in committees}
        for organization_id, kind in meetings.values_list("organization_id", "kind"):
            assert kind != "group_meeting"
            if kind == "branch_committee_meeting":
                assert organization_id in with_committee
        # Dues of the last months of the year: most paid up, some in arrears, the arrears
        # list (party.selectors.dues_arrears) finds the latter.
        from zugong.party.models import DuesPayment

        payments = DuesPayment.objects.all()
        assert {p.month for p in payments} == {dt.date(2025, m, 1) for m in (9, 10, 11, 12)}
        paid_up = payments.filter(month=dt.date(2025, 12, 1)).count()
        assert 0.8 * 450 < paid_up < 450
        assert all(p.amount == p.due and p.paid_on.month == p.month.month for p in payments[:50])
    with pytest.raises(CommandError, match="空数据库"):
        call_command("gen", "--members", "10")


@pytest.mark.django_db(transaction=True)
def test_the_same_seed_gives_the_same_data():
    call_command("gen", "--members", "120")
    first = _snapshot()
    # Empty again, every app's generated records with it (the test is transactional).
    call_command("flush", "--noinput", verbosity=0)
    call_command("gen", "--members", "120")
    second = _snapshot()
    assert [p[1:] for p in first[0]] == [p[1:] for p in second[0]]  # births and ID hashes
    assert [p[0] for p in first[0]] == [p[0] for p in second[0]]
    assert first[1] == second[1]
    assert first[2] == second[2]
