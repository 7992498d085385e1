"""R13 baseline: lock-out, security headers with a CSP nonce, secure cookies, no deletes."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_repeated_failed_sign_ins_lock_the_account(client, council):
    username = council["social_worker"].user.username
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(reverse("login"), {"username": username, "password": "wrong"})
        assert "Enter a correct username and password" in response.content.decode()
    client.post(reverse("login"), {"username": username, "password": "wrong"})
    locked = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert "Your account is locked" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_correct_password_signs_in(client, council):
    response = client.post(
        reverse("login"), {"username": council["social_worker"].user.username, "password": PASSWORD}
    )
    assert response.status_code == 302 and response.url == reverse("my_work")


def test_pages_carry_a_nonce_based_csp_and_strict_headers(client, council):
    client.force_login(council["social_worker"].user)
    response = client.get(reverse("my_work"))
    policy = response.headers["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert "script-src 'self' 'nonce-" in policy and "'unsafe-inline'" not in policy
    assert f'<script nonce="{nonce}">' in response.content.decode()
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]


def test_with_debug_off_cookies_are_secure_and_hsts_is_on():
    assert settings.DEBUG is False
    assert settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE
    assert settings.SECURE_HSTS_SECONDS >= 31536000


def test_administrators_cannot_delete_workers_or_teams(client, council):
    admin_user = council["administrator"].user
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    worker = council["social_worker"]
    response = client.get(reverse("admin:workforce_worker_delete", args=[worker.pk]))
    assert response.status_code == 403
    assert client.get(reverse("admin:workforce_worker_change", args=[worker.pk])).status_code == 200
