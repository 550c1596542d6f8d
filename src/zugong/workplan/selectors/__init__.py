"""Scoped reads of the work plan ledger. ``light_counts`` is the cockpit's public
selector; the others serve the admin pages, the API and the summary."""

from zugong.workplan.selectors.statistics import period_bounds, statistics
from zugong.workplan.selectors.tasks import (
    light_counts,
    plan_list,
    plan_tree,
    task_detail,
    task_list,
)

__all__ = [
    "light_counts",
    "period_bounds",
    "plan_list",
    "plan_tree",
    "statistics",
    "task_detail",
    "task_list",
]
