"""Transfers of membership."""

import datetime as dt

from django.http import Http404
from ninja import Field, Schema, Status
from ninja.pagination import paginate

from zugong.core.api import DATE_MAX, DATE_MIN, Pagination
from zugong.core.authz import requires
from zugong.core.models import Organization
from zugong.core.scope import get_scoped_or_404
from zugong.party import capabilities as caps
from zugong.party.api.router import router
from zugong.party.models import Member


class TransferOut(Schema):
    id: int
    member_id: int
    name: str
    kind: str
    from_organization: str | None
    to_organization: str | None
    outside_organization: str
    letter_no: str
    issued_on: dt.date
    status: str
    received_on: dt.date | None

    @staticmethod
    def resolve_name(obj):
        return obj.member.person.name

    @staticmethod
    def resolve_from_organization(obj):
        return obj.from_organization.name if obj.from_organization else None

    @staticmethod
    def resolve_to_organization(obj):
        return obj.to_organization.name if obj.to_organization else None


class TransferIn(Schema):
    model_config = {"extra": "forbid"}
    member_id: int
    letter_no: str = Field(..., max_length=50)
    issued_on: dt.date = Field(..., ge=DATE_MIN, le=DATE_MAX)
    to_organization_id: int | None = None
    outside_organization: str = Field("", max_length=200)
    note: str = Field("", max_length=200)


class ReceiveIn(Schema):
    model_config = {"extra": "forbid"}
    received_on: dt.date = Field(..., ge=DATE_MIN, le=DATE_MAX)


@router.get(
    "/transfers", response=list[TransferOut], summary="组织关系转接（转出方和转入方都可见）"
)
@requires(caps.VIEW_MEMBER)
@paginate(Pagination)
def list_transfers(request, status: str = ""):
    from zugong.party.models import Transfer

    queryset = Transfer.objects.select_related(
        "member__person", "from_organization", "to_organization"
    )
    return queryset.filter(status=status) if status else queryset


@router.post("/transfers", response={201: TransferOut}, summary="开具组织关系介绍信")
@requires(caps.CHANGE_MEMBER)
def start_transfer(request, payload: TransferIn):
    from zugong.party.services import transfers as transfer_services

    member = get_scoped_or_404(
        Member.objects.select_related("person__organization"), pk=payload.member_id
    )
    target = None
    if payload.to_organization_id:
        # Unscoped on purpose: a member may move to any branch of the district, also one
        # outside the sender's scope; only its name is shown back.
        target = Organization.objects.unscoped().filter(pk=payload.to_organization_id).first()
        if target is None:
            raise Http404
    return Status(
        201,
        transfer_services.transfer_start(
            actor=request.user,
            member=member,
            letter_no=payload.letter_no,
            issued_on=payload.issued_on,
            to_organization=target,
            outside_organization=payload.outside_organization,
            note=payload.note,
        ),
    )


@router.post("/transfers/{transfer_id}/receive", response=TransferOut, summary="确认接收")
@requires(caps.CHANGE_MEMBER)
def receive_transfer(request, transfer_id: int, payload: ReceiveIn):
    from zugong.party.models import Transfer
    from zugong.party.services import transfers as transfer_services

    transfer = get_scoped_or_404(
        Transfer.objects.select_related("member__person", "from_organization", "to_organization"),
        pk=transfer_id,
    )
    return transfer_services.transfer_receive(
        actor=request.user, transfer=transfer, received_on=payload.received_on
    )


class CancelIn(Schema):
    model_config = {"extra": "forbid"}
    reason: str


@router.post(
    "/transfers/{transfer_id}/cancel", response=TransferOut, summary="撤回或退回组织关系转接"
)
@requires(caps.CHANGE_MEMBER)
def cancel_transfer(request, transfer_id: int, payload: CancelIn):
    from zugong.party.models import Transfer
    from zugong.party.services import transfers as transfer_services

    transfer = get_scoped_or_404(
        Transfer.objects.select_related("member__person", "from_organization", "to_organization"),
        pk=transfer_id,
    )
    return transfer_services.transfer_cancel(
        actor=request.user, transfer=transfer, reason=payload.reason
    )
