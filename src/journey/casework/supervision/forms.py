"""The supervision form: what a manager records of case supervision or management oversight."""

from __future__ import annotations

from django import forms

from journey.casework.models import Supervision
from journey.core.forms import GovukDateField, GovukForm


class SupervisionForm(GovukForm):
    kind = forms.ChoiceField(
        label="Kind",
        choices=Supervision.Kind.choices,
        widget=forms.RadioSelect,
        initial=Supervision.Kind.CASE_SUPERVISION,
        error_messages={"required": "Select case supervision or management oversight"},
    )
    held_on = GovukDateField(label="Date")
    discussion = forms.CharField(
        label="What was discussed",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text="The child's circumstances, the risks and strengths, progress against the plan",
    )
    reflection = forms.CharField(
        label="Reflection",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="What you made of it together: hypotheses, what might be missed, how the "
        "worker is feeling about the family",
    )
    decisions = forms.CharField(
        label="Decisions", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    decision_rationale = forms.CharField(
        label="Why these decisions",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Needed when you record decisions: the reasons, in your own words",
    )
    actions = forms.CharField(
        label="Actions",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Who will do what, by when",
    )
    next_due_on = GovukDateField(
        label="Next supervision due by",
        required=False,
        help_text="Leave empty for the longest the required interval allows",
    )
