"""Impact periods (影响期) of admonishment, sanctions and organizational handling."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from zugong.cadres.models import Measure, SupervisionKind
from zugong.cadres.rules.common import setting
from zugong.core.rules import Rule, shift_months

DISCIPLINE = "《中国共产党纪律处分条例》（2023）"
STATE = "《公务员法》第六十四条；《政务处分法》"
ORG_HANDLING = "《中国共产党组织处理规定（试行）》（2021）"
BAR_MONTHS: dict[str, Rule] = {
    SupervisionKind.ADMONISHMENT: Rule(
        6,
        "《关于对党员领导干部进行提醒、函询和诫勉的实施细则》",
        "RULES.md §7.5, §8.2 [S]: no promotion or further use for 6 months (Guangdong 实施细则 "
        "Art. 5 and the national 实施细则; article of the national text not on record)",
    ),
    Measure.PARTY_WARNING: Rule(12, DISCIPLINE + "第十条", "RULES.md §7.5 [V]: 警告, 1 year"),
    Measure.PARTY_SERIOUS_WARNING: Rule(
        18, DISCIPLINE + "第十条", "RULES.md §7.5 [V]: 严重警告, 1.5 years"
    ),
    Measure.PARTY_POST_REMOVAL: Rule(
        24, DISCIPLINE + "第十一条", "RULES.md §7.5 [V]: 撤销党内职务, 2 years"
    ),
    Measure.PARTY_PROBATION_1: Rule(
        36,
        DISCIPLINE + "第十二条",
        "RULES.md §7.5 [V]: 留党察看 1 year, then 2 years after rights are restored",
    ),
    Measure.PARTY_PROBATION_2: Rule(
        48,
        DISCIPLINE + "第十二条",
        "RULES.md §7.5 [V]: 留党察看 2 years, then 2 years after rights are restored",
    ),
    Measure.PARTY_EXPULSION: Rule(
        60, DISCIPLINE + "第十三条", "RULES.md §7.5 [V]: no re-admission for 5 years"
    ),
    Measure.STATE_WARNING: Rule(6, STATE, "RULES.md §5.4, §7.5 [V]: 警告 6 months"),
    Measure.STATE_DEMERIT: Rule(12, STATE, "RULES.md §5.4, §7.5 [V]: 记过 12 months"),
    Measure.STATE_MAJOR_DEMERIT: Rule(18, STATE, "RULES.md §5.4, §7.5 [V]: 记大过 18 months"),
    Measure.STATE_DEMOTION: Rule(24, STATE, "RULES.md §5.4, §7.5 [V]: 降级 24 months"),
    Measure.STATE_REMOVAL: Rule(24, STATE, "RULES.md §5.4, §7.5 [V]: 撤职 24 months"),
}
# 组织处理 has two kinds of effect: 调整职务 and 降职 bar promotion (no post or rank above
# the one held); 责令辞职 and 免职 bar any leading post for a first period and a post above
# the former level for a longer one. Each measure's periods in months, by scope.
PROMOTION, LEADING, HIGHER = "promotion", "leading", "higher"
ORG_HANDLING_MONTHS = Rule(
    {
        Measure.ORG_POST_ADJUSTMENT: {PROMOTION: 12},
        Measure.ORG_ORDERED_RESIGNATION: {LEADING: 12, HIGHER: 24},
        Measure.ORG_DISMISSAL: {LEADING: 12, HIGHER: 24},
        Measure.ORG_DEMOTION: {PROMOTION: 24},
    },
    ORG_HANDLING,
    "RULES.md §7.5: measures [V], periods [M]: 调整职务 no promotion for 1 year; 责令辞职 and "
    "免职 no leading post for 1 year and no post above the former level for 2 years; 降职 no "
    "promotion for 2 years; article not on record. With a concurrent Party or state sanction "
    "the longer period applies (each record keeps its own bar; the latest end wins). "
    "ZUGONG_ORG_HANDLING_MONTHS overrides, per measure, e.g. "
    '{"org_dismissal": {"leading": 12, "higher": 24}}',
)
SUSPENSION_WHILE_OPEN = Rule(
    None,
    ORG_HANDLING,
    "RULES.md §7.5: 停职检查 bars promotion while the matter is open; the decision decides",
)


@dataclass(frozen=True)
class SupervisionFact:
    kind: str
    measure: str
    decided_on: dt.date
    is_open: bool = False
    label: str = ""


@dataclass(frozen=True)
class Bar:
    """An impact period. ``until`` ends the bar on promotion (for 责令辞职 and 免职: on a
    post above the former level); ``leading_until``, for those two, ends the earlier bar
    on any leading post at all."""

    label: str
    start: dt.date
    until: dt.date | None  # None: until the matter is closed
    source: str
    leading_until: dt.date | None = None

    @property
    def tiered(self) -> bool:
        return self.leading_until is not None


def org_handling_months(measure: str) -> dict[str, int] | None:
    """The periods (months by scope) of one organizational-handling measure, or None."""
    table = {
        **ORG_HANDLING_MONTHS.value,
        **setting("ZUGONG_ORG_HANDLING_MONTHS", {}),
    }
    return table.get(measure)


def bar_of(fact: SupervisionFact) -> Bar | None:
    """The impact period one supervision record imposes, or None (reminders, inquiries)."""
    if fact.measure == Measure.ORG_SUSPENSION:
        return (
            Bar(fact.label, fact.decided_on, None, SUSPENSION_WHILE_OPEN.source)
            if fact.is_open
            else None
        )
    months = org_handling_months(fact.measure)
    if months is not None:
        higher = months.get(HIGHER, months.get(PROMOTION, 0))
        leading = months.get(LEADING)
        return Bar(
            fact.label,
            fact.decided_on,
            shift_months(fact.decided_on, max(higher, leading or 0)),
            ORG_HANDLING_MONTHS.source,
            shift_months(fact.decided_on, leading) if leading is not None else None,
        )
    rule = BAR_MONTHS.get(fact.measure) or BAR_MONTHS.get(fact.kind)
    if rule is None:
        return None
    return Bar(fact.label, fact.decided_on, shift_months(fact.decided_on, rule.value), rule.source)


def active_bars(facts: list[SupervisionFact], on: dt.date) -> list[Bar]:
    bars = [bar_of(f) for f in facts if f.decided_on <= on]
    return [b for b in bars if b is not None and (b.until is None or b.until > on)]
