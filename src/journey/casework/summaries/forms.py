"""The reflective case summary and the manager's view of it."""

from __future__ import annotations

from django import forms

from journey.casework.models import CaseSummary
from journey.core.forms import GovukDateField, GovukForm


class CaseSummaryForm(GovukForm):
    occasion = forms.ChoiceField(
        label="Why are you writing it now?",
        choices=CaseSummary.Occasion.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why you are writing the summary now"},
    )
    written_on = GovukDateField(label="Date", help_text="For example, 27 3 2026")
    summary = forms.CharField(
        label="What is happening for the child, and what has changed",
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        help_text="Since the work began or the last summary: the child's lived experience, the "
        "family's, and the help given",
    )
    analysis = forms.CharField(
        label="What it means for the child: your analysis and reflection",
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text="Is the plan working? What are the risks and strengths now? What might you be "
        "missing?",
    )
    next_steps = forms.CharField(
        label="What needs to happen next",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class ReviewSummaryForm(GovukForm):
    agree = forms.ChoiceField(
        label="Do you agree with the summary?",
        choices=[("yes", "Yes, I agree"), ("no", "No, I challenge it")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you agree with the summary"},
    )
    note = forms.CharField(
        label="Your view",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text="Needed when you challenge it: what you challenge and what should change",
    )
