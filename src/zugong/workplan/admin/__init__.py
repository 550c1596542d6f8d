"""The work plan ledger's back office: plans with their tree, the import with its
preview, tasks with their lights and workflow, submissions to review, statistics and
the year-end summary. Sidebar group 50."""

from django.utils.translation import gettext_lazy as _

from zugong.core.admin.site import item, register_sidebar_group
from zugong.workplan import capabilities as caps
from zugong.workplan.admin import plans, tasks  # noqa: F401


def sidebar() -> dict:
    view = caps.VIEW_WORKPLAN
    return {
        "title": _("工作要点台账"),
        "collapsible": True,
        "items": [
            item(_("工作要点"), "menu_book", "admin:workplan_plan_changelist", view),
            item(_("导入工作要点"), "upload_file", "admin:workplan_plan_import", caps.MANAGE_PLAN),
            item(_("工作任务"), "task_alt", "admin:workplan_task_changelist", view),
            item(_("进度报送"), "rate_review", "admin:workplan_submission_changelist", view),
            item(_("督办单"), "campaign", "admin:workplan_supervisionnotice_changelist", view),
            item(_("月度季度统计"), "bar_chart", "admin:workplan_task_statistics", view),
        ],
    }


register_sidebar_group(50, sidebar)
