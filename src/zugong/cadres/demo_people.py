"""The demo cadres: who sits where. Each township's party and government team and
office staff, the head of its public institution's office, each district organ's team
and staff; the persons are saved in one bulk and each plan says unit, post and level
for the records that follow (demo_records)."""

from __future__ import annotations

import datetime as dt
import io
import random
from typing import TYPE_CHECKING

from zugong.cadres.models import (
    LeadingGroup,
    PostLevel,
    UnitEstablishment,
    UnitKind,
    UnitLevel,
)
from zugong.core import crypto, idnumber
from zugong.core.demo import GIVEN_FEMALE, GIVEN_MALE, NATIVE, SURNAMES
from zugong.core.models import Organization, Person
from zugong.core.services import persons as person_services

if TYPE_CHECKING:
    from zugong.cadres.demo import Build

TOWNSHIP_TEAM = [
    ("党委书记", PostLevel.TOWNSHIP_PRINCIPAL, True, (40, 54)),
    ("党委副书记、镇长", PostLevel.TOWNSHIP_PRINCIPAL, True, (36, 50)),
    ("人大主席", PostLevel.TOWNSHIP_PRINCIPAL, True, (45, 57)),
    ("党委副书记", PostLevel.TOWNSHIP_DEPUTY, True, (32, 48)),
    ("党委委员、纪委书记", PostLevel.TOWNSHIP_DEPUTY, True, (33, 52)),
    ("党委委员、组织委员", PostLevel.TOWNSHIP_DEPUTY, True, (29, 45)),
    ("党委委员、宣传委员", PostLevel.TOWNSHIP_DEPUTY, True, (29, 48)),
    ("党委委员、副镇长", PostLevel.TOWNSHIP_DEPUTY, False, (30, 50)),
    ("副镇长", PostLevel.TOWNSHIP_DEPUTY, False, (29, 52)),
]
OFFICE_POSTS = [
    "党政综合办公室",
    "党建工作办公室",
    "经济发展办公室",
    "社会事务办公室",
    "综合行政执法队",
]


class Maker:
    def __init__(self, rng: random.Random, fixed: dt.date):
        self.rng = rng
        self.fixed = fixed
        self.today = dt.date.today()
        self.taken = set(Person.objects.values_list("id_number_hash", flat=True))
        self.rows: list[tuple[Organization, dict]] = []
        self.plans: list[dict] = []

    def birth(self, low: int, high: int) -> dt.date:
        age = self.rng.randint(low, high)
        return self.fixed - dt.timedelta(days=age * 365 + self.rng.randint(0, 364))

    def person(self, organization, *, woman: bool, low: int, high: int, party: bool = True):
        rng = self.rng
        if woman:  # women cadres retire at 55 (before the delay): none in the demo is past it
            high = min(high, 53)
            low = min(low, high)
        birth = self.birth(low, high)
        while True:
            number = idnumber.make("450312", birth, rng.randint(0, 499) * 2 + (0 if woman else 1))
            if crypto.keyed_hash(number) not in self.taken:
                self.taken.add(crypto.keyed_hash(number))
                break
        name = rng.choice(SURNAMES) + rng.choice(GIVEN_FEMALE if woman else GIVEN_MALE)
        ethnicity = rng.choices(["01", "08", "13", "12"], [74, 18, 6, 2])[0]
        education = rng.choices(["21", "14", "31"], [64, 18, 18])[0]
        data = {
            "name": name,
            "id_number": number,
            "ethnicity": ethnicity,
            "education": education,
            "political_status": "01" if party else rng.choice(["13", "06", "12"]),
            "native_place": rng.choice(NATIVE),
            "work_unit": organization.host_unit or organization.name,
            "phone": f"139{rng.randint(10000000, 99999999)}",
        }
        self.rows.append((organization, data))
        return data


def _photo(woman: bool) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (120, 150), (58, 108, 190))
    draw = ImageDraw.Draw(image)
    draw.ellipse((36, 22, 84, 80), fill=(238, 205, 176))
    if woman:
        draw.pieslice((30, 14, 90, 84), 180, 360, fill=(40, 30, 30))
    else:
        draw.chord((36, 18, 84, 54), 180, 360, fill=(30, 30, 30))
    draw.rectangle((22, 90, 98, 150), fill=(35, 38, 48))
    draw.polygon([(52, 90), (60, 112), (68, 90)], fill=(240, 240, 240))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def seat_townships(b: Build) -> None:
    """A team per township (a few lacking a woman or a young cadre), its staff, and
    the head of its public institution's office."""
    for index, town in enumerate(b.townships):
        short = (
            town.name.removeprefix("中共临桂区")
            .removesuffix("街道工作委员会")
            .removesuffix("委员会")
        )
        group = LeadingGroup.objects.create(
            organization=town,
            name=f"{short}党政领导班子",
            level=LeadingGroup.Level.TOWNSHIP,
            establishment=len(TOWNSHIP_TEAM),
            is_government=False,
        )
        b.groups.append(group)
        _township_team(b, index, town, short, group)
        _township_staff(b, town, short)


