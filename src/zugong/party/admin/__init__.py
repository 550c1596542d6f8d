"""The party module's back office; importing the modules registers their ModelAdmins."""

from django.utils.translation import gettext_lazy as _

from zugong.core.admin.site import item, register_sidebar_group
from zugong.party import capabilities as caps
from zugong.party.admin import committees, development, dues, meetings, members, records, transfers  # noqa: F401


def sidebar_members() -> dict:
    view = caps.VIEW_MEMBER
    return {
        "title": _("党员管理"),
        "items": [
            item(_("党员"), "groups", "admin:party_member_changelist", view),
            item(_("发展党员看板"), "view_kanban", "admin:party_developmentcase_board", view),
            item(_("发展党员"), "person_add", "admin:party_developmentcase_changelist", view),
            item(_("支部班子"), "diversity_3", "admin:party_branchcommittee_changelist", view),
            item(_("组织关系转接"), "swap_horiz", "admin:party_transfer_changelist", view),
            item(_("在途转接"), "local_shipping", "admin:party_transfer_open_transfers", view),
            item(_("流动党员"), "directions_walk", "admin:party_floatingrecord_changelist", view),
            item(_("党员状态提示"), "notification_important", "admin:party_transfer_flags", view),
            item(_("换届提醒"), "event_busy", "admin:party_branchcommittee_election_list", view),
            item(_("党组织设置检查"), "rule", "admin:party_member_structure_findings", view),
            item(_("光荣在党50年"), "military_tech", "admin:party_member_medal_list", view),
        ],
    }


def sidebar_work() -> dict:
    view = caps.VIEW_MEMBER
    return {
        "title": _("学习、表彰与请示报告"),
        "items": [
            item(_("学习培训"), "school", "admin:party_studyrecord_changelist", view),
            item(_("学时统计"), "summarize", "admin:party_studyrecord_totals", view),
            item(_("表彰"), "workspace_premium", "admin:party_honour_changelist", view),
            item(_("走访慰问"), "volunteer_activism", "admin:party_visit_changelist", view),
            item(
                _("重大事项请示报告"),
                "outgoing_mail",
                "admin:party_majormatterreport_changelist",
                view,
            ),
        ],
    }


def sidebar_life() -> dict:
    view = caps.VIEW_MEMBER
    return {
        "title": _("组织生活与党费"),
        "items": [
            item(_("组织生活"), "event_note", "admin:party_meeting_changelist", view),
            item(_("组织生活落实情况"), "fact_check", "admin:party_meeting_compliance", view),
            item(_("党费交纳"), "payments", "admin:party_duespayment_changelist", view),
            item(_("党费欠缴"), "money_off", "admin:party_duespayment_arrears", view),
            item(_("党费基数"), "calculate", "admin:party_duesbase_changelist", view),
            item(_("党员收入记录"), "receipt_long", "admin:party_memberincome_changelist", view),
        ],
    }


register_sidebar_group(10, sidebar_members)
register_sidebar_group(11, sidebar_life)
register_sidebar_group(12, sidebar_work)
