"""Star rating workflow (星级化管理): evidence-backed drafts, the village's self-assessment,
township review, district approval, public notice with objections, publication.

Every step writes a RatingStep and an audit entry (RATING_SAVED; RATING_PUBLISHED on
publication) inside one transaction; a refusal is an ApplicationError naming the field.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from zugong.core import audit
from zugong.core import changes as changes_module
from zugong.core.errors import ApplicationError
from zugong.core.services.access import authorize
from zugong.grassroots import capabilities as caps
from zugong.grassroots.models.rating import (
    IndicatorScore,
    IndicatorSet,
    Rating,
    RatingObjection,
    RatingStatus,
    RatingStep,
    RatingVeto,
    VetoItem,
)
from zugong.grassroots.rules import rating as rules
from zugong.grassroots.selectors import evidence as ev

ST = RatingStatus
# Where the village may still change its self-assessment.
ASSESSABLE = (ST.DRAFT, ST.RETURNED)


def _step(actor, rating: Rating, comment: str = "") -> None:
    RatingStep.objects.create(
        rating=rating,
        status=rating.status,
        score=rating.score,
        star=rating.star,
        comment=comment,
        by=actor if getattr(actor, "is_authenticated", False) else None,
    )


def _log(actor, rating: Rating, step: str, action: str = caps.RATING_SAVED, **extra) -> None:
    audit.log_action(
        action,
        obj=rating,
        actor=actor,
        extra={"step": step, "status": rating.status, "score": rating.score, **extra},
    )
    changes_module.organizations_changed([rating.organization_id])  # the stars counted


def _require(rating: Rating, allowed, field: str = "status") -> None:
    if rating.status not in allowed:
        raise ApplicationError(
            _("当前状态为“%(s)s”，不能办理此环节") % {"s": rating.get_status_display()},
            field=field,
        )


def _other_hand(actor, rating: Rating, earlier: str, message) -> None:
    """Refuse a step to whoever took the rating's ``earlier`` step since it was last
    returned (rules.same_hand_refused)."""
    steps = rating.steps.filter(status=earlier)
    returned = rating.steps.filter(status=ST.RETURNED).order_by("-id").values_list("id", flat=True)
    last_return = returned.first()
    if last_return is not None:
        steps = steps.filter(id__gt=last_return)
    if rules.same_hand_refused(getattr(actor, "pk", None), steps.values_list("by_id", flat=True)):
        raise ApplicationError(message, field="status")


def _bands(indicator_set: IndicatorSet) -> dict[int, Decimal]:
    # Kept on the instance: a batch (drafts, the demo) shares one set's instance.
    cached = getattr(indicator_set, "_zugong_bands", None)
    if cached is None:
        cached = {b.star: b.min_score for b in indicator_set.bands.all()}
        indicator_set._zugong_bands = cached
    return cached


def _veto_caps(rating: Rating) -> list[int]:
    return list(rating.vetoes.values_list("veto__cap_star", flat=True))


def rating_star(rating: Rating) -> int:
    """The star the current score gives, capped by the vetoes triggered."""
    score = rating.score if rating.score is not None else Decimal(0)
    star = rules.star_for(score, _bands(rating.indicator_set))
    return rules.capped_star(star, _veto_caps(rating))


def _rescore(rating: Rating) -> None:
    # The points _set_points has just written, in the same call; else read them.
    points = rating.__dict__.pop("_zugong_points", None)
    if points is None:
        points = [s.points for s in rating.scores.all()]
    rating.score = sum((p for p in points if p is not None), Decimal(0))
    rating.star = rating_star(rating)


# Drafts -------------------------------------------------------------------------------


def _previous_stars(year: int, organization_ids: list[int]) -> dict[int, int]:
    return dict(
        Rating.objects.filter(
            year=year - 1, status=ST.PUBLISHED, organization_id__in=organization_ids
        ).values_list("organization_id", "star")
    )


@transaction.atomic
def compute_drafts(*, actor, year: int, organizations=None, today: dt.date | None = None) -> dict:
    """Create or refresh the DRAFT ratings of every rated organization in scope (or of
    ``organizations``) from the evidence: draft points and evidence on each score; a
    rating already past the draft keeps its people's points (only its drafts move).
    Returns {"created": n, "refreshed": n, "kept": n}."""
    authorize(actor, caps.ASSESS_RATING)
    today = today or dt.date.today()
    indicator_set = IndicatorSet.objects.filter(year=year).first()
    if indicator_set is None:
        raise ApplicationError(_("%(y)d年尚未制定指标体系") % {"y": year}, field="year")
    ids = None if organizations is None else [o.pk for o in organizations]
    drafts = ev.draft_scores(year, ids, today=today)
    from zugong.core.services.access import get_access

    access = get_access(actor) if actor is not None else None
    orgs = {o.pk: o for o in ev.rated_organizations(list(drafts)).only("pk", "path", "name")}
    allowed = [
        pk for pk in drafts if access is None or access.has(caps.ASSESS_RATING, orgs[pk].path)
    ]
    indicators = list(indicator_set.indicators.all())
    existing = {
        r.organization_id: r for r in Rating.objects.filter(year=year, organization_id__in=allowed)
    }
    previous = _previous_stars(year, allowed)
    created = [
        Rating(
            organization_id=pk,
            year=year,
            indicator_set=indicator_set,
            previous_star=previous.get(pk),
        )
        for pk in allowed
        if pk not in existing
    ]
    Rating.objects.bulk_create(created)
    ratings = {
        r.organization_id: r for r in Rating.objects.filter(year=year, organization_id__in=allowed)
    }
    scores = {
        (s.rating_id, s.indicator_id): s
        for s in IndicatorScore.objects.filter(rating__in=list(ratings.values()))
    }
    new_scores, changed, kept = [], [], 0
    for pk, rating in ratings.items():
        editable = rating.status in ASSESSABLE
        kept += not editable
        total = Decimal(0)
        for indicator in indicators:
            found = drafts[pk].get(indicator.evidence) if indicator.evidence else None
            points = ev.points_for(found, indicator.max_points) if found else None
            score = scores.get((rating.pk, indicator.pk))
            if score is None:
                score = IndicatorScore(rating=rating, indicator=indicator)
                new_scores.append(score)
            else:
                changed.append(score)
            score.draft_points = points
            score.evidence_summary = found.summary[:300] if found else ""
            score.evidence_refs = found.refs if found else []
            if editable and found is not None and score.scored_by in ("", "draft"):
                score.points, score.scored_by = points, "draft"
            total += points or 0
        rating.draft_score = total
    IndicatorScore.objects.bulk_create(new_scores)
    # Unscoped: the rows were read through the scoped manager in this call (in scope);
    # the scope's joins would only slow the UPDATE ... CASE of bulk_update.
    IndicatorScore.objects.unscoped().bulk_update(
        changed, ["draft_points", "evidence_summary", "evidence_refs", "points", "scored_by"]
    )
    for rating in ratings.values():
        if rating.status in ASSESSABLE:
            _rescore(rating)
    Rating.objects.unscoped().bulk_update(  # read in scope above
        list(ratings.values()), ["draft_score", "score", "star"]
    )
    result = {"created": len(created), "refreshed": len(ratings) - len(created), "kept": kept}
    audit.log_action(
        caps.RATING_SAVED, actor=actor, extra={"step": "drafts", "year": year, **result}
    )
    return result


# Self-assessment ------------------------------------------------------------------------


def _decimal(value, field: str) -> Decimal:
    try:
        return Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ApplicationError(_("得分应为数字"), field=field) from None


def _set_points(rating: Rating, points: dict, notes: dict, stage: str) -> None:
    scores = {s.indicator_id: s for s in rating.scores.select_related("indicator")}
    changed = []
    for indicator_id, value in points.items():
        score = scores.get(int(indicator_id))
        field = f"points_{indicator_id}"
        if score is None:
            raise ApplicationError(_("该指标不属于本年度指标体系"), field=field)
        if value in (None, ""):
            continue
        number = _decimal(value, field)
        rules.check_points(number, score.indicator.max_points, field)
        note = notes.get(indicator_id) or notes.get(str(indicator_id)) or score.evidence_note
        note = note.strip()
        score.points, score.evidence_note, score.scored_by = number, note, stage
        # Typed on an indicator zugong has no records for, with nothing said to back it.
        score.unsupported = not score.indicator.evidence and not note and not score.evidence_file
        changed.append(score)
    # Unscoped: the rows were read through the scoped manager in this call (in scope);
    # the scope's joins would only slow the UPDATE ... CASE of bulk_update.
    IndicatorScore.objects.unscoped().bulk_update(
        changed, ["points", "evidence_note", "scored_by", "unsupported"]
    )
    rating._zugong_points = [s.points for s in scores.values()]


def _set_vetoes(rating: Rating, vetoes) -> None:
    if vetoes is None:
        return
    ids = {int(v) for v in vetoes}
    valid = set(
        VetoItem.objects.filter(indicator_set=rating.indicator_set, pk__in=ids).values_list(
            "pk", flat=True
        )
    )
    if ids - valid:
        raise ApplicationError(_("否决事项不属于本年度指标体系"), field="vetoes")
    rating.vetoes.exclude(veto_id__in=ids).delete()
    have = set(rating.vetoes.values_list("veto_id", flat=True))
    RatingVeto.objects.bulk_create(RatingVeto(rating=rating, veto_id=v) for v in ids - have)


@transaction.atomic
def self_assess(
    *, actor, rating: Rating, points: dict, notes: dict | None = None, vetoes=None
) -> Rating:
    """The village's own points per indicator (≤ the maximum), with evidence notes, and
    the vetoes it declares; the rating stays with the village until submitted."""
    authorize(actor, caps.ASSESS_RATING, rating.organization)
    _require(rating, ASSESSABLE)
    _set_points(rating, points, notes or {}, "self")
    _set_vetoes(rating, vetoes)
    _rescore(rating)
    rating.save(update_fields=["score", "star", "updated_at"])
    _log(actor, rating, "self_assess")
    return rating


@transaction.atomic
def submit(*, actor, rating: Rating, comment: str = "") -> Rating:
    authorize(actor, caps.ASSESS_RATING, rating.organization)
    _require(rating, ASSESSABLE)
    missing = rating.scores.filter(points__isnull=True).count()
    if missing:
        raise ApplicationError(_("尚有%(n)d项指标未评分") % {"n": missing}, field="points")
    _rescore(rating)
    rating.status, rating.returned_from, rating.returned_reason = ST.SELF_ASSESSED, "", ""
    rating.save()
    _step(actor, rating, comment)
    _log(actor, rating, "submit")
    return rating


@transaction.atomic
def review(
    *, actor, rating: Rating, passed: bool, comment: str = "", points=None, notes=None, vetoes=None
) -> Rating:
    """The township's review: adjust points and vetoes, then pass (to the district) or
    return (to the village, a reason required)."""
    authorize(actor, caps.REVIEW_RATING, rating.organization)
    _require(rating, (ST.SELF_ASSESSED,))
    _other_hand(
        actor, rating, ST.SELF_ASSESSED, _("提交自评的人不能审核同一份评定，请由乡镇其他审核人办理")
    )
    comment = (comment or "").strip()
    if passed:
        _set_points(rating, points or {}, notes or {}, "review")
        _set_vetoes(rating, vetoes)
        _rescore(rating)
        rating.status, rating.review_comment = ST.REVIEWED, comment
    else:
        _return(rating, comment)
    rating.save()
    _step(actor, rating, comment)
    _log(actor, rating, "review" if passed else "return")
    return rating


def _return(rating: Rating, reason: str) -> None:
    if not reason:
        raise ApplicationError(_("退回时请填写退回理由"), field="comment")
    rating.returned_from, rating.returned_reason = rating.status, reason
    rating.status = ST.RETURNED


@transaction.atomic
def approve(*, actor, rating: Rating, passed: bool = True, comment: str = "") -> Rating:
    """The district's approval (区级审定), or its return to the village with a reason."""
    authorize(actor, caps.APPROVE_RATING, rating.organization)
    _require(rating, (ST.REVIEWED,))
    _other_hand(
        actor, rating, ST.REVIEWED, _("审核这份评定的人不能再审定它，请由区级其他审定人办理")
    )
    comment = (comment or "").strip()
    if passed:
        _rescore(rating)
        rating.status = ST.APPROVED
    else:
        _return(rating, comment)
    rating.save()
    _step(actor, rating, comment)
    _log(actor, rating, "approve" if passed else "return")
    return rating


