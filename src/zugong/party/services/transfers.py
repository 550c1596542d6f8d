"""Moving membership between organizations: the member stays where they are until the
receiving side confirms, so a member is never in two branches or in none."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from zugong.core import audit
from zugong.core import changes as changes_module
from zugong.core.errors import ApplicationError, PermissionDenied
from zugong.core.models import Organization, OrgKind, OrgStatus, Person
from zugong.core.services.access import authorize
from zugong.core.services.persons import person_create
from zugong.core.validation import check_not_future
from zugong.party import capabilities as caps
from zugong.party.models import FloatingRecord, Member, MemberStatus, MemberStatusChange, Transfer
from zugong.party.services.members import member_create

RECEIVING_KINDS = (OrgKind.BRANCH, OrgKind.GENERAL_BRANCH, OrgKind.GRASSROOTS)
MOVABLE = (MemberStatus.NORMAL, MemberStatus.FLOATING)


def _check_receiving(organization: Organization) -> None:
    if organization.status != OrgStatus.ACTIVE:
        raise ApplicationError(
            _("“%(o)s”已%(s)s，不能接收党员")
            % {"o": organization.name, "s": organization.get_status_display()},
            field="to_organization",
        )
    if organization.kind not in RECEIVING_KINDS:
        raise ApplicationError(
            _("党员组织关系应转入党支部（或党总支、基层党委），不能转入%(k)s")
            % {"k": organization.get_kind_display()},
            field="to_organization",
        )


@transaction.atomic
def transfer_start(
    *,
    actor,
    member: Member,
    letter_no: str,
    issued_on: dt.date,
    to_organization: Organization | None = None,
    outside_organization: str = "",
    note: str = "",
) -> Transfer:
    """Issue the introduction letter (介绍信). Inside the district the receiving branch is
    named; going elsewhere needs the outside organization's name instead."""
    source = member.person.organization
    authorize(actor, caps.CHANGE_MEMBER, source)
    if member.status not in MOVABLE:
        raise ApplicationError(
            _("“%(s)s”的党员不能转接组织关系") % {"s": member.get_status_display()}, field="member"
        )
    if not letter_no.strip():
        raise ApplicationError(_("请填写介绍信编号"), field="letter_no")
    check_not_future(issued_on, field="issued_on", label=_("开具日期"))
    if (to_organization is None) == (not outside_organization.strip()):
        raise ApplicationError(
            _("区内转接请选择转入的党组织；转出本区请填写区外党组织名称，二者选其一"),
            field="to_organization",
        )
    if to_organization is not None:
        _check_receiving(to_organization)
        if to_organization.pk == source.pk:
            raise ApplicationError(_("转入党组织与现所在党组织相同"), field="to_organization")
    # Unscoped on purpose: one open transfer per member, whichever side recorded it.
    if Transfer.objects.unscoped().filter(member=member, status=Transfer.Status.ISSUED).exists():
        raise ApplicationError(
            _("%(n)s已有一份未办结的转接") % {"n": member.person.name}, field="member"
        )
    transfer = Transfer.objects.create(
        member=member,
        kind=Transfer.Kind.WITHIN if to_organization else Transfer.Kind.OUT,
        from_organization=source,
        to_organization=to_organization,
        outside_organization=outside_organization.strip(),
        letter_no=letter_no.strip(),
        issued_on=issued_on,
        note=note,
        recorded_by=actor,
    )
    audit.log_action(
        caps.TRANSFER_STARTED,
        actor=actor,
        obj=transfer,
        changes={
            "from": source.code,
            "to": to_organization.code if to_organization else outside_organization,
            "letter": letter_no,
        },
    )
    return transfer


