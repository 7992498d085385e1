"""Helpers for the sign-in tests: two-factor switched on (as in production), apps set up through
the services, and real TOTP codes computed from a device's key, as the user's app would."""

from __future__ import annotations

import time
from base64 import b32decode

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from journey.signin import services
from tests.conftest import PASSWORD

WRONG_CODE = "The code is not right or has been used already"


@pytest.fixture
def two_factor(settings):
    """Two-factor sign-in on, as whenever DEBUG is off outside the tests."""
    settings.JOURNEY_TWO_FACTOR_REQUIRED = True
    return settings


def code_for(device: TOTPDevice, *, seconds_from_now: float = 0) -> str:
    """The code the user's app shows (now, or that many seconds away): the app knows nothing of
    the drift the server may have noted."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    totp.time = time.time() + seconds_from_now
    return f"{totp.token():06d}"


def code_from_key(secret: str, *, seconds_from_now: float = 0) -> str:
    """The code for a key typed in by hand from the set-up page ("ABCD EFGH …")."""
    key = b32decode(secret.replace(" ", ""))
    totp = TOTP(key)
    totp.time = time.time() + seconds_from_now
    return f"{totp.token():06d}"


def next_code(device: TOTPDevice) -> str:
    """A code not used yet: the one the app shows in the next 30 seconds (within the window)."""
    return code_for(device, seconds_from_now=device.step)


def set_up_app(user) -> tuple[TOTPDevice, list[str]]:
    """The user sets up an authenticator app (through the services), giving its code."""
    device = services.start_enrolment(user)
    device, codes = services.confirm_enrolment(user, device, code_for(device))
    return device, codes


def sign_in_with_password(client, user, **extra):
    return client.post(
        reverse("login"), {"username": user.get_username(), "password": PASSWORD}, **extra
    )


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def page_text(response) -> str:
    return response.content.decode()
