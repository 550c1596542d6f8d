"""The demo district's cadres: about 400 in the township and district-organ teams and
offices, with posts and ranks and their history, education, résumé, family, five
years of annual results within the quota, a few supervision records (some with an
active bar), young-cadre pool, secondments, rectification tasks and dossier loans.
Some teams lack a woman, a young cadre or the age gradient, as real teams do.

Histories are drawn against the builder's fixed day; what must be current to be seen
(bars, inquiries awaiting a reply, secondments ending, loans overdue, deadlines) is
placed relative to the real today.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from zugong.cadres import capabilities as caps
from zugong.cadres import demo_people, demo_pool, demo_records, demo_supervision, rules
from zugong.cadres.demo_notices import make_notices
from zugong.cadres.demo_people import Maker
from zugong.cadres.models import LeadingGroup
from zugong.core import audit
from zugong.core.models import Organization, OrgCategory, OrgKind

# The phases, in the order they draw from the one random stream (the same seed gives
# the same district only in this order): who sits where (demo_people), the records
# (demo_records), annual results and supervision (demo_supervision), then pool,
# secondments, rectification, dossiers and appointment forms (demo_pool).


@dataclass
class Build:
    """What the phases share: the random stream, the fixed day, the Maker, the units,
    and what a phase makes that a later one (or the summary) needs."""

    rng: random.Random
    today: dt.date
    maker: Maker
    townships: list[Organization]
    organs: list[Organization]
    institutions: dict[int, Organization]
    groups: list[LeadingGroup] = field(default_factory=list)
    cadres: list = field(default_factory=list)
    positions: list = field(default_factory=list)
    grades: list = field(default_factory=list)
    records: list = field(default_factory=list)
    leaders: list = field(default_factory=list)
    young: list = field(default_factory=list)
    pool: list = field(default_factory=list)
    secondments: list = field(default_factory=list)
    loans: list = field(default_factory=list)
    forms: list = field(default_factory=list)

    @property
    def now(self) -> dt.date:
        """The real today: what must be current to be seen is placed against it."""
        return self.maker.today


def extend(rng: random.Random, today: dt.date) -> str:
    b = Build(
        rng=rng,
        today=today,
        maker=Maker(rng, today),
        townships=list(Organization.objects.filter(kind=OrgKind.TOWNSHIP).order_by("path")),
        organs=list(
            Organization.objects.filter(
                kind=OrgKind.BRANCH, category=OrgCategory.ORGAN, code__startswith="450312JG"
            ).order_by("path")
        ),
        institutions={
            o.parent_id: o
            for o in Organization.objects.filter(
                kind=OrgKind.BRANCH, category=OrgCategory.PUBLIC_INSTITUTION
            ).order_by("path")
        },
    )
    demo_people.seat_townships(b)
    demo_people.seat_organs(b)
    by_number, photos = demo_people.save_people(b)
    demo_records.make_cadres(b, by_number, photos)
    demo_records.make_records(b)
    demo_supervision.annual_results(b)
    demo_supervision.supervision(b)
    demo_pool.young_pool(b)
    demo_pool.place_secondments(b)
    demo_pool.rectifications(b)
    demo_pool.dossiers(b)
    demo_pool.appointment_forms(b)
    make_notices(b.forms, b.positions, b.now)
    audit.log_action(caps.CADRE_SAVED, extra={"source": "demo", "cadres": len(b.cadres)})
    return _summary(b)


def _summary(b: Build) -> str:
    maker, now, groups = b.maker, b.now, b.groups
    cadres, positions, grades, records = b.cadres, b.positions, b.grades, b.records
    pool, secondments, loans = b.pool, b.secondments, b.loans
    lacking = sum(
        1
        for g in groups
        if rules.team_structure(
            [
                rules.TeamMember(
                    p["person_obj"].name,
                    rules.age_on(p["person_obj"].birth_date, now),
                    p["person_obj"].gender,
                    p["person_obj"].ethnicity,
                    p["person_obj"].political_status,
                    p["person_obj"].education,
                )
                for p in maker.plans
                if p["group"] is g
            ],
            level="township",
            is_government=g.is_government,
            gradient=g.level != LeadingGroup.Level.DEPARTMENT,
        ).warnings
    )
    return (
        f"干部{len(cadres)}名（领导班子{len(groups)}个，其中结构有缺项{lacking}个），任职记录{len(positions)}条，"
        f"年度考核{len(grades)}条，监督记录{len(records)}条，优秀年轻干部{len(pool)}名，挂职{len(secondments)}名，"
        f"巡视巡察整改{10}项，档案借阅{len(loans)}次"
    )
