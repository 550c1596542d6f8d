"""Staff grades in public institutions below the county (职员等级)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from zugong.cadres.rules.common import setting
from zugong.cadres.rules.ranks import Eligibility, _count_tenure
from zugong.core.rules import Rule

STAFF_GRADE_YEARS = Rule(
    {8: (9, 3), 7: (8, 4), 6: (7, 4), 5: (6, 4)},
    "《关于县以下事业单位建立管理岗位职员等级晋升制度的意见》（2021）",
    "RULES.md §9: to 七级 4 years at 八级 [S]; to 八级 (3 years at 九级), 六级 and 五级 "
    "(4 years below) [M], to be confirmed by the Guangxi implementing rules; "
    "ZUGONG_STAFF_GRADE_YEARS overrides",
)


def staff_grade_eligibility(
    *, grade: int, since: dt.date, grades: dict[int, str], today: dt.date
) -> Eligibility:
    """The same counting as ranks: 优秀 shortens by half a year, 基本合格 or no grade
    does not count."""
    table = setting("ZUGONG_STAFF_GRADE_YEARS", STAFF_GRADE_YEARS.value)
    target = grade - 1
    result = Eligibility(current=str(grade), target=str(target), since=since, earliest=None)
    spec = table.get(target)
    if spec is None or spec[0] != grade:
        result.blocked = _("县以下事业单位职员等级晋升只设至五级职员")
        return result
    return _count_tenure(result, spec[1] * 12, grades, today)
