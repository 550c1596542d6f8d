"""A user with two roles on two subtrees holds each role's capabilities in its own
subtree only (issue 11): 六塘镇's township officer who is also 金水社区's branch
secretary exports, changes organizations and reads in clear only where a role grants it.
"""

import pytest

from tests.conftest import _user, login
from tests.core.test_api import bearer
from tests.core.test_jobs import rows_of
from zugong.core.models import Job, Role
from zugong.core.scope import system_scope
from zugong.core.services import access as access_services
from zugong.core.services.access import get_access


@pytest.fixture
def ivan(cast):
    """Township officer of 六塘镇 (town B) and branch secretary of 金水社区 (in town A)."""
    with system_scope():
        user = _user("ivan", "township_officer", cast.town_b)
        access_services.role_grant(
            actor=None,
            user=user,
            role=Role.objects.get(code="branch_secretary"),
            organization=cast.branch_a,
        )
    cast.ivan = user
    return cast


def test_each_capability_holds_in_its_own_subtree(ivan):
    access = get_access(ivan.ivan)
    from zugong.core import capabilities as caps

    assert access.has(caps.EXPORT, ivan.branch_b.path)
    assert not access.has(caps.EXPORT, ivan.branch_a.path)
    assert access.has(caps.CHANGE_PERSON, ivan.branch_a.path)
    assert not access.has(caps.CHANGE_ORGANIZATION, ivan.branch_a.path)
    assert access.has(caps.CHANGE_ORGANIZATION, ivan.branch_b.path)
    # Viewing holds in both subtrees, but not in the rest of town A.
    assert access.has(caps.VIEW_PERSON, ivan.branch_a.path)
    assert not access.has(caps.VIEW_PERSON, ivan.branch_a2.path)


def test_viewing_covers_both_subtrees(ivan):
    names = sorted(p["name"] for p in bearer(ivan.ivan).get("/api/v1/persons").json()["items"])
    assert names == ["莫春梅", "黄秀英"]
    listing = login(ivan.ivan).get("/admin/core/person/").content.decode()
    assert "黄秀英" in listing
    assert "莫春梅" in listing
    assert "李建华" not in listing


def test_the_api_export_covers_only_the_subtree_with_the_export_grant(ivan):
    client = bearer(ivan.ivan)
    response = client.post("/api/v1/exports/persons", {}, content_type="application/json")
    assert response.status_code == 202
    job = Job.objects.get(pk=response.json()["id"])
    assert [r[0] for r in rows_of(job)[1:]] == ["莫春梅"]
    # Asking for the branch where only the secretary role holds is out of scope.
    response = client.post(
        "/api/v1/exports/persons",
        {"organization": ivan.branch_a.pk},
        content_type="application/json",
    )
    assert response.status_code == 404


def test_the_admin_export_covers_only_the_subtree_with_the_export_grant(ivan):
    login(ivan.ivan).get("/admin/core/person/export/", follow=True)
    job = Job.objects.get(user=ivan.ivan)
    assert job.result["rows"] == 1
    assert [r[0] for r in rows_of(job)[1:]] == ["莫春梅"]


def test_organizations_change_only_where_the_officer_role_holds(ivan):
    client = bearer(ivan.ivan)
    mine = client.patch(
        f"/api/v1/organizations/{ivan.branch_b.pk}",
        {"short_name": "六塘村支部"},
        content_type="application/json",
    )
    assert mine.status_code == 200
    assert mine.json()["short_name"] == "六塘村支部"
    # The branch where the user is only its secretary: viewable, not changeable.
    assert client.get(f"/api/v1/organizations/{ivan.branch_a.pk}").status_code == 200
    theirs = client.patch(
        f"/api/v1/organizations/{ivan.branch_a.pk}",
        {"short_name": "金水"},
        content_type="application/json",
    )
    assert theirs.status_code == 404
    admin = login(ivan.ivan)
    page = admin.get(f"/admin/core/organization/{ivan.branch_a.pk}/change/")
    assert page.status_code == 200
    assert 'name="short_name"' not in page.content.decode()  # read-only
    assert admin.get(f"/admin/core/organization/{ivan.branch_a2.pk}/change/").status_code == 404


def test_persons_change_in_both_subtrees_but_nowhere_else(ivan):
    client = bearer(ivan.ivan)
    for person in (ivan.person_a, ivan.person_b):
        response = client.patch(
            f"/api/v1/persons/{person.pk}", {"work_unit": "村委"}, content_type="application/json"
        )
        assert response.status_code == 200, person.name
    response = client.patch(
        f"/api/v1/persons/{ivan.person_a2.pk}", {"work_unit": "x"}, content_type="application/json"
    )
    assert response.status_code == 404