@transaction.atomic
def start_notice(*, actor, rating: Rating, starts_on: dt.date) -> Rating:
    """The public notice (公示): its last day by rules.notice_end (working days by
    default)."""
    authorize(actor, caps.APPROVE_RATING, rating.organization)
    _require(rating, (ST.APPROVED,))
    if starts_on is None:
        raise ApplicationError(_("请填写公示开始日期"), field="starts_on")
    rating.notice_starts_on, rating.notice_ends_on = starts_on, rules.notice_end(starts_on)
    rating.status = ST.IN_NOTICE
    rating.save()
    _step(actor, rating, _("公示期%(a)s至%(b)s") % {"a": starts_on, "b": rating.notice_ends_on})
    _log(actor, rating, "notice", ends_on=rating.notice_ends_on)
    return rating


@transaction.atomic
def objection_record(
    *, actor, rating: Rating, received_on: dt.date, content: str, raised_by: str = ""
) -> RatingObjection:
    authorize(actor, caps.APPROVE_RATING, rating.organization)
    _require(rating, (ST.IN_NOTICE,))
    if not (content or "").strip():
        raise ApplicationError(_("请填写反映内容"), field="content")
    if received_on is None or not (rating.notice_starts_on <= received_on <= rating.notice_ends_on):
        raise ApplicationError(_("收到日期应在公示期内"), field="received_on")
    objection = RatingObjection.objects.create(
        rating=rating, received_on=received_on, content=content.strip(), raised_by=raised_by.strip()
    )
    _log(actor, rating, "objection", objection=objection.pk)
    return objection


