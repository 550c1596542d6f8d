from django.shortcuts import redirect
from django.urls import path

from zugong.api import api
from zugong.core.admin import site

urlpatterns = [
    path("", lambda request: redirect("admin:index")),
    path("api/v1/", api.urls),
    path("admin/", site.urls),
]
