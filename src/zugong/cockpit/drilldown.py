"""The members behind one bucket of a member figure, by the same definitions the tally
counts with (counters.band_q and the party cockpit's bands): the list's count is the
figure's count, whenever the tally was last brought up to date."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from zugong.cockpit.counters import band_q, education_levels
from zugong.core import codes
from zugong.core.models import CodeTable


class UnknownBucket(ValueError):
    pass


def _band(bands, bucket: str):
    if not bucket.lstrip("-").isdigit() or not 0 <= int(bucket) < len(bands):
        raise UnknownBucket(_("没有这个分段"))
    return bands[int(bucket)]


def bucket_filter(figure: str, bucket: str, on: dt.date) -> tuple[str, Q]:
    """(what the list shows, the members' filter) for a figure's bucket."""
    from zugong.party.models import MemberKind
    from zugong.party.selectors import AGE_BANDS, STANDING_BANDS

    if figure == "member_age":
        low, high, label = _band(AGE_BANDS, bucket)
        return _("党员年龄：%(b)s") % {"b": label}, band_q("person__birth_date", on, low, high)
    if figure == "member_standing":
        low, high, label = _band(STANDING_BANDS, bucket)
        return _("党龄：%(b)s") % {"b": label}, ~Q(kind=MemberKind.PROBATIONARY) & band_q(
            "full_on", on, low, high
        )
    if figure == "member_gender":
        name = codes.names(CodeTable.GENDER).get(bucket, _("未填写"))
        return _("党员性别：%(b)s") % {"b": name}, Q(person__gender=bucket)
    if figure == "member_education":
        if bucket == "":
            return _("党员学历：未填写"), Q(person__education="")
        members_of = [code for code, level in education_levels().items() if level == bucket]
        name = codes.names(CodeTable.EDUCATION).get(bucket, bucket)
        return _("党员学历：%(b)s") % {"b": name}, Q(person__education__in=members_of or [bucket])
    raise UnknownBucket(_("没有这个统计项"))


def members(figure: str, bucket: str, on: dt.date) -> tuple[str, QuerySet]:
    """The members on the roll in scope for one bucket, in name order."""
    from zugong.party.selectors import members_on_roll

    label, condition = bucket_filter(figure, bucket, on)
    rows = (
        members_on_roll()
        .filter(condition)
        .select_related("person__organization")
        .order_by("person__name", "id")
    )
    return label, rows
