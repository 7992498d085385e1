"""Adding a professional to a child's network, and recording they are no longer involved."""

from __future__ import annotations

from django import forms

from journey.core.forms import GovukDateField, GovukForm
from journey.people.models import Agency
from journey.people.network.services import ProfessionalDetails


class ProfessionalForm(GovukForm):
    name = forms.CharField(label="Name", max_length=150, required=False)
    role = forms.CharField(
        label="Their role with the child",
        max_length=100,
        required=False,
        help_text="For example class teacher, GP, health visitor, police officer",
    )
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.filter(is_active=True),
        required=False,
        empty_label="Select their agency",
    )
    phone = forms.CharField(label="Phone (optional)", max_length=30, required=False)
    email = forms.CharField(label="Email (optional)", max_length=254, required=False)

    def details(self) -> ProfessionalDetails:
        data = self.cleaned_data
        return ProfessionalDetails(
            name=data["name"],
            role=data["role"],
            agency=data["agency"],
            phone=data["phone"],
            email=data["email"],
        )


class EndInvolvementForm(GovukForm):
    ended_on = GovukDateField(
        label="No longer involved from", required=False, help_text="Leave empty for today"
    )
