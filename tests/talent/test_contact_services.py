"""Writes of leaders in contact with experts and of native talents outside: the good
path, and each bad input refused in Chinese naming the field, nothing written."""

import datetime as dt

import pytest

from tests.conftest import TODAY
from tests.talent.rows_contact import credit_code, make_rows
from zugong.core.errors import ApplicationError, PermissionDenied
from zugong.core.models import AuditEntry
from zugong.core.scope import system_scope
from zugong.talent import capabilities as caps
from zugong.talent.models import (
    AlumniEnterprise,
    ContactPair,
    ContactProblem,
    ContactRecord,
    NativeContact,
    ReturnOutcome,
    Talent,
)
from zugong.talent.services import contact as services
from zugong.talent.services import native

D = dt.date


@pytest.fixture
def rows(tc):
    with system_scope("t"):
        make_rows(tc)
    return tc


def refused(call, field, words):
    with pytest.raises(ApplicationError) as caught:
        call()
    assert caught.value.field == field, caught.value.message
    assert words in caught.value.message
    return caught.value


def pair_data(c, **extra):
    return {
        "office": c.town_a,
        "leader": "韦立新",
        "leader_post": "区委常委、组织部部长",
        "leader_level": "standing",
        "talent": c.talent_a,
        "since": D(2026, 2, 1),
        **extra,
    }


def test_a_pair_its_log_and_problems(rows):
    officer = rows.officer_a
    pair = services.pair_save(actor=officer, data=pair_data(rows), today=TODAY)
    record = services.contact_record(
        actor=officer,
        pair=pair,
        contacted_on=D(2026, 11, 1),
        kind="call",
        summary="电话问候",
        today=TODAY,
    )
    problem = services.problem_raise(
        actor=officer, pair=pair, raised_on=D(2026, 11, 1), content="实验室用房", today=TODAY
    )
    services.problem_solve(
        actor=officer, problem=problem, solved_on=D(2026, 11, 20), solution="已协调", today=TODAY
    )
    services.pair_end(actor=officer, pair=pair, until=D(2026, 11, 23), today=TODAY)
    with system_scope("t"):
        assert ContactPair.objects.get(pk=pair.pk).until == D(2026, 11, 23)  # kept
        assert ContactRecord.objects.filter(pair=pair).get() == record
        assert ContactProblem.objects.get(pk=problem.pk).solution == "已协调"
        assert AuditEntry.objects.filter(action=caps.CONTACT_SAVED, actor=officer).count() == 5


def test_bad_pairs_are_refused(rows):
    o = rows.officer_a
    refused(
        lambda: services.pair_save(actor=o, data=pair_data(rows, leader=" ")), "leader", "联系领导"
    )
    refused(
        lambda: services.pair_save(actor=o, data=pair_data(rows, leader_level="x")),
        "leader_level",
        "领导层级",
    )
    refused(
        lambda: services.pair_save(actor=o, data=pair_data(rows, talent=None)), "talent", "专家人才"
    )
    refused(
        lambda: services.pair_save(
            actor=o, data=pair_data(rows, since=D(2026, 12, 1)), today=TODAY
        ),
        "since",
        "晚于今天",
    )
    with pytest.raises(PermissionDenied):
        services.pair_save(actor=o, data=pair_data(rows, office=rows.town_b), today=TODAY)
    with system_scope("t"):
        assert ContactPair.objects.count() == 2


def test_a_duplicate_open_pair_is_refused(rows):
    with system_scope("t"):
        refused(
            lambda: services.pair_save(
                actor=None, data=pair_data(rows, leader="覃志刚（样例）"), today=TODAY
            ),
            "talent",
            "已在联系",
        )


def test_bad_records_and_problems_are_refused(rows):
    o = rows.officer_a
    pair = rows.pair_a
    refused(
        lambda: services.contact_record(
            actor=o, pair=pair, contacted_on=D(2026, 11, 25), kind="call", summary="x", today=TODAY
        ),
        "contacted_on",
        "晚于今天",
    )
    refused(
        lambda: services.contact_record(
            actor=o, pair=pair, contacted_on=D(2025, 1, 1), kind="call", summary="x", today=TODAY
        ),
        "contacted_on",
        "早于建立联系日期",
    )
    refused(
        lambda: services.contact_record(
            actor=o, pair=pair, contacted_on=D(2026, 11, 1), kind="fax", summary="x", today=TODAY
        ),
        "kind",
        "联系方式",
    )
    services.pair_end(actor=o, pair=pair, until=D(2026, 11, 1), today=TODAY)
    refused(
        lambda: services.contact_record(
            actor=o, pair=pair, contacted_on=D(2026, 10, 1), kind="call", summary="x", today=TODAY
        ),
        "pair",
        "已于2026-11-01结束",
    )
    refused(
        lambda: services.problem_solve(
            actor=o, problem=rows.problem_a, solved_on=D(2026, 3, 9), solution="x", today=TODAY
        ),
        "solved_on",
        "早于提出日期",
    )
    refused(lambda: services.pair_end(actor=o, pair=pair, until=D(2026, 11, 2)), "until", "已结束")
    with system_scope("t"):
        assert ContactRecord.objects.count() == 1
        assert ContactProblem.objects.get(pk=rows.problem_a.pk).solved_on is None


