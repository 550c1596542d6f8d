"""The demo district's public notices before appointment (任前公示): for the cadres whose
appointment forms await the committee, two notices running and one ended, with an
objection handled, so the notice pages have something to show. Each is a real
promotion: the post proposed is one level above the post held, never the post itself."""

from __future__ import annotations

import datetime as dt

from zugong.cadres import rules
from zugong.cadres.models import (
    AppointmentForm,
    AppointmentNotice,
    NoticeObjection,
    Position,
    PostLevel,
)
from zugong.cadres.services.notices import post_name

CONTACT = "区委组织部干部监督室，电话0773-5588123，地址临桂区世纪东路1号"
DISTRICT_DEPUTY = "临桂区人民政府副区长"


def promotion(position: Position) -> tuple[str, str] | None:
    """The post one level above ``position`` and its level, or None at the top: a
    township deputy becomes the township's 党委副书记、镇长 (主任 in a 街道), an organ's
    deputy its head (副局长 → 局长), a principal 副区长."""
    level = position.level
    if not level or level == rules.LEVEL_ORDER[-1]:
        return None
    higher = rules.LEVEL_ORDER[rules.LEVEL_ORDER.index(level) + 1]
    unit = position.unit_name
    if level != PostLevel.TOWNSHIP_DEPUTY:
        return DISTRICT_DEPUTY, higher
    if unit.endswith(("人民政府", "办事处")):
        place = unit.removesuffix("人民政府").removesuffix("办事处")
        head = "主任" if place.endswith("街道") else "镇长" if place.endswith("镇") else "乡长"
        return f"{place}党委副书记、{head}", higher
    title = position.title.removeprefix("副")
    if title == position.title:  # a deputy without 副 in the title (党委委员、组织委员)
        return None
    return post_name(unit, title), higher


def current_posts(positions: list[Position]) -> dict[int, Position]:
    """Each cadre's highest current leading post."""
    held: dict[int, Position] = {}
    for p in positions:
        if not p.level or p.ended_on is not None:
            continue
        best = held.get(p.cadre_id)
        if best is None or rules.LEVEL_ORDER.index(p.level) > rules.LEVEL_ORDER.index(best.level):
            held[p.cadre_id] = p
    return held


def make_notices(forms: list[AppointmentForm], positions: list[Position], today: dt.date) -> int:
    held = current_posts(positions)
    notices = []
    for form, back in zip(forms[:3], (2, 4, 20), strict=False):
        post = held.get(form.cadre_id)
        promoted = promotion(post) if post else None
        if promoted is None or form.proposed_post != promoted[0]:
            continue
        start = today - dt.timedelta(days=back)
        days, kind = rules.notice_days()
        ended = back > 10
        notices.append(
            AppointmentNotice(
                cadre_id=form.cadre_id,
                current_post=post_name(post.unit_name, post.title),
                proposed_post=promoted[0],
                proposed_level=promoted[1],
                decided_on=start - dt.timedelta(days=3),
                starts_on=start,
                ends_on=rules.notice_end(start, days=days, kind=kind),
                days=days,
                day_kind=kind,
                scope_text="区内主要媒体、单位公示栏",
                contact=CONTACT,
                status=AppointmentNotice.Status.PASSED if ended else AppointmentNotice.Status.OPEN,
                closed_on=start + dt.timedelta(days=10) if ended else None,
                result_note="公示期满，反映问题经核查不属实，不影响任职" if ended else "",
            )
        )
    AppointmentNotice.objects.bulk_create(notices)
    for notice in notices:
        if notice.status == AppointmentNotice.Status.PASSED:
            NoticeObjection.objects.create(
                notice=notice,
                received_on=notice.starts_on + dt.timedelta(days=1),
                channel=NoticeObjection.Channel.LETTER,
                content="反映其在征地拆迁工作中方法简单",
                handled_on=notice.ends_on,
                handling_result="经核查，反映问题不属实",
            )
    return len(notices)
