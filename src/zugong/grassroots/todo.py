"""The grassroots module's to-do sources (core.todo): star-rating reviews waiting at the
township and at the district, ratings returned for another self-assessment,
rectifications past their deadline, collective-economy contracts ending, and
party-building instructors' visits overdue."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zugong.core.todo import Item, source
from zugong.grassroots import capabilities as caps
from zugong.grassroots.selectors import collective, rating, twonew


def _ratings(status: str):
    from zugong.grassroots.models import Rating

    return Rating.objects.filter(status=status).select_related("organization")


def _rating_item(row, title: str, severity: str = "normal") -> Item:
    return Item(
        organization_id=row.organization_id,
        key=f"rating:{row.pk}:{row.status}",
        title=title % {"org": row.organization.name, "year": row.year},
        url=reverse("admin:grassroots_rating_change", args=[row.pk]),
        severity=severity,
    )


@source(
    "grassroots.rating_review", capability=caps.REVIEW_RATING, title=gettext_lazy("星级评定审核")
)
def rating_review_items(today: dt.date):
    for row in _ratings("self_assessed"):
        yield _rating_item(row, _("%(org)s的%(year)d年度星级自评待乡镇（街道）审核"))


@source(
    "grassroots.rating_approval", capability=caps.APPROVE_RATING, title=gettext_lazy("星级评定审定")
)
def rating_approval_items(today: dt.date):
    for row in _ratings("reviewed"):
        yield _rating_item(row, _("%(org)s的%(year)d年度星级评定待区级审定"))


@source(
    "grassroots.rating_returned", capability=caps.ASSESS_RATING, title=gettext_lazy("星级评定自评")
)
def rating_returned_items(today: dt.date):
    for row in _ratings("returned"):
        yield _rating_item(row, _("%(org)s的%(year)d年度星级评定被退回，待重新自评"), "warning")


@source(
    "grassroots.rectifications",
    capability=caps.CHANGE_GRASSROOTS,
    title=gettext_lazy("星级评定整改"),
)
def rectification_items(today: dt.date):
    for item in rating.overdue_rectifications(today):
        yield Item(
            organization_id=item.organization_id,
            key=f"rectification:{item.pk}",
            title=_("%(org)s：整改事项逾期未完成") % {"org": item.organization.name},
            due_on=item.deadline,
            url=reverse("admin:grassroots_rectification_change", args=[item.pk]),
            severity="danger",
        )


@source(
    "grassroots.contracts", capability=caps.CHANGE_GRASSROOTS, title=gettext_lazy("集体经济合同")
)
def contract_items(today: dt.date):
    for contract in collective.expiring_contracts(today):
        yield Item(
            organization_id=contract.organization_id,
            key=f"contract:{contract.pk}",
            title=_("%(org)s与%(other)s的合同即将到期")
            % {"org": contract.organization.name, "other": contract.counterparty},
            due_on=contract.ends_on,
            url=reverse("admin:grassroots_collectivecontract_change", args=[contract.pk]),
            severity="warning",
        )


@source("grassroots.visits", capability=caps.CHANGE_GRASSROOTS, title=gettext_lazy("指导员走访"))
def visit_items(today: dt.date):
    for row in twonew.overdue_visits(today):
        entity, instructor = row["entity"], row["instructor"]
        yield Item(
            organization_id=entity.township_id,
            key=f"visit:{instructor.pk}:{entity.pk}",
            title=_("指导员%(who)s走访%(entity)s已逾期%(d)d天")
            % {"who": instructor.person.name, "entity": entity.name, "d": row["days"]},
            url=reverse("admin:grassroots_entity_change", args=[entity.pk]),
            severity="danger",
        )
