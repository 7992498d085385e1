"""Casework inside an episode: assessments, plans and actions, meetings, visits, supervision.

These start minimal; the early help, quality and statutory-return issues extend them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from journey.core import codes


class Assessment(models.Model):
    class Kind(models.TextChoices):
        CAF = "caf", "Early help assessment (CAF)"
        SINGLE = "single", "Social care single assessment"

    episode = models.ForeignKey(
        "cases.Episode", on_delete=models.PROTECT, related_name="assessments"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    started_on = models.DateField()
    completed_on = models.DateField("Completed or authorised on", null=True, blank=True)
    factors = models.JSONField(default=list, blank=True, help_text="DfE assessment factor codes")
    child_views = models.TextField("The child's views, in their own words", blank=True)
    summary = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True)
                | Q(completed_on__gte=models.F("started_on")),
                name="assessment_completed_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} started {self.started_on:%d %b %Y}"


class Plan(models.Model):
    class Kind(models.TextChoices):
        EARLY_HELP = "early_help", "Early help plan"
        CIN = "cin", "Child in need plan"
        CP = "cp", "Child protection plan"

    episode = models.ForeignKey("cases.Episode", on_delete=models.PROTECT, related_name="plans")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    review_due_on = models.DateField(null=True, blank=True)
    initial_category = models.CharField(
        "Initial category of abuse", max_length=3, choices=codes.CategoryOfAbuse.choices, blank=True
    )
    latest_category = models.CharField(
        "Latest category of abuse", max_length=3, choices=codes.CategoryOfAbuse.choices, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        indexes = [models.Index(fields=["episode", "ended_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="plan_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(kind="cp") | ~Q(initial_category=""), name="cp_plan_has_category"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.started_on:%d %b %Y}"


class PlanAction(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        WITHDRAWN = "withdrawn", "No longer needed"

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="actions")
    description = models.TextField()
    owner = models.ForeignKey(
        "workforce.Worker", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey("people.Agency", null=True, blank=True, on_delete=models.PROTECT)
    due_on = models.DateField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return self.description[:60]


class Meeting(models.Model):
    class Kind(models.TextChoices):
        TAF = "taf", "Team Around the Family meeting"
        CIN_REVIEW = "cin_review", "Child in need review"
        STRATEGY = "strategy", "Strategy discussion"
        ICPC = "icpc", "Initial child protection conference"
        RCPC = "rcpc", "Review child protection conference"
        PANEL = "panel", "Panel"

    episode = models.ForeignKey("cases.Episode", on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    held_on = models.DateField()
    summary = models.TextField(blank=True)
    child_views = models.TextField("The child's views, in their own words", blank=True)
    next_due_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.held_on:%d %b %Y}"


class CaseNote(models.Model):
    """A visit or a case note. Visits record whether the child was seen, and seen alone."""

    class Kind(models.TextChoices):
        VISIT = "visit", "Visit"
        NOTE = "note", "Case note"
        PHONE = "phone", "Phone call"

    episode = models.ForeignKey(
        "cases.Episode", on_delete=models.PROTECT, related_name="case_notes"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    occurred_at = models.DateTimeField()
    child_seen = models.BooleanField(default=False)
    child_seen_alone = models.BooleanField(default=False)
    text = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(child_seen=True) | Q(child_seen_alone=False),
                name="seen_alone_implies_seen",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.occurred_at:%d %b %Y}"


class Supervision(models.Model):
    class Kind(models.TextChoices):
        CASE_SUPERVISION = "supervision", "Case supervision"
        OVERSIGHT = "oversight", "Management oversight"

    episode = models.ForeignKey(
        "cases.Episode", on_delete=models.PROTECT, related_name="supervisions"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.CASE_SUPERVISION)
    held_on = models.DateField()
    supervisor = models.ForeignKey("workforce.Worker", on_delete=models.PROTECT, related_name="+")
    discussion = models.TextField()
    decisions = models.TextField(blank=True)
    next_due_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.held_on:%d %b %Y}"
