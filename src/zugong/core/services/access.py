"""Authorization helpers shared by services, and the services for users, roles and tokens."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zugong.core import audit
from zugong.core.capabilities import (
    CAPABILITIES,
    MANAGE_ROLES,
    MANAGE_SECURITY,
    MANAGE_USERS,
    Access,
    access_for,
    separation_conflicts,
)
from zugong.core.crypto import sm3
from zugong.core.errors import ApplicationError, PermissionDenied
from zugong.core.models import ApiToken, Organization, Role, RoleAssignment, TwoFactor, User
from zugong.core.scope import active_scope


def get_access(user) -> Access:
    """Access of a user, resolved once and kept on the user object for the request."""
    if user is None:
        return Access(user_id=None)
    cached = getattr(user, "_zugong_access", None)
    if cached is None:
        cached = access_for(user)
        user._zugong_access = cached
    return cached


def authorize(actor, capability: str, organization: Organization | None = None) -> None:
    """Raise PermissionDenied (in Chinese) unless ``actor`` holds ``capability`` there.

    ``actor`` None means the system itself (demo builder, migrations); that is only
    allowed inside a system scope.
    """
    if actor is None:
        scope = active_scope()
        if scope is not None and scope.everything:
            return
        raise PermissionDenied(_("没有操作人，不能执行此操作"))
    access = get_access(actor)
    path = organization.path if organization is not None else None
    if not access.has(capability, path):
        label = CAPABILITIES.get(capability, capability)
        if organization is not None and access.has(capability):
            raise PermissionDenied(
                _("“%(org)s”不在您的数据范围内，不能%(action)s")
                % {"org": organization.name, "action": label}
            )
        raise PermissionDenied(_("您没有“%(action)s”的权限") % {"action": label})


def authorize_own(actor, capability: str, person) -> None:
    """Raise PermissionDenied unless ``actor`` holds the "own records" ``capability``
    over ``person`` — their own person record (a talent on the portal)."""
    if actor is None:
        scope = active_scope()
        if scope is not None and scope.everything:
            return
        raise PermissionDenied(_("没有操作人，不能执行此操作"))
    if not get_access(actor).has_own(capability, getattr(person, "pk", person)):
        label = CAPABILITIES.get(capability, capability)
        raise PermissionDenied(_("您没有“%(action)s”的权限") % {"action": label})


def authorize_either(actor, capability: str, organization, own_capability: str, person) -> None:
    """``capability`` over the organization's subtree, or the "own records"
    ``own_capability`` over ``person``: a service the office and the talent both call."""
    if actor is not None and get_access(actor).has_own(
        own_capability, getattr(person, "pk", person)
    ):
        return
    authorize(actor, capability, organization)


def _check_password(password: str, user: User | None = None) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ApplicationError(
            _("密码不符合要求：%(reasons)s") % {"reasons": "；".join(exc.messages)},
            field="password",
        ) from exc


@transaction.atomic
def user_create(*, actor, username: str, full_name: str, password: str, email: str = "") -> User:
    authorize(actor, MANAGE_USERS)
    username = username.strip()
    if not username:
        raise ApplicationError(_("用户名不能为空"), field="username")
    if User.objects.filter(username=username).exists():
        raise ApplicationError(_("用户名“%(u)s”已被使用") % {"u": username}, field="username")
    user = User(username=username, full_name=full_name.strip(), email=email, is_staff=True)
    _check_password(password, user)
    user.set_password(password)
    user.password_must_change = actor is not None and settings.ZUGONG_PASSWORD_RESET_FORCES_CHANGE
    user.save()
    audit.log_action(
        audit.USER_CREATED,
        actor=actor,
        obj=user,
        changes={"username": username, "full_name": full_name},
    )
    return user


@transaction.atomic
def user_set_password(*, actor, user: User, password: str) -> None:
    if actor is None or actor.pk != user.pk:
        authorize(actor, MANAGE_USERS)
    elif user.check_password(password):
        raise ApplicationError(_("新密码不能与当前密码相同"), field="password")
    _check_password(password, user)
    user.set_password(password)
    # A password an administrator chose is to be replaced by the user at the next login.
    by_other = actor is not None and actor.pk != user.pk
    user.password_must_change = by_other and settings.ZUGONG_PASSWORD_RESET_FORCES_CHANGE
    # User.save stamps password_changed_at (the password age, ZUGONG_PASSWORD_MAX_AGE_DAYS).
    user.save(update_fields=["password", "password_must_change"])
    audit.log_action(
        audit.USER_PASSWORD_SET, actor=actor, obj=user, changes={"password": "changed"}
    )


@transaction.atomic
def user_update(*, actor, user: User, full_name: str, email: str, is_active: bool) -> User:
    authorize(actor, MANAGE_USERS)
    changes = {}
    for field, value in (("full_name", full_name), ("email", email), ("is_active", is_active)):
        if getattr(user, field) != value:
            changes[field] = {"old": getattr(user, field), "new": value}
            setattr(user, field, value)
    if changes:
        user.save()
        audit.log_action(audit.USER_CHANGED, actor=actor, obj=user, changes=changes)
    return user


@transaction.atomic
def role_save(
    *,
    actor,
    role: Role,
    capabilities: list[str],
    name: str,
    description: str = "",
    two_factor: str | None = None,
) -> Role:
    authorize(actor, MANAGE_ROLES)
    unknown = [c for c in capabilities if c not in CAPABILITIES]
    if unknown:
        raise ApplicationError(
            _("未知的权限：%(c)s") % {"c": "、".join(unknown)}, field="capabilities"
        )
    conflicts = separation_conflicts(set(capabilities))
    if conflicts:
        raise ApplicationError(
            _("三员分立：查看审计日志的角色不能同时拥有%(c)s") % {"c": "、".join(conflicts)},
            field="capabilities",
        )
    if two_factor is not None and two_factor not in TwoFactor.values:
        raise ApplicationError(_("双因素认证只能是“必须启用”或“可选”"), field="two_factor")
    old = {
        "name": role.name,
        "capabilities": list(role.capabilities),
        "two_factor": role.two_factor,
    }
    role.name, role.description, role.capabilities = name, description, sorted(capabilities)
    if two_factor is not None:
        role.two_factor = two_factor
    role.save()
    audit.log_action(
        audit.ROLE_CHANGED,
        actor=actor,
        obj=role,
        changes={
            "name": {"old": old["name"], "new": name},
            "capabilities": {"old": old["capabilities"], "new": role.capabilities},
            "two_factor": {"old": old["two_factor"], "new": role.two_factor},
        },
    )
    if role.pk:
        for assignment in role.assignments.select_related("user"):
            _check_user_separation(assignment.user)
    return role


def _check_user_separation(user: User, extra: Role | None = None) -> None:
    capabilities: set[str] = set()
    for role in Role.objects.filter(assignments__user=user):
        capabilities.update(role.capabilities)
    if extra is not None:
        capabilities.update(extra.capabilities)
    conflicts = separation_conflicts(capabilities)
    if conflicts:
        raise ApplicationError(
            _("三员分立：用户“%(u)s”若获此角色，将同时可查看审计日志和%(c)s")
            % {"u": user, "c": "、".join(conflicts)},
            field="role",
        )


@transaction.atomic
def role_grant(*, actor, user: User, role: Role, organization: Organization) -> RoleAssignment:
    authorize(actor, MANAGE_ROLES, organization)
    if RoleAssignment.objects.filter(user=user, role=role, organization=organization).exists():
        raise ApplicationError(_("该用户已在此范围内拥有此角色"), field="role")
    _check_user_separation(user, extra=role)
    assignment = RoleAssignment.objects.create(
        user=user, role=role, organization=organization, granted_by=actor
    )
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    audit.log_action(
        audit.ROLE_GRANTED,
        actor=actor,
        obj=user,
        changes={"role": role.code, "organization": organization.code},
    )
    return assignment


@transaction.atomic
def role_revoke(*, actor, assignment: RoleAssignment) -> None:
    authorize(actor, MANAGE_ROLES, assignment.organization)
    audit.log_action(
        audit.ROLE_REVOKED,
        actor=actor,
        obj=assignment.user,
        changes={"role": assignment.role.code, "organization": assignment.organization.code},
    )
    assignment.delete()


@transaction.atomic
def lockout_clear(*, actor, username: str) -> None:
    """Lift a login lock-out (django-axes) before its cool-off ends."""
    from axes.utils import reset

    authorize(actor, MANAGE_SECURITY)
    reset(username=username)
    audit.log_action(audit.LOCKOUT_CLEARED, actor=actor, extra={"username": username})


@transaction.atomic
def token_create(*, actor, user: User, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    """Issue a token; the clear value is returned once and never stored."""
    if actor is None or actor.pk != user.pk:
        authorize(actor, MANAGE_USERS)
    if not name.strip():
        raise ApplicationError(_("请填写令牌用途"), field="name")
    clear = "zg_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip(),
        prefix=clear[:8],
        digest=sm3(clear.encode()),
        expires_at=timezone.now() + dt.timedelta(days=days or settings.ZUGONG_API_TOKEN_DAYS),
    )
    audit.log_action(
        audit.TOKEN_CREATED,
        actor=actor,
        obj=user,
        changes={"token": token.prefix, "name": token.name},
    )
    return token, clear


@transaction.atomic
def token_revoke(*, actor, token: ApiToken) -> None:
    if actor is None or actor.pk != token.user_id:
        authorize(actor, MANAGE_USERS)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.log_action(
        audit.TOKEN_REVOKED, actor=actor, obj=token.user, changes={"token": token.prefix}
    )


def token_user(clear: str) -> User | None:
    digest = sm3(clear.encode())
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=digest, revoked_at__isnull=True)
        .first()
    )
    if token is None or token.expires_at <= timezone.now() or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
