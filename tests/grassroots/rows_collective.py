"""One row of every model of the collective economy and the demonstration chain, made
through their services (for the administrators' walk)."""

from __future__ import annotations

import datetime as dt

from zugong.grassroots.services import collective as services
from zugong.grassroots.services import demonstration as demo_services

TODAY = dt.date(2026, 11, 24)


def make_rows(c) -> None:
    services.profile_save(
        actor=None, organization=c.village_a, cooperative="大岭村股份经济合作社", busy=True
    )
    contract = services.contract_save(
        actor=None,
        organization=c.village_a,
        code="DL-HT-甲01",
        counterparty="桂林漓泉甲农业有限公司",
        subject="大岭村集体鱼塘发包",
        source="resource",
        signed_on=dt.date(2025, 12, 20),
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2028, 12, 31),
        amount="60000",
        deposit="5000",
        receipts=[(dt.date(2026, 6, 30), "10000"), (dt.date(2026, 12, 31), "10000")],
    )
    services.receipt_record(
        actor=None,
        receipt=contract.receipts.order_by("due_on").first(),
        received_on=dt.date(2026, 7, 2),
        received_amount="10000",
        today=TODAY,
    )
    services.income_record(
        actor=None,
        organization=c.village_a,
        year=2026,
        month=3,
        source="property",
        amount="8800",
        voucher="记甲-003",
        note="大岭村商铺租金",
        today=TODAY,
    )
    services.project_save(
        actor=None,
        organization=c.village_a,
        year=2026,
        name="大岭村光伏甲扶持项目",
        subsidy="500000",
        expected_return="40000",
    )
    services.disclosure_record(
        actor=None,
        organization=c.village_a,
        year=2026,
        period="Q1",
        disclosed_on=dt.date(2026, 4, 10),
        summary="第一季度财务收支甲",
        today=TODAY,
    )
    services.first_secretary_assign(
        actor=None,
        organization=c.village_a,
        person=c.organ_person,
        from_unit="区委办公室甲",
        started_on=dt.date(2025, 3, 1),
        reason="集体经济薄弱村",
    )
    _demonstration_rows(c)


def _demonstration_rows(c) -> None:
    brand = demo_services.site_save(
        actor=None,
        level="district",
        parent=None,
        organization=c.district,
        name="桂风党旗红甲品牌",
        theme="党建引领乡村振兴",
        year=2026,
        leader="区委组织部甲",
    )
    model = demo_services.site_save(
        actor=None,
        level="township",
        parent=brand,
        organization=c.town_a,
        name="临桂镇甲示范镇",
        theme="党建+产业",
        year=2026,
        leader="镇党委书记甲",
    )
    demo_services.project_save(
        actor=None,
        site=model,
        name="临桂镇党群服务中心甲改造",
        higher_support="300000",
        self_raised="50000",
        progress=40,
    )
