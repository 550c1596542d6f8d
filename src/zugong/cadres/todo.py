"""The cadres module's to-do sources (core.todo): inquiries awaiting a reply,
rectifications past their deadline, cadres reaching retirement age, cadres becoming
eligible for the next rank, secondments ending and dossier loans not returned.

Supervision items reach holders of the supervision capability only (监督信息), the rest
the holders of cadre maintenance over the cadre's unit."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zugong.cadres import capabilities as caps
from zugong.cadres import selectors
from zugong.core.todo import Item, source

# Retirements within this many months are listed (到龄提醒).
RETIREMENT_MONTHS = 6
# Rank eligibility reached within this many days is listed.
ELIGIBILITY_DAYS = 90
SECONDMENT_DAYS = 30


def _cadre_url(cadre) -> str:
    return reverse("admin:cadres_cadre_change", args=[cadre.pk])


@source("cadres.inquiries", capability=caps.CHANGE_SUPERVISION, title=gettext_lazy("函询回复"))
def inquiry_items(today: dt.date):
    for record in selectors.overdue_inquiries(today).select_related("cadre__unit"):
        yield Item(
            organization_id=record.cadre.unit_id,
            key=f"inquiry:{record.pk}",
            title=_("%(name)s的函询逾期未回复") % {"name": record.cadre.person.name},
            due_on=record.reply_due,
            url=reverse("admin:cadres_supervisionrecord_change", args=[record.pk]),
            severity="danger",
        )


@source(
    "cadres.rectifications", capability=caps.CHANGE_SUPERVISION, title=gettext_lazy("巡察审计整改")
)
def rectification_items(today: dt.date):
    for item in selectors.overdue_rectifications(today):
        yield Item(
            organization_id=item.responsible_unit_id,
            key=f"rectification:{item.pk}",
            title=_("%(unit)s：%(round)s反馈问题整改逾期")
            % {"unit": item.responsible_unit.name, "round": item.round_name},
            due_on=item.deadline,
            url=reverse("admin:cadres_rectification_change", args=[item.pk]),
            severity="danger",
        )


@source("cadres.retirements", capability=caps.CHANGE_CADRE, title=gettext_lazy("干部到龄"))
def retirement_items(today: dt.date):
    for row in selectors.retiring_within(RETIREMENT_MONTHS, today):
        cadre, month = row["cadre"], row["retirement"].month
        yield Item(
            organization_id=cadre.unit_id,
            key=f"retirement:{cadre.pk}",
            title=_("%(name)s（%(unit)s）%(month)s到龄")
            % {"name": cadre.person.name, "unit": cadre.unit.name, "month": f"{month:%Y年%m月}"},
            due_on=month,
            url=_cadre_url(cadre),
            severity="danger" if row["overdue"] else "warning",
        )


@source("cadres.eligibility", capability=caps.CHANGE_CADRE, title=gettext_lazy("职级晋升"))
def eligibility_items(today: dt.date):
    end = today + dt.timedelta(days=ELIGIBILITY_DAYS)
    for row in selectors.eligible_between(today - dt.timedelta(days=365), end, today):
        cadre, result = row["cadre"], row["eligibility"]
        if result.blocked:
            continue
        text = (
            _("%(name)s（%(unit)s）自%(day)s起已满足晋升职级的任职年限")
            if result.earliest <= today
            else _("%(name)s（%(unit)s）将于%(day)s满足晋升职级的任职年限")
        )
        yield Item(
            organization_id=cadre.unit_id,
            key=f"eligibility:{cadre.pk}",
            title=text
            % {
                "name": cadre.person.name,
                "unit": cadre.unit.name,
                "day": f"{result.earliest:%Y-%m-%d}",
            },
            due_on=result.earliest,
            url=_cadre_url(cadre),
            severity="normal",
        )


@source("cadres.secondments", capability=caps.CHANGE_CADRE, title=gettext_lazy("挂职期满"))
def secondment_items(today: dt.date):
    for item in selectors.expiring_secondments(SECONDMENT_DAYS, today).select_related(
        "cadre__unit"
    ):
        yield Item(
            organization_id=item.cadre.unit_id,
            key=f"secondment:{item.pk}",
            title=_("%(name)s的挂职期满，待登记返回") % {"name": item.cadre.person.name},
            due_on=item.ends_on,
            url=reverse("admin:cadres_secondment_change", args=[item.pk]),
            severity="danger" if item.ends_on < today else "warning",
        )


@source("cadres.loans", capability=caps.CHANGE_CADRE, title=gettext_lazy("档案借阅归还"))
def loan_items(today: dt.date):
    for loan in selectors.overdue_loans(today).select_related("cadre__unit"):
        yield Item(
            organization_id=loan.cadre.unit_id,
            key=f"loan:{loan.pk}",
            title=_("%(name)s的干部档案借出逾期未还") % {"name": loan.cadre.person.name},
            due_on=loan.due_on,
            url=reverse("admin:cadres_dossierloan_change", args=[loan.pk]),
            severity="danger",
        )
