"""Reads for the sign-in pages: a user's authenticator app and recovery codes, past resets."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from journey.signin.models import TwoFactorReset

RESETS_SHOWN = 100


def authenticator(user: User) -> TOTPDevice | None:
    """The user's confirmed authenticator app, if they have set one up."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def has_authenticator(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_authenticator(user: User, device_id: int | None) -> TOTPDevice | None:
    """The app being set up in this session: never confirmed and never used (a reset device
    was used, so it never comes back)."""
    if device_id is None:
        return None
    return TOTPDevice.objects.filter(
        user=user, pk=device_id, confirmed=False, last_used_at__isnull=True
    ).first()


def recovery_device(user: User) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def recovery_codes_left(user: User) -> int:
    device = recovery_device(user)
    return device.token_set.count() if device else 0


def has_two_factor(user: User) -> bool:
    """Anything a reset would switch off: a confirmed app or recovery codes."""
    return (
        has_authenticator(user) or StaticDevice.objects.filter(user=user, confirmed=True).exists()
    )


def user_named(username: str) -> User | None:
    model = get_user_model()
    return model.objects.filter(**{model.USERNAME_FIELD: username.strip()}).first()


def past_resets(limit: int = RESETS_SHOWN) -> QuerySet[TwoFactorReset]:
    return TwoFactorReset.objects.select_related("user", "reset_by")[:limit]
