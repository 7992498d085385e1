"""The impact report: the quarters it covers, and what the officer says about them."""

from __future__ import annotations

import datetime as dt

from django import forms

from journey.core.forms import GovukForm
from journey.voice.impact.services import ReportInput
from journey.voice.participation.quarters import Quarter, recent

#: How many ended quarters the form offers.
QUARTERS_OFFERED = 8


def ended_quarters(today: dt.date) -> list[tuple[str, str]]:
    quarters = recent(today, QUARTERS_OFFERED + 1)[:-1][::-1]
    return [(q.key, q.label) for q in quarters]


class ImpactReportForm(GovukForm):
    first = forms.ChoiceField(
        label="First quarter",
        error_messages={
            "required": "Choose the first quarter the report covers",
            "invalid_choice": "Choose a quarter that has ended",
        },
    )
    last = forms.ChoiceField(
        label="Last quarter",
        help_text="Up to four quarters (a year), all ended",
        error_messages={
            "required": "Choose the last quarter the report covers",
            "invalid_choice": "Choose a quarter that has ended",
        },
    )
    introduction = forms.CharField(
        label="Introduction and commentary",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=(
            "What the figures say about how children and young people influenced the "
            "council's work, and what comes next. Name no child"
        ),
        error_messages={"required": "Enter the introduction and commentary"},
    )

    def __init__(self, *args, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        choices = ended_quarters(today)
        self.fields["first"].choices = choices
        self.fields["last"].choices = choices

    def to_input(self) -> ReportInput:
        return ReportInput(
            Quarter.parse(self.cleaned_data.get("first", "")),
            Quarter.parse(self.cleaned_data.get("last", "")),
            self.cleaned_data.get("introduction", ""),
        )
