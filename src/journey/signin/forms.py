"""Forms for signing in and resetting: they parse input; services check codes and decide."""

from __future__ import annotations

import re

from django import forms

from journey.core.forms import GovukForm
from journey.signin.services import normal_recovery_code


class AppCodeForm(GovukForm):
    code = forms.CharField(
        label="Code from your authenticator app",
        error_messages={"required": "Enter the 6-digit code your authenticator app shows now"},
    )

    def clean_code(self) -> str:
        code = re.sub(r"\s", "", self.cleaned_data["code"])
        if not re.fullmatch(r"\d{6}", code):
            raise forms.ValidationError(
                "The code must be the 6 digits your authenticator app shows, like 123456"
            )
        return code


class RecoveryCodeForm(GovukForm):
    code = forms.CharField(
        label="Recovery code",
        error_messages={"required": "Enter one of your recovery codes"},
    )

    def clean_code(self) -> str:
        code = normal_recovery_code(self.cleaned_data["code"])
        if not re.fullmatch(r"[a-z2-7]{8}", code):
            raise forms.ValidationError(
                "A recovery code is 8 letters and numbers, like k7mq 2rtd: check you copied it"
            )
        return code


class ResetForm(GovukForm):
    username = forms.CharField(
        label="Their username",
        max_length=150,
        error_messages={
            "required": "Enter the username of the person whose two-factor sign-in you are "
            "resetting"
        },
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    reason = forms.CharField(
        label="Reason for the reset",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the reason for the reset"},
    )
