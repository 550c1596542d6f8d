"""The demo district's contact ledgers (talent.demo calls ``build``): twelve district
leaders in contact with experts of the pool (about a third below their frequency in the
quarter the check looks at), their contact log with holiday greetings and the problems
raised, some solved; about sixty native talents working outside with their contacts
(some overdue beyond six months) and returns of the five kinds; the Shenzhen liaison
station's contacts with Bay Area enterprises; and the alumni enterprises returning.
Everything goes through the services (actor None inside the demo's system scope)."""

from __future__ import annotations

import datetime as dt
import random
import re
from datetime import timedelta

from zugong.core.models import Organization, OrgKind
from zugong.grassroots.rules.twonew import credit_code_check_char
from zugong.talent.models import ContactKind, ReturnInterest, ReturnKind, Talent
from zugong.talent.models.contact import LeaderLevel
from zugong.talent.rules import contact as contact_rules
from zugong.talent.rules import native as native_rules
from zugong.talent.selectors.contact import frequency_check
from zugong.talent.services import contact as contacts
from zugong.talent.services import native
from zugong.talent.services import pool as pool_services

NATIVES = 60
CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
STATION = "驻深圳人才工作联络站"

# (name, post, level, experts (low, high)): within the level's range (rules.contact).
LEADERS = (
    ("李振华", "区委书记", LeaderLevel.MAIN, (3, 4)),
    ("韦国强", "区委副书记、区长", LeaderLevel.MAIN, (3, 4)),
    ("陈建明", "区人大常委会主任", LeaderLevel.MAIN, (3, 3)),
    ("黄丽萍", "区政协主席", LeaderLevel.MAIN, (3, 3)),
    ("覃志刚", "区委副书记", LeaderLevel.STANDING, (3, 4)),
    ("韦立新", "区委常委、组织部部长", LeaderLevel.STANDING, (3, 4)),
    ("莫晓燕", "区委常委、宣传部部长", LeaderLevel.STANDING, (3, 3)),
    ("周海涛", "区委常委、常务副区长", LeaderLevel.STANDING, (3, 3)),
    ("唐春林", "副区长（分管农业农村）", LeaderLevel.OTHER, (2, 3)),
    ("蒋文斌", "副区长（分管工业和信息化、科技）", LeaderLevel.OTHER, (2, 3)),
    ("廖雪梅", "区人大常委会副主任", LeaderLevel.OTHER, (2, 2)),
    ("罗志勇", "区委组织部常务副部长、区委人才办主任", LeaderLevel.DEPARTMENT, (1, 3)),
)

# The lunar holidays of the greetings (春节, 中秋) the demo's years need.
SPRING_FESTIVAL = {
    2023: dt.date(2023, 1, 22),
    2024: dt.date(2024, 2, 10),
    2025: dt.date(2025, 1, 29),
    2026: dt.date(2026, 2, 17),
    2027: dt.date(2027, 2, 6),
    2028: dt.date(2028, 1, 26),
    2029: dt.date(2029, 2, 13),
}
MID_AUTUMN = {
    2023: dt.date(2023, 9, 29),
    2024: dt.date(2024, 9, 17),
    2025: dt.date(2025, 10, 6),
    2026: dt.date(2026, 9, 25),
    2027: dt.date(2027, 9, 15),
    2028: dt.date(2028, 10, 3),
    2029: dt.date(2029, 9, 22),
}

