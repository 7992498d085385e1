"""The measures filters: GET forms, so every view of the measures is a shareable URL."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.http import QueryDict

from journey.reporting.measures.children import FIGURES, FigureFilter
from journey.reporting.measures.selectors import (
    DEFAULT_MONTHS,
    DIRECTIONS,
    LEVELS,
    PERIOD_CHOICES,
    DateRange,
    Period,
    Scope,
)
from journey.workforce.models import Role, Team, Worker

ALL = "all"


def team_choices(*, include_inactive: bool = False) -> list[tuple[str, str]]:
    """All teams, then the active teams by name (a list may name a team closed since)."""
    teams = Team.objects.order_by("name").values_list("pk", "name")
    if not include_inactive:
        teams = teams.filter(is_active=True)
    return [(ALL, "All teams"), *((str(pk), name) for pk, name in teams)]


def default_team(worker: Worker, choices: list[tuple[str, str]]) -> str:
    """A team manager starts with their own team; everyone else with all teams."""
    own = str(worker.team_id)
    if worker.role == Role.TEAM_MANAGER and own in dict(choices):
        return own
    return ALL


class MeasuresForm(forms.Form):
    months = forms.TypedChoiceField(
        label="Period",
        coerce=int,
        choices=[(n, f"The last {n} months") for n in PERIOD_CHOICES],
        error_messages={"invalid_choice": "Choose a period of 6, 12 or 24 months"},
    )
    team = forms.ChoiceField(
        label="Team", error_messages={"invalid_choice": "Choose a team from the list"}
    )

    def __init__(self, data: QueryDict, *, teams: list[tuple[str, str]], default_team: str):
        data = data.copy()
        if not data.get("months"):
            data["months"] = str(DEFAULT_MONTHS)
        if not data.get("team"):
            data["team"] = default_team
        super().__init__(data)
        self.fields["team"].choices = teams
        self.default_team = default_team

    def value(self, name: str, default):
        """The cleaned value if it is valid, else the default (the error shows on the form)."""
        if not self.is_valid() and name in self.errors:
            return default
        return self.cleaned_data.get(name, default)

    def scope(self, today: dt.date) -> Scope:
        months = self.value("months", DEFAULT_MONTHS)
        team = self.value("team", self.default_team)
        return Scope(Period.ending(today, months), None if team == ALL else int(team))

    def params(self) -> dict[str, str]:
        """The period and team as they are written in the links to each figure's children."""
        return {
            "months": str(self.value("months", DEFAULT_MONTHS)),
            "team": self.value("team", self.default_team),
        }

    @property
    def team_name(self) -> str:
        team = self.value("team", self.default_team)
        return "" if team == ALL else dict(self.fields["team"].choices)[team]


class FigureListForm(MeasuresForm):
    """Which figure's children to list: the figure, and the month, level or direction."""

    figure = forms.ChoiceField(choices=[(key, f.title) for key, f in FIGURES.items()])
    month = forms.CharField(required=False)
    level = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, choices=[(n, n) for n in LEVELS]
    )
    direction = forms.ChoiceField(required=False, choices=[(d, d) for d in DIRECTIONS])
    sort = forms.ChoiceField(required=False, choices=[("longest", "Longest first")])

    def __init__(self, data: QueryDict, *, today: dt.date, **kwargs):
        super().__init__(data, **kwargs)
        self.today = today

    def clean_month(self) -> dt.date | None:
        text = self.cleaned_data["month"]
        if not text:
            return None
        try:
            return dt.datetime.strptime(text, "%Y-%m").date()
        except ValueError:
            raise forms.ValidationError("Give the month as YYYY-MM") from None

    def clean(self) -> dict:
        cleaned = super().clean()
        month, months = cleaned.get("month"), cleaned.get("months")
        if month and months and month not in Period.ending(self.today, months).month_starts:
            self.add_error("month", "That month is outside the period")
        return cleaned

    def within(self, scope: Scope) -> DateRange:
        month = self.cleaned_data.get("month")
        return scope.period.month(month) if month else scope.period

    def figure_filter(self) -> FigureFilter:
        return FigureFilter(
            figure=self.cleaned_data["figure"],
            level=self.cleaned_data.get("level"),
            direction=self.cleaned_data.get("direction") or "",
            longest_first=self.cleaned_data.get("sort") == "longest",
        )
