"""Back-office defects of issue #12 (party part): each test fails without its fix."""

import datetime as dt
import re
from decimal import Decimal

import pytest

from tests.conftest import _person, login, scope_of
from tests.core.test_admin import ENGLISH, visible_text
from zugong.core.errors import ApplicationError
from zugong.core.models import AuditEntry
from zugong.core.scope import system_scope
from zugong.party.models import DevelopmentStep, DuesBase, DuesPayment, Meeting, Transfer
from zugong.party.services import development as development_services
from zugong.party.services import dues as dues_services
from zugong.party.services import meetings as meeting_services
from zugong.party.services import members as member_services
from zugong.party.services import transfers as transfer_services

# 1. A dues payment opens and can be corrected ------------------------------------------


@pytest.fixture
def paid(members):
    cast = members
    with scope_of(cast.admin):
        dues_services.dues_set_base(
            actor=cast.admin,
            member=cast.member_a,
            effective_from=dt.date(2026, 1, 1),
            base="4500",
        )
        cast.payment = dues_services.dues_pay(
            actor=cast.admin,
            member=cast.member_a,
            month=dt.date(2026, 3, 1),
            paid_on=dt.date(2026, 4, 2),
        )
        cast.gift = dues_services.dues_voluntary(
            actor=cast.admin, member=cast.member_a, amount="100", paid_on=dt.date(2026, 4, 2)
        )
    return cast


def payment_url(payment) -> str:
    return f"/admin/party/duespayment/{payment.pk}/change/"


def test_a_payment_opens_for_every_role_that_sees_it(paid):
    cast = paid
    for user in (cast.admin, cast.officer_a, cast.secretary, cast.leader):
        for payment in (cast.payment, cast.gift):
            response = login(user).get(payment_url(payment))
            assert response.status_code == 200, user.username
            text = visible_text(response.content.decode())
            assert not ENGLISH.findall(text), (user.username, ENGLISH.findall(text))
    assert login(cast.officer_b).get(payment_url(cast.payment)).status_code == 404
    with system_scope():
        base = DuesBase.objects.get()
    for user in (cast.admin, cast.leader):
        assert login(user).get(f"/admin/party/duesbase/{base.pk}/change/").status_code == 200


def test_the_leader_reads_a_payment_and_is_offered_no_correction(paid):
    body = login(paid.leader).get(payment_url(paid.payment)).content.decode()
    assert "更正原因" not in body
    assert 'name="_save"' not in body
    response = login(paid.leader).post(
        payment_url(paid.payment), {"month": "2026-02", "paid_on": "2026-04-02", "reason": "x"}
    )
    assert response.status_code == 403
    with system_scope():
        assert DuesPayment.objects.get(pk=paid.payment.pk).month == dt.date(2026, 3, 1)


def test_a_wrong_month_is_corrected_with_a_reason_and_audited(paid):
    cast = paid
    form = login(cast.officer_a).get(payment_url(cast.payment)).content.decode()
    assert 'value="2026-03"' in form  # the month shows as a month
    assert "更正原因" in form
    data = {"month": "2026年2月", "amount": "", "paid_on": "2026-04-02", "note": "", "reason": ""}
    response = login(cast.officer_a).post(payment_url(cast.payment), data)
    assert response.status_code == 200
    assert "这个字段是必填项" in response.content.decode()
    with system_scope():
        assert DuesPayment.objects.get(pk=cast.payment.pk).month == dt.date(2026, 3, 1)
    data["reason"] = "所属月份登记错误"
    response = login(cast.officer_a).post(payment_url(cast.payment), data)
    assert response.status_code == 302
    with system_scope():
        payment = DuesPayment.objects.get(pk=cast.payment.pk)
        assert payment.month == dt.date(2026, 2, 1)
        entry = AuditEntry.objects.filter(action="party.dues.corrected").get()
    assert entry.changes["month"] == {"old": "2026-03-01", "new": "2026-02-01"}
    assert "所属月份登记错误" in str(entry.extra)