LEADER_SUMMARIES = {
    ContactKind.VISIT: (
        "到{e}走访，了解生产经营和技术研发情况，听取意见建议",
        "实地走访{e}，察看示范基地，交流产业发展思路",
        "上门看望，了解工作生活近况，宣讲区人才政策",
    ),
    ContactKind.CALL: (
        "电话联系，了解近期工作情况和需要协调解决的困难",
        "电话沟通项目进展，听取对全区产业发展的建议",
    ),
    ContactKind.MEETING: (
        "参加区委人才工作座谈会，交流乡村振兴人才支撑意见",
        "邀请参加专家人才座谈会，围绕产业发展建言献策",
    ),
    ContactKind.MESSAGE: ("微信转发最新人才政策文件，请其提出意见",),
}
GREETINGS = {
    "春节": "春节前走访慰问，送上节日问候，了解家庭生活情况",
    "中秋": "中秋节前慰问，座谈交流，征求对区委区政府工作的意见建议",
}
# (problem raised, how it was solved)
PROBLEMS = (
    ("子女明年秋季入读小学，希望协调就近入学", "区教育局协调安排在临桂区第一实验小学就读"),
    ("合作社扩大生产，需新增标准厂房约3000平方米", "协调临桂工业园区标准厂房，已签订租赁协议"),
    ("申报高级职称，基层业绩材料认定有疑问", "区人社局专人指导整理业绩材料，已通过市级评审"),
    ("项目流动资金紧张，希望对接人才贷款", "对接桂林银行“人才贷”，获批信用贷款200万元"),
    ("配偶随迁，希望协助解决就业", "协调安排到区内国有企业工作"),
    ("基地用电需增容，希望协调供电部门", "供电公司完成线路改造，增容至400千伏安"),
    ("希望申报自治区科技特派员专项", "区科技局指导申报，已列入年度专项"),
    ("产品物流成本高，希望对接冷链仓储", "对接区电商产业园冷链仓储，物流成本下降约15%"),
    ("人才公寓租住到期，希望续租", "区住建局办理续租手续，续租三年"),
    ("实验室用房不足，希望协调场地", ""),
)

CITIES = (("深圳", 30), ("广州", 20), ("南宁", 18), ("上海", 10), ("北京", 10), ("杭州", 12))
FIELDS = {
    "深圳": ("电子信息", "智能制造", "跨境电商", "金融投资", "软件开发"),
    "广州": ("生物医药", "跨境电商", "现代物流", "建筑设计", "文化创意"),
    "南宁": ("农业科技", "建筑工程", "教育培训", "医疗卫生", "现代物流"),
    "上海": ("金融投资", "生物医药", "集成电路", "法律服务"),
    "北京": ("软件开发", "科研院所", "文化传媒", "法律服务"),
    "杭州": ("电子商务", "直播电商", "数字经济", "软件开发"),
}
EMPLOYERS = {
    "深圳": ("深圳市{w}科技有限公司", "深圳{w}智能装备有限公司"),
    "广州": ("广州市{w}发展有限公司", "广州{w}生物科技有限公司"),
    "南宁": ("南宁市{w}有限责任公司", "广西{w}科技有限公司"),
    "上海": ("上海{w}科技有限公司", "上海{w}投资管理有限公司"),
    "北京": ("北京{w}科技有限公司", "北京{w}信息技术有限公司"),
    "杭州": ("杭州{w}网络科技有限公司", "杭州{w}电子商务有限公司"),
}
WORDS = "华创 启明 鼎信 瑞丰 宏远 博睿 汇智 恒升 锐达 星河 安捷 聚源".split()
NATIVE_BY = (
    "区委人才办 秦海燕",
    "区委人才办 韦建军",
    "驻深圳人才工作联络站 黄志明",
    "区人社局 莫春华",
    "所在镇党委 唐晓东",
)
NATIVE_SUMMARIES = {
    ContactKind.CALL: (
        "电话了解在{c}工作生活近况，介绍临桂区人才回归政策",
        "电话沟通回乡投资意向，约定返乡时实地考察",
    ),
    ContactKind.MESSAGE: ("微信推送“才聚绿城 智汇八桂”人才回归政策",),
    ContactKind.VISIT: (
        "赴{c}走访，了解其所在企业经营情况和回乡发展意愿",
        "在{c}登门拜访，介绍临桂经开区产业布局和招商政策",
    ),
    ContactKind.GREETING: ("春节返乡期间走访慰问，送上家乡问候",),
    ContactKind.MEETING: ("参加在外籍贯人才春节返乡座谈会，为家乡发展建言献策",),
}

