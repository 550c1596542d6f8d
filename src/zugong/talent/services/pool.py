"""The talent pool's writes: talent records on core.Person (a member or a cadre is one
person), their categories and tags, the talent's own changes from the portal, the
editable category and tag tables, and the users' saved searches.

Every write authorizes first, validates with a Chinese ApplicationError naming the
field, runs in one transaction and is audited; nothing half-written is kept. The
search keys (full pinyin, initials and the free-text key) follow the person's name and
the record's text on every save (search_keys).
"""

from __future__ import annotations

import functools
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zugong.core import audit, pinyin
from zugong.core import changes as changes_module
from zugong.core.errors import ApplicationError
from zugong.core.grams import grams, grams_query  # noqa: F401 (the pool's keys and query)
from zugong.core.models import Organization, OrgKind, Person
from zugong.core.services import persons as person_services
from zugong.core.services.access import authorize, authorize_either
from zugong.grassroots.rules.twonew import credit_code_problem
from zugong.talent import capabilities as caps
from zugong.talent.models import (
    CategoryKind,
    ReturnInterest,
    SavedSearch,
    TagGroup,
    Talent,
    TalentCategory,
    TalentTag,
)
from zugong.talent.rules import pool as rules

TEXT_FIELDS = {
    # field: (label, max length)
    "village": (_("所在村（社区）"), 50),
    "title": (_("职称"), 50),
    "honours": (_("荣誉称号"), 2000),
    "specialty": (_("专长"), 200),
    "employer": (_("工作单位"), 100),
    "current_city": (_("现工作城市"), 50),
    "field_of_work": (_("从事领域"), 100),
    "note": (_("备注"), 2000),
}
BOOL_FIELDS = ("contact_consent", "outside")
FIELDS = (
    *TEXT_FIELDS,
    *BOOL_FIELDS,
    "title_level",
    "employer_credit_code",
    "return_interest",
)
SEARCH_FIELDS = ("employer", "specialty", "title", "honours")
KEY_FIELDS = ["name_pinyin", "name_initials", "search_text", "search_grams"]
TOWNSHIP_KINDS = (OrgKind.TOWNSHIP, OrgKind.DISTRICT)


@functools.lru_cache(maxsize=65536)
def _name_keys(name: str) -> tuple[str, str]:
    return pinyin.full(name), pinyin.initials(name)


def search_keys(name: str, **texts: str) -> dict[str, str]:
    """The search keys of a talent named ``name`` with ``texts`` (employer, specialty,
    title, honours): what a bulk writer (demo, generator, import) sets beside the rest."""
    parts = [name, *(texts.get(f) or "" for f in SEARCH_FIELDS)]
    full, initials = _name_keys(name)
    return {
        "name_pinyin": full,
        "name_initials": initials,
        "search_text": "\n".join(p.strip() for p in parts if p and p.strip()).lower(),
        "search_grams": " ".join(sorted(grams(" ".join(parts)))),
    }


def _refresh_keys(talent: Talent, name: str) -> None:
    for key, value in search_keys(name, **{f: getattr(talent, f) for f in SEARCH_FIELDS}).items():
        setattr(talent, key, value)


def normalize_credit_code(code) -> str:
    return "".join(str(code or "").split()).upper()


