"""The talent module's to-do sources (core.todo): talent cards in their renewal window,
service requests past their due day, and rural-talent certifications waiting at each
step for the role that acts on it. A talent also finds their own card's renewal on the
portal's list (an "own records" item)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zugong.core.todo import Item, source
from zugong.talent import capabilities as caps
from zugong.talent.selectors import card, certification


@source("talent.cards", capability=caps.MANAGE_CARDS, title=gettext_lazy("人才卡续期"))
def card_items(today: dt.date):
    for row in card.expiring_cards(today):
        yield Item(
            organization_id=row.talent.township_id,
            key=f"card:{row.pk}",
            title=_("%(name)s的人才卡将于%(day)s到期，待续期")
            % {"name": row.talent.person.name, "day": f"{row.valid_until:%Y-%m-%d}"},
            due_on=row.valid_until,
            url=reverse("admin:talent_talentcard_change", args=[row.pk]),
            severity="warning",
        )


@source("talent.own_cards", capability=caps.CHANGE_OWN, title=gettext_lazy("我的人才卡"))
def own_card_items(today: dt.date):
    for row in card.expiring_cards(today):
        yield Item(
            organization_id=row.talent.township_id,
            person_id=row.talent.person_id,
            key=f"own-card:{row.pk}",
            title=_("您的人才卡将于%(day)s到期，可申请续期")
            % {"day": f"{row.valid_until:%Y-%m-%d}"},
            due_on=row.valid_until,
            url=reverse("talent_portal:card"),
            severity="warning",
        )


@source("talent.requests", capability=caps.HANDLE_SERVICES, title=gettext_lazy("人才服务事项"))
def request_items(today: dt.date):
    for row in card.overdue_requests(today):
        talent = row.card.talent
        yield Item(
            organization_id=talent.township_id,
            key=f"request:{row.pk}",
            title=_("%(name)s申请的%(what)s已超过办理时限%(d)d天")
            % {
                "name": talent.person.name,
                "what": row.entitlement,
                "d": card.days_overdue(row, today),
            },
            due_on=row.due_on,
            url=reverse("admin:talent_servicerequest_change", args=[row.pk]),
            severity="danger",
        )


# Who acts on a certification at each step.
CERT_STEPS = (
    ("talent.cert_recommend", "recommend", caps.RECOMMEND_CERT, gettext_lazy("乡村人才认定推荐")),
    ("talent.cert_review", "review", caps.REVIEW_CERT, gettext_lazy("乡村人才认定审核")),
    ("talent.cert_certify", "certify", caps.CERTIFY, gettext_lazy("乡村人才区级认定")),
    ("talent.cert_publish", "publishable", caps.CERTIFY, gettext_lazy("乡村人才公示期满发证")),
    ("talent.cert_rereview", "expiring", caps.REVIEW_CERT, gettext_lazy("乡村人才到期复审")),
)


def _certification_source(name: str, step: str, capability: str, title) -> None:
    def items(today: dt.date):
        label = certification.STEP_LABELS[step]
        for row in certification.by_step(step, today).select_related(
            "talent__person", "talent__township"
        ):
            due = row.valid_until if step == "expiring" else None
            yield Item(
                organization_id=row.talent.township_id,
                key=f"cert:{row.pk}:{step}",
                title=_("%(name)s的乡村人才认定：%(step)s")
                % {"name": row.talent.person.name, "step": _(label)},
                due_on=due,
                url=reverse("admin:talent_certification_change", args=[row.pk]),
                severity="warning" if step in ("publishable", "expiring") else "normal",
            )

    items.__name__ = f"{step}_items"
    source(name, capability=capability, title=title)(items)


for _name, _step, _capability, _title in CERT_STEPS:
    _certification_source(_name, _step, _capability, _title)
