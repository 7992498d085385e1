"""The participation register: each service and team rated on Hart's ladder of participation for
a quarter, with the evidence, and the participation activities held (forums, consultations,
young inspectors, interview panels) with who took part, counted by age band."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

__all__ = ["Rung", "ParticipationRating", "ActivityKind", "ParticipationActivity"]


class Rung(models.IntegerChoices):
    """Hart's ladder of participation (Roger Hart, 1992), bottom to top."""

    MANIPULATION = 1, "Manipulation"
    DECORATION = 2, "Decoration"
    TOKENISM = 3, "Tokenism"
    ASSIGNED_INFORMED = 4, "Assigned but informed"
    CONSULTED_INFORMED = 5, "Consulted and informed"
    ADULT_INITIATED = 6, "Adult-initiated, shared decisions with young people"
    YOUNG_PEOPLE_LED = 7, "Young-people-led and initiated"
    YOUNG_PEOPLE_INITIATED = 8, "Young-people-initiated, shared decisions with adults"


class ParticipationRating(models.Model):
    """A team's or a service's rung on the ladder for a quarter, with the evidence. Never
    changed: a new rating for the same team (or service) and quarter supersedes this one, with
    its reason, and both stay in the history."""

    team = models.ForeignKey(
        "workforce.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    service = models.ForeignKey(
        "workforce.Service", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    period_starts_on = models.DateField("Quarter starts on")
    period_ends_on = models.DateField("Quarter ends on")
    rung = models.PositiveSmallIntegerField(choices=Rung.choices)
    evidence = models.TextField()
    supersedes = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
        help_text="The rating for the same team and quarter this one replaces",
    )
    reason = models.TextField(blank=True, help_text="Why this rating supersedes the earlier one")
    is_current = models.BooleanField(default=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by_name = models.CharField(max_length=150)
    recorded_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-period_starts_on", "-recorded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(team__isnull=False, service__isnull=True)
                | Q(team__isnull=True, service__isnull=False),
                name="participation_rating_team_or_service",
            ),
            models.UniqueConstraint(
                fields=["team", "period_starts_on"],
                condition=Q(is_current=True, team__isnull=False),
                name="participation_rating_one_current_per_team",
            ),
            models.UniqueConstraint(
                fields=["service", "period_starts_on"],
                condition=Q(is_current=True, service__isnull=False),
                name="participation_rating_one_current_per_service",
            ),
        ]
        indexes = [models.Index(fields=["period_starts_on", "is_current"])]

    def __str__(self) -> str:
        return f"Rung {self.rung} for {self.period_starts_on:%B %Y}"


class ActivityKind(models.TextChoices):
    FORUM = "forum", "Forum"
    CONSULTATION = "consultation", "Consultation"
    YOUNG_INSPECTORS = "young_inspectors", "Young inspectors"
    INTERVIEW_PANEL = "interview_panel", "Interview panel"
    OTHER = "other", "Other"


class ParticipationActivity(models.Model):
    """Something children and young people took part in, for a team or a service: who took part
    is counted by age band; names only where their consent to be named is recorded."""

    kind = models.CharField(max_length=20, choices=ActivityKind.choices)
    held_on = models.DateField()
    team = models.ForeignKey(
        "workforce.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    service = models.ForeignKey(
        "workforce.Service", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    what_happened = models.TextField()
    aged_under_11 = models.PositiveSmallIntegerField(default=0)
    aged_11_to_15 = models.PositiveSmallIntegerField(default=0)
    aged_16_to_17 = models.PositiveSmallIntegerField(default=0)
    aged_18_to_25 = models.PositiveSmallIntegerField(default=0)
    names = models.TextField(blank=True, help_text="Only with their consent to be named")
    consent_recorded = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(team__isnull=False, service__isnull=True)
                | Q(team__isnull=True, service__isnull=False),
                name="participation_activity_team_or_service",
            ),
            models.CheckConstraint(
                condition=Q(names="") | Q(consent_recorded=True),
                name="participation_activity_names_need_consent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.held_on}"

    @property
    def young_people(self) -> int:
        return self.aged_under_11 + self.aged_11_to_15 + self.aged_16_to_17 + self.aged_18_to_25
