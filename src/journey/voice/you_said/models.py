"""'You said, we did': issues children and young people raised, the council's response, who
owns it and what changed. Published items are shown to young people, without names."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

__all__ = ["YouSaidIssue"]


class YouSaidIssue(models.Model):
    raised = models.TextField("What children and young people said")
    raised_by = models.CharField(
        "Who raised it", max_length=200, help_text="A group, such as the Youth Council"
    )
    raised_on = models.DateField()
    respond_by = models.DateField(help_text="When a response is due")
    team = models.ForeignKey(
        "workforce.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    response = models.TextField("Our response", blank=True)
    responded_on = models.DateField(null=True, blank=True)
    owner = models.ForeignKey(
        "workforce.Worker", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    changed = models.TextField("What changed", blank=True)
    changed_on = models.DateField(null=True, blank=True)
    published = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-raised_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(responded_on__isnull=True) | Q(owner__isnull=False),
                name="you_said_response_has_owner",
            ),
            models.CheckConstraint(
                condition=Q(published=False) | Q(responded_on__isnull=False),
                name="you_said_published_after_response",
            ),
        ]
        indexes = [models.Index(fields=["respond_by"])]

    def __str__(self) -> str:
        return f"You said ({self.raised_on})"
