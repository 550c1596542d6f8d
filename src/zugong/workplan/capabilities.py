"""What the work plan ledger's entry points declare, and who holds it.

The department (部管理员, 科室干部) imports the plan, breaks its points into tasks, names
the lead and co-units and the supervisor, and reviews the units' submissions; a unit's
officer (a township officer, a section officer for a department unit) signs for a task,
assigns it inside the unit and submits progress; leaders read and write instructions
(批示). Every right holds in the subtree it is granted on only.
"""

from django.utils.translation import gettext_lazy as _

from zugong.core import notify
from zugong.core.audit import register as register_action
from zugong.core.capabilities import add_to_builtin_role, register

VIEW_WORKPLAN = register("workplan.view_workplan", _("查看工作要点台账"))
MANAGE_PLAN = register("workplan.manage_plan", _("导入工作要点、分解和下达工作任务"))
HANDLE_TASK = register("workplan.handle_task", _("签收、指派工作任务并报送进度"))
REVIEW_TASK = register("workplan.review_task", _("审核工作任务进度报送"))
INSTRUCT = register("workplan.instruct", _("对工作任务作出批示"))

PLAN_SAVED = register_action("workplan.plan.saved", _("工作要点：导入或修改"))
TASK_SAVED = register_action("workplan.task.saved", _("工作任务：分解、修改或下达"))
TASK_HANDLED = register_action("workplan.task.handled", _("工作任务：签收或指派"))
SUBMISSION_SAVED = register_action("workplan.submission.saved", _("工作任务：进度报送"))
SUBMISSION_REVIEWED = register_action("workplan.submission.reviewed", _("工作任务：审核进度报送"))
INSTRUCTION_SAVED = register_action("workplan.instruction.saved", _("工作任务：领导批示"))
NOTICE_ISSUED = register_action("workplan.notice.issued", _("工作任务：下发督办单"))
LIGHTS_REFRESHED = register_action("workplan.lights.refreshed", _("工作任务：亮灯扫描"))
SUMMARY_EXPORTED = register_action("workplan.summary.exported", _("导出工作要点年终总结"))

DEPARTMENT = (VIEW_WORKPLAN, MANAGE_PLAN, HANDLE_TASK, REVIEW_TASK)
for _role, _capabilities in {
    "dept_admin": (*DEPARTMENT, INSTRUCT),
    "section_officer": DEPARTMENT,
    "township_officer": (VIEW_WORKPLAN, HANDLE_TASK),
    "branch_secretary": (VIEW_WORKPLAN,),
    "leader": (VIEW_WORKPLAN, INSTRUCT),
}.items():
    add_to_builtin_role(_role, *_capabilities)


# What the work plan's notifications are called on the message page (core.notify).
notify.register_kind("workplan.notice", _("督办单"))
notify.register_kind("workplan.task", _("工作任务"))
notify.register_kind("workplan.review", _("报送审核"))
notify.register_kind("workplan.instruction", _("领导批示"))
