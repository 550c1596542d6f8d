"""Young cadres and the structure of leadership teams."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from zugong.cadres.rules.common import SELECTION, setting
from zugong.core.rules import Rule

YOUNG_AGE_LINES = Rule(
    {"township": 35, "department": 40, "county": 45},
    SELECTION + "第三条",
    "RULES.md §10: Art. 3 asks for outstanding young cadres [V] but sets no age line; "
    "乡科级 35, 县处级 about 40 are working definitions [S/M]; ZUGONG_YOUNG_AGE_LINES overrides",
)
TEAM_REQUIREMENTS = Rule(
    {"woman": True, "young": True, "age_bands": 3, "minority": False, "non_party_government": True},
    SELECTION + "第三条",
    "RULES.md §10 [M], verify against the autonomous region's general-election plan: a woman "
    "in township and county teams, an age gradient with a cadre about 35 (township) or 40 "
    "(county) or younger, non-Party cadres in government teams, minority cadres in autonomous "
    "areas; Art. 3 [V] only asks to plan for women, minority and non-Party cadres; "
    "ZUGONG_TEAM_REQUIREMENTS overrides",
)
OLD_AGE = 50


def young_line(level: str) -> int:
    return setting("ZUGONG_YOUNG_AGE_LINES", YOUNG_AGE_LINES.value).get(level, 35)


@dataclass(frozen=True)
class TeamMember:
    name: str
    age: int
    gender: str
    ethnicity: str
    political_status: str
    education_code: str


@dataclass
class TeamStructure:
    size: int
    women: int
    minority: int
    non_party: int
    young: int
    bands: dict[str, int]
    education: dict[str, int]
    average_age: float
    warnings: list[str]


def team_structure(
    members: list[TeamMember], *, level: str, is_government: bool, gradient: bool = True
) -> TeamStructure:
    """Age, gender, ethnicity, party and education mix of a team, with what it lacks.

    The age gradient (老中青) is asked of the township and county teams elected at a
    general election; ``gradient=False`` leaves it out for a department's small team."""
    line = young_line(level)
    needs = setting("ZUGONG_TEAM_REQUIREMENTS", TEAM_REQUIREMENTS.value)
    bands = {_("青（%(n)d岁及以下）") % {"n": line}: 0, _("中"): 0, _("老（50岁及以上）"): 0}
    keys = list(bands)
    education = {_("研究生"): 0, _("大学本科"): 0, _("大学专科"): 0, _("其他"): 0}
    edu_keys = list(education)
    for m in members:
        bands[keys[0 if m.age <= line else (2 if m.age >= OLD_AGE else 1)]] += 1
        head = (m.education_code or "9")[:1]
        education[edu_keys[{"1": 0, "2": 1, "3": 2}.get(head, 3)]] += 1
    structure = TeamStructure(
        size=len(members),
        women=sum(m.gender == "2" for m in members),
        minority=sum(m.ethnicity not in ("01", "") for m in members),
        non_party=sum(m.political_status not in ("01", "02") for m in members),
        young=bands[keys[0]],
        bands=bands,
        education=education,
        average_age=round(sum(m.age for m in members) / len(members), 1) if members else 0.0,
        warnings=[],
    )
    if not members:
        structure.warnings.append(_("班子没有在任成员"))
        return structure
    if needs.get("woman") and structure.women == 0:
        structure.warnings.append(_("缺少女干部"))
    if needs.get("young") and structure.young == 0:
        structure.warnings.append(_("缺少%(n)d岁及以下的年轻干部") % {"n": line})
    present = sum(1 for count in bands.values() if count)
    if gradient and present < needs.get("age_bands", 0):
        structure.warnings.append(_("年龄梯次不合理（老中青未形成梯次）"))
    if needs.get("minority") and structure.minority == 0:
        structure.warnings.append(_("缺少少数民族干部"))
    if needs.get("non_party_government") and is_government and structure.non_party == 0:
        structure.warnings.append(_("政府班子缺少党外干部"))
    return structure
