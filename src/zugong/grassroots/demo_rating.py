"""Demo star ratings: the previous year's and this year's indicator sets; every village and
community organization rated for both years (last year published with 1 to 5 stars;
this year at every workflow stage, some up, some down, some 1-star with rectification
items, a few overdue); a few weak and lax villages with their rectification ledgers.
Everything goes through the services, with the system as actor (actor None)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from zugong.grassroots.models.rating import Rating, RatingStatus
from zugong.grassroots.rules import rating as rules
from zugong.grassroots.services import rating as services
from zugong.grassroots.services import rating_indicators, rating_rectify

ST = RatingStatus
TARGET_SCORE = {5: 93, 4: 84, 3: 74, 2: 64, 1: 52}
STAR_WEIGHTS = {5: 15, 4: 30, 3: 30, 2: 15, 1: 10}
ITEMS = [
    "“三会一课”记录不规范，补齐会议记录并建立台账",
    "党员活动阵地功能不全，完善便民服务设施",
    "村级集体经济收入偏低，谋划发展增收项目",
    "党员发展断档，培养入党积极分子2名以上",
    "党费收缴不及时，落实按月交纳制度",
    "村务公开不及时，按季度更新公开栏",
    "班子成员分工不明确，健全议事规则",
]
RESPONSIBLE = ["覃振华", "韦丽萍", "莫志强", "蒋海燕", "黄建军", "李秋菊", "秦国庆"]
WEAK_REASONS = [
    "班子软弱、凝聚力不强，书记长期不在岗",
    "组织生活不经常、不认真，党员作用发挥不明显",
    "村级集体经济薄弱，矛盾纠纷化解不力",
]


def _scores_for(rng: random.Random, rating: Rating, star: int) -> tuple[dict, dict]:
    """Points per indicator near the star's target score, notes on the manual ones (a
    few left without, which marks them unsupported)."""
    target = Decimal(TARGET_SCORE[star] + rng.randint(-2, 3)) / 100
    points, notes = {}, {}
    for score in rating.scores.select_related("indicator"):
        top = score.indicator.max_points
        jitter = Decimal(rng.randint(-8, 8)) / 100
        value = (top * min(Decimal(1), max(Decimal(0), target + jitter))).quantize(Decimal("0.5"))
        points[score.indicator_id] = value
        if not score.indicator.evidence and rng.random() < 0.85:
            notes[score.indicator_id] = "见村（社区）党组织工作台账及照片资料"
    return points, notes


def _walk(rng, rating: Rating, star: int, stop: str, notice_start: dt.date, today: dt.date):
    points, notes = _scores_for(rng, rating, star)
    vetoes = None
    if star == 1 and rng.random() < 0.5:
        vetoes = [rating.indicator_set.vetoes.order_by("code").first().pk]
    services.self_assess(actor=None, rating=rating, points=points, notes=notes, vetoes=vetoes)
    if stop == ST.DRAFT:
        return
    services.submit(actor=None, rating=rating)
    if stop == ST.SELF_ASSESSED:
        return
    if stop == ST.RETURNED:
        services.review(
            actor=None, rating=rating, passed=False, comment="佐证材料不全，请补充后重新提交"
        )
        return
    services.review(actor=None, rating=rating, passed=True, comment="经乡镇党委审核，同意")
    if stop == ST.REVIEWED:
        return
    services.approve(actor=None, rating=rating, comment="区委组织部审定同意")
    if stop == ST.APPROVED:
        return
    services.start_notice(actor=None, rating=rating, starts_on=notice_start)
    if stop == ST.IN_NOTICE:
        if rng.random() < 0.3:
            services.objection_record(
                actor=None,
                rating=rating,
                received_on=notice_start,
                content="反映村务公开栏长期未更新",
                raised_by="群众来电",
            )
        return
    services.publish(actor=None, rating=rating, today=today)


def _rectify(rng, rating: Rating, year: int, today: dt.date, overdue: bool) -> int:
    n = rng.randint(1, 3)
    for i in range(n):
        deadline = (
            today - dt.timedelta(days=rng.randint(5, 40))
            if overdue and i == 0
            else dt.date(year + 1, rng.randint(3, 9), 30 if i else 15)
        )
        item = rating_rectify.rectification_add(
            actor=None,
            rating=rating,
            item=rng.choice(ITEMS),
            deadline=deadline,
            responsible=rng.choice(RESPONSIBLE),
        )
        if not overdue and deadline < today and rng.random() < 0.8:
            rating_rectify.rectification_complete(
                actor=None,
                rectification=item,
                result="已完成整改，经乡镇验收",
                completed_on=deadline,
                today=today,
            )
    return n


def _star_near(rng, previous: int | None) -> int:
    if previous is None:
        return rng.choices(list(STAR_WEIGHTS), weights=list(STAR_WEIGHTS.values()))[0]
    return max(1, min(5, previous + rng.choice([-1, 0, 0, 1, 1])))


def _last_year(rng, year: int) -> None:
    """Last year's results, entered at once as published (record_published)."""
    services.compute_drafts(actor=None, year=year, today=dt.date(year, 12, 31))
    indicator_set = None
    results = {}
    for rating in Rating.objects.filter(year=year).select_related("organization", "indicator_set"):
        indicator_set = indicator_set or rating.indicator_set
        rating.indicator_set = indicator_set
        points, _notes = _scores_for(rng, rating, _star_near(rng, None))
        results[rating] = points
    services.record_published(
        actor=None, year=year, results=results, published_on=dt.date(year, 12, 20)
    )


