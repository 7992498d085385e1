"""Asking for views (the worker), the code and the answers (the child or parent, on a phone), and
the worker's acknowledgement."""

from __future__ import annotations

from django import forms

from journey.core.forms import GovukForm
from journey.people.contact_details.selectors import Reachable
from journey.voice.links.models import Channel, Purpose, ViewsForm
from journey.voice.links.questions import FORMS
from journey.voice.links.selectors import LinkOffer
from journey.voice.links.services import CODE_DIGITS, LinkRequest, ScoreRequest, ScoresAsked


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

    score = forms.MultipleChoiceField(
        label="Outcome measure",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Choose a tool from the list"},
    )

    def __init__(self, *args, family: list[Reachable], offers: list[LinkOffer] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.family = {r.person.pk: r for r in family}
        self.fields["recipient"].choices = [(r.person.pk, _who(r)) for r in family]
        self.offers = {offer.key: offer for offer in offers}
        if not offers:
            del self.fields["score"]
            return
        several_works = len({o.episode.pk for o in offers}) > 1
        self.fields["score"].choices = [(o.key, _ask_to_score(o, several_works)) for o in offers]
        self.fields["score"].help_text = (
            "Only for views at a review or at closure. The form shows each scale with what its "
            "lowest and highest scores mean, and a box for their own words; what they send is "
            "recorded as the family's own measure (at closure, the closing measure)"
        )

    def clean_score(self) -> list[str]:
        chosen = self.cleaned_data.get("score") or []
        if len(chosen) > 1:
            raise forms.ValidationError("Choose one tool for them to score")
        return chosen

    def to_request(self) -> LinkRequest:
        data = self.cleaned_data
        who = self.family.get(data["recipient"]) if data["recipient"] else None
        offer = self.offers.get((data.get("score") or [""])[0])
        return LinkRequest(
            recipient=who.person if who else None,
            form=data["form"],
            purpose=data["purpose"],
            channel=data["channel"],
            score=ScoreRequest(offer.episode, offer.version) if offer else None,
        )


def _ask_to_score(offer: LinkOffer, several_works: bool) -> str:
    label = f"Ask them to score the {offer.version.tool.name}"
    if several_works or offer.episode.ended_on:
        work = offer.episode.get_kind_display().lower()
        closed = f", closed {offer.episode.ended_on:%-d %B %Y}" if offer.episode.ended_on else ""
        label += f" for the {work} work{closed}"
    return label


class CodeForm(GovukForm):
    code = forms.CharField(
        label="Enter your code",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
        help_text=f"We sent you a {CODE_DIGITS}-digit code in a separate message",
    )


class AnswersForm(forms.Form):
    """The questions of one form, and any outcome tool's scales the family is asked to score;
    what is required is the service's to say (in the form's voice)."""

    def __init__(self, *args, form_kind: str, asked: ScoresAsked | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.definition = FORMS[form_kind]
        self.asked = asked
        if asked is not None:
            self._add_scales(asked)
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

    def _add_scales(self, asked: ScoresAsked) -> None:
        low, high = asked.version.lowest, asked.version.highest
        for scale in asked.scales:
            # Checked by the service, with the other scales', in the form's own voice.
            self.fields[f"score_{scale.key}"] = forms.CharField(
                label=scale.name,
                widget=forms.RadioSelect(choices=[(str(n), str(n)) for n in range(low, high + 1)]),
                max_length=5,
                required=False,
            )
            self.fields[f"words_{scale.key}"] = forms.CharField(
                label=f"{scale.name}: in your own words (optional)",
                widget=forms.Textarea(attrs={"rows": 2}),
                max_length=5000,
                required=False,
            )

    def values(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name) or "" for name in self.fields}

    def rows(self):
        """(question, bound field) in order, for the template."""
        return [(q, self[q.name]) for q in self.definition.questions]

    def scale_rows(self):
        """(scale, its score field, its words field) in order, for the template."""
        if self.asked is None:
            return []
        return [(s, self[f"score_{s.key}"], self[f"words_{s.key}"]) for s in self.asked.scales]


class AcknowledgeForm(GovukForm):
    response = forms.CharField(
        label="Your response (optional)",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
        help_text="What you will do with these views, or what you told them. It is added below, "
        "dated; the views are never changed",
    )
