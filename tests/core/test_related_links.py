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
