"""Every write of leaders in contact with experts (领导干部联系服务专家): the pairs, the
contact log and the problems raised and solved. Authorized over the pair's office,
checked, atomic and audited (CONTACT_SAVED)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from zugong.core import audit
from zugong.core.errors import ApplicationError
from zugong.core.services.access import authorize
from zugong.talent import capabilities as caps
from zugong.talent.models import ContactKind, ContactPair, ContactProblem, ContactRecord
from zugong.talent.models.contact import LeaderLevel
from zugong.talent.services.native import clean, past_date, required_text

PAIR_FIELDS = ("office", "leader", "leader_post", "leader_level", "talent", "since")


@transaction.atomic
def pair_save(
    *, actor, data: dict, pair: ContactPair | None = None, today: dt.date | None = None
) -> ContactPair:
    """A leader in contact with an expert: office, leader, post, level, the talent and
    since when. The same leader and talent have one open pair."""
    today = today or dt.date.today()
    pair = pair or ContactPair()
    if pair.pk:
        authorize(actor, caps.CHANGE_TALENT, pair.office)
    values = {
        name: data[name] if name in data else getattr(pair, name, None) for name in PAIR_FIELDS
    }
    if values["office"] is None:
        raise ApplicationError(_("请选择所属单位"), field="office")
    authorize(actor, caps.CHANGE_TALENT, values["office"])
    leader = required_text(values["leader"], "leader", _("请填写联系领导"), 50)
    post = required_text(values["leader_post"], "leader_post", _("请填写领导职务"), 100)
    if values["leader_level"] not in LeaderLevel.values:
        raise ApplicationError(_("请选择领导层级"), field="leader_level")
    talent = values["talent"]
    if talent is None:
        raise ApplicationError(_("请选择联系专家人才"), field="talent")
    authorize(actor, caps.VIEW_TALENT, talent.township)
    since = past_date(values["since"], "since", _("建立联系日期"), today)
    if pair.until and since > pair.until:
        raise ApplicationError(_("建立联系日期晚于结束日期"), field="since")
    open_pairs = ContactPair.objects.unscoped().filter(
        leader=leader, talent=talent, until__isnull=True
    )
    if pair.until is None and open_pairs.exclude(pk=pair.pk).exists():
        raise ApplicationError(
            _("%(l)s已在联系%(t)s") % {"l": leader, "t": talent.person.name}, field="talent"
        )
    creating = pair.pk is None
    pair.office = values["office"]
    pair.leader = leader
    pair.leader_post = post
    pair.leader_level = values["leader_level"]
    pair.talent = talent
    pair.since = since
    pair.save()
    audit.log_action(
        caps.CONTACT_SAVED, obj=pair, actor=actor, extra={"what": "pair", "created": creating}
    )
    return pair


@transaction.atomic
def pair_end(*, actor, pair: ContactPair, until, today: dt.date | None = None) -> ContactPair:
    """End a pair (the pair, its log and its problems are kept)."""
    today = today or dt.date.today()
    authorize(actor, caps.CHANGE_TALENT, pair.office)
    if pair.until is not None:
        raise ApplicationError(_("该联系对子已结束"), field="until")
    until = past_date(until, "until", _("结束日期"), today)
    if until < pair.since:
        raise ApplicationError(_("结束日期早于建立联系日期"), field="until")
    pair.until = until
    pair.save(update_fields=["until"])
    audit.log_action(
        caps.CONTACT_SAVED,
        obj=pair,
        actor=actor,
        changes={"until": {"old": None, "new": until.isoformat()}},
        extra={"what": "pair_end"},
    )
    return pair


def _open_pair(pair: ContactPair | None, day: dt.date, field: str) -> ContactPair:
    if pair is None:
        raise ApplicationError(_("请选择联系对子"), field="pair")
    if pair.until is not None and day > pair.until:
        raise ApplicationError(
            _("该联系对子已于%(d)s结束") % {"d": pair.until.isoformat()}, field="pair"
        )
    if day < pair.since:
        raise ApplicationError(
            _("日期早于建立联系日期%(d)s") % {"d": pair.since.isoformat()}, field=field
        )
    return pair


@transaction.atomic
def contact_record(
    *, actor, pair: ContactPair, contacted_on, kind, summary, today: dt.date | None = None
) -> ContactRecord:
    """Log a leader's contact with the expert; a date in the future, or a contact on a
    pair ended before it, is refused."""
    today = today or dt.date.today()
    if pair is None:
        raise ApplicationError(_("请选择联系对子"), field="pair")
    authorize(actor, caps.CHANGE_TALENT, pair.office)
    day = past_date(contacted_on, "contacted_on", _("联系日期"), today)
    if pair.until is not None:
        raise ApplicationError(
            _("该联系对子已于%(d)s结束，不能再登记联系") % {"d": pair.until.isoformat()},
            field="pair",
        )
    _open_pair(pair, day, "contacted_on")
    if kind not in ContactKind.values:
        raise ApplicationError(_("请选择联系方式"), field="kind")
    record = ContactRecord.objects.create(
        pair=pair,
        contacted_on=day,
        kind=kind,
        summary=required_text(summary, "summary", _("请填写联系情况")),
    )
    audit.log_action(
        caps.CONTACT_SAVED, obj=record, actor=actor, extra={"what": "record", "pair": pair.pk}
    )
    return record


@transaction.atomic
def problem_raise(
    *, actor, pair: ContactPair, raised_on, content, today: dt.date | None = None
) -> ContactProblem:
    """A problem or request the expert raised with the leader."""
    today = today or dt.date.today()
    if pair is None:
        raise ApplicationError(_("请选择联系对子"), field="pair")
    authorize(actor, caps.CHANGE_TALENT, pair.office)
    day = past_date(raised_on, "raised_on", _("提出日期"), today)
    _open_pair(pair, day, "raised_on")
    problem = ContactProblem.objects.create(
        pair=pair, raised_on=day, content=required_text(content, "content", _("请填写问题或诉求"))
    )
    audit.log_action(
        caps.CONTACT_SAVED, obj=problem, actor=actor, extra={"what": "problem", "pair": pair.pk}
    )
    return problem


@transaction.atomic
def problem_solve(
    *, actor, problem: ContactProblem, solved_on, solution, today: dt.date | None = None
) -> ContactProblem:
    """Record how a problem was solved; solved before it was raised is refused."""
    today = today or dt.date.today()
    authorize(actor, caps.CHANGE_TALENT, problem.pair.office)
    if problem.solved_on is not None:
        raise ApplicationError(_("该问题诉求已办结"), field="solved_on")
    day = past_date(solved_on, "solved_on", _("解决日期"), today)
    if day < problem.raised_on:
        raise ApplicationError(
            _("解决日期早于提出日期%(d)s") % {"d": problem.raised_on.isoformat()},
            field="solved_on",
        )
    problem.solved_on = day
    problem.solution = required_text(solution, "solution", _("请填写解决情况"))
    problem.save(update_fields=["solved_on", "solution"])
    audit.log_action(
        caps.CONTACT_SAVED,
        obj=problem,
        actor=actor,
        changes={"solved_on": day.isoformat()},
        extra={"what": "problem_solved"},
    )
    return problem


__all__ = ["clean", "contact_record", "pair_end", "pair_save", "problem_raise", "problem_solve"]
