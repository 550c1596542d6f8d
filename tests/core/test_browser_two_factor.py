"""A user enrols an authenticator and logs in with its code, in a real browser
(Playwright driving Debian's Chromium)."""

import base64
import datetime as dt

import pytest

from tests.conftest import PASSWORD
from tests.core.test_browser import allow_async_unsafe, browser  # noqa: F401  (fixtures)
from tests.core.test_two_factor import assert_not_in_clear, code_for, stored_row
from zugong.core.models import TOTPDevice

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("allow_async_unsafe")]


def key_from_page(page) -> str:
    shown = page.inner_text("#zg-2fa-secret")
    return base64.b32decode(shown.replace(" ", "")).hex()


def sign_in(page, url: str, code: str | None = None) -> None:
    page.goto(f"{url}/admin/login/")
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", PASSWORD)
    if code is not None:
        page.fill("input[name=otp_token]", code)
    page.click("button[type=submit]")


@pytest.mark.django_db(transaction=True)
def test_enrol_totp_and_log_in_with_the_code(
    browser,  # noqa: F811
    live_server,
    cast,
    settings,
    frozen_clock,
    tmp_path,
):
    settings.ZUGONG_TWO_FACTOR = "required"  # production's rule; alice is dept_admin
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, live_server.url)
    # Sent to enrolment right after the password, and kept there.
    page.wait_for_url("**/account/two-factor/**")
    page.goto(f"{live_server.url}/admin/core/person/")
    page.wait_for_url("**/account/two-factor/**")
    text = page.inner_text("body")
    assert "您的角色要求启用双因素认证" in text
    assert "未启用" in text
    assert page.locator("svg.zg-qr").is_visible()
    box = page.locator("svg.zg-qr").bounding_box()
    assert box["width"] >= 150
    assert box["height"] >= 150
    page.screenshot(path=str(tmp_path / "enrol.png"), full_page=True)

    key = key_from_page(page)
    page.fill("input[name=token]", "000000" if code_for(key) != "000000" else "111111")
    page.click("#zg-2fa-form button[type=submit]")
    page.wait_for_selector(".errornote, .errors")
    assert "验证码不正确" in page.inner_text("body")
    assert key_from_page(page) == key  # the same code to scan after a mistake

    page.fill("input[name=token]", code_for(key))
    page.click("#zg-2fa-form button[type=submit]")
    page.wait_for_url("**/admin/core/person/")  # where alice was going
    assert_not_in_clear(stored_row(TOTPDevice.objects.get(user=cast.admin)), key)
    assert "双因素认证已启用" in page.inner_text("body")
    page.goto(f"{live_server.url}/account/two-factor/")
    assert "已启用" in page.inner_text("#zg-2fa-state")
    page.screenshot(path=str(tmp_path / "enrolled.png"), full_page=True)
    page.close()

    frozen_clock.shift(dt.timedelta(seconds=31))  # the next code of the authenticator
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, live_server.url)
    page.wait_for_selector(".errornote")
    assert "请输入验证器显示的6位动态验证码" in page.inner_text("body")
    page.screenshot(path=str(tmp_path / "login-code.png"), full_page=True)
    sign_in(page, live_server.url, code_for(key))
    page.wait_for_selector("#zg-dashboard")
    page.goto(f"{live_server.url}/admin/core/person/")
    assert "黄秀英" in page.inner_text("body")
