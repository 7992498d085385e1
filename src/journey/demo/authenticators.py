"""The demo council's authenticator apps. Each demo account's secret is derived from its
username by a published rule, as its password is published, so that Journey can be tried (and
load-tested, `make load`) with two-factor sign-in on: `manage.py demo_code USERNAME` shows the
code an account's app would show now. Only a database holding the demo council is given them:
the seed gives every account one, and `make load` gives any account it signs in as that has
none."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import transaction
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from journey.signin.services import APP_NAME

#: What the demo secrets are derived from (with the username); published with the password.
DEMO_SECRET = b"journey-demo-2026 authenticator"


def demo_secret(username: str) -> str:
    """The hex secret of the demo account's authenticator app (20 bytes, as django-otp keeps)."""
    return hmac.new(DEMO_SECRET, username.encode(), hashlib.sha1).hexdigest()


def demo_code(username: str) -> str:
    """The 6-digit code the demo account's app shows now."""
    return f"{totp(bytes.fromhex(demo_secret(username))):06d}"


def give_demo_authenticators(user_ids: Iterable[int] | None = None) -> int:
    """A confirmed authenticator app with its demo secret for each account named (every account
    if None) that has none; returns how many were given."""
    users = get_user_model().objects.exclude(totpdevice__confirmed=True)
    if user_ids is not None:
        users = users.filter(pk__in=list(user_ids))
    with transaction.atomic():
        devices = TOTPDevice.objects.bulk_create(
            TOTPDevice(user_id=pk, name=APP_NAME, key=demo_secret(username), confirmed=True)
            for pk, username in users.values_list("pk", "username").iterator()
        )
    return len(devices)
