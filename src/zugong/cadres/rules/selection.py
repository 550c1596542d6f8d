"""May this cadre be promoted, and does he meet a leading post's qualifications."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from zugong.cadres.models import AnnualGrade, PostLevel
from zugong.cadres.rules.bars import Bar, SupervisionFact, active_bars
from zugong.cadres.rules.common import SELECTION, months_between
from zugong.core.rules import Rule, shift_months

LEVEL_ORDER = list(PostLevel.values)  # low → high
PROBATION_MONTHS = Rule(
    12,
    SELECTION + "第四十三条",
    "RULES.md §7.4 [V] for the content (2014 Art. 42); in 2019 the notice is Art. 42 (seen), "
    "so probation follows as Art. 43 (RULES.md's '~44' was a guess)",
)
RECENT_ASSESSMENT_YEARS = Rule(
    3,
    SELECTION + "第二十六条",
    "RULES.md §7.3 [S/M]: a 基本称职 or lower grade in the last 3 years bars inspection; "
    "the 2019 number is given as Art. ~26, unverified",
)


@dataclass(frozen=True)
class CadreFacts:
    name: str
    birth: dt.date
    gender: str
    work_started_on: dt.date | None
    education_codes: tuple[str, ...] = ()
    grades: dict[int, str] = field(default_factory=dict)
    supervision: tuple[SupervisionFact, ...] = ()
    # (level, started_on, ended_on or None, probation, is_promotion) of each post held
    posts: tuple[tuple[str, dt.date, dt.date | None, bool, bool], ...] = ()
    grassroots_months: int = 0
    last_training_on: dt.date | None = None


@dataclass
class Verdict:
    allowed: bool
    reasons: list[str]
    until: dt.date | None
    sources: list[str] = field(default_factory=list)
    bars: int = 0  # how many of the reasons (the first ones) come from supervision records
    appointment: bool = False  # the answer for one appointment, not for promotion at large

    @property
    def text(self) -> str:
        if self.allowed:
            return _("可以任职") if self.appointment else _("可以提拔或晋升")
        until = _("，影响期至%(d)s") % {"d": f"{self.until:%Y年%m月%d日}"} if self.until else ""
        if self.appointment:
            return _("不能任该职务：%(r)s%(u)s") % {"r": "；".join(self.reasons), "u": until}
        return _("不能提拔或晋升：%(r)s%(u)s") % {"r": "；".join(self.reasons), "u": until}


def _bar_reason(bar: Bar) -> str:
    if bar.until is None:
        return _("%(l)s，处理未结束") % {"l": bar.label}
    text = _("%(l)s（%(s)s起），影响期至%(u)s") % {
        "l": bar.label,
        "s": f"{bar.start:%Y-%m-%d}",
        "u": f"{bar.until:%Y-%m-%d}",
    }
    if bar.tiered:
        text += _("（%(d)s前不得担任任何领导职务）") % {"d": f"{bar.leading_until:%Y-%m-%d}"}
    return text


def _record_reasons(facts: CadreFacts, on: dt.date) -> tuple[list[str], list[dt.date], list[str]]:
    """What besides supervision blocks a promotion: a post on probation, and a 基本称职
    or lower grade in the last three years."""
    reasons: list[str] = []
    ends: list[dt.date] = []
    sources: list[str] = []
    for _level, started, ended, probation, _promotion in facts.posts:
        if probation and ended is None:
            finish = shift_months(started, PROBATION_MONTHS.value)
            if finish > on:
                reasons.append(_("任职试用期未满（%(d)s期满）") % {"d": f"{finish:%Y-%m-%d}"})
                ends.append(finish)
                sources.append(PROBATION_MONTHS.source)
    window = RECENT_ASSESSMENT_YEARS.value
    for year, grade in sorted(facts.grades.items()):
        if grade in (AnnualGrade.BASIC, AnnualGrade.INCOMPETENT) and year >= on.year - window:
            clears = dt.date(year + window + 1, 1, 1)
            if clears > on:
                reasons.append(
                    _("%(y)d年度考核为%(g)s（近三年内）")
                    % {"y": year, "g": AnnualGrade(grade).label}
                )
                ends.append(clears)
                sources.append(RECENT_ASSESSMENT_YEARS.source)
    return reasons, ends, sources


def promotion_verdict(facts: CadreFacts, on: dt.date) -> Verdict:
    """May this cadre be promoted (提拔 or 职级晋升) on ``on``; if not, why and until when.

    Bars from admonishment, party and state sanctions and organizational handling each
    run for their period; with several, the latest end wins (so with a concurrent Party
    or state sanction the longer period applies). A post on probation and a 基本称职 or
    lower grade in the last three years also block. For 责令辞职 and 免职 the bar on
    promotion is the longer one, on a post above the former level.
    """
    bars = active_bars(list(facts.supervision), on)
    reasons = [_bar_reason(bar) for bar in bars]
    sources = [bar.source for bar in bars]
    ends = [bar.until for bar in bars if bar.until is not None]
    open_ended = any(bar.until is None for bar in bars)
    more, more_ends, more_sources = _record_reasons(facts, on)
    reasons += more
    ends += more_ends
    sources += more_sources
    if not reasons:
        return Verdict(True, [], None, [])
    return Verdict(False, reasons, None if open_ended else max(ends), sources, len(bars))


def former_level(facts: CadreFacts, day: dt.date) -> str | None:
    """The highest leading-post level the cadre held on ``day`` (原职务层次)."""
    held = [
        level
        for level, started, ended, *_rest in facts.posts
        if level and started <= day and (ended is None or ended >= day)
    ]
    return max(held, key=LEVEL_ORDER.index, default=None)


def _tiered_reason(facts: CadreFacts, bar: Bar, level: str, on: dt.date):
    """Why a 责令辞职 or 免职 bars a leading post at ``level`` on ``on``, with until
    when, or None: any leading post within the first period, a post above the former
    level within the second; a post not above the former level after the first is allowed."""
    former = former_level(facts, bar.start)
    above = former is None or LEVEL_ORDER.index(level) > LEVEL_ORDER.index(former)
    if on < bar.leading_until:
        text = _("%(l)s（%(s)s起），%(d)s前不得担任任何领导职务") % {
            "l": bar.label,
            "s": f"{bar.start:%Y-%m-%d}",
            "d": f"{bar.leading_until:%Y-%m-%d}",
        }
        return text, bar.until if above else bar.leading_until
    if above and on < bar.until:
        text = _("%(l)s（%(s)s起），%(d)s前不得担任高于原职务层次（%(f)s）的职务") % {
            "l": bar.label,
            "s": f"{bar.start:%Y-%m-%d}",
            "d": f"{bar.until:%Y-%m-%d}",
            "f": PostLevel(former).label if former else _("无领导职务"),
        }
        return text, bar.until
    return None


def appointment_verdict(facts: CadreFacts, *, level: str, on: dt.date, promotion: bool) -> Verdict:
    """May the cadre be appointed on ``on`` to a post at ``level`` ("" for a non-leading
    post); ``promotion`` when the post is above the one held.

    Every appointment meets the two tiers of 责令辞职 and 免职 (none for a non-leading
    post); a promotion meets every other bar, probation and recent grades as well."""
    reasons: list[str] = []
    sources: list[str] = []
    ends: list[dt.date] = []
    open_ended = False
    for bar in active_bars(list(facts.supervision), on):
        if bar.tiered:
            found = _tiered_reason(facts, bar, level, on) if level else None
            if found is None:
                continue
            reasons.append(found[0])
            ends.append(found[1])
        elif promotion:
            reasons.append(_bar_reason(bar))
            if bar.until is None:
                open_ended = True
            else:
                ends.append(bar.until)
        else:
            continue
        sources.append(bar.source)
    bars = len(reasons)
    if promotion:
        more, more_ends, more_sources = _record_reasons(facts, on)
        reasons += more
        ends += more_ends
        sources += more_sources
    if not reasons:
        return Verdict(True, [], None, [], appointment=True)
    until = None if open_ended else max(ends)
    return Verdict(False, reasons, until, sources, bars, appointment=True)


def redacted(verdict: Verdict) -> Verdict:
    """The verdict for someone not allowed to see supervision records: the same answer,
    with the bars stated without their matter, measure or dates."""
    if not verdict.bars:
        return verdict
    rest = verdict.reasons[verdict.bars :]
    reasons = [_("有影响提拔使用的监督记录，详情请向区委组织部干部监督部门了解"), *rest]
    return Verdict(False, reasons, None, [], 1, appointment=verdict.appointment)


# ---------------------------------------------------------------- leading-post qualifications

COUNTY_MIN_WORK_YEARS = Rule(
    5, SELECTION + "第八条", "RULES.md §7.1 [V]: 县处级, at least 5 years of work"
)
COUNTY_MIN_GRASSROOTS_YEARS = Rule(
    2, SELECTION + "第八条", "RULES.md §7.1 [V]: 县处级, at least 2 years at the grassroots"
)
LOWER_POSTS = Rule(
    2,
    SELECTION + "第八条",
    "RULES.md §7.1 [V]: 县处级 and above, generally two or more posts at the level below",
)
DEPUTY_TO_PRINCIPAL = Rule(
    24, SELECTION + "第八条", "RULES.md §7.1 [V]: deputy → principal, 2 years as deputy"
)
PRINCIPAL_TO_HIGHER_DEPUTY = Rule(
    36,
    SELECTION + "第八条",
    "RULES.md §7.1 [V]: lower principal → higher deputy, 3 years as lower principal",
)
EDUCATION_MIN = Rule(
    {"county": "3", "bureau": "2"},
    SELECTION + "第八条",
    "RULES.md §7.1 [V]: generally 大学专科; 厅局级 and above generally 大学本科",
)
TRAINING_WITHIN = Rule(
    12,
    SELECTION + "第八条",
    "RULES.md §7.1 [V]: training at a Party school or the like; if not done, within 1 year",
)
RECENT_PROMOTION = Rule(
    12,
    SELECTION + "第九条",
    "RULES.md §7.2 [V: 2014 text; 2019 similar]: no exceptional promotion on probation or "
    "within 1 year of a promotion",
)


@dataclass(frozen=True)
class Check:
    ok: bool
    text: str
    source: str


def _months_at(facts: CadreFacts, levels: set[str], on: dt.date) -> int:
    return sum(
        months_between(start, min(end or on, on))
        for level, start, end, *_ in facts.posts
        if level in levels
    )


def post_qualification(
    facts: CadreFacts,
    *,
    target: str,
    on: dt.date,
    exceptional: bool = False,
    redact_bars: bool = False,
) -> list[Check]:
    """Each basic qualification (条例第八、九条) for appointing the cadre to a leading
    post at level ``target`` on ``on``, with whether it is met and why."""
    checks: list[Check] = []
    index = LEVEL_ORDER.index(target)
    county_or_above = index >= LEVEL_ORDER.index(PostLevel.COUNTY_DEPUTY)
    if county_or_above:
        years = months_between(facts.work_started_on, on) // 12 if facts.work_started_on else 0
        need = COUNTY_MIN_WORK_YEARS.value
        checks.append(
            Check(
                years >= need,
                _("工龄%(y)d年（应满%(n)d年）") % {"y": years, "n": need},
                COUNTY_MIN_WORK_YEARS.source,
            )
        )
        grass = facts.grassroots_months // 12
        need = COUNTY_MIN_GRASSROOTS_YEARS.value
        checks.append(
            Check(
                facts.grassroots_months >= need * 12,
                _("基层工作经历%(y)d年（应满%(n)d年）") % {"y": grass, "n": need},
                COUNTY_MIN_GRASSROOTS_YEARS.source,
            )
        )
        tier = index // 2
        lower_levels = set(LEVEL_ORDER[(tier - 1) * 2 : tier * 2])
        posts = sum(1 for level, *_rest in facts.posts if level in lower_levels)
        checks.append(
            Check(
                posts >= LOWER_POSTS.value,
                _("下一级职位任职经历%(n)d个（一般应有%(m)d个以上）")
                % {"n": posts, "m": LOWER_POSTS.value},
                LOWER_POSTS.source,
            )
        )
    if index % 2 == 1:
        deputy = LEVEL_ORDER[index - 1]
        held = _months_at(facts, {deputy}, on)
        checks.append(
            Check(
                held >= DEPUTY_TO_PRINCIPAL.value,
                _("任%(l)s%(m)d个月（副职提任正职应满两年）")
                % {"l": PostLevel(deputy).label, "m": held},
                DEPUTY_TO_PRINCIPAL.source,
            )
        )
    elif index >= 2:
        lower_principal = LEVEL_ORDER[index - 1]
        held = _months_at(facts, {lower_principal}, on)
        checks.append(
            Check(
                held >= PRINCIPAL_TO_HIGHER_DEPUTY.value,
                _("任%(l)s%(m)d个月（下级正职提任上级副职应满三年）")
                % {"l": PostLevel(lower_principal).label, "m": held},
                PRINCIPAL_TO_HIGHER_DEPUTY.source,
            )
        )
    need = EDUCATION_MIN.value["bureau" if target.startswith("bureau") else "county"]
    best = min((c for c in facts.education_codes if c), default="9")
    checks.append(
        Check(
            best[:1] <= need,
            _("学历符合要求")
            if best[:1] <= need
            else (_("学历低于大学本科") if need == "2" else _("学历低于大学专科")),
            EDUCATION_MIN.source,
        )
    )
    trained = facts.last_training_on is not None and months_between(facts.last_training_on, on) < 60
    checks.append(
        Check(
            True,
            _("已参加任职培训") if trained else _("未见近五年任职培训记录，须在任职后一年内完成"),
            TRAINING_WITHIN.source,
        )
    )
    last_promotion = max((start for _l, start, _e, _p, promo in facts.posts if promo), default=None)
    if (
        exceptional
        and last_promotion
        and months_between(last_promotion, on) < RECENT_PROMOTION.value
    ):
        checks.append(
            Check(
                False,
                _("提拔任职不满一年（%(d)s），不得破格提拔") % {"d": f"{last_promotion:%Y-%m-%d}"},
                RECENT_PROMOTION.source,
            )
        )
    # The bars as they stand for this post: the tiers of 责令辞职 and 免职 by the level
    # proposed, every other bar when the post is above the one held.
    held = former_level(facts, on)
    verdict = appointment_verdict(
        facts,
        level=target,
        on=on,
        promotion=held is None or LEVEL_ORDER.index(target) > LEVEL_ORDER.index(held),
    )
    if redact_bars:
        verdict = redacted(verdict)
    checks.append(Check(verdict.allowed, verdict.text, "；".join(dict.fromkeys(verdict.sources))))
    return checks