def _township_team(b: Build, index: int, town: Organization, short: str, group) -> None:
    rng, maker = b.rng, b.maker
    # A few teams lack a woman or a young cadre, as the analysis should show.
    lacks_woman = index % 4 == 1
    lacks_young = index % 3 == 2
    women = set() if lacks_woman else set(rng.sample(range(len(TOWNSHIP_TEAM)), rng.randint(1, 3)))
    street = "街道" in short
    for seat, (title, level, party, (low, high)) in enumerate(TOWNSHIP_TEAM):
        woman = seat in women
        if street:
            title = title.replace("镇长", "主任").replace("人大主席", "人大工委主任")
        if lacks_young:
            low = max(low, 37)
        elif title == "党委委员、组织委员":
            low, high = 29, 34  # every other team has a young cadre here
        data = maker.person(town, woman=woman, low=low, high=max(low, high), party=party)
        maker.plans.append(
            {
                "person": data,
                "unit": town,
                "unit_name": f"{short}人民政府" if "街道" not in short else f"{short}办事处",
                "title": f"{short}{title}",
                "level": level,
                "group": group,
                "woman": woman,
                "kind": UnitKind.PARTY_GOVERNMENT,
                "unit_level": UnitLevel.TOWNSHIP,
            }
        )


def _township_staff(b: Build, town: Organization, short: str) -> None:
    rng, maker = b.rng, b.maker
    for _ in range(rng.randint(19, 22)):
        woman = rng.random() < 0.42
        data = maker.person(town, woman=woman, low=23, high=58)
        maker.plans.append(
            {
                "person": data,
                "unit": town,
                "unit_name": f"{short}人民政府",
                "title": f"{short}{rng.choice(OFFICE_POSTS)}工作人员",
                "level": "",
                "group": None,
                "woman": woman,
                "kind": UnitKind.PARTY_GOVERNMENT,
                "unit_level": UnitLevel.TOWNSHIP,
            }
        )
    institution = b.institutions.get(town.pk)
    if institution is not None:
        woman = rng.random() < 0.5
        data = maker.person(institution, woman=woman, low=32, high=55)
        maker.plans.append(
            {
                "person": data,
                "unit": town,
                "unit_name": institution.host_unit,
                "title": f"{institution.host_unit}办公室主任",
                "level": "",
                "group": None,
                "woman": woman,
                "kind": UnitKind.PUBLIC_INSTITUTION,
                "unit_level": UnitLevel.TOWNSHIP,
                "staff_grade": True,
            }
        )


def seat_organs(b: Build) -> None:
    """A team of four per district organ (most with a young deputy) and its staff."""
    rng, maker = b.rng, b.maker
    for organ_index, organ in enumerate(b.organs):
        unit = organ.host_unit or organ.name
        group = LeadingGroup.objects.create(
            organization=organ,
            name=f"{unit}领导班子",
            level=LeadingGroup.Level.DEPARTMENT,
            establishment=4,
            is_government=False,  # a bureau's team; the government team is the district's
        )
        b.groups.append(group)
        head = "部长" if unit.endswith("部") else ("主任" if unit.endswith("室") else "局长")
        for number, (title, level, low, high) in enumerate(
            [
                (head, PostLevel.TOWNSHIP_PRINCIPAL, 40, 55),
                (f"副{head}", PostLevel.TOWNSHIP_DEPUTY, 33, 52),
                (f"副{head}", PostLevel.TOWNSHIP_DEPUTY, 30, 50),
                (f"副{head}", PostLevel.TOWNSHIP_DEPUTY, 30, 54),
            ]
        ):
            woman = rng.random() < 0.3 or (number == 1 and organ_index % 4 != 0)
            if number == 2 and organ_index % 3 != 0:
                low, high = 29, 33  # most teams have a young deputy
            party = not (number == 3 and rng.random() < 0.3)  # some bureaus have a non-party deputy
            data = maker.person(organ, woman=woman, low=low, high=high, party=party)
            maker.plans.append(
                {
                    "person": data,
                    "unit": organ,
                    "unit_name": unit,
                    "title": f"{unit}{title}",
                    "level": level,
                    "group": group,
                    "woman": woman,
                    "kind": UnitKind.PARTY_GOVERNMENT,
                    "unit_level": UnitLevel.COUNTY,
                }
            )
        for _ in range(rng.randint(5, 7)):
            woman = rng.random() < 0.45
            data = maker.person(organ, woman=woman, low=24, high=58)
            maker.plans.append(
                {
                    "person": data,
                    "unit": organ,
                    "unit_name": unit,
                    "title": f"{unit}{rng.choice(['办公室', '业务股', '综合股', '法规股'])}工作人员",
                    "level": "",
                    "group": None,
                    "woman": woman,
                    "kind": UnitKind.PARTY_GOVERNMENT,
                    "unit_level": UnitLevel.COUNTY,
                }
            )


def save_people(b: Build) -> tuple[dict, dict]:
    """The units' establishments and every planned person; the persons by ID hash, and
    the two photos."""
    rng, maker = b.rng, b.maker
    UnitEstablishment.objects.bulk_create(
        [
            UnitEstablishment(
                organization=town, posts=rng.randint(42, 58), document="临编〔2024〕12号"
            )
            for town in b.townships
        ]
        + [
            UnitEstablishment(
                organization=organ, posts=rng.randint(14, 26), document="临编〔2024〕12号"
            )
            for organ in b.organs
        ]
    )
    persons = person_services.person_bulk_create(actor=None, rows=maker.rows, source="demo")
    by_number = {p.id_number_hash: p for p in persons}
    photos = {True: _photo(True), False: _photo(False)}
    return by_number, photos
