"""`manage.py serve` (`make serve`): it refuses an insecure configuration, and on PostgreSQL it
answers the sign-in page through gunicorn with the production headers."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from journey.core.management.commands.serve import refusals
from tests.live_database import database_url

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GOOD_KEY = "k" * 20 + "-a-long-random-production-key-for-this-test-only-9f3e1c7b"


def test_it_refuses_debug_on_or_a_database_that_is_not_postgresql(settings):
    settings.DEBUG = True
    problems = refusals()
    assert "DEBUG is on: set DEBUG=0" in problems
    if connection.vendor != "postgresql":
        assert any("The database is not PostgreSQL" in p for p in problems)
    with pytest.raises(CommandError, match="Journey will not start with this configuration"):
        call_command("serve", check=True)


def _serve_env(**changes: str) -> dict[str, str]:
    if connection.vendor == "sqlite":
        return {**os.environ, "DATABASE_URL": database_url(), "DEBUG": "0"}
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DEBUG": "0",
        "SECRET_KEY": GOOD_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "PYTHONPATH": os.path.join(REPO, "src"),
    }
    # The browser tests' setting, which a deployment must not have (Django's async.E001).
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return {**env, **changes}


def test_the_default_secret_key_is_refused():
    result = subprocess.run(
        [sys.executable, "manage.py", "serve", "--check"],
        cwd=REPO,
        env={**_serve_env(), "SECRET_KEY": "insecure-local-only-journey-key"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Journey will not start with this configuration" in result.stderr
    assert "SECRET_KEY" in result.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres") is False,
    reason="make serve runs on PostgreSQL only (CI runs this)",
)
def test_it_serves_the_sign_in_page_with_the_production_headers(transactional_db):
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        cwd=REPO,
        env=_serve_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/accounts/login/", headers={"X-Forwarded-Proto": "https"}
    )
    try:
        response = None
        for _ in range(240):
            try:
                response = urllib.request.urlopen(request, timeout=5)
                break
            except (urllib.error.URLError, ConnectionError):
                assert server.poll() is None, server.stdout.read() if server.stdout else ""
                time.sleep(0.5)
        assert response is not None, "gunicorn did not answer within two minutes"
        body = response.read().decode()
        headers = response.headers
        assert response.status == 200 and "Sign in to Journey" in body
        assert "max-age=31536000" in headers["Strict-Transport-Security"]
        assert "default-src" in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        assert "gunicorn" in headers.get("Server", "")
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
