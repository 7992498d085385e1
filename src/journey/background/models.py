"""Work that runs in the background (journey.background.tasks) and what it left for the person
who asked: a census import or check, the Annex A workbook, a long chronology print.

A Job is the user's side of a queued task (the task library keeps its own result row, linked by
`task_result_id`): what they asked for, how far it has gone, why it failed, and the file it
produced, kept in private storage for them alone."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from journey.background.storage import private_storage


class Job(models.Model):
    class Kind(models.TextChoices):
        CENSUS_FILE_CHECK = "census_file_check", "Check a CIN census file"
        CENSUS_IMPORT = "census_import", "Import a CIN census file"
        CENSUS_CHECK = "census_check", "Check the CIN census records"
        ANNEX_A = "annex_a", "Ofsted Annex A workbook"
        CHRONOLOGY_PDF = "chronology_pdf", "Chronology PDF"

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    #: What the work needs, as plain values (ids, dates, the page asked from).
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField(max_length=200, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)
    #: Why it failed, in words for the person who asked.
    error = models.TextField(blank=True)
    upload = models.FileField(storage=private_storage, upload_to="uploads/%Y/%m/", blank=True)
    result = models.FileField(storage=private_storage, upload_to="results/%Y/%m/", blank=True)
    result_name = models.CharField("File name to download as", max_length=255, blank=True)
    result_type = models.CharField("Content type", max_length=100, blank=True)
    #: Where the work's result is, for work that leaves a record rather than a file.
    outcome = models.JSONField(default=dict, blank=True)
    task_result_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["requested_by", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("background_job", args=[self.pk])

    def result_url(self) -> str:
        """Where to find what finished work left: the run or the census page, or the file."""
        if self.kind in (self.Kind.CENSUS_FILE_CHECK, self.Kind.CENSUS_IMPORT):
            return reverse("census_import_run", args=[self.outcome["run"]])
        if self.kind == self.Kind.CENSUS_CHECK:
            return f"{reverse('census')}?year={self.outcome['year']}"
        return reverse("background_job_file", args=[self.pk])

    def asked_from_url(self) -> str:
        """The page the work was asked for from."""
        if self.kind in (self.Kind.CENSUS_FILE_CHECK, self.Kind.CENSUS_IMPORT):
            return reverse("census_import")
        if self.kind == self.Kind.CENSUS_CHECK:
            return f"{reverse('census')}?year={self.params['year']}"
        if self.kind == self.Kind.ANNEX_A:
            return reverse("annex_a")
        return reverse("child_chronology", args=[self.params["child"]])

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def returns_kind(self) -> bool:
        """Work on the statutory returns (the census and Annex A)."""
        return self.kind != self.Kind.CHRONOLOGY_PDF
