"""The demo district's work plan (core.demo calls ``extend``): the seed's plan (4 parts,
15 points) loaded through the import service as this year's plan, tasks led by the
department's sections, the organs' working committee and the townships, deadlines
giving every light on today, submissions in every state, leaders' instructions, tasks
linked to the modules' indicators, and the lights scan run once (the red tasks get
their supervision notices).

The supervisor of a task must hold the review capability, so the tasks need the demo's
staff accounts: with none yet (core.demo creates them after the apps' additions) only
the plan is loaded."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from zugong.core import workdays
from zugong.core.models import Organization, OrgKind
from zugong.core.notify import holders
from zugong.workplan import capabilities as caps
from zugong.workplan.models import Point
from zugong.workplan.services import plans as plan_services
from zugong.workplan.services import submissions as submission_services
from zugong.workplan.services import tasks as task_services
from zugong.workplan.services.lights import refresh_lights

SEED = Path(__file__).parent / "data" / "seed_plan.txt"
ISSUER = "中共桂林市临桂区委组织部"
LEADERS = ("秦国庆", "周建华", "李海燕")


def working(day: dt.date, step: int = 1) -> dt.date:
    """``day`` itself when it is a working day, else the nearest one in ``step``'s direction."""
    while not workdays.is_working_day(day):
        day += dt.timedelta(days=step)
    return day


def _units() -> dict[str, Organization]:
    by_code = {o.code: o for o in Organization.objects.filter(code__startswith="450312JG")}
    townships = list(Organization.objects.filter(kind=OrgKind.TOWNSHIP).order_by("code"))
    return {
        "dept": by_code.get("450312JG03") or townships[0],
        "publicity": by_code.get("450312JG04") or townships[0],
        "organs": by_code.get("450312JG") or townships[0],
        "hr": by_code.get("450312JG10") or townships[0],
        "agri": by_code.get("450312JG09") or townships[0],
        "t0": townships[0],
        "t1": townships[1 % len(townships)],
        "t2": townships[2 % len(townships)],
        "t3": townships[3 % len(townships)],
    }


# (point, lead, co-units, title, light wanted, indicator key, target)
TASKS = (
    (1, "dept", ("publicity",), "以县处级以上领导干部为重点开展主题教育", "done", "", None),
    (1, "publicity", (), "组织“大学习”“大培训”专题轮训", "green", "", None),
    (2, "dept", (), "开展政治忠诚教育和党性教育专题党课", "blue", "", None),
    (3, "dept", ("t0", "t1"), "七一集中表彰和走访慰问老党员", "done", "", None),
    (4, "t0", (), "完成全镇村党组织星级评定", "yellow", "grassroots.rating_completion", 100),
    (4, "t1", (), "打造乡村振兴示范村", "red", "", None),
    (4, "agri", ("t2",), "培育村级集体经济发展新路径", "green", "", None),
    (5, "t2", (), "推进社区“契约化”共建和网格化治理", "blue", "", None),
    (6, "organs", (), "创建党员先锋岗和党员突击队", "green", "", None),
    (7, "dept", ("t3",), "提升两新组织“两个覆盖”质量", "yellow", "grassroots.twonew_coverage", 80),
    (8, "dept", (), "做好公务员平时考核和年度考核", "red", "", None),
    (9, "dept", (), "选派优秀年轻干部到一线墩苗历练", "green", "cadres.young_pool", 30),
    (10, "dept", (), "开展提醒、函询和诫勉工作", "suspended", "", None),
    (11, "dept", ("hr",), "推进县以下事业单位管理岗位职员等级晋升", "blue", "", None),
    (12, "dept", ("t0", "t1"), "常态化开展乡村振兴人才认定", "green", "talent.certified", 20),
    (13, "hr", (), "开展驻桂高校“专家智库行”", "red", "", None),
    (14, "dept", (), "建立世界级旅游城市人才库", "green", "talent.pool", 200),
    (15, "dept", (), "落实人才卡“一卡通”服务", "yellow", "talent.cards_issued", 50),
)


def _deadline(light: str, today: dt.date, rng: random.Random) -> dt.date:
    if light == "red":
        return working(today - dt.timedelta(days=rng.choice((6, 20, 40))), -1)
    if light == "blue":
        return working(today + dt.timedelta(days=rng.choice((2, 4))))
    return (
        working(dt.date(today.year, 12, 30), -1)
        if today.month < 12
        else working(today + dt.timedelta(days=60))
    )


def _task(point, spec, units, supervisor, leader_user, today, start, rng):
    _point, lead, co, title, light, key, target = spec
    deadline = _deadline(light, today, rng)
    milestones = None
    if light == "yellow":
        # A milestone passed and not done.
        milestones = [("完成摸底排查", working(today - dt.timedelta(days=15), -1))]
    elif light in ("green", "done") and deadline > today:
        milestones = [("制定工作方案", working(start + dt.timedelta(days=40)))]
    data = {
        "title": title,
        "lead_unit": units[lead],
        "how": "制定工作方案，明确责任分工和时间节点，按月调度推进。",
        "deadline": deadline,
        "consequence": "未按期完成的，下发督办单并在部务会上通报，纳入年度考核。",
        "supervisor": supervisor,
        "leader_name": rng.choice(LEADERS),
        "leader_user": leader_user,
        "frequency": rng.choice(("monthly", "monthly", "quarterly", "stage")),
        "indicator_key": key,
        "indicator_target": target,
    }
    return task_services.task_save(
        actor=None,
        point=point,
        data=data,
        co_units=list(
            {units[c].pk: units[c] for c in co if units[c].pk != units[lead].pk}.values()
        ),
        milestones=milestones,
        today=start,
    )


