"""Leading cadres in contact with experts (领导干部联系服务专家, RULES.md §15): how often a
leader contacts each expert, how many experts a leader takes by level, and the check
that lists leaders below their frequency before each quarter ends. Pure functions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from zugong.core.rules import Rule
from zugong.talent.rules.common import setting

OPINION = "《关于进一步加强党委联系服务专家工作的意见》（2017）"
CONTACT_SYSTEM = Rule(
    "pairs by level, contact log, problems raised and solved",
    OPINION,
    "RULES.md §15 [V]: party committees fix contact lists by level and category; each "
    "leadership member has assigned experts; frequency and numbers are local",
)
CONTACTS_PER_QUARTER = Rule(
    1,
    "各地领导干部联系服务专家制度（每季度至少通过电话或走访联系一次）",
    "RULES.md §15 [M/S]; ZUGONG_TALENT_CONTACT_PER_QUARTER overrides",
)
VISITS_PER_YEAR = Rule(
    1,
    "各地领导干部联系服务专家制度（每年至少走访面谈1至2次）",
    "RULES.md §15 [M/S]: 1–2 face-to-face visits a year, the lower bound by default; "
    "ZUGONG_TALENT_CONTACT_VISITS_PER_YEAR overrides",
)
CONTACT_KINDS = Rule(
    ("visit", "call", "greeting", "meeting"),
    "各地领导干部联系服务专家制度（电话、走访、节日慰问、座谈计为联系）",
    "RULES.md §15: a message alone is not counted as contact",
)
VISIT_KINDS = Rule(
    ("visit", "meeting"),
    "各地领导干部联系服务专家制度（走访、座谈计为面谈）",
    "RULES.md §15: face-to-face contact",
)
VISITS_PRORATED = Rule(
    "per_year × quarter ÷ 4, rounded down",
    "本系统约定：年度走访次数按已过季度折算（向下取整），第四季度须达到全年次数",
    "keeps a leader who has only phoned in the first quarter off the list for visits",
)
EXPERTS_PER_LEADER = Rule(
    {"main": (3, 5), "standing": (3, 4), "other": (2, 3), "department": (1, 3)},
    "各地领导干部联系服务专家名单（如德宏州：四家班子主要领导3至5名、常委3至4名、"
    "其他领导2至3名；县级领导通常1至3名）",
    "RULES.md §15 [S] Dehong 2015, county practice [M] for department heads; "
    "ZUGONG_TALENT_CONTACT_EXPERTS overrides the mapping (level → (min, max))",
)
WARN_DAYS = Rule(
    15,
    "本系统约定：季度结束前15天起列出未达联系频次的领导，季度结束后列出上季度未达的",
    "ZUGONG_TALENT_CONTACT_WARN_DAYS overrides",
)


def per_quarter() -> int:
    return int(setting("ZUGONG_TALENT_CONTACT_PER_QUARTER", CONTACTS_PER_QUARTER.value))


def visits_per_year() -> int:
    return int(setting("ZUGONG_TALENT_CONTACT_VISITS_PER_YEAR", VISITS_PER_YEAR.value))


def warn_days() -> int:
    return int(setting("ZUGONG_TALENT_CONTACT_WARN_DAYS", WARN_DAYS.value))


def experts_range(level: str) -> tuple[int, int] | None:
    table = setting("ZUGONG_TALENT_CONTACT_EXPERTS", EXPERTS_PER_LEADER.value)
    found = table.get(level)
    return tuple(found) if found else None


def experts_problem(level: str, count: int) -> str | None:
    """Why a leader of ``level`` with ``count`` experts is outside the range, or None."""
    bounds = experts_range(level)
    if bounds is None:
        return None
    low, high = bounds
    if count < low:
        return _("联系专家%(n)d名，少于%(m)d名") % {"n": count, "m": low}
    if count > high:
        return _("联系专家%(n)d名，多于%(m)d名") % {"n": count, "m": high}
    return None


def quarter_of(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    start = dt.date(year, 3 * quarter - 2, 1)
    end = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
    return start, end - dt.timedelta(days=1)


@dataclass(frozen=True)
class Period:
    """The quarter a check on some day looks at."""

    year: int
    quarter: int
    start: dt.date
    end: dt.date
    closed: bool  # the quarter has ended (the check after it)

    @property
    def label(self) -> str:
        return _("%(y)d年第%(q)d季度") % {"y": self.year, "q": self.quarter}


def check_period(today: dt.date, days: int | None = None) -> Period:
    """From ``days`` (15) before a quarter's last day the check looks at that quarter;
    before that, at the quarter just ended: 16 December → the fourth quarter (15 days
    left), 15 December → the third (closed)."""
    days = warn_days() if days is None else days
    year, quarter = quarter_of(today)
    start, end = quarter_bounds(year, quarter)
    if (end - today).days <= days:
        return Period(year, quarter, start, end, closed=False)
    year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    start, end = quarter_bounds(year, quarter)
    return Period(year, quarter, start, end, closed=True)


def visits_expected(quarter: int, per_year: int | None = None) -> int:
    """Visits a pair should have had in the year by the end of ``quarter``: 1 a year →
    0, 0, 0, 1; 2 a year → 0, 1, 1, 2."""
    per_year = visits_per_year() if per_year is None else per_year
    return per_year * quarter // 4


def shortfall(
    *,
    period: Period,
    contacts: int,
    visits: int,
    since: dt.date | None = None,
    needed_contacts: int | None = None,
    per_year: int | None = None,
) -> list[str]:
    """What a leader–expert pair misses in ``period``: ``contacts`` in the quarter and
    ``visits`` in the year up to its end. A pair formed after the quarter began owes
    nothing that quarter (no contact yet is not a shortfall)."""
    if since is not None and since > period.start:
        return []
    needed = per_quarter() if needed_contacts is None else needed_contacts
    missing = []
    if contacts < needed:
        if contacts == 0:
            missing.append(_("%(p)s未联系") % {"p": period.label})
        else:
            missing.append(
                _("%(p)s联系%(n)d次，少于%(m)d次") % {"p": period.label, "n": contacts, "m": needed}
            )
    expected = visits_expected(period.quarter, per_year)
    if visits < expected:
        missing.append(
            _("%(y)d年走访面谈%(n)d次，少于%(m)d次")
            % {"y": period.year, "n": visits, "m": expected}
        )
    return missing
