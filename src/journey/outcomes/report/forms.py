"""The outcomes report: the year, and what the officer says about it."""

from __future__ import annotations

import datetime as dt

from django import forms

from journey.core.forms import GovukForm
from journey.outcomes.report.selectors import Year
from journey.outcomes.report.services import ReportInput

#: How many ended years the form offers.
YEARS_OFFERED = 6


def ended_years(today: dt.date) -> list[tuple[str, str]]:
    last = Year.last_ended(today).first
    return [(str(y), Year(y).label) for y in range(last, last - YEARS_OFFERED, -1)]


class OutcomesReportForm(GovukForm):
    year = forms.TypedChoiceField(
        label="Year",
        coerce=int,
        help_text="1 April to 31 March; the report compares it with the year before",
        error_messages={
            "required": "Select the year the report is on",
            "invalid_choice": "Select a year that has ended",
        },
    )
    introduction = forms.CharField(
        label="Introduction and commentary",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=(
            "What the figures say about the year: how much of the work was measured, how "
            "families travelled, and what comes next. Name no child"
        ),
        error_messages={"required": "Enter the introduction and commentary"},
    )

    def __init__(self, *args, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = ended_years(today)

    def to_input(self) -> ReportInput:
        return ReportInput(self.cleaned_data.get("year"), self.cleaned_data.get("introduction", ""))
