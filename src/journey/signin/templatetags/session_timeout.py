"""The session warning dialog's settings for the page, and whether a user is fully signed in."""

from __future__ import annotations

import time

from django import template
from django.conf import settings

from journey.signin import sessions

register = template.Library()


@register.filter
def fully_signed_in(user) -> bool:
    """Signed in, and past the second step if it is required."""
    if not getattr(user, "is_authenticated", False):
        return False
    if not settings.JOURNEY_TWO_FACTOR_REQUIRED:
        return True
    is_verified = getattr(user, "is_verified", None)  # set by django-otp's middleware
    return bool(is_verified and is_verified())


@register.simple_tag(takes_context=True)
def session_timeout(context) -> dict | None:
    """When the dialog opens and how long it counts down, for a signed-in page; else None."""
    request = context.get("request")
    if request is None or not fully_signed_in(getattr(request, "user", None)):
        return None
    return {
        "seconds_left": sessions.idle_seconds_left(request.session, time.time()),
        "warning_seconds": sessions.warning_seconds(),
    }
