import datetime as dt

import pytest

from tests.conftest import _person
from zugong.cadres.models import LeadingGroup
from zugong.cadres.services import records
from zugong.core.scope import system_scope


def make_cadre(person, unit, **data):
    base = {
        "unit_name": "临桂镇人民政府",
        "unit_kind": "organ",
        "unit_level": "township",
        "work_started_on": dt.date(2010, 7, 1),
    }
    return records.cadre_create(actor=None, person=person, unit=unit, data={**base, **data})


@pytest.fixture
def cadres(cast):
    """韦立新 (临桂镇 deputy head, 四级主任科员) and 莫春梅 (六塘镇)."""
    with system_scope():
        cast.cadre_person_a = _person(cast.town_a, "韦立新", 51, birth=dt.date(1985, 4, 2))
        cast.cadre_a = make_cadre(
            cast.cadre_person_a,
            cast.town_a,
            work_started_on=dt.date(2007, 7, 1),
            party_joined_on=dt.date(2006, 6, 1),
        )
        cast.team_a = LeadingGroup.objects.create(
            organization=cast.town_a, name="临桂镇党政班子", level="township", establishment=9
        )
        records.position_add(
            actor=None,
            cadre=cast.cadre_a,
            data={
                "title": "副镇长",
                "level": "township_deputy",
                "leading_group": cast.team_a,
                "started_on": dt.date(2021, 3, 1),
                "appointment_doc": "临组干〔2021〕5号",
                "appointment_approved_by": "中共临桂区委",
                # Recorded after the fact: the 2021 notice is in the paper dossier.
                "notice_exemption": "earlier_record",
                "notice_exemption_note": "2021年2月已在全镇范围公示",
            },
        )
        records.rank_set(
            actor=None,
            cadre=cast.cadre_a,
            rank="zrky4",
            started_on=dt.date(2020, 1, 1),
            document="临组干〔2020〕1号",
        )
        cast.cadre_b = make_cadre(
            cast.person_b,
            cast.town_b,
            unit_name="六塘镇人民政府",
            work_started_on=dt.date(2004, 7, 1),
        )
    return cast
