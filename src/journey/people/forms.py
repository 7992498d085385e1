from django import forms

from journey.core import codes
from journey.core.forms import GovukDateField, GovukForm


class SearchForm(GovukForm):
    q = forms.CharField(
        label="Name, UPN, NHS number or local ID",
        required=False,
        help_text="Part of a name is enough; former names are searched too",
    )
    dob = GovukDateField(label="Date of birth", required=False, help_text="For example, 27 3 2015")

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("q", "").strip() and not data.get("dob"):
            raise forms.ValidationError("Enter a name, an ID or a date of birth to search for")
        return data


def _blank(choices):
    return [("", "Select an option")] + list(choices)


class ChildForm(GovukForm):
    first_name = forms.CharField(max_length=100, required=False)
    last_name = forms.CharField(max_length=100, required=False)
    date_of_birth = GovukDateField(
        label="Date of birth", required=False, help_text="For example, 27 3 2015"
    )
    expected_date_of_birth = GovukDateField(
        label="Expected date of birth (unborn child)",
        required=False,
        help_text="Only for an unborn child: leave the date of birth empty",
    )
    sex = forms.ChoiceField(choices=codes.Sex.choices, widget=forms.RadioSelect, initial="U")
    ethnicity = forms.ChoiceField(choices=_blank(codes.Ethnicity.choices), required=False)
    disabilities = forms.MultipleChoiceField(
        choices=codes.Disability.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    upn = forms.CharField(label="Unique pupil number (UPN)", max_length=13, required=False)
    upn_unknown = forms.ChoiceField(
        label="If the UPN is not known, why",
        choices=_blank(codes.UPNUnknown.choices),
        required=False,
    )
    nhs_number = forms.CharField(
        label="NHS number",
        max_length=20,
        required=False,
        help_text="10 digits, for example 485 777 3456",
    )
    address_area = forms.CharField(
        label="Town or area",
        max_length=100,
        required=False,
        help_text="Helps colleagues tell similar children apart",
    )
    postcode = forms.CharField(max_length=10, required=False)
    former_first_name = forms.CharField(label="Former first name", required=False)
    former_last_name = forms.CharField(label="Former last name", required=False)
    confirm_not_duplicate = forms.BooleanField(
        label="I have checked: this is a different child from the one already recorded",
        required=False,
    )


class CorrectChildDetailsForm(ChildForm):
    """A child's identifiers and characteristics, prefilled, with the reason for correcting."""

    former_upn = forms.CharField(label="Former UPN", max_length=13, required=False)
    date_of_death = GovukDateField(
        label="Date of death", required=False, help_text="Only if the child has died"
    )
    reason = forms.CharField(
        label="Why are you correcting these details?",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="For example, “Date of birth checked against the birth certificate”. "
        "The reason is kept with the old and new values",
    )
    # Recorded or changed elsewhere: not part of a correction.
    address_area = None
    postcode = None
    former_first_name = None
    former_last_name = None
    confirm_not_duplicate = None

    field_order = [
        "first_name",
        "last_name",
        "date_of_birth",
        "expected_date_of_birth",
        "sex",
        "ethnicity",
        "disabilities",
        "upn",
        "former_upn",
        "upn_unknown",
        "nhs_number",
        "date_of_death",
        "reason",
    ]
    #: The fields a correction may change (the rest of the form is the reason).
    DETAILS = field_order[:-1]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ethnicity"].choices = [("", "Not recorded"), *codes.Ethnicity.choices]
        self.fields["upn_unknown"].choices = [
            ("", "Not applicable: the UPN is known"),
            *codes.UPNUnknown.choices,
        ]
        self.fields["upn_unknown"].label = "If the UPN is not known, why"

    @staticmethod
    def initial_for(child, disabilities: list[str]) -> dict:
        """The child's details as they stand, to prefill the form."""
        initial = {
            name: getattr(child, name)
            for name in CorrectChildDetailsForm.DETAILS
            if name != "disabilities"
        }
        return {**initial, "disabilities": disabilities}

    def changes(self) -> dict:
        """The details as sent: the service keeps only those that differ from the record."""
        return {name: self.cleaned_data[name] for name in self.DETAILS}
