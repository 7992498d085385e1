"""The report to scrutiny: what the author says, and the risk table."""

from __future__ import annotations

from django import forms

from journey.core.forms import GovukDateField, GovukForm
from journey.improvement.models import ImprovementPlan
from journey.reporting.scrutiny.selectors import IMPACTS, RISKS
from journey.reporting.scrutiny.services import ReportInput, Risk, risk_slug


class ReportForm(GovukForm):
    plan = forms.ModelChoiceField(
        label="Improvement plan",
        queryset=ImprovementPlan.objects.none(),
        empty_label="Select the plan",
        error_messages={"required": "Select the improvement plan the report is on"},
    )
    number = forms.CharField(
        label="Report number", max_length=30, help_text="For example, 112/2026"
    )
    title = forms.CharField(label="Title", max_length=200)
    panel = forms.CharField(
        label="Scrutiny panel",
        max_length=150,
        initial="People (Children) Scrutiny Panel",
    )
    meeting_on = GovukDateField(
        label="Date of the panel meeting", help_text="For example, 1 5 2026"
    )
    as_at = GovukDateField(
        label="Figures as at",
        help_text="The ratings and figures are read as they stood on this day (today or earlier)",
    )
    report_of = forms.CharField(
        label="Report of", max_length=150, help_text="For example, the Director for People"
    )
    recommendations = forms.CharField(
        label="Recommendations",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the panel is asked to do; one recommendation a line",
    )

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans
        for risk in RISKS:
            slug = risk_slug(risk)
            self.fields[f"{slug}_impact"] = forms.ChoiceField(
                label=f"{risk}: impact",
                choices=list(IMPACTS.items()),
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields[f"{slug}_comment"] = forms.CharField(
                label=f"{risk}: comments",
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
            )

    def risk_fields(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        return [
            (risk, self[f"{risk_slug(risk)}_impact"], self[f"{risk_slug(risk)}_comment"])
            for risk in RISKS
        ]

    def to_input(self) -> ReportInput:
        data = self.cleaned_data
        risks = [
            Risk(
                risk,
                data.get(f"{risk_slug(risk)}_impact", ""),
                data.get(f"{risk_slug(risk)}_comment", ""),
            )
            for risk in RISKS
        ]
        fields = ("plan", "number", "title", "panel", "meeting_on", "as_at", "report_of")
        return ReportInput(
            **{f: data.get(f) for f in fields},
            recommendations=data.get("recommendations", ""),
            risks=risks,
        )
