"""The talent portal's addresses (/talent/…)."""

from django.urls import path

from zugong.talent.portal import views, views_apply

app_name = "talent_portal"

# Pages for people who are not signed in yet (tests/talent/test_portal_entry_points.py).
OPEN = {"login", "logout", "register", "registered", "sw"}

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("register/", views.register, name="register"),
    path("register/done/", views.registered, name="registered"),
    path("profile/", views.profile, name="profile"),
    path("password/", views.password, name="password"),
    path("certification/", views_apply.certifications, name="certifications"),
    path("certification/<int:pk>/", views_apply.certification, name="certification"),
    path("card/", views_apply.card, name="card"),
    path("card/<int:pk>/action/", views_apply.card_action, name="card_action"),
    path("services/", views_apply.service_requests, name="services"),
    path("housing/", views_apply.housing, name="housing"),
    path("sw.js", views.service_worker, name="sw"),
]
