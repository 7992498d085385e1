"""Outcome tools as data, and the measurements made with them (R9).

A tool (a ten-scale wheel, a family star, goals the family names) has numbered versions. A
version is a draft until it is published; once any measurement uses it, it is never changed in
place: a change is a new version. Scales keep a `key` across versions, so distance travelled is
counted on the same scale when a tool's version changes mid-episode.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

# The outcomes report keeps its model in its own package; imported here so Django finds it.
from journey.outcomes.report.models import *  # noqa: F403


class ToolKind(models.TextChoices):
    SCALES = "scales", "Scales the tool defines"
    GOALS = "goals", "Goals the family names (up to three)"


class ScoredBy(models.TextChoices):
    CHILD = "child", "The child or young person"
    PARENT = "parent", "The parent or carer"
    WORKER = "worker", "The worker"
    TOGETHER = "together", "The family and worker together"


class Point(models.TextChoices):
    START = "start", "At the start"
    REVIEW = "review", "At a review"
    CLOSURE = "closure", "At closure"


class Source(models.TextChoices):
    EPISODE = "episode", "Recorded by the worker"
    TAF_MEETING = "taf_meeting", "At a TAF meeting"
    CLOSURE = "closure", "When the work closed"
    LINK = "link", "Sent by the family through a secure link"


#: A goals tool names at most this many goals.
MOST_GOALS = 3
#: A scales tool has at most this many scales (the form that defines one has as many rows).
MOST_SCALES = 12


class OutcomeTool(models.Model):
    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    licence = models.TextField(
        blank=True, help_text="Who owns the tool and on what terms the council uses it"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    retired_on = models.DateField(
        null=True, blank=True, help_text="From this day the tool is not offered for new measures"
    )
    retired_reason = models.TextField(blank=True)
    retired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ToolVersion(models.Model):
    tool = models.ForeignKey(OutcomeTool, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=10, choices=ToolKind.choices, default=ToolKind.SCALES)
    lowest = models.SmallIntegerField(default=0)
    highest = models.SmallIntegerField(default=10)
    scored_by = models.JSONField(default=list, help_text="ScoredBy values: who may score it")
    kinds_of_work = models.JSONField(default=list, help_text="EpisodeKind values that use it")
    review_every_days = models.PositiveSmallIntegerField(
        default=91, help_text="A review measure is due this many days after the last measure"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["tool", "number"]
        constraints = [
            models.UniqueConstraint(fields=["tool", "number"], name="one_tool_version_number"),
            models.CheckConstraint(condition=Q(lowest__lt=models.F("highest")), name="tool_range"),
        ]

    def __str__(self) -> str:
        return f"{self.tool.name}, version {self.number}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Scale(models.Model):
    version = models.ForeignKey(ToolVersion, on_delete=models.PROTECT, related_name="scales")
    key = models.SlugField(max_length=60, help_text="The same scale keeps its key across versions")
    order = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=100)
    low_words = models.CharField("What the lowest score means", max_length=200)
    high_words = models.CharField("What the highest score means", max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="one_scale_key_per_version")
        ]

    def __str__(self) -> str:
        return self.name


class Measurement(models.Model):
    """One measure of a child's work with a tool, at its start, a review or its closure."""

    episode = models.ForeignKey(
        "cases.Episode", on_delete=models.PROTECT, related_name="outcome_measurements"
    )
    version = models.ForeignKey(ToolVersion, on_delete=models.PROTECT, related_name="+")
    point = models.CharField(max_length=10, choices=Point.choices)
    measured_on = models.DateField()
    scored_by = models.CharField(max_length=10, choices=ScoredBy.choices)
    source = models.CharField(max_length=12, choices=Source.choices, default=Source.EPISODE)
    meeting = models.ForeignKey(
        "casework.Meeting",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The TAF meeting the measure was made at (source: TAF meeting)",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty for the family's own scores, sent through a secure link",
    )
    recorded_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["episode", "measured_on", "recorded_at", "pk"]
        indexes = [models.Index(fields=["episode", "measured_on"])]

    def __str__(self) -> str:
        return f"{self.get_point_display()} measure on {self.measured_on}"


class Score(models.Model):
    """One scale's score in a measurement, with the family's own words. For a goals tool the
    scale is empty and the goal is named in the family's words; its key is goal-1 to goal-3."""

    measurement = models.ForeignKey(Measurement, on_delete=models.PROTECT, related_name="scores")
    scale = models.ForeignKey(
        Scale, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    key = models.SlugField(max_length=60)
    goal = models.CharField(max_length=200, blank=True)
    value = models.SmallIntegerField()
    words = models.TextField("In the family's own words", blank=True)

    class Meta:
        ordering = ["measurement", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["measurement", "key"], name="one_score_per_scale")
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.value}"


class EpisodeOutcome(models.Model):
    """Where a piece of work's measures stand, kept by the measurement service each time it
    records one (the cohort pages and the tracker read this, not every score)."""

    episode = models.OneToOneField(
        "cases.Episode", on_delete=models.PROTECT, related_name="outcome"
    )
    measures = models.PositiveSmallIntegerField(default=0)
    first_measured_on = models.DateField(null=True, blank=True)
    last_measured_on = models.DateField(null=True, blank=True)
    last_point = models.CharField(max_length=10, choices=Point.choices, blank=True)
    closing_measured = models.BooleanField(default=False)
    review_due_on = models.DateField(
        null=True, blank=True, help_text="When the next review measure is due (open work)"
    )
    change = models.SmallIntegerField(
        null=True, blank=True, help_text="Scales' latest minus first scores, added up"
    )
    direction = models.CharField(max_length=10, blank=True)  # distance.Direction, or none yet

    def __str__(self) -> str:
        return f"Outcomes of episode {self.episode_id}"
