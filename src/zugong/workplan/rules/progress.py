"""Progress of a task: from its linked indicator (the figure zugong computes) or from
its milestones and reviewed submissions; and the grade A/B/C/D for the quarterly
review (季度讲评)."""

from __future__ import annotations

from decimal import Decimal

from zugong.core.rules import Rule
from zugong.workplan.models import Grade, TaskStatus
from zugong.workplan.rules.common import setting

GRADES = Rule(
    ("A", "B", "C", "D"),
    "各地组织部门工作台账督办做法（A已完成、B接近尾声、C正在进行、D未启动，部务会每季度听取进度）",
    "next-modules R17 [S]: 阿克苏地委组织部 (2021); plan.grades, plan.review_period",
)
NEARLY_DONE_PERCENT = Rule(
    80,
    "本系统约定：进度达到80%为“接近尾声”",
    "R17 names B 接近尾声 without a figure; ZUGONG_WORKPLAN_GRADE_B_PERCENT overrides",
)
INDICATOR_PROGRESS = Rule(
    "higher: value ÷ target; lower: 100 when at or below the target, else target ÷ value",
    "本系统约定：关联指标的任务按指标当前值与目标值计算进度",
    "progress from evidence (next-modules §2.13 ★)",
)


def nearly_done() -> int:
    return int(setting("ZUGONG_WORKPLAN_GRADE_B_PERCENT", NEARLY_DONE_PERCENT.value))


def indicator_progress(value, target, better: str) -> int | None:
    """Percent of the target reached by ``value``; None without both figures."""
    if value is None or target is None:
        return None
    value, target = Decimal(value), Decimal(target)
    if better == "lower":
        if value <= target:
            return 100
        return int(target * 100 / value) if target > 0 else 0
    if target <= 0:
        return 100
    return max(0, min(100, int(value * 100 / target)))


def milestone_progress(done: int, total: int) -> int | None:
    return None if total == 0 else done * 100 // total


def grade_of(*, status: str, progress: int, started: bool) -> str:
    """A done task is A; progress at the nearly-done mark is B; a task with any progress
    or reviewed report is C; nothing yet is D."""
    if status == TaskStatus.DONE:
        return Grade.A
    if progress >= nearly_done():
        return Grade.B
    if progress > 0 or started:
        return Grade.C
    return Grade.D
