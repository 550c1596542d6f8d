from django.utils.translation import gettext_lazy as _

from zugong.core.audit import register as register_action
from zugong.core.capabilities import add_to_builtin_role, register

VIEW_MEMBER = register("party.view_member", _("查看党员"))
CHANGE_MEMBER = register("party.change_member", _("维护党员"))
IMPORT_MEMBERS = register("party.import_members", _("导入党员花名册"))

MEMBER_CREATED = register_action("party.member.created", _("新增党员"))
MEMBER_UPDATED = register_action("party.member.updated", _("修改党员"))
MEMBER_STATUS_CHANGED = register_action("party.member.status_changed", _("变更党员状态"))
ROSTER_IMPORTED = register_action("party.roster.imported", _("导入党员花名册"))
ROSTER_EXPORTED = register_action("party.roster.exported", _("导出党员花名册"))
COMMITTEE_ELECTED = register_action("party.committee.elected", _("支部换届选举"))
MEETING_RECORDED = register_action("party.meeting.recorded", _("记录组织生活"))
MEETING_UPDATED = register_action("party.meeting.updated", _("更正组织生活记录"))
DUES_CORRECTED = register_action("party.dues.corrected", _("更正党费交纳记录"))
DUES_INCOME_RECORDED = register_action("party.dues.income_recorded", _("登记党员收入记录"))
REVIEW_GRADED = register_action("party.review.graded", _("评定民主评议等次"))
DEVELOPMENT_STEP = register_action("party.development.step", _("记录发展党员环节"))
TRANSFER_STARTED = register_action("party.transfer.started", _("开具组织关系介绍信"))
TRANSFER_RECEIVED = register_action("party.transfer.received", _("接收组织关系"))
TRANSFER_CANCELLED = register_action("party.transfer.cancelled", _("撤回或退回组织关系转接"))
RECORD_SAVED = register_action("party.record.saved", _("登记学习培训、表彰、走访慰问或重大事项"))
DUES_BASE_SET = register_action("party.dues.base_set", _("核定党费基数"))
DUES_PAID = register_action("party.dues.paid", _("登记党费交纳"))
ELECTION_POSTPONED = register_action("party.committee.postponed", _("批准延期换届"))

# The built-in roles that work with members.
for _role, _capabilities in {
    "dept_admin": (VIEW_MEMBER, CHANGE_MEMBER, IMPORT_MEMBERS),
    "section_officer": (VIEW_MEMBER, CHANGE_MEMBER, IMPORT_MEMBERS),
    "township_officer": (VIEW_MEMBER, CHANGE_MEMBER, IMPORT_MEMBERS),
    "branch_secretary": (VIEW_MEMBER, CHANGE_MEMBER),
    "leader": (VIEW_MEMBER,),
}.items():
    add_to_builtin_role(_role, *_capabilities)
