"""Public notice before appointment (任前公示, 《党政领导干部选拔任用工作条例》（2019）
第四十二条): at least five working days on the holiday calendar; a promotion dated on or
before the notice's end, or with none, is refused; exceptional promotions state why."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from tests.conftest import _user, login, scope_of
from zugong.cadres import rules
from zugong.cadres.models import AppointmentNotice
from zugong.cadres.services import notices, records
from zugong.core.errors import ApplicationError, PermissionDenied
from zugong.core.models import AuditEntry, Role
from zugong.core.scope import system_scope
from zugong.core.services import access as access_services

D = dt.date
CONTACT = "区委组织部干部监督室，电话0773-1234567，地址临桂区世纪东路1号"


def test_a_notice_from_friday_2026_09_25_ends_on_the_fifth_working_day(db):
    """25–27 September are 中秋节, 1–7 October 国庆节: the five working days are
    28, 29, 30 September and 8, 9 October."""
    assert rules.notice_end(D(2026, 9, 25)) == D(2026, 10, 9)


def test_the_first_day_counts_when_it_is_a_working_day(db):
    assert rules.notice_end(D(2026, 11, 2)) == D(2026, 11, 6)  # Monday → Friday
    # Saturday 10 October 2026 is a make-up working day (国庆节调休上班).
    assert rules.notice_end(D(2026, 10, 10)) == D(2026, 10, 15)


def test_days_and_their_counting_are_settings(db, settings):
    settings.ZUGONG_APPOINTMENT_NOTICE_DAY_KIND = "calendar"
    assert rules.notice_end(D(2026, 9, 25)) == D(2026, 9, 29)
    settings.ZUGONG_APPOINTMENT_NOTICE_DAYS = 7
    settings.ZUGONG_APPOINTMENT_NOTICE_DAY_KIND = "working"
    assert rules.notice_end(D(2026, 11, 2)) == D(2026, 11, 10)
    assert rules.notice_days() == (7, "working")


def test_the_refusals_name_the_dates_and_the_article():
    fact = rules.NoticeFact(D(2026, 9, 25), D(2026, 10, 9))
    text = rules.notice_refusal(fact, D(2026, 10, 9))
    assert "任前公示期为2026-09-25至2026-10-09" in text
    assert "任职时间2026-10-09未在公示期满之后" in text
    assert "《党政领导干部选拔任用工作条例》（2019）第四十二条" in text
    assert rules.notice_refusal(fact, D(2026, 10, 10)) is None
    assert "未找到该职务的公示" in rules.notice_refusal(None, D(2026, 10, 10))
    pending = rules.NoticeFact(D(2026, 9, 25), D(2026, 10, 9), unhandled=1)
    assert "1件反映尚未核查处理" in rules.notice_refusal(pending, D(2026, 10, 12))
    failed = rules.NoticeFact(D(2026, 9, 25), D(2026, 10, 9), failed=True)
    assert "结果影响任职" in rules.notice_refusal(failed, D(2026, 10, 12))


# ---------------------------------------------------------------- services


@pytest.fixture(autouse=True)
def as_admin(cadres):
    with scope_of(cadres.admin):
        yield


def _open(cast, actor=None, cadre=None, **more):
    data = {
        "proposed_post": "临桂镇人民政府镇长",
        "proposed_level": "township_principal",
        "decided_on": D(2026, 9, 22),
        "starts_on": D(2026, 9, 25),
        "contact": CONTACT,
        "scope_text": "临桂镇政务公开栏、区委组织部网站",
    } | more
    return notices.notice_open(actor=actor or cast.admin, cadre=cadre or cast.cadre_a, data=data)


def _promote(cast, on, **more):
    return records.position_add(
        actor=cast.admin,
        cadre=cast.cadre_a,
        data={"title": "镇长", "level": "township_principal", "started_on": on} | more,
    )


def test_a_promotion_waits_for_the_notice_to_end(cadres):
    notice = _open(cadres)
    assert (notice.ends_on, notice.days, notice.day_kind) == (D(2026, 10, 9), 5, "working")
    # 现任 from the positions held (the record's 现任职务 text is empty here).
    assert notice.current_post == "临桂镇人民政府副镇长"
    with pytest.raises(ApplicationError) as error:
        _promote(cadres, D(2026, 10, 9))
    assert "任前公示期为2026-09-25至2026-10-09" in error.value.message
    assert "第四十二条" in error.value.message
    assert cadres.cadre_a.positions.count() == 1
    position = _promote(cadres, D(2026, 10, 10))
    assert position.notice == notice
    assert position.is_promotion
    entry = AuditEntry.objects.filter(action="cadres.notice.saved").first()
    assert entry.changes["ends_on"] == "2026-10-09"


def test_a_promotion_without_a_notice_is_refused_unless_a_reason_exempts_it(cadres):
    with pytest.raises(ApplicationError, match="提拔任职应当先进行任前公示"):
        _promote(cadres, D(2026, 10, 10))
    position = _promote(
        cadres,
        D(2026, 10, 10),
        notice_exemption="general_election",
        notice_exemption_note="2026年换届考察时已公示",
    )
    assert position.notice is None
    assert position.notice_exemption == "general_election"
    with pytest.raises(ApplicationError, match="写明原公示情况"):
        records.position_add(
            actor=cadres.admin,
            cadre=cadres.cadre_b,
            data={
                "title": "副镇长",
                "level": "township_deputy",
                "started_on": D(2020, 1, 1),
                "notice_exemption": "earlier_record",
            },
        )


def test_a_post_that_is_no_promotion_needs_no_notice(cadres):
    """A second post at the level already held (兼任) is no promotion."""
    position = records.position_add(
        actor=cadres.admin,
        cadre=cadres.cadre_a,
        data={"title": "党委委员", "level": "township_deputy", "started_on": D(2026, 10, 10)},
    )
    assert not position.is_promotion
    assert position.notice is None


def test_objections_must_be_handled_and_must_not_affect_the_appointment(cadres):
    notice = _open(cadres)
    objection = notices.objection_record(
        actor=cadres.admin,
        notice=notice,
        data={"received_on": D(2026, 9, 28), "channel": "letter", "content": "反映其违规操办婚宴"},
    )
    with pytest.raises(ApplicationError, match="1件反映尚未核查处理"):
        _promote(cadres, D(2026, 10, 12))
    with pytest.raises(ApplicationError, match="期满前不能认定"):
        notices.notice_close(
            actor=cadres.admin, notice=notice, closed_on=D(2026, 10, 8), passed=True
        )
    with pytest.raises(ApplicationError, match="还有1件反映尚未核查处理"):
        notices.notice_close(
            actor=cadres.admin, notice=notice, closed_on=D(2026, 10, 10), passed=True
        )
    notices.objection_handle(
        actor=cadres.admin,
        objection=objection,
        handled_on=D(2026, 10, 9),
        handling_result="经核查，反映问题不属实",
    )
    notices.notice_close(actor=cadres.admin, notice=notice, closed_on=D(2026, 10, 10), passed=True)
    assert AppointmentNotice.objects.get().status == "passed"
    assert _promote(cadres, D(2026, 10, 12)).notice == notice


def test_an_objection_that_affects_the_appointment_stops_it(cadres):
    notice = _open(cadres)
    objection = notices.objection_record(
        actor=cadres.admin,
        notice=notice,
        data={"received_on": D(2026, 9, 29), "channel": "visit", "content": "反映其档案年龄造假"},
    )
    notices.objection_handle(
        actor=cadres.admin,
        objection=objection,
        handled_on=D(2026, 10, 9),
        handling_result="经核查属实",
        affects_appointment=True,
    )
    with pytest.raises(ApplicationError, match="结果影响任职"):
        _promote(cadres, D(2026, 10, 12))
    with pytest.raises(ApplicationError, match="请说明情况"):
        notices.notice_close(
            actor=cadres.admin, notice=notice, closed_on=D(2026, 10, 10), passed=False
        )
    notices.notice_close(
        actor=cadres.admin,
        notice=notice,
        closed_on=D(2026, 10, 10),
        passed=False,
        result_note="经核查属实，不予任用",
    )
    with pytest.raises(ApplicationError, match="公示已结束"):
        notices.objection_record(
            actor=cadres.admin,
            notice=notice,
            data={"received_on": D(2026, 10, 11), "channel": "phone", "content": "补充反映"},
        )


@pytest.mark.parametrize(
    ("more", "field", "text"),
    [
        ({"exceptional": True}, "exceptional_reason", "破格提拔的，应当说明破格的具体情形和理由"),
        ({"decided_on": D(2026, 9, 28)}, "starts_on", "公示应在讨论决定后进行"),
        ({"contact": " "}, "contact", "请填写受理意见的联系方式"),
        ({"proposed_level": ""}, "proposed_level", "拟任职务层次无效"),
        ({"proposed_post": ""}, "proposed_post", "请填写拟任职务"),
    ],
)
def test_bad_notices_are_refused_naming_the_field_and_nothing_is_kept(cadres, more, field, text):
    with pytest.raises(ApplicationError) as error:
        _open(cadres, **more)
    assert text in error.value.message
    assert field in [d["field"] for d in error.value.details]
    assert not AppointmentNotice.objects.exists()


def test_a_second_open_notice_for_the_same_level_is_refused(cadres):
    _open(cadres)
    with pytest.raises(ApplicationError, match="不能重复公示"):
        _open(cadres)


def test_the_printed_notice_lists_what_the_public_reads(cadres):
    notice = _open(
        cadres, exceptional=True, exceptional_reason="在抗洪抢险中表现突出，实绩特别显著"
    )
    text = notices.notice_print(actor=cadres.admin, notice=notice)
    assert text.startswith("干部任前公示")
    assert "韦立新，男" in text
    assert "1985年4月出生" in text
    assert "拟任临桂镇人民政府镇长" in text
    assert "公示时间：2026年9月25日至2026年10月9日（5个工作日）" in text
    assert CONTACT in text
    assert "破格提拔的具体情形和理由：在抗洪抢险中表现突出" in text
    assert text.rstrip().endswith("中共临桂区委组织部\n2026年9月25日")
    assert AuditEntry.objects.filter(action="cadres.notice.printed").exists()


# ---------------------------------------------------------------- scope and pages


def test_township_officers_see_their_notices_but_do_not_open_them(cadres):
    notice = _open(cadres)
    with scope_of(cadres.officer_a), pytest.raises(PermissionDenied):
        _open(cadres, actor=cadres.officer_a, proposed_level="township_deputy")
    own = login(cadres.officer_a)
    listing = own.get(reverse("admin:cadres_appointmentnotice_changelist")).content.decode()
    assert "临桂镇人民政府镇长" in listing
    assert own.get(reverse("admin:cadres_appointmentnotice_add")).status_code == 403
    page = own.get(reverse("admin:cadres_appointmentnotice_change", args=[notice.pk]))
    assert page.status_code == 200
    assert reverse("admin:cadres_appointmentnotice_close", args=[notice.pk]) not in (
        page.content.decode()
    )
    assert own.get(
        reverse("admin:cadres_appointmentnotice_close", args=[notice.pk])
    ).status_code in (
        403,
        404,
    )


def test_another_townships_officer_sees_nothing(cadres):
    notice = _open(cadres)
    other = login(cadres.officer_b)
    listing = other.get(reverse("admin:cadres_appointmentnotice_changelist")).content.decode()
    assert "临桂镇人民政府镇长" not in listing
    for name in (
        "admin:cadres_appointmentnotice_change",
        "admin:cadres_appointmentnotice_print_notice",
    ):
        assert other.get(reverse(name, args=[notice.pk])).status_code == 404, name
    page = other.get(reverse("admin:cadres_cadre_change", args=[cadres.cadre_b.pk]))
    assert "临桂镇人民政府镇长" not in page.content.decode()


def test_two_roles_on_two_subtrees_each_in_its_own(cadres):
    """Section officer (opens notices) on 六塘镇 and township officer (reads) on 临桂镇."""
    with system_scope():
        user = _user("ivan", "section_officer", cadres.town_b)
        access_services.role_grant(
            actor=None,
            user=user,
            role=Role.objects.get(code="township_officer"),
            organization=cadres.town_a,
        )
    with scope_of(user):
        mine = _open(cadres, actor=user, cadre=cadres.cadre_b, proposed_post="六塘镇镇长")
        with pytest.raises(PermissionDenied):
            _open(cadres, actor=user)
    _open(cadres)  # the department's, for 临桂镇
    client = login(user)
    listing = client.get(reverse("admin:cadres_appointmentnotice_changelist")).content.decode()
    assert "六塘镇镇长" in listing
    assert "临桂镇人民政府镇长" in listing
    assert (
        client.get(reverse("admin:cadres_appointmentnotice_close", args=[mine.pk])).status_code
        == 200
    )
    theirs = AppointmentNotice.objects.get(cadre=cadres.cadre_a)
    assert client.get(
        reverse("admin:cadres_appointmentnotice_close", args=[theirs.pk])
    ).status_code in (403, 404)


def test_system_security_and_audit_administrators_see_no_notices(cadres):
    notice = _open(cadres)
    for staff in (cadres.sysadmin, cadres.secadmin, cadres.auditor):
        client = login(staff)
        for url in (
            reverse("admin:cadres_appointmentnotice_changelist"),
            reverse("admin:cadres_appointmentnotice_change", args=[notice.pk]),
            reverse("admin:cadres_appointmentnotice_print_notice", args=[notice.pk]),
        ):
            response = client.get(url)
            assert response.status_code in (403, 404), (staff.username, url)
            assert "韦立新" not in response.content.decode()


def test_the_department_opens_a_notice_in_the_back_office_and_sees_it_on_the_record(cadres):
    client = login(cadres.admin)
    response = client.post(
        reverse("admin:cadres_appointmentnotice_add"),
        {
            "cadre": cadres.cadre_a.pk,
            "current_post": "临桂镇人民政府副镇长",
            "proposed_post": "临桂镇人民政府镇长",
            "proposed_level": "township_principal",
            "starts_on": "2026-09-25",
            "contact": CONTACT,
            "objections-TOTAL_FORMS": "0",
            "objections-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    notice = AppointmentNotice.objects.get()
    assert notice.ends_on == D(2026, 10, 9)
    page = client.get(reverse("admin:cadres_appointmentnotice_change", args=[notice.pk]))
    html = page.content.decode()
    assert "公示期间反映" in html
    record = client.get(reverse("admin:cadres_cadre_change", args=[cadres.cadre_a.pk]))
    assert "任前公示" in record.content.decode()
    assert "临桂镇人民政府镇长" in record.content.decode()
    printed = client.get(reverse("admin:cadres_appointmentnotice_print_notice", args=[notice.pk]))
    assert "公示时间：2026年9月25日至2026年10月9日" in printed.content.decode()
    objection = client.post(
        reverse("admin:cadres_appointmentnotice_add_objection", args=[notice.pk]),
        {"received_on": "2026-09-28", "channel": "phone", "content": "反映其工作作风问题"},
    )
    assert objection.status_code == 302
    assert notice.objections.count() == 1


# ---------------------------------------------------------------- 现任 and 拟任


def test_a_notice_for_the_post_already_held_is_refused(cadres):
    for post in ("临桂镇人民政府副镇长", " 临桂镇人民政府 副镇长 "):
        with pytest.raises(ApplicationError) as error:
            _open(cadres, proposed_post=post)
        assert "拟任职务与现任职务相同" in error.value.message
        assert error.value.details[0]["field"] == "proposed_post"
    with system_scope():
        cadres.cadre_a.current_post_text = "临桂镇党委委员、副镇长"
        cadres.cadre_a.save()
    with pytest.raises(ApplicationError, match="拟任职务与现任职务相同"):
        _open(cadres, proposed_post="临桂镇党委委员、副镇长")
    assert not AppointmentNotice.objects.exists()


def test_the_announcement_states_the_post_held_from_the_positions_and_the_post_proposed(cadres):
    notice = _open(cadres, current_post="临桂镇经济发展办公室主任")  # not what is printed
    text = notices.notice_text(notice)
    assert "现任临桂镇人民政府副镇长，拟任临桂镇人民政府镇长。" in text
    # After the appointment the announcement still states the post held when it began.
    notices.notice_close(actor=cadres.admin, notice=notice, closed_on=D(2026, 10, 10), passed=True)
    _promote(cadres, D(2026, 10, 12))
    notice.refresh_from_db()
    assert "现任临桂镇人民政府副镇长，拟任临桂镇人民政府镇长。" in notices.notice_text(notice)
    page = login(cadres.admin).get(
        reverse("admin:cadres_appointmentnotice_change", args=[notice.pk])
    )
    html = page.content.decode()
    assert "临桂镇人民政府副镇长" in html


def test_a_post_that_names_its_place_is_not_prefixed_again():
    assert notices.post_name("临桂镇人民政府", "副镇长") == "临桂镇人民政府副镇长"
    assert notices.post_name("临桂镇人民政府", "临桂镇党委副书记") == "临桂镇党委副书记"
    assert notices.post_name("临桂区财政局", "副局长") == "临桂区财政局副局长"


def test_the_demo_proposes_a_post_above_the_one_held():
    from zugong.cadres.demo_notices import promotion
    from zugong.cadres.models import Position

    def post(unit, title, level):
        return promotion(Position(unit_name=unit, title=title, level=level))

    assert post("临桂区委办公室", "主任", "township_principal") == (
        "临桂区人民政府副区长",
        "county_deputy",
    )
    assert post("临桂区财政局", "副局长", "township_deputy") == (
        "临桂区财政局局长",
        "township_principal",
    )
    assert post("六塘镇人民政府", "六塘镇党委委员、副镇长", "township_deputy") == (
        "六塘镇党委副书记、镇长",
        "township_principal",
    )
    assert post("临桂区临桂街道办事处", "临桂街道党委副书记", "township_deputy")[0] == (
        "临桂区临桂街道党委副书记、主任"
    )
    assert post("x", "y", "bureau_principal") is None


# ---------------------------------------------------------------- the actions offered


def _url(name, notice):
    return reverse(f"admin:cadres_appointmentnotice_{name}", args=[notice.pk])


def _offered(client, notice):
    html = client.get(_url("change", notice)).content.decode()
    return {
        name
        for name in ("add_objection", "handle_objection", "close", "print_notice")
        if _url(name, notice) in html
    }


def test_handling_is_offered_only_with_an_objection_pending(cadres):
    notice = _open(cadres)
    client = login(cadres.admin)
    assert _offered(client, notice) == {"add_objection", "close", "print_notice"}
    response = client.get(_url("handle_objection", notice), follow=True)
    assert response.redirect_chain[-1][0] == _url("change", notice)
    assert "该公示没有尚未核查处理的反映" in response.content.decode()
    posted = client.post(
        _url("handle_objection", notice),
        {"handled_on": "2026-10-09", "handling_result": "不属实"},
    )
    assert posted.status_code == 302
    objection = notices.objection_record(
        actor=cadres.admin,
        notice=notice,
        data={"received_on": D(2026, 9, 28), "channel": "letter", "content": "反映其违规操办婚宴"},
    )
    assert "handle_objection" in _offered(client, notice)
    form = client.get(_url("handle_objection", notice)).content.decode()
    assert f'value="{objection.pk}"' in form
    notices.objection_handle(
        actor=cadres.admin, objection=objection, handled_on=D(2026, 10, 9), handling_result="不属实"
    )
    assert "handle_objection" not in _offered(client, notice)


def test_a_closed_notice_offers_no_objection_and_no_second_result(cadres):
    notice = _open(cadres)
    notices.notice_close(actor=cadres.admin, notice=notice, closed_on=D(2026, 10, 10), passed=True)
    client = login(cadres.admin)
    assert _offered(client, notice) == {"print_notice"}
    for name, text in (
        ("add_objection", "公示已结束，不能再登记反映"),
        ("close", "该公示已认定结果"),
    ):
        response = client.get(_url(name, notice), follow=True)
        assert response.redirect_chain[-1][0] == _url("change", notice), name
        assert text in response.content.decode()
    assert not notice.objections.exists()


def test_before_its_end_a_notice_can_only_be_found_to_affect_the_appointment(cadres):
    today = dt.date.today()
    notice = _open(cadres, decided_on=today, starts_on=today)
    client = login(cadres.admin)
    assert "close" in _offered(client, notice)
    form = client.get(_url("close", notice)).content.decode()
    assert "目前只能认定为影响任职" in form
    assert 'value="1"' not in form
    assert 'value="0"' in form


def test_the_notice_page_is_named_short_enough_for_its_header(cadres):
    notice = _open(cadres)
    html = login(cadres.admin).get(_url("change", notice)).content.decode()
    crumbs = html.split('id="zg-breadcrumbs"')[1].split("</nav>")[0]
    assert "任前公示：韦立新" in crumbs
    assert str(notice) not in crumbs
    assert re.search(r"<title>\s*任前公示：韦立新 \|", html)
    assert "拟任职务" in html  # the detail, in the body
    assert "临桂镇人民政府镇长" in html
    handle = login(cadres.admin).get(_url("add_objection", notice)).content.decode()
    assert str(notice) not in handle.split('id="zg-breadcrumbs"')[1].split("</nav>")[0]
