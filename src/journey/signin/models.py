"""What sign-in keeps of its own. Devices and recovery codes are django-otp's (TOTPDevice,
StaticDevice): a reset sets them unconfirmed, never deletes them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class TwoFactorReset(models.Model):
    """An assistant director reset someone's two-factor sign-in (a lost phone): append-only."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="two_factor_resets"
    )
    reset_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField()
    reset_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-reset_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user} reset by {self.reset_by} at {self.reset_at:%Y-%m-%d %H:%M}"
