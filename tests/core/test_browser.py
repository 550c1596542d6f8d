"""A township officer logs in through a real browser (Playwright driving Debian's Chromium)."""

import os
import shutil

import pytest

from tests.conftest import PASSWORD

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]

pytestmark = [
    pytest.mark.browser,
    # Django's async-unsafe check trips over Playwright's event loop in the test thread.
    pytest.mark.usefixtures("allow_async_unsafe"),
]


@pytest.fixture
def allow_async_unsafe(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail(
                "CI needs Debian's Chromium at /usr/bin/chromium (apt-get install chromium)"
            )
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


@pytest.mark.django_db(transaction=True)
def test_township_officer_sees_a_chinese_dashboard_and_only_the_township(
    browser, live_server, cast, tmp_path
):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(f"{live_server.url}/admin/login/")
    assert "登录" in page.content()
    page.fill("input[name=username]", "bob")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#zg-dashboard")
    assert page.inner_text("#zg-person-total") == "2"
    dashboard = page.inner_text("body")
    assert "我的数据范围" in dashboard
    assert "中共临桂镇委员会" in dashboard
    assert "六塘" not in dashboard
    page.screenshot(path=str(tmp_path / "dashboard.png"))

    page.click("a[href='/admin/core/person/']")  # the sidebar item
    page.wait_for_url("**/admin/core/person/")
    rows = page.inner_text("body")
    assert "黄秀英" in rows
    assert "李建华" in rows
    assert "莫春梅" not in rows
    assert "139****0001" in rows
    assert "13907730001" not in rows

    page.fill("input[name=q]", "莫")
    with page.expect_navigation():  # the search submits; wait for it before moving on
        page.keyboard.press("Enter")
    assert "莫春梅" not in page.inner_text("body")

    response = page.goto(f"{live_server.url}/admin/core/person/{cast.person_b.pk}/change/")
    assert response.status == 404
