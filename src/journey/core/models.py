"""Core: the access log and explicit record grants (R13)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AccessEvent(models.Model):
    """Append-only: who viewed, printed or exported which child's record, or was refused."""

    class Action(models.TextChoices):
        VIEW = "view", "Viewed"
        PRINT = "print", "Printed"
        EXPORT = "export", "Exported"
        DENIED = "denied", "Refused access"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="access_events",
    )
    action = models.CharField(max_length=10, choices=Action.choices)
    path = models.CharField(max_length=300)
    reason = models.CharField(max_length=300, blank=True)
    occurred_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["child", "occurred_at"])]

    def __str__(self) -> str:
        return (
            f"{self.user} {self.get_action_display().lower()} {self.child_id} at {self.occurred_at}"
        )


class RecordGrant(models.Model):
    """An explicit permission for one user to see one child: needed for restricted records."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="record_grants"
    )
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="grants")
    reason = models.CharField(max_length=300)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)
    expires_on = models.DateField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "child"])]

    def __str__(self) -> str:
        return f"{self.user} may see {self.child_id}"


class Counter(models.Model):
    """Named number sequences for human-facing identifiers (e.g. a child's local ID)."""

    name = models.CharField(max_length=30, unique=True)
    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}={self.value}"
