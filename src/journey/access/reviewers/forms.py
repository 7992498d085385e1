"""Forms for reviewer visits. They parse input; access.reviewers.visits decides what is
allowed, with messages naming the same fields."""

from __future__ import annotations

import datetime as dt

from django import forms

from journey.access.reviewers.services import MAX_DAYS, MAX_SAMPLE, VisitInput, latest_last_day
from journey.cases.models import EpisodeKind
from journey.core.forms import GovukDateField, GovukForm
from journey.core.models import ReviewerAccess
from journey.core.templatetags.govuk import govuk_date
from journey.people.models import Person
from journey.quality.models import SampleMethod
from journey.workforce.models import Role, Team, Worker


class ReviewerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Worker) -> str:
        return f"{obj.name}, {obj.agency.name}"


class ChildChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        born = f", born {obj.date_of_birth:%-d %B %Y}" if obj.date_of_birth else ""
        return f"{obj.full_name} ({obj.local_id}){born}"


class VisitForm(GovukForm):
    reviewer = ReviewerChoiceField(
        label="Reviewer",
        queryset=Worker.objects.none(),
        empty_label="Choose a reviewer",
        help_text="Peer reviewers and inspectors with a Journey account. The Journey "
        "administrator sets up a new reviewer's account.",
    )
    purpose = forms.CharField(
        label="Purpose of the visit",
        max_length=300,
        help_text="For example, Ofsted focused visit: children in need",
    )
    starts_on = GovukDateField(label="First day", help_text="For example, 3 11 2026")
    ends_on = GovukDateField(
        label="Last day",
        help_text=f"Access ends by itself after this day. At most {MAX_DAYS} days in all.",
    )
    teams = forms.ModelMultipleChoiceField(
        label="Teams",
        queryset=Team.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="The reviewer's cases come from the work of these teams",
    )
    kinds = forms.MultipleChoiceField(
        label="Kinds of work",
        choices=EpisodeKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    period_start = GovukDateField(label="Work open from")
    period_end = GovukDateField(label="Work open until", help_text="Usually today")

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teams"].queryset = teams
        self.fields["reviewer"].queryset = (
            Worker.objects.active().filter(role=Role.REVIEWER).select_related("user", "agency")
        )

    def to_input(self) -> VisitInput:
        data = self.cleaned_data
        return VisitInput(
            reviewer=data["reviewer"],
            purpose=data["purpose"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            teams=list(data["teams"]),
            kinds=list(data["kinds"]),
            period_start=data["period_start"],
            period_end=data["period_end"],
        )


class DrawForm(GovukForm):
    size = forms.IntegerField(
        label="Number of cases",
        required=False,
        error_messages={"invalid": "The number of cases must be a whole number, like 6"},
        help_text=f"From 1 to {MAX_SAMPLE}",
    )
    method = forms.ChoiceField(
        label="How the cases are drawn",
        choices=SampleMethod.choices,
        widget=forms.RadioSelect,
        initial=SampleMethod.RANDOM,
    )
    seed = forms.IntegerField(
        label="Seed (optional)",
        required=False,
        help_text="Leave empty for a new random draw. The same seed draws the same cases again.",
        error_messages={"invalid": "The seed must be a whole number, like 20140401"},
    )


class ChooseSearchForm(forms.Form):
    q = forms.CharField(label="Name or local ID", required=False, max_length=100)


class ChooseForm(GovukForm):
    children = ChildChoiceField(
        label="Children",
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, children, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["children"].queryset = children


class RevokeForm(GovukForm):
    reason = forms.CharField(
        label="Why the access is being revoked",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the access is being revoked"},
    )


class ExtendForm(GovukForm):
    """Both fields are checked by visits.extend_visit, so every problem shows at once."""

    ends_on = GovukDateField(label="New last day", required=False)
    reason = forms.CharField(
        label="Why the visit is being extended",
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, the inspection overran by two days",
    )

    def __init__(self, *args, visit: ReviewerAccess, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ends_on"].help_text = (
            f"The last day is now {govuk_date(visit.ends_on)}. A visit lasts at most {MAX_DAYS} "
            f"days, so the latest is {govuk_date(latest_last_day(visit.starts_on))}. "
            f"For example, {visit.ends_on + dt.timedelta(days=2):%-d %-m %Y}"
        )