@transaction.atomic
def transfer_receive(*, actor, transfer: Transfer, received_on: dt.date) -> Transfer:
    """The receiving branch confirms (inside the district), or the sending side records the
    outside organization's receipt (回执): only then does the membership move."""
    if transfer.status != Transfer.Status.ISSUED:
        raise ApplicationError(
            _("该转接%(s)s") % {"s": transfer.get_status_display()}, field="transfer"
        )
    authorize(actor, caps.CHANGE_MEMBER, transfer.to_organization or transfer.from_organization)
    check_not_future(received_on, field="received_on", label=_("接收日期"))
    if received_on < transfer.issued_on:
        raise ApplicationError(
            _("接收日期早于介绍信开具日期%(d)s") % {"d": transfer.issued_on.isoformat()},
            field="received_on",
        )
    member = transfer.member
    if transfer.kind == Transfer.Kind.WITHIN:
        _check_receiving(transfer.to_organization)
        # Unscoped on purpose: the receiving officer moves a person they do not see yet.
        Person.objects.unscoped().filter(pk=member.person_id).update(
            organization=transfer.to_organization
        )
        member.party_group = None
        member.save(update_fields=["party_group", "updated_at"])
    else:
        MemberStatusChange.objects.create(
            member=member,
            old_status=member.status,
            new_status=MemberStatus.TRANSFERRED_OUT,
            occurred_on=received_on,
            reason=transfer.outside_organization,
            actor=actor,
        )
        member.status = MemberStatus.TRANSFERRED_OUT
        member.save(update_fields=["status", "updated_at"])
    transfer.status, transfer.received_on = Transfer.Status.RECEIVED, received_on
    transfer.save(update_fields=["status", "received_on"])
    audit.log_action(
        caps.TRANSFER_RECEIVED,
        actor=actor,
        obj=transfer,
        changes={"received_on": received_on.isoformat()},
    )
    changes_module.organizations_changed(
        [transfer.from_organization_id, transfer.to_organization_id]
    )
    return transfer


@transaction.atomic
def transfer_cancel(*, actor, transfer: Transfer, reason: str) -> Transfer:
    if transfer.status != Transfer.Status.ISSUED:
        raise ApplicationError(
            _("该转接%(s)s") % {"s": transfer.get_status_display()}, field="transfer"
        )
    # The sending side withdraws (撤回), the receiving side returns (退回): either may.
    sides = [
        org for org in (transfer.from_organization, transfer.to_organization) if org is not None
    ]
    refusals = []
    for side in sides:
        try:
            authorize(actor, caps.CHANGE_MEMBER, side)
            break
        except PermissionDenied as refusal:
            refusals.append(refusal)
    else:
        raise refusals[0]
    if not reason.strip():
        raise ApplicationError(_("请填写撤回或退回的原因"), field="reason")
    transfer.status, transfer.note = Transfer.Status.CANCELLED, reason.strip()
    transfer.save(update_fields=["status", "note"])
    audit.log_action(caps.TRANSFER_CANCELLED, actor=actor, obj=transfer, extra={"reason": reason})
    return transfer


@transaction.atomic
def transfer_in(
    *,
    actor,
    to_organization: Organization,
    person: dict[str, Any],
    membership: dict[str, Any],
    outside_organization: str,
    letter_no: str,
    received_on: dt.date,
) -> Transfer:
    """A member arriving from outside the district with a letter: the person, the
    membership and the transfer are created together, or none of them."""
    authorize(actor, caps.CHANGE_MEMBER, to_organization)
    _check_receiving(to_organization)
    if not outside_organization.strip() or not letter_no.strip():
        raise ApplicationError(
            _("请填写转出的区外党组织和介绍信编号"), field="outside_organization"
        )
    check_not_future(received_on, field="received_on", label=_("接收日期"))
    new_person = person_create(actor=actor, organization=to_organization, data=person)
    member = member_create(actor=actor, person=new_person, data=membership)
    transfer = Transfer.objects.create(
        member=member,
        kind=Transfer.Kind.IN,
        to_organization=to_organization,
        outside_organization=outside_organization.strip(),
        letter_no=letter_no.strip(),
        issued_on=received_on,
        received_on=received_on,
        status=Transfer.Status.RECEIVED,
        recorded_by=actor,
    )
    audit.log_action(
        caps.TRANSFER_RECEIVED,
        actor=actor,
        obj=transfer,
        changes={"from": outside_organization, "to": to_organization.code, "letter": letter_no},
    )
    return transfer


