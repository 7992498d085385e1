"""The outcomes page's filters."""

from __future__ import annotations

import datetime as dt

from django import forms

from journey.cases.models import EpisodeKind
from journey.casework.models import Meeting
from journey.core.forms import GovukDateField, GovukForm
from journey.outcomes import services
from journey.outcomes.models import MOST_GOALS, Point, ScoredBy, Source, ToolKind, ToolVersion
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

    @staticmethod
    def defaults(today: dt.date) -> dict[str, dt.date]:
        return {"closed_from": today - dt.timedelta(days=365), "closed_to": today}

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


class MeasureForm(GovukForm):
    """A measure with one tool version: when, who scored it, and each scale's score with the
    family's words (for a goals tool, up to three goals named in their words)."""

    point = forms.ChoiceField(
        label="When is this measure made?", choices=Point.choices, widget=forms.RadioSelect
    )
    measured_on = GovukDateField(label="Date of the measure", help_text="For example, 27 3 2026")

    def __init__(
        self,
        *args,
        version: ToolVersion,
        meeting: Meeting | None = None,
        closing: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.version = version
        # At a TAF meeting the measure is dated the day it was held; at closure it is the
        # closing measure.
        self.meeting = meeting
        self.source = (
            Source.TAF_MEETING if meeting else Source.CLOSURE if closing else Source.EPISODE
        )
        if meeting is not None:
            del self.fields["measured_on"]
        if closing:
            self.fields["point"].choices = [(Point.CLOSURE, Point.CLOSURE.label)]
            self.fields["point"].initial = Point.CLOSURE
        self.fields["scored_by"] = forms.ChoiceField(
            label="Who scored it",
            choices=[(c, ScoredBy(c).label) for c in version.scored_by],
            widget=forms.RadioSelect,
        )
        low, high = version.lowest, version.highest
        if version.kind == ToolKind.GOALS:
            self.keys = [f"goal-{n}" for n in range(1, MOST_GOALS + 1)]
            for n, key in enumerate(self.keys, start=1):
                self.fields[f"goal_{key}"] = forms.CharField(
                    label=f"Goal {n}, in the family's words", max_length=200, required=False
                )
                self.fields[f"score_{key}"] = self._score(f"Goal {n}: score", low, high, "")
                self.fields[f"words_{key}"] = self._words(f"Goal {n}")
        else:
            scales = list(version.scales.all())
            self.keys = [s.key for s in scales]
            for scale in scales:
                hint = f"{low}: {scale.low_words}. {high}: {scale.high_words}"
                self.fields[f"score_{scale.key}"] = self._score(scale.name, low, high, hint)
                self.fields[f"words_{scale.key}"] = self._words(scale.name)

    @staticmethod
    def _score(label: str, low: int, high: int, hint: str) -> forms.IntegerField:
        return forms.IntegerField(
            label=f"{label}: score from {low} to {high}",
            help_text=hint,
            required=False,
            widget=forms.NumberInput(
                attrs={"class": "govuk-input--width-2", "inputmode": "numeric"}
            ),
            error_messages={"invalid": f"Enter a whole number from {low} to {high}"},
        )

    @staticmethod
    def _words(label: str) -> forms.CharField:
        return forms.CharField(
            label=f"{label}: in the family's own words",
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
        )

    def field_names(self) -> dict[str, str]:
        """The service names a scale or goal by its key; the form's fields carry a prefix."""
        names = {key: f"score_{key}" for key in self.keys}
        if self.version.kind == ToolKind.GOALS:
            names |= {key: f"goal_{key}" for key in self.keys}
        return names

    def scale_rows(self):
        goals = self.version.kind == ToolKind.GOALS
        return [
            (self[f"goal_{k}"] if goals else None, self[f"score_{k}"], self[f"words_{k}"])
            for k in self.keys
        ]

    def to_input(self) -> services.MeasurementInput:
        data = self.cleaned_data
        goals = self.version.kind == ToolKind.GOALS
        scores = [
            services.ScoreInput(
                key,
                data.get(f"score_{key}"),
                data.get(f"words_{key}") or "",
                (data.get(f"goal_{key}") or "") if goals else "",
            )
            for key in self.keys
            if not goals
            or (data.get(f"goal_{key}") or "").strip()
            or data.get(f"score_{key}") is not None
        ]
        return services.MeasurementInput(
            self.version,
            data["point"],
            self.meeting.held_on if self.meeting else data["measured_on"],
            data["scored_by"],
            scores,
            source=self.source,
            meeting=self.meeting,
        )
