"""No debug page ever reaches a user: 400, 403, 404, 500 and a refused CSRF check answer
Chinese pages in the back office's look, and `zugong demo --serve` runs with DEBUG off."""

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.test import Client, RequestFactory, override_settings
from django.urls import path

import zugong.urls
from tests.conftest import login
from zugong import cli
from zugong.core import error_pages, imports
from zugong.core.errors import ApplicationError
from zugong.core.errors import PermissionDenied as CapabilityDenied

ROOT = Path(__file__).resolve().parents[2]


def _boom(request):
    raise RuntimeError("secret detail: /etc/zugong/settings.py SECRET_KEY=abc")


def _forbidden(request):
    raise PermissionDenied("internal reason in English")


def _refused(request):
    raise CapabilityDenied("您没有“导出数据”的权限")


def _missing(request):
    raise Http404("Cadre matching query does not exist.")


def _suspicious(request):
    raise SuspiciousOperation("Attempted access to '/etc/passwd' denied.")


# This module is also a URLconf: the real one plus views that fail, with the real
# handlers (taken from zugong.urls, so their wiring is tested too).
urlpatterns = [
    path("test-errors/boom/", _boom),
    path("test-errors/forbidden/", _forbidden),
    path("test-errors/refused/", _refused),
    path("test-errors/missing/", _missing),
    path("test-errors/suspicious/", _suspicious),
    path("api/v1/test-errors/boom/", _boom),
    *zugong.urls.urlpatterns,
]
handler400 = zugong.urls.handler400
handler403 = zugong.urls.handler403
handler404 = zugong.urls.handler404
handler500 = zugong.urls.handler500

pytestmark = pytest.mark.urls(__name__)


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class VisibleText(HTMLParser):
    """What a user reads: text outside script/style and outside icon ligatures (words of
    the Material Symbols font), plus titles and placeholders."""

    def __init__(self):
        super().__init__()
        self.parts, self.stack = [], []

    def handle_starttag(self, tag, attrs):
        self.parts += [v for n, v in attrs if n in ("placeholder", "title", "aria-label") and v]
        if tag in VOID:
            return
        hidden = tag in ("script", "style", "template") or "material-symbols" in (
            dict(attrs).get("class") or ""
        )
        self.stack.append(hidden or bool(self.stack and self.stack[-1]))

    def handle_endtag(self, tag):
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)


def visible(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


# "Cookie" is how Chinese browsers name it; "esc" is a key cap in unfold's (hidden)
# command palette for staff users.
ALLOWED = {"Cookie", "esc"}
TECHNICAL = ("Traceback", "DEBUG", "settings", "SECRET", "Exception", "RuntimeError", "/etc/")


def assert_chinese_page(response, status: int, *expected: str):
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    text = visible(html)
    for phrase in expected:
        assert phrase in text
    words = [w for w in re.findall(r"[A-Za-z_]{2,}", text) if w not in ALLOWED]
    assert not words, f"English on the page: {words}"
    for marker in TECHNICAL:
        assert marker not in html
    # The back office's look, from the app's own static files.
    assert "/static/unfold/css/styles.css" in html
    assert "/static/core/errors.css" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), "an external asset"
    return text


@override_settings(DEBUG=False)
def test_a_missing_page_is_the_chinese_404(db):
    text = assert_chinese_page(Client().get("/no/such/page/"), 404, "页面不存在", "返回首页")
    assert "错误代码 404" in text


@override_settings(DEBUG=False)
def test_http404_text_is_not_shown(db):
    response = Client().get("/test-errors/missing/")
    assert_chinese_page(response, 404, "页面不存在")
    assert b"matching query" not in response.content


@override_settings(DEBUG=False)
def test_a_missing_admin_page_for_a_signed_in_user_is_the_chinese_404(cast):
    response = login(cast.officer_a).get("/admin/core/no-such-model/")
    assert_chinese_page(response, 404, "页面不存在")


@override_settings(DEBUG=False)
def test_403_is_chinese_and_hides_a_technical_reason(db):
    response = Client().get("/test-errors/forbidden/")
    assert_chinese_page(response, 403, "没有权限", "您没有访问此页面的权限")
    assert b"internal reason" not in response.content


@override_settings(DEBUG=False)
def test_403_names_the_missing_capability(db):
    response = Client().get("/test-errors/refused/")
    assert_chinese_page(response, 403, "没有权限", "您没有“导出数据”的权限")


@override_settings(DEBUG=False)
def test_a_real_refusal_answers_the_chinese_403(cast):
    # A township officer may not reveal a phone number (tests/core/test_admin.py).
    response = login(cast.officer_a).get(f"/admin/core/person/{cast.person_a.pk}/reveal/phone/")
    assert_chinese_page(response, 403, "没有权限")


