"""The cadre module's back office; importing the modules registers their ModelAdmins."""

from django.utils.translation import gettext_lazy as _

from zugong.cadres import capabilities as caps
from zugong.cadres.admin import (  # noqa: F401
    assessments,
    cadre,
    notices,
    pool,
    rows,
    supervision,
)
from zugong.core.admin.site import item, register_sidebar_group


def sidebar_cadres() -> dict:
    view = caps.VIEW_CADRE
    return {
        "title": _("干部管理"),
        "items": [
            item(_("干部"), "badge", "admin:cadres_cadre_changelist", view),
            item(
                _("导入任免审批表"),
                "upload_file",
                "admin:cadres_cadre_import_lrmx",
                caps.CHANGE_CADRE,
            ),
            item(_("到龄提醒"), "hourglass_bottom", "admin:cadres_cadre_retirement_list", view),
            item(_("职级晋升名单"), "trending_up", "admin:cadres_cadre_eligibility_list", view),
            item(_("任前公示"), "campaign", "admin:cadres_appointmentnotice_changelist", view),
            item(_("年度考核"), "grading", "admin:cadres_annualassessment_changelist", view),
            item(
                _("平时考核"), "event_available", "admin:cadres_regularassessment_changelist", view
            ),
            item(
                _("专项和任期考核"), "assignment", "admin:cadres_specialassessment_changelist", view
            ),
            item(_("领导班子"), "groups_3", "admin:cadres_leadinggroup_changelist", view),
            item(_("单位编制"), "apartment", "admin:cadres_unitestablishment_changelist", view),
            item(_("职级职数核查"), "rule", "admin:cadres_cadre_rank_quotas", view),
            item(_("班子结构分析"), "bar_chart", "admin:cadres_cadre_team_structure", view),
            item(
                _("优秀年轻干部库"),
                "rocket_launch",
                "admin:cadres_youngcadreentry_changelist",
                view,
            ),
            item(_("挂职锻炼"), "hiking", "admin:cadres_secondment_changelist", view),
            item(_("干部档案材料"), "folder_open", "admin:cadres_dossiermaterial_changelist", view),
            item(_("档案借阅"), "menu_book", "admin:cadres_dossierloan_changelist", view),
        ],
    }


def sidebar_supervision() -> dict:
    view = caps.VIEW_SUPERVISION
    return {
        "title": _("干部监督"),
        "items": [
            item(_("监督记录"), "policy", "admin:cadres_supervisionrecord_changelist", view),
            item(_("逾期未回复函询"), "schedule", "admin:cadres_supervisionrecord_overdue", view),
            item(_("澄清正名"), "verified", "admin:cadres_clearance_changelist", view),
            item(_("巡视巡察整改"), "task_alt", "admin:cadres_rectification_changelist", view),
            item(_("逾期整改"), "running_with_errors", "admin:cadres_rectification_overdue", view),
        ],
    }


register_sidebar_group(20, sidebar_cadres)
register_sidebar_group(21, sidebar_supervision)
