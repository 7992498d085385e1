"""An email address and a UK mobile number."""

from __future__ import annotations

from django import forms

from journey.core.forms import GovukForm
from journey.people.contact_details.services import ContactDetails


class TelInput(forms.TextInput):
    input_type = "tel"


class ContactDetailsForm(GovukForm):
    email = forms.CharField(
        label="Email address",
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text="Leave blank if they have none, or do not want messages by email",
    )
    mobile = forms.CharField(
        label="UK mobile number",
        max_length=30,
        required=False,
        widget=TelInput(attrs={"autocomplete": "off"}),
        help_text="For text messages. For example 07700 900 982",
    )

    def details(self) -> ContactDetails:
        return ContactDetails(email=self.cleaned_data["email"], mobile=self.cleaned_data["mobile"])