@transaction.atomic
def objection_handle(
    *, actor, objection: RatingObjection, finding: str, upheld: bool, handled_on: dt.date
) -> RatingObjection:
    rating = objection.rating
    authorize(actor, caps.APPROVE_RATING, rating.organization)
    if not (finding or "").strip():
        raise ApplicationError(_("请填写核查结果"), field="finding")
    if handled_on is None or handled_on < objection.received_on:
        raise ApplicationError(_("办结日期不能早于收到日期"), field="handled_on")
    objection.finding, objection.upheld, objection.handled_on = finding.strip(), upheld, handled_on
    objection.save()
    _log(actor, rating, "objection_handled", objection=objection.pk, upheld=upheld)
    return objection


@transaction.atomic
def publish(*, actor, rating: Rating, today: dt.date | None = None) -> Rating:
    """The star published after the notice: refused before the notice ends or with an
    objection unhandled; the star from the bands, capped by the vetoes."""
    authorize(actor, caps.APPROVE_RATING, rating.organization)
    today = today or dt.date.today()
    _require(rating, (ST.IN_NOTICE,))
    if not rules.may_publish(rating.notice_starts_on, today):
        raise ApplicationError(
            _("公示期至%(d)s结束，公示期满后方可发布") % {"d": rating.notice_ends_on.isoformat()},
            field="published_on",
        )
    if rating.objections.filter(handled_on__isnull=True).exists():
        raise ApplicationError(_("公示期间反映的问题尚未办结"), field="objections")
    _rescore(rating)
    previous = _previous_stars(rating.year, [rating.organization_id]).get(rating.organization_id)
    rating.previous_star = previous
    rating.status, rating.published_on = ST.PUBLISHED, today
    rating.save()
    _step(actor, rating, _("发布为%(s)d星") % {"s": rating.star})
    _log(
        actor,
        rating,
        "publish",
        caps.RATING_PUBLISHED,
        star=rating.star,
        move=rules.move(previous, rating.star),
    )
    review_demonstration(actor, [rating.organization_id])
    return rating


