"""The star rating's further API operations: rectification items of a published rating
and of a weak-and-lax listing, their completion, listing and delisting, and the year's
indicator set (made, saved whole or not at all, checked). Scope, the two-role user and
the technical administrators as everywhere."""

from __future__ import annotations

import pytest

from tests.grassroots.api_more_helpers import bearer, post, put, refused
from tests.grassroots.rows_rating import make_rows
from zugong.core.models import AuditEntry
from zugong.core.scope import system_scope
from zugong.grassroots.models.rating import IndicatorSet, Rating, Rectification, WeakLaxListing

G = "/api/v1/grassroots"
ITEM = {"item": "配齐村“两委”班子", "deadline": "2026-12-31", "responsible": "蒋春兰"}


@pytest.fixture
def rows(gr):
    with system_scope("tests"):
        make_rows(gr)
        gr.rating = Rating.objects.get(organization=gr.village_a, year=2026)
        gr.listing = WeakLaxListing.objects.get(organization=gr.village_a, year=2026)
        gr.open_item = Rectification.objects.filter(rating=gr.rating).first()
    return gr


def test_rectifications_are_added_completed_and_refused_naming_the_field(rows):
    api = bearer(rows.officer_a)
    added = post(api, f"{G}/ratings/{rows.rating.pk}/rectifications", ITEM)
    assert added.status_code == 201, added.content
    assert added.json()["rating_id"] == rows.rating.pk
    refused(
        post(api, f"{G}/ratings/{rows.rating.pk}/rectifications", {**ITEM, "responsible": " "}),
        "responsible",
        "责任人",
    )
    done = f"{G}/rectifications/{added.json()['id']}/complete"
    refused(
        post(api, done, {"result": "已配齐", "completed_on": "2026-12-01"}),
        "completed_on",
        "不能晚于今天",
    )
    refused(post(api, done, {"result": "", "completed_on": "2026-11-20"}), "result", "整改结果")
    completed = post(api, done, {"result": "已配齐", "completed_on": "2026-11-20"})
    assert completed.json()["completed_on"] == "2026-11-20"
    open_items = api.get(f"{G}/rectifications?year=2026&open=true").json()["items"]
    assert added.json()["id"] not in [r["id"] for r in open_items]
    with system_scope("tests"):
        assert AuditEntry.objects.filter(action="grassroots.rectification.saved").count() >= 5


def test_a_listing_is_delisted_only_when_its_items_are_done(rows):
    api = bearer(rows.officer_a)
    item = post(api, f"{G}/weak-lax/{rows.listing.pk}/rectifications", ITEM)
    assert item.status_code == 201
    delist = f"{G}/weak-lax/{rows.listing.pk}/delist"
    body = {"delisted_on": "2026-11-20", "note": "验收合格"}
    refused(post(api, delist, body), "status", "未完成，不能销号")
    for r in api.get(f"{G}/rectifications?open=true").json()["items"]:
        if r["listing_id"] == rows.listing.pk:
            post(
                api,
                f"{G}/rectifications/{r['id']}/complete",
                {"result": "完成", "completed_on": "2026-11-19"},
            )
    refused(post(api, delist, {**body, "delisted_on": "2026-01-01"}), "delisted_on", "早于列入日期")
    delisted = post(api, delist, body)
    assert delisted.status_code == 200, delisted.content
    assert delisted.json()["status"] == "delisted"
    refused(post(api, delist, body), "status", "已销号")


def test_a_village_is_listed_weak_and_lax_once_a_year(rows):
    api = bearer(rows.admin)
    body = {"year": 2026, "listed_on": "2026-06-01", "reasons": "班子不团结"}
    listed = post(api, f"{G}/weak-lax", {"organization_id": rows.village_b.pk, **body})
    assert listed.status_code == 201, listed.content
    assert listed.json()["status"] == "listed"
    refused(
        post(api, f"{G}/weak-lax", {"organization_id": rows.village_b.pk, **body}),
        "organization",
        "已列为",
    )
    refused(
        post(api, f"{G}/weak-lax", {"organization_id": rows.town_a.pk, **body}),
        "organization",
        "村（社区）",
    )
    refused(
        post(
            api,
            f"{G}/weak-lax",
            {"organization_id": rows.community_b.pk, **body, "listed_on": "2025-06-01"},
        ),
        "listed_on",
        "2026年内",
    )
    assert {r["organization_id"] for r in api.get(f"{G}/weak-lax?year=2026").json()["items"]} == {
        rows.village_a.pk,
        rows.village_b.pk,
    }


