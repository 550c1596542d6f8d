"""The party module's to-do sources (core.todo): development steps due, elections due,
organizational life missing, dues arrears, transfers waiting, major matters to review.

Each reads the module's own selectors under the scan's system scope; items reach the
holders of the module's maintenance capability over the organization concerned."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zugong.core.todo import Item, source
from zugong.party import capabilities as caps
from zugong.party import selectors

# Deadlines within this many days are shown as approaching (临近).
SOON_DAYS = 14
# What comes due within this many days is listed at all.
HORIZON_DAYS = 30


def _severity(due: dt.date | None, today: dt.date, overdue: bool = False) -> str:
    if overdue or (due is not None and due < today):
        return "danger"
    if due is not None and (due - today).days <= SOON_DAYS:
        return "warning"
    return "normal"


@source("party.development", capability=caps.CHANGE_MEMBER, title=gettext_lazy("发展党员"))
def development_items(today: dt.date):
    horizon = today + dt.timedelta(days=HORIZON_DAYS)
    for rows in selectors.development_board(today).values():
        for row in rows:
            case = row["case"]
            dues = [d for d in row["due"] if d.due is not None and (d.overdue or d.due <= horizon)]
            if not dues:
                continue
            first = min(dues, key=lambda d: d.due)
            labels = "、".join(d.label for d in dues)
            yield Item(
                organization_id=case.person.organization_id,
                key=f"case:{case.pk}",
                title=_("%(name)s：%(steps)s") % {"name": case.person.name, "steps": labels},
                due_on=first.due,
                url=reverse("admin:party_developmentcase_change", args=[case.pk]),
                severity=_severity(first.due, today, row["overdue"]),
            )


@source("party.elections", capability=caps.CHANGE_MEMBER, title=gettext_lazy("换届选举"))
def election_items(today: dt.date):
    from zugong.party.selectors.organizations import election_facts

    titles = {
        "missing": _("%(org)s：未登记现任委员会"),
        "overdue": _("%(org)s：换届已逾期"),
        "due_soon": _("%(org)s：应于期满前换届"),
    }
    missing_url = reverse("admin:party_branchcommittee_election_list")
    change_url = reverse("admin:party_branchcommittee_change", args=[0])
    for pk, name, committee_id, state, due in election_facts(
        today, states=("overdue", "due_soon", "missing")
    ):
        yield Item(
            organization_id=pk,
            key=f"election:{pk}",
            title=titles[state] % {"org": name},
            due_on=due,
            url=change_url.replace("/0/", f"/{committee_id}/") if committee_id else missing_url,
            severity="danger" if state in ("overdue", "missing") else "warning",
        )


@source("party.meetings", capability=caps.CHANGE_MEMBER, title=gettext_lazy("组织生活"))
def meeting_items(today: dt.date):
    """Meetings the required frequency asked for in this year and not recorded (the
    counts of ``compliance_counts``: the compliance page's figures without its rows)."""
    from zugong.party.selectors.compliance_counts import compliance_counts

    start = dt.date(today.year, 1, 1)
    url = reverse("admin:party_meeting_compliance")
    for row in compliance_counts(start, today, today=today):
        if not row.missing:
            continue
        yield Item(
            organization_id=row.pk,
            key=f"meetings:{row.pk}:{today.year}",
            title=_("%(org)s：本年缺%(n)d次组织生活（%(kinds)s）")
            % {"org": row.name, "n": row.missing, "kinds": "、".join(_kinds(row.gaps))},
            due_on=None,
            url=url,
            severity="warning",
        )


def _kinds(codes) -> list[str]:
    from zugong.party.models.meetings import MeetingKind

    labels = dict(MeetingKind.choices)
    return [str(labels.get(code, code)) for code in codes]


def _arrears_by_organization(today: dt.date) -> dict[int, list[int]]:
    """Unpaid months of each member in arrears, by organization: the rule of
    selectors.dues_arrears (owed from the later of the month of joining and the ledger's
    start, after the last regular payment, up to the month before ``today``). The members
    in arrears are found in SQL from the maintained ``dues_paid_through`` (the cockpit's
    filter, selectors.dues.arrears_q) and only they are read: no payment is joined."""
    from zugong.party import rules
    from zugong.party.models import Member
    from zugong.party.selectors.dues import arrears_q
    from zugong.party.selectors.members import LIVING
    from zugong.party.services.dues import ledger_start

    last_month = rules.add_months(rules.month_start(today), -1)
    first_owed = ledger_start()
    rows = (
        Member.objects.filter(status__in=LIVING)
        .filter(arrears_q(today, 1))
        .order_by()
        .values_list("person__organization_id", "joined_on", "dues_paid_through")
    )
    found: dict[int, list[int]] = defaultdict(list)
    for organization_id, joined_on, last_paid in rows.iterator(chunk_size=20000):
        start = max(rules.month_start(joined_on), first_owed)
        if last_paid is not None:
            start = max(start, rules.add_months(last_paid, 1))
        if start <= last_month:
            found[organization_id].append(rules.months_between(start, last_month) + 1)
    return found


@source("party.dues", capability=caps.CHANGE_MEMBER, title=gettext_lazy("党费收缴"))
def dues_items(today: dt.date):
    """One item per organization with members in arrears (the arrears page names them)."""
    from zugong.core.models import Organization
    from zugong.party import rules

    by_org = _arrears_by_organization(today)
    names = dict(Organization.objects.filter(pk__in=list(by_org)).values_list("pk", "name"))
    url = reverse("admin:party_duespayment_arrears")
    for organization_id, months in by_org.items():
        lapsed = sum(1 for m in months if rules.lapse_flag(m))
        title = _("%(org)s：%(n)d名党员欠缴党费，最长%(m)d个月") % {
            "org": names.get(organization_id, ""),
            "n": len(months),
            "m": max(months),
        }
        if lapsed:
            title += _("（%(k)d人连续6个月以上未交）") % {"k": lapsed}
        yield Item(
            organization_id=organization_id,
            key=f"dues:{organization_id}",
            title=title,
            url=url,
            severity="danger" if lapsed else "warning",
        )


@source("party.transfers", capability=caps.CHANGE_MEMBER, title=gettext_lazy("组织关系转接"))
def transfer_items(today: dt.date):
    """A letter issued and not yet confirmed: the receiving side has to confirm it."""
    from zugong.party import rules

    limit = rules.transfer_valid_days()
    for row in selectors.transfers_open(today):
        transfer = row["transfer"]
        organization = transfer.to_organization or transfer.from_organization
        if organization is None:
            continue
        yield Item(
            organization_id=organization.pk,
            key=f"transfer:{transfer.pk}",
            title=_("%(name)s的组织关系介绍信待确认接收（已%(d)d天）")
            % {"name": transfer.member.person.name, "d": row["days"]},
            due_on=transfer.issued_on + dt.timedelta(days=limit),
            url=reverse("admin:party_transfer_change", args=[transfer.pk]),
            severity="danger" if row["overdue"] else "normal",
        )


@source(
    "party.major_matters", capability=caps.CHANGE_MEMBER, title=gettext_lazy("重大事项请示报告")
)
def major_matter_items(today: dt.date):
    """Reports submitted and not yet reviewed: the reviewing organization acts."""
    from zugong.party.models import MajorMatterReport

    reports = MajorMatterReport.objects.filter(
        status=MajorMatterReport.Status.SUBMITTED
    ).select_related("organization", "reviewer")
    for report in reports:
        reviewer = report.reviewer or report.organization
        yield Item(
            organization_id=reviewer.pk,
            key=f"major:{report.pk}",
            title=_("待审核：%(org)s报送的%(what)s")
            % {"org": report.organization.name, "what": str(report)},
            due_on=report.due_on,
            url=reverse("admin:party_majormatterreport_change", args=[report.pk]),
            severity=_severity(report.due_on, today),
        )
