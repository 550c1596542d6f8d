"""Talent housing (人才公寓, seed point 15; next-modules R16): the talent (or the office
for them) applies; the talent office checks the conditions and puts an eligible
application on the waiting list in the order it was queued (or refuses it with the
reasons); a waiting application gets a room free for the whole term, the lease at most
the years of the rule, the first re-review after the months of the rule; a re-review
finding the tenant no longer eligible sets the day to leave; exit ends the lease.
Audited as HOUSING_SAVED; refused in Chinese naming the field, nothing half-written.

Who: the talent over their own person (CHANGE_OWN) or the office for a talent
(CHANGE_TALENT) applies; deciding, allocating, reviews and exits need MANAGE_HOUSING
(the talent office) over the talent's township and the apartment's."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from zugong.core.errors import ApplicationError
from zugong.core.services.access import authorize, authorize_either
from zugong.talent import capabilities as caps
from zugong.talent.models import (
    HousingApplication,
    HousingStatus,
    Lease,
    LeaseReview,
    Room,
    Talent,
)
from zugong.talent.rules import housing as rules
from zugong.talent.services.card_common import date, day, log, text

OPEN = (HousingStatus.SUBMITTED, HousingStatus.WAITING)


def _log(obj, actor, **changes) -> None:
    log(caps.HOUSING_SAVED, obj, actor, **changes)


def check(application: HousingApplication) -> list[rules.Condition]:
    return rules.eligibility(
        education=application.talent.person.education,
        employer_in_district=application.employer_in_district,
        insurance_months=application.insurance_months,
        owns_housing=application.owns_housing,
    )


@transaction.atomic
def housing_apply(
    *,
    actor,
    talent: Talent,
    employer: str,
    employer_in_district: bool,
    insurance_months,
    owns_housing: bool,
    household=1,
    by_portal: bool = False,
    today: dt.date | None = None,
) -> HousingApplication:
    today = today or dt.date.today()
    if talent is None:
        raise ApplicationError(_("请选择人才"), field="talent")
    authorize_either(actor, caps.CHANGE_TALENT, talent.township, caps.CHANGE_OWN, talent.person_id)
    employer = text(employer, field="employer", label=_("工作单位"), max_length=100)
    try:
        insurance_months = int(insurance_months)
    except (TypeError, ValueError):
        raise ApplicationError(_("请填写本区社保缴纳月数"), field="insurance_months") from None
    if not 0 <= insurance_months <= 600:
        raise ApplicationError(_("本区社保缴纳月数应在0至600之间"), field="insurance_months")
    try:
        household = int(household)
    except (TypeError, ValueError):
        raise ApplicationError(_("请填写共同居住人数"), field="household") from None
    if not 1 <= household <= 10:
        raise ApplicationError(_("共同居住人数应在1至10人之间"), field="household")
    # One open application or lease per talent over the whole table, whoever applies.
    open_one = (
        HousingApplication.objects.unscoped()
        .filter(talent=talent)
        .filter(
            Q(status__in=OPEN) | Q(status=HousingStatus.ALLOCATED, lease__exited_on__isnull=True)
        )
        .first()
    )
    if open_one is not None:
        raise ApplicationError(
            _("%(n)s已有一份“%(s)s”的人才公寓申请，不能重复申请")
            % {"n": talent.person.name, "s": open_one.get_status_display()},
            field="talent",
        )
    application = HousingApplication(
        talent=talent,
        submitted_on=today,
        by_portal=bool(by_portal),
        employer=employer,
        employer_in_district=bool(employer_in_district),
        insurance_months=insurance_months,
        owns_housing=bool(owns_housing),
        household=household,
    )
    application.eligibility = [c.as_dict() for c in check(application)]
    application.save()
    _log(application, actor, step="apply", by_portal=bool(by_portal))
    return application


def _manage(actor, application: HousingApplication) -> None:
    authorize(actor, caps.MANAGE_HOUSING, application.talent.township)


@transaction.atomic
def housing_decide(
    *, actor, application: HousingApplication, today: dt.date | None = None
) -> HousingApplication:
    """Check the conditions: all met → the waiting list (queued today); else refused
    with the reasons of the conditions not met."""
    today = today or dt.date.today()
    _manage(actor, application)
    if application.status != HousingStatus.SUBMITTED:
        raise ApplicationError(
            _("申请当前状态为“%(s)s”，不能再审查") % {"s": application.get_status_display()},
            field="status",
        )
    conditions = check(application)
    application.eligibility = [c.as_dict() for c in conditions]
    application.decided_on = today
    failed = [c.reason for c in conditions if not c.met]
    if failed:
        application.status = HousingStatus.REFUSED
        application.refused_reason = "；".join(failed)
    else:
        application.status, application.queued_on = HousingStatus.WAITING, today
    application.save()
    _log(application, actor, step="decide", status=application.status, failed=failed)
    return application


def room_free(room: Room, starts_on: dt.date, ends_on: dt.date, *, exclude=None) -> bool:
    """No other lease of the room overlaps [starts_on, ends_on]."""
    # Occupancy is a fact of the room, whoever's lease it is: not a scoped read.
    leases = Lease.objects.unscoped().filter(room=room, starts_on__lte=ends_on)
    if exclude is not None:
        leases = leases.exclude(pk=exclude.pk)
    for lease in leases.only("ends_on", "exited_on"):
        last = min(d for d in (lease.ends_on, lease.exited_on) if d is not None)
        if last >= starts_on:
            return False
    return True


@transaction.atomic
def housing_allocate(
    *,
    actor,
    application: HousingApplication,
    room: Room,
    starts_on: dt.date,
    ends_on: dt.date,
    occupants: str = "",
    today: dt.date | None = None,
) -> Lease:
    today = today or dt.date.today()
    _manage(actor, application)
    if room is None:
        raise ApplicationError(_("请选择房间"), field="room")
    authorize(actor, caps.MANAGE_HOUSING, room.apartment.township)
    if application.status != HousingStatus.WAITING:
        raise ApplicationError(
            _("只有轮候中的申请才能配租，该申请为“%(s)s”")
            % {"s": application.get_status_display()},
            field="status",
        )
    starts_on = date(starts_on, field="starts_on", label=_("起租日期"))
    ends_on = date(ends_on, field="ends_on", label=_("租期届满"))
    if ends_on <= starts_on:
        raise ApplicationError(
            _("租期届满日期%(e)s不晚于起租日期%(s)s") % {"e": day(ends_on), "s": day(starts_on)},
            field="ends_on",
        )
    if rules.lease_too_long(starts_on, ends_on):
        raise ApplicationError(
            _("租期最长%(n)d年") % {"n": rules.max_lease_years()}, field="ends_on"
        )
    if room.out_of_service:
        raise ApplicationError(_("房间%(r)s暂停使用") % {"r": room.number}, field="room")
    if not room_free(room, starts_on, ends_on):
        raise ApplicationError(
            _("房间%(r)s在该租期内已有人居住") % {"r": room.number}, field="room"
        )
    occupants = text(
        occupants, field="occupants", label=_("共同居住人"), required=False, max_length=500
    )
    lease = Lease.objects.create(
        application=application,
        room=room,
        starts_on=starts_on,
        ends_on=ends_on,
        occupants=occupants,
        next_review_on=rules.next_review(starts_on),
    )
    application.status = HousingStatus.ALLOCATED
    application.save(update_fields=["status"])
    _log(
        lease,
        actor,
        step="allocate",
        room=str(room),
        starts_on=starts_on.isoformat(),
        ends_on=ends_on.isoformat(),
    )
    return lease


def _open_lease(lease: Lease) -> None:
    if lease.exited_on is not None:
        raise ApplicationError(
            _("该租赁已于%(d)s退租") % {"d": day(lease.exited_on)}, field="lease"
        )


@transaction.atomic
def lease_review(
    *, actor, lease: Lease, eligible: bool, note: str = "", today: dt.date | None = None
) -> LeaseReview:
    """A periodic re-review: still eligible → the next review after the months of the
    rule; not eligible → the lease ends by the exit deadline of the rule."""
    today = today or dt.date.today()
    _manage(actor, lease.application)
    _open_lease(lease)
    note = text(note, field="note", label=_("说明"), required=not eligible, max_length=150)
    if eligible:
        lease.next_review_on = rules.next_review(today)
    else:
        leave = rules.exit_by(today)
        lease.ends_on = min(lease.ends_on, leave)
        note = _("%(n)s；限%(d)s前退租") % {"n": note, "d": day(lease.ends_on)}
    review = LeaseReview.objects.create(
        lease=lease, reviewed_on=today, eligible=bool(eligible), note=note[:200]
    )
    lease.save(update_fields=["next_review_on", "ends_on"])
    _log(lease, actor, step="review", eligible=bool(eligible), ends_on=lease.ends_on.isoformat())
    return review


@transaction.atomic
def lease_exit(*, actor, lease: Lease, on: dt.date, reason: str) -> Lease:
    _manage(actor, lease.application)
    _open_lease(lease)
    on = date(on, field="on", label=_("退租日期"))
    if on < lease.starts_on:
        raise ApplicationError(
            _("退租日期%(d)s早于起租日期%(s)s") % {"d": day(on), "s": day(lease.starts_on)},
            field="on",
        )
    lease.exit_reason = text(reason, field="reason", label=_("退租原因"), max_length=200)
    lease.exited_on = on
    lease.save(update_fields=["exited_on", "exit_reason"])
    _log(lease, actor, step="exit", on=on.isoformat(), reason=lease.exit_reason)
    return lease


@transaction.atomic
def apartment_save(*, actor, apartment, township, name: str, address: str):
    """An apartment (new or changed) in a township's keeping."""
    from zugong.talent.models import Apartment

    if township is None:
        raise ApplicationError(_("请选择所在乡镇（街道）"), field="township")
    authorize(actor, caps.MANAGE_HOUSING, township)
    if apartment is not None and apartment.pk:
        authorize(actor, caps.MANAGE_HOUSING, apartment.township)
    apartment = apartment or Apartment()
    apartment.township = township
    apartment.name = text(name, field="name", label=_("公寓名称"), max_length=100)
    apartment.address = text(address, field="address", label=_("地址"), max_length=200)
    apartment.save()
    _log(apartment, actor, step="apartment", name=apartment.name)
    return apartment


