from django.utils.translation import gettext_lazy as _

from zugong.core.audit import register as register_action
from zugong.core.capabilities import add_to_builtin_role, register

VIEW_CADRE = register("cadres.view_cadre", _("查看干部"))
CHANGE_CADRE = register("cadres.change_cadre", _("维护干部信息"))
VIEW_SUPERVISION = register("cadres.view_supervision", _("查看干部监督记录"))
CHANGE_SUPERVISION = register("cadres.change_supervision", _("登记干部监督记录"))
CHANGE_NOTICE = register("cadres.change_notice", _("登记任前公示"))

CADRE_SAVED = register_action("cadres.cadre.saved", _("保存干部信息"))
CADRE_RECORD_SAVED = register_action("cadres.record.saved", _("保存干部履历、任免或家庭成员"))
LRMX_IMPORTED = register_action("cadres.lrmx.imported", _("导入干部任免审批表"))
LRMX_EXPORTED = register_action("cadres.lrmx.exported", _("导出干部任免审批表"))
FORM_PRINTED = register_action("cadres.form.printed", _("打印干部任免审批表"))
ASSESSMENT_SAVED = register_action("cadres.assessment.saved", _("录入考核结果"))
SUPERVISION_SAVED = register_action("cadres.supervision.saved", _("登记干部监督记录"))
SUPERVISION_VIEWED = register_action("cadres.supervision.viewed", _("查看干部监督记录"))
CLEARANCE_SAVED = register_action("cadres.clearance.saved", _("登记澄清正名"))
RECTIFICATION_SAVED = register_action("cadres.rectification.saved", _("登记巡视巡察整改"))
POOL_SAVED = register_action("cadres.pool.saved", _("维护优秀年轻干部库或挂职锻炼"))
DOSSIER_SAVED = register_action("cadres.dossier.saved", _("登记档案材料或借阅"))
NOTICE_SAVED = register_action("cadres.notice.saved", _("登记任前公示或公示期间反映"))
NOTICE_PRINTED = register_action("cadres.notice.printed", _("打印任前公示"))
ELIGIBILITY_EXPORTED = register_action("cadres.eligibility.exported", _("导出职级晋升名单"))

# 干部监督 records are for the department's cadre and supervision officers and its
# leaders; township officers keep their cadres' records but do not see supervision.
# 任前公示 is the department's (the district committee appoints): township officers and
# leaders see the notices of cadres in their scope (a notice is public) through VIEW_CADRE.
for _role, _capabilities in {
    "dept_admin": (VIEW_CADRE, CHANGE_CADRE, VIEW_SUPERVISION, CHANGE_SUPERVISION, CHANGE_NOTICE),
    "section_officer": (
        VIEW_CADRE,
        CHANGE_CADRE,
        VIEW_SUPERVISION,
        CHANGE_SUPERVISION,
        CHANGE_NOTICE,
    ),
    "township_officer": (VIEW_CADRE, CHANGE_CADRE),
    "leader": (VIEW_CADRE, VIEW_SUPERVISION),
}.items():
    add_to_builtin_role(_role, *_capabilities)
