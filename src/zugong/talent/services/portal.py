"""Talents' own portal accounts: registration by the talent, approval (or refusal) by the
talent office, an account the office opens for a talent it keeps, and disabling.

An account is a core User bound to the talent's person (User.person) holding the
built-in role 人才（本人） over the talent's township: "own records" capabilities only,
so the account sees the rows of that person and nothing of the tree. Such a user is
never staff: no back-office page admits them.
"""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zugong.core import audit, idnumber
from zugong.core.errors import ApplicationError
from zugong.core.models import Organization, OrgKind, Person, Role, RoleAssignment, User
from zugong.core.scope import system_scope
from zugong.core.services import persons as person_services
from zugong.core.services.access import authorize
from zugong.core.validation import check_name, check_phone
from zugong.talent import capabilities as caps
from zugong.talent.models import AccountStatus, PortalAccount, Talent
from zugong.talent.services.pool import search_keys

TALENT_ROLE = "talent"


def _password(password: str, confirm: str, user: User | None = None) -> None:
    if password != confirm:
        raise ApplicationError(_("两次输入的密码不一致"), field="password2")
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ApplicationError(
            _("密码不符合要求：%(reasons)s") % {"reasons": "；".join(exc.messages)},
            field="password1",
        ) from exc


def registration_townships() -> list[tuple[int, str]]:
    """The townships a talent may register under (public names, read by the system)."""
    with system_scope("portal-townships"):
        return list(
            Organization.objects.filter(kind=OrgKind.TOWNSHIP, status="active")
            .order_by("path")
            .values_list("pk", "name")
        )


def _person_for(data: dict, township: Organization) -> Person:
    """The registering person: the one already kept under that ID number (a member or a
    cadre is one person) when the name agrees, else a new person kept by the township."""
    found = person_services.person_find_by_id_number(actor=None, number=data["id_number"])
    if found is not None:
        if found.name != data["name"]:
            raise ApplicationError(_("姓名与公民身份号码不相符，请核对"), field="name")
        return found
    return person_services.person_create(
        actor=None,
        organization=township,
        data={
            "name": data["name"],
            "id_number": data["id_number"],
            "phone": data["phone"],
            "ethnicity": data.get("ethnicity") or "01",
            "education": data.get("education", ""),
            "political_status": data.get("political_status") or "13",
        },
    )


def portal_register(*, data: dict, ip: str = "") -> PortalAccount:
    """A talent registers on the portal (no one is signed in): name, ID number (checked),
    phone, township, password. The account waits for the talent office; nothing is
    written when any field is wrong."""
    name = check_name(data.get("name", ""))
    info = idnumber.parse(data.get("id_number") or "", field="id_number")
    phone = check_phone(data.get("phone") or "")
    if not phone:
        raise ApplicationError(_("请填写手机号码，用于人才办联系您"), field="phone")
    username = (data.get("username") or "").strip()
    if (
        not username
        or len(username) > 30
        or not username.replace("_", "").isalnum()
        or not username.isascii()
    ):
        raise ApplicationError(_("登录名应为30位以内的字母、数字或下划线"), field="username")
    _password(data.get("password1", ""), data.get("password2", ""))
    with system_scope("portal-register"), transaction.atomic():
        if User.objects.filter(username__iexact=username).exists():
            raise ApplicationError(_("登录名“%(u)s”已被使用") % {"u": username}, field="username")
        try:
            township = Organization.objects.get(pk=data.get("township"), kind=OrgKind.TOWNSHIP)
        except (Organization.DoesNotExist, ValueError, TypeError):
            raise ApplicationError(_("请选择所在乡镇（街道）"), field="township") from None
        person = _person_for(
            {**data, "name": name, "id_number": info.number, "phone": phone}, township
        )
        talent = Talent.objects.filter(person=person).first()
        if talent is not None and PortalAccount.objects.filter(talent=talent).exists():
            raise ApplicationError(
                _("该公民身份号码已注册人才服务平台账号，请直接登录，忘记密码请联系人才办"),
                field="id_number",
            )
        if talent is None:
            talent = Talent.objects.create(
                person=person, township=township, **search_keys(person.name)
            )
        user = User(username=username, full_name=name, person=person, is_active=False)
        user.set_password(data["password1"])
        user.save()
        account = PortalAccount.objects.create(
            user=user, talent=talent, status=AccountStatus.PENDING
        )
        audit.log_action(
            caps.ACCOUNT_SAVED,
            obj=account,
            actor_name=name,
            ip=ip or None,
            extra={"step": "registered", "username": username, "township": township.code},
        )
    return account


