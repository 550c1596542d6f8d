"""Capabilities (named permissions), the built-in roles, and a user's access.

A role is a set of capabilities; a user holds roles over organization subtrees
(RoleAssignment). A capability applies to an organization when the user holds a role
that has it over an ancestor-or-self of that organization. Later apps add their own
capabilities with :func:`register`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from zugong.core.scope import Scope, intersect, minimal

CAPABILITIES: dict[str, str] = {}
# Capabilities of the "own records" kind (本人): held by a person outside the
# organization tree (a talent on the portal) over the rows of their own person record
# only, whatever organization the grant names. They never open a subtree.
OWN_CAPABILITIES: set[str] = set()


def register(code: str, label, *, own: bool = False) -> str:
    """Declare a capability; ``own=True`` for the "own records" kind."""
    CAPABILITIES[code] = label
    if own:
        OWN_CAPABILITIES.add(code)
    return code


def is_own_capability(code: str) -> bool:
    return code in OWN_CAPABILITIES


VIEW_ORGANIZATION = register("core.view_organization", _("查看党组织"))
CHANGE_ORGANIZATION = register(
    "core.change_organization", _("维护党组织（新建、修改、调整隶属、撤销）")
)
VIEW_PERSON = register("core.view_person", _("查看人员"))
CHANGE_PERSON = register("core.change_person", _("维护人员"))
VIEW_SENSITIVE = register("core.view_sensitive", _("查看身份证号、电话明文"))
EXPORT = register("core.export", _("导出数据"))
MANAGE_CODES = register("core.manage_codes", _("维护代码表"))
MANAGE_USERS = register("core.manage_users", _("管理用户账号"))
MANAGE_ROLES = register("core.manage_roles", _("分配角色与数据范围"))
MANAGE_SECURITY = register("core.manage_security", _("安全管理（登录记录、账号解锁）"))
VIEW_AUDIT = register("core.view_audit", _("查看审计日志"))

# Separation of duties (三员分立): whoever reads the audit log changes nothing, and the
# system and security administrators never read it.
AUDIT_ONLY = {VIEW_AUDIT}
WRITE_CAPABILITIES_MARKERS = (".change_", ".manage_", ".add_", ".delete_")


@dataclass(frozen=True)
class BuiltinRole:
    code: str
    name: str
    description: str
    capabilities: tuple[str, ...]
    # Two-factor login (TOTP): "required" or "optional"; the initial value of
    # Role.two_factor, enforced in production (zugong.core.two_factor).
    two_factor: str = "optional"


BUSINESS_VIEW = (VIEW_ORGANIZATION, VIEW_PERSON)
BUSINESS_CHANGE = (CHANGE_ORGANIZATION, CHANGE_PERSON)

BUILTIN_ROLES: list[BuiltinRole] = [
    BuiltinRole(
        "dept_admin",
        "组织部管理员",
        "全区业务数据及用户、角色管理",
        (
            *BUSINESS_VIEW,
            *BUSINESS_CHANGE,
            VIEW_SENSITIVE,
            EXPORT,
            MANAGE_CODES,
            MANAGE_USERS,
            MANAGE_ROLES,
        ),
        two_factor="required",
    ),
    BuiltinRole(
        "section_officer",
        "科室干部",
        "组织科、干部科、人才办：维护本模块记录、审核、报表",
        (*BUSINESS_VIEW, *BUSINESS_CHANGE, VIEW_SENSITIVE, EXPORT),
    ),
    BuiltinRole(
        "township_officer",
        "乡镇（街道）组织委员",
        "维护本乡镇（街道）的组织和人员",
        (*BUSINESS_VIEW, *BUSINESS_CHANGE, EXPORT),
    ),
    BuiltinRole("branch_secretary", "支部书记", "维护本支部人员", (*BUSINESS_VIEW, CHANGE_PERSON)),
    BuiltinRole(
        "leader", "领导", "部领导、区领导：只读查看全区数据与驾驶舱", (*BUSINESS_VIEW, EXPORT)
    ),
    BuiltinRole(
        "system_admin",
        "系统管理员",
        "用户账号与代码表；不能查看审计日志",
        (MANAGE_USERS, MANAGE_CODES),
        two_factor="required",
    ),
    BuiltinRole(
        "security_admin",
        "安全管理员",
        "角色授权、登录记录与账号解锁；不能查看审计日志",
        (MANAGE_ROLES, MANAGE_SECURITY),
        two_factor="required",
    ),
    BuiltinRole(
        "audit_admin",
        "审计管理员",
        "只读查看审计日志并校验其完整性；不能修改任何数据",
        (VIEW_AUDIT,),
        two_factor="required",
    ),
]


def add_to_builtin_role(code: str, *capabilities: str) -> None:
    """Let an app give its capabilities to a built-in role (applied after migrate)."""
    for index, role in enumerate(BUILTIN_ROLES):
        if role.code == code:
            missing = tuple(c for c in capabilities if c not in role.capabilities)
            BUILTIN_ROLES[index] = BuiltinRole(
                role.code,
                role.name,
                role.description,
                role.capabilities + missing,
                role.two_factor,
            )
            return
    raise KeyError(code)


def add_builtin_role(role: BuiltinRole) -> None:
    """Let an app add a built-in role of its own (created or updated after migrate)."""
    if any(existing.code == role.code for existing in BUILTIN_ROLES):
        raise ValueError(f"built-in role {role.code} exists")
    BUILTIN_ROLES.append(role)


def is_write_capability(code: str) -> bool:
    return any(marker in code for marker in WRITE_CAPABILITIES_MARKERS)


def separation_conflicts(capabilities: set[str]) -> list[str]:
    """Why a set of capabilities breaks 三员分立 (empty when it does not)."""
    if VIEW_AUDIT in capabilities:
        writes = sorted(c for c in capabilities if is_write_capability(c) or c == VIEW_SENSITIVE)
        if writes:
            return [str(CAPABILITIES.get(c, c)) for c in writes]
    return []


@dataclass(frozen=True)
class Requirement:
    """What an entry point needs before it reads anything.

    Met where any one of ``alternatives`` is held, an alternative being capabilities
    that must all be held there (through one grant or several on nested subtrees).
    ``signed_in`` is for a user's own pages (the start page, their jobs and tokens):
    any role lets them in, and their scope holds no business rows.
    """

    alternatives: tuple[tuple[str, ...], ...] = ()
    signed_in: bool = False

    def paths(self, grants) -> tuple[str, ...]:
        """The subtrees where the requirement is met, given a user's grants."""
        found: list[str] = []
        for alternative in self.alternatives:
            common: tuple[str, ...] | None = None
            for capability in alternative:
                held = tuple(path for path, caps in grants if capability in caps)
                common = held if common is None else intersect(common, held)
            found.extend(common or ())
        return minimal(found)

    def met_by(self, grants) -> bool:
        return bool(grants) if self.signed_in else bool(self.paths(grants))

    def met_by_own(self, own_capabilities) -> bool:
        """Whether an alternative is all "own records" capabilities the user holds."""
        return any(
            alternative
            and all(c in OWN_CAPABILITIES and c in own_capabilities for c in alternative)
            for alternative in self.alternatives
        )

    def label(self) -> str:
        if self.signed_in:
            return str(_("已登录"))
        return str(_("或")).join(
            "+".join(str(CAPABILITIES.get(c, c)) for c in alternative)
            for alternative in self.alternatives
        )

    def codes(self) -> list[str]:
        return sorted({c for alternative in self.alternatives for c in alternative})


