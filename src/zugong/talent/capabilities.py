"""What the talent module's entry points declare, and who holds it.

The talent office (人才办: section officers and the department) keeps the pool, certifies,
issues cards, allocates housing and keeps the cooperation and contact ledgers; a
township officer keeps the township's talents and reviews their certification; a
village's branch secretary recommends; a talent on the portal holds the "own records"
kind over their own person only (the built-in role 人才（本人）).
"""

from django.utils.translation import gettext_lazy as _

from zugong.core.audit import register as register_action
from zugong.core.capabilities import BuiltinRole, add_builtin_role, add_to_builtin_role, register

VIEW_TALENT = register("talent.view_talent", _("查看人才工作"))
CHANGE_TALENT = register("talent.change_talent", _("维护人才库与人才工作台账"))
RECOMMEND_CERT = register("talent.change_recommendation", _("乡村人才认定村级推荐"))
REVIEW_CERT = register("talent.change_cert_review", _("乡村人才认定乡镇审核"))
CERTIFY = register("talent.change_certification", _("乡村人才区级认定、公示与发证"))
MANAGE_CARDS = register("talent.manage_cards", _("人才卡审核、发放与注销"))
HANDLE_SERVICES = register("talent.change_services", _("人才服务事项办理"))
VERIFY_CARD = register("talent.verify_card", _("核验人才卡"))
MANAGE_HOUSING = register("talent.manage_housing", _("人才公寓资格审查与配租"))
MANAGE_TABLES = register("talent.manage_tables", _("维护人才类别、认定等级、卡类别与服务事项"))
MANAGE_ACCOUNTS = register("talent.manage_accounts", _("审核开通人才平台账号"))
IMPORT_TALENT = register("talent.import_talent", _("导入人才库、毕业生与联络记录"))

# The "own records" kind: a talent's own person, never a subtree.
VIEW_OWN = register("talent.view_own", _("查看本人人才档案与办理进度"), own=True)
CHANGE_OWN = register("talent.change_own", _("本人申请认定、人才卡、公寓与服务"), own=True)

TALENT_SAVED = register_action("talent.saved", _("维护人才库"))
CERT_SAVED = register_action("talent.certification.saved", _("乡村人才认定：申请或流转"))
CARD_SAVED = register_action("talent.card.saved", _("人才卡：申请、审核、发放或变更"))
CARD_VERIFIED = register_action("talent.card.verified", _("核验人才卡"))
SERVICE_SAVED = register_action("talent.service.saved", _("人才服务事项：提交或办理"))
HOUSING_SAVED = register_action("talent.housing.saved", _("人才公寓：申请、配租、复核或退租"))
COOPERATION_SAVED = register_action("talent.cooperation.saved", _("维护产学研合作台账"))
CONTACT_SAVED = register_action("talent.contact.saved", _("维护领导联系专家与联络记录"))
ACCOUNT_SAVED = register_action("talent.account.saved", _("人才平台账号：注册、审核或停用"))
TABLES_SAVED = register_action("talent.tables.saved", _("维护人才工作代码表"))
TALENT_IMPORTED = register_action("talent.imported", _("导入人才工作数据"))
TALENT_EXPORTED = register_action("talent.exported", _("导出人才工作数据"))

OFFICE = (
    VIEW_TALENT,
    CHANGE_TALENT,
    RECOMMEND_CERT,
    REVIEW_CERT,
    CERTIFY,
    MANAGE_CARDS,
    HANDLE_SERVICES,
    VERIFY_CARD,
    MANAGE_HOUSING,
    MANAGE_TABLES,
    MANAGE_ACCOUNTS,
    IMPORT_TALENT,
)
for _role, _capabilities in {
    "dept_admin": OFFICE,
    "section_officer": OFFICE,
    "township_officer": (
        VIEW_TALENT,
        CHANGE_TALENT,
        RECOMMEND_CERT,
        REVIEW_CERT,
        VERIFY_CARD,
        IMPORT_TALENT,
    ),
    "branch_secretary": (VIEW_TALENT, RECOMMEND_CERT),
    "leader": (VIEW_TALENT,),
}.items():
    add_to_builtin_role(_role, *_capabilities)

add_builtin_role(
    BuiltinRole(
        "talent",
        "人才（本人）",
        "人才服务平台：只能查看和办理本人的档案、认定、人才卡、公寓与服务事项",
        (VIEW_OWN, CHANGE_OWN),
    )
)