def test_native_writes(rows):
    o = rows.officer_a
    contact = native.native_contact_record(
        actor=o,
        talent=rows.talent_a,
        contacted_on=D(2026, 11, 20),
        kind="visit",
        by="小韦",
        summary="走访",
        today=TODAY,
    )
    assert contact.pk
    refused(
        lambda: native.native_contact_record(
            actor=o,
            talent=rows.talent_a,
            contacted_on=D(2026, 11, 25),
            kind="visit",
            by="小韦",
            summary="x",
            today=TODAY,
        ),
        "contacted_on",
        "晚于今天",
    )
    refused(
        lambda: native.return_outcome_save(
            actor=o,
            talent=rows.talent_a,
            kind="capital",
            achieved_on=D(2026, 1, 1),
            description="x",
            today=TODAY,
        ),
        "amount",
        "资本回流须填写金额",
    )
    refused(
        lambda: native.return_outcome_save(
            actor=o,
            talent=rows.talent_a,
            kind="talent",
            achieved_on=D(2026, 1, 1),
            description="x",
            amount="-5",
            today=TODAY,
        ),
        "amount",
        "不能为负数",
    )
    refused(
        lambda: native.native_profile_update(
            actor=o,
            talent=rows.talent_a,
            outside=True,
            current_city="",
            field_of_work="",
            return_interest="some",
        ),
        "current_city",
        "现工作城市",
    )
    with pytest.raises(PermissionDenied):
        native.native_contact_record(
            actor=o,
            talent=rows.talent_b,
            contacted_on=D(2026, 11, 20),
            kind="visit",
            by="x",
            summary="x",
            today=TODAY,
        )
    with system_scope("t"):
        assert NativeContact.objects.count() == 2
        assert ReturnOutcome.objects.count() == 2
        assert Talent.objects.get(pk=rows.talent_a.pk).current_city == "深圳"


def test_native_profile_saves_only_its_fields(rows):
    talent = rows.talent_a
    talent.employer = "改过但未保存"
    native.native_profile_update(
        actor=rows.officer_a,
        talent=talent,
        outside=True,
        current_city="上海",
        field_of_work="金融",
        return_interest="strong",
    )
    with system_scope("t"):
        saved = Talent.objects.get(pk=talent.pk)
        assert (saved.current_city, saved.return_interest) == ("上海", "strong")
        assert saved.employer == "桂林丽娜电子商务有限公司"
        assert AuditEntry.objects.filter(action=caps.TALENT_SAVED).latest("id").changes


def test_alumni_credit_codes(rows):
    o = rows.officer_a
    data = {
        "office": rows.town_a,
        "name": "漓江校友科技",
        "university": "桂林电子科技大学",
        "returned_on": D(2026, 1, 1),
        "jobs": 10,
    }
    bad = credit_code("91450312MA5K00002")
    bad = bad[:17] + ("0" if bad[17] != "0" else "1")
    refused(
        lambda: native.alumni_enterprise_save(actor=o, data={**data, "credit_code": bad}),
        "credit_code",
        "校验位",
    )
    refused(
        lambda: native.alumni_enterprise_save(
            actor=o, data={**data, "credit_code": rows.alumni_a.credit_code}
        ),
        "credit_code",
        "已登记",
    )
    refused(
        lambda: native.alumni_enterprise_save(actor=o, data={**data, "jobs": -1}),
        "jobs",
        "不能为负数",
    )
    refused(
        lambda: native.alumni_enterprise_save(actor=o, data={**data, "tax": "-1"}),
        "tax",
        "不能为负数",
    )
    with pytest.raises(PermissionDenied):
        native.alumni_enterprise_save(actor=o, data={**data, "office": rows.town_b})
    good = native.alumni_enterprise_save(
        actor=o, data={**data, "credit_code": credit_code("91450312MA5K00002").lower()}
    )
    assert good.credit_code == credit_code("91450312MA5K00002")
    with system_scope("t"):
        assert AlumniEnterprise.objects.count() == 3


def test_liaison_office_is_where_the_user_keeps_ledgers(rows):
    data = {
        "office": rows.town_b,
        "enterprise": "深圳某科技",
        "contacted_on": D(2026, 11, 1),
        "summary": "对接",
    }
    with pytest.raises(PermissionDenied):
        native.liaison_contact_save(actor=rows.officer_a, data=data, today=TODAY)
    refused(
        lambda: native.liaison_contact_save(
            actor=rows.officer_b, data={**data, "enterprise": ""}, today=TODAY
        ),
        "enterprise",
        "企业",
    )
    assert native.liaison_contact_save(actor=rows.officer_b, data=data, today=TODAY).pk
