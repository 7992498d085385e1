"""Recording an issue young people raised, and the response to it."""

from __future__ import annotations

from django import forms

from journey.core.forms import GovukDateField, GovukForm
from journey.voice.you_said.services import IssueInput, ResponseInput
from journey.workforce.models import PARTNER_ROLES, Role, Team, Worker


class IssueForm(GovukForm):
    raised = forms.CharField(
        label="What children and young people said",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="In their words where you can",
    )
    raised_by = forms.CharField(
        label="Who raised it",
        max_length=200,
        help_text="A group, such as the Youth Council or the Young Inspectors: no names needed",
    )
    raised_on = GovukDateField(label="Date raised", help_text="For example, 27 3 2026")
    team = forms.ModelChoiceField(
        label="The team it is about (if any)",
        queryset=Team.objects.filter(is_active=True),
        required=False,
        empty_label="No one team",
    )

    def to_input(self) -> IssueInput:
        data = self.cleaned_data
        return IssueInput(
            data.get("raised", ""),
            data.get("raised_by", ""),
            data.get("raised_on"),
            data.get("team"),
        )


class OwnerField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Worker) -> str:
        return f"{obj.name}, {obj.get_role_display().lower()}"


class ResponseForm(GovukForm):
    response = forms.CharField(label="Our response", widget=forms.Textarea(attrs={"rows": 4}))
    responded_on = GovukDateField(label="Date of the response")
    owner = OwnerField(
        label="Owner",
        queryset=Worker.objects.active()
        .exclude(role__in=PARTNER_ROLES | {Role.REVIEWER, Role.ADMINISTRATOR})
        .select_related("user"),
        required=False,
        empty_label="Choose the worker who owns the response",
        help_text="The worker who answers for the response and the change",
    )
    changed = forms.CharField(
        label="What changed",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Leave empty until something has changed",
    )
    changed_on = GovukDateField(label="When it changed", required=False)
    published = forms.BooleanField(
        label="Publish it on the page for young people (it names nobody)", required=False
    )

    def to_input(self) -> ResponseInput:
        data = self.cleaned_data
        return ResponseInput(
            response=data.get("response", ""),
            responded_on=data.get("responded_on"),
            owner=data.get("owner"),
            changed=data.get("changed", ""),
            changed_on=data.get("changed_on"),
            published=bool(data.get("published")),
        )
