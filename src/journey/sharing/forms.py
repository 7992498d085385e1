"""What was shared about a child, or why it was not."""

from __future__ import annotations

from django import forms

from journey.core.forms import GovukDateField, GovukForm
from journey.people.models import Agency
from journey.sharing.models import Disclosure, Power
from journey.sharing.services import SharingInput


class SharingForm(GovukForm):
    decision = forms.ChoiceField(
        label="Was the information shared?",
        choices=[
            (Disclosure.Decision.SHARED, "Yes, it was shared"),
            (Disclosure.Decision.NOT_SHARED, "No, I decided not to share it"),
        ],
        widget=forms.RadioSelect,
        required=False,
    )
    decided_on = GovukDateField(label="Date", help_text="For example, 27 3 2026")
    recipient = forms.CharField(
        label="Who asked for or received it",
        max_length=150,
        required=False,
        help_text="Their name and role, for example DC Patel, child abuse investigation team",
    )
    agency = forms.ModelChoiceField(
        label="Their agency",
        queryset=Agency.objects.filter(is_active=True),
        required=False,
        empty_label="Not listed",
    )
    information = forms.CharField(
        label="What was shared, or asked for",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    purpose = forms.CharField(
        label="What for",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="If shared: the purpose, for example a strategy discussion",
    )
    power = forms.ChoiceField(
        label="Under which power",
        choices=[("", "Select the power (if shared)"), *Power.choices],
        required=False,
    )
    reasons_not_shared = forms.CharField(
        label="Why sharing would be more harmful to the child",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="If not shared: the reasons, in your own words",
    )

    def to_input(self) -> SharingInput:
        data = self.cleaned_data
        return SharingInput(
            decision=data["decision"],
            decided_on=data["decided_on"],
            recipient=data["recipient"],
            agency=data["agency"],
            information=data["information"],
            purpose=data["purpose"],
            power=data["power"],
            reasons_not_shared=data["reasons_not_shared"],
        )