def check_fields(data: dict[str, Any], *, partial: bool = False) -> tuple[dict, list]:
    """The cleaned values of the talent fields in ``data`` and the problems found, as
    (field, Chinese message) pairs: the form, the API and the import share it."""
    values: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    for field, (label, limit) in TEXT_FIELDS.items():
        if field in data:
            raw = str(data[field] or "")
            text = raw.strip() if field in ("honours", "note") else " ".join(raw.split())
            if len(text) > limit:
                problems.append((field, _("%(l)s不能超过%(n)d个字") % {"l": label, "n": limit}))
            values[field] = text
    for field in BOOL_FIELDS:
        if field in data:
            values[field] = bool(data[field])
    if "title_level" in data:
        try:
            level = int(data["title_level"] or 0)
        except (TypeError, ValueError):
            level = -1
        if level not in rules.title_levels():
            problems.append(
                (
                    "title_level",
                    _("职称等级应为%(l)s之一")
                    % {"l": "、".join(f"{k}（{v}）" for k, v in rules.title_levels().items())},
                )
            )
        values["title_level"] = level
    if "employer_credit_code" in data:
        code = normalize_credit_code(data["employer_credit_code"])
        if code:
            problem = credit_code_problem(code)
            if problem:
                problems.append(("employer_credit_code", _("单位") + problem))
        values["employer_credit_code"] = code
    if "return_interest" in data:
        interest = data["return_interest"] or ReturnInterest.UNKNOWN
        if interest not in ReturnInterest.values:
            problems.append(("return_interest", _("回归意向“%(v)s”不是可选的值") % {"v": interest}))
        values["return_interest"] = interest
    merged = {**data, **values}
    if values.get("employer_credit_code") and not (merged.get("employer") or "").strip():
        problems.append(("employer", _("填写了统一社会信用代码，请同时填写工作单位")))
    if merged.get("outside") and not (merged.get("current_city") or "").strip():
        if not partial or "outside" in data or "current_city" in data:
            problems.append(("current_city", _("在外籍贯人才请填写现工作城市")))
    return values, problems


def _raise(problems: list[tuple[str, str]]) -> None:
    if not problems:
        return
    first = problems[0][1]
    message = (
        first
        if len(problems) == 1
        else _("有%(n)d处填写有误：%(first)s等") % {"n": len(problems), "first": first}
    )
    raise ApplicationError(
        message,
        field=problems[0][0],
        details=[{"field": f, "message": m} for f, m in problems],
    )


def check_township(township: Organization | None, field: str = "township") -> Organization:
    if township is None:
        raise ApplicationError(_("请选择所在乡镇（街道）"), field=field)
    if township.kind not in TOWNSHIP_KINDS:
        raise ApplicationError(_("“%(o)s”不是乡镇（街道）或区") % {"o": township.name}, field=field)
    return township


def _find_or_create_person(actor, person_data: dict, township: Organization) -> Person:
    data = dict(person_data)
    number = (data.get("id_number") or "").strip()
    if not number:
        raise ApplicationError(_("请填写公民身份号码"), field="id_number")
    found = person_services.person_find_by_id_number(actor=actor, number=number)
    if found is not None:
        return found
    organization = data.pop("organization", None) or township
    data.setdefault("ethnicity", "01")
    data.setdefault("political_status", "13")
    return person_services.person_create(actor=actor, organization=organization, data=data)


def _links(categories, tags) -> tuple[list, list]:
    return list(categories or []), list(tags or [])


@transaction.atomic
def talent_create(
    *,
    actor,
    person: Person | None = None,
    person_data: dict | None = None,
    township: Organization,
    categories=(),
    tags=(),
    **fields,
) -> Talent:
    """A talent record on ``person``, or on the person of ``person_data`` (found by ID
    number, else created with it checked)."""
    check_township(township)
    authorize(actor, caps.CHANGE_TALENT, township)
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise ApplicationError(_("不能填写的项目：%(f)s") % {"f": "、".join(sorted(unknown))})
    values, problems = check_fields(fields)
    _raise(problems)
    if person is None:
        if not person_data:
            raise ApplicationError(
                _("请选择人员，或填写新人员的姓名和公民身份号码"), field="person"
            )
        person = _find_or_create_person(actor, person_data, township)
    # Unscoped on purpose: one record per person in the whole district, wherever it is.
    if Talent.objects.unscoped().filter(person=person).exists():
        raise ApplicationError(
            _("“%(p)s”已在人才库中，请修改原记录") % {"p": person.name}, field="person"
        )
    talent = Talent(person=person, township=township, **values)
    _refresh_keys(talent, person.name)
    talent.save()
    categories, tags = _links(categories, tags)
    talent.categories.set(categories)
    talent.tags.set(tags)
    audit.log_action(
        caps.TALENT_SAVED,
        actor=actor,
        obj=talent,
        changes={
            **{k: str(v) for k, v in values.items()},
            "township": township.code,
            "categories": [c.code for c in categories],
            "tags": [t.name for t in tags],
        },
        extra={"step": "create"},
    )
    changes_module.organizations_changed([talent.township_id])  # talents counted
    return talent


