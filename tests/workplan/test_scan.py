"""The lights scan with a frozen today: lights from deadlines, milestones and
indicators; a red task gets one supervision notice (not one a day) and a second one at
the escalation level; the to-do sources and the search kind; the cockpit's counts."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import scope_of
from tests.workplan.conftest import make_task
from zugong.core import indicators
from zugong.core.models import Notification
from zugong.core.scope import system_scope
from zugong.workplan.models import Light, SupervisionNotice, Task
from zugong.workplan.selectors import light_counts
from zugong.workplan.services.lights import refresh_lights

D = dt.date


@pytest.fixture
def s(wp):
    with system_scope("t"):
        wp.red = make_task(
            wp,
            9,
            wp.town_a,
            title="选派年轻干部墩苗",
            deadline=D(2026, 11, 2),
            leader_user=wp.leader,
        )
        wp.blue = make_task(wp, 10, wp.town_b, title="开展提醒函询", deadline=D(2026, 11, 27))
        wp.late = make_task(
            wp, 11, wp.town_a, title="推进职级晋升", milestones=[("完成摸底", D(2026, 10, 30))]
        )
        wp.linked = make_task(
            wp,
            12,
            wp.town_a,
            title="认定乡村振兴人才",
            indicator_key="talent.pool",
            indicator_target=4,
        )
        yield wp


def lights_of(*tasks):
    return [Task.objects.get(pk=t.pk).light for t in tasks]


def test_the_scan_sets_every_light(s):
    result = refresh_lights(D(2026, 11, 24))
    assert lights_of(s.red, s.blue, s.late, s.task_a) == [
        Light.RED,
        Light.BLUE,
        Light.YELLOW,
        Light.GREEN,
    ]
    assert result["red"] == 1
    assert "亮灯扫描" in result["message"]
    red = Task.objects.get(pk=s.red.pk)
    assert red.light_reason == "已逾期16个工作日"
    assert red.light_on == D(2026, 11, 24)


def test_red_gives_one_notice_then_one_at_escalation(s):
    refresh_lights(D(2026, 11, 3))  # one working day overdue
    notices = SupervisionNotice.objects.filter(task=s.red)
    assert [n.level for n in notices] == [1]
    assert "选派年轻干部墩苗" in notices[0].content
    refresh_lights(D(2026, 11, 4))
    refresh_lights(D(2026, 11, 5))
    assert SupervisionNotice.objects.filter(task=s.red).count() == 1
    # The lead unit's officer and the responsible leader are told.
    assert Notification.objects.filter(recipient=s.officer_a, kind="workplan.notice").count() == 1
    assert Notification.objects.filter(recipient=s.leader, kind="workplan.notice").count() == 1
    assert not Notification.objects.filter(recipient=s.officer_b, kind="workplan.notice").exists()
    refresh_lights(D(2026, 11, 16))  # ten working days overdue: escalated
    assert sorted(SupervisionNotice.objects.filter(task=s.red).values_list("level", flat=True)) == [
        1,
        2,
    ]
    assert Notification.objects.filter(recipient=s.office, kind="workplan.notice").exists()
    refresh_lights(D(2026, 11, 17))
    assert SupervisionNotice.objects.filter(task=s.red).count() == 2


def test_progress_follows_the_linked_indicator_in_the_lead_units_subtree(s):
    from tests.talent.conftest import make_talent

    refresh_lights(D(2026, 11, 24))
    linked = Task.objects.get(pk=s.linked.pk)
    assert linked.indicator_value == 0
    assert linked.progress == 0
    make_talent(s.person_a, s.town_a, village="金水社区")
    make_talent(s.person_a2, s.town_a, village="榕山社区")
    make_talent(s.person_b, s.town_b, village="六塘村")  # another township: not counted
    refresh_lights(D(2026, 11, 24))
    linked.refresh_from_db()
    assert linked.indicator_value == 2
    assert linked.progress == 50
    assert indicators.get("talent.pool") is not None


def test_light_counts_in_scope(s):
    refresh_lights(D(2026, 11, 24))
    with scope_of(s.officer_b):
        counts = light_counts(D(2026, 11, 24))
    assert counts["blue"] == 1  # led by B
    assert counts["green"] == 2  # task_b, and task_a where B is a co-unit
    assert counts["red"] == 0
    with scope_of(s.admin):
        assert sum(light_counts(D(2026, 11, 24)).values()) == 7


def test_todo_sources(s):
    from zugong.workplan import todo

    refresh_lights(D(2026, 11, 24))
    signs = list(todo.to_sign(D(2026, 11, 24)))
    keys = {i.key for i in signs}
    assert f"sign:{s.task_a.pk}" in keys
    assert f"sign:{s.task_a.pk}:{s.town_b.pk}" in keys
    due = {i.key: i for i in todo.due_tasks(D(2026, 11, 24))}
    assert due[f"light:{s.red.pk}"].severity == "danger"
    assert due[f"light:{s.red.pk}"].organization_id == s.town_a.pk
    assert f"report:{s.task_a.pk}" in due  # monthly, nothing reported since 1 September


def test_search_kind_in_scope(s):
    from zugong.workplan.search import search_tasks

    with scope_of(s.officer_b):
        titles = [h.title for h in search_tasks("墩苗", 10)]
        assert titles == []
        assert [h.title for h in search_tasks("提醒", 10)] == [f"{s.blue.number} 开展提醒函询"]
