"""The visit or case note form: one account, and a part for each child it was about."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django import forms
from django.forms import BoundField
from django.utils import timezone

from journey.cases.models import Episode
from journey.casework.models import CaseNote, NoteKind, Visit
from journey.casework.visits.services import Account, ChildPart, Seen
from journey.core.forms import GovukDateField, GovukForm, GovukTimeField
from journey.core.views_of_child import ViewsMethod
from journey.people.models import Person


@dataclass
class ChildFields:
    """One child's fields, for the template to lay out together."""

    child: Person
    episode: Episode
    is_main: bool
    about: BoundField | None
    seen: BoundField
    not_seen_reason: BoundField
    words: BoundField
    views_method: BoundField
    views_not_obtained: BoundField


class VisitForm(GovukForm):
    kind = forms.ChoiceField(
        label="What kind of visit or note is this?",
        choices=NoteKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what kind of visit or note this is"},
    )
    occurred_on = GovukDateField(label="Date", help_text="For example, 27 3 2026")
    occurred_time = GovukTimeField(label="Time", required=False)
    present = forms.CharField(
        label="Who was present",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="For example Mum (Sarah Jones), Nan, the class teacher",
    )
    observed = forms.CharField(
        label="What happened and what you observed",
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text="The home, the care the children were given, how they were with their "
        "parents and with you",
    )
    analysis = forms.CharField(
        label="Your analysis: what it means for the children",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="Risks and strengths, what has changed since the last visit, against the plan",
    )
    next_steps = forms.CharField(
        label="Next steps",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Who will do what, by when",
    )
    parent_views = forms.CharField(
        label="The parents' or carers' views",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="In their words if you can, saying whose views they are",
    )

    def __init__(self, *args, children: list[tuple[Person, Episode]], **kwargs):
        super().__init__(*args, **kwargs)
        self.children = children
        for n, (child, _) in enumerate(children):
            name = child.first_name
            if n:
                self.fields[f"about_{child.pk}"] = forms.BooleanField(
                    label=f"This was also about {child.full_name}", required=False
                )
            self.fields[f"seen_{child.pk}"] = forms.ChoiceField(
                label=f"Was {name} seen?",
                choices=Seen.CHOICES,
                widget=forms.RadioSelect,
                required=False,
                help_text="For a visit or direct work",
            )
            self.fields[f"not_seen_reason_{child.pk}"] = forms.CharField(
                label=f"Why was {name} not seen?",
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                help_text="And what you will do to see them",
            )
            self.fields[f"words_{child.pk}"] = forms.CharField(
                label=f"What {name} said, in their own words",
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
                help_text="Their words, not yours: what they said, showed or drew",
            )
            self.fields[f"views_method_{child.pk}"] = forms.ChoiceField(
                label=f"How were {name}'s views obtained?",
                choices=ViewsMethod.choices,
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields[f"views_not_obtained_{child.pk}"] = forms.CharField(
                label=f"Why were {name}'s views not obtained?",
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                help_text="For example, a baby; they were asleep",
            )

    def child_fields(self) -> list[ChildFields]:
        return [
            ChildFields(
                child=child,
                episode=episode,
                is_main=not n,
                about=self[f"about_{child.pk}"] if n else None,
                seen=self[f"seen_{child.pk}"],
                not_seen_reason=self[f"not_seen_reason_{child.pk}"],
                words=self[f"words_{child.pk}"],
                views_method=self[f"views_method_{child.pk}"],
                views_not_obtained=self[f"views_not_obtained_{child.pk}"],
            )
            for n, (child, episode) in enumerate(self.children)
        ]

    def account(self) -> Account:
        data = self.cleaned_data
        return Account(
            kind=data["kind"],
            occurred_at=_moment(data["occurred_on"], data["occurred_time"]),
            present=data["present"],
            observed=data["observed"],
            analysis=data["analysis"],
            next_steps=data["next_steps"],
            parent_views=data["parent_views"],
        )

    def parts(self) -> list[ChildPart]:
        data = self.cleaned_data
        return [
            ChildPart(
                episode=episode,
                seen=data[f"seen_{child.pk}"],
                not_seen_reason=data[f"not_seen_reason_{child.pk}"],
                child_words=data[f"words_{child.pk}"],
                views_method=data[f"views_method_{child.pk}"],
                views_not_obtained=data[f"views_not_obtained_{child.pk}"],
            )
            for n, (child, episode) in enumerate(self.children)
            if not n or data[f"about_{child.pk}"]
        ]


def _moment(day: dt.date | None, time: dt.time | None) -> dt.datetime | None:
    """The moment of the visit; with no time given, now if it was today, else midday."""
    if day is None:
        return None
    if time is None:
        if day == timezone.localdate():
            return timezone.now().replace(second=0, microsecond=0)
        time = dt.time(12, 0)
    return timezone.make_aware(dt.datetime.combine(day, time))


def initial_for_new(kind: str = "") -> dict:
    now = timezone.localtime()
    return {"occurred_on": now.date(), "occurred_time": now.time().replace(second=0), "kind": kind}


def initial_from_draft(visit: Visit) -> dict:
    """A draft as its author left it, to carry on writing."""
    when = timezone.localtime(visit.occurred_at)
    initial = {
        "kind": visit.kind,
        "occurred_on": when.date(),
        "occurred_time": when.time(),
        "present": visit.present,
        "observed": visit.observed,
        "analysis": visit.analysis,
        "next_steps": visit.next_steps,
    }
    parts = list(visit.parts.all())
    if parts:
        initial["parent_views"] = parts[0].parent_views
    for note in parts:
        key = note.episode.child_id
        initial[f"about_{key}"] = True
        initial[f"seen_{key}"] = _seen_answer(note)
        initial[f"not_seen_reason_{key}"] = note.not_seen_reason
        initial[f"words_{key}"] = note.child_views
        initial[f"views_method_{key}"] = note.child_views_method
        initial[f"views_not_obtained_{key}"] = note.child_views_not_obtained
    return initial


def _seen_answer(note: CaseNote) -> str:
    if note.child_seen_alone:
        return Seen.ALONE
    if note.child_seen:
        return Seen.WITH_OTHERS
    return Seen.NOT_SEEN if note.not_seen_reason else ""


class VisitingStandardForm(GovukForm):
    visit_every = forms.IntegerField(
        label="Visit the child at least every",
        required=False,
        min_value=1,
        error_messages={
            "invalid": "Enter the number of working days as a whole number, like 10",
            "min_value": "Enter a number of working days of 1 or more",
        },
        help_text="Working days. Leave empty to follow the council's standard",
    )
