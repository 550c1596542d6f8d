"""Every write of the two-new area (两新组织): the registry, instructors and their visits,
the joint meeting's member units, their list items and half-yearly reports, and saved
coverage reports. Each write is checked, audited and atomic."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from zugong.core import audit
from zugong.core import changes as changes_module
from zugong.core.errors import ApplicationError
from zugong.core.models import Organization, OrgKind
from zugong.core.services.access import authorize, get_access
from zugong.grassroots import capabilities as caps
from zugong.grassroots import rules
from zugong.grassroots.models.twonew import (
    Coverage,
    CoverageReport,
    DutyItem,
    Entity,
    EntityKind,
    Instructor,
    InstructorVisit,
    JointMemberUnit,
    OperatingStatus,
    UnitReport,
)

ENTITY_FIELDS = (
    "kind",
    "credit_code",
    "name",
    "address",
    "township",
    "industry",
    "employees",
    "party_members",
    "full_members",
    "head",
    "operating_status",
    "fixed_place",
    "real_operation",
    "coverage",
    "party_organization",
    "formed_on",
    "formed_how",
    "not_formed_reason",
    "instructor",
    "liaison",
    "trade_union",
    "youth_league",
    "charter_party",
    "sync_registration",
    "sync_inspection",
    "sync_evaluation",
    "surveyed_on",
)
TEXT_FIELDS = {
    "credit_code",
    "name",
    "address",
    "industry",
    "head",
    "formed_how",
    "not_formed_reason",
    "liaison",
}
DEFAULTS = {
    "employees": 0,
    "party_members": 0,
    "full_members": 0,
    "operating_status": OperatingStatus.NORMAL,
    "fixed_place": True,
    "real_operation": True,
    "coverage": Coverage.NONE,
    "trade_union": False,
    "youth_league": False,
    "charter_party": False,
    "sync_registration": False,
    "sync_inspection": False,
    "sync_evaluation": False,
}


def normalize_code(code) -> str:
    return "".join(str(code or "").split()).upper()


def _visible(actor, path: str) -> bool:
    """Whether the actor reads grassroots records at ``path`` (the system reads all)."""
    if actor is None:
        return True
    return get_access(actor).has(caps.VIEW_GRASSROOTS, path)


def _clean(data: dict, entity: Entity | None) -> dict:
    values = {}
    for name in ENTITY_FIELDS:
        if name in data:
            value = data[name]
        elif entity is not None:
            value = getattr(entity, name)
        else:
            value = DEFAULTS.get(name, "" if name in TEXT_FIELDS else None)
        if name in TEXT_FIELDS:
            value = " ".join(str(value or "").split())
        values[name] = value
    values["credit_code"] = normalize_code(values["credit_code"])
    for name in ("employees", "party_members", "full_members"):
        values[name] = values[name] or 0
    return values


def _identity_problems(v: dict, pk, actor) -> list[tuple[str, str]]:
    problems = []
    if v["kind"] not in EntityKind.values:
        problems.append(("kind", _("类别应为非公有制企业或社会组织")))
    if not v["name"]:
        problems.append(("name", _("请填写名称")))
    code = v["credit_code"]
    problem = rules.credit_code_problem(code) if code else _("请填写统一社会信用代码")
    if problem:
        problems.append(("credit_code", problem))
    else:
        # Unscoped on purpose: a code is registered once in the whole district; where it
        # lies outside the actor's scope, the answer does not say where.
        other = Entity.objects.unscoped().filter(credit_code=code).exclude(pk=pk)
        other = other.select_related("township", "party_organization").first()
        if other is not None:
            paths = [other.township.path]
            if other.party_organization is not None:
                paths.append(other.party_organization.path)
            if any(_visible(actor, path) for path in paths):
                message = _("该统一社会信用代码已登记为“%(n)s”（%(t)s）") % {
                    "n": other.name,
                    "t": other.township.name,
                }
            else:
                message = _("该统一社会信用代码已登记")
            problems.append(("credit_code", message))
    township = v["township"]
    if township is None:
        problems.append(("township", _("请选择所在乡镇（街道）")))
    elif township.kind != OrgKind.TOWNSHIP:
        problems.append(("township", _("“%(n)s”不是乡镇（街道）党（工）委") % {"n": township.name}))
    elif not _visible(actor, township.path):
        problems.append(("township", _("所选乡镇（街道）不在您的数据范围内")))
    return problems


def _count_problems(v: dict) -> list[tuple[str, str]]:
    problems = []
    if v["operating_status"] not in OperatingStatus.values:
        problems.append(("operating_status", _("经营状态不正确")))
    elif v["operating_status"] in rules.EXCLUDED_STATUSES.value and v["real_operation"]:
        label = OperatingStatus(v["operating_status"]).label
        problems.append(
            (
                "real_operation",
                _("经营状态为“%(s)s”的不能同时标记为实体运营（空壳、僵尸和注销的不计入统计）")
                % {"s": label},
            )
        )
    if v["party_members"] < v["full_members"]:
        problems.append(
            (
                "full_members",
                _("正式党员数%(f)d人多于党员数%(p)d人")
                % {"f": v["full_members"], "p": v["party_members"]},
            )
        )
    if v["employees"] < v["party_members"]:
        problems.append(
            (
                "party_members",
                _("党员数%(p)d人多于从业人员数%(e)d人")
                % {"p": v["party_members"], "e": v["employees"]},
            )
        )
    return problems


def _coverage_problems(v: dict, actor, today: dt.date) -> list[tuple[str, str]]:
    problems = []
    coverage = v["coverage"]
    if coverage not in Coverage.values:
        return [("coverage", _("组建情况应为单独组建、联合组建或未组建"))]
    org = v["party_organization"]
    if coverage == Coverage.NONE:
        if not v["not_formed_reason"]:
            problems.append(("not_formed_reason", _("未组建党组织的，请填写未组建原因")))
        if org is not None:
            problems.append(("party_organization", _("未组建党组织的，不应填写所在党组织")))
        return problems
    if org is None:
        problems.append(
            ("party_organization", _("%(c)s的，请选择所在党组织") % {"c": Coverage(coverage).label})
        )
    elif not _visible(actor, org.path):
        problems.append(("party_organization", _("所选党组织不在您的数据范围内")))
    if v["formed_on"] is None:
        problems.append(("formed_on", _("已组建党组织的，请填写党组织成立日期")))
    elif v["formed_on"] > today:
        problems.append(("formed_on", _("党组织成立日期晚于今天")))
    if coverage == Coverage.SEPARATE and not rules.separate_organization_possible(
        v["full_members"]
    ):
        problems.append(
            (
                "coverage",
                _("单独组建党组织须有正式党员%(m)d人以上，现有%(n)d人；可联合组建")
                % {"m": rules.SEPARATE_MIN_FULL_MEMBERS.value, "n": v["full_members"]},
            )
        )
    return problems


def entity_problems(
    data: dict, *, entity: Entity | None = None, actor=None, today: dt.date | None = None
) -> tuple[dict, list[tuple[str, str]]]:
    """The cleaned values and every problem as (field, Chinese reason), checked in the
    order of the form: identity, counting, coverage. The import reuses it per row."""
    today = today or dt.date.today()
    values = _clean(data, entity)
    problems = _identity_problems(values, entity.pk if entity else None, actor)
    problems += _count_problems(values)
    problems += _coverage_problems(values, actor, today)
    return values, problems


def apply_verdict(values: dict) -> dict:
    """``counted`` and ``counted_reason`` as the counting rule gives them (never typed)."""
    verdict = rules.counting_verdict(
        kind=values["kind"],
        operating_status=values["operating_status"],
        fixed_place=values["fixed_place"],
        employees=values["employees"],
        real_operation=values["real_operation"],
    )
    values["counted"] = verdict.counted
    values["counted_reason"] = "；".join(verdict.reasons)[:200]
    return values


def _raise(problems: list[tuple[str, str]]) -> None:
    if problems:
        field, message = problems[0]
        raise ApplicationError(
            message,
            field=field,
            details=[{"field": f, "message": m} for f, m in problems],
        )


@transaction.atomic
def entity_save(
    *, actor, data: dict, entity: Entity | None = None, today: dt.date | None = None
) -> Entity:
    """Register a two-new organization or correct one (``entity``): fields not in
    ``data`` keep their value. The counting verdict is recomputed every time."""
    authorize(actor, caps.CHANGE_GRASSROOTS, entity.township if entity else None)
    values, problems = entity_problems(data, entity=entity, actor=actor, today=today)
    _raise(problems)
    authorize(actor, caps.CHANGE_GRASSROOTS, values["township"])
    apply_verdict(values)
    creating = entity is None
    old = {} if creating else {name: _plain(getattr(entity, name)) for name in values}
    entity = entity or Entity()
    for name, value in values.items():
        setattr(entity, name, value)
    entity.save()
    changes = {
        name: {"old": old.get(name), "new": _plain(value)}
        for name, value in values.items()
        if creating or old.get(name) != _plain(value)
    }
    audit.log_action(
        caps.TWONEW_SAVED,
        obj=entity,
        actor=actor,
        changes=changes,
        extra={"what": "entity", "created": creating},
    )
    # The coverage counted under its party organization or township (cockpit).
    changes_module.organizations_changed([entity.party_organization_id, entity.township_id])
    return entity


def _plain(value):
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# Instructors and visits -------------------------------------------------------------------


@transaction.atomic
def instructor_save(*, actor, data: dict, instructor: Instructor | None = None) -> Instructor:
    """Appoint an instructor or correct one: person, township, full- or part-time, level,
    an own visit frequency (blank: the setting), appointment and end dates."""
    instructor = instructor or Instructor()
    if instructor.pk:
        authorize(actor, caps.CHANGE_GRASSROOTS, instructor.township)
    for name in ("person", "township", "full_time", "level", "visit_every_days"):
        if name in data:
            setattr(instructor, name, data[name])
    for name in ("appointed_on", "ended_on"):
        if name in data:
            setattr(instructor, name, data[name])
    if getattr(instructor, "person_id", None) is None:
        raise ApplicationError(_("请选择指导员人员"), field="person")
    township = instructor.township if instructor.township_id else None
    if township is None or township.kind != OrgKind.TOWNSHIP:
        raise ApplicationError(_("请选择派驻的乡镇（街道）党（工）委"), field="township")
    authorize(actor, caps.CHANGE_GRASSROOTS, township)
    if instructor.level not in Instructor.Level.values:
        raise ApplicationError(_("请选择驻派等级"), field="level")
    if instructor.visit_every_days is not None and not 1 <= instructor.visit_every_days <= 366:
        raise ApplicationError(_("走访频次应为1至366天"), field="visit_every_days")
    if instructor.appointed_on is None:
        raise ApplicationError(_("请填写选派日期"), field="appointed_on")
    if instructor.ended_on and instructor.ended_on < instructor.appointed_on:
        raise ApplicationError(_("结束日期早于选派日期"), field="ended_on")
    creating = instructor.pk is None
    instructor.save()
    audit.log_action(
        caps.TWONEW_SAVED,
        obj=instructor,
        actor=actor,
        extra={"what": "instructor", "created": creating},
    )
    return instructor


@transaction.atomic
def instructor_assign(*, actor, instructor: Instructor | None, entity: Entity) -> Entity:
    """Name the instructor guiding ``entity`` (None: none)."""
    authorize(actor, caps.CHANGE_GRASSROOTS, entity.township)
    if instructor is not None and instructor.township_id != entity.township_id:
        raise ApplicationError(
            _("指导员派驻%(t)s，不能指导其他乡镇（街道）的组织") % {"t": instructor.township.name},
            field="instructor",
        )
    return entity_save(actor=actor, entity=entity, data={"instructor": instructor})


@transaction.atomic
def visit_record(
    *,
    actor,
    instructor: Instructor,
    entity: Entity,
    visited_on: dt.date,
    content: str,
    problems: str = "",
    today: dt.date | None = None,
) -> InstructorVisit:
    """Log an instructor's visit to an organization it guides."""
    today = today or dt.date.today()
    authorize(actor, caps.CHANGE_GRASSROOTS, entity.township)
    if entity.instructor_id != instructor.pk:
        raise ApplicationError(
            _("“%(e)s”的党建工作指导员不是%(i)s") % {"e": entity.name, "i": instructor.person.name},
            field="entity",
        )
    if visited_on is None:
        raise ApplicationError(_("请填写走访日期"), field="visited_on")
    if visited_on > today:
        raise ApplicationError(_("走访日期晚于今天"), field="visited_on")
    if visited_on < instructor.appointed_on:
        raise ApplicationError(
            _("走访日期早于选派日期%(d)s") % {"d": instructor.appointed_on.isoformat()},
            field="visited_on",
        )
    if not (content or "").strip():
        raise ApplicationError(_("请填写指导内容"), field="content")
    visit = InstructorVisit.objects.create(
        instructor=instructor,
        entity=entity,
        visited_on=visited_on,
        content=content.strip(),
        problems=(problems or "").strip(),
    )
    audit.log_action(
        caps.TWONEW_SAVED,
        obj=visit,
        actor=actor,
        extra={"what": "visit", "entity": entity.pk, "instructor": instructor.pk},
    )
    return visit


