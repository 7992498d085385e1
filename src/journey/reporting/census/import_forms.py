"""The CIN census import page's form: the file, the team that takes the work, and whether to
check the file only or import it."""

from __future__ import annotations

from django import forms

from journey.core.forms import GovukForm
from journey.reporting.census.import_runs import MAX_BYTES
from journey.workforce.models import Service, Team

CHECK, IMPORT = "check", "import"


class CensusImportForm(GovukForm):
    file = forms.FileField(
        label="CIN census return (XML)",
        help_text="The DfE XML file your previous system wrote, 2024 format or later",
        widget=forms.ClearableFileInput(attrs={"accept": ".xml,application/xml,text/xml"}),
        error_messages={"required": "Choose the CIN census XML file to import"},
    )
    team = forms.ModelChoiceField(
        label="Team that takes the children's social care work",
        queryset=Team.objects.none(),
        empty_label="Choose a team",
    )
    action = forms.ChoiceField(
        label="What to do",
        choices=[
            (CHECK, "Check the file only: save nothing"),
            (IMPORT, "Import the children, if the whole file is right"),
        ],
        widget=forms.RadioSelect,
        initial=CHECK,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.filter(
            service__kind=Service.Kind.SOCIAL_CARE, is_active=True
        ).order_by("name")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xml"):
            raise forms.ValidationError("The file must be an XML file (ending .xml)")
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                f"The file must be smaller than {MAX_BYTES // (1024 * 1024)} MB"
            )
        return upload

    @property
    def check_only(self) -> bool:
        return self.cleaned_data["action"] != IMPORT
