"""The login-security pages (django-axes records) speak Chinese: column headers, field
labels, page titles, breadcrumbs and the records' own titles."""

import re

import pytest
from axes.models import AccessAttempt, AccessLog
from django.test import Client

from tests.conftest import PASSWORD, login
from tests.core.test_admin import ENGLISH, visible_text

# What django-axes says in English: its field and model names, its records' __str__,
# its app name and the user agent it records when the browser sends none.
AXES_ENGLISH = re.compile(
    r"\b(Username|IP Address|User Agent|Attempt Time|Failed Logins|Logout Time|"
    r"access attempts?|access logs?|access failures?|Attempted Access|Access Log for|Axes|"
    r"Path|HTTP Accept|GET Data|POST Data|Expires At|Session key|unknown)\b",
    re.IGNORECASE,
)


@pytest.fixture
def records(cast):
    for _ in range(2):
        Client().post("/admin/login/", {"username": "bob", "password": "wrong"})
    Client().post("/admin/login/", {"username": "dave", "password": PASSWORD})
    return AccessAttempt.objects.get(username="bob"), AccessLog.objects.get(username="dave")


def pages(records):
    attempt, log = records
    return [
        "/admin/axes/",
        "/admin/axes/accessattempt/",
        f"/admin/axes/accessattempt/{attempt.pk}/change/",
        "/admin/axes/accesslog/",
        f"/admin/axes/accesslog/{log.pk}/change/",
    ]


def test_axes_pages_have_no_english_labels(cast, records):
    client = login(cast.secadmin)
    for url in pages(records):
        response = client.get(url)
        assert response.status_code == 200, url
        text = visible_text(response.content.decode())
        found = sorted(set(AXES_ENGLISH.findall(text)) | set(ENGLISH.findall(text)))
        assert not found, f"{url}: {found}"


def test_axes_pages_name_their_columns_in_chinese(cast, records):
    client = login(cast.secadmin)
    attempts = visible_text(client.get("/admin/axes/accessattempt/").content.decode())
    for label in ("用户名", "IP地址", "失败次数", "登录时间", "登录失败记录"):
        assert label in attempts
    attempt, log = records
    detail = visible_text(client.get(f"/admin/axes/accesslog/{log.pk}/change/").content.decode())
    for label in (
        "登录记录",
        "dave 的登录记录（2026-11-24 10:00",
        "浏览器标识",
        "退出时间",
        "登录安全",
    ):
        assert label in detail
    assert "（未提供）" in detail
    assert str(attempt).startswith("bob 的登录失败记录（2026-11-24 10:00")