def test_the_indicator_set_is_made_saved_whole_and_checked(rows):
    api = bearer(rows.admin)
    made = post(api, f"{G}/indicator-sets", {"year": 2027})
    assert made.status_code == 201, made.content
    indicators = made.json()["indicators"]
    assert sum(float(i["max_points"]) for i in indicators) == float(made.json()["total_points"])
    refused(post(api, f"{G}/indicator-sets", {"year": 2027}), "year", "已存在")
    first, second = indicators[0], indicators[1]
    # One maximum raised alone: the total no longer adds up, nothing is kept.
    raised = {first["code"]: float(first["max_points"]) + 5}
    refused(
        put(api, f"{G}/indicator-sets/2027", {"name": "改名", "max_points": raised}),
        "total_points",
        "应等于总分",
    )
    with system_scope("tests"):
        kept = IndicatorSet.objects.get(year=2027)
        assert kept.name != "改名"
        assert kept.indicators.get(code=first["code"]).max_points == float(first["max_points"])
    refused(put(api, f"{G}/indicator-sets/2027", {"max_points": {"X-99": 1}}), "max_points", "X-99")
    moved = {
        first["code"]: float(first["max_points"]) + 1,
        second["code"]: float(second["max_points"]) - 1,
    }
    saved = put(
        api,
        f"{G}/indicator-sets/2027",
        {"name": "2027年村级党组织星级评定指标", "max_points": moved},
    )
    assert saved.status_code == 200, saved.content
    assert saved.json()["name"] == "2027年村级党组织星级评定指标"
    assert api.get(f"{G}/indicator-sets/2027/check").json() == {
        "year": 2027,
        "ok": True,
        "field": "",
        "message": "",
    }
    assert api.get(f"{G}/indicator-sets/2031").status_code == 404
    with system_scope("tests"):
        assert AuditEntry.objects.filter(action="grassroots.indicators.saved").count() >= 3


def test_a_township_officer_reads_but_does_not_make_the_indicator_set(rows):
    api = bearer(rows.officer_a)
    assert [s["year"] for s in api.get(f"{G}/indicator-sets").json()] == [2026]
    assert post(api, f"{G}/indicator-sets", {"year": 2027}).status_code == 403
    assert put(api, f"{G}/indicator-sets/2026", {"name": "x"}).status_code == 403


def test_another_township_sees_nothing_and_gets_404(rows):
    api = bearer(rows.officer_b)
    assert api.get(f"{G}/rectifications").json()["count"] == 0
    assert api.get(f"{G}/weak-lax").json()["count"] == 0
    assert post(api, f"{G}/ratings/{rows.rating.pk}/rectifications", ITEM).status_code == 404
    assert post(api, f"{G}/weak-lax/{rows.listing.pk}/rectifications", ITEM).status_code == 404
    complete = {"result": "x", "completed_on": "2026-11-20"}
    assert (
        post(api, f"{G}/rectifications/{rows.open_item.pk}/complete", complete).status_code == 404
    )
    delist = {"delisted_on": "2026-11-20", "note": "x"}
    assert post(api, f"{G}/weak-lax/{rows.listing.pk}/delist", delist).status_code == 404
    body = {
        "organization_id": rows.village_a.pk,
        "year": 2026,
        "listed_on": "2026-06-01",
        "reasons": "x",
    }
    assert post(api, f"{G}/weak-lax", body).status_code == 404


def test_the_two_role_user_rectifies_in_the_officers_township_only(rows):
    api = bearer(rows.two_roles)
    assert post(api, f"{G}/ratings/{rows.rating.pk}/rectifications", ITEM).status_code == 201
    body = {
        "organization_id": rows.village_b.pk,
        "year": 2026,
        "listed_on": "2026-06-01",
        "reasons": "x",
    }
    assert post(api, f"{G}/weak-lax", body).status_code == 404  # the secretary keeps no ledger
    assert {r["organization_id"] for r in api.get(f"{G}/rectifications").json()["items"]} == {
        rows.village_a.pk
    }


@pytest.mark.parametrize("who", ["sysadmin", "secadmin", "auditor"])
def test_technical_administrators_get_no_data(rows, who):
    api = bearer(getattr(rows, who))
    for url in ("/rectifications", "/weak-lax", "/indicator-sets", "/indicator-sets/2026/check"):
        assert api.get(G + url).status_code == 403, url
    assert post(api, f"{G}/indicator-sets", {"year": 2027}).status_code == 403
