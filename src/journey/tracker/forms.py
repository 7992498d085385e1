"""The tracker filters: GET forms, so every view of the tracker is a shareable URL."""

from __future__ import annotations

from django import forms
from django.http import QueryDict

from journey.tracker.rules import RULES
from journey.tracker.selectors import (
    CAF_COLUMNS,
    CAF_DEFAULT_SORT,
    SINGLE_AGENCY_COLUMNS,
    SINGLE_AGENCY_DEFAULT_SORT,
    Column,
    Holder,
    SingleAgencyFilter,
    TrackerFilter,
)


def sort_choices(columns: tuple[Column, ...]) -> list[tuple[str, str]]:
    return [(f"{sign}{c.key}", c.label) for c in columns for sign in ("", "-")]


def _choose(what: str) -> dict[str, str]:
    return {"invalid_choice": f"Choose {what} from the list"}


class _FilterForm(forms.Form):
    team = forms.ChoiceField(label="Team", required=False, error_messages=_choose("a team"))
    #: Kept from the sort links; an unknown sort quietly falls back to the default.
    sort = forms.CharField(required=False, widget=forms.HiddenInput)

    #: Filters kept in the URL; "team" is always written out so the link says what it shows.
    columns: tuple[Column, ...] = ()
    default_sort = ""

    def __init__(
        self,
        data: QueryDict,
        *,
        teams: list[tuple[str, str]],
        default_team: str,
        external: bool = False,
    ):
        data = data.copy()
        if not data.get("team"):
            data["team"] = default_team
        if not data.get("sort"):
            data["sort"] = self.default_sort
        super().__init__(data)
        self.default_team = default_team
        self.fields["team"].choices = teams
        if external:
            for name in self.external_hidden:
                del self.fields[name]

    external_hidden: tuple[str, ...] = ("team",)

    def clean_sort(self) -> str:
        sort = self.cleaned_data["sort"]
        return sort if sort in dict(sort_choices(self.columns)) else self.default_sort

    def value(self, name: str, default):
        """The cleaned value if it is valid, else the default (the error is shown on the form)."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        if name not in self.fields or name in self.errors:
            return default
        return self.cleaned_data.get(name) or default

    @staticmethod
    def team_from(data: QueryDict, teams: list[tuple[str, str]], default_team: str) -> str:
        """The team a request asks for, checked against the choices (before the form is built)."""
        team = data.get("team") or default_team
        return team if team in {value for value, _ in teams} else default_team


class TrackerFilterForm(_FilterForm):
    lead = forms.TypedChoiceField(
        label="Lead professional",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages=_choose("a lead professional"),
    )
    agency = forms.TypedChoiceField(
        label="Agency",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages=_choose("an agency"),
    )
    flag = forms.ChoiceField(label="Drift flag", required=False, error_messages=_choose("a flag"))
    name = forms.CharField(
        label="Child's name",
        required=False,
        max_length=80,
        help_text="All or part of a first or last name",
    )

    columns = CAF_COLUMNS
    default_sort = CAF_DEFAULT_SORT
    external_hidden = ("team", "lead", "agency")

    def __init__(self, data: QueryDict, *, leads: list[Holder], rules=RULES, **kwargs):
        super().__init__(data, **kwargs)
        if "lead" in self.fields:
            self.fields["lead"].choices = [("", "Any lead professional")] + [
                (w.pk, f"{w.name} ({w.agency})") for w in leads
            ]
            agencies = sorted({(w.agency_id, w.agency) for w in leads}, key=lambda a: a[1])
            self.fields["agency"].choices = [("", "Any agency"), *agencies]
        self.fields["flag"].choices = [("", "Any (or no) flag")] + [
            (rule.code, rule.name) for rule in rules
        ]

    def to_filter(self) -> TrackerFilter:
        return TrackerFilter(
            team=self.value("team", self.default_team),
            lead=self.value("lead", None),
            agency=self.value("agency", None),
            flag=self.value("flag", ""),
            sort=self.value("sort", self.default_sort),
            name=self.value("name", "").strip(),
        )

    @property
    def is_filtered(self) -> bool:
        f = self.to_filter()
        return bool(f.lead or f.agency or f.flag or f.name or f.team != self.default_team)


class SingleAgencyFilterForm(_FilterForm):
    worker = forms.TypedChoiceField(
        label="Worker",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages=_choose("a worker"),
    )

    columns = SINGLE_AGENCY_COLUMNS
    default_sort = SINGLE_AGENCY_DEFAULT_SORT
    external_hidden = ("team", "worker")

    def __init__(self, data: QueryDict, *, workers: list[Holder], **kwargs):
        super().__init__(data, **kwargs)
        if "worker" in self.fields:
            self.fields["worker"].choices = [("", "Any worker")] + [(w.pk, w.name) for w in workers]

    def to_filter(self) -> SingleAgencyFilter:
        return SingleAgencyFilter(
            team=self.value("team", self.default_team),
            worker=self.value("worker", None),
            sort=self.value("sort", self.default_sort),
        )

    @property
    def is_filtered(self) -> bool:
        f = self.to_filter()
        return bool(f.worker or f.team != self.default_team)
