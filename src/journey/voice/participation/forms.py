"""Recording a rating on Hart's ladder and a participation activity."""

from __future__ import annotations

import datetime as dt

from django import forms

from journey.core.forms import GovukDateField, GovukForm
from journey.voice.participation.models import ActivityKind, Rung
from journey.voice.participation.quarters import Quarter, recent
from journey.voice.participation.selectors import units
from journey.voice.participation.services import ActivityInput, RatingInput
from journey.workforce.models import Service, Team

#: How many quarters, the one under way last, a rating may be recorded for.
QUARTERS_OFFERED = 8


def unit_choices() -> tuple[list[tuple[str, str]], dict[str, Team | Service]]:
    services, teams = units()
    choices: list[tuple[str, str]] = [("", "Choose a team or service")]
    found: dict[str, Team | Service] = {}
    for service in services:
        choices.append((f"service:{service.pk}", f"{service.name} (the whole service)"))
        found[f"service:{service.pk}"] = service
        for team in teams:
            if team.service_id == service.pk:
                choices.append((f"team:{team.pk}", f"{team.name} ({service.name})"))
                found[f"team:{team.pk}"] = team
    return choices, found


class UnitForm(GovukForm):
    """A form about a team or a service, chosen from one list."""

    unit = forms.ChoiceField(
        label="Team or service",
        error_messages={
            "required": "Choose the team or the service",
            "invalid_choice": "Choose a team or service from the list",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices, self.units = unit_choices()
        self.fields["unit"].choices = choices

    def chosen(self) -> tuple[Team | None, Service | None]:
        unit = self.units.get(self.cleaned_data.get("unit", ""))
        return (
            unit if isinstance(unit, Team) else None,
            unit if isinstance(unit, Service) else None,
        )


class RatingForm(UnitForm):
    quarter = forms.ChoiceField(
        label="Quarter",
        error_messages={
            "required": "Choose the quarter the rating is for",
            "invalid_choice": "Choose a quarter from the list",
        },
    )
    rung = forms.TypedChoiceField(
        label="Rung on Hart's ladder of participation",
        coerce=int,
        choices=[(r.value, f"{r.value}: {r.label}") for r in Rung],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the rung of the ladder, from 1 to 8"},
    )
    evidence = forms.CharField(
        label="Evidence",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=(
            "What children and young people did, what they decided and what changed because of "
            "it. Name no child"
        ),
        error_messages={"required": "Enter the evidence for the rating"},
    )
    reason = forms.CharField(
        label="Why this supersedes an earlier rating (if the quarter has one)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The earlier rating is kept in the history beside this one",
    )

    def __init__(self, *args, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        quarters = recent(today, QUARTERS_OFFERED)[::-1]
        self.fields["quarter"].choices = [(q.key, q.label) for q in quarters]

    def to_input(self) -> RatingInput:
        team, service = self.chosen()
        return RatingInput(
            team=team,
            service=service,
            quarter=Quarter.parse(self.cleaned_data.get("quarter", "")),
            rung=self.cleaned_data.get("rung"),
            evidence=self.cleaned_data.get("evidence", ""),
            reason=self.cleaned_data.get("reason", ""),
        )


def _count(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=5000,
        required=False,
        error_messages={
            "invalid": f"{label}: enter a whole number, like 4",
            "min_value": f"{label}: enter 0 or more",
            "max_value": f"{label}: enter 5000 or fewer",
        },
    )


class ActivityForm(UnitForm):
    kind = forms.ChoiceField(
        label="Kind of activity",
        choices=ActivityKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of activity it was"},
    )
    held_on = GovukDateField(label="Date held", help_text="For example, 27 3 2026")
    what_happened = forms.CharField(
        label="What happened",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What young people did, and what came of it",
    )
    aged_under_11 = _count("Aged under 11")
    aged_11_to_15 = _count("Aged 11 to 15")
    aged_16_to_17 = _count("Aged 16 or 17")
    aged_18_to_25 = _count("Aged 18 to 25")
    consent_recorded = forms.BooleanField(
        label="The young people named consented to be named", required=False
    )
    names = forms.CharField(
        label="Names (only with their consent)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Leave empty unless every young person named has consented",
    )

    def to_input(self) -> ActivityInput:
        team, service = self.chosen()
        data = self.cleaned_data
        return ActivityInput(
            kind=data.get("kind", ""),
            held_on=data.get("held_on"),
            team=team,
            service=service,
            what_happened=data.get("what_happened", ""),
            aged_under_11=data.get("aged_under_11") or 0,
            aged_11_to_15=data.get("aged_11_to_15") or 0,
            aged_16_to_17=data.get("aged_16_to_17") or 0,
            aged_18_to_25=data.get("aged_18_to_25") or 0,
            names=data.get("names", ""),
            consent_recorded=bool(data.get("consent_recorded")),
        )
