"""Stored checks of the CIN census return: each run of the DfE rules over a collection, and
every breach it found, so the data-quality page can be read, filtered and paged without
re-reading the whole council. Checks are never deleted; the page shows the latest."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class CensusCheckQuerySet(models.QuerySet):
    def latest_for(self, year: int) -> CensusCheck | None:
        return self.filter(year=year).order_by("-checked_at", "-pk").first()


class CensusCheck(models.Model):
    year = models.PositiveSmallIntegerField("Collection year (reference date 31 March)")
    checked_at = models.DateTimeField()
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    checked_by_name = models.CharField(max_length=150)
    children = models.PositiveIntegerField()
    episodes = models.PositiveIntegerField()
    errors = models.PositiveIntegerField()
    queries = models.PositiveIntegerField()
    children_with_problems = models.PositiveIntegerField()
    seconds = models.FloatField()
    return_rules = models.JSONField(
        "Rules broken by the return as a whole", default=list, blank=True
    )

    objects = CensusCheckQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["year", "checked_at"])]

    def __str__(self) -> str:
        return f"CIN census {self.year} checked {self.checked_at:%Y-%m-%d %H:%M}"

    @property
    def clean(self) -> bool:
        return self.errors == 0 and self.queries == 0

    @property
    def children_clean(self) -> bool:
        return self.children_with_problems == 0


class CensusBreach(models.Model):
    census_check = models.ForeignKey(CensusCheck, on_delete=models.PROTECT, related_name="breaches")
    rule = models.CharField(max_length=10)
    is_query = models.BooleanField(default=False)
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    episode = models.ForeignKey(
        "cases.Episode", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        indexes = [
            models.Index(fields=["census_check", "is_query", "rule", "child"]),
        ]

    def __str__(self) -> str:
        return f"Rule {self.rule}: child {self.child_id}"


class CensusImport(models.Model):
    """One run of the CIN census import from the import page or the command: the file (by name,
    size and SHA-256), who ran it, whether it only checked, and what it found. Kept whatever
    the outcome: nothing of a bad file is saved, but the attempt is on record."""

    file_name = models.CharField(max_length=255)
    file_bytes = models.PositiveBigIntegerField()
    file_sha256 = models.CharField(max_length=64)
    team = models.ForeignKey("workforce.Team", on_delete=models.PROTECT, related_name="+")
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    run_by_name = models.CharField(max_length=150)
    run_at = models.DateTimeField()
    check_only = models.BooleanField()
    children = models.PositiveIntegerField()
    episodes = models.PositiveIntegerField()
    saved = models.BooleanField()
    problems = models.JSONField(default=list, blank=True)  # [{"reason", "line", "child"}]

    class Meta:
        ordering = ["-run_at", "-pk"]

    def __str__(self) -> str:
        return f"Import of {self.file_name} at {self.run_at:%Y-%m-%d %H:%M}"

    @property
    def outcome(self) -> str:
        if self.problems:
            return "Refused: nothing saved"
        return "Imported" if self.saved else "Checked: ready to import"


class CensusQueryExplanation(models.Model):
    """Why a census query is right, as the council tells the DfE: for one child (and, for rules
    on the social care record, one episode) under one query rule in one collection year.

    Matched to a check's breaches by (year, rule, child, episode), so an explanation carries
    over to later checks. Never changed or deleted: a new explanation is added and the newest
    counts, so the earlier ones stay on record."""

    year = models.PositiveSmallIntegerField("Collection year (reference date 31 March)")
    rule = models.CharField(max_length=10)
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    episode = models.ForeignKey(
        "cases.Episode", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    explanation = models.TextField()
    explained_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    explained_by_name = models.CharField(max_length=150)
    explained_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["year", "rule", "child", "episode", "explained_at"])]

    def __str__(self) -> str:
        return f"Query {self.rule} explained for child {self.child_id} ({self.year})"


class ScrutinyReport(models.Model):
    """A report to the scrutiny panel on an improvement plan, as issued: its words, every figure
    and rating as they stood on `as_at`, and the PDF, frozen. Never changed or deleted: a later
    report is a new row, and says what changed since this one."""

    plan = models.ForeignKey(
        "improvement.ImprovementPlan", on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField("Report number", max_length=30)
    title = models.CharField(max_length=200)
    panel = models.CharField("Scrutiny panel", max_length=150)
    meeting_on = models.DateField("Panel meeting")
    as_at = models.DateField("Figures as at")
    report_of = models.CharField("Report of", max_length=150)
    recommendations = models.TextField()
    risks = models.JSONField(default=list)  # [{"risk", "impact", "comment"}]
    content = models.JSONField()  # everything else the report says, as issued
    pdf = models.BinaryField()
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued_by_name = models.CharField(max_length=150)
    issued_at = models.DateTimeField()

    class Meta:
        ordering = ["-issued_at", "-pk"]
        indexes = [models.Index(fields=["plan", "issued_at"])]

    def __str__(self) -> str:
        return f"{self.number}: {self.title}"
