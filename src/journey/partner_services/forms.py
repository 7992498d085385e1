"""The partner-services pages' forms. Dates and texts are checked by the services, which name
each field's problem; the forms only parse what was typed."""

from __future__ import annotations

from django import forms

from journey.core.forms import GovukDateField, GovukForm
from journey.partner_services.models import Escalation, PartnerService, Referral
from journey.partner_services.services import EscalationInput, ReferralInput


def _text(label: str, help_text: str = "", rows: int = 4) -> forms.CharField:
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": rows}),
        required=False,
        help_text=help_text,
    )


def _date(label: str, help_text: str = "For example, 27 3 2026") -> GovukDateField:
    return GovukDateField(label=label, required=False, help_text=help_text)


class ReferralForm(GovukForm):
    service = forms.ModelChoiceField(
        label="Service",
        queryset=PartnerService.objects.filter(is_active=True).select_related("agency"),
        required=False,
        empty_label="Select the service",
    )
    referred_on = _date("Date referred")
    reason = _text(
        "Reason for the referral",
        "What you are asking the service for, and why now",
    )

    def to_input(self) -> ReferralInput:
        data = self.cleaned_data
        return ReferralInput(data["service"], data["referred_on"], data["reason"])


class ResponseForm(GovukForm):
    response = forms.ChoiceField(
        label="Did the service accept the referral?",
        choices=[
            (Referral.Response.ACCEPTED, "Yes, accepted"),
            (Referral.Response.DECLINED, "No, declined"),
        ],
        widget=forms.RadioSelect,
        required=False,
    )
    responded_on = _date("Date of the response")
    response_note = _text(
        "What the service said", "If declined, their reason; if accepted, anything they asked", 3
    )


class FirstAppointmentForm(GovukForm):
    first_appointment_on = _date(
        "Date of the first appointment",
        "The day the service first saw the child, once it has happened. For example, 27 3 2026",
    )


class EscalationForm(GovukForm):
    escalated_on = _date("Date escalated")
    to_whom = forms.CharField(
        label="Escalated to",
        max_length=150,
        required=False,
        help_text="Their name and role, for example Dr Shah, CAMHS service manager",
    )
    level = forms.ChoiceField(
        label="Level", choices=Escalation.Level.choices, widget=forms.RadioSelect, required=False
    )
    asked = _text("What you asked", "What you asked them to do, and by when")
    response = _text("Their response, if they have answered", rows=3)
    responded_on = _date("Date of their response")
    resolved = forms.BooleanField(
        label="Their response resolved the concern: close the escalation", required=False
    )

    def to_input(self) -> EscalationInput:
        data = self.cleaned_data
        return EscalationInput(
            escalated_on=data["escalated_on"],
            to_whom=data["to_whom"],
            level=data["level"],
            asked=data["asked"],
            response=data["response"],
            responded_on=data["responded_on"],
            resolved=data["resolved"],
        )


class EscalationResponseForm(GovukForm):
    response = _text("Their response")
    responded_on = _date("Date of their response")
    resolved = forms.BooleanField(
        label="Their response resolved the concern: close the escalation", required=False
    )


class OutcomeForm(GovukForm):
    outcome = _text("Outcome", "What the service did, and what changed for the child")
    outcome_on = _date("Date of the outcome")


class WithdrawForm(GovukForm):
    withdrawn_on = _date("Date withdrawn")
    withdrawn_reason = _text("Why is the referral withdrawn?", rows=3)
