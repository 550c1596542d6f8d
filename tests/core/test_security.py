from django.test import Client

from zugong.core.models import AuditEntry


def test_five_failures_lock_the_account(cast):
    client = Client()
    for _ in range(5):
        client.post("/admin/login/", {"username": "bob", "password": "wrong"})
    response = client.post("/admin/login/", {"username": "bob", "password": "Zugong#2026"})
    assert response.status_code == 429
    assert "账号已被锁定" in response.content.decode()
    assert "PT30M" not in response.content.decode()  # no ISO duration shown to the user
    assert AuditEntry.objects.filter(action="core.auth.login_failed", actor_name="bob").count() >= 5


def test_the_security_administrator_unlocks(cast):
    client = Client()
    for _ in range(5):
        client.post("/admin/login/", {"username": "bob", "password": "wrong"})
    admin = Client()
    admin.force_login(cast.secadmin)
    from axes.models import AccessAttempt

    attempt = AccessAttempt.objects.get(username="bob")
    admin.post("/admin/axes/accessattempt/", {"action": "unlock", "_selected_action": [attempt.pk]})
    assert not AccessAttempt.objects.filter(username="bob").exists()
    response = Client().post("/admin/login/", {"username": "bob", "password": "Zugong#2026"})
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="core.auth.lockout_cleared").exists()


def test_sessions_expire_when_idle_and_cookies_are_guarded(settings, cast):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.X_FRAME_OPTIONS == "DENY"
    client = Client()
    client.force_login(cast.officer_a)
    response = client.get("/admin/")
    assert response["X-Frame-Options"] == "DENY"
    assert client.session.get_expiry_age() == 1800
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    Session.objects.update(
        expire_date=timezone.now() - timezone.timedelta(seconds=1)
    )  # 30 idle minutes later
    assert client.get("/admin/").status_code == 302


def test_login_needs_csrf(cast):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/admin/login/", {"username": "bob", "password": "Zugong#2026"})
    assert response.status_code == 403
