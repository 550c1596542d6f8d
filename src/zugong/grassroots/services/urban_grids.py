"""Grids (网格): the community → grid → micro-grid tree, staff and members.

Unified codes: a grid's code is its community organization's code followed by a
2-digit grid number (450312100001 + 03 → 45031210000103); a micro-grid's code is its
grid's code followed by a 2-digit micro-grid number (4503121000010302). Numbers are
given in order when none is typed; a code is unique in the district.

A member is assigned to one grid only (GridMember), and must be either a party member
whose membership is in the community's subtree or an in-service member with an active
report (DualReport) to that community.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from zugong.core import audit
from zugong.core.errors import ApplicationError
from zugong.core.models import Organization, OrgCategory, Person
from zugong.core.services.access import authorize
from zugong.grassroots import capabilities as caps
from zugong.grassroots.models.urban import DualReport, Grid, GridLevel, GridMember, GridStaff

PARTY_STATUSES = ("01", "02")  # GB/T 4762: 中共党员, 中共预备党员


def is_party_member(person: Person) -> bool:
    return person.political_status in PARTY_STATUSES


def _next_code(community: Organization, parent: Grid | None) -> str:
    prefix = parent.code if parent is not None else community.code
    # The codes under this prefix, the whole table: a code is unique in the district
    # whoever's scope asks.
    taken = set(
        Grid.objects.unscoped()
        .filter(code__startswith=prefix, code__regex=rf"^{prefix}\d{{2}}$")
        .values_list("code", flat=True)
    )
    for number in range(1, 100):
        code = f"{prefix}{number:02d}"
        if code not in taken:
            return code
    raise ApplicationError(_("该社区（网格）下的编号已用完"), field="code")


def _check_parent(community: Organization, parent: Grid | None, grid: Grid | None) -> None:
    if parent is None:
        return
    if parent.community_id != community.pk:
        raise ApplicationError(
            _("上级网格“%(g)s”属于其他社区，不能将网格调整到其下") % {"g": parent.name},
            field="parent",
        )
    if parent.level != GridLevel.GRID or parent.parent_id is not None:
        raise ApplicationError(_("上级网格只能是网格，微网格下不能再设网格"), field="parent")
    if grid is not None and (parent.pk == grid.pk or grid.children.exists()):
        raise ApplicationError(_("该网格下设有微网格，不能调整为微网格"), field="parent")


def _check_code(code: str, community: Organization, parent: Grid | None, grid) -> str:
    prefix = parent.code if parent is not None else community.code
    if not (code.startswith(prefix) and len(code) == len(prefix) + 2 and code[-2:].isdigit()):
        raise ApplicationError(_("网格编码应为“%(p)s”加2位序号") % {"p": prefix}, field="code")
    # Unique in the district, whoever's scope asks.
    clash = Grid.objects.unscoped().filter(code=code)
    if grid is not None:
        clash = clash.exclude(pk=grid.pk)
    if clash.exists():
        raise ApplicationError(_("网格编码%(c)s已被使用") % {"c": code}, field="code")
    return code


@transaction.atomic
def grid_save(
    *,
    actor,
    community: Organization,
    name: str,
    grid: Grid | None = None,
    parent: Grid | None = None,
    code: str = "",
    party_unit: Organization | None = None,
    households: int = 0,
) -> Grid:
    """Create or change a grid (no parent) or micro-grid (parent: a grid of the same
    community). A grid keeps its community; moving it changes its code."""
    if community is None or community.category not in (
        OrgCategory.COMMUNITY,
        OrgCategory.VILLAGE,
    ):
        raise ApplicationError(_("请选择社区（村）党组织"), field="community")
    if grid is not None and grid.community_id != community.pk:
        raise ApplicationError(_("网格不能调整到其他社区"), field="community")
    authorize(actor, caps.CHANGE_GRASSROOTS, community)
    _check_parent(community, parent, grid)
    if party_unit is not None and not party_unit.path.startswith(community.path):
        raise ApplicationError(
            _("网格党组织（党小组）应为本社区党组织或其下属组织"), field="party_unit"
        )
    name = (name or "").strip()
    if not name:
        raise ApplicationError(_("请填写网格名称"), field="name")
    if households is not None and int(households) < 0:
        raise ApplicationError(_("户数不能为负数"), field="households")
    moved = grid is not None and grid.parent_id != (parent.pk if parent else None)
    code = (code or "").strip()
    if not code or (moved and code == grid.code):
        code = _next_code(community, parent)
    code = _check_code(code, community, parent, grid)
    old = {"code": grid.code, "parent": grid.parent_id} if grid is not None else {}
    grid = grid or Grid(community=community)
    grid.parent = parent
    grid.level = GridLevel.MICRO if parent is not None else GridLevel.GRID
    grid.code = code
    grid.name = name
    grid.party_unit = party_unit
    grid.households = int(households or 0)
    grid.save()
    audit.log_action(
        caps.GRID_SAVED,
        obj=grid,
        actor=actor,
        changes={"code": {"old": old.get("code"), "new": code}, "name": name},
    )
    return grid


@transaction.atomic
def staff_add(
    *,
    actor,
    grid: Grid,
    role: str,
    name: str = "",
    person: Person | None = None,
    party_member: bool = False,
) -> GridStaff:
    authorize(actor, caps.CHANGE_GRASSROOTS, grid.community)
    if role not in GridStaff.Role.values:
        raise ApplicationError(_("请选择岗位"), field="role")
    name = (name or (person.name if person else "")).strip()
    if not name:
        raise ApplicationError(_("请填写姓名"), field="name")
    if person is not None:
        party_member = is_party_member(person)
    staff = GridStaff.objects.create(
        grid=grid, role=role, name=name, person=person, party_member=bool(party_member)
    )
    audit.log_action(
        caps.GRID_SAVED,
        obj=staff,
        actor=actor,
        changes={"grid": grid.code, "role": role, "name": name, "party_member": party_member},
    )
    return staff


def eligible_person(grid: Grid, person_id: int) -> Person | None:
    """The person if they may be assigned to ``grid``: a party member of the community's
    subtree, or an in-service member reported to that community."""
    person = Person.objects.filter(pk=person_id).select_related("organization").first()
    if (
        person is not None
        and person.organization.path.startswith(grid.community.path)
        and is_party_member(person)
    ):
        return person
    report = DualReport.objects.filter(
        person_id=person_id, community=grid.community, status=DualReport.Status.ACTIVE
    ).first()
    if report is None:
        return None
    # The member reported to this community: its side may name them though their
    # membership is in an organ outside the community's scope.
    return Person.objects.unscoped().get(pk=person_id)


@transaction.atomic
def member_assign(*, actor, grid: Grid, person_id: int, move: bool = False) -> GridMember:
    authorize(actor, caps.CHANGE_GRASSROOTS, grid.community)
    person = eligible_person(grid, person_id)
    if person is None:
        raise ApplicationError(_("只能编入本社区的党员或到本社区报到的在职党员"), field="person")
    # One grid per person, across communities: the whole table decides.
    current = GridMember.objects.unscoped().filter(person_id=person.pk).first()
    if current is not None and current.grid_id == grid.pk:
        raise ApplicationError(_("%(n)s已编入该网格") % {"n": person.name}, field="person")
    if current is not None and not move:
        raise ApplicationError(
            _("%(n)s已编入其他网格，一名党员只编入一个网格") % {"n": person.name},
            field="person",
        )
    if current is not None:
        current.grid = grid
        current.save(update_fields=["grid"])
        member = current
    else:
        member = GridMember.objects.create(grid=grid, person=person)
    audit.log_action(
        caps.GRID_SAVED, obj=member, actor=actor, changes={"grid": grid.code, "person": person.pk}
    )
    return member
