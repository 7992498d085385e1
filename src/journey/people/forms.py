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
    nhs_number = forms.CharField(label="NHS number", max_length=12, required=False)
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
