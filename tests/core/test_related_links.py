"""A read-only related field links to the related page only for a reader who may open
it (issue 12, item 4): the security administrator reads a grant without being offered
the user's and the organization's pages, which would answer 403."""

from tests.conftest import login
from zugong.core.models import RoleAssignment


def test_related_pages_are_linked_only_for_readers_who_may_open_them(cast):
    grant = RoleAssignment.objects.get(user=cast.officer_a)
    url = f"/admin/core/roleassignment/{grant.pk}/change/"
    user_page = f"/admin/core/user/{cast.officer_a.pk}/change/"
    org_page = f"/admin/core/organization/{cast.town_a.pk}/change/"
    page = login(cast.secadmin).get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "bob" in html
    assert user_page not in html
    assert org_page not in html
    assert login(cast.secadmin).get(user_page).status_code == 403
    # The department administrator may open both (users and organizations).
    admin_html = login(cast.admin).get(url).content.decode()
    assert user_page in admin_html
    assert org_page in admin_html


def test_the_app_index_offers_only_pages_that_open(cast):
    html = login(cast.secadmin).get("/admin/core/").content.decode()
    assert 'href="/admin/core/roleassignment/"' in html
    assert 'href="/admin/core/user/"' not in html
    assert 'href="/admin/core/organization/"' not in html
    assert 'href="/admin/core/job/"' in html  # the user's own jobs
    # Picking users and organizations when granting roles still works.
    response = login(cast.secadmin).get(
        "/admin/autocomplete/",
        {"app_label": "core", "model_name": "roleassignment", "field_name": "user", "term": "bo"},
    )
    assert response.status_code == 200
    assert "bob" in response.content.decode()
