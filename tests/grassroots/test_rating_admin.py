# ruff: noqa: F811  (the fixture imported from test_rating_services is a parameter name)
"""Star rating back office and API: scope (the other township sees nothing, the two-role
user, the administrators without business data), the workflow buttons, query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import TODAY, _org, login
from tests.core.test_api import bearer
from tests.grassroots.test_rating_services import rated  # noqa: F401
from zugong.core.models import OrgCategory, OrgKind
from zugong.core.scope import system_scope
from zugong.grassroots.models.rating import Rating, RatingStatus, WeakLaxListing
from zugong.grassroots.selectors import evidence
from zugong.grassroots.services import rating as services
from zugong.grassroots.services import rating_rectify

LIST = "/admin/grassroots/rating/"


def _pk(org, year=2026):
    with system_scope("tests"):
        return Rating.objects.get(organization=org, year=year).pk


def _listing(c):
    with system_scope("tests"):
        return rating_rectify.weaklax_list(
            actor=None,
            organization=c.village_a,
            year=2026,
            listed_on=dt.date(2026, 3, 2),
            reasons="班子软弱涣散",
        )


def test_the_other_townships_officer_sees_nothing_of_a(rated):
    listing = _listing(rated)
    client = login(rated.officer_b)
    page = client.get(LIST).content.decode()
    assert "六塘村" in page
    assert "大岭村" not in page
    assert "金水社区" not in page
    assert client.get(f"{LIST}{_pk(rated.village_a)}/change/").status_code == 404
    assert client.get(f"{LIST}{_pk(rated.village_a)}/whatif/").status_code == 404
    weak = f"/admin/grassroots/weaklaxlisting/{listing.pk}/change/"
    assert client.get(weak).status_code == 404
    api = bearer(rated.officer_b)
    names = [r["organization_name"] for r in api.get("/api/v1/grassroots/ratings").json()["items"]]
    assert sorted(names) == ["中共六塘村支部委员会", "中共新街社区支部委员会"]
    assert api.get(f"/api/v1/grassroots/ratings/{_pk(rated.village_a)}").status_code == 404
    response = api.post(
        f"/api/v1/grassroots/ratings/{_pk(rated.village_a)}/submit",
        {},
        content_type="application/json",
    )
    assert response.status_code == 404
    overview = api.get("/api/v1/grassroots/ratings-overview?year=2026").json()
    assert overview["total"] == 2


@pytest.mark.parametrize("who", ["sysadmin", "secadmin", "auditor"])
def test_administrators_get_no_rating_data(rated, who):
    user = getattr(rated, who)
    client = login(user)
    for url in (
        LIST,
        f"{LIST}{_pk(rated.village_a)}/change/",
        f"{LIST}overview/",
        f"{LIST}lacking/",
        "/admin/grassroots/weaklaxlisting/",
        "/admin/grassroots/indicatorset/",
    ):
        assert client.get(url).status_code in (403, 404), url
    api = bearer(user)
    assert api.get("/api/v1/grassroots/ratings").status_code in (403, 404)
    assert api.get(f"/api/v1/grassroots/ratings/{_pk(rated.village_a)}").status_code in (403, 404)


def test_the_two_role_user_assesses_village_b_but_reviews_only_in_a(rated):
    client = login(rated.two_roles)
    b = _pk(rated.village_b)
    page = client.get(f"{LIST}{b}/change/").content.decode()
    assert "自评打分" in page
    assert "提交乡镇审核" in page
    # The community of B is neither township A nor the secretary's village.
    assert client.get(f"{LIST}{_pk(rated.community_b)}/change/").status_code == 404
    with system_scope("tests"):
        rating = Rating.objects.select_related("organization").get(pk=b)
        points = {s.indicator_id: 1 for s in rating.scores.all()}
        services.self_assess(actor=None, rating=rating, points=points)
        services.submit(actor=None, rating=rating)
    page = client.get(f"{LIST}{b}/change/").content.decode()
    assert "乡镇审核" not in page  # reviewing village B is township B's
    assert client.get(f"{LIST}{b}/review/").status_code in (403, 404)
    a = _pk(rated.village_a)
    page = client.get(f"{LIST}{a}/change/").content.decode()
    assert "自评打分" in page  # township officer of A


def test_the_officer_walks_the_workflow_in_the_back_office(rated):
    client = login(rated.officer_a)
    pk = _pk(rated.village_a)
    with system_scope("tests"):
        rating = Rating.objects.get(pk=pk)
        scores = {s.indicator_id: s.indicator for s in rating.scores.select_related("indicator")}
    data = {f"points_{i}": str(ind.max_points) for i, ind in scores.items()}
    bad = {**data, f"points_{next(iter(scores))}": "99"}
    page = client.post(f"{LIST}{pk}/assess/", bad).content.decode()
    assert "得分不能超过满分" in page
    assert client.post(f"{LIST}{pk}/assess/", data).status_code == 302
    assert client.post(f"{LIST}{pk}/submit/", {"comment": ""}).status_code == 302
    # Whoever submitted the self-assessment does not review it (不相容岗位分离).
    page = client.post(f"{LIST}{pk}/review/", {"decision": "pass", "comment": "同意"})
    assert "提交自评的人不能审核同一份评定" in page.content.decode()
    with system_scope("tests"):
        assert Rating.objects.get(pk=pk).status == RatingStatus.SELF_ASSESSED
        reviewer = rated.reviewer_a
    response = login(reviewer).post(f"{LIST}{pk}/review/", {"decision": "pass", "comment": "同意"})
    assert response.status_code == 302
    with system_scope("tests"):
        assert Rating.objects.get(pk=pk).status == RatingStatus.REVIEWED
    # Approval is the district's.
    assert client.get(f"{LIST}{pk}/approve/").status_code in (403, 404)
    page = login(rated.admin).get(f"{LIST}{pk}/change/").content.decode()
    assert "区级审定" in page


def test_the_rating_pages_open(rated):
    client = login(rated.admin)
    pk = _pk(rated.village_a)
    for url in (
        LIST,
        f"{LIST}?move=new&year=2026",
        f"{LIST}{pk}/change/",
        f"{LIST}{pk}/whatif/",
        f"{LIST}overview/?year=2026",
        f"{LIST}lacking/",
        f"{LIST}overdue/",
        f"{LIST}drafts/",
        "/admin/grassroots/indicatorset/",
        "/admin/grassroots/weaklaxlisting/",
        "/admin/grassroots/rectification/",
    ):
        assert client.get(url).status_code == 200, url
    page = client.get(f"{LIST}{pk}/change/").content.decode()
    assert "应开组织生活" in page


def test_the_rating_list_reads_the_same_queries_for_few_or_many_ratings(rated):
    client = login(rated.admin)
    client.get(LIST)
    with CaptureQueriesContext(connection) as few:
        assert client.get(LIST).status_code == 200
    with system_scope("tests"):
        for n in range(12):
            _org(
                rated.town_a,
                f"中共测试{n}村委员会",
                f"4503121003{n:02d}",
                OrgKind.GRASSROOTS,
                OrgCategory.VILLAGE,
            )
        services.compute_drafts(actor=None, year=2026, today=TODAY)
        assert Rating.objects.count() == 17
    with CaptureQueriesContext(connection) as many:
        assert client.get(LIST).status_code == 200
    assert len(many) == len(few)


def test_draft_scores_read_a_constant_number_of_queries(rated):
    with system_scope("tests"):
        with CaptureQueriesContext(connection) as few:
            evidence.draft_scores(2026, today=TODAY)
        for n in range(8):
            _org(
                rated.town_b,
                f"中共测试{n}村委员会",
                f"4503121013{n:02d}",
                OrgKind.GRASSROOTS,
                OrgCategory.VILLAGE,
            )
        with CaptureQueriesContext(connection) as many:
            found = evidence.draft_scores(2026, today=TODAY)
        assert len(found) == 13
    assert len(many) == len(few)


def test_the_api_walks_the_workflow_and_refuses_bad_input(rated):
    pk = _pk(rated.village_a)
    api = bearer(rated.officer_a)
    detail = api.get(f"/api/v1/grassroots/ratings/{pk}").json()
    first = detail["scores"][0]
    assert first["evidence_summary"]
    too_much = {"points": {str(first["indicator_id"]): "999"}}
    response = api.post(
        f"/api/v1/grassroots/ratings/{pk}/self-assessment",
        too_much,
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "满分" in response.json()["message"]
    points = {str(s["indicator_id"]): s["max_points"] for s in detail["scores"]}
    response = api.post(
        f"/api/v1/grassroots/ratings/{pk}/self-assessment",
        {"points": points},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["score"] == "100.00"
    assert (
        api.post(
            f"/api/v1/grassroots/ratings/{pk}/submit", {}, content_type="application/json"
        ).status_code
        == 200
    )
    response = api.post(
        f"/api/v1/grassroots/ratings/{pk}/review", {"passed": True}, content_type="application/json"
    )
    assert response.status_code == 400  # the hand that submitted does not review
    assert "不能审核同一份评定" in response.json()["message"]
    reviewer = bearer(rated.reviewer_a)
    response = reviewer.post(
        f"/api/v1/grassroots/ratings/{pk}/review", {"passed": True}, content_type="application/json"
    )
    assert response.json()["status"] == "reviewed"
    assert (
        api.post(
            f"/api/v1/grassroots/ratings/{pk}/approve", {}, content_type="application/json"
        ).status_code
        == 403
    )
    whatif = api.get(f"/api/v1/grassroots/ratings/{pk}/what-if").json()
    assert whatif["next_star"] is None
    district = bearer(rated.admin)
    district.post(f"/api/v1/grassroots/ratings/{pk}/approve", {}, content_type="application/json")
    district.post(
        f"/api/v1/grassroots/ratings/{pk}/notice",
        {"starts_on": "2026-11-23"},
        content_type="application/json",
    )
    response = district.post(f"/api/v1/grassroots/ratings/{pk}/publish")
    assert response.status_code == 400
    assert "公示期满后方可发布" in response.json()["message"]
    with system_scope("tests"):
        assert WeakLaxListing.objects.count() == 0
