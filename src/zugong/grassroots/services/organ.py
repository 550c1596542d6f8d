"""Organ party building (机关党建): commitments and their fulfilment, pioneer posts,
commando teams, service-model awards, organ units' staffing and the yearly members'
meeting. Every write is audited (ORGAN_SAVED) and refused with a Chinese reason naming
the field; nothing half-written is kept.

Who may do what (the capability each service asks on the record's organization):

- CHANGE_BRANCH_WORK (branch secretaries for their own organization, township officers
  and the department): commitments, their progress records, pioneer-post nominations
  up to the branch's recommendation (个人申报 → 支部党员评议 → 支部推荐), commando teams.
- CHANGE_GRASSROOTS (township officers and the department, not branch secretaries):
  the organ committee's approval of a pioneer post (机关党委审核确定), service-model
  awards (they are conferred, not self-declared), organ units' staffing facts and the
  organ's yearly members' and cadres' meeting.

Progress never goes down silently: a record below the current progress needs a reason
(written into the record); 100 % sets the fulfilment date, and a later record below
100 % (with its reason) clears it.
"""

from __future__ import annotations

import datetime as dt
import os

from django.db import transaction
from django.utils.translation import gettext as _

from zugong.core import audit
from zugong.core.errors import ApplicationError
from zugong.core.models import Organization, OrgCategory, OrgKind, Person
from zugong.core.services.access import authorize
from zugong.grassroots import capabilities as caps
from zugong.grassroots.models.organ import (
    CommandoTeam,
    Commitment,
    CommitmentCategory,
    CommitmentProgress,
    OrganMembersMeeting,
    OrganUnit,
    PioneerPost,
    ServiceAward,
)
from zugong.grassroots.rules import organ as rules

