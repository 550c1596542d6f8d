"""The admin site: who may enter, and the sidebar grouped by module."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from unfold.sites import UnfoldAdminSite

from zugong.core import authz
from zugong.core import capabilities as caps
from zugong.core.admin.fields import AutocompleteView

# The site's own views hold no business rows: any user with a role may open them.
# Django's view-on-site redirect (r/<content type>/<id>/) is not among them: it looked
# objects up outside the scope, so the site does not serve it.
SITE_VIEWS = {
    "index": caps.SIGNED_IN,
    "app_index": caps.SIGNED_IN,
    "search": caps.SIGNED_IN,
    "logout": caps.SIGNED_IN,
    "password_change": caps.SIGNED_IN,
    "password_change_done": caps.SIGNED_IN,
    "i18n_javascript": caps.SIGNED_IN,
    "catch_all_view": caps.SIGNED_IN,
}


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

    def each_context(self, request):
        context = super().each_context(request)
        # Unfold's sidebar (admin/nav_sidebar.html) includes templates.navigation when
        # given: zugong's names the user by the person's name, not the login name.
        from zugong.core import notify

        context["zg_unread"] = notify.unread_count(request.user)
        context["templates"] = {
            **context.get("templates", {}),
            "navigation": "admin/zugong/navigation.html",
        }
        return context

    def get_app_list(self, request, app_label=None):
        """Django's list of applications, computed when a page reads it (an app's index):
        every page's context carries it (``available_apps``) for a sidebar zugong does
        not show, at a permission check and a URL per registered model."""
        from django.utils.functional import SimpleLazyObject

        compute = super().get_app_list
        return SimpleLazyObject(lambda: compute(request, app_label))

    def get_sidebar_list(self, request):
        """Unfold's sidebar groups, holding only the items the user may open: Unfold
        copies every item of the navigation and the template then skips those without
        permission, which cost each page tens of milliseconds for a sidebar of a hundred
        and thirty entries. Same keys, same "active" rule (the link's path inside the
        request's, the start page only on itself)."""
        from urllib.parse import urlsplit

        from django.utils.functional import lazy
        from django.utils.module_loading import import_string

        here, index = request.path, reverse("admin:index")
        groups = []
        for group in sidebar_navigation(request):
            items = []
            for item in group["items"]:
                permission = item.get("permission")
                if permission is not None and not permission(request):
                    continue
                link = str(item["link"])
                target = urlsplit(link).path
                entry = {
                    **item,
                    "link": link,
                    "has_permission": True,
                    "active": target == here
                    if target == index
                    else bool(target) and target in here,
                }
                if isinstance(item.get("badge"), str):
                    entry["badge_callback"] = lazy(import_string(item["badge"]))(request)
                items.append(entry)
            if items:
                groups.append(
                    {**group, "items": items, "has_active": any(i["active"] for i in items)}
                )
        return groups

    def get_urls(self):
        return [
            pattern
            for pattern in super().get_urls()
            if getattr(pattern, "name", None) != "view_on_site"
        ]

    def requirement_of(self, view) -> caps.Requirement | None:
        """What a view of this site needs: declared on it (``@requires``, ``action``),
        by its ModelAdmin for the standard views, or in SITE_VIEWS."""
        declared = authz.requirement_of(view)
        if declared is not None:
            return declared
        owner = getattr(view, "__self__", None)
        name = getattr(view, "__name__", "")
        if owner is self:
            return SITE_VIEWS.get(name)
        requirement_for_view = getattr(owner, "requirement_for_view", None)
        return requirement_for_view(name) if requirement_for_view else None

    def admin_view(self, view, cacheable=False):
        """Every page of the back office passes here: signed in with a role (Django's
        check), then the view's requirement, which narrows the scope for the request.
        A view that declares nothing answers 403: a page added later cannot forget."""
        requirement = self.requirement_of(view)

        def guarded(request, *args, **kwargs):
            if requirement is None:
                raise PermissionDenied
            authz.enter(request, requirement)
            return view(request, *args, **kwargs)

        guarded.__name__ = getattr(view, "__name__", "view")
        guarded.zugong_requirement = requirement
        wrapped = super().admin_view(guarded, cacheable)
        wrapped.zugong_requirement = requirement
        return wrapped

    def autocomplete_view(self, request):
        """Autocomplete answers for a form field under the form's own requirement: the
        choices of a field on a meeting are organizations where meetings may be read."""
        from django.apps import apps

        try:
            source = apps.get_model(request.GET["app_label"], request.GET["model_name"])
            owner = self._registry[source]
        except (KeyError, LookupError) as exc:
            raise PermissionDenied from exc
        authz.enter(request, owner.requirement_for_view("change_view"))
        return AutocompleteView.as_view(admin_site=self)(request)

    autocomplete_view.zugong_requirement = caps.SIGNED_IN


site = ZugongAdminSite(name="admin")


def can(capability: str):
    def check(request) -> bool:
        return authz.holds(request, capability)

    check.__name__ = f"can_{capability.replace('.', '_')}"
    return check


def environment_badge(request):
    from django.conf import settings

    if settings.PRODUCTION:
        return None
    return [str(_("演示环境")), "warning"]


# Sidebar groups contributed by the apps, as (order, callable returning the group).
APP_GROUPS: list[tuple[int, object]] = []


def register_sidebar_group(order: int, group) -> None:
    """Let an app add its module's group to the sidebar (between core's own groups)."""
    APP_GROUPS.append((order, group))


def item(title, icon: str, url_name: str, capability: str) -> dict:
    return {
        "title": title,
        "icon": icon,
        "link": reverse_lazy(url_name),
        "permission": can(capability),
    }


def sidebar_navigation(request) -> list[dict]:
    """Groups by module; an item shows only to users holding its capability."""
    return [
        {
            "title": _("工作台"),
            "items": [
                {"title": _("首页"), "icon": "dashboard", "link": reverse_lazy("admin:index")},
                {
                    "title": _("我的待办"),
                    "icon": "checklist",
                    "link": reverse_lazy("admin:core_todoitem_changelist"),
                    "badge": "zugong.core.todo.badge",
                },
                {
                    "title": _("我的消息"),
                    "icon": "notifications",
                    "link": reverse_lazy("admin:core_notification_changelist"),
                    "badge": "zugong.core.notify.badge",
                },
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
                item(
                    _("党组织"),
                    "account_tree",
                    "admin:core_organization_changelist",
                    caps.VIEW_ORGANIZATION,
                ),
                item(_("人员"), "badge", "admin:core_person_changelist", caps.VIEW_PERSON),
                item(
                    _("组织沿革"),
                    "history",
                    "admin:core_organizationevent_changelist",
                    caps.VIEW_ORGANIZATION,
                ),
            ],
        },
        *[group() for _order, group in sorted(APP_GROUPS, key=lambda entry: entry[0])],
        {
            "title": _("系统管理"),
            "items": [
                item(_("用户"), "person", "admin:core_user_changelist", caps.MANAGE_USERS),
                item(_("角色"), "shield_person", "admin:core_role_changelist", caps.MANAGE_ROLES),
                item(
                    _("角色授权"),
                    "how_to_reg",
                    "admin:core_roleassignment_changelist",
                    caps.MANAGE_ROLES,
                ),
                item(_("代码表"), "menu_book", "admin:core_codeitem_changelist", caps.MANAGE_CODES),
                item(
                    _("工作日历"),
                    "calendar_month",
                    "admin:core_calendarday_changelist",
                    caps.MANAGE_CODES,
                ),
                item(
                    _("定时扫描记录"),
                    "schedule",
                    "admin:core_scanrun_changelist",
                    "core.view_scans",
                ),
            ],
        },
        {
            "title": _("安全与审计"),
            "items": [
                item(
                    _("登录失败与锁定"),
                    "lock_person",
                    "admin:axes_accessattempt_changelist",
                    caps.MANAGE_SECURITY,
                ),
                item(
                    _("登录记录"), "login", "admin:axes_accesslog_changelist", caps.MANAGE_SECURITY
                ),
                item(_("审计日志"), "policy", "admin:core_auditentry_changelist", caps.VIEW_AUDIT),
            ],
        },
    ]
