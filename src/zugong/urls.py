from django.shortcuts import redirect
from django.urls import include, path

from zugong.api import api
from zugong.core import search_views
from zugong.core.admin import site
from zugong.core.admin.account import password_change_view
from zugong.core.two_factor import views as two_factor_views

urlpatterns = [
    path("", lambda request: redirect("admin:index")),
    path("api/v1/", api.urls),
    # The admin's own password change, through the audited service (core.admin.account).
    path("admin/password_change/", password_change_view),
    # Search across everything (the Ctrl+K palette's "all results"), before the admin's
    # catch-all.
    path("admin/search/all/", search_views.results_view(), name="search_results"),
    path("admin/", site.urls),
    path("account/two-factor/", two_factor_views.enrol, name="two_factor_enrol"),
    # The talent portal: talents' own pages, outside the back office.
    path("talent/", include("zugong.talent.portal.urls")),
]

# Chinese error pages in the back office's look; never a debug page (core/error_pages.py).
handler400 = "zugong.core.error_pages.bad_request"
handler403 = "zugong.core.error_pages.permission_denied"
handler404 = "zugong.core.error_pages.page_not_found"
handler500 = "zugong.core.error_pages.server_error"
