"""In-service members reporting to their residence community (双报到) and their service
records. Either side records: the member's unit branch (it sees its members) or the
community (it sees the reports made to it); both need CHANGE_BRANCH_WORK there (a
township officer holds it for the township's communities and units)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from zugong.core import audit
from zugong.core.errors import ApplicationError, PermissionDenied
from zugong.core.models import Organization, OrgCategory, Person
from zugong.core.services.access import authorize
from zugong.grassroots import capabilities as caps
from zugong.grassroots.models.urban import DualReport, Grid, ServiceRecord
from zugong.grassroots.rules import urban as rules
from zugong.grassroots.services.urban_grids import is_party_member

CATEGORY_CODES = tuple(code for code, _label in rules.SERVICE_CATEGORIES.value)


def _authorize_either(actor, *organizations: Organization) -> None:
    """Allowed when the actor holds CHANGE_BRANCH_WORK at either organization."""
    refusal = None
    for organization in organizations:
        try:
            authorize(actor, caps.CHANGE_BRANCH_WORK, organization)
            return
        except PermissionDenied as error:
            refusal = error
    raise refusal


def _check_day(day, *, field: str, label, today: dt.date, after: dt.date | None = None):
    if day is None:
        raise ApplicationError(_("请填写%(l)s") % {"l": label}, field=field)
    if day > today:
        raise ApplicationError(_("%(l)s不能晚于今天") % {"l": label}, field=field)
    if after is not None and day < after:
        raise ApplicationError(
            _("%(l)s不能早于%(d)s") % {"l": label, "d": after.isoformat()}, field=field
        )


def check_reporting_member(person: Person) -> None:
    """Only a party member whose own organization is an organ, public institution or
    state enterprise (rules.urban.must_report) reports to a community."""
    if person is None:
        raise ApplicationError(_("请选择党员"), field="person")
    if not is_party_member(person):
        raise ApplicationError(
            _("%(n)s不是中共党员，不能报到") % {"n": person.name}, field="person"
        )
    if not rules.must_report(person.organization.category):
        raise ApplicationError(
            _("%(n)s不是机关、事业单位或国有企业的在职党员（所在党组织：%(o)s），不适用到社区报到")
            % {"n": person.name, "o": person.organization.name},
            field="person",
        )


def _check_grid(grid: Grid | None, community: Organization) -> None:
    if grid is not None and grid.community_id != community.pk:
        raise ApplicationError(_("所选网格不属于报到社区"), field="grid")


def _check_category(category: str) -> str:
    if category not in CATEGORY_CODES:
        raise ApplicationError(_("请选择服务岗位类别"), field="category")
    return category


@transaction.atomic
def report_create(
    *,
    actor,
    person: Person,
    community: Organization,
    reported_on: dt.date,
    category: str,
    grid: Grid | None = None,
    skills: str = "",
    today: dt.date | None = None,
) -> DualReport:
    """The member's one report to the residence community; a second is refused (the
    member re-reports instead, report_confirm)."""
    today = today or dt.date.today()
    check_reporting_member(person)
    if community is None or community.category != OrgCategory.COMMUNITY:
        raise ApplicationError(_("报到社区应为社区党组织"), field="community")
    _authorize_either(actor, person.organization, community)
    # One report per member in the whole district, whoever records it.
    existing = DualReport.objects.unscoped().filter(person_id=person.pk).first()
    if existing is not None:
        raise ApplicationError(
            _("%(n)s已于%(d)s报到，不能重复报到，请办理复报")
            % {"n": person.name, "d": existing.reported_on.isoformat()},
            field="person",
        )
    _check_grid(grid, community)
    _check_day(reported_on, field="reported_on", label=_("报到日期"), today=today)
    report = DualReport.objects.create(
        person=person,
        unit=person.organization,
        community=community,
        grid=grid,
        reported_on=reported_on,
        confirmed_on=reported_on,
        skills=(skills or "").strip()[:200],
        category=_check_category(category),
    )
    audit.log_action(
        caps.DUAL_REPORT_SAVED,
        obj=report,
        actor=actor,
        changes={"person": person.pk, "community": community.name, "category": category},
    )
    return report


@transaction.atomic
def report_confirm(
    *,
    actor,
    report: DualReport,
    confirmed_on: dt.date,
    grid: Grid | None = None,
    skills: str | None = None,
    today: dt.date | None = None,
) -> DualReport:
    """A re-report (复报, every rules.urban.rereport_months())."""
    today = today or dt.date.today()
    _authorize_either(actor, report.unit, report.community)
    if report.status != DualReport.Status.ACTIVE:
        raise ApplicationError(_("该报到已注销"), field="report")
    _check_day(
        confirmed_on,
        field="confirmed_on",
        label=_("复报日期"),
        today=today,
        after=report.confirmed_on,
    )
    _check_grid(grid, report.community)
    old = report.confirmed_on
    report.confirmed_on = confirmed_on
    if grid is not None:
        report.grid = grid
    if skills is not None:
        report.skills = skills.strip()[:200]
    report.save()
    audit.log_action(
        caps.DUAL_REPORT_SAVED,
        obj=report,
        actor=actor,
        changes={"confirmed_on": {"old": old.isoformat(), "new": confirmed_on.isoformat()}},
    )
    return report


@transaction.atomic
def service_record(
    *,
    actor,
    report: DualReport,
    served_on: dt.date,
    hours,
    category: str,
    content: str,
    confirmed_by: str = "",
    today: dt.date | None = None,
) -> ServiceRecord:
    today = today or dt.date.today()
    _authorize_either(actor, report.unit, report.community)
    if report.status != DualReport.Status.ACTIVE:
        raise ApplicationError(_("该报到已注销"), field="report")
    _check_day(
        served_on, field="served_on", label=_("服务日期"), today=today, after=report.reported_on
    )
    try:
        hours = Decimal(str(hours))
    except (InvalidOperation, ValueError):
        raise ApplicationError(_("服务时长应为0.5至24小时"), field="hours") from None
    if not Decimal("0.5") <= hours <= Decimal(24):
        raise ApplicationError(_("服务时长应为0.5至24小时"), field="hours")
    content = (content or "").strip()
    if not content:
        raise ApplicationError(_("请填写服务内容"), field="content")
    record = ServiceRecord.objects.create(
        report=report,
        served_on=served_on,
        hours=hours.quantize(Decimal("0.1")),
        category=_check_category(category),
        content=content[:200],
        confirmed_by=(confirmed_by or "").strip()[:50],
    )
    audit.log_action(
        caps.DUAL_REPORT_SAVED,
        obj=record,
        actor=actor,
        changes={"served_on": served_on.isoformat(), "hours": str(hours), "content": content},
    )
    return record
