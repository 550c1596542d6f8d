"""The admin site: who may enter, and the sidebar grouped by module."""

from __future__ import annotations

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from unfold.sites import UnfoldAdminSite

from zugong.core import capabilities as caps


class ZugongAdminSite(UnfoldAdminSite):
    site_header = _("组工信息系统")
    site_title = _("组工信息系统")
    index_title = _("工作台")

    def has_permission(self, request) -> bool:
        # Anyone active who holds at least one role enters; what they see follows it.
        access = getattr(request, "access", None)
        return bool(
            request.user.is_active and request.user.is_authenticated and access and access.grants
        )


site = ZugongAdminSite(name="admin")


def can(capability: str):
    def check(request) -> bool:
        access = getattr(request, "access", None)
        return bool(access and access.has(capability))

    check.__name__ = f"can_{capability.replace('.', '_')}"
    return check


def environment_badge(request):
    from django.conf import settings

    if settings.PRODUCTION:
        return None
    return [str(_("演示环境")), "warning"]


def sidebar_navigation(request) -> list[dict]:
    """Groups by module; an item shows only to users holding its capability."""
    return [
        {
            "title": _("工作台"),
            "items": [
                {"title": _("首页"), "icon": "dashboard", "link": reverse_lazy("admin:index")},
                {
                    "title": _("我的后台任务"),
                    "icon": "pending_actions",
                    "link": reverse_lazy("admin:core_job_changelist"),
                },
                {
                    "title": _("我的接口令牌"),
                    "icon": "key",
                    "link": reverse_lazy("admin:core_apitoken_changelist"),
                },
            ],
        },
        {
            "title": _("组织与人员"),
            "items": [
                {
                    "title": _("党组织"),
                    "icon": "account_tree",
                    "link": reverse_lazy("admin:core_organization_changelist"),
                    "permission": can(caps.VIEW_ORGANIZATION),
                },
                {
                    "title": _("人员"),
                    "icon": "badge",
                    "link": reverse_lazy("admin:core_person_changelist"),
                    "permission": can(caps.VIEW_PERSON),
                },
                {
                    "title": _("组织沿革"),
                    "icon": "history",
                    "link": reverse_lazy("admin:core_organizationevent_changelist"),
                    "permission": can(caps.VIEW_ORGANIZATION),
                },
            ],
        },
        {
            "title": _("党员管理"),
            "items": [
                {
                    "title": _("党员"),
                    "icon": "groups",
                    "link": reverse_lazy("admin:party_member_changelist"),
                    "permission": can("party.view_member"),
                },
                {
                    "title": _("光荣在党50年"),
                    "icon": "military_tech",
                    "link": reverse_lazy("admin:party_member_medal_list"),
                    "permission": can("party.view_member"),
                },
                {
                    "title": _("支部设置检查"),
                    "icon": "rule",
                    "link": reverse_lazy("admin:party_member_structure_findings"),
                    "permission": can("party.view_member"),
                },
            ],
        },
        {
            "title": _("系统管理"),
            "items": [
                {
                    "title": _("用户"),
                    "icon": "person",
                    "link": reverse_lazy("admin:core_user_changelist"),
                    "permission": can(caps.MANAGE_USERS),
                },
                {
                    "title": _("角色"),
                    "icon": "shield_person",
                    "link": reverse_lazy("admin:core_role_changelist"),
                    "permission": can(caps.MANAGE_ROLES),
                },
                {
                    "title": _("角色授权"),
                    "icon": "how_to_reg",
                    "link": reverse_lazy("admin:core_roleassignment_changelist"),
                    "permission": can(caps.MANAGE_ROLES),
                },
                {
                    "title": _("代码表"),
                    "icon": "menu_book",
                    "link": reverse_lazy("admin:core_codeitem_changelist"),
                    "permission": can(caps.MANAGE_CODES),
                },
            ],
        },
        {
            "title": _("安全与审计"),
            "items": [
                {
                    "title": _("登录失败与锁定"),
                    "icon": "lock_person",
                    "link": reverse_lazy("admin:axes_accessattempt_changelist"),
                    "permission": can(caps.MANAGE_SECURITY),
                },
                {
                    "title": _("登录记录"),
                    "icon": "login",
                    "link": reverse_lazy("admin:axes_accesslog_changelist"),
                    "permission": can(caps.MANAGE_SECURITY),
                },
                {
                    "title": _("审计日志"),
                    "icon": "policy",
                    "link": reverse_lazy("admin:core_auditentry_changelist"),
                    "permission": can(caps.VIEW_AUDIT),
                },
            ],
        },
    ]