@transaction.atomic
def record_published(*, actor, year: int, results: dict, published_on: dt.date) -> int:
    """A past year's published results entered at once (往年评定结果录入), for ratings
    still in draft: ``results`` maps a Rating to {indicator id: points}. Each score is
    checked against its maximum, the star follows from the bands (no vetoes), each
    rating gets one step 已发布 and the batch one audit entry (RATING_PUBLISHED)."""
    authorize(actor, caps.APPROVE_RATING)
    ratings = list(results)
    for rating in ratings:
        authorize(actor, caps.APPROVE_RATING, rating.organization)
        _require(rating, (ST.DRAFT,))
    scores = IndicatorScore.objects.filter(rating__in=ratings).select_related("indicator")
    by_rating: dict[int, list] = {}
    for score in scores:
        by_rating.setdefault(score.rating_id, []).append(score)
    changed = []
    for rating in ratings:
        points = results[rating]
        for score in by_rating.get(rating.pk, []):
            value = points.get(score.indicator_id)
            if value is None:
                raise ApplicationError(
                    _("%(o)s：指标“%(i)s”未评分")
                    % {"o": rating.organization.name, "i": score.indicator.name},
                    field=f"points_{score.indicator_id}",
                )
            value = _decimal(value, f"points_{score.indicator_id}")
            rules.check_points(value, score.indicator.max_points, f"points_{score.indicator_id}")
            score.points, score.scored_by = value, "history"
            changed.append(score)
        rating._zugong_points = [points[s.indicator_id] for s in by_rating.get(rating.pk, [])]
        _rescore(rating)
        rating.status, rating.published_on = ST.PUBLISHED, published_on
    # Unscoped: the rows were read through the scoped manager in this call (in scope);
    # the scope's joins would only slow the UPDATE ... CASE of bulk_update.
    IndicatorScore.objects.unscoped().bulk_update(changed, ["points", "scored_by"])
    Rating.objects.unscoped().bulk_update(ratings, ["score", "star", "status", "published_on"])
    by = actor if getattr(actor, "is_authenticated", False) else None
    RatingStep.objects.bulk_create(
        RatingStep(
            rating=r, status=r.status, score=r.score, star=r.star, comment=_("往年结果录入"), by=by
        )
        for r in ratings
    )
    audit.log_action(
        caps.RATING_PUBLISHED,
        actor=actor,
        extra={"step": "record_published", "year": year, "ratings": len(ratings)},
    )
    return len(ratings)


def review_demonstration(actor, organization_ids: list[int]) -> None:
    """Suspend the demonstration sites of villages that fell below the configured star
    or were listed weak and lax, when the demonstration area offers review_sites."""
    try:
        from zugong.grassroots.services import demonstration
    except ImportError:
        return
    review_sites = getattr(demonstration, "review_sites", None)
    if review_sites is not None:
        review_sites(actor=actor, organization_ids=organization_ids)


def move_of(rating: Rating) -> str:
    if rating.star is None:
        return ""
    return rules.move(rating.previous_star, rating.star)
