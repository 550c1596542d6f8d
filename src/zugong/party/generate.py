"""A deterministic, realistic data set of any size for benchmarks (`zugong gen`).

One root committee, townships (or counties' townships at province scale) under it,
and branches of every category under those, about one organization per twenty members
(1,000,000 members → about 50,000 organizations). Persons have valid ID numbers (GB
11643, unique), names, ages and education drawn as in the demo district; protected
fields are encrypted and hashed as the services do; rows go in with COPY on PostgreSQL
and batched executemany on SQLite (``core.bulk``). The same seed gives the same data.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator

from django.db import transaction
from django.utils import timezone

from zugong.core import audit, bulk, crypto, idnumber
from zugong.core.demo import ETHNICITIES, GIVEN_FEMALE, GIVEN_MALE, SURNAMES
from zugong.core.models import Organization, OrgCategory, OrgKind, Person
from zugong.core.models.organizations import segment
from zugong.party import capabilities as caps
from zugong.party import rules
from zugong.party.models import (
    BranchCommittee,
    CommitteePost,
    CommitteeSeat,
    Meeting,
    MeetingKind,
    Member,
    MemberKind,
    MemberStatus,
    Occupation,
)

TODAY = dt.date(2026, 1, 1)
MEMBERS_PER_BRANCH = 20
BRANCHES_PER_TOWNSHIP = 50
CATEGORIES = [
    (OrgCategory.VILLAGE, 44, "村"),
    (OrgCategory.COMMUNITY, 16, "社区"),
    (OrgCategory.ORGAN, 10, "机关"),
    (OrgCategory.SCHOOL, 8, "学校"),
    (OrgCategory.PUBLIC_INSTITUTION, 6, "卫生院"),
    (OrgCategory.STATE_ENTERPRISE, 4, "公司"),
    (OrgCategory.NON_PUBLIC_ENTERPRISE, 9, "企业"),
    (OrgCategory.SOCIAL_ORGANIZATION, 3, "协会"),
]
OCCUPATION = {
    OrgCategory.VILLAGE: Occupation.FARMER,
    OrgCategory.COMMUNITY: Occupation.RETIRED,
    OrgCategory.NON_PUBLIC_ENTERPRISE: Occupation.SELF_EMPLOYED,
}
BATCH = 20_000
# Share of branches with an elected committee, and of required meetings actually held:
# most branches keep up, a minority misses some, as inspections find.
COMMITTEE_SHARE = 0.7
HELD_SHARE = 0.92
# Dues: the last months of the year (what arrears and the dues rate read); most members
# pay every month, some stopped some months ago, a few paid none of them.
DUES_MONTHS = 4
DUES_PAID_UP = 0.9
DUES_NONE = 0.04


def _pick(rng: random.Random, weighted):
    total = sum(w for _v, w in weighted)
    roll = rng.random() * total
    for value, weight in weighted:
        roll -= weight
        if roll < 0:
            return value
    return weighted[-1][0]


def generate(*, members: int, seed: int = 2023, progress: Callable[[str], None] = print) -> dict:
    """Write ``members`` members with their persons and the organizations holding them
    into an empty database. Returns the counts."""
    if Organization.objects.unscoped().exists():  # Unscoped on purpose: an empty database only
        raise RuntimeError("数据库中已有党组织，生成数据需要空数据库")
    rng = random.Random(seed)
    branches_total = max(1, -(-members // MEMBERS_PER_BRANCH))
    townships_total = max(1, -(-branches_total // BRANCHES_PER_TOWNSHIP))
    now = timezone.now()
    # One bulk operation: every table it fills is analysed once at the end (core.bulk),
    # so what is measured right after is what a user gets right after.
    with transaction.atomic(), bulk.operation():
        orgs = _organizations(rng, townships_total, branches_total, now)
        progress(f"党组织 {orgs['count']:,} 个")
        persons, written = _persons_and_members(rng, members, orgs["branches"], now, progress)
        life = _committees_and_meetings(rng, orgs["branches"], TODAY.year - 1, now)
        progress(f"支部班子 {life['committees']:,} 个，组织生活 {life['meetings']:,} 次")
        life["dues"] = dues(rng, TODAY.year - 1, now)
        progress(f"党费记录 {life['dues']:,} 条（{TODAY.year - 1}年最后{DUES_MONTHS}个月）")
        audit.log_action(
            caps.MEMBER_CREATED,
            extra={"source": "gen", "members": written, "organizations": orgs["count"]},
        )
    return {
        "organizations": orgs["count"],
        "persons": persons,
        "members": written,
        **life,
    }


def _organizations(rng, townships_total: int, branches_total: int, now) -> dict:
    fields = [
        "name",
        "code",
        "kind",
        "category",
        "host_unit",
        "region_code",
        "founded_on",
        "status",
        "path",
        "depth",
        "parent",
        "created_at",
        "updated_at",
    ]
    root_path = segment(1)
    bulk.insert_rows(
        Organization,
        fields,
        [
            (
                "中共基准测试市委员会",
                "G0",
                OrgKind.DISTRICT,
                OrgCategory.ORGAN,
                "基准测试市",
                "450300",
                dt.date(1949, 11, 24),
                "active",
                root_path,
                1,
                None,
                now,
                now,
            )
        ],
    )
    # Unscoped on purpose: ids of the rows this generator has just written.
    root_id = Organization.objects.unscoped().get(code="G0").pk
    township_rows = [
        (
            f"中共第{t + 1}乡镇委员会",
            f"G{t + 1}",
            OrgKind.TOWNSHIP,
            OrgCategory.ORGAN,
            f"第{t + 1}乡镇人民政府",
            "450312",
            dt.date(1984, 10, 1),
            "active",
            root_path + segment(t + 1),
            2,
            root_id,
            now,
            now,
        )
        for t in range(townships_total)
    ]
    bulk.insert_rows(Organization, fields, township_rows)
    townships = dict(
        # Unscoped on purpose: as above.
        Organization.objects.unscoped().filter(kind=OrgKind.TOWNSHIP).values_list("path", "pk")
    )
    branches: list[tuple[str, str]] = []  # (code, category) in path order
    rows = []
    for b in range(branches_total):
        t = b % townships_total
        number = b // townships_total + 1
        category, _weight, word = _pick(rng, [(c, c[1]) for c in CATEGORIES])
        parent_path = root_path + segment(t + 1)
        code = f"G{t + 1}B{number}"
        rows.append(
            (
                f"中共第{t + 1}乡镇第{number}{word}支部委员会",
                code,
                OrgKind.BRANCH,
                category,
                f"第{t + 1}乡镇第{number}{word}",
                "450312",
                dt.date(1990 + rng.randint(0, 30), 7, 1),
                "active",
                parent_path + segment(number),
                3,
                townships[parent_path],
                now,
                now,
            )
        )
        branches.append((code, category))
    bulk.insert_rows(Organization, fields, rows)
    ids = dict(
        # Unscoped on purpose: as above.
        Organization.objects.unscoped().filter(kind=OrgKind.BRANCH).values_list("code", "pk")
    )
    return {
        "count": 1 + townships_total + branches_total,
        "branches": [(ids[code], category) for code, category in branches],
    }


def _people(rng, count: int, branches) -> Iterator[tuple]:
    used: set[str] = set()
    for index in range(count):
        branch_id, category = branches[index % len(branches)]
        age = min(95, max(19, int(rng.gauss(52, 16))))
        birth = TODAY - dt.timedelta(days=age * 365 + rng.randint(0, 364))
        male = rng.random() < 0.7
        while True:
            number = idnumber.make("450312", birth, rng.randint(0, 499) * 2 + (1 if male else 0))
            if number not in used:
                used.add(number)
                break
        name = rng.choice(SURNAMES) + rng.choice(GIVEN_MALE if male else GIVEN_FEMALE)
        education = (
            _pick(rng, [("71", 40), ("61", 25), ("81", 15), ("31", 12), ("21", 8)])
            if category == OrgCategory.VILLAGE
            else _pick(rng, [("21", 45), ("31", 25), ("61", 15), ("14", 10), ("71", 5)])
        )
        probationary = rng.random() < 0.04
        joined = birth + dt.timedelta(days=365 * rng.randint(19, max(20, min(age - 1, 45))))
        joined = min(joined, TODAY - dt.timedelta(days=30 if probationary else 400))
        yield (
            number,
            name,
            "1" if male else "2",
            birth,
            _pick(rng, ETHNICITIES),
            education,
            branch_id,
            category,
            probationary,
            joined,
            f"1{rng.choice('3589')}{rng.randint(100000000, 999999999)}"
            if rng.random() < 0.8
            else "",
        )


def _persons_and_members(rng, count: int, branches, now, progress) -> tuple[int, int]:
    person_fields = [
        "name",
        "gender",
        "birth_date",
        "ethnicity",
        "education",
        "political_status",
        "id_number_encrypted",
        "id_number_hash",
        "id_number_masked",
        "phone_encrypted",
        "phone_hash",
        "phone_masked",
        "organization",
        "former_name",
        "native_place",
        "work_unit",
        "job_title",
        "created_at",
        "updated_at",
    ]
    member_fields = [
        "person",
        "kind",
        "joined_on",
        "full_on",
        "status",
        "occupation",
        "created_at",
        "updated_at",
    ]
    written = 0
    people = _people(rng, count, branches)
    while written < count:
        chunk = [p for _i, p in zip(range(BATCH), people, strict=False)]
        if not chunk:
            break
        rows = []
        for (
            number,
            name,
            gender,
            birth,
            ethnicity,
            education,
            branch_id,
            _c,
            prob,
            _j,
            phone,
        ) in chunk:
            rows.append(
                (
                    name,
                    gender,
                    birth,
                    ethnicity,
                    education,
                    "02" if prob else "01",
                    crypto.encrypt(number),
                    crypto.keyed_hash(number),
                    crypto.mask_id_number(number),
                    crypto.encrypt(phone) if phone else "",
                    crypto.keyed_hash(phone) if phone else "",
                    crypto.mask_phone(phone) if phone else "",
                    branch_id,
                    "",
                    "",
                    "",
                    "",
                    now,
                    now,
                )
            )
        bulk.insert_rows(Person, person_fields, rows)
        # Ids of the rows just written, found by their hashes.
        ids = bulk.ids_by(Person, "id_number_hash", (r[7] for r in rows))
        members = []
        for person, row in zip(chunk, rows, strict=True):
            category, probationary, joined = person[7], person[8], person[9]
            members.append(
                (
                    ids[row[7]],
                    MemberKind.PROBATIONARY if probationary else MemberKind.FULL,
                    joined,
                    None if probationary else rules.probation_end(joined),
                    MemberStatus.NORMAL if rng.random() < 0.96 else MemberStatus.FLOATING,
                    OCCUPATION.get(category, Occupation.EMPLOYED),
                    now,
                    now,
                )
            )
        bulk.insert_rows(Member, member_fields, members)
        written += len(chunk)
        progress(f"党员 {written:,} / {count:,}")
    return written, written


def _committees_and_meetings(rng, branches, year: int, now) -> dict:
    """Committees (secretary, organization and publicity members from the branch's own
    members) for most branches, and the organizational life of ``year`` by the required
    frequencies, most of it held."""
    holders: dict[int, list[int]] = {}
    # Unscoped on purpose: the persons this generator has just written, by branch.
    for organization_id, person_id in (
        Person.objects.unscoped().order_by("id").values_list("organization_id", "pk").iterator()
    ):
        seats = holders.setdefault(organization_id, [])
        if len(seats) < 3:
            seats.append(person_id)
    with_committee = []
    committee_rows = []
    for branch_id, category in branches:
        if len(holders.get(branch_id, [])) < 3 or rng.random() >= COMMITTEE_SHARE:
            continue
        term = rules.term_years(OrgKind.BRANCH, category)
        elected = dt.date(year - rng.randint(0, term - 1), rng.randint(1, 12), 1)
        committee_rows.append((branch_id, elected, term, f"基准测试组发〔{elected.year}〕1号", now))
        with_committee.append(branch_id)
    bulk.insert_rows(
        BranchCommittee,
        ["organization", "elected_on", "term_years", "document_no", "created_at"],
        committee_rows,
    )
    committee_ids = dict(
        # Unscoped on purpose: as above.
        BranchCommittee.objects.unscoped().values_list("organization_id", "pk")
    )
    posts = [CommitteePost.SECRETARY, CommitteePost.ORGANIZATION, CommitteePost.PUBLICITY]
    bulk.insert_rows(
        CommitteeSeat,
        ["committee", "person", "post"],
        (
            (committee_ids[branch_id], person_id, post)
            for branch_id in with_committee
            for person_id, post in zip(holders[branch_id], posts, strict=True)
        ),
    )
    frequencies = rules.meeting_frequencies()
    labels = dict(MeetingKind.choices)
    committees = set(with_committee)

    def meetings():
        for branch_id, _category in branches:
            for kind, (period, applies) in frequencies.items():
                if applies == "party_group" or (
                    applies == "committee" and branch_id not in committees
                ):
                    continue
                first = dt.date(year, 1, 1)
                for label, key in rules.periods(period, first, dt.date(year, 12, 31)):
                    if rng.random() >= HELD_SHARE:
                        continue
                    end = rules.period_end(period, key)
                    months = {"year": 12, "quarter": 3}.get(period, 1)
                    start = rules.add_months(end.replace(day=1), 1 - months)
                    day = start + dt.timedelta(days=rng.randint(0, (end - start).days))
                    yield (branch_id, kind, day, f"{label}{labels[kind]}", "", "", "", now)

    written = bulk.insert_rows(
        Meeting,
        [
            "organization",
            "kind",
            "held_on",
            "topic",
            "host",
            "minutes",
            "attachment",
            "recorded_at",
        ],
        meetings(),
    )
    return {"committees": len(committee_rows), "meetings": written}


def dues(rng: random.Random, year: int, now) -> int:
    """Regular dues of every member for the last ``DUES_MONTHS`` months of ``year``."""
    from zugong.party.models import DuesPayment

    months = [dt.date(year, 12 - back, 1) for back in reversed(range(DUES_MONTHS))]
    fields = ["member_id", "kind", "month", "due", "amount", "paid_on", "recorded_at"]
    written = 0
    batch: list[tuple] = []
    ids = Member.objects.unscoped().order_by("id").values_list("id", flat=True)
    for member_id in ids.iterator(chunk_size=BATCH):
        draw = rng.random()
        if draw < DUES_NONE:
            continue
        paid = months if draw < DUES_PAID_UP + DUES_NONE else months[: rng.randrange(len(months))]
        amount = rng.choice((1, 2, 5, 10, 20, 35))
        for month in paid:
            paid_on = month.replace(day=rng.randint(5, 25))
            batch.append((member_id, DuesPayment.Kind.REGULAR, month, amount, amount, paid_on, now))
        if len(batch) >= BATCH:
            written += bulk.insert_rows(DuesPayment, fields, batch)
            batch = []
    if batch:
        written += bulk.insert_rows(DuesPayment, fields, batch)
    from zugong.party.services.dues import paid_through_refresh

    paid_through_refresh(None)
    return written
