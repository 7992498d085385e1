"""Writes for two-factor sign-in, each in one transaction.

Codes are checked by django-otp (`verify_token`): a TOTP code is refused once used (the device
keeps the last time step it accepted) or outside its 30-second window either side, a recovery
code is used up, and failures slow further tries (django-otp's throttling). A refused code
raises ValidationError on "code" after django-otp has counted the failure; nothing else changes.
Devices are never deleted: a reset, or new recovery codes, set the old ones unconfirmed.
"""

from __future__ import annotations

import re
from typing import TypeVar

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp import verify_token
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from journey.access.signin import (
    OWN_RESET_REFUSED,
    RESET_REFUSED,
    may_reset_two_factor,
    may_reset_two_factor_of,
)
from journey.signin import selectors
from journey.signin.models import TwoFactorReset

_D = TypeVar("_D", bound=Device)

RECOVERY_CODES = 10
MIN_REASON_WORDS = 4
APP_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"

APP_CODE = "the 6-digit code your authenticator app shows now"
WRONG_APP_CODE = (
    "The code is not right or has been used already. Enter the 6-digit code your "
    "authenticator app shows now"
)
RECOVERY_CODE = "one of your recovery codes"
WRONG_RECOVERY_CODE = (
    "The recovery code is not right or has been used already. Check it and enter it again, or "
    "use another of your recovery codes"
)


def _throttled(device: Device, what: str) -> None:
    """Refuse before checking while django-otp makes the user wait after wrong codes."""
    allowed, why = device.verify_is_allowed()
    if allowed:
        return
    locked_until = (why or {}).get("locked_until")
    seconds = max(1, round((locked_until - timezone.now()).total_seconds())) if locked_until else 1
    wait = "1 second" if seconds == 1 else f"{seconds} seconds"
    raise ValidationError(
        {"code": f"You have entered too many wrong codes. Wait {wait}, then enter {what}"}
    )


def _verified(user: User, device: _D, token: str, what: str, wrong: str) -> _D:
    """The device, reloaded by django-otp once it accepts the token (the same kind of device)."""
    _throttled(device, what)
    with transaction.atomic():
        verified = verify_token(user, device.persistent_id, token)
    if verified is None:
        raise ValidationError({"code": wrong})
    return verified


def check_code(user: User, code: str) -> TOTPDevice:
    """The user's authenticator app, if it accepts this code (the second step of signing in)."""
    device = selectors.authenticator(user)
    if device is None:
        raise ValidationError({"code": "Set up an authenticator app first"})
    return _verified(user, device, code, APP_CODE, WRONG_APP_CODE)


def use_recovery_code(user: User, code: str) -> StaticDevice:
    """Signs in with a recovery code instead of the app; the code is used up."""
    device = selectors.recovery_device(user)
    if device is None or not device.token_set.exists():
        raise ValidationError(
            {
                "code": "You have no recovery codes left. Ask an assistant "
                "director to reset your two-factor sign-in"
            }
        )
    return _verified(user, device, normal_recovery_code(code), RECOVERY_CODE, WRONG_RECOVERY_CODE)


def normal_recovery_code(code: str) -> str:
    return re.sub(r"[\s-]", "", code).lower()


def start_enrolment(user: User) -> TOTPDevice:
    """A new authenticator app, with a fresh secret, unconfirmed until it gives a right code."""
    with transaction.atomic():
        return TOTPDevice.objects.create(user=user, name=APP_NAME, confirmed=False)


def confirm_enrolment(user: User, device: TOTPDevice, code: str) -> tuple[TOTPDevice, list[str]]:
    """The app gave a right code: it becomes the user's app, with new recovery codes."""
    verified = _verified(user, device, code, APP_CODE, WRONG_APP_CODE)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=True).update(confirmed=False)
        verified.confirmed = True
        verified.save(update_fields=["confirmed"])
        _, codes = _issue_recovery_codes(user)
    return verified, codes


def new_recovery_codes(user: User) -> tuple[StaticDevice, list[str]]:
    """Replaces the user's recovery codes: the old ones stop working."""
    with transaction.atomic():
        return _issue_recovery_codes(user)


def _issue_recovery_codes(user: User) -> tuple[StaticDevice, list[str]]:
    StaticDevice.objects.filter(user=user, confirmed=True).update(confirmed=False)
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes: dict[str, None] = {}
    while len(codes) < RECOVERY_CODES:
        codes[StaticToken.random_token()] = None
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return device, list(codes)


def reason_problem(reason: str) -> str | None:
    words = re.findall(r"\w+", reason or "")
    if not words:
        return "Enter the reason for the reset"
    if len(words) < MIN_REASON_WORDS:
        return (
            f"The reason must be at least {MIN_REASON_WORDS} words: say what happened and how "
            "you checked it was them asking"
        )
    return None


def reset_two_factor(person: User, *, by: User, reason: str) -> TwoFactorReset:
    """An assistant director switches off someone's app and recovery codes (kept, unconfirmed);
    they are signed out and set up a new app when they next sign in."""
    if not may_reset_two_factor(by):
        raise PermissionDenied(RESET_REFUSED)
    errors = {}
    if not may_reset_two_factor_of(by, person):
        errors["user"] = OWN_RESET_REFUSED
    elif not selectors.has_two_factor(person):
        errors["user"] = (
            f"{person.get_username()} has not set up two-factor sign-in, so there is nothing "
            "to reset"
        )
    if problem := reason_problem(reason):
        errors["reason"] = problem
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=person, confirmed=True).update(confirmed=False)
        StaticDevice.objects.filter(user=person, confirmed=True).update(confirmed=False)
        return TwoFactorReset.objects.create(user=person, reset_by=by, reason=reason.strip())
