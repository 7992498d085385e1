"""Core: the access log, explicit record grants (R13) and reviewer visits (R12)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


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
    starts_on = models.DateField(
        null=True, blank=True, help_text="Empty: from when granted. A reviewer visit's first day"
    )
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


class ReviewerAccess(models.Model):
    """A reviewer's visit (R12): time-limited, read-only access to a sample of children.

    The sample is chosen by the granting manager or drawn at random from a scope (teams, kinds
    of work, open in a period) with a recorded seed. Each child in it gets a RecordGrant from
    `starts_on` to `ends_on`, so access ends by itself; revoking revokes the grants.
    """

    class How(models.TextChoices):
        DRAWN = "drawn", "Drawn at random"
        CHOSEN = "chosen", "Chosen"

    reviewer = models.ForeignKey(
        "workforce.Worker", on_delete=models.PROTECT, related_name="reviewer_visits"
    )
    granted_by = models.ForeignKey(
        "workforce.Worker", on_delete=models.PROTECT, related_name="reviewer_visits_granted"
    )
    purpose = models.CharField(max_length=300)
    starts_on = models.DateField()
    ends_on = models.DateField()
    teams = models.ManyToManyField("workforce.Team", related_name="reviewer_visits")
    kinds = models.JSONField("Kinds of work", default=list)
    period_start = models.DateField("Open from")
    period_end = models.DateField("Open until")
    how = models.CharField(max_length=10, choices=How.choices, blank=True)
    sample_size = models.PositiveSmallIntegerField(null=True, blank=True)
    method = models.CharField(max_length=10, blank=True, help_text="quality.SampleMethod")
    seed = models.BigIntegerField(null=True, blank=True)
    sampled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        "workforce.Worker", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoke_reason = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="reviewer_access_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="reviewer_access_period_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer}: {self.purpose}"

    @property
    def is_sampled(self) -> bool:
        return self.sampled_at is not None


class ReviewerCase(models.Model):
    """One child in a reviewer visit's sample, and the grant that opens their record."""

    visit = models.ForeignKey(ReviewerAccess, on_delete=models.PROTECT, related_name="cases")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    episode = models.ForeignKey(
        "cases.Episode",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The work in scope that brought the child into the sample",
    )
    grant = models.OneToOneField(
        RecordGrant, on_delete=models.PROTECT, related_name="reviewer_case"
    )
    position = models.PositiveIntegerField(help_text="Order drawn or chosen")
    stratum = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "child"], name="child_once_per_visit")
        ]

    def __str__(self) -> str:
        return f"{self.child_id} in {self.visit}"


class ReviewerExtension(models.Model):
    """A visit's last day moved later (an inspection that overran), with who, when and why.

    The visit and its grants carry the new last day; this keeps the one it replaced.
    """

    visit = models.ForeignKey(ReviewerAccess, on_delete=models.PROTECT, related_name="extensions")
    previous_ends_on = models.DateField("Last day before")
    ends_on = models.DateField("New last day")
    reason = models.CharField(max_length=300)
    extended_by = models.ForeignKey("workforce.Worker", on_delete=models.PROTECT, related_name="+")
    extended_at = models.DateTimeField()

    class Meta:
        ordering = ["extended_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("previous_ends_on")),
                name="reviewer_extension_ends_later",
            )
        ]

    def __str__(self) -> str:
        return f"{self.visit_id} extended to {self.ends_on}"
