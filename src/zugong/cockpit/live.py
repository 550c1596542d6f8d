"""Sections counted on the spot: the tables they read are small (cadres, leading groups,
ratings, village ledgers, two-new registries, work-plan tasks), each through its
module's public selectors, in the current (narrowed) scope."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db.models import Count
from django.utils.translation import gettext as _

from zugong.cockpit.selectors import as_of_text, figure, link, percent, row, section
from zugong.core import codes
from zugong.core.models import CodeTable


def _age(birth: dt.date | None, on: dt.date) -> int | None:
    if birth is None:
        return None
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


CADRE_AGE_BANDS = (
    (None, 35),
    (36, 40),
    (41, 45),
    (46, 50),
    (51, 55),
    (56, None),
)


def _cadre_age_label(low, high) -> str:
    if low is None:
        return _("%(h)d岁及以下") % {"h": high}
    if high is None:
        return _("%(l)d岁及以上") % {"l": low}
    return _("%(l)d至%(h)d岁") % {"l": low, "h": high}


def cadres_section(on: dt.date) -> dict:
    from zugong.cadres import selectors as cadres
    from zugong.cadres.models import PostLevel

    base = cadres.cockpit(on)
    serving = list(
        cadres.serving().values_list(
            "person__gender", "person__ethnicity", "person__education", "person__birth_date"
        )
    )
    genders = codes.names(CodeTable.GENDER)
    ethnicities = codes.names(CodeTable.ETHNICITY)
    education = codes.names(CodeTable.EDUCATION)
    from zugong.cockpit.counters import education_levels

    levels = education_levels()
    ages: Counter = Counter()
    for _g, _e, _ed, birth in serving:
        age = _age(birth, on)
        for low, high in CADRE_AGE_BANDS:
            if age is not None and (low is None or age >= low) and (high is None or age <= high):
                ages[_cadre_age_label(low, high)] += 1
    by_gender = Counter(genders.get(g, g or _("未填写")) for g, *_r in serving)
    han = sum(1 for _g, e, *_r in serving if e == "01")
    by_ethnicity = Counter(ethnicities.get(e, e or _("未填写")) for _g, e, *_r in serving)
    by_education = Counter(
        education.get(levels.get(ed, ed), _("未填写")) if ed else _("未填写")
        for _g, _e, ed, _b in serving
    )
    cadre_list = link("admin:cadres_cadre_changelist", status="serving")
    structure = cadres.district_structure(on)
    teams_url = link("admin:cadres_cadre_team_structure")
    level_labels = dict(PostLevel.choices)
    figures = [
        figure(
            "cadre_level",
            _("在职干部按职务层次"),
            _("在职干部现任领导职务的层次（一人多职的按职务计）"),
            [row(level_labels.get(k, k), n) for k, n in sorted(base["by_level"].items())],
            total=base["serving"],
            unit=_("名"),
            url=cadre_list,
        ),
        figure(
            "cadre_age",
            _("在职干部年龄"),
            _("在职干部按当日周岁分段"),
            [
                row(_cadre_age_label(lo, hi), ages.get(_cadre_age_label(lo, hi), 0))
                for lo, hi in CADRE_AGE_BANDS
            ],
        ),
        figure(
            "cadre_gender",
            _("在职干部性别"),
            _("在职干部按性别"),
            [row(label, n) for label, n in sorted(by_gender.items())],
            chart="doughnut",
        ),
        figure(
            "cadre_ethnicity",
            _("在职干部民族"),
            _("在职干部按民族（GB/T 3304），汉族以外为少数民族干部"),
            [row(label, n) for label, n in by_ethnicity.most_common()],
            rate=percent(len(serving) - han, len(serving)),
            chart="doughnut",
        ),
        figure(
            "cadre_education",
            _("在职干部学历"),
            _("在职干部按人员信息中的学历层次"),
            [row(label, n) for label, n in by_education.most_common()],
        ),
        figure(
            "team_warnings",
            _("班子结构预警"),
            _("领导班子中不符合年龄、性别、党外、学历等配备要求的班子数，按问题分列"),
            [row(label, n, teams_url) for label, n in structure["warnings"].items()],
            total=structure["lacking"],
            unit=_("个"),
            url=teams_url,
            chart="",
        ),
    ]
    return section("cadres", _("干部队伍"), as_of_text(None), figures)


def supervision_section(on: dt.date) -> dict:
    from zugong.cadres import selectors as cadres

    counts = cadres.supervision_counts(on)
    return section(
        "supervision",
        _("干部监督"),
        as_of_text(None),
        [
            figure(
                "supervision",
                _("干部监督待办"),
                _("逾期未完成的巡视巡察整改，逾期未回复的函询"),
                [
                    row(
                        _("逾期整改"),
                        counts["overdue_rectifications"],
                        link("admin:cadres_rectification_overdue"),
                    ),
                    row(
                        _("逾期未回复函询"),
                        counts["overdue_inquiries"],
                        link("admin:cadres_supervisionrecord_overdue"),
                    ),
                ],
                chart="",
            )
        ],
    )


def workplan_section(on: dt.date) -> dict | None:
    """The work plan's lights, once the workplan module offers them."""
    try:
        from zugong.workplan.selectors import light_counts
    except ImportError:
        return None
    try:
        from zugong.workplan.models import Light

        labels = dict(Light.choices)
    except (ImportError, AttributeError):
        labels = {}
    counts = light_counts(on)
    tasks = "admin:workplan_task_changelist"
    return section(
        "workplan",
        _("工作要点台账"),
        as_of_text(None),
        [
            figure(
                "lights",
                _("工作任务亮灯"),
                _("本年工作任务按督办亮灯：蓝灯临近期限，黄灯进度滞后，红灯逾期"),
                [row(labels.get(k, k), n, link(tasks, light=k)) for k, n in counts.items()],
                total=sum(counts.values()),
                unit=_("项"),
                chart="doughnut",
                url=link(tasks),
            )
        ],
    )


__all__ = ["Count"]
