"""The chronology: a read model of every event in a child's journey, written by the services."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class EntryKind(models.TextChoices):
    CHILD_RECORDED = "child_recorded", "Child recorded"
    CONTACT = "contact", "Contact"
    THRESHOLD_DECISION = "threshold", "Threshold decision"
    EPISODE_OPENED = "episode_opened", "Episode opened"
    EPISODE_CLOSED = "episode_closed", "Episode closed"
    ALLOCATION = "allocation", "Allocation"
    STEP_CHANGE = "step_change", "Step up or down"
    PANEL = "panel", "Panel"
    ASSESSMENT = "assessment", "Assessment"
    PLAN = "plan", "Plan"
    MEETING = "meeting", "Meeting"
    VISIT = "visit", "Visit"
    CASE_NOTE = "case_note", "Case note"
    CASE_SUMMARY = "case_summary", "Reflective case summary"
    SHARING = "sharing", "Information shared or not shared"
    SUPERVISION = "supervision", "Supervision"
    AUDIT = "audit", "Audit"
    CORRECTION = "correction", "Details corrected"
    PROTECTION = "protection", "Emergency protection"
    INTENSITY = "intensity", "Family Help: child in need status"
    FAMILY_NETWORK = "family_network", "Family network"
    IDENTIFIER = "identifier", "Consistent identifier checked"
    PARTNER_SERVICE = "partner_service", "Partner service referral"
    FAMILY_GROUP = "family_group", "Family group decision-making"
    COURT = "court", "Court application"
    COMPLAINT_RECEIVED = "complaint_received", "Complaint received"
    COMPLAINT_RESPONDED = "complaint_responded", "Complaint responded"
    VIEWS = "views", "Views from the child or family"
    OUTCOME = "outcome", "Outcome measure"


class Sensitivity(models.TextChoices):
    NORMAL = "normal", "Normal"
    SENSITIVE = "sensitive", "Sensitive"


class ChronologyEntryQuerySet(models.QuerySet):
    def for_child(self, child_id: int) -> ChronologyEntryQuerySet:
        return self.filter(child_id=child_id)


class ChronologyEntry(models.Model):
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="chronology")
    episode = models.ForeignKey(
        "cases.Episode", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    occurred_at = models.DateTimeField()
    kind = models.CharField(max_length=20, choices=EntryKind.choices)
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    is_significant = models.BooleanField(default=False)
    significance_reason = models.CharField(max_length=300, blank=True)
    source_app = models.CharField(max_length=30)
    source_model = models.CharField(max_length=50)
    source_pk = models.BigIntegerField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by_name = models.CharField(max_length=150, blank=True)
    recorded_at = models.DateTimeField()
    sensitivity = models.CharField(
        max_length=10, choices=Sensitivity.choices, default=Sensitivity.NORMAL
    )
    in_error = models.BooleanField(default=False)
    in_error_reason = models.CharField(max_length=300, blank=True)

    objects = ChronologyEntryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "chronology entries"
        indexes = [
            models.Index(fields=["child", "occurred_at"]),
            models.Index(fields=["source_app", "source_model", "source_pk"]),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%d %b %Y}: {self.title}"


class EntryChange(models.Model):
    """Append-only: each time an entry is marked significant, unmarked, or recorded in error."""

    class Change(models.TextChoices):
        SIGNIFICANT = "significant", "Marked significant"
        NOT_SIGNIFICANT = "not_significant", "No longer significant"
        IN_ERROR = "in_error", "Recorded in error"

    entry = models.ForeignKey(ChronologyEntry, on_delete=models.PROTECT, related_name="changes")
    change = models.CharField(max_length=20, choices=Change.choices)
    reason = models.CharField(max_length=300)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_change_display()}: {self.reason}"
