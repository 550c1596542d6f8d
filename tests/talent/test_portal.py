"""The talent portal: registration, approval by the talent office, signing in, and a
talent's pages holding their own records only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import URLPattern, reverse

from tests.conftest import PASSWORD, login, make_id
from tests.talent.conftest import PORTAL_PASSWORD
from zugong.core.authz import requirement_of
from zugong.core.errors import PermissionDenied
from zugong.core.models import AuditEntry, Person, RoleAssignment, User
from zugong.core.scope import system_scope
from zugong.talent.models import AccountStatus, Certification, PortalAccount, Talent
from zugong.talent.portal import urls as portal_urls
from zugong.talent.services import portal as services

pytestmark = pytest.mark.django_db


def _form(tc, **changes):
    data = {
        "name": "韦小燕",
        "id_number": make_id(dt.date(1992, 6, 1), 88),
        "phone": "13977310088",
        "township": tc.town_a.pk,
        "ethnicity": "08",
        "political_status": "13",
        "education": "21",
        "username": "weixiaoyan",
        "password1": "Lijiang#Talent2026",
        "password2": "Lijiang#Talent2026",
    }
    data.update(changes)
    return data


def _counts():
    with system_scope("count"):
        return (
            Person.objects.count(),
            Talent.objects.count(),
            User.objects.count(),
            PortalAccount.objects.count(),
        )


def test_registering_makes_a_pending_account_and_nothing_more(tc):
    response = Client().post(reverse("talent_portal:register"), _form(tc))
    assert response.status_code == 302
    assert response["Location"] == reverse("talent_portal:registered")
    with system_scope("check"):
        account = PortalAccount.objects.select_related("user", "talent__person").get(
            user__username="weixiaoyan"
        )
        assert account.status == AccountStatus.PENDING
        assert not account.user.is_active
        assert not account.user.is_staff
        assert account.talent.person.name == "韦小燕"
        assert account.talent.township_id == tc.town_a.pk
        assert account.talent.name_initials == "wxy"
        assert AuditEntry.objects.filter(action="talent.account.saved").exists()
    # Not yet approved: the login page says so.
    response = Client().post(
        reverse("talent_portal:login"), {"username": "weixiaoyan", "password": "Lijiang#Talent2026"}
    )
    assert "账号尚未开通" in response.content.decode()


@pytest.mark.parametrize(
    ("changes", "field_message"),
    [
        ({"id_number": "450312199206010000"}, "公民身份号码"),
        ({"password2": "Other#Talent2026"}, "两次输入的密码不一致"),
        ({"username": "bob"}, "已被使用"),
        ({"phone": "12345"}, "电话"),
    ],
)
def test_bad_registrations_are_refused_in_chinese_and_write_nothing(tc, changes, field_message):
    before = _counts()
    response = Client().post(reverse("talent_portal:register"), _form(tc, **changes))
    assert response.status_code == 200
    assert field_message in response.content.decode()
    assert _counts() == before


def test_a_member_registering_is_the_same_person(tc):
    # 黄秀英 is a member of 金水社区 (the cast); her talent record joins her person.
    with system_scope("read"):
        number = None
    data = _form(tc, name="黄秀英", id_number=make_id(dt.date(1980, 5, 17), 22), username="huangxy")
    before_persons = _counts()[0]
    account = services.portal_register(data=data)
    assert _counts()[0] == before_persons
    with system_scope("check"):
        assert Talent.objects.get(pk=account.talent_id).person_id == tc.person_a.pk
    assert number is None


def test_a_wrong_name_for_a_known_id_number_is_refused(tc):
    data = _form(tc, name="黄秀", id_number=make_id(dt.date(1980, 5, 17), 22), username="huangx")
    before = _counts()
    response = Client().post(reverse("talent_portal:register"), data)
    assert "姓名与公民身份号码不相符" in response.content.decode()
    assert _counts() == before


def test_the_talent_office_approves_within_its_scope(tc):
    account = services.portal_register(data=_form(tc))
    # The other township's officer, the system administrator: no such page for them.
    for user in (tc.officer_b, tc.sysadmin, tc.auditor):
        with pytest.raises(PermissionDenied):
            services.account_approve(actor=user, account=account)
    url = reverse("admin:talent_portalaccount_change", args=[account.pk])
    assert login(tc.officer_b).get(url).status_code in (403, 404)
    assert login(tc.office).get(url).status_code == 200
    response = login(tc.office).post(
        reverse("admin:talent_portalaccount_approve", args=[account.pk])
    )
    assert response.status_code == 302
    with system_scope("check"):
        account.refresh_from_db()
        user = account.user
        user.refresh_from_db()
        assert account.status == AccountStatus.ACTIVE
        assert user.is_active
        assert not user.is_staff
        assert RoleAssignment.objects.filter(user=user, role__code="talent").exists()
    client = Client()
    response = client.post(
        reverse("talent_portal:login"), {"username": "weixiaoyan", "password": "Lijiang#Talent2026"}
    )
    assert response.status_code == 302
    assert client.get(reverse("talent_portal:home")).status_code == 200


def test_refusing_needs_a_reason(tc):
    account = services.portal_register(data=_form(tc))
    with pytest.raises(Exception, match="原因"):
        services.account_refuse(actor=tc.office, account=account, reason=" ")
    services.account_refuse(actor=tc.office, account=account, reason="身份信息无法核实")
    with system_scope("check"):
        account.refresh_from_db()
        assert account.status == AccountStatus.REFUSED


def test_staff_sign_in_at_the_back_office_not_the_portal(tc):
    response = Client().post(
        reverse("talent_portal:login"), {"username": "bob", "password": PASSWORD}
    )
    assert "不是人才服务平台账号" in response.content.decode()


def test_a_talent_sees_their_own_pages_and_never_another_talents(tc):
    with system_scope("setup"):
        from zugong.talent.models import CertificationLevel, TalentCategory

        theirs = Certification.objects.create(
            talent=tc.talent_b,
            category=TalentCategory.objects.get(code="industry"),
            level=CertificationLevel.objects.get(code="junior"),
            applied_on=dt.date(2026, 11, 2),
        )
    client = login(tc.tina)
    page = client.get(reverse("talent_portal:home"))
    assert page.status_code == 200
    assert "唐丽娜" in page.content.decode()
    assert "周明远" not in page.content.decode()
    assert client.get(reverse("talent_portal:certification", args=[theirs.pk])).status_code == 404
    assert (
        login(tc.tom).get(reverse("talent_portal:certification", args=[theirs.pk])).status_code
        == 200
    )
    # No back-office page and no API answer for a talent.
    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/talent/portalaccount/").status_code == 302
    assert client.get("/api/v1/talent/pool/").status_code in (401, 403, 404)


def test_office_users_have_no_portal_pages(tc):
    response = login(tc.office).get(reverse("talent_portal:home"))
    assert response.status_code == 403


def test_signed_out_visitors_go_to_the_portal_login(tc):
    response = Client().get(reverse("talent_portal:card"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("talent_portal:login"))


def test_a_password_set_by_the_office_is_changed_on_the_portal(tc):
    with system_scope("setup"):
        tc.tina.password_must_change = True
        tc.tina.save(update_fields=["password_must_change"])
    client = login(tc.tina)
    response = client.get(reverse("talent_portal:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("talent_portal:password"))
    response = client.post(
        reverse("talent_portal:password"),
        {
            "old_password": PORTAL_PASSWORD,
            "password1": "Xin#Mima2026ab",
            "password2": "Xin#Mima2026ab",
        },
    )
    assert response.status_code == 302
    assert client.get(reverse("talent_portal:home")).status_code == 200


def test_every_portal_page_declares_its_requirement():
    missing = [
        p.name
        for p in portal_urls.urlpatterns
        if isinstance(p, URLPattern)
        and p.name not in portal_urls.OPEN
        and requirement_of(p.callback) is None
    ]
    assert missing == []
    assert len(portal_urls.urlpatterns) >= 12


def test_the_service_worker_is_served_for_the_portal(tc):
    response = Client().get(reverse("talent_portal:sw"))
    assert response.status_code == 200
    assert response["Service-Worker-Allowed"] == "/talent/"
    assert "/talent/card/" in response.content.decode()


def test_the_office_opens_an_account_for_a_talent_it_keeps(tc):
    from tests.conftest import _person
    from tests.talent.conftest import make_talent

    with system_scope("setup"):
        person = _person(tc.branch_a2, "覃志刚", 71, birth=dt.date(1988, 2, 9))
        make_talent(person, tc.town_a)
    number = make_id(dt.date(1988, 2, 9), 71)
    url = reverse("admin:talent_portalaccount_open_account")
    form = {"id_number": number, "username": "qinzhigang", "password": "Chushi#Mima2026"}
    # The other township's officer holds no account management; the office does.
    assert login(tc.officer_b).post(url, form).status_code == 403
    response = login(tc.office).post(url, form)
    assert response.status_code == 302
    with system_scope("check"):
        user = User.objects.get(username="qinzhigang")
        assert user.password_must_change
        assert user.person_id == person.pk
    client = Client()
    client.post(
        reverse("talent_portal:login"), {"username": "qinzhigang", "password": "Chushi#Mima2026"}
    )
    assert client.get(reverse("talent_portal:home"))["Location"].startswith(
        reverse("talent_portal:password")
    )


def test_opening_a_second_account_for_a_talent_is_refused(tc):
    url = reverse("admin:talent_portalaccount_open_account")
    number = make_id(dt.date(1975, 10, 3), 62)  # 周明远, a talent of 六塘镇 with an account
    response = login(tc.office).post(
        url, {"id_number": number, "username": "zmy2", "password": "Chushi#Mima2026"}
    )
    assert "已有平台账号" in response.content.decode()