# (enterprise, project, contact person)
BAY_AREA = (
    ("深圳市华创智能装备有限公司", "智能装备生产基地", "刘志远（总经理）"),
    ("深圳启明微电子科技有限公司", "功率半导体封装测试项目", "陈晓峰（副总裁）"),
    ("深圳市鼎信新能源科技有限公司", "储能电池模组生产线", "王海波（董事长）"),
    ("深圳瑞丰跨境电商有限公司", "跨境电商直播基地", "林佳怡（运营总监）"),
    ("深圳市博睿医疗器械有限公司", "医用耗材生产项目", "黄建新（总经理）"),
    ("深圳汇智软件有限公司", "区域数据服务中心", "周宇（技术总监）"),
    ("东莞市粤桂新材料科技有限公司", "环保新材料生产项目", "梁国华（董事长）"),
    ("东莞恒升精密模具有限公司", "精密模具加工基地", "何永强（厂长）"),
    ("广州市南沙生物医药有限公司", "罗汉果提取物精深加工", "郭丽（研发总监）"),
    ("广州锐达冷链物流有限公司", "农产品冷链物流中心", "谢文涛（总经理）"),
    ("佛山市星河家居有限公司", "竹木家居生产项目", "罗振东（董事长）"),
    ("佛山安捷机器人有限公司", "工业机器人应用示范线", "吴嘉豪（销售总监）"),
    ("珠海聚源文旅发展有限公司", "山水文旅康养项目", "蒙晓燕（投资总监）"),
    ("中山市宏远灯饰有限公司", "智能照明生产基地", "苏志华（总经理）"),
    ("惠州市华夏电子有限公司", "电子元器件配套项目", "韦国良（副总经理）"),
)
LIAISON_SUMMARIES = (
    "联络站上门拜访，介绍临桂经开区产业政策和用地保障",
    "邀请企业负责人参加桂林（深圳）招商推介会，洽谈项目合作",
    "陪同企业考察团赴临桂实地考察，对接项目选址",
    "电话跟进项目进展，协调解决落地前期手续",
)
LIAISON_OUTCOMES = (
    "已签订投资意向协议，计划投资{a}万元",
    "项目已落户临桂经济技术开发区",
    "达成技术合作意向，拟共建研发中心",
    "引进技术骨干{n}名到区内企业工作",
    "",
    "",
)

# (name, university, founder, registered capital 万元, jobs, tax 万元)
ALUMNI = (
    ("桂林芯辰微电子有限公司", "桂林电子科技大学", "覃宇航", 3000, 186, 420),
    ("桂林智联物联网科技有限公司", "桂林电子科技大学", "陈思远", 1000, 65, 88),
    ("桂林云擎软件有限公司", "桂林电子科技大学", "黄嘉伟", 500, 42, 36),
    ("桂林理工环境工程有限公司", "桂林理工大学", "李文军", 2000, 120, 150),
    ("广西桂岩新材料科技有限公司", "桂林理工大学", "莫振宇", 5000, 230, 610),
    ("桂林山水测绘信息有限公司", "桂林理工大学", "唐凯", 800, 55, 47),
    ("桂林师大教育科技有限公司", "广西师范大学", "蒋雨萱", 300, 28, 15),
    ("桂林康源医疗器械有限公司", "桂林医学院", "廖俊杰", 1500, 96, 132),
)


def _between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _credit_code(rng: random.Random, used: set[str]) -> str:
    while True:
        body = "91450312MA5" + "".join(rng.choice(CREDIT_ALPHABET) for _ in range(6))
        code = body + credit_code_check_char(body)
        if code not in used:
            used.add(code)
            return code


def _quarters(start: dt.date, end: dt.date):
    """The quarters from ``start``'s to ``end``'s, each clipped to [start, end]."""
    year, quarter = contact_rules.quarter_of(start)
    while True:
        first, last = contact_rules.quarter_bounds(year, quarter)
        if first > end:
            return
        yield max(first, start), min(last, end)
        year, quarter = (year, quarter + 1) if quarter < 4 else (year + 1, 1)


def _leader_log(rng, since: dt.date, today: dt.date, employer: str) -> list[tuple]:
    """A pair's log from ``since`` to ``today``: a contact in every quarter (a visit
    first each year), holiday greetings, now and then a message."""
    log = []
    visited = set()
    for first, last in _quarters(since, today):
        for _ in range(1 if rng.random() < 0.75 else 2):
            day = _between(rng, first, last)
            kind = rng.choice((ContactKind.CALL, ContactKind.CALL, ContactKind.MEETING))
            if day.year not in visited:
                kind = ContactKind.VISIT
                visited.add(day.year)
            log.append((day, kind, rng.choice(LEADER_SUMMARIES[kind]).format(e=employer)))
        if rng.random() < 0.15:
            log.append(
                (
                    _between(rng, first, last),
                    ContactKind.MESSAGE,
                    LEADER_SUMMARIES[ContactKind.MESSAGE][0],
                )
            )
    for holidays, name in ((SPRING_FESTIVAL, "春节"), (MID_AUTUMN, "中秋")):
        for festival in holidays.values():
            day = festival - timedelta(days=rng.randint(1, 6))
            if since <= day <= today and rng.random() < 0.8:
                log.append((day, ContactKind.GREETING, GREETINGS[name]))
    return sorted(log)


