"""Forms for the observation screens. They parse input; the services in quality.observations
decide what is allowed, so their messages name the same fields."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django import forms

from journey.core.forms import GovukDateField, GovukForm
from journey.quality.baseline import add_months, first_of, last_day
from journey.quality.forms import GRADE_CHOICES, _text
from journey.quality.models import ObservationSetting
from journey.quality.observations import ObservationPlan, ObservationRecord
from journey.workforce.models import Team, Worker

NO_GRADE = "none"
QUARTERS_BACK, QUARTERS_AHEAD = 3, 1
MONTHS_BACK, MONTHS_AHEAD = 11, 3


class WorkerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Worker) -> str:
        where = obj.team or obj.service or ""
        return f"{obj.name} – {obj.get_role_display()}{f', {where}' if where else ''}"


def _worker_field(label: str, empty: str) -> WorkerChoiceField:
    return WorkerChoiceField(
        label=label,
        queryset=Worker.objects.none(),
        empty_label=empty,
        required=False,
        error_messages={"invalid_choice": f"Select the {label.lower()} from the list"},
    )


class PlanObservationForm(GovukForm):
    observed = _worker_field("Worker observed", "Choose a worker")
    observer = _worker_field("Observer", "Choose an observer")
    planned_on = GovukDateField(
        label="Planned date", required=False, help_text="For example, 14 5 2026"
    )
    setting = forms.ChoiceField(
        label="Setting",
        choices=ObservationSetting.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    setting_detail = forms.CharField(label="The setting, if other", max_length=150, required=False)
    child_id = forms.CharField(
        label="Child's ID (optional)",
        max_length=20,
        required=False,
        help_text="If the observation happens in a child's case, the ID from the child's record",
    )

    def __init__(self, *args, workers, observers, planner: Worker, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["observed"].queryset = workers
        self.fields["observer"].queryset = observers
        self.fields["observer"].initial = planner.pk

    def to_input(self) -> ObservationPlan:
        data = self.cleaned_data
        return ObservationPlan(
            observer=data["observer"],
            observed=data["observed"],
            planned_on=data["planned_on"],
            setting=data["setting"],
            setting_detail=data["setting_detail"],
            child_id=data["child_id"],
        )


class RecordObservationForm(GovukForm):
    observed_on = GovukDateField(label="Date observed", required=False)
    what_was_seen = _text("What was seen", rows=6, help_text="The practice you observed")
    strengths = _text("Strengths", help_text="What the worker did well")
    development_points = _text(
        "Points for development", help_text="What the worker could do better, and how"
    )
    grade = forms.ChoiceField(
        label="Grade (optional)",
        choices=[*GRADE_CHOICES, (NO_GRADE, "No grade")],
        widget=forms.RadioSelect,
        initial=NO_GRADE,
        required=False,
    )

    def to_input(self) -> ObservationRecord:
        data = self.cleaned_data
        grade = data["grade"]
        return ObservationRecord(
            observed_on=data["observed_on"],
            what_was_seen=data["what_was_seen"],
            strengths=data["strengths"],
            development_points=data["development_points"],
            grade=int(grade) if grade and grade != NO_GRADE else None,
        )


class RespondForm(GovukForm):
    response = _text(
        "Your reflection",
        rows=5,
        help_text="What you take from the observation, and anything you want the observer to know",
    )


class CancelObservationForm(GovukForm):
    reason = _text("Why the observation is cancelled")


# --- The programme's filter ------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    label: str


def _quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _quarter(start: dt.date) -> tuple[str, Period]:
    end = last_day(add_months(start, 2))
    key = f"{start.year}-q{(start.month - 1) // 3 + 1}"
    return key, Period(start, end, f"{start:%B} to {end:%B %Y}")


def _month(start: dt.date) -> tuple[str, Period]:
    return f"{start:%Y-%m}", Period(start, last_day(start), f"{start:%B %Y}")


def periods(today: dt.date) -> dict[str, Period]:
    """The quarters then months the programme can show, by their key in the address."""
    quarter, month = _quarter_start(today), first_of(today)
    quarters = [
        _quarter(add_months(quarter, 3 * n)) for n in range(QUARTERS_AHEAD, -QUARTERS_BACK - 1, -1)
    ]
    months = [_month(add_months(month, n)) for n in range(MONTHS_AHEAD, -MONTHS_BACK - 1, -1)]
    return dict(quarters + months)


class ProgrammeFilterForm(forms.Form):
    team = forms.ChoiceField(label="Team", required=False)
    period = forms.ChoiceField(label="Period", required=False)

    def __init__(self, *args, teams: list[Team], today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.periods = periods(today)
        self.default_period = _quarter(_quarter_start(today))[0]
        self.fields["team"].choices = [("", "All teams"), *((str(t.pk), t.name) for t in teams)]
        self.fields["period"].choices = [(k, p.label) for k, p in self.periods.items()]
        self.fields["period"].initial = self.default_period
        if self.is_bound and not self.data.get("period"):
            self.data = self.data.copy()
            self.data["period"] = self.default_period

    def _value(self, name: str) -> str:
        return (self.cleaned_data.get(name) or "") if self.is_valid() else ""

    def team_id(self) -> int | None:
        value = self._value("team")
        return int(value) if value else None

    def chosen_period(self) -> Period:
        return self.periods[self._value("period") or self.default_period]
