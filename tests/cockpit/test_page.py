"""The cockpit page, its drill-downs, the home page and the API: figures and scope."""

from __future__ import annotations

import re

import pytest

from tests.conftest import login
from tests.core.test_api import bearer


def figures_of(sections) -> dict:
    return {f["key"]: f for s in sections for f in s["figures"]}


def page_sections(user) -> list:
    response = login(user).get("/admin/cockpit/tally/")
    assert response.status_code == 200
    return response.context["sections"]


def test_it_checks_access(counted):
    c = counted
    for user in (c.sysadmin, c.secadmin, c.auditor):
        assert login(user).get("/admin/cockpit/tally/").status_code == 403
        assert bearer(user).get("/api/v1/cockpit/").status_code == 403
        home = login(user).get("/admin/").content.decode()
        assert 'id="zg-cockpit-summary"' not in home
        assert "zg-summary-" not in home
    for user in (c.admin, c.leader, c.officer_a, c.officer_b, c.secretary, c.two_roles):
        assert login(user).get("/admin/cockpit/tally/").status_code == 200


def test_each_figure_counts_in_the_scope_of_its_capability(counted):
    c = counted
    leader = figures_of(page_sections(c.leader))
    officer_a = figures_of(page_sections(c.officer_a))
    officer_b = figures_of(page_sections(c.officer_b))
    two_roles = figures_of(page_sections(c.two_roles))
    assert leader["members"]["total"] == 6
    assert officer_a["members"]["total"] == 3
    assert officer_b["members"]["total"] == 2
    assert two_roles["members"]["total"] == 3 + 2  # 临桂镇 as officer, 六塘村 as secretary
    assert leader["talent_category"]["total"] == 2
    assert officer_b["talent_category"]["total"] == 1
    # Township officers hold VIEW_CADRE, branch secretaries do not: judy's cadre figures
    # are 临桂镇's only; supervision figures are for those holding VIEW_SUPERVISION.
    assert "cadre_level" in two_roles
    assert "supervision" in leader
    assert "supervision" not in officer_a
    assert "supervision" not in two_roles
    secretary = figures_of(page_sections(c.secretary))
    assert "cadre_level" not in secretary
    assert secretary["members"]["total"] == 1


def test_nothing_of_another_township_reaches_its_officer(counted):
    c = counted
    body = login(c.officer_b).get("/admin/cockpit/tally/").content.decode()
    assert "临桂镇" not in body
    assert "黄秀英" not in body
    rows = figures_of(page_sections(c.officer_b))["member_gender"]["rows"]
    assert sum(r["count"] for r in rows) == 2


def _count_behind(client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    if "cl" in (response.context or {}):
        return response.context["cl"].result_count
    return response.context["count"]


@pytest.mark.parametrize("who", ["leader", "officer_a", "two_roles"])
def test_member_figures_drill_down_to_lists_of_the_same_count(counted, who):
    user = getattr(counted, who)
    client = login(user)
    figures = figures_of(page_sections(user))
    checked = 0
    for key in ("members", "member_age", "member_gender", "member_education", "member_standing"):
        for r in figures[key]["rows"]:
            assert r["url"], (key, r)
            assert _count_behind(client, r["url"]) == r["count"], (key, r)
            checked += 1
    assert _count_behind(client, figures["members"]["url"]) == figures["members"]["total"]
    assert checked > 10


def test_other_figures_drill_down_to_lists_that_answer(counted):
    c = counted
    client = login(c.leader)
    figures = figures_of(page_sections(c.leader))
    exact = {"org_kind", "development", "talent_category", "stars"}
    for fig in figures.values():
        urls = [fig["url"], *(r["url"] for r in fig["rows"])]
        for url in filter(None, urls):
            response = client.get(url)
            assert response.status_code == 200, (fig["key"], url)
        if fig["key"] in exact:
            for r in fig["rows"]:
                assert _count_behind(client, r["url"]) == r["count"], (fig["key"], r)


def test_a_drill_down_is_limited_to_the_scope(counted):
    c = counted
    client = login(c.officer_b)
    response = client.get("/admin/cockpit/tally/members/?figure=member_gender&bucket=2")
    assert response.status_code == 200
    assert "黄秀英" not in response.content.decode()
    assert (
        login(c.sysadmin)
        .get("/admin/cockpit/tally/members/?figure=member_gender&bucket=2")
        .status_code
        == 403
    )
    assert client.get("/admin/cockpit/tally/members/?figure=nothing&bucket=1").status_code == 404
    assert (
        client.get("/admin/cockpit/tally/members/?figure=member_age&bucket=99").status_code == 404
    )


def test_the_api_answers_the_same_figures(counted):
    c = counted
    for user in (c.leader, c.officer_b, c.two_roles):
        body = bearer(user).get("/api/v1/cockpit/").json()
        assert (
            figures_of(body["sections"])["members"]["total"]
            == figures_of(page_sections(user))["members"]["total"]
        )
    one = bearer(c.officer_a).get("/api/v1/cockpit/sections/members").json()
    assert one["figures"][0]["total"] == 3
    assert bearer(c.officer_a).get("/api/v1/cockpit/sections/supervision").status_code == 404
    assert bearer(c.officer_a).get("/api/v1/cockpit/sections/nothing").status_code == 404
    cards = bearer(c.officer_a).get("/api/v1/cockpit/summary").json()["cards"]
    assert {"key": "talent_category", "value": 1} in [
        {"key": k["key"], "value": k["value"]} for k in cards
    ]


def test_each_figure_says_what_it_counts_and_when(counted):
    for section in page_sections(counted.leader):
        assert section["as_of"].startswith("截至")
        for fig in section["figures"]:
            assert fig["caption"]
            assert fig["title"]


def test_the_home_page_shows_the_to_do_list_and_the_summary(counted):
    c = counted
    officer = login(c.officer_a).get("/admin/").content.decode()
    assert 'id="zg-todo"' in officer
    assert 'id="zg-cockpit-summary"' in officer
    assert 'id="zg-member-total">3<' in officer
    assert re.search(r'id="zg-summary-org_kind"><a href="[^"]+">4<', officer)
    assert 'id="zg-cockpit"' not in officer  # the officer keeps records: a summary
    leader = login(c.leader).get("/admin/").content.decode()
    assert re.search(r'id="zg-summary-talent_category"><a href="[^"]+">2<', leader)
    assert 'id="zg-cockpit"' in leader  # the read-only leader's home is the cockpit
    assert 'class="chart"' in leader
    auditor = login(c.auditor).get("/admin/").content.decode()
    assert 'id="zg-todo"' in auditor
    assert "zg-summary-" not in auditor