def _on_schedule(task, today: dt.date) -> int:
    """A progress that keeps pace with the time used (no yellow light for lag)."""
    from zugong.workplan.rules.lights import calendar_for

    days = calendar_for(today)
    total = days.between(task.starts_on, task.deadline) or 1
    return max(10, min(95, days.between(task.starts_on, today) * 100 // total))


def _workflow(task, light, index, today):
    """Sign, assign and report as the wanted light and submission state need."""
    signed = working(task.starts_on + dt.timedelta(days=5))
    task_services.task_sign(actor=None, task=task, today=signed)
    task_services.task_assign(
        actor=None, task=task, assignee=("黄丽", "陈伟", "莫文", "韦强")[index % 4], today=signed
    )
    unit = task.lead_unit
    save = submission_services.submission_save
    review = submission_services.submission_review
    if light in ("done", "green", "yellow"):
        stage = save(
            actor=None,
            task=task,
            unit=unit,
            data={
                "kind": "stage",
                "situation": "已制定工作方案并召开部署会，各项工作有序推进。",
                "measures": "按时间节点压茬推进，每月调度一次。",
                "progress": _on_schedule(task, today) if light != "yellow" else 5,
                "milestone": None
                if light == "yellow"
                else task.milestones.filter(done_on__isnull=True).first(),
            },
            submit=True,
            today=working(today - dt.timedelta(days=30), -1),
        )
        review(
            actor=None,
            submission=stage,
            approve=True,
            comment="同意。",
            today=working(today - dt.timedelta(days=28), -1),
        )
    if light == "done":
        row = save(
            actor=None,
            task=task,
            unit=unit,
            data={
                "kind": "complete",
                "situation": "任务已全部完成，形成总结报告。",
                "measures": "巩固成果，建立长效机制。",
            },
            submit=True,
            today=working(today - dt.timedelta(days=10), -1),
        )
        review(
            actor=None,
            submission=row,
            approve=True,
            comment="同意办结。",
            today=working(today - dt.timedelta(days=8), -1),
        )
    elif light == "suspended":
        row = save(
            actor=None,
            task=task,
            unit=unit,
            data={
                "kind": "suspend",
                "situation": "按上级统一部署暂缓实施。",
                "reason": "上级政策调整，暂停执行。",
            },
            submit=True,
            today=working(today - dt.timedelta(days=20), -1),
        )
        review(
            actor=None,
            submission=row,
            approve=True,
            comment="同意中止。",
            today=working(today - dt.timedelta(days=18), -1),
        )
    elif light == "blue" and index % 2:
        save(
            actor=None,
            task=task,
            unit=unit,
            data={"kind": "stage", "situation": "已完成主体工作，正在收尾。", "progress": 90},
            submit=True,
            today=working(today - dt.timedelta(days=2), -1),
        )
    elif light == "red" and index % 2:
        row = save(
            actor=None,
            task=task,
            unit=unit,
            data={
                "kind": "postpone",
                "situation": "受项目进度影响未能按期完成。",
                "reason": "配套资金未到位。",
                "new_deadline": working(today + dt.timedelta(days=30)),
            },
            submit=True,
            today=working(today - dt.timedelta(days=3), -1),
        )
        review(
            actor=None,
            submission=row,
            approve=False,
            comment="延期理由不充分，请补充资金落实情况后重新报送。",
            today=working(today - dt.timedelta(days=1), -1),
        )
    elif light == "red":
        save(
            actor=None,
            task=task,
            unit=unit,
            data={"kind": "stage", "situation": "正在推进中（草稿，尚未报送）。"},
            submit=False,
            today=today,
        )


def extend(rng: random.Random, today: dt.date) -> str:
    today = dt.date.today()
    text = SEED.read_text(encoding="utf-8")
    first, _sep, rest = text.partition("\n")
    # The seed's plan as this year's: the same parts and points, the year of the title
    # (and so of the plan) is the demo's.
    title = first.replace("2023年", f"{today.year}年", 1)
    parsed = plan_services.parse_text(f"{title}\n{rest}", "2023年全区组织工作要点.txt")
    district = Organization.objects.filter(kind=OrgKind.DISTRICT).order_by("path").first()
    plan = plan_services.plan_import(actor=None, owner=district, parsed=parsed, issuing_body=ISSUER)
    reviewers = [u for u in holders(caps.REVIEW_TASK, district) if u.is_staff]
    if not reviewers:
        return (
            f"工作要点台账：{plan.title}（{parsed.point_count}个条目，尚无督办人账号，未分解任务）"
        )
    supervisor = next((u for u in reviewers if u.username == "zuzhike"), reviewers[0])
    leader_user = next(
        (u for u in holders(caps.INSTRUCT, district) if u.username == "lingdao"), None
    )
    units = _units()
    start = working(dt.date(today.year, 1, 5))
    points = {p.number: p for p in Point.objects.filter(part__plan=plan)}
    tasks = []
    for index, spec in enumerate(TASKS):
        task = _task(points[spec[0]], spec, units, supervisor, leader_user, today, start, rng)
        _workflow(task, spec[4], index, today)
        tasks.append(task)
    for task in tasks[1::5]:
        task_services.instruction_add(
            actor=None,
            task=task,
            leader="秦国庆",
            content="请牵头单位压实责任，确保按期保质完成。",
            today=today,
        )
    result = refresh_lights(today)
    return f"工作要点台账：{plan.title}，{len(tasks)}项任务；{result['message']}"
