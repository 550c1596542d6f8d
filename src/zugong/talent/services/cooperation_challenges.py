"""Challenges (揭榜挂帅) through their steps: published (open) → bids → award to a
bidder → milestones → acceptance passed or failed; or closed without award (流榜) after
the deadline. Each step is a service: authorized on the challenge's office, checked,
audited (COOPERATION_SAVED) and atomic; a step out of order is refused in Chinese."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from zugong.core.errors import ApplicationError
from zugong.talent.models.cooperation import (
    Agreement,
    AllianceMember,
    Challenge,
    ChallengeBid,
    ChallengeMilestone,
    ChallengeStatus,
)
from zugong.talent.services.cooperation import _log, day, not_future, office_of, same_office, text

S = ChallengeStatus


def wan(value, *, field: str, label, required: bool = True) -> Decimal | None:
    """An amount in 万元, above zero, at most two decimals."""
    if value in (None, ""):
        if required:
            raise ApplicationError(_("请填写%(l)s") % {"l": label}, field=field)
        return None
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        raise ApplicationError(_("%(l)s不是有效的金额") % {"l": label}, field=field) from None
    if not amount.is_finite() or amount <= 0:
        raise ApplicationError(_("%(l)s应大于0") % {"l": label}, field=field)
    if amount != amount.quantize(Decimal("0.01")) or amount >= Decimal("1e10"):
        raise ApplicationError(_("%(l)s最多两位小数且不超过100亿万元") % {"l": label}, field=field)
    return amount


def _status(challenge: Challenge, *allowed: str, message) -> None:
    if challenge.status not in allowed:
        raise ApplicationError(message % {"s": challenge.get_status_display()}, field="status")


@transaction.atomic
def challenge_publish(
    *,
    actor,
    office,
    title: str,
    publisher: str,
    need: str,
    budget,
    published_on,
    deadline,
    agreement: Agreement | None = None,
    challenge: Challenge | None = None,
    today: dt.date | None = None,
) -> Challenge:
    """Publish a challenge, or correct one still open."""
    today = today or dt.date.today()
    office = office_of(actor, challenge.office if challenge is not None else office)
    if challenge is not None:
        _status(challenge, S.OPEN, message=_("榜单状态为“%(s)s”，不能再修改榜单内容"))
    published_on = not_future(
        day(published_on, field="published_on", label=_("发榜日期")),
        today,
        field="published_on",
        label=_("发榜日期"),
    )
    deadline = day(deadline, field="deadline", label=_("揭榜截止"))
    if deadline < published_on:
        raise ApplicationError(
            _("揭榜截止（%(d)s）不能早于发榜日期（%(p)s）")
            % {"d": deadline.isoformat(), "p": published_on.isoformat()},
            field="deadline",
        )
    same_office(agreement, office, field="agreement", what=_("依托协议"))
    values = {
        "title": text(title, field="title", label=_("榜单名称")),
        "publisher": text(publisher, field="publisher", label=_("发榜单位")),
        "need": text(need, field="need", label=_("技术需求"), max_length=4000),
        "budget": wan(budget, field="budget", label=_("榜额（万元）")),
        "published_on": published_on,
        "deadline": deadline,
        "agreement": agreement,
    }
    if challenge is None:
        challenge = Challenge.objects.create(office=office, **values)
    else:
        for key, value in values.items():
            setattr(challenge, key, value)
        challenge.save()
    _log(
        challenge, actor, "challenge_published", title=values["title"], budget=str(values["budget"])
    )
    return challenge


@transaction.atomic
def bid_submit(
    *,
    actor,
    challenge: Challenge,
    bidder: AllianceMember,
    submitted_on,
    proposal: str,
    amount=None,
) -> ChallengeBid:
    office = office_of(actor, challenge.office)
    _status(challenge, S.OPEN, message=_("榜单状态为“%(s)s”，不再接受揭榜方案"))
    if bidder is None:
        raise ApplicationError(_("请选择揭榜单位"), field="bidder")
    same_office(bidder, office, field="bidder", what=_("揭榜单位"))
    submitted_on = day(submitted_on, field="submitted_on", label=_("提交日期"))
    if submitted_on < challenge.published_on or submitted_on > challenge.deadline:
        raise ApplicationError(
            _("提交日期（%(d)s）不在发榜日期%(p)s至揭榜截止%(e)s之间")
            % {
                "d": submitted_on.isoformat(),
                "p": challenge.published_on.isoformat(),
                "e": challenge.deadline.isoformat(),
            },
            field="submitted_on",
        )
    if challenge.bids.filter(bidder=bidder).exists():
        raise ApplicationError(_("“%(b)s”已提交过揭榜方案") % {"b": bidder.name}, field="bidder")
    bid = ChallengeBid.objects.create(
        challenge=challenge,
        bidder=bidder,
        submitted_on=submitted_on,
        proposal=text(proposal, field="proposal", label=_("方案"), max_length=4000),
        amount=wan(amount, field="amount", label=_("报价（万元）"), required=False),
    )
    _log(bid, actor, "bid", challenge=challenge.title, bidder=bidder.name)
    return bid


@transaction.atomic
def challenge_award(
    *, actor, challenge: Challenge, bid: ChallengeBid | None, awarded_on
) -> Challenge:
    office_of(actor, challenge.office)
    _status(challenge, S.OPEN, message=_("榜单状态为“%(s)s”，不能揭榜"))
    if not challenge.bids.exists():
        raise ApplicationError(_("尚无揭榜方案，不能确定揭榜方"), field="bid")
    if bid is None or bid.challenge_id != challenge.pk:
        raise ApplicationError(_("请选择本榜单的一个揭榜方案"), field="bid")
    awarded_on = day(awarded_on, field="awarded_on", label=_("揭榜日期"))
    if awarded_on < bid.submitted_on:
        raise ApplicationError(
            _("揭榜日期（%(a)s）不能早于方案提交日期（%(s)s）")
            % {"a": awarded_on.isoformat(), "s": bid.submitted_on.isoformat()},
            field="awarded_on",
        )
    challenge.status = S.AWARDED
    challenge.awarded_to = bid.bidder
    challenge.awarded_on = awarded_on
    challenge.save(update_fields=["status", "awarded_to", "awarded_on"])
    _log(
        challenge,
        actor,
        "challenge_awarded",
        bidder=bid.bidder.name,
        awarded_on=awarded_on.isoformat(),
    )
    return challenge


@transaction.atomic
def milestone_add(*, actor, challenge: Challenge, title: str, due_on) -> ChallengeMilestone:
    office_of(actor, challenge.office)
    _status(challenge, S.AWARDED, message=_("榜单状态为“%(s)s”，揭榜后、验收前才能设置攻关节点"))
    due_on = day(due_on, field="due_on", label=_("计划完成"))
    if due_on < challenge.awarded_on:
        raise ApplicationError(
            _("计划完成日期（%(d)s）不能早于揭榜日期（%(a)s）")
            % {"d": due_on.isoformat(), "a": challenge.awarded_on.isoformat()},
            field="due_on",
        )
    milestone = ChallengeMilestone.objects.create(
        challenge=challenge, title=text(title, field="title", label=_("节点")), due_on=due_on
    )
    _log(milestone, actor, "milestone", title=milestone.title, due_on=due_on.isoformat())
    return milestone


@transaction.atomic
def milestone_done(
    *, actor, milestone: ChallengeMilestone, done_on, today: dt.date | None = None
) -> ChallengeMilestone:
    today = today or dt.date.today()
    challenge = milestone.challenge
    office_of(actor, challenge.office)
    _status(challenge, S.AWARDED, message=_("榜单状态为“%(s)s”，不能再登记节点完成"))
    if milestone.done_on is not None:
        raise ApplicationError(_("该节点已登记完成"), field="done_on")
    done_on = not_future(
        day(done_on, field="done_on", label=_("实际完成")),
        today,
        field="done_on",
        label=_("实际完成"),
    )
    if done_on < challenge.awarded_on:
        raise ApplicationError(_("实际完成日期不能早于揭榜日期"), field="done_on")
    milestone.done_on = done_on
    milestone.save(update_fields=["done_on"])
    _log(milestone, actor, "milestone_done", title=milestone.title, done_on=done_on.isoformat())
    return milestone


@transaction.atomic
def challenge_accept(
    *,
    actor,
    challenge: Challenge,
    passed: bool,
    accepted_on,
    acceptance: str,
    today: dt.date | None = None,
) -> Challenge:
    today = today or dt.date.today()
    office_of(actor, challenge.office)
    if challenge.status == S.OPEN:
        raise ApplicationError(_("尚未揭榜，不能验收"), field="status")
    _status(challenge, S.AWARDED, message=_("榜单状态为“%(s)s”，不能验收"))
    accepted_on = not_future(
        day(accepted_on, field="accepted_on", label=_("验收日期")),
        today,
        field="accepted_on",
        label=_("验收日期"),
    )
    if accepted_on < challenge.awarded_on:
        raise ApplicationError(
            _("验收日期（%(d)s）不能早于揭榜日期（%(a)s）")
            % {"d": accepted_on.isoformat(), "a": challenge.awarded_on.isoformat()},
            field="accepted_on",
        )
    open_milestones = challenge.milestones.filter(done_on__isnull=True).count()
    if passed and open_milestones:
        raise ApplicationError(
            _("还有%(n)d个攻关节点未完成，不能验收通过") % {"n": open_milestones},
            field="passed",
        )
    challenge.acceptance = text(
        acceptance, field="acceptance", label=_("验收意见"), max_length=4000
    )
    challenge.status = S.ACCEPTED if passed else S.FAILED
    challenge.accepted_on = accepted_on
    challenge.save(update_fields=["acceptance", "status", "accepted_on"])
    _log(
        challenge,
        actor,
        "challenge_accepted",
        passed=bool(passed),
        accepted_on=accepted_on.isoformat(),
    )
    return challenge


@transaction.atomic
def challenge_close(*, actor, challenge: Challenge, today: dt.date | None = None) -> Challenge:
    """Close a challenge without award (流榜) once its deadline has passed."""
    today = today or dt.date.today()
    office_of(actor, challenge.office)
    _status(challenge, S.OPEN, message=_("榜单状态为“%(s)s”，不能流榜"))
    if today <= challenge.deadline:
        raise ApplicationError(
            _("揭榜截止（%(d)s）前不能流榜") % {"d": challenge.deadline.isoformat()},
            field="deadline",
        )
    challenge.status = S.CLOSED
    challenge.save(update_fields=["status"])
    _log(challenge, actor, "challenge_closed", on=today.isoformat())
    return challenge