@transaction.atomic
def talent_update(*, actor, talent: Talent, data: dict[str, Any]) -> Talent:
    """Change a talent's fields; ``township`` in ``data`` moves the record (both
    townships must be the actor's). The search keys follow the person's current name."""
    authorize(actor, caps.CHANGE_TALENT, talent.township)
    data = dict(data)
    township = data.pop("township", None)
    unknown = set(data) - set(FIELDS)
    if unknown:
        raise ApplicationError(_("不能修改的项目：%(f)s") % {"f": "、".join(sorted(unknown))})
    current = {f: getattr(talent, f) for f in FIELDS}
    values, problems = check_fields({**current, **data})
    _raise(problems)
    changes = {
        f: {"old": str(current[f]), "new": str(v)} for f, v in values.items() if current[f] != v
    }
    if township is not None and township.pk != talent.township_id:
        check_township(township)
        authorize(actor, caps.CHANGE_TALENT, township)
        changes["township"] = {"old": talent.township.code, "new": township.code}
        talent.township = township
    for field, value in values.items():
        setattr(talent, field, value)
    name = Person.objects.unscoped().values_list("name", flat=True).get(pk=talent.person_id)
    before = (talent.name_pinyin, talent.search_text)
    _refresh_keys(talent, name)
    if changes or before != (talent.name_pinyin, talent.search_text):
        talent.save()
        audit.log_action(
            caps.TALENT_SAVED, actor=actor, obj=talent, changes=changes, extra={"step": "update"}
        )
    changes_module.organizations_changed([talent.township_id])  # talents counted
    return talent


def _check_links(categories, tags) -> tuple[list, list]:
    categories, tags = _links(categories, tags)
    for category in categories:
        if not isinstance(category, TalentCategory):
            raise ApplicationError(_("人才类别不正确"), field="categories")
    for tag in tags:
        if not isinstance(tag, TalentTag):
            raise ApplicationError(_("标签不正确"), field="tags")
    return categories, tags


@transaction.atomic
def talent_set_tags(*, actor, talent: Talent, categories, tags) -> Talent:
    authorize(actor, caps.CHANGE_TALENT, talent.township)
    categories, tags = _check_links(categories, tags)
    old = (
        sorted(talent.categories.values_list("code", flat=True)),
        sorted(talent.tags.values_list("name", flat=True)),
    )
    talent.categories.set(categories)
    talent.tags.set(tags)
    new = (sorted(c.code for c in categories), sorted(t.name for t in tags))
    if old != new:
        audit.log_action(
            caps.TALENT_SAVED,
            actor=actor,
            obj=talent,
            changes={
                "categories": {"old": old[0], "new": new[0]},
                "tags": {"old": old[1], "new": new[1]},
            },
            extra={"step": "tags"},
        )
    changes_module.organizations_changed([talent.township_id])  # talents counted
    return talent


