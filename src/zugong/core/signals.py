"""Set-up after migrate, and the login records. (Business flows never run on signals.)"""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from zugong.core import audit


def ensure_builtin_roles() -> None:
    from zugong.core.capabilities import BUILTIN_ROLES
    from zugong.core.models import Role

    for spec in BUILTIN_ROLES:
        defaults = {
            "name": spec.name,
            "description": spec.description,
            "capabilities": list(spec.capabilities),
            "is_builtin": True,
        }
        # The two-factor setting starts from the built-in list; afterwards it is the
        # security administrator's, so a later migrate leaves it as set.
        Role.objects.update_or_create(
            code=spec.code,
            defaults=defaults,
            create_defaults={**defaults, "two_factor": spec.two_factor},
        )


def after_migrate(sender, using="default", **kwargs) -> None:
    from zugong.core import codes, workdays

    codes.load_shipped()
    workdays.load_shipped()
    ensure_builtin_roles()


def _ip(request) -> str:
    if request is None:
        return ""
    return request.META.get("REMOTE_ADDR", "")


def on_login(sender, request, user, **kwargs) -> None:
    audit.log_action(audit.LOGIN, actor=user, ip=_ip(request))


def on_logout(sender, request, user, **kwargs) -> None:
    if user is not None:
        audit.log_action(audit.LOGOUT, actor=user, ip=_ip(request))


def on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    username = str(credentials.get("username", ""))[:150]
    audit.log_action(
        audit.LOGIN_FAILED, actor_name=username, ip=_ip(request), extra={"username": username}
    )


def connect_auth_signals() -> None:
    user_logged_in.connect(on_login, dispatch_uid="zugong_login")
    user_logged_out.connect(on_logout, dispatch_uid="zugong_logout")
    user_login_failed.connect(on_login_failed, dispatch_uid="zugong_login_failed")
