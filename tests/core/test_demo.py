from django.core.management import call_command

from tests.conftest import login
from zugong.core import audit, demo, idnumber
from zugong.core.models import Organization, OrgKind, Person, User
from zugong.core.scope import system_scope
from zugong.core.services.persons import person_clear_value


def test_demo_district_is_realistic_and_deterministic(db, capsys):
    call_command("demo", "--persons", "400")
    out = capsys.readouterr().out
    assert "演示账号（密码均为 Zugong#2026）" in out
    assert "lingui" in out
    assert "shenji" in out
    with system_scope():
        townships = list(
            Organization.objects.filter(kind=OrgKind.TOWNSHIP).values_list("name", flat=True)
        )
        assert 8 <= len(townships) <= 10
        assert townships[0] == "中共临桂区临桂镇委员会"
        categories = set(Organization.objects.values_list("category", flat=True))
        assert {
            "village",
            "community",
            "organ",
            "school",
            "public_institution",
            "state_enterprise",
            "non_public_enterprise",
            "social_organization",
        } <= categories
        persons = list(Person.objects.order_by("id")[:50])
        assert Person.objects.count() >= 400
        for person in persons:
            info = idnumber.parse(person_clear_value(person, "id_number"))
            assert info.birth_date == person.birth_date
            assert info.gender == person.gender
        branch = Organization.objects.filter(kind=OrgKind.BRANCH).first()
        draws = [[demo.Builder(10).person_data(branch) for _ in range(3)] for _ in range(2)]
    assert draws[0] == draws[1]  # the same seed draws the same people
    # The nine staff accounts; the talent portal's four are the talents' own.
    assert User.objects.filter(person__isnull=True).count() == 9
    assert User.objects.filter(person__isnull=False).count() == 4
    assert audit.verify_chain().ok
    call_command("demo")  # a second run leaves the district as it is
    assert "演示数据已存在" in capsys.readouterr().out
    lingui = User.objects.get(username="lingui")
    body = login(lingui).get("/admin/core/person/").content.decode()
    assert "临桂镇" in body
    assert "六塘镇" not in body


def test_the_demo_shows_late_records_and_members_due_to_transfer(db):
    """The branch secretary's board carries a talk recorded after the month (with its
    reason), and some floating members at a fixed place are due to transfer."""
    import datetime as dt

    from tests.conftest import scope_of
    from zugong.party import selectors

    call_command("demo", "--persons", "1200")
    zhibu = User.objects.get(username="zhibu")
    with scope_of(zhibu):
        board = selectors.development_board(dt.date.today())
    late = [x for rows in board.values() for r in rows for x in r["late"]]
    assert [x.label for x in late] == ["派人谈话"]
    admin = User.objects.get(username="admin")
    with scope_of(admin):
        codes = {f["code"] for f in selectors.member_flags(dt.date.today())}
    assert "transfer_due" in codes