EVIDENCE_EXTENSIONS = {".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".xls", ".xlsx"}
EVIDENCE_MAX_BYTES = 20 * 1024 * 1024
# Organizations whose work is kept here: committees, general branches and branches (not
# party groups, not the township or district committees themselves).
WORKING_KINDS = (OrgKind.GRASSROOTS, OrgKind.GENERAL_BRANCH, OrgKind.BRANCH)
ORGAN_KINDS = (OrgKind.GRASSROOTS, OrgKind.GENERAL_BRANCH, OrgKind.BRANCH)
FINAL_STEP = rules.PIONEER_STEPS.value[-1][0]


def step_label(code: str) -> str:
    return str(dict(rules.PIONEER_STEPS.value).get(code, code))


def _text(value, *, field: str, label, required: bool = True, max_length: int = 200) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ApplicationError(_("请填写%(l)s") % {"l": label}, field=field)
    if len(value) > max_length:
        raise ApplicationError(
            _("%(l)s不能超过%(n)d个字") % {"l": label, "n": max_length}, field=field
        )
    return value


def _year(year, field: str = "year") -> int:
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ApplicationError(_("请填写年度"), field=field) from None
    if not 2000 <= year <= 2100:
        raise ApplicationError(_("年度%(y)d不正确") % {"y": year}, field=field)
    return year


def _date(value, *, field: str, label) -> dt.date:
    if not isinstance(value, dt.date):
        raise ApplicationError(_("请填写%(l)s") % {"l": label}, field=field)
    return value


def _working(organization: Organization | None, field: str = "organization") -> Organization:
    if organization is None:
        raise ApplicationError(_("请选择党组织"), field=field)
    if organization.kind not in WORKING_KINDS:
        raise ApplicationError(
            _("“%(o)s”不是基层党委、党总支或党支部") % {"o": organization.name}, field=field
        )
    return organization


def _organ(organization: Organization | None, field: str = "organization") -> Organization:
    _working(organization, field)
    if organization.category != OrgCategory.ORGAN:
        raise ApplicationError(_("“%(o)s”不是机关党组织") % {"o": organization.name}, field=field)
    return organization


def _member_of(person: Person | None, organization: Organization, field: str = "person"):
    if person is None:
        return None
    if not person.organization.path.startswith(organization.path):
        raise ApplicationError(
            _("“%(p)s”不是“%(o)s”的党员") % {"p": person.name, "o": organization.name},
            field=field,
        )
    return person


def check_evidence(upload, field: str = "evidence") -> None:
    """An evidence file: a document or picture of at most 20 MB."""
    if not upload:
        return
    extension = os.path.splitext(upload.name or "")[1].lower()
    if extension not in EVIDENCE_EXTENSIONS:
        raise ApplicationError(
            _("佐证材料只接受PDF、图片（JPG、PNG）、Excel或文档文件"), field=field
        )
    if upload.size > EVIDENCE_MAX_BYTES:
        raise ApplicationError(_("佐证材料不能超过20MB"), field=field)


def _log(obj, actor, **changes) -> None:
    audit.log_action(caps.ORGAN_SAVED, obj=obj, actor=actor, changes=changes)


# Commitments (承诺践诺) ---------------------------------------------------------------------


@transaction.atomic
def commitment_create(
    *,
    actor,
    organization: Organization,
    year,
    category: str,
    content: str,
    deadline: dt.date,
    person: Person | None = None,
    today: dt.date | None = None,
) -> Commitment:
    """A member's (``person``) or the branch's own commitment for ``year``: the deadline
    lies within the year and not before today."""
    today = today or dt.date.today()
    _working(organization)
    authorize(actor, caps.CHANGE_BRANCH_WORK, organization)
    year = _year(year)
    if category not in CommitmentCategory.values:
        raise ApplicationError(_("请选择承诺类别"), field="category")
    content = _text(content, field="content", label=_("承诺事项"), max_length=500)
    deadline = _date(deadline, field="deadline", label=_("完成时限"))
    if deadline.year != year:
        raise ApplicationError(
            _("完成时限%(d)s不在%(y)d年度内") % {"d": deadline.isoformat(), "y": year},
            field="deadline",
        )
    if deadline < today:
        raise ApplicationError(
            _("完成时限%(d)s早于今天") % {"d": deadline.isoformat()}, field="deadline"
        )
    _member_of(person, organization)
    commitment = Commitment.objects.create(
        organization=organization,
        person=person,
        year=year,
        category=category,
        content=content,
        deadline=deadline,
    )
    _log(
        commitment,
        actor,
        kind="commitment",
        year=year,
        person=person.name if person else "",
        deadline=deadline.isoformat(),
    )
    return commitment


@transaction.atomic
def progress_record(
    *,
    actor,
    commitment: Commitment,
    recorded_on: dt.date,
    progress,
    description: str,
    evidence=None,
    reason: str = "",
    today: dt.date | None = None,
) -> CommitmentProgress:
    """A fulfilment record (践诺): progress 0–100, never below the current progress
    without a reason; 100 sets the fulfilment date, a lower record clears it."""
    today = today or dt.date.today()
    authorize(actor, caps.CHANGE_BRANCH_WORK, commitment.organization)
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    recorded_on = _date(recorded_on, field="recorded_on", label=_("日期"))
    if recorded_on > today:
        raise ApplicationError(
            _("日期%(d)s晚于今天") % {"d": recorded_on.isoformat()}, field="recorded_on"
        )
    if recorded_on.year < commitment.year:
        raise ApplicationError(
            _("日期%(d)s早于承诺年度%(y)d年")
            % {"d": recorded_on.isoformat(), "y": commitment.year},
            field="recorded_on",
        )
    try:
        progress = int(progress)
    except (TypeError, ValueError):
        raise ApplicationError(_("请填写进度（0至100）"), field="progress") from None
    if not 0 <= progress <= 100:
        raise ApplicationError(_("进度%(p)d不在0至100之间") % {"p": progress}, field="progress")
    description = _text(description, field="description", label=_("践诺情况"), max_length=2000)
    reason = (reason or "").strip()
    if progress < commitment.progress and not reason:
        raise ApplicationError(
            _("进度由%(o)d%%降为%(n)d%%，须说明进度回调原因")
            % {"o": commitment.progress, "n": progress},
            field="reason",
        )
    check_evidence(evidence)
    if reason:
        description = _("%(d)s（进度回调原因：%(r)s）") % {"d": description, "r": reason}
    record = CommitmentProgress.objects.create(
        commitment=commitment,
        recorded_on=recorded_on,
        progress=progress,
        description=description,
        evidence=evidence or "",
    )
    old = commitment.progress
    commitment.progress = progress
    commitment.fulfilled_on = (commitment.fulfilled_on or recorded_on) if progress == 100 else None
    commitment.save(update_fields=["progress", "fulfilled_on"])
    _log(
        commitment,
        actor,
        progress={"old": old, "new": progress},
        fulfilled_on=commitment.fulfilled_on.isoformat() if commitment.fulfilled_on else "",
        evidence=bool(evidence),
    )
    return record


# Pioneer posts (党员先锋岗) -------------------------------------------------------------------


@transaction.atomic
def pioneer_declare(
    *,
    actor,
    organization: Organization,
    kind: str,
    post_name: str,
    declared_on: dt.date,
    person: Person | None = None,
    criteria: str = "",
    today: dt.date | None = None,
) -> PioneerPost:
    """Step one (个人申报): an individual post names its member; a collective one none."""
    today = today or dt.date.today()
    _working(organization)
    authorize(actor, caps.CHANGE_BRANCH_WORK, organization)
    if kind not in PioneerPost.Kind.values:
        raise ApplicationError(_("请选择先锋岗类型"), field="kind")
    if kind == PioneerPost.Kind.INDIVIDUAL and person is None:
        raise ApplicationError(_("个人先锋岗须选择党员"), field="person")
    if kind == PioneerPost.Kind.COLLECTIVE and person is not None:
        raise ApplicationError(_("集体先锋岗不选择个人党员"), field="person")
    _member_of(person, organization)
    declared_on = _date(declared_on, field="declared_on", label=_("申报日期"))
    if declared_on > today:
        raise ApplicationError(
            _("申报日期%(d)s晚于今天") % {"d": declared_on.isoformat()}, field="declared_on"
        )
    post = PioneerPost.objects.create(
        organization=organization,
        kind=kind,
        person=person,
        post_name=_text(post_name, field="post_name", label=_("岗位名称"), max_length=100),
        criteria=_text(
            criteria, field="criteria", label=_("创建标准"), required=False, max_length=2000
        ),
        step=rules.pioneer_next_step(None),
        declared_on=declared_on,
    )
    _log(post, actor, step=post.step, kind=kind, person=person.name if person else "")
    return post


def pioneer_step_capability(next_step: str | None) -> str:
    """The organ committee's approval needs CHANGE_GRASSROOTS; the branch's steps need
    CHANGE_BRANCH_WORK."""
    return caps.CHANGE_GRASSROOTS if next_step == FINAL_STEP else caps.CHANGE_BRANCH_WORK


@transaction.atomic
def pioneer_advance(
    *, actor, post: PioneerPost, on: dt.date, today: dt.date | None = None
) -> PioneerPost:
    """Move a post one step (rules.organ.PIONEER_STEPS); the last step (机关党委审核确定)
    names it on ``on`` and sets the end of its term (rules.organ.pioneer_term_end)."""
    today = today or dt.date.today()
    post = PioneerPost.objects.select_for_update().select_related("organization").get(pk=post.pk)
    following = rules.pioneer_next_step(post.step)
    authorize(actor, pioneer_step_capability(following), post.organization)
    if following is None:
        raise ApplicationError(
            _("“%(p)s”已审核确定，没有下一环节") % {"p": post.post_name}, field="step"
        )
    on = _date(on, field="on", label=_("日期"))
    if on > today:
        raise ApplicationError(_("日期%(d)s晚于今天") % {"d": on.isoformat()}, field="on")
    if on < post.declared_on:
        raise ApplicationError(
            _("日期%(d)s早于申报日期%(s)s")
            % {"d": on.isoformat(), "s": post.declared_on.isoformat()},
            field="on",
        )
    old = post.step
    post.step = following
    if following == FINAL_STEP:
        post.approved_on = on
        post.term_ends_on = rules.pioneer_term_end(on)
    post.save()
    _log(
        post,
        actor,
        step={"old": old, "new": following},
        on=on.isoformat(),
        term_ends_on=post.term_ends_on.isoformat() if post.term_ends_on else "",
    )
    return post


# Commando teams and service-model awards --------------------------------------------------


@transaction.atomic
def team_save(
    *,
    actor,
    organization: Organization | None = None,
    team: CommandoTeam | None = None,
    name: str,
    task: str,
    starts_on: dt.date,
    leader: Person | None = None,
    members=(),
    ends_on: dt.date | None = None,
    result: str = "",
    today: dt.date | None = None,
) -> CommandoTeam:
    """A commando team (党员突击队): created under ``organization``, or ``team`` updated
    (its organization stays); leader and members are members of that organization."""
    today = today or dt.date.today()
    organization = team.organization if team is not None else _working(organization)
    authorize(actor, caps.CHANGE_BRANCH_WORK, organization)
    fields = {
        "name": _text(name, field="name", label=_("突击队名称"), max_length=100),
        "task": _text(task, field="task", label=_("突击任务"), max_length=2000),
        "starts_on": _date(starts_on, field="starts_on", label=_("组建日期")),
        "ends_on": ends_on,
        "result": (result or "").strip(),
        "leader": _member_of(leader, organization, "leader"),
    }
    if fields["starts_on"] > today:
        raise ApplicationError(
            _("组建日期%(d)s晚于今天") % {"d": fields["starts_on"].isoformat()},
            field="starts_on",
        )
    if ends_on is not None and ends_on < fields["starts_on"]:
        raise ApplicationError(_("结束日期不能早于组建日期"), field="ends_on")
    if ends_on is not None and ends_on > today and fields["result"]:
        raise ApplicationError(_("突击任务尚未结束，不能登记完成情况"), field="result")
    members = list(members or [])
    for person in members:
        _member_of(person, organization, "members")
    if team is None:
        team = CommandoTeam.objects.create(organization=organization, **fields)
    else:
        for key, value in fields.items():
            setattr(team, key, value)
        team.save()
    team.members.set(members)
    _log(
        team,
        actor,
        kind="team",
        name=team.name,
        members=len(members),
        ends_on=ends_on.isoformat() if ends_on else "",
    )
    return team


@transaction.atomic
def award_grant(
    *,
    actor,
    organization: Organization,
    year,
    title: str,
    person: Person | None = None,
    citation: str = "",
) -> ServiceAward:
    """A service-model award (争当服务群众标兵), conferred by the organ committee or the
    department: to a member of ``organization``, or to it as a collective."""
    _working(organization)
    authorize(actor, caps.CHANGE_GRASSROOTS, organization)
    award = ServiceAward.objects.create(
        organization=organization,
        person=_member_of(person, organization),
        year=_year(year),
        title=_text(title, field="title", label=_("称号"), max_length=100),
        citation=(citation or "").strip(),
    )
    _log(award, actor, kind="award", year=award.year, person=person.name if person else "")
    return award


# Organ units and members' meetings -----------------------------------------------------------


def _count(value, *, field: str, label) -> int:
    try:
        value = int(value)
    except (TypeError, ValueError):
        raise ApplicationError(_("请填写%(l)s") % {"l": label}, field=field) from None
    if value < 0:
        raise ApplicationError(_("%(l)s不能为负数") % {"l": label}, field=field)
    return value


@transaction.atomic
def organ_unit_save(
    *,
    actor,
    organization: Organization,
    unit_name: str,
    staff,
    partywork_staff,
    responsible: str = "",
) -> OrganUnit:
    """An organ's staffing facts (one row per organ party organization, replaced)."""
    _organ(organization)
    authorize(actor, caps.CHANGE_GRASSROOTS, organization)
    staff = _count(staff, field="staff", label=_("机关工作人员数"))
    if staff == 0:
        raise ApplicationError(_("机关工作人员数应大于0"), field="staff")
    partywork = _count(partywork_staff, field="partywork_staff", label=_("专职党务工作人员数"))
    if partywork > staff:
        raise ApplicationError(
            _("专职党务工作人员%(p)d名多于机关工作人员%(s)d名") % {"p": partywork, "s": staff},
            field="partywork_staff",
        )
    unit, created = OrganUnit.objects.update_or_create(
        organization=organization,
        defaults={
            "unit_name": _text(unit_name, field="unit_name", label=_("机关单位"), max_length=100),
            "staff": staff,
            "partywork_staff": partywork,
            "responsible": _text(
                responsible,
                field="responsible",
                label=_("党务工作负责人"),
                required=False,
                max_length=50,
            ),
        },
    )
    _log(unit, actor, kind="unit", staff=staff, partywork_staff=partywork, created=created)
    return unit


@transaction.atomic
def members_meeting_record(
    *, actor, organization: Organization, held_on: dt.date, topic: str, today=None
) -> OrganMembersMeeting:
    """The organ's members' and cadres' meeting hearing the unit head (第二十六条)."""
    today = today or dt.date.today()
    _organ(organization)
    authorize(actor, caps.CHANGE_GRASSROOTS, organization)
    held_on = _date(held_on, field="held_on", label=_("会议日期"))
    if held_on > today:
        raise ApplicationError(
            _("会议日期%(d)s晚于今天") % {"d": held_on.isoformat()}, field="held_on"
        )
    meeting = OrganMembersMeeting.objects.create(
        organization=organization,
        held_on=held_on,
        topic=_text(topic, field="topic", label=_("议题"), max_length=200),
    )
    _log(meeting, actor, kind="members_meeting", held_on=held_on.isoformat())
    return meeting
