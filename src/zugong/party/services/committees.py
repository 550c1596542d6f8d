"""Electing branch committees and approving postponed elections."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from zugong.core import audit
from zugong.core import changes as changes_module
from zugong.core.errors import ApplicationError
from zugong.core.models import Organization, Person
from zugong.core.services.access import authorize
from zugong.core.validation import check_not_future
from zugong.party import capabilities as caps
from zugong.party import rules
from zugong.party.models import (
    BranchCommittee,
    CommitteePost,
    CommitteeSeat,
    Member,
    MemberKind,
    MemberStatus,
)


def current_committee(organization: Organization) -> BranchCommittee | None:
    return (
        BranchCommittee.objects.filter(organization=organization, ended_on__isnull=True)
        .order_by("-elected_on")
        .first()
    )


def _check_seats(organization: Organization, seats: list[tuple[Person, str]]) -> None:
    if not seats:
        raise ApplicationError(_("请填写当选的班子成员"), field="seats")
    posts = [post for _person, post in seats]
    if posts.count(CommitteePost.SECRETARY) != 1:
        raise ApplicationError(_("班子须有且只有一名书记"), field="seats")
    if posts.count(CommitteePost.DEPUTY) > 1:
        raise ApplicationError(_("副书记一般只设一名"), field="seats")
    persons = [person for person, _post in seats]
    if len({p.pk for p in persons}) != len(persons):
        raise ApplicationError(_("同一人不能在班子中担任两个职务"), field="seats")
    members = {m.person_id: m for m in Member.objects.filter(person__in=persons)}
    for person in persons:
        member = members.get(person.pk)
        if not person.organization.path.startswith(organization.path):
            raise ApplicationError(
                _("%(n)s的组织关系不在%(o)s") % {"n": person.name, "o": organization.name},
                field="seats",
            )
        # 党章第七条: probationary members may not elect or be elected.
        if member is None or member.kind != MemberKind.FULL or member.status != MemberStatus.NORMAL:
            raise ApplicationError(
                _("%(n)s不是党籍正常的正式党员，没有被选举权") % {"n": person.name}, field="seats"
            )


@transaction.atomic
def committee_elect(
    *,
    actor,
    organization: Organization,
    elected_on: dt.date,
    seats: list[tuple[Person, str]],
    document_no: str = "",
) -> BranchCommittee:
    authorize(actor, caps.CHANGE_MEMBER, organization)
    if organization.kind not in rules.ELECTING_KINDS:
        raise ApplicationError(
            _("%(k)s不选举班子") % {"k": organization.get_kind_display()}, field="organization"
        )
    check_not_future(elected_on, field="elected_on", label=_("选举日期"))
    previous = current_committee(organization)
    if previous is not None and elected_on <= previous.elected_on:
        raise ApplicationError(
            _("选举日期应晚于上一届的选举日期%(d)s") % {"d": previous.elected_on.isoformat()},
            field="elected_on",
        )
    _check_seats(organization, seats)
    if previous is not None:
        previous.ended_on = elected_on
        previous.save(update_fields=["ended_on"])
    committee = BranchCommittee.objects.create(
        organization=organization,
        elected_on=elected_on,
        document_no=document_no,
        term_years=rules.term_years(organization.kind, organization.category),
    )
    CommitteeSeat.objects.bulk_create(
        CommitteeSeat(committee=committee, person=p, post=post) for p, post in seats
    )
    audit.log_action(
        caps.COMMITTEE_ELECTED,
        actor=actor,
        obj=committee,
        changes={
            "elected_on": str(elected_on),
            "term_years": committee.term_years,
            "seats": [f"{p.name}:{post}" for p, post in seats],
        },
    )
    changes_module.organizations_changed([committee.organization_id])  # elections due
    return committee


@transaction.atomic
def committee_postpone(
    *, actor, committee: BranchCommittee, until: dt.date, document_no: str
) -> BranchCommittee:
    authorize(actor, caps.CHANGE_MEMBER, committee.organization)
    if committee.ended_on is not None:
        raise ApplicationError(_("该届班子已换届"), field="committee")
    if not document_no.strip():
        raise ApplicationError(_("延期换届须经上级党组织批准，请填写批准文号"), field="document_no")
    due = rules.election_due(committee.elected_on, committee.term_years)
    latest = rules.latest_postponement(committee.elected_on, committee.term_years)
    if until <= due:
        raise ApplicationError(
            _("延期日期应晚于届满日期%(d)s") % {"d": due.isoformat()}, field="until"
        )
    if until > latest:
        raise ApplicationError(
            _("延期一般不超过1年，最迟至%(d)s（%(s)s）")
            % {"d": latest.isoformat(), "s": rules.MAX_POSTPONEMENT_YEARS.source},
            field="until",
        )
    old = committee.postponed_until
    committee.postponed_until, committee.postponement_document = until, document_no.strip()
    committee.save(update_fields=["postponed_until", "postponement_document"])
    audit.log_action(
        caps.ELECTION_POSTPONED,
        actor=actor,
        obj=committee,
        changes={"postponed_until": {"old": str(old or ""), "new": str(until)}},
        extra={"document_no": document_no},
    )
    changes_module.organizations_changed([committee.organization_id])  # elections due
    return committee
