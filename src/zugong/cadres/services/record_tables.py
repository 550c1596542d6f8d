"""The record's own tables edited in the browser: education, résumé, family members,
rewards and punishments, and the appointment form (干部任免审批表).

A table is saved as a whole (rows added, changed and deleted at once), so a résumé can
be re-cut in one step; the checks are those of the .lrmx import (``lrmx.parse``):
résumé periods that overlap, end before they start or stay open before a later one are
refused, gaps and the 三龄两历 findings are warnings the page shows after saving.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zugong.cadres import capabilities as caps
from zugong.cadres import lrmx, rules
from zugong.cadres.models import (
    AppointmentForm,
    Cadre,
    Education,
    FamilyMember,
    ResumeEntry,
    RewardPunishment,
)
from zugong.cadres.services.records import _clean, raise_all
from zugong.core import audit, codes
from zugong.core.errors import ApplicationError
from zugong.core.models import CodeTable
from zugong.core.services.access import authorize


@dataclass(frozen=True)
class Table:
    model: type[models.Model]
    fields: tuple[str, ...]
    label: Any


TABLES = {
    "education": Table(
        Education,
        (
            "kind",
            "education",
            "degree",
            "education_school",
            "degree_school",
            "education_code",
            "graduated_on",
            "is_highest",
        ),
        gettext_lazy("学历学位"),
    ),
    "resume": Table(ResumeEntry, ("start", "end", "text", "is_grassroots"), gettext_lazy("简历")),
    "family": Table(
        FamilyMember,
        ("relation", "name", "birth_month", "political_status", "unit_post"),
        gettext_lazy("家庭成员及重要社会关系"),
    ),
    "rewards": Table(
        RewardPunishment, ("kind", "name", "on", "issuer", "document"), gettext_lazy("奖惩情况")
    ),
}
TABLE_OF_MODEL = {t.model: key for key, t in TABLES.items()}

FORM_FIELDS = (
    "proposed_post",
    "proposed_removal",
    "reason",
    "rewards_text",
    "assessment_text",
    "reporting_unit",
    "filled_by",
    "filled_on",
    "age_basis",
    "pre_reform_age_line",
)


@dataclass
class Findings:
    refusals: list[ApplicationError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- checks


def _row(index: int | None, message: str) -> str:
    return message if index is None else _("第%(i)d行：%(m)s") % {"i": index, "m": message}


def _not_future(day, label, field_name, index, today, found: Findings) -> None:
    if day and day > today:
        found.refusals.append(
            ApplicationError(
                _row(index, _("%(l)s%(d)s晚于今天") % {"l": label, "d": f"{day:%Y.%m}"}),
                field=field_name,
            )
        )


def check_birth_month(value: str) -> str:
    """A family member's birth month as the .lrmx keeps it (YYYYMM); the import's
    reading of the month (``lrmx.month``), so both accept the same writings."""
    if not value:
        return ""
    try:
        born = lrmx.month(value)
    except ValueError:
        born = None
    if born is None:
        raise ApplicationError(
            _("出生年月“%(v)s”应为年月，如1974.08或197408") % {"v": value}, field="birth_month"
        )
    return lrmx.yyyymm(born)


def resume_findings(periods, found: Findings) -> None:
    """Résumé continuity, classified as the .lrmx import does."""
    for message in rules.resume_problems(periods):
        if "重叠" in message or "早于起始" in message or "没有截止" in message:
            found.refusals.append(ApplicationError(message, field="start"))
        else:
            found.warnings.append(message)


def table_findings(cadre: Cadre, model, rows: list, today: dt.date) -> Findings:
    """Checks of one table as it would be after saving ``rows`` (model instances)."""
    found = Findings()
    # A row is named by its line on the page (set by table_save), else its position.
    numbered = [(getattr(obj, "line", None) or i, obj) for i, obj in enumerate(rows, 1)]
    if model is ResumeEntry:
        for i, obj in numbered:
            _not_future(obj.start, _("起始年月"), "start", i, today, found)
            _not_future(obj.end, _("截止年月"), "end", i, today, found)
        resume_findings([(o.start, o.end) for o in rows], found)
    elif model is FamilyMember:
        for i, obj in numbered:
            try:
                obj.birth_month = check_birth_month(obj.birth_month)
            except ApplicationError as error:
                found.refusals.append(ApplicationError(_row(i, error.message), field=error.field))
                continue
            if obj.birth_month and lrmx.month(obj.birth_month) > today:
                found.refusals.append(
                    ApplicationError(_row(i, _("出生年月晚于今天")), field="birth_month")
                )
    elif model is RewardPunishment:
        for i, obj in numbered:
            _not_future(obj.on, _("时间"), "on", i, today, found)
    elif model is Education:
        known = set(codes.names(CodeTable.EDUCATION))
        for i, obj in numbered:
            _not_future(obj.graduated_on, _("毕业时间"), "graduated_on", i, today, found)
            if not obj.education_code and obj.education:
                obj.education_code = lrmx.education_code(obj.education)
            if obj.education_code and obj.education_code not in known:
                found.refusals.append(
                    ApplicationError(
                        _row(
                            i,
                            _("学历代码“%(c)s”不在学历代码表（GB/T 4658）中")
                            % {"c": obj.education_code},
                        ),
                        field="education_code",
                    )
                )
    return found


def record_warnings(
    cadre: Cadre, *, resume=None, educations=None, today: dt.date | None = None
) -> list[str]:
    """三龄两历 findings of the record (age, years of work, party standing, education
    and résumé against each other), as the import reports them."""
    resume = list(cadre.resume.all()) if resume is None else resume
    educations = list(cadre.educations.all()) if educations is None else educations
    graduated = max(
        (
            e.graduated_on
            for e in educations
            if e.kind == Education.Kind.FULL_TIME and e.graduated_on
        ),
        default=None,
    )
    return rules.record_problems(
        birth=cadre.person.birth_date,
        work_started_on=cadre.work_started_on,
        party_joined_on=cadre.party_joined_on,
        full_time_graduated_on=graduated,
        periods=[(e.start, e.end) for e in sorted(resume, key=resume_key)],
        today=today or dt.date.today(),
    )


def resume_key(entry):
    return (entry.start, entry.end or dt.date.max)


# ---------------------------------------------------------------- saving a table


def _value(obj, name):
    value = getattr(obj, name)
    return "" if value is None else str(value)


@transaction.atomic
def table_save(
    *,
    actor,
    cadre: Cadre,
    table: str,
    rows: list[dict[str, Any]],
    deleted: list[int] = (),
    today: dt.date | None = None,
) -> list[str]:
    """Save one of the record's tables: ``rows`` are the rows kept or added (each a
    dict of the table's fields, with ``id`` for an existing row; a row listed with a
    deleted id is skipped but still counts for the row numbers in messages),
    ``deleted`` the ids of rows removed. All or nothing; one audit entry naming every
    change. Returns the warnings (résumé gaps, 三龄两历) for the page to show."""
    spec = TABLES.get(table)
    if spec is None:
        raise ApplicationError(_("不支持的记录类型"))
    authorize(actor, caps.CHANGE_CADRE, cadre.unit)
    today = today or dt.date.today()
    model = spec.model
    existing = {o.pk: o for o in model.objects.filter(cadre=cadre)}
    deleted = {int(pk) for pk in deleted}
    unknown = (deleted | {int(r["id"]) for r in rows if r.get("id")}) - set(existing)
    if unknown:
        raise ApplicationError(_("要修改或删除的记录不属于该干部"))
    kept, before, problems = _apply(spec, cadre, rows, existing, deleted)
    listed = {k.pk for k in kept}
    whole = kept + [o for pk, o in existing.items() if pk not in deleted and pk not in listed]
    if model is ResumeEntry:
        whole.sort(key=resume_key)
    found = table_findings(cadre, model, whole, today)
    raise_all(problems + found.refusals)
    changes = _write(spec, whole, [existing[pk] for pk in sorted(deleted)], before)
    if len(changes) > 1:
        audit.log_action(caps.CADRE_RECORD_SAVED, actor=actor, obj=cadre, changes=changes)
    warnings = list(found.warnings)
    if model in (ResumeEntry, Education):
        for message in record_warnings(
            cadre,
            resume=whole if model is ResumeEntry else None,
            educations=whole if model is Education else None,
            today=today,
        ):
            if message not in warnings:
                warnings.append(message)
    return warnings


def _apply(spec: Table, cadre: Cadre, rows, existing: dict, deleted: set):
    """The rows as model instances with the new values, their old values, and the
    field-level problems named by row."""
    model = spec.model
    problems: list[ApplicationError] = []
    kept, before = [], {}
    for index, row in enumerate(rows, 1):
        obj = existing.get(int(row["id"])) if row.get("id") else None
        if obj is not None and obj.pk in deleted:
            continue
        if obj is None:
            obj = model(cadre=cadre)
        else:
            before[obj.pk] = {f: _value(obj, f) for f in spec.fields}
        for name in spec.fields:
            if name in row:
                value = row[name]
                setattr(obj, name, "" if value is None and _is_text(model, name) else value)
        if model in (ResumeEntry, FamilyMember) and not obj.order:
            obj.order = index
        obj.line = index
        try:
            _clean(obj)
        except ApplicationError as error:
            problems.extend(
                ApplicationError(_row(index, d["message"]), field=d.get("field"))
                for d in error.details or [{"field": error.field, "message": error.message}]
            )
        kept.append(obj)
    return kept, before, problems


def _write(spec: Table, whole: list, gone: list, before: dict) -> dict[str, Any]:
    """Delete, renumber and save; what changed, for the audit entry."""
    model = spec.model
    changes: dict[str, Any] = {"table": str(spec.label)}
    if gone:
        changes["deleted"] = [str(o) for o in gone]
        model.objects.filter(pk__in=[o.pk for o in gone]).delete()
    if model in (ResumeEntry, FamilyMember):
        if model is FamilyMember:
            whole.sort(key=lambda o: o.order)
        for order, obj in enumerate(whole, 1):
            obj.order = order
    added, changed = [], []
    for obj in whole:
        if obj.pk is None:
            obj.save()
            added.append(str(obj))
            continue
        old = before.get(obj.pk)
        diff = {
            f: {"old": old[f], "new": _value(obj, f)}
            for f in spec.fields
            if old is not None and old[f] != _value(obj, f)
        }
        obj.save()
        if diff:
            changed.append({"row": str(obj), **diff})
    if added:
        changes["added"] = added
    if changed:
        changes["changed"] = changed
    return changes


def _is_text(model, name: str) -> bool:
    return isinstance(model._meta.get_field(name), models.CharField | models.TextField)


# ---------------------------------------------------------------- the appointment form


def _form_month(value: str, field_name: str, label, today: dt.date) -> str:
    """填表时间 and 计算年龄时间 as the import reads them: YYYYMM or YYYYMMDD."""
    value = (value or "").strip()
    if not value:
        return ""
    try:
        day = lrmx.month(value)
    except ValueError:
        day = None
    if day is None:
        raise ApplicationError(
            _("%(l)s“%(v)s”应为六位年月或八位年月日，如202612或20261202")
            % {"l": label, "v": value},
            field=field_name,
        )
    if field_name == "filled_on" and day > today:
        raise ApplicationError(
            _("%(l)s%(d)s晚于今天") % {"l": label, "d": f"{day:%Y.%m}"}, field=field_name
        )
    digits = "".join(c for c in value if c.isdigit())
    return digits if len(digits) == 8 else lrmx.yyyymm(day)


@transaction.atomic
def appointment_form_save(
    *,
    actor,
    cadre: Cadre,
    data: dict[str, Any],
    form: AppointmentForm | None = None,
    today: dt.date | None = None,
) -> AppointmentForm:
    """Fill in the appointment form (拟任职务, 拟免职务, 任免理由 …) of a cadre: the
    given form of this cadre, or a new one. Audited with what changed."""
    authorize(actor, caps.CHANGE_CADRE, cadre.unit)
    today = today or dt.date.today()
    if form is not None and form.cadre_id != cadre.pk:
        raise ApplicationError(_("该任免审批表不属于这名干部"))
    created = form is None
    form = form or AppointmentForm(cadre=cadre)
    old = {f: getattr(form, f) for f in FORM_FIELDS}
    problems: list[ApplicationError] = []
    values = {f: str(data.get(f, old[f]) or "").strip() for f in FORM_FIELDS}
    for name, label in (("filled_on", _("填表时间")), ("age_basis", _("计算年龄时间"))):
        try:
            values[name] = _form_month(values[name], name, label, today)
        except ApplicationError as error:
            problems.append(error)
    if not (values["proposed_post"] or values["proposed_removal"]):
        problems.append(ApplicationError(_("请填写拟任职务或拟免职务"), field="proposed_post"))
    for name, value in values.items():
        setattr(form, name, value)
    try:
        _clean(form)
    except ApplicationError as error:
        problems.extend(
            ApplicationError(d["message"], field=d.get("field"))
            for d in error.details or [{"field": error.field, "message": error.message}]
        )
    raise_all(problems)
    form.save()
    changes = {f: {"old": old[f], "new": values[f]} for f in FORM_FIELDS if old[f] != values[f]}
    audit.log_action(
        caps.CADRE_RECORD_SAVED,
        actor=actor,
        obj=cadre,
        changes={"table": str(AppointmentForm._meta.verbose_name), "created": created, **changes},
    )
    return form
