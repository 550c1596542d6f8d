"""The member's year-end review evidence (民主评议党员的依据): the member's commitments of
the year and whether each was fulfilled (those unfulfilled at year end listed), and the
in-service report facts from the residence community (zugong.grassroots.selectors.urban
.dual_report_facts).

The party app reads two public functions, and only when the grassroots app is
installed: ``grade_ceiling`` (the best grade a member may get, with the reason) when a
branch grades its members, and ``summaries`` (one line per member) beside each member
on the grading page.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.utils.translation import gettext as _

from zugong.core.models import Person
from zugong.core.scope import system_scope
from zugong.grassroots.models.organ import Commitment
from zugong.grassroots.rules import urban as urban_rules
from zugong.grassroots.selectors.urban import dual_report_facts


def _number(value) -> str:
    text = f"{value:f}" if hasattr(value, "as_tuple") else str(value)
    return text.rstrip("0").rstrip(".") if "." in text else text


def member_evidence(person_ids, year: int, today: dt.date | None = None) -> dict[int, dict]:
    """For each person id: the year's commitments (``commitments``: each with its
    state), how many fulfilled, those unfulfilled (``unfulfilled``: after the end of the
    year, the ones never fulfilled; before it, the overdue ones), whether the person's
    unit must report to a community (``must_report``) and the report facts
    (``report``). Read in the current scope; three queries and dual_report_facts'."""
    today = today or dt.date.today()
    ids = list(dict.fromkeys(int(pid) for pid in person_ids))
    categories = dict(Person.objects.filter(pk__in=ids).values_list("pk", "organization__category"))
    by_person: dict[int, list[Commitment]] = defaultdict(list)
    for commitment in (
        Commitment.objects.filter(person_id__in=ids, year=year)
        .select_related("organization")
        .order_by("deadline", "pk")
    ):
        by_person[commitment.person_id].append(commitment)
    reports = dual_report_facts(ids, year, today)
    year_over = year < today.year
    result = {}
    for pid in ids:
        commitments = by_person.get(pid, [])
        unfulfilled = [
            c for c in commitments if c.fulfilled_on is None and (year_over or c.deadline < today)
        ]
        result[pid] = {
            "year": year,
            "year_over": year_over,
            "commitments": [
                {
                    "id": c.pk,
                    "content": c.content,
                    "category": c.get_category_display(),
                    "deadline": c.deadline,
                    "progress": c.progress,
                    "fulfilled_on": c.fulfilled_on,
                }
                for c in commitments
            ],
            "fulfilled": sum(1 for c in commitments if c.fulfilled_on),
            "unfulfilled": [{"id": c.pk, "content": c.content} for c in unfulfilled],
            "must_report": urban_rules.must_report(categories.get(pid) or ""),
            "report": reports.get(pid),
        }
    return result


def summary(evidence: dict) -> str:
    """One line for the grading page: commitments, then the report."""
    total = len(evidence["commitments"])
    if total:
        parts = [_("承诺%(t)d项，已践诺%(f)d项") % {"t": total, "f": evidence["fulfilled"]}]
        if evidence["unfulfilled"]:
            label = _("年底未践诺") if evidence["year_over"] else _("逾期未践诺")
            parts.append(
                _("%(l)s：%(c)s")
                % {"l": label, "c": "、".join(u["content"][:20] for u in evidence["unfulfilled"])}
            )
    else:
        parts = [_("本年度无承诺")]
    report = evidence["report"] or {}
    if report.get("reported"):
        parts.append(
            _("已到社区报到，本年服务%(h)s小时（目标%(t)s小时）")
            % {"h": _number(report["hours"]), "t": _number(report["target"])}
        )
    elif evidence["must_report"]:
        parts.append(_("未到社区报到"))
    return "；".join(parts)


def summaries(person_ids, year: int, today: dt.date | None = None) -> dict[int, str]:
    """One evidence line per person id (the grading page shows it beside the member)."""
    return {pid: summary(e) for pid, e in member_evidence(person_ids, year, today).items()}


def grade_ceiling(person_ids, year: int) -> dict[int, tuple[str, str]]:
    """The best grade each person may get in the year's democratic review, for those
    capped only: a member whose unit must report to a residence community
    (rules.urban.must_report) and who has not reported gets at best
    rules.urban.appraisal_cap() (setting ZUGONG_DUAL_REPORT_APPRAISAL_CAP; None lifts
    the cap). The value is (grade code as party's ReviewGrade, Chinese reason)."""
    cap = urban_rules.appraisal_cap()
    ids = list(dict.fromkeys(int(pid) for pid in person_ids))
    if cap is None or not ids:
        return {}
    # Whether a member reported is a fact about the member, wherever the report lies
    # (a community outside the grader's scope): read in the system scope; only the
    # grade code and a fixed reason leave this function, no record.
    with system_scope("grassroots.review_evidence.grade_ceiling"):
        categories = dict(
            Person.objects.filter(pk__in=ids).values_list("pk", "organization__category")
        )
        must = [pid for pid in ids if urban_rules.must_report(categories.get(pid) or "")]
        facts = dual_report_facts(must, year, dt.date(year, 12, 31)) if must else {}
    reason = urban_rules.review_grade_message()
    return {pid: (cap, reason) for pid in must if not facts.get(pid, {}).get("reported")}
