"""Checking a child's consistent identifier, and recording two children are not the same."""

from __future__ import annotations

from django import forms

from journey.core.forms import GovukDateField, GovukForm
from journey.core.identifiers import consistent_identifier
from journey.people.identifier.services import CheckInput
from journey.people.models import IdentifierCheck


class IdentifierCheckForm(GovukForm):
    status = forms.ChoiceField(label="What did you find?", widget=forms.RadioSelect, required=False)
    checked_on = GovukDateField(label="Date checked", help_text="For example, 27 3 2026")
    source = forms.ChoiceField(
        label="Checked against",
        choices=[("", "Select the source (if verified)"), *IdentifierCheck.Source.choices],
        required=False,
    )
    reason_none = forms.ChoiceField(
        label="Why there is none",
        choices=[("", "Select the reason (if there is none)"), *IdentifierCheck.NoneReason.choices],
        required=False,
    )
    note = forms.CharField(
        label="Note",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="For a conflict, what does not match and where; for another source, which",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        label = consistent_identifier().label
        self.fields["status"].choices = [
            (IdentifierCheck.Status.VERIFIED, f"Verified: the {label} matches a trusted source"),
            (IdentifierCheck.Status.CONFLICT, f"Conflict: the {label} does not match"),
            (IdentifierCheck.Status.NO_NUMBER, f"There is no {label}: record why"),
        ]

    def to_input(self) -> CheckInput:
        data = self.cleaned_data
        return CheckInput(
            status=data["status"],
            checked_on=data["checked_on"],
            source=data["source"],
            reason_none=data["reason_none"],
            note=data["note"],
        )


class NotSameChildForm(GovukForm):
    other = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Why are they not the same child?",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="What you checked, for example dates of birth, parents, the GP's answer",
    )
