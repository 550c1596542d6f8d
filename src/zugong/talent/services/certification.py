"""Rural talent certification (乡村振兴人才评价认定): application with its checklist, village
recommendation, township review, district certification, public notice, certificate,
refusal with reasons, re-review before expiry and the expiry sweep.

Every step is authorized first, checked against the order of rules.STEPS, written in
one transaction and logged (CERT_SAVED); a refusal is an ApplicationError naming the
field, and nothing is written.
"""

from __future__ import annotations

import datetime as dt
import os

from django.db import transaction
from django.utils.translation import gettext as _

from zugong.core import audit
from zugong.core.errors import ApplicationError, PermissionDenied
from zugong.core.services.access import authorize, authorize_either, get_access
from zugong.talent import capabilities as caps
from zugong.talent.models import (
    Certification,
    CertificationCheck,
    CertificationCriterion,
    CertificationLevel,
    CertStatus,
    Talent,
    TalentCategory,
)
from zugong.talent.rules import certification as rules

ST = CertStatus
EVIDENCE_EXTENSIONS = {".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".xls", ".xlsx"}
EVIDENCE_MAX_BYTES = 20 * 1024 * 1024
# Who may refuse at each step: the capability of the step that is due.
REFUSER = {
    ST.APPLIED: caps.RECOMMEND_CERT,
    ST.RECOMMENDED: caps.REVIEW_CERT,
    ST.REVIEWED: caps.CERTIFY,
    ST.CERTIFIED: caps.CERTIFY,
}


def _text(value, *, field: str, label, required: bool = True, max_length: int = 2000) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ApplicationError(_("请填写%(l)s") % {"l": label}, field=field)
    if len(value) > max_length:
        raise ApplicationError(
            _("%(l)s不能超过%(n)d个字") % {"l": label, "n": max_length}, field=field
        )
    return value


def check_evidence(upload, field: str = "evidence") -> None:
    """An evidence file: a document or picture of at most 20 MB (the extension decides
    the type; stored under media, never executed or served inline)."""
    if not upload:
        return
    extension = os.path.splitext(upload.name or "")[1].lower()
    if extension not in EVIDENCE_EXTENSIONS:
        raise ApplicationError(_("佐证材料只接受PDF、图片、Word或Excel文件"), field=field)
    if upload.size > EVIDENCE_MAX_BYTES:
        raise ApplicationError(_("佐证材料不能超过20MB"), field=field)


def _is_own(actor, talent: Talent) -> bool:
    return actor is not None and get_access(actor).has_own(caps.CHANGE_OWN, talent.person_id)


def _places(talent: Talent):
    """The township keeping the record, then the village branch of the talent's person."""
    places = [talent.township]
    organization = talent.person.organization
    if organization.pk != talent.township_id:
        places.append(organization)
    return places


def authorize_talent(actor, capabilities, talent: Talent) -> None:
    """One of the office ``capabilities`` over the talent's township or village branch,
    or the talent's own records (CHANGE_OWN): raise PermissionDenied in Chinese."""
    if actor is not None and not _is_own(actor, talent):
        access = get_access(actor)
        for capability in capabilities:
            if any(access.has(capability, place.path) for place in _places(talent)):
                return
    authorize_either(actor, capabilities[0], talent.township, caps.CHANGE_OWN, talent.person)


def authorize_step(actor, capability: str, certification: Certification) -> None:
    """An office capability over the township, or (recommendation) the village branch."""
    talent = certification.talent
    places = _places(talent) if capability == caps.RECOMMEND_CERT else [talent.township]
    if actor is not None and any(get_access(actor).has(capability, p.path) for p in places):
        return
    authorize(actor, capability, talent.township)


def _log(actor, certification: Certification, step: str, **extra) -> None:
    audit.log_action(
        caps.CERT_SAVED,
        obj=certification,
        actor=actor,
        extra={"step": step, "status": certification.status, **extra},
    )


def _locked(certification: Certification) -> Certification:
    # Re-read under a row lock: two officers pressing the same button get one step.
    # Unscoped: the caller fetched the row in its scope; each service authorizes the
    # actor on the row read here before it changes anything.
    return (
        Certification.objects.unscoped()
        .select_for_update(of=("self",))
        .select_related("talent__person__organization", "talent__township", "level", "category")
        .get(pk=certification.pk)
    )


def _checks(certification: Certification):
    # Unscoped: the checklist of an application the actor was just authorized on.
    return CertificationCheck.objects.unscoped().filter(certification=certification)


# Application ----------------------------------------------------------------------------


@transaction.atomic
def certification_apply(
    *,
    actor,
    talent: Talent,
    category: TalentCategory,
    level: CertificationLevel,
    statement: str = "",
    by_portal: bool = False,
    today: dt.date | None = None,
    renewal_of: Certification | None = None,
) -> Certification:
    """An application entered by the office or the village (CHANGE_TALENT or
    RECOMMEND_CERT over the talent's township or village), or by the talent on the
    portal (CHANGE_OWN), with the checklist of its category and level."""
    if talent is None:
        raise ApplicationError(_("请选择人才"), field="talent")
    authorize_talent(actor, (caps.CHANGE_TALENT, caps.RECOMMEND_CERT), talent)
    today = today or dt.date.today()
    if category is None:
        raise ApplicationError(_("请选择申报类别"), field="category")
    if level is None:
        raise ApplicationError(_("请选择申报等级"), field="level")
    statement = _text(statement, field="statement", label=_("主要事迹"), required=False)
    criteria = list(CertificationCriterion.objects.filter(category=category, level=level))
    if not criteria:
        raise ApplicationError(
            _("“%(c)s”尚未设置%(l)s认定条件，不能申报") % {"c": category.name, "l": level.name},
            field="level",
        )
    open_one = (
        Certification.objects.unscoped()  # the talent's own rows, whatever the caller sees
        .filter(talent=talent, category=category, status__in=rules.OPEN)
        .first()
    )
    if open_one is not None:
        raise ApplicationError(
            _("该人才已有“%(c)s”类别的认定申请正在办理（%(s)s），不能重复申请")
            % {"c": category.name, "s": open_one.get_status_display()},
            field="category",
        )
    certification = Certification.objects.create(
        talent=talent,
        category=category,
        level=level,
        applied_on=today,
        by_portal=by_portal or _is_own(actor, talent),
        statement=statement,
        renewal_of=renewal_of,
    )
    CertificationCheck.objects.bulk_create(
        CertificationCheck(certification=certification, criterion=c) for c in criteria
    )
    _log(actor, certification, "apply", renewal_of=renewal_of.pk if renewal_of else None)
    return certification


@transaction.atomic
def certification_attach(
    *, actor, certification: Certification, criterion, evidence=None, note: str = ""
) -> CertificationCheck:
    """Evidence (a file) or a note for one criterion of the checklist, by the talent or
    the office, until the township has reviewed it."""
    certification = _locked(certification)
    authorize_talent(actor, (caps.CHANGE_TALENT, caps.RECOMMEND_CERT), certification.talent)
    if certification.status not in (ST.APPLIED, ST.RECOMMENDED):
        raise ApplicationError(
            _("申请已进入“%(s)s”环节，不能再补充佐证材料")
            % {"s": certification.get_status_display()},
            field="evidence",
        )
    criterion_id = getattr(criterion, "pk", criterion)
    check = _checks(certification).filter(criterion_id=criterion_id).first()
    if check is None:
        raise ApplicationError(_("该条件不属于本申请的认定条件"), field="criterion")
    check_evidence(evidence)
    note = _text(note, field="note", label=_("说明"), required=False, max_length=200)
    if not evidence and not note:
        raise ApplicationError(_("请上传佐证材料或填写说明"), field="evidence")
    if note:
        check.note = note
    if evidence:
        check.evidence.save(os.path.basename(evidence.name), evidence, save=False)
    check.save()
    _log(actor, certification, "attach", criterion=criterion_id)
    return check


@transaction.atomic
def certification_withdraw(*, actor, certification: Certification) -> Certification:
    """Withdrawn by the talent or the office before the district has certified it."""
    certification = _locked(certification)
    authorize_talent(actor, (caps.CHANGE_TALENT, caps.RECOMMEND_CERT), certification.talent)
    if certification.status not in (ST.APPLIED, ST.RECOMMENDED, ST.REVIEWED):
        raise ApplicationError(
            _("申请处于“%(s)s”状态，不能撤回") % {"s": certification.get_status_display()},
            field="status",
        )
    certification.status = ST.WITHDRAWN
    certification.save(update_fields=["status"])
    _log(actor, certification, "withdraw")
    return certification


# The steps ------------------------------------------------------------------------------


@transaction.atomic
def certification_recommend(
    *, actor, certification: Certification, opinion: str, by: str, today: dt.date | None = None
) -> Certification:
    """The village's recommendation (村级推荐): an opinion and who signs it."""
    certification = _locked(certification)
    authorize_step(actor, caps.RECOMMEND_CERT, certification)
    rules.check_step(certification.status, ST.RECOMMENDED)
    certification.recommendation = _text(opinion, field="opinion", label=_("村推荐意见"))
    certification.recommended_by = _text(by, field="by", label=_("推荐人"), max_length=50)
    certification.recommended_on = today or dt.date.today()
    certification.status = ST.RECOMMENDED
    certification.save()
    _log(actor, certification, "recommend")
    return certification


@transaction.atomic
def certification_review(
    *,
    actor,
    certification: Certification,
    checks: dict,
    opinion: str,
    today: dt.date | None = None,
    refuse_unmet: bool = False,
) -> Certification:
    """The township's review (乡镇审核): every criterion found met or not; it passes to
    the district only when all are met (and evidence is attached where required).
    With a criterion not met it is refused, or, with ``refuse_unmet``, the findings are
    kept and the application is not certified (不予认定), the opinion its reason."""
    certification = _locked(certification)
    authorize_step(actor, caps.REVIEW_CERT, certification)
    rules.check_step(certification.status, ST.REVIEWED)
    opinion = _text(opinion, field="opinion", label=_("乡镇审核意见"))
    rows = list(_checks(certification).select_related("criterion"))
    given = {int(k): v for k, v in (checks or {}).items()}
    unknown = set(given) - {row.criterion_id for row in rows}
    if unknown:
        raise ApplicationError(_("有条件不属于本申请的认定条件"), field="checks")
    for row in rows:
        met = given.get(row.criterion_id)
        field = f"check_{row.criterion_id}"
        if met is None:
            raise ApplicationError(
                _("请逐项核查：“%(c)s”尚未核查") % {"c": row.criterion.text}, field=field
            )
        if met and row.criterion.evidence_required and not (row.evidence or row.note):
            raise ApplicationError(
                _("“%(c)s”须附佐证材料，尚未提交") % {"c": row.criterion.text}, field=field
            )
        row.met = bool(met)
    not_met = [row.criterion.text for row in rows if not row.met]
    if not_met and refuse_unmet:
        CertificationCheck.objects.unscoped().bulk_update(rows, ["met"])
        certification.review_opinion = opinion
        certification.reviewed_on = certification.refused_on = today or dt.date.today()
        certification.refused_reason = _("乡镇审核：%(c)s不符合。%(o)s") % {
            "c": "、".join(not_met),
            "o": opinion,
        }
        certification.status = ST.REFUSED
        certification.save()
        _log(actor, certification, "review_refuse", not_met=len(not_met))
        return certification
    if not_met:
        raise ApplicationError(
            _("“%(c)s”不符合，不能报区级认定；请作不予认定并说明理由") % {"c": "、".join(not_met)},
            field="checks",
        )
    CertificationCheck.objects.unscoped().bulk_update(rows, ["met"])
    certification.review_opinion = opinion
    certification.reviewed_on = today or dt.date.today()
    certification.status = ST.REVIEWED
    certification.save()
    _log(actor, certification, "review")
    return certification


@transaction.atomic
def certification_certify(
    *, actor, certification: Certification, today: dt.date | None = None
) -> Certification:
    """The district's certification (区级认定), which starts the public notice."""
    certification = _locked(certification)
    authorize_step(actor, caps.CERTIFY, certification)
    rules.check_step(certification.status, ST.CERTIFIED)
    today = today or dt.date.today()
    certification.certified_on = today
    certification.notice_starts = today
    certification.notice_ends = rules.notice_end(today)
    certification.status = ST.CERTIFIED
    certification.save()
    _log(actor, certification, "certify", notice_ends=certification.notice_ends.isoformat())
    return certification


@transaction.atomic
def certification_object(*, actor, certification: Certification, text: str) -> Certification:
    """An objection received during the notice (公示异议): it holds the certificate
    until the office publishes with its finding or refuses."""
    certification = _locked(certification)
    authorize_step(actor, caps.CERTIFY, certification)
    if certification.status != ST.CERTIFIED:
        raise ApplicationError(_("只有公示期间可以登记异议"), field="text")
    text = _text(text, field="text", label=_("异议内容"), max_length=1000)
    certification.objection = "\n".join(filter(None, [certification.objection, text]))
    certification.save(update_fields=["objection"])
    _log(actor, certification, "object")
    return certification


def _next_number(year: int) -> int:
    """The year's next running number (the district's, whatever the caller sees)."""
    issued = (
        Certification.objects.unscoped()
        .filter(issued_on__year=year)
        .exclude(certificate_no="")
        .values_list("certificate_no", flat=True)
    )
    numbers = [0]
    for number in issued:
        digits = "".join(ch for ch in number.rsplit("第", 1)[-1] if ch.isdigit())
        numbers.append(int(digits) if digits else 0)
    return max(numbers) + 1


@transaction.atomic
def certification_publish(
    *,
    actor,
    certification: Certification,
    today: dt.date | None = None,
    finding: str = "",
) -> Certification:
    """After the notice: the certificate number and its validity from the level. An
    objection received needs the office's finding to publish."""
    certification = _locked(certification)
    authorize_step(actor, caps.CERTIFY, certification)
    rules.check_step(certification.status, ST.PUBLISHED)
    today = today or dt.date.today()
    if not rules.may_publish(certification.notice_ends, today):
        raise ApplicationError(
            _("公示期至%(d)s结束，公示期满后方可发证")
            % {"d": certification.notice_ends.isoformat()},
            field="issued_on",
        )
    finding = _text(finding, field="finding", label=_("异议核查结论"), required=False)
    if certification.objection and not finding:
        raise ApplicationError(_("公示期间收到异议，请填写核查结论后发证"), field="finding")
    if finding:
        certification.objection += "\n" + _("核查结论：%(f)s") % {"f": finding}
    certification.issued_on = today
    certification.valid_until = rules.valid_until(today, certification.level.validity_years)
    certification.certificate_no = rules.certificate_number(today.year, _next_number(today.year))
    certification.status = ST.PUBLISHED
    certification.save()
    _log(actor, certification, "publish", certificate_no=certification.certificate_no)
    return certification


@transaction.atomic
def certification_refuse(
    *, actor, certification: Certification, reason: str, today: dt.date | None = None
) -> Certification:
    """Not certified (不予认定) at any step before the certificate, a reason required; by
    whoever holds the capability of the step that is due."""
    certification = _locked(certification)
    capability = REFUSER.get(certification.status)
    if capability is None:
        raise ApplicationError(
            _("申请处于“%(s)s”状态，不能作不予认定") % {"s": certification.get_status_display()},
            field="status",
        )
    authorize_step(actor, capability, certification)
    certification.refused_reason = _text(reason, field="reason", label=_("不予认定理由"))
    certification.refused_on = today or dt.date.today()
    certification.status = ST.REFUSED
    certification.save()
    _log(actor, certification, "refuse")
    return certification


# Re-review and expiry -------------------------------------------------------------------


def certification_rereview(
    *,
    actor,
    certification: Certification,
    statement: str = "",
    level: CertificationLevel | None = None,
    today: dt.date | None = None,
) -> Certification:
    """A renewal (复审) opened from a certificate in its re-review window (from
    rules.rereview_days before expiry), at the same level unless another is asked."""
    today = today or dt.date.today()
    if certification.status != ST.PUBLISHED:
        raise ApplicationError(_("只有已发证的认定可以申请复审"), field="status")
    if not rules.in_rereview_window(certification.valid_until, today):
        raise ApplicationError(
            _("证书有效期至%(v)s，复审自%(o)s起申请")
            % {
                "v": certification.valid_until.isoformat(),
                "o": rules.rereview_opens(certification.valid_until).isoformat(),
            },
            field="renewal_of",
        )
    return certification_apply(
        actor=actor,
        talent=certification.talent,
        category=certification.category,
        level=level or certification.level,
        statement=statement or _("证书%(n)s到期复审") % {"n": certification.certificate_no},
        today=today,
        renewal_of=certification,
    )


@transaction.atomic
def certification_expire(*, actor, today: dt.date | None = None) -> int:
    """Mark every certificate in scope past its validity as expired (the sweep)."""
    authorize(actor, caps.CERTIFY)
    today = today or dt.date.today()
    access = get_access(actor) if actor is not None else None
    due = list(
        Certification.objects.filter(status=ST.PUBLISHED, valid_until__lt=today).select_related(
            "talent__township"
        )
    )
    if access is not None:
        due = [c for c in due if access.has(caps.CERTIFY, c.talent.township.path)]
    for certification in due:
        certification.status = ST.EXPIRED
    Certification.objects.unscoped().bulk_update(due, ["status"])  # read in scope above
    audit.log_action(caps.CERT_SAVED, actor=actor, extra={"step": "expire", "count": len(due)})
    return len(due)


def refuse_for_step(certification: Certification) -> str | None:
    """The capability that may refuse the application now (None when it may not be)."""
    return REFUSER.get(certification.status)


__all__ = [
    "PermissionDenied",
    "authorize_talent",
    "certification_apply",
    "certification_attach",
    "certification_certify",
    "certification_expire",
    "certification_object",
    "certification_publish",
    "certification_recommend",
    "certification_refuse",
    "certification_rereview",
    "certification_review",
    "certification_withdraw",
]
