"""`manage.py check --deploy` with DEBUG off, as a council runs Journey, finds nothing to warn
about; and refuses DEBUG off with two-factor sign-in switched off."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def check_deploy(**environment: str) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("JOURNEY_", "SECURE_", "SESSION_", "CSRF_", "DJANGO_"))
    }
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="journey.fairshire.example",
        **environment,
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_deploy_check_finds_nothing_to_warn_about():
    result = check_deploy()
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output


def test_the_deploy_check_refuses_two_factor_switched_off():
    result = check_deploy(JOURNEY_TWO_FACTOR_REQUIRED="0")
    assert result.returncode != 0
    assert "journey.signin.E001" in result.stderr
    assert "Two-factor sign-in is switched off" in result.stderr