@transaction.atomic
def talent_update_own(
    *, actor, talent: Talent, contact_consent: bool | None = None, tags=None, specialty=None
) -> Talent:
    """What the talent changes on the portal: contact consent (stamped), their tags and
    their specialty. The talent office may make the same change for them."""
    authorize_either(actor, caps.CHANGE_TALENT, talent.township, caps.CHANGE_OWN, talent.person)
    changes: dict[str, Any] = {}
    if specialty is not None:
        values, problems = check_fields({"specialty": specialty})
        _raise(problems)
        if values["specialty"] != talent.specialty:
            changes["specialty"] = {"old": talent.specialty, "new": values["specialty"]}
            talent.specialty = values["specialty"]
    if contact_consent is not None:
        if bool(contact_consent) != talent.contact_consent:
            changes["contact_consent"] = {
                "old": talent.contact_consent,
                "new": bool(contact_consent),
            }
        talent.contact_consent = bool(contact_consent)
        talent.consent_updated_at = timezone.now()
    if tags is not None:
        _categories, tags = _check_links((), tags)
        old = sorted(talent.tags.values_list("name", flat=True))
        new = sorted(t.name for t in tags)
        if old != new:
            changes["tags"] = {"old": old, "new": new}
        talent.tags.set(tags)
    name = Person.objects.unscoped().values_list("name", flat=True).get(pk=talent.person_id)
    _refresh_keys(talent, name)
    talent.save()
    audit.log_action(
        caps.TALENT_SAVED, actor=actor, obj=talent, changes=changes, extra={"step": "own"}
    )
    changes_module.organizations_changed([talent.township_id])  # talents counted
    return talent


# The editable tables --------------------------------------------------------------------


def _table_text(data, field, label, limit, *, required=True) -> str:
    text = " ".join(str(data.get(field) or "").split())
    if required and not text:
        raise ApplicationError(_("请填写%(l)s") % {"l": label}, field=field)
    if len(text) > limit:
        raise ApplicationError(_("%(l)s不能超过%(n)d个字") % {"l": label, "n": limit}, field=field)
    return text


def _order(data) -> int:
    try:
        order = int(data.get("order") or 0)
    except (TypeError, ValueError):
        order = -1
    if not 0 <= order <= 32767:
        raise ApplicationError(_("排序应为0至32767的整数"), field="order")
    return order


@transaction.atomic
def category_save(*, actor, data: dict, category: TalentCategory | None = None) -> TalentCategory:
    authorize(actor, caps.MANAGE_TABLES)
    code = _table_text(data, "code", _("代码"), 20)
    if not code.replace("_", "").replace("-", "").isalnum() or not code.isascii():
        raise ApplicationError(_("代码只能由字母、数字、下划线和连字符组成"), field="code")
    name = _table_text(data, "name", _("名称"), 50)
    kind = data.get("kind") or ""
    if kind not in CategoryKind.values:
        raise ApplicationError(_("请选择类型"), field="kind")
    values = {
        "code": code,
        "name": name,
        "kind": kind,
        "order": _order(data),
        "source": _table_text(data, "source", _("依据"), 200, required=False),
    }
    clash = TalentCategory.objects.filter(code=code)
    if category is not None:
        clash = clash.exclude(pk=category.pk)
    if clash.exists():
        raise ApplicationError(_("代码“%(c)s”已被使用") % {"c": code}, field="code")
    category = category or TalentCategory()
    for key, value in values.items():
        setattr(category, key, value)
    category.save()
    audit.log_action(caps.TABLES_SAVED, actor=actor, obj=category, changes=values)
    return category


@transaction.atomic
def tag_save(*, actor, data: dict, tag: TalentTag | None = None) -> TalentTag:
    authorize(actor, caps.MANAGE_TABLES)
    name = _table_text(data, "name", _("标签"), 20)
    group = data.get("group") or ""
    if group not in TagGroup.values:
        raise ApplicationError(_("请选择分组"), field="group")
    clash = TalentTag.objects.filter(name=name)
    if tag is not None:
        clash = clash.exclude(pk=tag.pk)
    if clash.exists():
        raise ApplicationError(_("标签“%(n)s”已存在") % {"n": name}, field="name")
    values = {"name": name, "group": group, "order": _order(data)}
    tag = tag or TalentTag()
    for key, value in values.items():
        setattr(tag, key, value)
    tag.save()
    audit.log_action(caps.TABLES_SAVED, actor=actor, obj=tag, changes=values)
    return tag


