"""One row of every pool model, made through the services (for the administrators' walk
and the pool tests). Call inside system_scope() with the ``tc`` cast (tests/talent/
conftest.py); the frozen clock's day (2026-11-24) is today.

Township A gets 李志强 (a new person: e-commerce, intermediate title) and the member
黄秀英 (one person, two records); township B gets 李芝琴 (initials lzq too). Each
record's employer carries “人才库样例” so a page can be checked for what it shows."""

from __future__ import annotations

import datetime as dt

from tests.conftest import make_id
from zugong.talent.models import TalentCategory, TalentTag
from zugong.talent.services import pool as services


def credit_code() -> str:
    from zugong.grassroots.rules.twonew import credit_code_check_char

    body = "91450312MA5K00001"
    return body + credit_code_check_char(body)


def make_rows(c) -> None:
    tags = {t.name: t for t in TalentTag.objects.all()}
    categories = {x.code: x for x in TalentCategory.objects.all()}
    c.pool_tags, c.pool_categories = tags, categories
    c.pool_a = services.talent_create(
        actor=None,
        person_data={
            "name": "李志强",
            "id_number": make_id(dt.date(1986, 3, 9), 71),
            "phone": "13907731001",
        },
        township=c.town_a,
        village="金水社区",
        title="农艺师",
        title_level=2,
        employer="桂林志强电商人才库样例有限公司",
        employer_credit_code=credit_code(),
        specialty="罗汉果电商直播",
        honours="桂林市乡村振兴先进个人",
        categories=[categories["industry"]],
        tags=[tags["电商"], tags["直播带货"]],
    )
    c.pool_member_a = services.talent_create(
        actor=None,
        person=c.person_a,
        township=c.town_a,
        village="金水社区",
        employer="金水社区人才库样例合作社",
        specialty="沙田柚种植",
        categories=[categories["production"]],
        tags=[tags["农业"], tags["种养技术"]],
    )
    c.pool_b = services.talent_create(
        actor=None,
        person_data={"name": "李芝琴", "id_number": make_id(dt.date(1979, 8, 2), 83)},
        township=c.town_b,
        village="六塘村",
        title="高级农艺师",
        title_level=3,
        employer="六塘人才库样例文旅公司",
        specialty="民宿运营",
        outside=True,
        current_city="深圳",
        categories=[categories["industry"], categories["city_d"]],
        tags=[tags["文旅"], tags["电商"]],
    )
    c.pool_saved = services.saved_search_save(
        actor=c.office, name="电商人才", query={"tags": [tags["电商"].pk]}
    )
