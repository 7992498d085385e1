"""Forms for Family Help's changes of intensity; the rules live in family_help/services.py."""

from __future__ import annotations

from django import forms

from journey.core import codes
from journey.core.forms import GovukDateField, GovukForm


def _blank(choices: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [("", "Select one"), *choices]


class BeginSection17Form(GovukForm):
    started_on = GovukDateField(label="In need from", help_text="For example, 27 3 2026")
    referral_source = forms.ChoiceField(
        label="Who raised the need (the referral source)",
        choices=_blank(codes.referral_source_choices()),
    )
    primary_need = forms.ChoiceField(
        label="Primary need", choices=_blank(codes.PrimaryNeed.choices)
    )
    reason = forms.CharField(
        label="Why the child is in need under section 17",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the assessment found, and what help the child needs now",
    )


class EndSection17Form(GovukForm):
    ended_on = GovukDateField(label="In need until", help_text="For example, 27 3 2026")
    closure_reason = forms.ChoiceField(
        label="Reason the child's CIN details close",
        choices=_blank(codes.ReasonForClosure.choices),
    )
    reason = forms.CharField(
        label="Why the child no longer needs help as a child in need",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What has changed; Family Help carries on as targeted help",
    )
