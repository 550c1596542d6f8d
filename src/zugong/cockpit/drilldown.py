"""The members behind one bucket of a member figure, by the very filter the tally counts
with (counters.member_buckets): the list's count is the figure's count, whenever the
tally was last brought up to date."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zugong.cockpit.counters import member_buckets
from zugong.core import codes
from zugong.core.models import CodeTable

TITLES = {
    "member_age": gettext_lazy("党员年龄：%(b)s"),
    "member_standing": gettext_lazy("党龄：%(b)s"),
    "member_gender": gettext_lazy("党员性别：%(b)s"),
    "member_education": gettext_lazy("党员学历：%(b)s"),
}


class UnknownBucket(ValueError):
    pass


def bucket_label(figure: str, bucket: str) -> str:
    from zugong.party.selectors import AGE_BANDS, STANDING_BANDS

    if figure == "member_age":
        return str(AGE_BANDS[int(bucket)][2])
    if figure == "member_standing":
        return str(STANDING_BANDS[int(bucket)][2])
    table = CodeTable.GENDER if figure == "member_gender" else CodeTable.EDUCATION
    return codes.names(table).get(bucket) or _("未填写")


def members(figure: str, bucket: str, on: dt.date) -> tuple[str, QuerySet]:
    """(what the list shows, the members on the roll in scope for one bucket, by name)."""
    from zugong.party.selectors import members_on_roll

    if figure not in TITLES:
        raise UnknownBucket(_("没有这个统计项"))
    condition = member_buckets(on)[figure].get(bucket)
    if condition is None:
        raise UnknownBucket(_("没有这个分段"))
    rows = (
        members_on_roll()
        .filter(condition)
        .select_related("person__organization")
        .order_by("person__name", "id")
    )
    return str(TITLES[figure]) % {"b": bucket_label(figure, bucket)}, rows
