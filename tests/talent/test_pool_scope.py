"""The pool within scope, in the back office and the API: the officer of the other
township sees nothing of township A; judy holds the township officer's rights in A and
the branch secretary's (read only) in B; the system, security and audit administrators
see no business data; a talent reaches no back-office page and never another talent."""

import pytest
from django.urls import reverse

from tests.conftest import login
from tests.core.test_api import bearer
from tests.talent.rows_pool import make_rows
from zugong.core.models import AuditEntry
from zugong.core.scope import system_scope
from zugong.talent import capabilities as caps
from zugong.talent.models import SavedSearch, Talent

pytestmark = pytest.mark.django_db
PAGES = [
    "admin:talent_talent_changelist",
    "admin:talent_talent_match",
    "admin:talent_talent_saved",
]
TABLES = ["admin:talent_talentcategory_changelist", "admin:talent_talenttag_changelist"]


@pytest.fixture
def rows(tc):
    with system_scope("tests"):
        make_rows(tc)
    return tc


def _change(talent):
    return reverse("admin:talent_talent_change", args=[talent.pk])


def test_the_officer_of_b_sees_nothing_of_a(rows):
    client = login(rows.officer_b)
    page = client.get(reverse("admin:talent_talent_changelist")).content.decode()
    assert "李芝琴" in page
    assert "李志强" not in page
    assert "唐丽娜" not in page
    tag = rows.pool_tags["电商"].pk
    match = client.get(reverse("admin:talent_talent_match") + f"?tags={tag}").content.decode()
    assert "李芝琴" in match
    assert "李志强" not in match
    assert client.get(_change(rows.pool_a)).status_code == 404
    api = bearer(rows.officer_b)
    assert api.get(f"/api/v1/talent/pool/{rows.pool_a.pk}").status_code == 404
    listed = api.get("/api/v1/talent/pool/?q=lzq").json()
    assert [t["name"] for t in listed["items"]] == ["李芝琴"]
    matched = api.post(
        "/api/v1/talent/pool/match", {"tags": [tag]}, content_type="application/json"
    ).json()
    assert [m["talent"]["name"] for m in matched] == ["李芝琴"]
    patched = api.patch(
        f"/api/v1/talent/pool/{rows.pool_a.pk}", {"title": "x"}, content_type="application/json"
    )
    assert patched.status_code == 404


def test_the_two_role_user_gets_each_roles_rights_in_its_subtree(rows):
    client = login(rows.two_roles)
    page = client.get(reverse("admin:talent_talent_changelist")).content.decode()
    assert "李志强" in page
    # The branch secretary's subtree (六塘村's branch) lies below B's township, which
    # keeps B's talents: the township officer's rights of A do not reach B.
    assert "李芝琴" not in page
    response = client.post(
        _change(rows.pool_b),
        {"township": rows.town_b.pk, "title_level": 0, "village": "改"},
    )
    assert response.status_code == 404
    api = bearer(rows.two_roles)
    ok = api.patch(
        f"/api/v1/talent/pool/{rows.pool_a.pk}",
        {"title": "高级农艺师", "title_level": 3},
        content_type="application/json",
    )
    assert ok.status_code == 200
    assert ok.json()["title_level_name"] == "副高级"
    refused = api.patch(
        f"/api/v1/talent/pool/{rows.pool_b.pk}", {"title": "x"}, content_type="application/json"
    )
    assert refused.status_code == 404
    with system_scope("check"):
        assert Talent.objects.get(pk=rows.pool_b.pk).title == "高级农艺师"


def test_the_administrators_see_no_business_data(rows):
    for user in (rows.sysadmin, rows.secadmin, rows.auditor):
        client = login(user)
        for name in PAGES + TABLES:
            assert client.get(reverse(name)).status_code == 403, (user, name)
        assert client.get(_change(rows.pool_a)).status_code in (403, 404)
        api = bearer(user)
        assert api.get("/api/v1/talent/pool/").status_code == 403
        assert api.get(f"/api/v1/talent/pool/{rows.pool_a.pk}").status_code == 403
        assert (
            api.post("/api/v1/talent/pool/match", {}, content_type="application/json").status_code
            == 403
        )


def test_a_talent_reaches_no_back_office_page_and_no_other_talent(rows):
    client = login(rows.tina)
    for name in PAGES + TABLES:
        assert client.get(reverse(name)).status_code in (302, 403), name
    assert client.get(_change(rows.talent_b)).status_code in (302, 403, 404)
    api = bearer(rows.tina)
    assert api.get(f"/api/v1/talent/pool/{rows.talent_b.pk}").status_code in (403, 404)
    assert api.get("/api/v1/talent/pool/").status_code == 403


