"""The demo district's public notices before appointment (任前公示): for the cadres whose
appointment forms await the committee, two notices running and one ended, with an
objection handled, so the notice pages have something to show."""

from __future__ import annotations

import datetime as dt

from zugong.cadres import rules
from zugong.cadres.models import AppointmentForm, AppointmentNotice, NoticeObjection, Position

CONTACT = "区委组织部干部监督室，电话0773-5588123，地址临桂区世纪东路1号"


def make_notices(forms: list[AppointmentForm], positions: list[Position], today: dt.date) -> int:
    level_of = {p.cadre_id: p.level for p in positions if p.level and p.ended_on is None}
    notices = []
    for form, back in zip(forms[:3], (2, 4, 20), strict=False):
        level = level_of.get(form.cadre_id)
        if not level or level == rules.LEVEL_ORDER[-1]:
            continue
        start = today - dt.timedelta(days=back)
        days, kind = rules.notice_days()
        ended = back > 10
        notices.append(
            AppointmentNotice(
                cadre_id=form.cadre_id,
                current_post=form.proposed_removal,
                proposed_post=form.proposed_post,
                proposed_level=rules.LEVEL_ORDER[rules.LEVEL_ORDER.index(level) + 1],
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