# Joint-meeting member units -----------------------------------------------------------------


def _leading(organization: Organization | None) -> Organization:
    if organization is None:
        raise ApplicationError(_("请选择牵头党组织"), field="organization")
    return organization


@transaction.atomic
def member_unit_save(*, actor, data: dict, unit: JointMemberUnit | None = None) -> JointMemberUnit:
    unit = unit or JointMemberUnit()
    if unit.pk:
        authorize(actor, caps.CHANGE_GRASSROOTS, unit.organization)
    if "organization" in data:
        unit.organization = _leading(data["organization"])
    elif not unit.organization_id:
        _leading(None)
    authorize(actor, caps.CHANGE_GRASSROOTS, unit.organization)
    for name in ("name", "officer"):
        if name in data:
            setattr(unit, name, " ".join(str(data[name] or "").split()))
    if not unit.name:
        raise ApplicationError(_("请填写成员单位名称"), field="name")
    creating = unit.pk is None
    unit.save()
    audit.log_action(
        caps.TWONEW_SAVED, obj=unit, actor=actor, extra={"what": "unit", "created": creating}
    )
    return unit


@transaction.atomic
def duty_item_save(*, actor, data: dict, item: DutyItem | None = None) -> DutyItem:
    """An item of a member unit's three lists: list, content, owner, deadline, done."""
    item = item or DutyItem()
    if "unit" in data:
        item.unit = data["unit"]
    if not item.unit_id:
        raise ApplicationError(_("请选择成员单位"), field="unit")
    authorize(actor, caps.CHANGE_GRASSROOTS, item.unit.organization)
    for name in ("list_kind", "content", "owner", "deadline", "done_on", "progress"):
        if name in data:
            setattr(item, name, data[name])
    if item.list_kind not in DutyItem.ListKind.values:
        raise ApplicationError(_("请选择清单"), field="list_kind")
    if not (item.content or "").strip():
        raise ApplicationError(_("请填写事项"), field="content")
    if not (item.owner or "").strip():
        raise ApplicationError(_("请填写责任人"), field="owner")
    if item.deadline is None:
        raise ApplicationError(_("请填写完成时限"), field="deadline")
    if item.done_on and item.done_on > dt.date.today():
        raise ApplicationError(_("完成日期晚于今天"), field="done_on")
    creating = item.pk is None
    item.save()
    audit.log_action(
        caps.TWONEW_SAVED, obj=item, actor=actor, extra={"what": "duty_item", "created": creating}
    )
    return item


