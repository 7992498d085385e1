"""The CIN census import page's form: the file, the team that takes the work, and whether to
check the file only or import it.

A file over JOURNEY_MAX_UPLOAD_MB is refused by its size. One far over it never reaches the
form whole: `journey.background.uploads` drops its content as it arrives and hands on only its
name and size, so the form refuses it the same way."""

from __future__ import annotations

from django import forms
from django.conf import settings

from journey.core.forms import GovukForm
from journey.reporting.census.import_runs import max_upload_bytes
from journey.workforce.models import Service, Team

CHECK, IMPORT = "check", "import"
NOT_XML = "The file must be an XML file (ending .xml)"
BYTE_ORDER_MARK = b"\xef\xbb\xbf"


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
        if upload.size > max_upload_bytes():
            limit = settings.JOURNEY_MAX_UPLOAD_MB
            raise forms.ValidationError(f"The file must be smaller than {limit} MB")
        if not upload.name.lower().endswith(".xml") or not _looks_like_xml(upload):
            raise forms.ValidationError(NOT_XML)
        return upload

    @property
    def check_only(self) -> bool:
        return self.cleaned_data["action"] != IMPORT


def _looks_like_xml(upload) -> bool:
    """The file starts as XML does (a spreadsheet or PDF renamed .xml does not)."""
    upload.seek(0)
    start = upload.read(1024)
    upload.seek(0)
    return start.removeprefix(BYTE_ORDER_MARK).lstrip().startswith(b"<")