def test_a_correction_is_checked_like_a_payment(paid):
    cast = paid
    with scope_of(cast.officer_a):
        dues_services.dues_pay(
            actor=cast.officer_a,
            member=cast.member_a,
            month=dt.date(2026, 4, 1),
            paid_on=dt.date(2026, 4, 2),
        )
        with pytest.raises(ApplicationError, match="2026年04月的党费已交纳"):
            dues_services.dues_correct(
                actor=cast.officer_a,
                payment=cast.payment,
                month=dt.date(2026, 4, 1),
                paid_on=dt.date(2026, 4, 2),
                reason="月份错误",
            )
        with pytest.raises(ApplicationError, match=r"应交45\.00元"):
            dues_services.dues_correct(
                actor=cast.officer_a,
                payment=cast.payment,
                month=dt.date(2026, 3, 1),
                amount="40",
                paid_on=dt.date(2026, 4, 2),
                reason="金额错误",
            )
        with pytest.raises(ApplicationError, match="不能预交"):
            dues_services.dues_correct(
                actor=cast.officer_a,
                payment=cast.payment,
                month=dt.date(2026, 5, 1),
                paid_on=dt.date(2026, 4, 2),
                reason="月份错误",
            )
    with scope_of(cast.officer_b), pytest.raises(ApplicationError):
        dues_services.dues_correct(
            actor=cast.officer_b,
            payment=cast.payment,
            month=dt.date(2026, 2, 1),
            paid_on=dt.date(2026, 4, 2),
            reason="月份错误",
        )
    with system_scope():
        assert DuesPayment.objects.get(pk=cast.payment.pk).month == dt.date(2026, 3, 1)


def test_a_wrong_voluntary_amount_is_corrected_and_goes_to_the_centre(paid):
    cast = paid
    response = login(cast.officer_a).post(
        payment_url(cast.gift),
        {"amount": "1000", "paid_on": "2026-04-02", "note": "", "reason": "金额录入错误"},
    )
    assert response.status_code == 302
    with system_scope():
        gift = DuesPayment.objects.get(pk=cast.gift.pk)
    assert gift.amount == Decimal("1000.00")
    assert gift.to_central


