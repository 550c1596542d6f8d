"""The demonstration chain: levels under the right parent, the tree and its gaps, the
review suspending sites below the configured star or listed weak and lax, the belt; the
data scope, the two-role user and the technical administrators."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import login, scope_of
from tests.core.test_api import bearer
from zugong.core.errors import ApplicationError
from zugong.core.models import AuditEntry
from zugong.core.scope import system_scope
from zugong.grassroots.models.demonstration import DemoSite, DemoStatus
from zugong.grassroots.models.rating import IndicatorSet, Rating, RatingStatus, WeakLaxListing
from zugong.grassroots.selectors import demonstration as selectors
from zugong.grassroots.services import demonstration as services

TODAY = dt.date(2026, 11, 24)


def _site(level, parent, org, name, **extra):
    return services.site_save(
        actor=None,
        level=level,
        parent=parent,
        organization=org,
        name=name,
        theme="党建引领",
        year=2026,
        leader="区委组织部",
        **extra,
    )


@pytest.fixture
def chain(gr):
    c = gr
    with system_scope("tests"):
        c.brand = _site("district", None, c.district, "桂风党旗红")
        c.model_a = _site("township", c.brand, c.town_a, "临桂镇示范镇")
        c.feature_a = _site("village", c.model_a, c.village_a, "大岭村特色")
        c.highlight_a = _site("hamlet", c.feature_a, c.village_a, "大岭村上屯亮点", hamlet="上屯")
        c.feature_a2 = _site("village", c.model_a, c.community_a, "金水社区特色")
        services.project_save(
            actor=None,
            site=c.feature_a,
            name="党群服务中心改造",
            higher_support="300000",
            self_raised="50000",
            progress=60,
        )
    return c


def test_a_level_must_sit_under_the_right_parent_level(chain):
    c = chain
    with system_scope("tests"):
        with pytest.raises(ApplicationError) as refused:
            _site("hamlet", c.model_a, c.village_a, "跳级亮点", hamlet="下屯")
        assert refused.value.field == "parent"
        assert "村级特色" in refused.value.message
        with pytest.raises(ApplicationError) as under:
            _site("village", c.model_a, c.village_b, "六塘村特色")
        assert under.value.field == "organization"
        with pytest.raises(ApplicationError) as top:
            _site("township", None, c.town_b, "六塘镇示范镇")
        assert top.value.field == "parent"
        with pytest.raises(ApplicationError) as progress:
            services.project_save(actor=None, site=c.feature_a, name="超额", progress=120)
        assert progress.value.field == "progress"


def test_the_tree_nests_and_shows_the_gaps(chain):
    c = chain
    with system_scope("tests"):
        data = selectors.tree(2026)
    assert [n["site"] for n in data["flat"]] == [
        c.brand,
        c.model_a,
        c.feature_a2,
        c.feature_a,
        c.highlight_a,
    ]  # siblings by their organization's place in the tree (金水社区 before 大岭村)
    assert [n["depth"] for n in data["flat"]] == [0, 1, 2, 2, 3]
    assert data["townships_without_model"] == [c.town_b]
    assert data["villages_without_highlight"] == [c.feature_a2]
    feature = data["flat"][3]["site"]
    assert (feature.higher, feature.raised, feature.project_count) == (300000, 50000, 1)


def _rating(org, year, star, status=RatingStatus.PUBLISHED):
    indicator_set, _ = IndicatorSet.objects.get_or_create(year=year, defaults={"name": "指标"})
    return Rating.objects.create(
        organization=org, year=year, indicator_set=indicator_set, status=status, star=star
    )


def test_the_review_suspends_sites_below_the_star_or_listed_weak_and_lax(chain):
    c = chain
    with system_scope("tests"):
        _rating(c.village_a, 2025, 4)
        _rating(c.village_a, 2026, 2)  # the latest published: below 3
        _rating(c.community_a, 2026, 1, status=RatingStatus.IN_NOTICE)  # not published
        suspended = services.review_sites(actor=None, today=TODAY)
        assert {s.pk for s in suspended} == {c.feature_a.pk, c.highlight_a.pk}
        site = DemoSite.objects.get(pk=c.feature_a.pk)
        assert site.status == DemoStatus.SUSPENDED
        assert site.suspended_on == TODAY
        assert "2星" in site.suspended_reason
        assert "低于3星" in site.suspended_reason
        assert DemoSite.objects.get(pk=c.feature_a2.pk).status == DemoStatus.ACTIVE
        WeakLaxListing.objects.create(
            organization=c.community_a, year=2026, listed_on=TODAY, reasons="班子软弱"
        )
        (weak,) = services.review_sites(actor=None, organization_ids=[c.community_a.pk])
        assert weak.pk == c.feature_a2.pk
        assert "软弱涣散" in weak.suspended_reason
        assert AuditEntry.objects.filter(action="grassroots.demonstration.saved").count() >= 8


def test_the_configured_star_decides(chain, settings):
    settings.ZUGONG_DEMO_MIN_STAR = 2
    with system_scope("tests"):
        _rating(chain.village_a, 2026, 2)
        assert services.review_sites(actor=None, today=TODAY) == []
    from tests.core.test_rule_sources import problems_of

    assert problems_of(services.DEMO_MIN_STAR.source) == []


def test_the_belt_lists_its_sites(chain):
    from zugong.grassroots.models.twonew import Entity

    with system_scope("tests"):
        with pytest.raises(ApplicationError) as refused:
            _site("village", chain.model_a, chain.village_a, "示范带", belt=True)
        assert refused.value.field == "enterprise"
        entity = Entity.objects.first()
    assert entity is None or entity  # the registry may be empty in the cast
    page = login(chain.officer_a).get("/admin/grassroots/demosite/belt/")
    assert page.status_code == 200
    assert "暂无示范带示范点" in page.content.decode()


def test_officer_b_sees_nothing_of_township_a(chain):
    c = chain
    with scope_of(c.officer_b):
        assert selectors.tree(2026)["flat"] == []
    client = login(c.officer_b)
    page = client.get("/admin/grassroots/demosite/tree/?year=2026").content.decode()
    assert "大岭村特色" not in page
    assert client.get(f"/admin/grassroots/demosite/{c.feature_a.pk}/change/").status_code == 404
    api = bearer(c.officer_b)
    assert api.get(f"/api/v1/grassroots/demonstration/sites/{c.feature_a.pk}").status_code == 404
    assert api.get("/api/v1/grassroots/demonstration/sites").json()["items"] == []
    assert api.get("/api/v1/grassroots/demonstration/tree?year=2026").json()["nodes"] == []


def test_the_officer_of_a_sees_the_township_part_and_the_api_tree(chain):
    api = bearer(chain.officer_a)
    tree = api.get("/api/v1/grassroots/demonstration/tree?year=2026").json()
    assert [n["site"]["name"] for n in tree["nodes"]] == ["临桂镇示范镇"]
    assert [c["site"]["name"] for c in tree["nodes"][0]["children"]] == [
        "金水社区特色",
        "大岭村特色",
    ]
    assert tree["villages_without_highlight"][0]["name"] == "金水社区特色"
    page = login(chain.officer_a).get("/admin/grassroots/demosite/tree/?year=2026")
    assert page.status_code == 200
    assert "大岭村上屯亮点" in page.content.decode()


def test_the_two_role_user_creates_only_in_the_officers_township(chain):
    c = chain
    api = bearer(c.two_roles)
    body = {
        "level": "village",
        "parent_id": c.model_a.pk,
        "name": "大岭村新特色",
        "organization_id": c.village_a.pk,
        "theme": "党建+产业",
        "year": 2026,
        "leader": "镇长",
    }
    assert (
        api.post(
            "/api/v1/grassroots/demonstration/sites", body, content_type="application/json"
        ).status_code
        == 201
    )
    body.update(organization_id=c.village_b.pk, name="六塘村特色")
    assert api.post(
        "/api/v1/grassroots/demonstration/sites", body, content_type="application/json"
    ).status_code in (400, 403, 404)
    with system_scope("tests"):
        assert not DemoSite.objects.filter(name="六塘村特色").exists()


@pytest.mark.parametrize("who", ["sysadmin", "secadmin", "auditor"])
def test_technical_administrators_get_no_demonstration_data(chain, who):
    user = getattr(chain, who)
    client = login(user)
    for url in (
        "/admin/grassroots/demosite/tree/",
        "/admin/grassroots/demosite/",
        "/admin/grassroots/demoproject/",
        "/admin/grassroots/demosite/belt/",
    ):
        assert client.get(url).status_code in (403, 404), url
    assert bearer(user).get("/api/v1/grassroots/demonstration/tree?year=2026").status_code == 403


def test_the_demo_builders_run_on_the_cast(gr):
    import random

    from zugong.grassroots import demo_collective, demo_demonstration
    from zugong.grassroots.models.collective import CollectiveProfile

    with system_scope("tests"):
        line = demo_collective.build(random.Random(7), dt.date(2026, 1, 1))
        assert "村级集体经济2个村" in line
        assert CollectiveProfile.objects.count() == 2
        chain_line = demo_demonstration.build(random.Random(7), dt.date(2026, 1, 1))
        assert "乡镇典型1个" in chain_line  # two townships, the last without a model
