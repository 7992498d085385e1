"""Deploy checks: a council's Journey never runs without two-factor sign-in."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def two_factor_is_on(app_configs, **kwargs) -> list[Error]:
    if settings.DEBUG or settings.JOURNEY_TWO_FACTOR_REQUIRED:
        return []
    return [
        Error(
            "Two-factor sign-in is switched off (JOURNEY_TWO_FACTOR_REQUIRED) with DEBUG off.",
            hint="Journey holds children's social care records: every account signs in with a "
            "code from an authenticator app. Unset JOURNEY_TWO_FACTOR_REQUIRED (it defaults to "
            "on when DEBUG is off).",
            id="journey.signin.E001",
        )
    ]
