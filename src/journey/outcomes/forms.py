"""The outcomes page's filters."""

from __future__ import annotations

import datetime as dt

from django import forms

from journey.cases.models import EpisodeKind
from journey.core.forms import GovukDateField, GovukForm
from journey.outcomes.selectors import CohortFilters

GROUP_CHOICES = [
    ("team", "Team"),
    ("kind", "Kind of work"),
    ("reason", "Closure reason"),
]


class CohortForm(GovukForm):
    closed_from = GovukDateField(label="Closed from", required=False)
    closed_to = GovukDateField(label="Closed to", required=False)
    open_work = forms.BooleanField(label="Open work instead of closed work", required=False)
    team = forms.IntegerField(label="Team", required=False)
    kind = forms.ChoiceField(
        label="Kind of work",
        choices=[("", "All kinds of work"), *EpisodeKind.choices],
        required=False,
    )
    group = forms.ChoiceField(label="Figures by", choices=GROUP_CHOICES, required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("closed_from"), data.get("closed_to")
        if start and end and end < start:
            self.add_error("closed_to", "Closed to must be on or after closed from")
        return data

    def filters(self, today: dt.date) -> CohortFilters:
        """The filters asked for; by default, work closed in the last twelve months."""
        year_ago = today - dt.timedelta(days=365)
        if not self.is_bound or not self.is_valid():
            return CohortFilters(closed_from=year_ago, closed_to=today)
        data = self.cleaned_data
        return CohortFilters(
            closed_from=data["closed_from"] or (None if data["closed_to"] else year_ago),
            closed_to=data["closed_to"] or (None if data["closed_from"] else today),
            open_work=data["open_work"],
            team_id=data["team"],
            kind=data["kind"],
            group=data["group"] or "team",
        )