def need(*capabilities: str) -> Requirement:
    """All of ``capabilities``, held together."""
    if not capabilities or not all(capabilities):
        raise ValueError("a requirement names at least one capability")
    return Requirement(alternatives=(tuple(capabilities),))


def need_any(*capabilities: str) -> Requirement:
    """Any one of ``capabilities``."""
    present = tuple(dict.fromkeys(c for c in capabilities if c))  # once each, in order
    if not present:
        raise ValueError("a requirement names at least one capability")
    return Requirement(alternatives=tuple((c,) for c in present))


SIGNED_IN = Requirement(signed_in=True)
# A view that exists (Django adds it) but is offered to no one: met by no grant.
NOBODY = Requirement()


def as_requirement(value) -> Requirement:
    if isinstance(value, Requirement):
        return value
    if isinstance(value, str):
        return need(value)
    return need(*value)


@dataclass
class Access:
    """What one user may do, resolved once per request or task."""

    user_id: int | None
    grants: list[tuple[str, frozenset[str]]] = field(
        default_factory=list
    )  # (org path, capabilities), "own records" capabilities left out
    # The "own records" kind: the user's own person and the capabilities held over it.
    person_id: int | None = None
    own: frozenset[str] = frozenset()

    @property
    def capabilities(self) -> set[str]:
        return {cap for _, caps in self.grants for cap in caps}

    def has(self, capability: str, path: str | None = None) -> bool:
        """Whether the capability applies anywhere (path None) or to the node at ``path``."""
        return any(
            capability in caps and (path is None or path.startswith(grant_path))
            for grant_path, caps in self.grants
        )

    def has_own(self, capability: str, person_id: int | None) -> bool:
        """Whether the "own records" capability is held over that person (the user's own)."""
        return person_id is not None and self.person_id == person_id and capability in self.own

    def paths_for(self, capability: str) -> tuple[str, ...]:
        return tuple(path for path, caps in self.grants if capability in caps)

    def allows(self, requirement: Requirement) -> bool:
        return requirement.met_by(self.grants) or self.allows_own(requirement)

    def allows_own(self, requirement: Requirement) -> bool:
        return self.person_id is not None and requirement.met_by_own(self.own)

    def scope_for(self, requirement: Requirement | str) -> Scope:
        """The subtrees where ``requirement`` is met: what an entry point may read."""
        return self.base_scope().narrow(as_requirement(requirement))

    def base_scope(self) -> Scope:
        """The request's scope before an entry point declares what it needs: no rows."""
        return Scope(
            paths=(),
            user_id=self.user_id,
            grants=tuple(self.grants),
            base=True,
            label="base",
            person_id=self.person_id,
            own=self.own,
        )

    def scope(self) -> Scope:
        """Every subtree the user holds any role on.

        Only for code that acts for the user outside an entry point (tests, commands);
        a page, action, download, job or API operation reads through ``scope_for``.
        """
        return Scope(
            paths=tuple(path for path, _ in self.grants),
            user_id=self.user_id,
            grants=tuple(self.grants),
        )


def access_for(user) -> Access:
    from zugong.core.models import RoleAssignment

    if user is None or not user.is_authenticated or not user.is_active:
        return Access(user_id=None)
    rows = RoleAssignment.objects.filter(user=user).values_list(
        "organization__path", "role__capabilities"
    )
    grants, own = [], set()
    for path, capabilities in rows:
        tree = frozenset(c for c in capabilities if c not in OWN_CAPABILITIES)
        own.update(c for c in capabilities if c in OWN_CAPABILITIES)
        if tree:
            grants.append((path, tree))
    person_id = user.person_id if own else None
    return Access(
        user_id=user.pk,
        grants=grants,
        person_id=person_id,
        own=frozenset(own) if person_id else frozenset(),
    )
