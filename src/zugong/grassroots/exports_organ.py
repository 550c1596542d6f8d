"""Excel export of the pioneer posts (党员先锋岗): post, kind, holder, organization,
criteria, nomination step, dates and whether the term has ended. Read in the current
scope, filtered as the list is (类型 kind, 评选环节 step); audited."""

from __future__ import annotations

import datetime as dt

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zugong.core.exports import xlsx_response
from zugong.grassroots import capabilities as caps
from zugong.grassroots.models.organ import PioneerPost
from zugong.grassroots.services import organ as services

TITLES = [
    gettext_lazy("岗位名称"),
    gettext_lazy("类型"),
    gettext_lazy("党员"),
    gettext_lazy("党组织"),
    gettext_lazy("创建标准"),
    gettext_lazy("评选环节"),
    gettext_lazy("申报日期"),
    gettext_lazy("命名日期"),
    gettext_lazy("届满日期"),
    gettext_lazy("任期状态"),
]


def posts_for_export(params):
    rows = PioneerPost.objects.select_related("organization", "person")
    kind = params.get("kind__exact") or params.get("kind")
    if kind in PioneerPost.Kind.values:
        rows = rows.filter(kind=kind)
    if params.get("step"):
        rows = rows.filter(step=params["step"])
    return rows.order_by("organization__path", "-declared_on", "pk")


def _day(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def _term(post: PioneerPost, today: dt.date) -> str:
    if post.approved_on is None:
        return _("未命名")
    if post.term_ends_on and post.term_ends_on < today:
        return _("已届满")
    return _("任期内")


def post_rows(queryset, today: dt.date):
    for post in queryset.iterator(chunk_size=2000):
        yield (
            post.post_name,
            str(post.get_kind_display()),
            post.person.name if post.person_id else "",
            post.organization.name,
            post.criteria,
            str(services.step_label(post.step)),
            _day(post.declared_on),
            _day(post.approved_on),
            _day(post.term_ends_on),
            str(_term(post, today)),
        )


def posts_response(queryset, today: dt.date) -> HttpResponse:
    return xlsx_response(
        [str(t) for t in TITLES],
        [24, 12, 10, 32, 40, 16, 12, 12, 12, 10],
        post_rows(queryset, today),
        "党员先锋岗.xlsx",
        _("党员先锋岗"),
        what="grassroots.organ.pioneer_posts",
        action=caps.GRASSROOTS_EXPORTED,
    )
