"""The outcomes report, as issued."""

from __future__ import annotations

from django.conf import settings
from django.db import models

__all__ = ["OutcomesReport"]


class OutcomesReport(models.Model):
    """The outcomes report on a year (1 April to 31 March) beside the year before, as issued:
    the introduction, every figure as it stood when issued (the targets as they stood that day),
    and the PDF, frozen. Never changed or deleted: issuing the same year again makes a new row.
    It names no child."""

    year = models.PositiveSmallIntegerField(help_text="The year starting on 1 April of this year")
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
        help_text="The report issued before this one for the same year, if any",
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued_by_name = models.CharField(max_length=150)
    issued_at = models.DateTimeField()

    class Meta:
        ordering = ["-issued_at", "-pk"]
        indexes = [models.Index(fields=["year", "issued_at"])]

    def __str__(self) -> str:
        return f"Outcomes report {self.year} to {self.year + 1}"
