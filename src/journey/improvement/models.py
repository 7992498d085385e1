"""Improvement plans (R11): areas for improvement, their actions with the Appendix B fields, a
dated progress log, and each action's RAG, computed from a measure or rated by its lead.

Also the monthly figures of every registered measure (journey.core.measures), stored by the
snapshot job so plans, the dashboard and the scrutiny report read a year of figures at once.

Nothing here is deleted: an action is withdrawn with a reason; a progress update, a rating or an
override is added, and the newest counts.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class Source(models.TextChoices):
    PEER_CHALLENGE = "peer_challenge", "Peer challenge"
    OFSTED = "ofsted", "Ofsted inspection"
    AUDIT = "audit", "Case audit"
    COMPLAINT_LEARNING = "complaint_learning", "Learning from complaints"
    SELF_ASSESSMENT = "self_assessment", "Self-assessment"


class Rag(models.TextChoices):
    ACHIEVED = "achieved", "Achieved"
    ON_TASK = "on_task", "On task"
    AT_RISK = "at_risk", "At risk of not achieving"


class ImprovementPlan(models.Model):
    title = models.CharField(max_length=200)
    source = models.CharField(max_length=30, choices=Source.choices)
    owner = models.ForeignKey(
        "workforce.Worker", on_delete=models.PROTECT, related_name="improvement_plans"
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    purpose = models.TextField(
        blank=True, help_text="Why the plan exists, in a sentence or two (the report's purpose)"
    )
    background = models.TextField(
        blank=True, help_text="What was found and when: the report's background"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="improvement_plan_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Area(models.Model):
    """An area for improvement: what was found, and what is recommended."""

    plan = models.ForeignKey(ImprovementPlan, on_delete=models.PROTECT, related_name="areas")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    finding = models.TextField(blank=True, help_text="What the review found")
    recommendation = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="one_area_number_per_plan")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class ActionQuerySet(models.QuerySet):
    def current(self) -> ActionQuerySet:
        return self.filter(withdrawn_at__isnull=True)

    def led_by(self, worker_id: int) -> ActionQuerySet:
        return self.filter(Q(lead_id=worker_id) | Q(responsible_officer_id=worker_id))


class Action(models.Model):
    """One action under an area, with the fields of the seed's Appendix B."""

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="actions")
    number = models.PositiveSmallIntegerField()
    action = models.TextField()
    lead = models.ForeignKey("workforce.Worker", on_delete=models.PROTECT, related_name="+")
    responsible_officer = models.ForeignKey(
        "workforce.Worker", on_delete=models.PROTECT, related_name="+"
    )
    evidence = models.TextField(help_text="What will show the action has worked")
    due_on = models.DateField("Timescale")
    timescale_note = models.CharField(
        max_length=100, blank=True, help_text="If it repeats, for example Monthly"
    )
    linked_plans = models.CharField("Link to other plans", max_length=300, blank=True)
    # Tied to a measure: its RAG follows the figures.
    measure = models.CharField(max_length=60, blank=True)
    measure_team = models.ForeignKey(
        "workforce.Team",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty: the whole council",
    )
    target = models.DecimalField(max_digits=9, decimal_places=1, null=True, blank=True)
    target_by = models.DateField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_reason = models.TextField(blank=True)
    created_at = models.DateTimeField()
    history = HistoricalRecords()

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["area", "number"]
        constraints = [
            models.UniqueConstraint(fields=["area", "number"], name="one_action_number_per_area"),
            models.CheckConstraint(
                condition=Q(measure="") | (Q(target__isnull=False) & Q(target_by__isnull=False)),
                name="measured_action_has_target_and_date",
            ),
        ]
        indexes = [models.Index(fields=["lead", "withdrawn_at"])]

    def __str__(self) -> str:
        return f"{self.area.number}.{self.number} {self.action[:60]}"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def is_measured(self) -> bool:
        return bool(self.measure)


class ProgressUpdate(models.Model):
    """A dated entry on an action's progress log. For an action without a measure the lead rates
    it here, with the evidence in the note."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="updates")
    recorded_on = models.DateField()
    note = models.TextField()
    rag = models.CharField(max_length=10, choices=Rag.choices, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by_name = models.CharField(max_length=150)
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["action", "-recorded_on", "-recorded_at", "-pk"]
        indexes = [models.Index(fields=["action", "recorded_on"])]

    def __str__(self) -> str:
        return f"Progress on {self.action_id} ({self.recorded_on})"


class RagOverride(models.Model):
    """A person's rating in place of the computed one, with the reason, shown beside the figures.
    A later row with no rating hands the action back to the evidence."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="overrides")
    rag = models.CharField(max_length=10, choices=Rag.choices, blank=True)
    reason = models.TextField()
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    made_by_name = models.CharField(max_length=150)
    made_at = models.DateTimeField()

    class Meta:
        ordering = ["action", "-made_at", "-pk"]

    def __str__(self) -> str:
        return f"Override on {self.action_id}: {self.rag or 'back to the evidence'}"


class MeasureFigure(models.Model):
    """One measure's figure for one month, for the council (no team), a team, or a worker.

    Written only by the snapshot job (improvement.services.snapshot_measures), which replaces a
    month's rows in one transaction: figures are derived from the records, so the records stay
    the thing that is never lost."""

    measure = models.CharField(max_length=60)
    month = models.DateField(help_text="The month's first day")
    team = models.ForeignKey(
        "workforce.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    worker = models.ForeignKey(
        "workforce.Worker", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    numerator = models.IntegerField()
    denominator = models.IntegerField()
    whole_month = models.BooleanField(
        default=True, help_text="False: the month had not ended when it was counted"
    )
    computed_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["month", "measure", "team"])]

    def __str__(self) -> str:
        return f"{self.measure} {self.month:%b %Y}: {self.numerator}/{self.denominator}"


class RatingSnapshot(models.Model):
    """How a plan's current actions were rated at the end of a month: the RAG trend on the
    dashboard and in the report to scrutiny. Written only by the monthly snapshot job, which
    replaces a month's rows."""

    month = models.DateField(help_text="The month's first day")
    plan = models.ForeignKey(ImprovementPlan, on_delete=models.PROTECT, related_name="+")
    achieved = models.PositiveIntegerField(default=0)
    on_task = models.PositiveIntegerField(default=0)
    at_risk = models.PositiveIntegerField(default=0)
    unrated = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["month", "plan"])]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.month:%b %Y}"