@transaction.atomic
def unit_report_save(
    *,
    actor,
    unit: JointMemberUnit,
    year: int,
    half: int,
    submitted_on: dt.date,
    summary: str,
    today: dt.date | None = None,
) -> UnitReport:
    """A member unit's half-yearly report; one per unit and half-year."""
    today = today or dt.date.today()
    authorize(actor, caps.CHANGE_GRASSROOTS, unit.organization)
    if half not in (1, 2):
        raise ApplicationError(_("半年应为上半年或下半年"), field="half")
    if not 2000 <= int(year) <= today.year:
        raise ApplicationError(_("年度应在2000年至今年之间"), field="year")
    if submitted_on is None or submitted_on > today:
        raise ApplicationError(_("报送日期不能为空或晚于今天"), field="submitted_on")
    start = dt.date(year, 1 if half == 1 else 7, 1)
    if submitted_on < start:
        raise ApplicationError(_("报送日期早于该半年开始"), field="submitted_on")
    if not (summary or "").strip():
        raise ApplicationError(_("请填写报告内容"), field="summary")
    if UnitReport.objects.filter(unit=unit, year=year, half=half).exists():
        raise ApplicationError(_("该成员单位本半年的报告已报送"), field="half")
    report = UnitReport.objects.create(
        unit=unit, year=year, half=half, submitted_on=submitted_on, summary=summary.strip()
    )
    audit.log_action(caps.TWONEW_SAVED, obj=report, actor=actor, extra={"what": "unit_report"})
    return report


# Coverage reports -----------------------------------------------------------------------------


@transaction.atomic
def coverage_report_save(
    *, actor, organization: Organization, as_of: dt.date, today: dt.date | None = None
) -> CoverageReport:
    """Save the coverage figures of ``organization``'s subtree as of a date, with the
    entities behind each numerator, so the next report can say what changed."""
    from zugong.grassroots.selectors import coverage

    today = today or dt.date.today()
    authorize(actor, caps.CHANGE_GRASSROOTS, organization)
    if as_of is None or as_of > today:
        raise ApplicationError(_("统计日期不能为空或晚于今天"), field="as_of")
    figures = coverage.coverage_figures(organization.path, as_of)
    ids = coverage.numerator_ids(organization.path, as_of)
    report = CoverageReport.objects.create(
        organization=organization,
        as_of=as_of,
        figures={"totals": coverage.jsonable(figures["totals"]), "ids": ids},
        made_by=getattr(actor, "get_username", lambda: "系统")() if actor else "系统",
    )
    audit.log_action(
        caps.COVERAGE_REPORTED,
        obj=report,
        actor=actor,
        extra={"as_of": as_of.isoformat(), **coverage.jsonable(figures["totals"])},
    )
    return report
