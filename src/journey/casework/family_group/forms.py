"""Forms for family group decision-making. They parse what was typed; the rules (dates in order,
a meeting only for an accepted offer, the rule before an application to court) are in
casework/family_group/services.py."""

from __future__ import annotations

from django import forms

from journey.casework.family_group.services import LetterInput, MeetingInput
from journey.casework.models import BestInterestsException, CourtApplication, FamilyGroupOffer
from journey.core.forms import ChildViewsFields, GovukDateField, GovukForm
from journey.workforce.models import MANAGER_ROLES, Worker

EXAMPLE = "For example, 27 3 2026"
YES_NO = [("yes", "Yes"), ("no", "No")]


def _text(label: str, rows: int = 4, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label, widget=forms.Textarea(attrs={"rows": rows}), required=False, **kwargs
    )


def _line(label: str, **kwargs) -> forms.CharField:
    return forms.CharField(label=label, max_length=300, required=False, **kwargs)


def _date(label: str, required: bool = False, help_text: str = EXAMPLE) -> GovukDateField:
    # Required dates are checked by the services, which say which date is missing.
    return GovukDateField(label=label, required=required, help_text=help_text)


class LetterForm(GovukForm):
    sent_on = _date("Date of the letter")
    addressed_to = _line(
        "Addressed to",
        help_text="The parents and anyone else with parental responsibility, by name",
    )
    concerns = _text(
        "The council's concerns",
        rows=6,
        help_text="In plain words the family will understand, with examples",
    )
    what_must_change = _text(
        "What must change, and by when",
        rows=6,
        help_text="Each change, and the date by which it must happen",
    )
    pre_proceedings_meeting_on = _date(
        "Date of the pre-proceedings meeting", help_text="If it is arranged. " + EXAMPLE
    )
    offered_to = _line(
        "Who the family group decision-making meeting is offered to",
        help_text="If not the people the letter is addressed to",
    )
    how_to_accept = _text(
        "How the family can accept the meeting",
        rows=3,
        help_text="Printed in the letter, under the offer",
    )

    def to_input(self) -> LetterInput:
        data = self.cleaned_data
        return LetterInput(
            sent_on=data["sent_on"],
            addressed_to=data["addressed_to"],
            concerns=data["concerns"],
            what_must_change=data["what_must_change"],
            pre_proceedings_meeting_on=data["pre_proceedings_meeting_on"],
            offered_to=data["offered_to"],
            how_to_accept=data["how_to_accept"],
        )


class OfferForm(GovukForm):
    offered_on = _date("Date of the offer")
    offered_to = _line("Offered to", help_text="Who in the family was offered the meeting")


class AnswerForm(GovukForm):
    response = forms.ChoiceField(
        label="What did the family say?",
        choices=[
            (FamilyGroupOffer.Response.ACCEPTED, "They accepted the meeting"),
            (FamilyGroupOffer.Response.DECLINED, "They declined the meeting"),
        ],
        widget=forms.RadioSelect,
        required=False,
    )
    responded_on = _date("Date of the answer")
    response_by = _line("Who answered", help_text="Their name and who they are to the child")


class MeetingForm(ChildViewsFields, GovukForm):
    held_on = _date("Date of the meeting")
    coordinator = forms.CharField(
        label="Independent coordinator",
        max_length=150,
        required=False,
        help_text="The coordinator is independent of the child's social worker",
    )
    who_came = _text("Who came", rows=3, help_text="Names, and who they are to the child")
    private_family_time = forms.ChoiceField(
        label="Did the family have private time, without professionals?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        required=False,
    )
    family_plan = _text("The family's plan", rows=8, help_text="As the family wrote it")
    review_on = _date("Date the plan is to be reviewed by")

    def to_input(self) -> MeetingInput:
        data = self.cleaned_data
        private = {"yes": True, "no": False}.get(data["private_family_time"])
        return MeetingInput(
            held_on=data["held_on"],
            coordinator=data["coordinator"],
            who_came=data["who_came"],
            private_family_time=private,
            family_plan=data["family_plan"],
            review_on=data["review_on"],
            views=self.views_input(),
        )


class ReviewForm(GovukForm):
    reviewed_on = _date("Date of the review")
    review_note = _text(
        "What the review found",
        rows=6,
        help_text="Is the family's plan working? What has changed, and what happens next?",
    )


class ExceptionForm(GovukForm):
    kind = forms.ChoiceField(
        label="What was decided?",
        choices=[
            (
                BestInterestsException.Kind.NOT_OFFERED,
                "Not to offer a family group decision-making meeting",
            ),
            (
                BestInterestsException.Kind.NOT_HELD,
                "Not to hold the meeting the family accepted before applying to court",
            ),
        ],
        widget=forms.RadioSelect,
        required=False,
    )
    decided_on = _date("Date of the decision")
    decided_by = forms.ModelChoiceField(
        label="Who decided",
        queryset=Worker.objects.none(),
        required=False,
        empty_label="Select a manager",
        help_text="A team manager, head of service or assistant director",
    )
    reasons = _text(
        "Why it is in the child's best interests",
        rows=6,
        help_text="At least a full sentence: what was weighed up, and why",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["decided_by"]
        field.queryset = Worker.objects.filter(
            role__in=MANAGER_ROLES, is_active=True
        ).select_related("user")
        field.label_from_instance = lambda w: f"{w.name}, {w.get_role_display().lower()}"


class ApplicationForm(GovukForm):
    order = forms.ChoiceField(
        label="Order applied for",
        choices=CourtApplication.Order.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    applied_on = _date("Date of the application")
    court = forms.CharField(
        label="Court",
        max_length=150,
        required=False,
        help_text="For example, Fairshire Family Court",
    )
    note = _text("Why the council is applying", rows=5)