@transaction.atomic
def room_save(
    *,
    actor,
    apartment,
    room=None,
    number: str,
    layout: str,
    area,
    monthly_rent=0,
    out_of_service: bool = False,
) -> Room:
    if apartment is None:
        raise ApplicationError(_("请选择公寓"), field="apartment")
    authorize(actor, caps.MANAGE_HOUSING, apartment.township)
    number = text(number, field="number", label=_("房号"), max_length=20)
    layout = text(layout, field="layout", label=_("户型"), max_length=20)
    if area is None or area <= 0:
        raise ApplicationError(_("面积应大于0"), field="area")
    if monthly_rent is None or monthly_rent < 0:
        raise ApplicationError(_("月租金不能为负数"), field="monthly_rent")
    same = Room.objects.unscoped().filter(apartment=apartment, number=number)
    if room is not None and room.pk:
        same = same.exclude(pk=room.pk)
    if same.exists():
        raise ApplicationError(
            _("%(a)s已有房号%(n)s") % {"a": apartment.name, "n": number}, field="number"
        )
    room = room or Room()
    room.apartment, room.number, room.layout = apartment, number, layout
    room.area, room.monthly_rent, room.out_of_service = area, monthly_rent, bool(out_of_service)
    room.save()
    _log(room, actor, step="room", number=number)
    return room
