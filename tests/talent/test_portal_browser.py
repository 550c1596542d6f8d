"""A talent registers on the portal at phone width, the talent office approves the
account, the talent applies for the talent card, the office reviews and issues it, and
the talent shows the card's QR code — in Chromium, every portal page Chinese only and
none wider than the phone. Screenshots go to /tmp/zugong_portal_*.png."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import PASSWORD, make_id
from tests.core.browser_walk import ALLOWED_WORDS, VISIBLE_TEXT, WORD
from tests.core.test_browser import allow_async_unsafe, browser  # noqa: F401 - fixtures
from zugong.core.scope import system_scope
from zugong.talent.models import PortalAccount, TalentCard

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("allow_async_unsafe")]

PHONE = {"width": 390, "height": 844}
SECRET = "Lijiang#Talent2026"


def _check_phone_page(page, name: str, data: str = "") -> None:
    # ``data``: a value shown as it is kept (a card number's letters).
    english = [
        w
        for w in WORD.findall(page.evaluate(VISIBLE_TEXT))
        if w not in ALLOWED_WORDS and w not in data
    ]
    assert english == [], (name, english)
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= PHONE["width"], (name, wide)
    page.screenshot(path=f"/tmp/zugong_portal_{name}.png", full_page=True)


def _office(browser, base):  # noqa: F811
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(f"{base}/admin/login/")
    page.fill("input[name=username]", "ivan")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#zg-dashboard")
    return page


@pytest.mark.django_db(transaction=True)
def test_a_talent_registers_applies_for_the_card_and_the_office_issues_it(
    browser,  # noqa: F811
    live_server,
    tc,
):
    base = live_server.url
    talent_page = browser.new_context(viewport=PHONE).new_page()

    # 1. Registration, on a phone.
    talent_page.goto(f"{base}/talent/register/")
    _check_phone_page(talent_page, "register")
    talent_page.fill("input[name=name]", "韦小燕")
    talent_page.fill("input[name=id_number]", make_id(dt.date(1992, 6, 1), 88))
    talent_page.fill("input[name=phone]", "13977310088")
    talent_page.select_option("select[name=township]", label="中共临桂镇委员会")
    talent_page.select_option("select[name=education]", value="21")
    talent_page.fill("input[name=username]", "weixiaoyan")
    talent_page.fill("input[name=password1]", SECRET)
    talent_page.fill("input[name=password2]", SECRET)
    talent_page.click("button[type=submit]")
    talent_page.wait_for_url("**/talent/register/done/")
    assert "人才办审核通过后" in talent_page.inner_text("main")
    _check_phone_page(talent_page, "registered")

    # 2. The talent office approves the account in the back office.
    office = _office(browser, base)
    with system_scope("read"):
        account = PortalAccount.objects.get(user__username="weixiaoyan")
    office.goto(f"{base}/admin/talent/portalaccount/")
    assert "韦小燕" in office.inner_text("body")
    office.goto(f"{base}/admin/talent/portalaccount/{account.pk}/approve/")
    office.click("button.zg-button")
    office.wait_for_url(f"**/admin/talent/portalaccount/{account.pk}/change/")
    assert "账号已开通" in office.inner_text("body")

    # 3. The talent signs in and applies for the card.
    talent_page.goto(f"{base}/talent/login/")
    _check_phone_page(talent_page, "login")
    talent_page.fill("input[name=username]", "weixiaoyan")
    talent_page.fill("input[name=password]", SECRET)
    talent_page.click("button[type=submit]")
    talent_page.wait_for_url(f"{base}/talent/")
    _check_phone_page(talent_page, "home")
    talent_page.goto(f"{base}/talent/card/")
    talent_page.select_option("select[name=tier]", label="D类")
    talent_page.fill("textarea[name=reason]", "桂林市拔尖人才，从事电子商务直播带货五年。")
    talent_page.click("main form button[type=submit]")
    talent_page.wait_for_selector(".msg.success")
    assert "人才卡申请已提交" in talent_page.inner_text("main")
    _check_phone_page(talent_page, "card_applied")

    # 4. The office reviews and issues it.
    with system_scope("read"):
        card = TalentCard.objects.get(talent__person__name="韦小燕")
    office.goto(f"{base}/admin/talent/talentcard/{card.pk}/review/")
    office.check("input[name=approve]", force=True)
    office.fill("textarea[name=opinion]", "材料齐全，同意。")
    office.click("button.zg-button")
    office.wait_for_url(f"**/admin/talent/talentcard/{card.pk}/change/")
    office.goto(f"{base}/admin/talent/talentcard/{card.pk}/issue/")
    office.click("button.zg-button")
    office.wait_for_url(f"**/admin/talent/talentcard/{card.pk}/change/")
    office.screenshot(path="/tmp/zugong_portal_office_card.png", full_page=True)

    # 5. The talent shows the card's QR code, and follows its progress.
    talent_page.goto(f"{base}/talent/card/")
    talent_page.wait_for_selector("#card-qr svg")
    body = talent_page.inner_text("main")
    assert "D类人才卡" in body
    assert "有效期至" in body
    with system_scope("read"):
        card.refresh_from_db()
    _check_phone_page(talent_page, "card", data=card.number)
    for path in (
        "/talent/",
        "/talent/services/",
        "/talent/housing/",
        "/talent/certification/",
        "/talent/profile/",
    ):
        talent_page.goto(f"{base}{path}")
        _check_phone_page(talent_page, path.strip("/").replace("/", "_"), data=card.number)