STAGES = [
    (ST.DRAFT, 12),
    (ST.SELF_ASSESSED, 14),
    (ST.RETURNED, 5),
    (ST.REVIEWED, 14),
    (ST.APPROVED, 10),
    (ST.IN_NOTICE, 10),
    (ST.PUBLISHED, 35),
]


def build(rng: random.Random, today: dt.date) -> str:
    year, last = today.year, today.year - 1
    rating_indicators.indicator_set_make(actor=None, year=last)
    rating_indicators.indicator_set_make(actor=None, year=year)
    _last_year(rng, last)
    for rating in Rating.objects.filter(year=last, star__lte=4).select_related("organization"):
        if rules.needs_rectification(rating.star) and rng.random() < 0.9:
            _rectify(rng, rating, last, today, overdue=rng.random() < 0.1)
    services.compute_drafts(actor=None, year=year, today=today)
    notice_start = today - dt.timedelta(days=14)
    recent_notice = today - dt.timedelta(days=1)
    stages = [s for s, _w in STAGES]
    weights = [w for _s, w in STAGES]
    items = 0
    shared = None
    for rating in Rating.objects.filter(year=year).select_related("organization", "indicator_set"):
        shared = shared or rating.indicator_set
        rating.indicator_set = shared  # the bands are read once for the year
        stop = rng.choices(stages, weights=weights)[0]
        star = _star_near(rng, rating.previous_star)
        start = recent_notice if stop == ST.IN_NOTICE else notice_start
        _walk(rng, rating, star, stop, start, today)
        if rating.status == ST.PUBLISHED and rules.needs_rectification(rating.star):
            items += _rectify(rng, rating, year, today, overdue=rng.random() < 0.15)
    listed = _weak_lax(rng, year, today)
    published = Rating.objects.filter(year=year, status=ST.PUBLISHED)
    up = sum(1 for r in published if r.previous_star and r.star > r.previous_star)
    down = sum(1 for r in published if r.previous_star and r.star < r.previous_star)
    total = Rating.objects.filter(year=year).count()
    return (
        f"星级评定{last}、{year}年各{total}个村（社区）党组织（{year}年已发布{published.count()}个，"
        f"升星{up}个、降星{down}个），整改事项{items}项，软弱涣散党组织{listed}个"
    )


def _weak_lax(rng, year: int, today: dt.date) -> int:
    candidates = list(
        Rating.objects.filter(year=year - 1, star__lte=2)
        .select_related("organization")
        .order_by("organization__path")
    )
    chosen = rng.sample(candidates, min(3, len(candidates)))
    for index, rating in enumerate(chosen):
        listing = rating_rectify.weaklax_list(
            actor=None,
            organization=rating.organization,
            year=year,
            listed_on=dt.date(year, 3, 1),
            reasons=WEAK_REASONS[index % len(WEAK_REASONS)],
            leader=rng.choice(["区委常委、组织部部长", "区人大常委会副主任", "副区长"]),
            instructor=rng.choice(RESPONSIBLE),
        )
        for i in range(3):
            item = rating_rectify.rectification_add(
                actor=None,
                listing=listing,
                item=ITEMS[(index + i) % len(ITEMS)],
                deadline=dt.date(year, 6 + i * 2, 30),
                responsible=rng.choice(RESPONSIBLE),
            )
            done = index == 0 or (i == 0 and dt.date(year, 6, 30) < today)
            if done and item.deadline <= today:
                rating_rectify.rectification_complete(
                    actor=None,
                    rectification=item,
                    result="已整改到位",
                    completed_on=item.deadline,
                    today=today,
                )
        if index == 0 and not listing.rectifications.filter(completed_on__isnull=True).exists():
            rating_rectify.weaklax_delist(
                actor=None,
                listing=listing,
                delisted_on=dt.date(year, 11, 10),
                note="经区委组织部验收，同意销号",
            )
    return len(chosen)
