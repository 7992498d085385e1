"""Asking for views (the worker), the code and the answers (the child or parent, on a phone), and
the worker's acknowledgement."""

from __future__ import annotations

from django import forms

from journey.core.forms import GovukForm
from journey.people.contact_details.selectors import Reachable
from journey.voice.links.models import Channel, Purpose, ViewsForm
from journey.voice.links.questions import FORMS
from journey.voice.links.services import CODE_DIGITS, LinkRequest


def _who(r: Reachable) -> str:
    ways = [w for w, have in (("email", r.person.email), ("mobile", r.person.mobile)) if have]
    reach = " and ".join(ways) if ways else "no email or mobile recorded"
    return f"{r.person.full_name}, {r.relation} ({reach})"


class AskForViewsForm(GovukForm):
    recipient = forms.TypedChoiceField(
        label="Who are you asking?", coerce=int, widget=forms.RadioSelect, required=False
    )
    form = forms.ChoiceField(
        label="Which form",
        choices=ViewsForm.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="A young child's form can go to a parent or carer to fill in with the child",
    )
    purpose = forms.ChoiceField(
        label="What are the views for?",
        choices=Purpose.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    channel = forms.ChoiceField(
        label="Send the link by",
        choices=Channel.choices,
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(self, *args, family: list[Reachable], **kwargs):
        super().__init__(*args, **kwargs)
        self.family = {r.person.pk: r for r in family}
        self.fields["recipient"].choices = [(r.person.pk, _who(r)) for r in family]

    def to_request(self) -> LinkRequest:
        data = self.cleaned_data
        who = self.family.get(data["recipient"]) if data["recipient"] else None
        return LinkRequest(
            recipient=who.person if who else None,
            form=data["form"],
            purpose=data["purpose"],
            channel=data["channel"],
        )


class CodeForm(GovukForm):
    code = forms.CharField(
        label="Enter your code",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
        help_text=f"We sent you a {CODE_DIGITS}-digit code in a separate message",
    )


class AnswersForm(forms.Form):
    """The questions of one form; what is required is the service's to say (in the form's
    voice)."""

    def __init__(self, *args, form_kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.definition = FORMS[form_kind]
        for q in self.definition.questions:
            if q.choices:
                self.fields[q.name] = forms.ChoiceField(
                    label=q.label, choices=q.choices, widget=forms.RadioSelect, required=False
                )
            else:
                self.fields[q.name] = forms.CharField(
                    label=q.label,
                    help_text=q.hint,
                    widget=forms.Textarea(attrs={"rows": 4}),
                    max_length=5000,
                    required=False,
                )

    def values(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name) or "" for name in self.fields}

    def rows(self):
        """(question, bound field) in order, for the template."""
        return [(q, self[q.name]) for q in self.definition.questions]


class AcknowledgeForm(GovukForm):
    response = forms.CharField(
        label="Your response (optional)",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
        help_text="What you will do with these views, or what you told them. It is added below, "
        "dated; the views are never changed",
    )
