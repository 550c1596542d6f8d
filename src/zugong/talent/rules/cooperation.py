"""University–enterprise cooperation (产学研, seed point 13): when an agreement counts as
having no outcome (the "挂牌式" complaint, next-modules §1.2), when a challenge is past
its deadline without an award, when a milestone is overdue, and the programme kinds the
plan names as ledgers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

from zugong.core.rules import Rule, shift_months
from zugong.talent.rules.common import setting

# Outcomes, not plaques ------------------------------------------------------------------

AGREEMENT_OUTCOME_MONTHS = Rule(
    12,
    "本系统校企合作成效跟踪口径（协议签订满12个月仍无学生实践、毕业生留区、"
    "揭榜项目验收或合作项目的，标注为无成效）",
    "next-modules §1.2 and §2.10 (the 挂牌式 complaint; no regulation sets the period); "
    "ZUGONG_TALENT_AGREEMENT_OUTCOME_MONTHS overrides",
)

# What counts as an outcome of an agreement (the keys of the selector's figures).
OUTCOME_KINDS = Rule(
    ("students", "graduates", "solved", "programmes"),
    "本系统校企合作成效跟踪口径（实践学生、留区毕业生、揭榜项目验收通过、依托协议开展的合作项目）",
    "next-modules §2.10: students placed through its practice bases, graduates retained, "
    "challenges solved (accepted), programmes run under it",
)


def outcome_months() -> int:
    months = setting("ZUGONG_TALENT_AGREEMENT_OUTCOME_MONTHS", AGREEMENT_OUTCOME_MONTHS.value)
    if not isinstance(months, int) or isinstance(months, bool) or not 1 <= months <= 120:
        raise ImproperlyConfigured(
            "ZUGONG_TALENT_AGREEMENT_OUTCOME_MONTHS must be a whole number of months, 1–120"
        )
    return months


@dataclass(frozen=True)
class OutcomeFlag:
    flagged: bool
    since: dt.date | None  # the day the agreement's period without outcome ran out
    due: dt.date  # the day the period runs out (or ran out)

    @property
    def label(self) -> str:
        if self.flagged:
            return _("满%(m)d个月无成效（自%(d)s起）") % {
                "m": outcome_months(),
                "d": self.since.isoformat(),
            }
        return ""


def agreement_flag(*, signed_on: dt.date, outcomes: int, today: dt.date) -> OutcomeFlag:
    """An agreement with no outcome at all (``outcomes`` is the sum of its figures)
    once the period after signing has run out is flagged, since the period's end."""
    due = shift_months(signed_on, outcome_months())
    flagged = outcomes == 0 and today >= due
    return OutcomeFlag(flagged, due if flagged else None, due)


def flagged_if_signed_by(today: dt.date) -> dt.date:
    """The last signing day whose period has run out by ``today``: the same rule as
    agreement_flag, for a query (an agreement signed on 29 February runs out on
    28 February, so on a month's last day the whole rest of that month has run out)."""
    months = outcome_months()
    back = shift_months(today, -months)
    if (today + dt.timedelta(days=1)).month != today.month:  # the month's last day
        following = shift_months(back.replace(day=1), 1)
        back = following - dt.timedelta(days=1)
    return back


# Challenges (揭榜挂帅) and their milestones ------------------------------------------------

CHALLENGE_DEADLINE = Rule(
    "deadline",
    "本系统揭榜挂帅管理口径（揭榜截止日后仍未确定揭榜方的榜单列入提醒，可作流榜处理）",
    "next-modules §2.10 (local 办法 exist, e.g. 西安; their text was not found)",
)
MILESTONE_OVERDUE = Rule(
    "due_on",
    "本系统揭榜挂帅管理口径（攻关节点过计划完成日期仍未完成的列为逾期）",
    "next-modules §2.10",
)


def challenge_past_deadline(*, deadline: dt.date, awarded: bool, open_: bool, today: dt.date):
    """A challenge still open (not awarded, not closed) after its deadline."""
    return open_ and not awarded and today > deadline


def milestone_overdue(*, due_on: dt.date, done_on: dt.date | None, today: dt.date) -> bool:
    return done_on is None and today > due_on


def days_late(due: dt.date, today: dt.date) -> int:
    return max((today - due).days, 0)


# Programme kinds and the plan's ledgers ----------------------------------------------------

PLAN_SOURCE = "《2023年全区组织工作要点》"
PLAN_LEDGERS = Rule(
    ("think_tank", "help_geese", "keep_geese"),
    PLAN_SOURCE + "（开展驻区高校“专家智库行”，深化“百名高知助雁”“万名人才留雁”人才培育工程）",
    "seed point 13; the ProgrammeKind codes kept as separate ledgers by kind and year",
)
JOINT_CLASSES = Rule(
    ("class", "livestream"),
    PLAN_SOURCE + "（开设总裁研修班、电商直播班等“校企合作”联合培养模式）",
    "seed point 13; ProgrammeKind codes of the joint classes with cohorts and trainees",
)


def is_plan_ledger(kind: str) -> bool:
    return kind in PLAN_LEDGERS.value


def ledger_kinds() -> tuple[str, ...]:
    """The kinds the programme ledger page lists, the plan's ledgers first."""
    return (*PLAN_LEDGERS.value, *JOINT_CLASSES.value, "other")
