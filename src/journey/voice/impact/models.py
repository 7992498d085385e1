"""The impact report on the voice of the child and family, as issued."""

from __future__ import annotations

from django.conf import settings
from django.db import models

__all__ = ["ImpactReport"]


class ImpactReport(models.Model):
    """The impact report for a run of quarters, as issued: the officer's introduction, every
    figure as it stood when issued, and the PDF, frozen. Never changed or deleted: issuing the
    same period again makes a new row. It names no child."""

    starts_on = models.DateField()
    ends_on = models.DateField()
    introduction = models.TextField("Introduction and commentary")
    content = models.JSONField()  # every figure the report shows, as issued
    pdf = models.BinaryField()
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The report issued before this one for the same period, if any",
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued_by_name = models.CharField(max_length=150)
    issued_at = models.DateTimeField()

    class Meta:
        ordering = ["-issued_at", "-pk"]
        indexes = [models.Index(fields=["starts_on", "ends_on", "issued_at"])]

    def __str__(self) -> str:
        return f"Impact report {self.starts_on} to {self.ends_on}"