def test_the_code_tables_are_the_talent_offices(rows):
    assert login(rows.officer_a).get(reverse(TABLES[0])).status_code == 403
    client = login(rows.office)
    for name in TABLES:
        assert client.get(reverse(name)).status_code == 200
    response = client.post(
        reverse("admin:talent_talenttag_add"), {"name": "低空经济", "group": "industry", "order": 0}
    )
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action=caps.TABLES_SAVED).exists()
    response = client.post(
        reverse("admin:talent_talenttag_add"), {"name": "电商", "group": "industry", "order": 0}
    )
    assert "已存在" in response.content.decode()


def test_the_office_creates_a_talent_with_a_new_person_in_the_form(rows):
    import datetime as dt

    from tests.conftest import make_id

    client = login(rows.officer_a)
    tag = rows.pool_tags["康养"]
    data = {
        "township": rows.town_a.pk,
        "new_name": "王小明",
        "new_id_number": make_id(dt.date(1992, 1, 5), 55),
        "title_level": 1,
        "tags": [tag.pk],
        "return_interest": "unknown",
        "contact_consent": "on",
    }
    response = client.post(reverse("admin:talent_talent_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    with system_scope("check"):
        talent = Talent.objects.get(person__name="王小明")
    assert talent.name_initials == "wxm"
    assert list(talent.tags.all()) == [tag]
    bad = {**data, "new_name": "王小红", "new_id_number": data["new_id_number"][:-1] + "X"}
    response = client.post(reverse("admin:talent_talent_add"), bad)
    assert response.status_code == 200
    assert "校验" in response.content.decode()


def test_api_create_and_saved_searches(rows):
    import datetime as dt

    from tests.conftest import make_id

    api = bearer(rows.officer_a)
    created = api.post(
        "/api/v1/talent/pool/",
        {
            "township_id": rows.town_a.pk,
            "new_person": {"name": "覃海燕", "id_number": make_id(dt.date(1990, 2, 2), 66)},
            "tags": [rows.pool_tags["医美"].pk],
            "employer": "桂林医美诊所",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    assert created.json()["tags"][0]["name"] == "医美"
    found = api.get("/api/v1/talent/pool/?q=qhy").json()["items"]
    assert [t["name"] for t in found] == ["覃海燕"]
    bad = api.post(
        "/api/v1/talent/pool/",
        {"township_id": rows.town_a.pk, "employer_credit_code": "123"},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert "统一社会信用代码" in str(bad.json()) or "人员" in str(bad.json())
    saved = api.post(
        "/api/v1/talent/pool/saved-searches",
        {"name": "医美", "query": {"q": "医美"}},
        content_type="application/json",
    )
    assert saved.status_code == 201
    mine = api.get("/api/v1/talent/pool/saved-searches").json()
    assert [s["name"] for s in mine] == ["医美"]  # never the office's 电商人才
    other = rows.pool_saved.pk
    assert api.delete(f"/api/v1/talent/pool/saved-searches/{other}").status_code == 404
    assert SavedSearch.objects.filter(pk=other).exists()
    assert api.delete(f"/api/v1/talent/pool/saved-searches/{saved.json()['id']}").status_code == 204


def test_the_list_filters_and_saved_searches_in_the_back_office(rows):
    client = login(rows.officer_a)
    tag, category = rows.pool_tags["电商"].pk, rows.pool_categories["industry"].pk
    params = f"?tag={tag}&category={category}&level=2&outside=0&township={rows.town_a.pk}&q=lzq"
    page = client.get(reverse("admin:talent_talent_changelist") + params).content.decode()
    assert "李志强" in page
    assert "黄秀英" not in page
    assert "保存当前条件" in page
    saved_url = reverse("admin:talent_talent_saved")
    response = client.post(saved_url + params, {"name": "临桂电商"})
    assert response.status_code == 302
    with system_scope("check"):
        saved = SavedSearch.objects.get(user=rows.officer_a)
    assert saved.query == {
        "q": "lzq",
        "tags": [tag],
        "categories": [category],
        "township": rows.town_a.pk,
        "title_level_min": 2,
        "outside": False,
    }
    listed = client.get(saved_url).content.decode()
    assert "临桂电商" in listed
    assert "电商人才" not in listed  # the office's own search
    other = login(rows.officer_b).post(saved_url, {"delete": saved.pk})
    assert other.status_code == 404
    assert client.post(saved_url, {"delete": saved.pk}).status_code == 302
    assert not SavedSearch.objects.filter(pk=saved.pk).exists()
