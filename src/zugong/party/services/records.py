"""Study and training, honours, visits, and the review of major-matter reports."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from zugong.core import audit
from zugong.core.errors import ApplicationError
from zugong.core.models import Organization, OrgKind, Person
from zugong.core.services.access import authorize
from zugong.core.validation import check_not_future
from zugong.party import capabilities as caps
from zugong.party import rules
from zugong.party.models import Honour, MajorMatterReport, Member, StudyRecord, Visit


def _amount(value, field, label) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise ApplicationError(
            _("%(l)s“%(v)s”不是有效数字") % {"l": label, "v": value}, field=field
        ) from None
    if amount < 0:
        raise ApplicationError(_("%(l)s不能为负数") % {"l": label}, field=field)
    return amount


@transaction.atomic
def study_record(
    *,
    actor,
    person: Person,
    kind: str,
    title: str,
    started_on: dt.date,
    ended_on: dt.date,
    hours,
    organizer: str = "",
) -> StudyRecord:
    authorize(actor, caps.CHANGE_MEMBER, person.organization)
    if kind not in StudyRecord.Kind.values:
        raise ApplicationError(_("学习培训类型无效"), field="kind")
    if not title.strip():
        raise ApplicationError(_("请填写名称"), field="title")
    check_not_future(started_on, field="started_on", label=_("开始日期"))
    if ended_on < started_on:
        raise ApplicationError(_("结束日期早于开始日期"), field="ended_on")
    value = _amount(hours, "hours", _("学时"))
    if value <= 0:
        raise ApplicationError(_("学时应大于0"), field="hours")
    record = StudyRecord.objects.create(
        person=person,
        kind=kind,
        title=title.strip(),
        organizer=organizer.strip(),
        started_on=started_on,
        ended_on=ended_on,
        hours=value,
        recorded_by=actor,
    )
    audit.log_action(
        caps.RECORD_SAVED, actor=actor, obj=record, changes={"hours": str(value), "title": title}
    )
    return record


@transaction.atomic
def honour_award(
    *,
    actor,
    kind: str,
    year: int,
    awarded_by: str,
    awarded_on: dt.date,
    person: Person | None = None,
    organization: Organization | None = None,
    document_no: str = "",
) -> Honour:
    if kind not in Honour.Kind.values:
        raise ApplicationError(_("表彰类别无效"), field="kind")
    if kind == Honour.Kind.ADVANCED_ORGANIZATION:
        if organization is None or person is not None:
            raise ApplicationError(_("先进基层党组织应选择受表彰的党组织"), field="organization")
        authorize(actor, caps.CHANGE_MEMBER, organization)
    else:
        if person is None or organization is not None:
            raise ApplicationError(_("个人表彰应选择受表彰的人员"), field="person")
        authorize(actor, caps.CHANGE_MEMBER, person.organization)
        # Unscoped on purpose: membership is checked wherever it is recorded.
        if (
            kind == Honour.Kind.OUTSTANDING_MEMBER
            and not Member.objects.unscoped().filter(person=person).exists()
        ):
            raise ApplicationError(
                _("%(n)s不是党员，不能评为优秀共产党员") % {"n": person.name}, field="person"
            )
    check_not_future(awarded_on, field="awarded_on", label=_("表彰日期"))
    if not awarded_by.strip():
        raise ApplicationError(_("请填写表彰机关"), field="awarded_by")
    honour = Honour.objects.create(
        kind=kind,
        year=year,
        person=person,
        organization=organization,
        awarded_by=awarded_by.strip(),
        document_no=document_no.strip(),
        awarded_on=awarded_on,
    )
    audit.log_action(
        caps.RECORD_SAVED, actor=actor, obj=honour, changes={"kind": kind, "year": year}
    )
    return honour


@transaction.atomic
def visit_record(
    *,
    actor,
    person: Person,
    visitors: str,
    visited_on: dt.date,
    reason: str,
    amount=0,
    goods: str = "",
    note: str = "",
) -> Visit:
    authorize(actor, caps.CHANGE_MEMBER, person.organization)
    if not visitors.strip():
        raise ApplicationError(_("请填写走访人"), field="visitors")
    if reason not in Visit.Reason.values:
        raise ApplicationError(_("慰问类别无效"), field="reason")
    check_not_future(visited_on, field="visited_on", label=_("走访日期"))
    visit = Visit.objects.create(
        person=person,
        visitors=visitors.strip(),
        visited_on=visited_on,
        reason=reason,
        amount=_amount(amount or 0, "amount", _("慰问金")),
        goods=goods.strip(),
        note=note,
    )
    audit.log_action(
        caps.RECORD_SAVED, actor=actor, obj=visit, changes={"amount": str(visit.amount)}
    )
    return visit


@transaction.atomic
def major_matter_submit(
    *, actor, organization: Organization, kind: str, title: str, content: str, submitted_on: dt.date
) -> MajorMatterReport:
    """Submitted to the organization directly above (请示报告逐级进行)."""
    authorize(actor, caps.CHANGE_MEMBER, organization)
    if organization.parent_id is None or organization.kind == OrgKind.GROUP:
        raise ApplicationError(_("该组织没有可报送的上级党组织"), field="organization")
    if kind not in MajorMatterReport.Kind.values:
        raise ApplicationError(_("类型应为请示或报告"), field="kind")
    if not title.strip() or not content.strip():
        raise ApplicationError(_("请填写标题和内容"), field="title")
    check_not_future(submitted_on, field="submitted_on", label=_("报送日期"))
    report = MajorMatterReport.objects.create(
        organization=organization,
        reviewer=organization.parent,
        kind=kind,
        title=title.strip(),
        content=content,
        submitted_on=submitted_on,
        due_on=submitted_on + dt.timedelta(days=rules.major_matter_reply_days()),
        submitted_by=actor,
    )
    audit.log_action(
        caps.RECORD_SAVED,
        actor=actor,
        obj=report,
        changes={"kind": kind, "to": organization.parent.code},
    )
    return report


@transaction.atomic
def major_matter_review(
    *, actor, report: MajorMatterReport, decision: str, comments: str, reviewed_on: dt.date
) -> MajorMatterReport:
    """The organization above approves (a request), acknowledges (a report) or returns it
    with comments; a returned one may be submitted again as a new report."""
    authorize(actor, caps.CHANGE_MEMBER, report.reviewer)
    if report.status != MajorMatterReport.Status.SUBMITTED:
        raise ApplicationError(
            _("该事项已%(s)s") % {"s": report.get_status_display()}, field="report"
        )
    allowed = {
        MajorMatterReport.Kind.REQUEST: ("approved", "returned"),
        MajorMatterReport.Kind.REPORT: ("acknowledged", "returned"),
    }
    if decision not in allowed[report.kind]:
        raise ApplicationError(_("请示应“同意”或“退回”，报告应“阅知”或“退回”"), field="decision")
    if decision == "returned" and not comments.strip():
        raise ApplicationError(_("退回时请填写意见"), field="comments")
    check_not_future(reviewed_on, field="reviewed_on", label=_("审核日期"))
    if reviewed_on < report.submitted_on:
        raise ApplicationError(_("审核日期早于报送日期"), field="reviewed_on")
    report.status, report.comments, report.reviewed_on = decision, comments.strip(), reviewed_on
    report.save(update_fields=["status", "comments", "reviewed_on"])
    audit.log_action(caps.RECORD_SAVED, actor=actor, obj=report, changes={"status": decision})
    return report