@override_settings(DEBUG=False)
def test_a_view_that_raises_answers_the_chinese_500(db):
    response = Client(raise_request_exception=False).get("/test-errors/boom/")
    text = assert_chinese_page(response, 500, "系统出错", "请联系系统管理员")
    assert "secret detail" not in response.content.decode()
    assert "错误代码 500" in text


@override_settings(DEBUG=False)
def test_the_api_answers_errors_in_its_own_shape(db):
    client = Client(raise_request_exception=False)
    boom = client.get("/api/v1/test-errors/boom/")
    assert boom.status_code == 500
    assert boom.json()["code"] == "server_error"
    assert "secret" not in boom.content.decode()
    missing = client.get("/api/v1/no-such-endpoint/")
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"


def test_the_500_page_needs_no_database_and_no_request():
    # No database fixture: any query here would fail the test.
    response = error_pages.server_error(RequestFactory().get("/somewhere/"))
    assert_chinese_page(response, 500, "系统出错")
    assert error_pages.server_error(None).status_code == 500


def test_the_500_page_falls_back_to_plain_chinese_when_its_template_fails():
    response = error_pages.server_error(None, template_name="no/such/template.html")
    assert response.status_code == 500
    assert "系统出错" in response.content.decode()


@override_settings(DEBUG=False, ALLOWED_HOSTS=["127.0.0.1"])
def test_a_bad_request_is_chinese(db):
    assert_chinese_page(Client().get("/test-errors/suspicious/"), 400, "请求有误")
    # A host name that is not allowed: Django's DisallowedHost, answered in Chinese too.
    response = Client(raise_request_exception=False).get("/", HTTP_HOST="evil.example.com")
    assert response.status_code == 400
    assert "请求有误" in response.content.decode()


@override_settings(DEBUG=False)
def test_a_refused_csrf_check_is_chinese(db):
    response = Client(enforce_csrf_checks=True).post("/admin/login/", {"username": "x"})
    text = assert_chinese_page(response, 403, "提交未被接受", "Cookie")
    assert "CSRF" not in text


# ------------------------------------------------------------ no exception text in messages


def test_an_unreadable_spreadsheet_says_why_without_the_parser_text(tmp_path):
    bad = tmp_path / "花名册.xlsx"
    bad.write_bytes(b"PK\x03\x04 this is not a workbook")
    with pytest.raises(ApplicationError) as refused:
        imports.read_sheet(bad, required=["姓名"], known=["姓名"])
    message = refused.value.message
    assert "无法作为Excel表格读取" in message
    assert set(re.findall(r"[A-Za-z]+", message)) <= {"Excel", "xlsx", "xls"}, message


# ------------------------------------------------------------ the demo runs with DEBUG off


def test_demo_serve_turns_debug_off():
    environ = {}
    cli.prepare_environment(["demo", "--serve", "--addr", "127.0.0.1:8011"], environ)
    assert environ["ZUGONG_DEBUG"] == "false"
    assert set(environ["ZUGONG_ALLOWED_HOSTS"].split(",")) >= {"127.0.0.1", "localhost"}


def test_demo_serve_allows_the_host_it_listens_on():
    environ = {}
    cli.prepare_environment(["demo", "--serve", "--addr", "192.168.1.20:8000"], environ)
    assert "192.168.1.20" in environ["ZUGONG_ALLOWED_HOSTS"].split(",")


def test_an_explicit_choice_wins_and_other_commands_are_left_alone():
    environ = {"ZUGONG_DEBUG": "true", "ZUGONG_ALLOWED_HOSTS": "zugong.example"}
    cli.prepare_environment(["demo", "--serve"], environ)
    assert environ == {"ZUGONG_DEBUG": "true", "ZUGONG_ALLOWED_HOSTS": "zugong.example"}
    for argv in (["demo"], ["serve"], ["migrate"], []):
        untouched = {}
        cli.prepare_environment(argv, untouched)
        assert untouched == {}


def test_the_demo_settings_really_have_debug_off(tmp_path):
    """The real settings, read the way `zugong demo --serve` reads them."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE") and not k.startswith("ZUGONG_")
    }
    env["ZUGONG_DATA_DIR"] = str(tmp_path)
    code = (
        "import os\n"
        "from zugong.cli import prepare_environment\n"
        "prepare_environment(['demo', '--serve'])\n"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'zugong.settings'\n"
        "import django; django.setup()\n"
        "from django.conf import settings\n"
        "print(settings.DEBUG, settings.WHITENOISE_USE_FINDERS, ','.join(settings.ALLOWED_HOSTS),"
        " settings.CSRF_FAILURE_VIEW)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    debug, finders, hosts, csrf_view = result.stdout.split()
    assert debug == "False"
    assert finders == "True"  # static files from whitenoise, found in the apps
    assert {"127.0.0.1", "localhost"} <= set(hosts.split(","))
    assert csrf_view == "zugong.core.error_pages.csrf_failure"