@transaction.atomic
def table_entry_delete(*, actor, entry: TalentCategory | TalentTag) -> None:
    """Delete a category or tag no talent carries (one in use is kept: the records
    would lose it silently)."""
    authorize(actor, caps.MANAGE_TABLES)
    # Unscoped on purpose: whether any talent in the district carries it.
    if entry.talents.model.objects.unscoped().filter(**{_relation(entry): entry}).exists():
        raise ApplicationError(
            _("“%(n)s”已有人才使用，不能删除，可修改名称") % {"n": str(entry)}, field="name"
        )
    audit.log_action(caps.TABLES_SAVED, actor=actor, obj=entry, extra={"step": "delete"})
    entry.delete()


def _relation(entry) -> str:
    return "categories" if isinstance(entry, TalentCategory) else "tags"


# Saved searches: the user's own -----------------------------------------------------------

QUERY_KEYS = ("q", "tags", "categories", "township", "title_level_min", "outside")


def clean_query(query: dict) -> dict:
    """Only the pool's filters, as plain values (a saved search is a filter set)."""
    if not isinstance(query, dict):
        raise ApplicationError(_("查询条件不正确"), field="query")
    cleaned = {}
    for key in QUERY_KEYS:
        value = query.get(key)
        if value in (None, "", [], ()):
            continue
        if key in ("tags", "categories"):
            value = [int(v) for v in (value if isinstance(value, list | tuple) else [value])]
        elif key in ("township", "title_level_min"):
            value = int(value)
        elif key == "outside":
            value = bool(value) if isinstance(value, bool) else str(value) in ("1", "true", "是")
        else:
            value = str(value)[:100]
        cleaned[key] = value
    return cleaned


@transaction.atomic
def saved_search_save(*, actor, name: str, query: dict) -> SavedSearch:
    """Save (or replace, by name) the actor's own search."""
    authorize(actor, caps.VIEW_TALENT)
    name = _table_text({"name": name}, "name", _("名称"), 50)
    try:
        cleaned = clean_query(query)
    except (TypeError, ValueError):
        raise ApplicationError(_("查询条件不正确"), field="query") from None
    saved, _created = SavedSearch.objects.update_or_create(
        user=actor, name=name, defaults={"query": cleaned}
    )
    audit.log_action(caps.TALENT_SAVED, actor=actor, obj=saved, changes={"query": cleaned})
    return saved


@transaction.atomic
def saved_search_delete(*, actor, saved: SavedSearch) -> None:
    authorize(actor, caps.VIEW_TALENT)
    if saved.user_id != getattr(actor, "pk", None):
        raise ApplicationError(_("只能删除本人保存的查询"), field="saved")
    audit.log_action(caps.TALENT_SAVED, actor=actor, obj=saved, extra={"step": "delete"})
    saved.delete()


def refresh_search_keys(rows=None) -> int:
    """Recompute the search keys of ``rows`` (all talents when None): for writers that
    bulk-create talents (the demo, a test cast) and after persons were renamed in core.
    System work: no actor, no audit entry (the keys are derived, not recorded facts)."""
    # Unscoped on purpose when no rows are given: the keys of every record, for the system.
    rows = Talent.objects.unscoped().all() if rows is None else rows
    changed = []
    for talent in rows.select_related("person").iterator(chunk_size=2000):
        before = [getattr(talent, k) for k in KEY_FIELDS]
        _refresh_keys(talent, talent.person.name)
        if before != [getattr(talent, k) for k in KEY_FIELDS]:
            changed.append(talent)
    Talent.objects.unscoped().bulk_update(changed, KEY_FIELDS, batch_size=1000)
    return len(changed)
