"""What the grassroots module's entry points declare, and who holds it.

A township officer keeps the ledgers of the township's villages, communities, grids,
resident units and two-new organizations, and reviews the villages' star ratings; a
branch secretary self-assesses the own organization's rating and keeps its commitments
and in-service members' reports; the department approves ratings and keeps the
indicator system.
"""

from django.utils.translation import gettext_lazy as _

from zugong.core.audit import register as register_action
from zugong.core.capabilities import add_to_builtin_role, register

VIEW_GRASSROOTS = register("grassroots.view_grassroots", _("查看基层党建"))
CHANGE_GRASSROOTS = register(
    "grassroots.change_grassroots", _("维护基层党建台账（集体经济、共建、网格、两新组织）")
)
ASSESS_RATING = register("grassroots.change_self_assessment", _("星级评定村（社区）自评"))
REVIEW_RATING = register("grassroots.change_rating_review", _("星级评定乡镇（街道）审核"))
APPROVE_RATING = register("grassroots.change_rating_approval", _("星级评定区级审定、公示与发布"))
MANAGE_INDICATORS = register("grassroots.manage_indicators", _("维护星级评定指标体系"))
CHANGE_BRANCH_WORK = register(
    "grassroots.change_branch_work", _("维护承诺践诺、先锋岗与在职党员报到服务记录")
)
IMPORT_GRASSROOTS = register(
    "grassroots.import_grassroots", _("导入集体经济收入、合同与两新组织台账")
)

RATING_SAVED = register_action("grassroots.rating.saved", _("星级评定：评分或流转"))
RATING_PUBLISHED = register_action("grassroots.rating.published", _("星级评定：发布星级"))
INDICATORS_SAVED = register_action("grassroots.indicators.saved", _("维护星级评定指标体系"))
RECTIFICATION_SAVED = register_action("grassroots.rectification.saved", _("登记整改或软弱涣散整顿"))
DEMONSTRATION_SAVED = register_action("grassroots.demonstration.saved", _("维护示范创建"))
COLLECTIVE_SAVED = register_action("grassroots.collective.saved", _("维护村级集体经济台账"))
COLLECTIVE_IMPORTED = register_action("grassroots.collective.imported", _("导入三资系统数据"))
COBUILDING_SAVED = register_action("grassroots.cobuilding.saved", _("维护共建契约与联席会议"))
GRID_SAVED = register_action("grassroots.grid.saved", _("维护网格"))
DUAL_REPORT_SAVED = register_action(
    "grassroots.dual_report.saved", _("在职党员到社区报到或服务记录")
)
ORGAN_SAVED = register_action(
    "grassroots.organ.saved", _("维护机关党建（承诺践诺、先锋岗、突击队）")
)
TWONEW_SAVED = register_action("grassroots.twonew.saved", _("维护两新组织或党建指导员"))
TWONEW_IMPORTED = register_action("grassroots.twonew.imported", _("导入两新组织台账"))
COVERAGE_REPORTED = register_action("grassroots.coverage.reported", _("生成两个覆盖统计"))
GRASSROOTS_EXPORTED = register_action("grassroots.exported", _("导出基层党建数据"))

_ALL = (
    VIEW_GRASSROOTS,
    CHANGE_GRASSROOTS,
    ASSESS_RATING,
    REVIEW_RATING,
    APPROVE_RATING,
    MANAGE_INDICATORS,
    CHANGE_BRANCH_WORK,
    IMPORT_GRASSROOTS,
)
for _role, _capabilities in {
    "dept_admin": _ALL,
    "section_officer": _ALL,
    "township_officer": (
        VIEW_GRASSROOTS,
        CHANGE_GRASSROOTS,
        ASSESS_RATING,
        REVIEW_RATING,
        CHANGE_BRANCH_WORK,
        IMPORT_GRASSROOTS,
    ),
    "branch_secretary": (VIEW_GRASSROOTS, ASSESS_RATING, CHANGE_BRANCH_WORK),
    "leader": (VIEW_GRASSROOTS,),
}.items():
    add_to_builtin_role(_role, *_capabilities)