def _experts(rng, talents: list[Talent]) -> list[Talent]:
    """The experts in the order they are handed out: titled talents first (higher
    titles first), then the others."""
    titled = [t for t in talents if t.title]
    rng.shuffle(titled)
    titled.sort(key=lambda t: -t.title_level)
    others = [t for t in talents if not t.title]
    rng.shuffle(others)
    return titled + others


def _pairs(rng, office, today: dt.date, candidates: list[Talent]) -> dict:
    period = contact_rules.check_period(today)
    below = set(rng.sample(range(len(LEADERS)), round(len(LEADERS) / 3)))
    earliest = today - timedelta(days=3 * 365)
    figures = {"pairs": 0, "records": 0, "problems": 0, "solved": 0}
    cursor = 0
    for index, (leader, post, level, (low, high)) in enumerate(LEADERS):
        chosen: list[Talent] = []
        for _ in range(rng.randint(low, high)):
            for _step in range(len(candidates)):
                talent = candidates[cursor % len(candidates)]
                cursor += 1
                if talent not in chosen:
                    chosen.append(talent)
                    break
        lagging = index in below
        for talent in chosen:
            # A lagging leader's pairs are older than the quarter checked (a pair formed
            # within it owes nothing yet).
            latest = period.start - timedelta(days=120) if lagging else today - timedelta(days=60)
            since = _between(rng, earliest, latest)
            pair = contacts.pair_save(
                actor=None,
                data={
                    "office": office,
                    "leader": leader,
                    "leader_post": post,
                    "leader_level": level,
                    "talent": talent,
                    "since": since,
                },
                today=today,
            )
            figures["pairs"] += 1
            log = _leader_log(rng, since, today, talent.employer or "工作单位")
            if lagging:
                # Nothing counted since the quarter checked began: at most a message.
                log = [r for r in log if r[0] < period.start or r[1] == ContactKind.MESSAGE]
            for day, kind, summary in log:
                contacts.contact_record(
                    actor=None, pair=pair, contacted_on=day, kind=kind, summary=summary, today=today
                )
            figures["records"] += len(log)
            _problems(rng, pair, [r[0] for r in log if r[1] != ContactKind.MESSAGE], today, figures)
    return {**figures, "period": period}


def _problems(rng, pair, days: list[dt.date], today: dt.date, figures: dict) -> None:
    if not days or rng.random() < 0.4:
        return
    for content, solution in rng.sample(PROBLEMS, rng.choice((1, 1, 2))):
        raised = rng.choice(days)
        problem = contacts.problem_raise(
            actor=None, pair=pair, raised_on=raised, content=content, today=today
        )
        figures["problems"] += 1
        solved = raised + timedelta(days=rng.randint(10, 120))
        if solution and solved <= today and rng.random() < 0.7:
            contacts.problem_solve(
                actor=None, problem=problem, solved_on=solved, solution=solution, today=today
            )
            figures["solved"] += 1


