"""The CAF tracker's own record: a nightly snapshot of the drift flags, for the trend."""

from __future__ import annotations

from django.db import models


class DriftFlagSnapshot(models.Model):
    """One drift flag as the nightly scan found it: which work, which rule, raised since when.

    Written only by `manage.py snapshot_drift` (tracker.services.take_snapshot), which replaces
    the day's rows, so running it twice on one day never double counts. The team, lead
    professional and agency are kept as they were that day, so the trend filters like the tracker.
    """

    taken_on = models.DateField()
    episode = models.ForeignKey(
        "cases.Episode", on_delete=models.PROTECT, related_name="drift_snapshots"
    )
    #: The episode's child, kept on the row so the trend checks visibility without a join.
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    rule = models.CharField(max_length=30)
    since = models.DateField(help_text="The first day the rule held")
    team = models.ForeignKey("workforce.Team", on_delete=models.PROTECT, related_name="+")
    lead = models.ForeignKey(
        "workforce.Worker", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        "people.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["taken_on", "team", "rule"])]
        constraints = [
            models.UniqueConstraint(
                fields=["taken_on", "episode", "rule"], name="one_snapshot_flag_per_rule_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.rule} on episode {self.episode_id} ({self.taken_on:%d %b %Y})"
