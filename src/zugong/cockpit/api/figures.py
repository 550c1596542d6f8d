"""The cockpit's figures over the API: the same sections and scope as the page."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Schema

from zugong.cockpit import page
from zugong.cockpit.api.router import router
from zugong.core.authz import requires


class RowOut(Schema):
    label: str
    count: int
    url: str


class FigureOut(Schema):
    key: str
    title: str
    caption: str
    total: int | None
    rate: float | None
    unit: str
    chart: str
    url: str
    rows: list[RowOut]


class SectionOut(Schema):
    key: str
    title: str
    as_of: str
    figures: list[FigureOut]


class CockpitPageOut(Schema):
    on: dt.date
    sections: list[SectionOut]


class CockpitCardOut(Schema):
    key: str
    title: str
    value: float | int
    unit: str
    caption: str
    url: str
    as_of: str


class SummaryOut(Schema):
    on: dt.date
    cards: list[CockpitCardOut]


@router.get("/", response=CockpitPageOut, summary="驾驶舱：本人数据范围内的全部统计")
@requires(requirement=page.REQUIREMENT)
def cockpit(request):
    on = timezone.localdate()
    return {"on": on, "sections": page.sections_for(request, on)}


@router.get("/summary", response=SummaryOut, summary="驾驶舱摘要（首页所示）")
@requires(requirement=page.REQUIREMENT)
def summary(request):
    on = timezone.localdate()
    return {"on": on, "cards": page.summary(page.sections_for(request, on))}


@router.get("/sections/{key}", response=SectionOut, summary="驾驶舱的一个部分")
@requires(requirement=page.REQUIREMENT)
def one_section(request, key: str):
    on = timezone.localdate()
    found = page.sections_for(request, on, only=(key,)) if key in page.SECTION_KEYS else []
    if not found:
        raise Http404(_("没有这个统计部分，或您没有查看它的权限"))
    return found[0]
