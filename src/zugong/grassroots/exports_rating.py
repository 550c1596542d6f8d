"""Excel export of the star ratings (星级评定结果): one row per village or community and
year with its township, score, star, status, move against last year, the vetoes hit and
the number of rectification items. Read in the current scope; audited."""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import urlsplit

from django.db.models import Count, F
from django.http import HttpResponse, QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zugong.core.exports import xlsx_response
from zugong.grassroots import capabilities as caps
from zugong.grassroots.models.rating import Rating, RatingStatus, RatingVeto, Rectification
from zugong.grassroots.rules import rating as rules

MOVES = {
    "up": gettext_lazy("升星"),
    "down": gettext_lazy("降星"),
    "same": gettext_lazy("持平"),
    "new": gettext_lazy("首次评定"),
}
FILTERS = {
    "up": {"star__gt": F("previous_star")},
    "down": {"star__lt": F("previous_star")},
    "same": {"star": F("previous_star")},
    "new": {"previous_star__isnull": True},
}


def list_params(request, changelist_url: str):
    """The list's filters for an export button: the request's own query, or else the
    query of the changelist it was pressed on (the button's link carries none)."""
    if request.GET:
        return request.GET
    referer = urlsplit(request.META.get("HTTP_REFERER", ""))
    if referer.path == changelist_url:
        return QueryDict(referer.query)
    return QueryDict()


def ratings_for_export(params) -> tuple:
    """The ratings in scope filtered as the list is (年度 year, 乡镇 township path,
    状态 status, 星级 star, 升降 move); without a year, the latest year rated.
    Returns (queryset, year)."""
    rows = Rating.objects.all()
    year = params.get("year") or params.get("year__exact")
    if not (year and str(year).isdigit()):
        year = rows.order_by("-year").values_list("year", flat=True).first()
    year = int(year) if year else None
    rows = rows.filter(year=year) if year else rows.none()
    if params.get("township"):
        rows = rows.filter(organization__path__startswith=params["township"])
    if params.get("status__exact") or params.get("status"):
        rows = rows.filter(status=params.get("status__exact") or params.get("status"))
    star = params.get("star__exact") or params.get("star")
    if star and str(star).isdigit():
        rows = rows.filter(star=int(star))
    if params.get("move") in FILTERS:
        rows = rows.filter(**FILTERS[params["move"]])
    return rows, year


def _number(value):
    return float(value) if value is not None else ""


def _blank(value):
    return value if value is not None else ""


COLUMNS = (
    "pk",
    "organization__parent__name",
    "organization__name",
    "year",
    "score",
    "draft_score",
    "star",
    "status",
    "previous_star",
)


def rating_rows(queryset):
    """The export's rows, in the order of the organization tree: plain values, the
    vetoes and rectification counts in one grouped query each (tens of thousands of
    villages' ratings in a few seconds)."""
    ids = queryset.values("pk")
    counts = dict(
        Rectification.objects.filter(rating_id__in=ids)
        .order_by()
        .values_list("rating_id")
        .annotate(n=Count("id"))
    )
    vetoes: dict[int, list[str]] = defaultdict(list)
    for rating_id, name in (
        RatingVeto.objects.filter(rating_id__in=ids)
        .order_by("rating_id", "veto__code")
        .values_list("rating_id", "veto__name")
    ):
        vetoes[rating_id].append(name)
    statuses = dict(RatingStatus.choices)
    values = queryset.order_by("organization__path", "year").values_list(*COLUMNS)
    for pk, township, village, year, score, draft, star, status, previous in values.iterator(
        chunk_size=5000
    ):
        move = rules.move(previous, star) if star is not None else ""
        yield (
            township or "",
            village,
            year,
            _number(score if score is not None else draft),
            _blank(star),
            str(statuses.get(status, status)),
            _blank(previous),
            str(MOVES[move]) if move in MOVES else "",
            "；".join(vetoes.get(pk, [])),
            counts.get(pk, 0),
        )


TITLES = [
    gettext_lazy("乡镇（街道）"),
    gettext_lazy("村（社区）党组织"),
    gettext_lazy("年度"),
    gettext_lazy("得分"),
    gettext_lazy("星级"),
    gettext_lazy("状态"),
    gettext_lazy("上年星级"),
    gettext_lazy("较上年升降"),
    gettext_lazy("触发否决事项"),
    gettext_lazy("整改事项数"),
]


def ratings_response(queryset, year: int | None) -> HttpResponse:
    filename = f"星级评定结果_{year}.xlsx" if year else "星级评定结果.xlsx"
    return xlsx_response(
        [str(t) for t in TITLES],
        [20, 32, 8, 8, 6, 12, 8, 12, 40, 10],
        rating_rows(queryset),
        filename,
        _("星级评定结果"),
        what="grassroots.rating.results",
        details={"year": year},
        action=caps.GRASSROOTS_EXPORTED,
    )