@transaction.atomic
def floating_register(
    *,
    actor,
    member: Member,
    destination: str,
    since: dt.date,
    contact: Person | None = None,
    note: str = "",
    fixed_place: bool | None = None,
) -> FloatingRecord:
    """A member going away for work or study while the membership stays (流动党员).
    ``fixed_place``: whether the place is fairly fixed (None: not verified yet); six months
    away at a fixed place and the membership must be transferred there."""
    authorize(actor, caps.CHANGE_MEMBER, member.person.organization)
    if not destination.strip():
        raise ApplicationError(_("请填写流入地"), field="destination")
    check_not_future(since, field="since", label=_("外出日期"))
    if member.status not in (MemberStatus.NORMAL, MemberStatus.FLOATING):
        raise ApplicationError(
            _("党籍状态为“%(s)s”的党员不能登记外出") % {"s": member.get_status_display()},
            field="member",
        )
    if FloatingRecord.objects.filter(member=member, until__isnull=True).exists():
        raise ApplicationError(_("该党员已有未返回的外出登记，请先登记返回"), field="member")
    record = FloatingRecord.objects.create(
        member=member,
        destination=destination.strip(),
        since=since,
        contact=contact,
        note=note,
        fixed_place=fixed_place,
    )
    if member.status == MemberStatus.NORMAL:
        MemberStatusChange.objects.create(
            member=member,
            old_status=member.status,
            new_status=MemberStatus.FLOATING,
            occurred_on=since,
            reason=destination.strip(),
            actor=actor,
        )
        member.status = MemberStatus.FLOATING
        member.save(update_fields=["status", "updated_at"])
    audit.log_action(
        caps.MEMBER_STATUS_CHANGED,
        actor=actor,
        obj=member,
        changes={"floating": destination, "since": since.isoformat(), "fixed_place": fixed_place},
    )
    return record


@transaction.atomic
def floating_verify(
    *, actor, record: FloatingRecord, fixed_place: bool, contacted_on: dt.date | None = None
) -> FloatingRecord:
    """Record whether the place is fairly fixed, as the branch found when it last got in
    touch (an away member past six months at a fixed place is then flagged for transfer)."""
    member = record.member
    authorize(actor, caps.CHANGE_MEMBER, member.person.organization)
    if record.until is not None:
        raise ApplicationError(_("该外出登记已返回，不能再核实"), field="fixed_place")
    if contacted_on is not None:
        check_not_future(contacted_on, field="contacted_on", label=_("联系日期"))
        if contacted_on < record.since:
            raise ApplicationError(
                _("联系日期%(c)s早于外出日期%(s)s")
                % {"c": contacted_on.isoformat(), "s": record.since.isoformat()},
                field="contacted_on",
            )
    old = {"fixed_place": record.fixed_place, "last_contact_on": record.last_contact_on}
    record.fixed_place = fixed_place
    if contacted_on is not None:
        record.last_contact_on = contacted_on
    record.save(update_fields=["fixed_place", "last_contact_on"])
    audit.log_action(
        caps.MEMBER_STATUS_CHANGED,
        actor=actor,
        obj=member,
        changes={
            "fixed_place": {"old": old["fixed_place"], "new": fixed_place},
            "last_contact_on": {
                "old": str(old["last_contact_on"] or ""),
                "new": str(record.last_contact_on or ""),
            },
        },
    )
    return record


@transaction.atomic
def floating_return(*, actor, record: FloatingRecord, returned_on: dt.date) -> FloatingRecord:
    """The member is back: the record closes and a floating member is in normal standing."""
    member = record.member
    authorize(actor, caps.CHANGE_MEMBER, member.person.organization)
    if record.until is not None:
        raise ApplicationError(
            _("该外出登记已于%(d)s返回") % {"d": record.until}, field="returned_on"
        )
    check_not_future(returned_on, field="returned_on", label=_("返回日期"))
    if returned_on < record.since:
        raise ApplicationError(
            _("返回日期%(r)s早于外出日期%(s)s")
            % {"r": returned_on.isoformat(), "s": record.since.isoformat()},
            field="returned_on",
        )
    record.until = returned_on
    record.save(update_fields=["until"])
    if member.status == MemberStatus.FLOATING:
        MemberStatusChange.objects.create(
            member=member,
            old_status=member.status,
            new_status=MemberStatus.NORMAL,
            occurred_on=returned_on,
            reason=_("外出返回"),
            actor=actor,
        )
        member.status = MemberStatus.NORMAL
        member.save(update_fields=["status", "updated_at"])
    audit.log_action(
        caps.MEMBER_STATUS_CHANGED,
        actor=actor,
        obj=member,
        changes={"floating_returned": returned_on.isoformat()},
    )
    return record