def _interests(rng, count: int) -> list[str]:
    """Return interests spread over the choices, a few already returned."""
    returned = max(1, count // 12)
    strong = round(count * 0.2)
    some = round(count * 0.3)
    none = round(count * 0.2)
    unknown = max(0, count - returned - strong - some - none)
    interests = (
        [ReturnInterest.RETURNED] * returned
        + [ReturnInterest.STRONG] * strong
        + [ReturnInterest.SOME] * some
        + [ReturnInterest.NONE] * none
        + [ReturnInterest.UNKNOWN] * unknown
    )[:count]
    rng.shuffle(interests)
    return interests


def _native_contacts(rng, talent: Talent, city: str, today: dt.date, overdue: bool) -> list:
    cutoff = native_rules.overdue_cutoff(today)
    start = today - timedelta(days=730)
    count = rng.randint(1, 4)
    if overdue:
        days = [_between(rng, start, cutoff - timedelta(days=10)) for _ in range(count)]
    else:
        days = [_between(rng, cutoff + timedelta(days=5), today)]
        days += [_between(rng, start, today) for _ in range(count - 1)]
    rows = []
    for day in sorted(days):
        if day.month in (1, 2):
            kind = rng.choice((ContactKind.GREETING, ContactKind.MEETING))
        elif city in ("深圳", "广州"):
            kind = rng.choice((ContactKind.VISIT, ContactKind.CALL, ContactKind.MESSAGE))
        else:
            kind = rng.choice((ContactKind.CALL, ContactKind.CALL, ContactKind.MESSAGE))
        by = NATIVE_BY[2] if kind == ContactKind.VISIT and city == "深圳" else rng.choice(NATIVE_BY)
        summary = rng.choice(NATIVE_SUMMARIES[kind]).format(c=city)
        native.native_contact_record(
            actor=None,
            talent=talent,
            contacted_on=day,
            kind=kind,
            by=by,
            summary=summary,
            today=today,
        )
        rows.append(day)
    return rows


def _return_description(rng, kind: str, talent: Talent, field: str) -> tuple[str, object]:
    # 塘头村第一 (of 塘头村第一支部) → 塘头村
    found = re.match(r"(.+?(?:村|社区))", talent.village)
    place = found.group(1) if found else "临桂"
    if kind == ReturnKind.TALENT:
        return f"辞去{field}领域在外工作返回临桂，在{place}创业发展", None
    if kind == ReturnKind.PROJECT:
        amount = rng.randrange(500, 30000, 100)
        return f"引荐{field}项目落户临桂经济技术开发区，总投资{amount}万元", amount
    if kind == ReturnKind.CAPITAL:
        amount = rng.randrange(50, 3000, 10)
        return f"出资参股家乡{place}特色产业项目", amount
    if kind == ReturnKind.TECHNOLOGY:
        amount = rng.choice((None, rng.randrange(20, 300, 5)))
        return f"向区内企业转让{field}领域专利技术1项并指导应用", amount
    return rng.choice(
        (
            "受聘为临桂区人才工作顾问，为产业发展建言献策",
            f"回乡为{place}开展{field}专题培训2期，培训120人次",
            "在外籍贯人才座谈会上提出乡村振兴意见建议5条，均被采纳",
        )
    ), None


def _natives(rng, today: dt.date, pool: list[Talent]) -> dict:
    count = min(NATIVES, len(pool))
    chosen = pool[:count]
    interests = _interests(rng, count)
    cities, weights = zip(*CITIES, strict=True)
    figures = {"natives": 0, "contacts": 0, "overdue": 0, "returns": 0, "amount": 0}
    # The kinds of return beyond the returned talents' own: every kind at least once.
    kinds = [ReturnKind.PROJECT, ReturnKind.CAPITAL, ReturnKind.TECHNOLOGY, ReturnKind.ADVICE]
    shenzhen = []
    for talent, interest in zip(chosen, interests, strict=True):
        city = rng.choices(cities, weights=weights)[0]
        field = rng.choice(FIELDS[city])
        native.native_profile_update(
            actor=None,
            talent=talent,
            outside=True,
            current_city=city,
            field_of_work=field,
            return_interest=interest,
        )
        if interest != ReturnInterest.RETURNED:
            employer = rng.choice(EMPLOYERS[city]).format(w=rng.choice(WORDS))
            pool_services.talent_update(
                actor=None, talent=talent, data={"employer": employer, "employer_credit_code": ""}
            )
        if city in ("深圳", "广州"):
            shenzhen.append(talent)
        figures["natives"] += 1
        overdue = interest != ReturnInterest.RETURNED and rng.random() < 0.25
        days = _native_contacts(rng, talent, city, today, overdue)
        figures["contacts"] += len(days)
        figures["overdue"] += max(days) < native_rules.overdue_cutoff(today)
        outcome_kinds = []
        if interest == ReturnInterest.RETURNED:
            outcome_kinds.append(ReturnKind.TALENT)
        if interest in (ReturnInterest.STRONG, ReturnInterest.SOME, ReturnInterest.RETURNED):
            if kinds:
                outcome_kinds.append(kinds.pop(0))
            elif rng.random() < 0.4:
                outcome_kinds.append(
                    rng.choice(
                        (
                            ReturnKind.PROJECT,
                            ReturnKind.CAPITAL,
                            ReturnKind.TECHNOLOGY,
                            ReturnKind.ADVICE,
                            ReturnKind.ADVICE,
                        )
                    )
                )
        for kind in outcome_kinds:
            description, amount = _return_description(rng, kind, talent, field)
            native.return_outcome_save(
                actor=None,
                talent=talent,
                kind=kind,
                achieved_on=_between(rng, today - timedelta(days=700), today - timedelta(days=5)),
                description=description,
                amount=amount,
                today=today,
            )
            figures["returns"] += 1
            figures["amount"] += amount or 0
    return {**figures, "bay_area": shenzhen}


def _liaison(rng, office, today: dt.date, talents: list[Talent]) -> dict:
    figures = {"enterprises": 0, "contacts": 0, "outcomes": 0}
    linked = list(talents)
    rng.shuffle(linked)
    for enterprise, project, person in BAY_AREA:
        figures["enterprises"] += 1
        talent = linked.pop() if linked and rng.random() < 0.4 else None
        days = sorted(
            _between(rng, today - timedelta(days=700), today - timedelta(days=3))
            for _ in range(rng.randint(1, 3))
        )
        for number, day in enumerate(days):
            last = number == len(days) - 1
            outcome = rng.choice(LIAISON_OUTCOMES) if last else ""
            outcome = outcome.format(a=rng.randrange(2000, 50000, 500), n=rng.randint(2, 12))
            native.liaison_contact_save(
                actor=None,
                data={
                    "office": office,
                    "station": STATION,
                    "enterprise": enterprise,
                    "project": project,
                    "contacted_on": day,
                    "contact_person": person,
                    "summary": LIAISON_SUMMARIES[min(number, len(LIAISON_SUMMARIES) - 1)],
                    "outcome": outcome,
                    "talent": talent,
                },
                today=today,
            )
            figures["contacts"] += 1
            figures["outcomes"] += bool(outcome)
    return figures


def _alumni(rng, office, today: dt.date) -> dict:
    used: set[str] = set()
    figures = {"alumni": 0, "jobs": 0}
    for name, university, founder, capital, jobs, tax in ALUMNI:
        native.alumni_enterprise_save(
            actor=None,
            data={
                "office": office,
                "name": name,
                "credit_code": _credit_code(rng, used),
                "university": university,
                "founder": founder,
                "returned_on": _between(
                    rng, today - timedelta(days=4 * 365), today - timedelta(60)
                ),
                "registered_capital": capital,
                "jobs": jobs,
                "tax": tax,
            },
            today=today,
        )
        figures["alumni"] += 1
        figures["jobs"] += jobs
    return figures


def build(rng: random.Random, today: dt.date) -> str:
    office = Organization.objects.get(kind=OrgKind.DISTRICT)
    talents = list(Talent.objects.select_related("person", "township").order_by("pk"))
    if not talents:
        return ""
    ordered = _experts(rng, talents)
    # Natives come from the end (the untitled talents), experts from the front; a small
    # pool shares no talent between the two while it can.
    count = min(NATIVES, len(ordered) // 2)
    natives = ordered[len(ordered) - count :]
    rng.shuffle(natives)
    experts = ordered[: len(ordered) - count]
    pairs = _pairs(rng, office, today, experts)
    figures = _natives(rng, today, natives)
    liaison = _liaison(rng, office, today, figures["bay_area"])
    alumni = _alumni(rng, office, today)
    period = pairs["period"]
    lagging = len(frequency_check(today, period)["leaders"])
    return (
        f"领导联系专家：区级领导{len(LEADERS)}名联系专家{pairs['pairs']}对"
        f"（{period.label}未达联系频次{lagging}名），联系记录{pairs['records']}条，"
        f"问题诉求{pairs['problems']}件（已解决{pairs['solved']}件）；"
        f"在外籍贯人才{figures['natives']}名（联络记录{figures['contacts']}条，"
        f"超6个月未联络{figures['overdue']}名），回归成效{figures['returns']}项"
        f"（金额{figures['amount']}万元）；{STATION}对接湾区企业{liaison['enterprises']}家"
        f"{liaison['contacts']}次（有成效{liaison['outcomes']}次）；"
        f"校友企业{alumni['alumni']}家（带动就业{alumni['jobs']}人）"
    )