def _grant(user: User, township: Organization) -> None:
    # The fixed own-records role, not a staff role: the security administrator's role
    # management (core.services.access.role_grant) makes staff accounts.
    RoleAssignment.objects.get_or_create(
        user=user, role=Role.objects.get(code=TALENT_ROLE), organization=township
    )


@transaction.atomic
def account_approve(*, actor, account: PortalAccount) -> PortalAccount:
    authorize(actor, caps.MANAGE_ACCOUNTS, account.talent.township)
    if account.status == AccountStatus.ACTIVE:
        raise ApplicationError(_("该账号已开通"), field="status")
    user = account.user
    user.is_active = True
    user.is_staff = False
    user.save(update_fields=["is_active", "is_staff"])
    _grant(user, account.talent.township)
    account.status = AccountStatus.ACTIVE
    account.decided_at, account.decided_by, account.refused_reason = timezone.now(), actor, ""
    account.save(update_fields=["status", "decided_at", "decided_by", "refused_reason"])
    audit.log_action(caps.ACCOUNT_SAVED, actor=actor, obj=account, extra={"step": "approved"})
    return account


@transaction.atomic
def account_refuse(*, actor, account: PortalAccount, reason: str) -> PortalAccount:
    authorize(actor, caps.MANAGE_ACCOUNTS, account.talent.township)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("请填写未通过的原因"), field="reason")
    if account.status != AccountStatus.PENDING:
        raise ApplicationError(_("只有待审核的账号可以不予通过"), field="status")
    account.user.is_active = False
    account.user.save(update_fields=["is_active"])
    account.status, account.refused_reason = AccountStatus.REFUSED, reason[:200]
    account.decided_at, account.decided_by = timezone.now(), actor
    account.save(update_fields=["status", "refused_reason", "decided_at", "decided_by"])
    audit.log_action(
        caps.ACCOUNT_SAVED, actor=actor, obj=account, extra={"step": "refused", "reason": reason}
    )
    return account


@transaction.atomic
def account_disable(*, actor, account: PortalAccount, reason: str = "") -> PortalAccount:
    authorize(actor, caps.MANAGE_ACCOUNTS, account.talent.township)
    account.user.is_active = False
    account.user.save(update_fields=["is_active"])
    RoleAssignment.objects.filter(user=account.user, role__code=TALENT_ROLE).delete()
    account.status = AccountStatus.DISABLED
    account.decided_at, account.decided_by = timezone.now(), actor
    account.refused_reason = (reason or "").strip()[:200]
    account.save(update_fields=["status", "decided_at", "decided_by", "refused_reason"])
    audit.log_action(caps.ACCOUNT_SAVED, actor=actor, obj=account, extra={"step": "disabled"})
    return account


@transaction.atomic
def account_open(*, actor, talent: Talent, username: str, password: str) -> PortalAccount:
    """The talent office opens an account for a talent it keeps; the first login must
    replace the password (it was chosen by someone else)."""
    authorize(actor, caps.MANAGE_ACCOUNTS, talent.township)
    username = (username or "").strip()
    if not username or not username.isascii() or not username.replace("_", "").isalnum():
        raise ApplicationError(_("登录名应为字母、数字或下划线"), field="username")
    # Unscoped: login names are unique across the whole system.
    if User.objects.filter(username__iexact=username).exists():
        raise ApplicationError(_("登录名“%(u)s”已被使用") % {"u": username}, field="username")
    if PortalAccount.objects.filter(talent=talent).exists():
        raise ApplicationError(_("该人才已有平台账号"), field="talent")
    if User.objects.filter(person=talent.person).exists():
        raise ApplicationError(_("该人员已绑定其他账号"), field="talent")
    user = User(username=username, full_name=talent.person.name, person=talent.person)
    _password(password, password, user)
    user.set_password(password)
    user.password_must_change = True
    user.save()
    _grant(user, talent.township)
    account = PortalAccount.objects.create(
        user=user,
        talent=talent,
        status=AccountStatus.ACTIVE,
        self_registered=False,
        decided_at=timezone.now(),
        decided_by=actor,
    )
    audit.log_action(
        caps.ACCOUNT_SAVED, actor=actor, obj=account, extra={"step": "opened", "username": username}
    )
    return account


def grant_talent_role(user: User, township: Organization) -> None:
    """For the demo builder and tests, which make active accounts directly."""
    _grant(user, township)