@pytest.mark.parametrize("written", ["2026-04", "2026年4月", "2026年04月", "2026.4", "2026-04-01"])
def test_the_dues_month_is_written_as_offices_write_it(paid, written):
    response = login(paid.officer_a).post(
        "/admin/party/duespayment/add/",
        {
            "member": paid.member_a.pk,
            "kind": "regular",
            "month": written,
            "paid_on": "2026-04-03",
            "amount": "",
            "note": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    with system_scope():
        assert DuesPayment.objects.filter(month=dt.date(2026, 4, 1)).count() == 1


def test_a_month_that_is_not_one_is_refused_in_chinese(paid):
    response = login(paid.officer_a).post(
        "/admin/party/duespayment/add/",
        {
            "member": paid.member_a.pk,
            "kind": "regular",
            "month": "2026-13",
            "paid_on": "2026-04-03",
        },
    )
    assert response.status_code == 200
    assert "请按“2026-12”或“2026年12月”填写月份" in response.content.decode()


# 3 and 4. Transfers: Chinese labels, and only the actions the user may take ---------------


@pytest.fixture
def transfer(members):
    cast = members
    with scope_of(cast.officer_a):
        cast.transfer = transfer_services.transfer_start(
            actor=cast.officer_a,
            member=cast.member_a,
            letter_no="临组转〔2026〕12号",
            issued_on=dt.date(2026, 11, 2),
            to_organization=cast.branch_b,
        )
    return cast


def transfer_url(transfer, action="change") -> str:
    return f"/admin/party/transfer/{transfer.pk}/{action}/"


def test_a_transfer_is_shown_in_chinese(transfer):
    for user in (transfer.admin, transfer.officer_a, transfer.officer_b, transfer.leader):
        response = login(user).get(transfer_url(transfer.transfer))
        assert response.status_code == 200
        text = visible_text(response.content.decode())
        assert "organization" not in text.lower()
        assert not ENGLISH.findall(text), ENGLISH.findall(text)
        assert "中共六塘村支部委员会" in text  # the receiving branch, by name
        assert "临组转〔2026〕12号" in text


def test_the_add_form_asks_for_the_receiving_branch_in_chinese(transfer):
    text = visible_text(
        login(transfer.officer_a).get("/admin/party/transfer/add/").content.decode()
    )
    assert "转入党组织编码" in text
    assert "organization" not in text.lower()


def buttons(user, transfer) -> set[str]:
    body = login(user).get(transfer_url(transfer)).content.decode()
    return {name for name in ("receive", "cancel") if transfer_url(transfer, name) in body}


def test_each_side_is_offered_only_what_it_may_do(transfer):
    cast = transfer
    assert buttons(cast.leader, cast.transfer) == set()
    assert buttons(cast.officer_a, cast.transfer) == {"cancel"}  # the sender withdraws
    assert buttons(cast.officer_b, cast.transfer) == {"receive", "cancel"}  # the receiver
    assert buttons(cast.admin, cast.transfer) == {"receive", "cancel"}


def test_the_leader_cannot_open_the_confirmation(transfer):
    cast = transfer
    for action in ("receive", "cancel"):
        assert login(cast.leader).get(transfer_url(cast.transfer, action)).status_code == 403
    response = login(cast.leader).post(
        transfer_url(cast.transfer, "receive"), {"received_on": "2026-11-20"}
    )
    assert response.status_code == 403
    with system_scope():
        assert Transfer.objects.get().status == Transfer.Status.ISSUED


def test_the_sending_side_cannot_open_the_confirmation(transfer):
    cast = transfer
    response = login(cast.officer_a).get(transfer_url(cast.transfer, "receive"))
    assert response.status_code == 403
    assert "确认接收由转入方办理" in response.content.decode()
    assert login(cast.officer_a).get(transfer_url(cast.transfer, "cancel")).status_code == 200


def test_a_received_transfer_offers_nothing_more(transfer):
    cast = transfer
    response = login(cast.officer_b).post(
        transfer_url(cast.transfer, "receive"), {"received_on": "2026-11-20"}
    )
    assert response.status_code == 302
    assert buttons(cast.officer_b, cast.transfer) == set()
    response = login(cast.officer_b).get(transfer_url(cast.transfer, "receive"), follow=True)
    assert "这次转接已接收，不能再办理" in response.content.decode()


# 3 and 8. Development steps: Chinese captions, the chosen step's fields, the next step due --


@pytest.fixture
def activist_case(members):
    cast = members
    with system_scope():
        cast.applicant = _person(cast.branch_a, "覃小燕", 64, birth=dt.date(1996, 4, 1))
    with scope_of(cast.officer_a):
        cast.case = development_services.development_start(
            actor=cast.officer_a, person=cast.applicant, applied_on=dt.date(2026, 1, 5)
        )
        for code, day in (("talk", dt.date(2026, 1, 20)), ("activist", dt.date(2026, 3, 2))):
            development_services.development_step(
                actor=cast.officer_a, case=cast.case, step=code, occurred_on=day
            )
    return cast


def step_url(case) -> str:
    return f"/admin/party/developmentcase/{case.pk}/step/"


def field_hidden(body: str, name: str) -> bool:
    tag = re.search(rf'<div class="zg-step-field" id="zg-field-{name}"[^>]*>', body).group(0)
    return " hidden" in tag


def test_the_case_names_its_steps_in_chinese(activist_case):
    cast = activist_case
    text = visible_text(
        login(cast.officer_a)
        .get(f"/admin/party/developmentcase/{cast.case.pk}/change/")
        .content.decode()
    )
    for code in ("application", "talk", "activist"):
        assert not re.search(rf"\b{code}\b", text), code
    for label in ("递交入党申请书", "派人谈话", "确定为入党积极分子"):
        assert label in text


def test_the_step_form_defaults_to_the_next_step_due(activist_case):
    cast = activist_case
    body = login(cast.officer_a).get(step_url(cast.case)).content.decode()
    options = re.findall(r'<option value="(\w+)"( selected)?', body)
    codes = [code for code, _selected in options]
    assert codes[0] == "contacts"
    assert [code for code, selected in options if selected] == ["contacts"]
    assert "activist" not in codes  # recorded already
    assert "talk" not in codes
    assert "assessment" in codes  # repeats every half year
    assert codes[-1] == "cancel"


def test_the_step_form_shows_only_the_chosen_steps_fields(activist_case):
    cast = activist_case
    client = login(cast.officer_a)
    body = client.get(step_url(cast.case)).content.decode()
    assert not field_hidden(body, "persons")  # 指定培养联系人 asks for the contacts
    assert not field_hidden(body, "occurred_on")
    for other in ("notice_start", "days", "should_attend", "yes", "months", "extended"):
        assert field_hidden(body, other), other
    body = client.get(step_url(cast.case), {"step": "assessment"}).content.decode()
    assert field_hidden(body, "persons")
    assert not field_hidden(body, "note")


def test_values_of_another_steps_fields_are_not_recorded(activist_case):
    cast = activist_case
    response = login(cast.officer_a).post(
        step_url(cast.case),
        {"step": "assessment", "occurred_on": "2026-09-01", "yes": "9", "months": "6"},
    )
    assert response.status_code == 302
    with system_scope():
        step = DevelopmentStep.objects.get(step="assessment")
    assert "yes" not in step.details
    assert "months" not in step.details


# 8. Compliance filters are selects, and a hand-edited period does not fail ---------------


def test_compliance_filters_are_selects(members):
    body = login(members.secretary).get("/admin/party/meeting/compliance/").content.decode()
    for name in ("year", "quarter", "month"):
        assert re.search(rf'<select[^>]*name="{name}"', body), name
        assert not re.search(rf'<input[^>]*name="{name}"', body), name
    assert '<option value="4">第4季度</option>' in body
    assert '<option value="12">12月</option>' in body
    body = (
        login(members.secretary)
        .get("/admin/party/meeting/compliance/", {"quarter": "3"})
        .content.decode()
    )
    assert '<option value="3" selected>第3季度</option>' in body
    assert "2026年第3季度" in body


@pytest.mark.parametrize(
    ("query", "period"),
    [
        ({"quarter": "7"}, "2026年："),
        ({"month": "13"}, "2026年："),
        ({"year": "abc", "month": "2"}, "2026年2月"),
        ({"year": "2025", "quarter": "2", "month": "5"}, "2025年5月"),
    ],
)
def test_a_period_outside_its_range_falls_back(members, query, period):
    response = login(members.secretary).get("/admin/party/meeting/compliance/", query)
    assert response.status_code == 200
    assert period in visible_text(response.content.decode())


# 8. A recorded meeting is corrected through a service, with its audit -------------------


@pytest.fixture
def meeting(members):
    cast = members
    with system_scope():
        cast.person_a3 = _person(cast.branch_a, "韦丽萍", 77, birth=dt.date(1985, 2, 3))
        member_services.member_create(
            actor=None,
            person=cast.person_a3,
            data={"kind": "full", "joined_on": dt.date(2010, 7, 1), "full_on": dt.date(2011, 7, 1)},
        )
    with scope_of(cast.secretary):
        cast.meeting = meeting_services.meeting_record(
            actor=cast.secretary,
            organization=cast.branch_a,
            kind="branch_general_meeting",
            held_on=dt.date(2026, 11, 10),
            topic="学习党章",
            absent={cast.person_a3.pk: "外出务工"},
        )
    return cast


def meeting_url(meeting) -> str:
    return f"/admin/party/meeting/{meeting.pk}/change/"


def meeting_form(cast, **changes) -> dict:
    data = {
        "kind": "branch_general_meeting",
        "held_on": "2026-11-10",
        "topic": "学习党章",
        "host": "",
        "minutes": "",
        "absent_text": "韦丽萍：外出务工",
        "attendance-TOTAL_FORMS": "0",
        "attendance-INITIAL_FORMS": "0",
    }
    return {**data, **changes}


def test_the_secretary_corrects_a_recorded_meeting(meeting):
    cast = meeting
    client = login(cast.secretary)
    body = client.get(meeting_url(cast.meeting)).content.decode()
    assert 'name="_continue"' in body  # 保存并继续编辑 edits what it saved
    assert "韦丽萍：外出务工" in body  # the absences as recorded
    assert not ENGLISH.findall(visible_text(body))
    response = client.post(
        meeting_url(cast.meeting),
        meeting_form(cast, held_on="2026-11-12", topic="学习党章和支部工作条例", absent_text=""),
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    with system_scope():
        saved = Meeting.objects.get(pk=cast.meeting.pk)
        present = dict(saved.attendance.values_list("person__name", "present"))
        entry = AuditEntry.objects.filter(action="party.meeting.updated").get()
    assert (saved.held_on, saved.topic) == (dt.date(2026, 11, 12), "学习党章和支部工作条例")
    assert present == {"黄秀英": True, "韦丽萍": True}
    assert entry.changes["held_on"] == {"old": "2026-11-10", "new": "2026-11-12"}
    assert entry.changes["absent"] == {"old": {"韦丽萍": "外出务工"}, "new": {}}


def test_a_correction_is_checked_like_a_record(meeting):
    cast = meeting
    client = login(cast.secretary)
    response = client.post(meeting_url(cast.meeting), meeting_form(cast, held_on="2026-12-01"))
    assert "会议日期2026-12-01晚于今天" in response.content.decode()
    response = client.post(meeting_url(cast.meeting), meeting_form(cast, absent_text="韦丽萍"))
    assert "请填写韦丽萍的缺席原因" in response.content.decode()
    response = client.post(meeting_url(cast.meeting), meeting_form(cast, absent_text="莫春梅：病"))
    assert "“莫春梅”不是本组织的党员" in response.content.decode()
    with system_scope():
        assert Meeting.objects.get(pk=cast.meeting.pk).held_on == dt.date(2026, 11, 10)


def test_the_leader_reads_a_meeting_without_saving_it(meeting):
    cast = meeting
    body = login(cast.leader).get(meeting_url(cast.meeting)).content.decode()
    assert 'name="_save"' not in body
    assert 'name="_continue"' not in body
    assert "学习党章" in body
    response = login(cast.leader).post(meeting_url(cast.meeting), meeting_form(cast, topic="改"))
    assert response.status_code == 403
    assert login(cast.officer_b).get(meeting_url(cast.meeting)).status_code == 404
    with system_scope():
        assert Meeting.objects.get(pk=cast.meeting.pk).topic == "学习党章"


def test_grades_are_offered_for_a_democratic_review_only(meeting):
    cast = meeting
    body = login(cast.secretary).get(meeting_url(cast.meeting)).content.decode()
    assert f"/admin/party/meeting/{cast.meeting.pk}/grade/" not in body
    with scope_of(cast.secretary):
        review = meeting_services.meeting_record(
            actor=cast.secretary,
            organization=cast.branch_a,
            kind="member_review",
            held_on=dt.date(2026, 11, 11),
            topic="民主评议党员",
        )
    body = login(cast.secretary).get(meeting_url(review)).content.decode()
    assert f"/admin/party/meeting/{review.pk}/grade/" in body


# 3. Party pages speak Chinese and cite regulations, not developer material ---------------

PARTY_PAGES = [
    *(
        f"/admin/party/{model}/{page}"
        for model in (
            "branchcommittee",
            "developmentcase",
            "duespayment",
            "duesbase",
            "meeting",
            "studyrecord",
            "honour",
            "visit",
            "majormatterreport",
            "transfer",
        )
        for page in ("", "add/")
    ),
    "/admin/party/floatingrecord/",
    "/admin/party/branchcommittee/elections/",
    "/admin/party/developmentcase/board/",
    "/admin/party/duespayment/arrears/",
    "/admin/party/meeting/compliance/",
    "/admin/party/studyrecord/totals/",
    "/admin/party/transfer/open/",
    "/admin/party/transfer/flags/",
]
DEVELOPER_MATERIAL = re.compile(r"RULES\.md|§|\[S\]|\[M\]|ZUGONG_|settings\.|\.py\b")


@pytest.mark.parametrize("role", ["admin", "officer_a", "secretary", "leader"])
def test_party_pages_cite_regulations_and_speak_chinese(transfer, role):
    client = login(getattr(transfer, role))
    for url in PARTY_PAGES:
        response = client.get(url)
        if response.status_code in (403, 404):
            assert role == "leader", url  # the read-only role is refused the add forms only
            assert url.endswith("add/"), url
            continue
        assert response.status_code == 200, url
        text = visible_text(response.content.decode())
        assert not DEVELOPER_MATERIAL.findall(text), (url, DEVELOPER_MATERIAL.findall(text))
        assert not ENGLISH.findall(text), (url, ENGLISH.findall(text))


def test_the_receiving_side_returns_a_transfer_and_is_told_so(transfer):
    cast = transfer
    response = login(cast.officer_b).post(
        transfer_url(cast.transfer, "cancel"), {"reason": "介绍信抬头有误"}, follow=True
    )
    assert "已撤回或退回，党员仍在原党组织" in response.content.decode()
    with system_scope():
        assert Transfer.objects.get().status == Transfer.Status.CANCELLED
