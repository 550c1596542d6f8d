"""Each application's steps as the talent reads them: done, now, or still to come."""

from __future__ import annotations

from django.utils.translation import gettext as _

from zugong.talent.models import CardStatus, CertStatus, HousingStatus, RequestStatus


def _steps(labels: list[str], reached: int, stopped: str = "") -> list[dict]:
    steps = [
        {"label": label, "state": "done" if i < reached else ("now" if i == reached else "")}
        for i, label in enumerate(labels)
    ]
    if stopped:
        steps.append({"label": stopped, "state": "now"})
    return steps


CERT_ORDER = [
    CertStatus.APPLIED,
    CertStatus.RECOMMENDED,
    CertStatus.REVIEWED,
    CertStatus.CERTIFIED,
    CertStatus.PUBLISHED,
]


def certification_steps(item) -> list[dict]:
    labels = [_("提交申请"), _("村级推荐"), _("乡镇审核"), _("区级认定公示"), _("发证")]
    if item.status in CERT_ORDER:
        reached = CERT_ORDER.index(item.status)
        return _steps(labels, reached + 1 if item.status == CertStatus.PUBLISHED else reached)
    done = sum(
        1
        for field in ("applied_on", "recommended_on", "reviewed_on", "certified_on")
        if getattr(item, field)
    )
    return _steps(labels[:done], done, item.get_status_display())


def card_steps(card) -> list[dict]:
    labels = [_("提交申请"), _("人才办审核"), _("发卡")]
    order = {CardStatus.APPLIED: 0, CardStatus.REVIEWED: 1, CardStatus.ISSUED: 3}
    if card.status in order:
        return _steps(labels, order[card.status])
    return _steps(labels, 3, card.get_status_display())


def request_steps(request) -> list[dict]:
    labels = [_("已提交"), _("承办单位办理"), _("办结")]
    order = {RequestStatus.SUBMITTED: 0, RequestStatus.ACCEPTED: 1, RequestStatus.DONE: 3}
    if request.status in order:
        return _steps(labels, order[request.status])
    return _steps(labels[:1], 1, request.get_status_display())


def housing_steps(application) -> list[dict]:
    labels = [_("提交申请"), _("资格审查"), _("轮候"), _("配租入住")]
    order = {HousingStatus.SUBMITTED: 1, HousingStatus.WAITING: 2, HousingStatus.ALLOCATED: 4}
    if application.status in order:
        return _steps(labels, order[application.status])
    return _steps(labels[:1], 1, application.get_status_display())
