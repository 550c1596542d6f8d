"""The party cockpit's figures (驾驶舱)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zugong.dbrouter import reporting
from zugong.party import rules
from zugong.party.models import MemberKind
from zugong.party.selectors.members import members_on_roll

AGE_BANDS = (
    (None, 35, gettext_lazy("35岁及以下")),
    (36, 45, gettext_lazy("36至45岁")),
    (46, 55, gettext_lazy("46至55岁")),
    (56, 60, gettext_lazy("56至60岁")),
    (61, None, gettext_lazy("61岁及以上")),
)
STANDING_BANDS = (
    (0, 9, gettext_lazy("不满10年")),
    (10, 19, gettext_lazy("10至19年")),
    (20, 29, gettext_lazy("20至29年")),
    (30, 39, gettext_lazy("30至39年")),
    (40, 49, gettext_lazy("40至49年")),
    (50, None, gettext_lazy("50年及以上")),
)


def _between_years(field: str, on: dt.date, low: int | None, high: int | None) -> Q:
    """Rows whose ``field`` date is between ``high`` and ``low`` whole years before ``on``."""
    condition = Q()
    if low is not None:
        condition &= Q(**{f"{field}__lte": rules.add_years(on, -low)})
    if high is not None:
        condition &= Q(**{f"{field}__gt": rules.add_years(on, -(high + 1))})
    return condition


def _band(field: str, on: dt.date, bands) -> Case:
    """The index of the band a row's ``field`` date falls in (-1: none), for GROUP BY."""
    return Case(
        *(
            When(_between_years(field, on, low, high), then=Value(i))
            for i, (low, high, _label) in enumerate(bands)
        ),
        default=Value(-1),
        output_field=IntegerField(),
    )


@reporting
def cockpit_figures(on: dt.date) -> dict:
    """The members' figures for the cockpit: by age band, gender, education level, party
    standing, and organizations by kind. The member figures come from one GROUP BY over
    the scope (one pass over the members instead of one per figure)."""
    from zugong.core import codes
    from zugong.core.models import CodeItem, CodeTable
    from zugong.core.selectors import organization_counts_by_kind

    groups = (
        members_on_roll()
        .annotate(
            age_band=_band("person__birth_date", on, AGE_BANDS),
            standing_band=_band("full_on", on, STANDING_BANDS),
        )
        .values_list("person__gender", "person__education", "kind", "age_band", "standing_band")
        .annotate(n=Count("id"))
        .order_by()
    )
    genders = codes.names(CodeTable.GENDER)
    parents = dict(
        CodeItem.objects.filter(table=CodeTable.EDUCATION).values_list("code", "parent_code")
    )
    education_names = codes.names(CodeTable.EDUCATION)
    members = probationary = 0
    ages = [0] * len(AGE_BANDS)
    standing = [0] * len(STANDING_BANDS)
    by_gender: dict[str, int] = {}
    by_education: dict[str, int] = {}
    for gender, education, kind, age_band, standing_band, n in groups:
        members += n
        if kind == MemberKind.PROBATIONARY:
            probationary += n
        elif standing_band >= 0:
            standing[standing_band] += n
        if age_band >= 0:
            ages[age_band] += n
        name = genders.get(gender, gender)
        by_gender[name] = by_gender.get(name, 0) + n
        level = parents.get(education) or education
        label = str(education_names.get(level, _("未填写"))) if education else str(_("未填写"))
        by_education[label] = by_education.get(label, 0) + n
    return {
        "members": members,
        "probationary": probationary,
        "by_age": [(str(label), ages[i]) for i, (_l, _h, label) in enumerate(AGE_BANDS)],
        "by_gender": sorted(by_gender.items()),
        "by_education": sorted(by_education.items(), key=lambda item: -item[1]),
        "by_standing": [
            (str(label), standing[i]) for i, (_l, _h, label) in enumerate(STANDING_BANDS)
        ],
        "organizations_by_kind": organization_counts_by_kind(),
    }
