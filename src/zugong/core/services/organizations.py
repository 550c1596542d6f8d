"""Creating, changing, moving, merging and dissolving organizations."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from zugong.core import audit
from zugong.core import changes as changes_module
from zugong.core.capabilities import CHANGE_ORGANIZATION
from zugong.core.errors import ApplicationError
from zugong.core.models import Organization, OrganizationEvent, OrgKind, OrgStatus, Person
from zugong.core.models.organizations import ALLOWED_CHILDREN, SEGMENT, segment, segment_number
from zugong.core.services.access import authorize
from zugong.core.validation import check_not_future, check_region

EDITABLE = (
    "name",
    "short_name",
    "code",
    "kind",
    "category",
    "host_unit",
    "region_code",
    "founded_on",
)


def _next_path(parent: Organization | None) -> str:
    # Unscoped on purpose: a new path must be unique across the whole table, including
    # siblings outside the actor's scope (other roots, for instance).
    siblings = Organization.objects.unscoped().filter(
        **({"parent": parent} if parent else {"parent__isnull": True})
    )
    last = siblings.order_by("-path").values_list("path", flat=True).first()
    number = segment_number(last[-SEGMENT:]) + 1 if last else 1
    return (parent.path if parent else "") + segment(number)


def _check_kind(kind: str, parent: Organization | None) -> None:
    if kind not in OrgKind.values:
        raise ApplicationError(_("组织类型“%(k)s”无效") % {"k": kind}, field="kind")
    if parent is None:
        if kind != OrgKind.DISTRICT:
            raise ApplicationError(_("只有区委可以作为最上级组织，请选择上级组织"), field="parent")
        return
    if not parent.is_active:
        raise ApplicationError(
            _("上级组织“%(p)s”已%(s)s，不能在其下设立或调入组织")
            % {"p": parent.name, "s": parent.get_status_display()},
            field="parent",
        )
    if kind not in ALLOWED_CHILDREN[parent.kind]:
        raise ApplicationError(
            _("“%(parent_kind)s”之下不能设立“%(kind)s”")
            % {"parent_kind": OrgKind(parent.kind).label, "kind": OrgKind(kind).label},
            field="kind",
        )


def _check_code(code: str, instance: Organization | None = None) -> str:
    code = (code or "").strip()
    if not code:
        raise ApplicationError(_("组织编码不能为空"), field="code")
    # Unscoped on purpose: codes are unique district-wide; the clash is named, not shown.
    clash = Organization.objects.unscoped().filter(code=code)
    if instance is not None and instance.pk:
        clash = clash.exclude(pk=instance.pk)
    if clash.exists():
        raise ApplicationError(_("组织编码“%(c)s”已被其他组织使用") % {"c": code}, field="code")
    return code


def _clean(data: dict, instance: Organization | None) -> dict:
    cleaned = dict(data)
    if "name" in cleaned:
        cleaned["name"] = (cleaned["name"] or "").strip()
        if not cleaned["name"]:
            raise ApplicationError(_("组织名称不能为空"), field="name")
    if "code" in cleaned:
        cleaned["code"] = _check_code(cleaned["code"], instance)
    if cleaned.get("region_code"):
        check_region(cleaned["region_code"], field="region_code")
    if cleaned.get("founded_on"):
        check_not_future(cleaned["founded_on"], field="founded_on", label=_("成立日期"))
    return cleaned


@transaction.atomic
def organization_create(*, actor, parent: Organization | None, data: dict) -> Organization:
    authorize(actor, CHANGE_ORGANIZATION, parent)
    kind = data.get("kind", "")
    _check_kind(kind, parent)
    cleaned = _clean({k: v for k, v in data.items() if k in EDITABLE}, None)
    if "code" not in cleaned:
        raise ApplicationError(_("组织编码不能为空"), field="code")
    path = _next_path(parent)
    org = Organization(parent=parent, path=path, depth=len(path) // SEGMENT, **cleaned)
    org.save()
    OrganizationEvent.objects.create(
        organization=org,
        kind=OrganizationEvent.Kind.CREATED,
        occurred_on=org.founded_on or dt.date.today(),
        actor=actor,
        details={"parent": parent.name if parent else ""},
    )
    audit.log_action(
        audit.ORG_CREATED,
        actor=actor,
        obj=org,
        changes={k: str(v) for k, v in cleaned.items()},
        extra={"parent": parent.code if parent else ""},
    )
    return org


@transaction.atomic
def organization_update(*, actor, organization: Organization, data: dict) -> Organization:
    authorize(actor, CHANGE_ORGANIZATION, organization)
    if "kind" in data and data["kind"] != organization.kind:
        _check_kind(data["kind"], organization.parent)
        allowed = ALLOWED_CHILDREN[data["kind"]]
        wrong = organization.children.exclude(kind__in=allowed).exclude(status=OrgStatus.DISSOLVED)
        if wrong.exists():
            raise ApplicationError(
                _("改为“%(kind)s”后，下级组织“%(child)s”将不符合隶属规则")
                % {"kind": OrgKind(data["kind"]).label, "child": wrong.first().name},
                field="kind",
            )
    cleaned = _clean({k: v for k, v in data.items() if k in EDITABLE}, organization)
    changes = {}
    for field, value in cleaned.items():
        if getattr(organization, field) != value:
            changes[field] = {
                "old": str(getattr(organization, field) or ""),
                "new": str(value or ""),
            }
            setattr(organization, field, value)
    if changes:
        organization.save()
        OrganizationEvent.objects.create(
            organization=organization,
            kind=OrganizationEvent.Kind.UPDATED,
            occurred_on=dt.date.today(),
            actor=actor,
            details=changes,
        )
        audit.log_action(audit.ORG_UPDATED, actor=actor, obj=organization, changes=changes)
    return organization


@transaction.atomic
def organization_move(
    *,
    actor,
    organization: Organization,
    new_parent: Organization,
    occurred_on: dt.date | None = None,
    document_no: str = "",
    note: str = "",
) -> Organization:
    """Put a subtree under another parent: one UPDATE of the paths under it."""
    authorize(actor, CHANGE_ORGANIZATION, organization)
    authorize(actor, CHANGE_ORGANIZATION, new_parent)
    organization.refresh_from_db()
    new_parent.refresh_from_db()
    if new_parent.pk == organization.pk or new_parent.path.startswith(organization.path):
        raise ApplicationError(
            _("不能把“%(org)s”调整到其自身或其下级组织“%(parent)s”之下")
            % {"org": organization.name, "parent": new_parent.name},
            field="parent",
        )
    if organization.parent_id == new_parent.pk:
        raise ApplicationError(
            _("“%(org)s”已在“%(parent)s”之下")
            % {"org": organization.name, "parent": new_parent.name},
            field="parent",
        )
    _check_kind(organization.kind, new_parent)
    if occurred_on:
        check_not_future(occurred_on, field="occurred_on", label=_("调整日期"))
    old_path, old_parent = organization.path, organization.parent
    new_path = _next_path(new_parent)
    delta = (len(new_path) - len(old_path)) // SEGMENT
    # Unscoped on purpose: the whole subtree moves, whatever part of it the actor sees.
    Organization.objects.unscoped().filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        depth=F("depth") + delta,
    )
    Organization.objects.unscoped().filter(pk=organization.pk).update(parent=new_parent)
    organization.refresh_from_db()
    details = {"parent": {"old": old_parent.name if old_parent else "", "new": new_parent.name}}
    OrganizationEvent.objects.create(
        organization=organization,
        kind=OrganizationEvent.Kind.MOVED,
        occurred_on=occurred_on or dt.date.today(),
        document_no=document_no,
        note=note,
        actor=actor,
        details=details,
    )
    audit.log_action(
        audit.ORG_MOVED,
        actor=actor,
        obj=organization,
        changes=details,
        extra={"document_no": document_no},
    )
    # The subtree's counts go with it to its new ancestors.
    changes_module.organizations_changed([organization.pk])
    return organization


def _check_empty(organization: Organization, verb: str) -> None:
    # Unscoped on purpose: a child outside the actor's view still blocks the change.
    active_children = Organization.objects.unscoped().filter(
        parent=organization, status=OrgStatus.ACTIVE
    )
    if active_children.exists():
        raise ApplicationError(
            _("“%(org)s”还有%(n)d个下级组织，请先调整或%(verb)s下级组织")
            % {"org": organization.name, "n": active_children.count(), "verb": verb},
            field="organization",
        )


@transaction.atomic
def organization_dissolve(
    *,
    actor,
    organization: Organization,
    occurred_on: dt.date,
    document_no: str = "",
    note: str = "",
) -> Organization:
    authorize(actor, CHANGE_ORGANIZATION, organization)
    if not organization.is_active:
        raise ApplicationError(
            _("“%(org)s”已%(s)s")
            % {"org": organization.name, "s": organization.get_status_display()}
        )
    if organization.parent_id is None:
        raise ApplicationError(_("不能撤销最上级组织"), field="organization")
    check_not_future(occurred_on, field="occurred_on", label=_("撤销日期"))
    _check_empty(organization, _("撤销"))
    # Unscoped on purpose: a person outside the actor's view still blocks dissolution.
    persons = Person.objects.unscoped().filter(organization=organization).count()
    if persons:
        raise ApplicationError(
            _("“%(org)s”还有%(n)d名人员，请先将其组织关系转出，再撤销该组织")
            % {"org": organization.name, "n": persons},
            field="organization",
        )
    organization.status = OrgStatus.DISSOLVED
    organization.ended_on = occurred_on
    organization.save(update_fields=["status", "ended_on", "updated_at"])
    OrganizationEvent.objects.create(
        organization=organization,
        kind=OrganizationEvent.Kind.DISSOLVED,
        occurred_on=occurred_on,
        document_no=document_no,
        note=note,
        actor=actor,
    )
    audit.log_action(
        audit.ORG_DISSOLVED,
        actor=actor,
        obj=organization,
        extra={"document_no": document_no, "on": str(occurred_on)},
    )
    changes_module.organizations_changed([organization.pk])
    return organization


@transaction.atomic
def organization_merge(
    *,
    actor,
    organization: Organization,
    into: Organization,
    occurred_on: dt.date,
    document_no: str = "",
) -> Organization:
    """Merge a node into another of the same kind: its persons move, it is kept as merged."""
    authorize(actor, CHANGE_ORGANIZATION, organization)
    authorize(actor, CHANGE_ORGANIZATION, into)
    if into.pk == organization.pk or into.path.startswith(organization.path):
        raise ApplicationError(_("不能并入其自身或其下级组织"), field="into")
    if not into.is_active:
        raise ApplicationError(
            _("“%(org)s”已%(s)s，不能并入") % {"org": into.name, "s": into.get_status_display()},
            field="into",
        )
    check_not_future(occurred_on, field="occurred_on", label=_("合并日期"))
    _check_empty(organization, _("合并"))
    # Unscoped on purpose: every person of the merged node moves, seen by the actor or not.
    moved = Person.objects.unscoped().filter(organization=organization).update(organization=into)
    organization.status = OrgStatus.MERGED
    organization.ended_on = occurred_on
    organization.merged_into = into
    organization.save(update_fields=["status", "ended_on", "merged_into", "updated_at"])
    OrganizationEvent.objects.create(
        organization=organization,
        kind=OrganizationEvent.Kind.MERGED,
        occurred_on=occurred_on,
        document_no=document_no,
        actor=actor,
        details={"into": into.name, "persons": moved},
    )
    audit.log_action(
        audit.ORG_MERGED,
        actor=actor,
        obj=organization,
        changes={"merged_into": into.code},
        extra={"persons_moved": moved},
    )
    changes_module.organizations_changed([organization.pk, into.pk])
    return organization
