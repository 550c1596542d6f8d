"""The search's entry points: the Ctrl+K palette (Unfold's command search with
core.search's callback), the results page and ``GET /api/v1/search``.

This module is also the URL configuration of its tests: the project's URLs, plus the
results page and the API's search router where zugong/urls.py and zugong/api.py do not
mount them yet (the integrator adds them; then these are the project's own)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import NoReverseMatch, path, reverse
from ninja import NinjaAPI

from tests.conftest import login, make_id
from zugong import urls as project_urls
from zugong.api import api
from zugong.core.api_search import router
from zugong.core.models import AuditEntry
from zugong.core.scope import system_scope
from zugong.core.search_views import results_view
from zugong.core.services import access as access_services


def _project_patterns():
    try:
        reverse("search_results", urlconf=project_urls)
        page = []
    except NoReverseMatch:
        page = [path("admin/search/all/", results_view(), name="search_results")]
    if any(mounted is router for _prefix, mounted in api._routers):
        return [*page, *project_urls.urlpatterns]
    # The project's API with its authentication and error shape, for this router alone.
    alone = NinjaAPI(
        auth=api.auth,
        parser=api.parser,
        renderer=api.renderer,
        urls_namespace="search_test",
        docs_url=None,
    )
    alone._exception_handlers = dict(api._exception_handlers)
    alone.add_router("/search", router)
    return [*page, path("api/v1/", alone.urls), *project_urls.urlpatterns]


urlpatterns = _project_patterns()
handler404 = project_urls.handler404
handler500 = project_urls.handler500
handler403 = project_urls.handler403
handler400 = project_urls.handler400
pytestmark = pytest.mark.urls(__name__)


def bearer(user):
    from django.test import Client

    with system_scope():
        _, clear = access_services.token_create(actor=user, user=user, name="测试")
    return Client(headers={"Authorization": f"Bearer {clear}"})


def test_palette_lists_hits_with_their_kind_and_a_link_to_all(cast):
    response = login(cast.officer_a).get("/admin/search/", {"s": "hxy"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "黄秀英" in page
    assert "人员 · 中共金水社区支部委员会" in page
    assert f"/admin/core/person/{cast.person_a.pk}/change/" in page
    assert "/admin/search/all/?q=hxy" in page


def test_palette_of_another_township_finds_nothing_of_a(cast):
    page = login(cast.officer_b).get("/admin/search/", {"s": "hxy"}).content.decode()
    assert "黄秀英" not in page


def test_palette_by_id_number_is_audited_and_never_shows_the_number(cast):
    number = make_id(dt.date(1980, 5, 17), 22)
    page = login(cast.admin).get("/admin/search/", {"s": number.lower()}).content.decode()
    assert "黄秀英" in page
    assert number not in page
    with system_scope():
        entry = AuditEntry.objects.get(action="core.person.looked_up")
    assert (entry.actor, entry.extra["found"], entry.extra["via"]) == (cast.admin, 1, "search")


def test_results_page_groups_hits_by_kind(cast):
    response = login(cast.admin).get("/admin/search/all/", {"q": "临桂"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-kind="core.organization"' in page
    assert "中共临桂镇委员会" in page
    assert "全局检索" in page


def test_results_page_for_an_administrator_says_there_is_nothing_to_search(cast):
    page = login(cast.sysadmin).get("/admin/search/all/", {"q": "黄秀英"}).content.decode()
    assert "data-kind=" not in page
    assert "您的角色没有可检索的业务数据" in page


def test_results_page_needs_a_signed_in_user(client, db):
    response = client.get("/admin/search/all/", {"q": "黄"})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_api_search_is_ranked_and_scoped(cast):
    body = bearer(cast.officer_a).get("/api/v1/search", {"q": "黄秀英"}).json()
    assert body["query"] == "黄秀英"
    person = body["hits"][0]
    assert (person["kind"], person["kind_label"], person["title"]) == (
        "core.person",
        "人员",
        "黄秀英",
    )
    assert person["url"] == f"/admin/core/person/{cast.person_a.pk}/change/"
    assert {"name": "core.person", "label": "人员"} in body["kinds"]
    other = bearer(cast.officer_b).get("/api/v1/search", {"q": "黄秀英"}).json()
    assert other["hits"] == []


def test_api_search_of_one_kind_and_bad_parameters(cast):
    client = bearer(cast.admin)
    body = client.get("/api/v1/search", {"q": "临桂", "kind": "core.organization"}).json()
    assert {h["kind"] for h in body["hits"]} == {"core.organization"}
    bad = client.get("/api/v1/search", {"q": "临桂", "kind": "nope"})
    assert bad.status_code == 400
    assert "检索类别" in bad.json()["message"]
    assert client.get("/api/v1/search", {"q": "黄", "limit": 0}).status_code == 400
    assert client.get("/api/v1/search", {"q": "黄" * 300}).status_code == 400


def test_api_search_needs_a_user(client, db):
    assert client.get("/api/v1/search", {"q": "黄"}).status_code == 401
