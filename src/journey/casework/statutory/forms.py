"""Forms for the statutory social care pages. They parse what was typed; the rules (dates in
order, who may authorise, one plan at a time) live in casework/statutory/services.py."""

from __future__ import annotations

from django import forms

from journey.casework.forms import FamilyBenefitFields
from journey.casework.models import Assessment, EmergencyProtection, Section47
from journey.casework.statutory.services import ConferenceDecision
from journey.core import codes
from journey.core.forms import ChildViewsFields, GovukDateField, GovukForm, RowForm
from journey.people.models import Agency
from journey.workforce.models import Registration, Role, Worker

EXAMPLE = "For example, 27 3 2026"


def _text(label: str, rows: int = 4, required: bool = False, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label, widget=forms.Textarea(attrs={"rows": rows}), required=required, **kwargs
    )


def _date(label: str, required: bool = True, help_text: str = EXAMPLE) -> GovukDateField:
    return GovukDateField(label=label, required=required, help_text=help_text)


def _factors(required: bool = False) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label="Factors identified at assessment",
        choices=codes.AssessmentFactor.choices,
        widget=forms.CheckboxSelectMultiple,
        required=required,
        help_text="The DfE assessment factors. Select all that apply",
    )


class ParticipantForm(RowForm):
    """Who took part in a strategy discussion for an agency, and what their agency knew."""

    row_name = "Participant"

    name = forms.CharField(
        label="Name", max_length=150, error_messages={"required": "Enter their name"}
    )
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.filter(is_active=True),
        empty_label="Select their agency",
        error_messages={"required": "Select the agency they took part for"},
    )
    information = forms.CharField(
        label="What their agency knows",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


ParticipantFormSet = forms.formset_factory(
    ParticipantForm, extra=4, max_num=20, absolute_max=20, validate_max=True
)


class StartAssessmentForm(ChildViewsFields, GovukForm):
    started_on = _date("Date the assessment started")
    factors = _factors()
    summary = _text("Notes so far", rows=4)


class AssessmentProgressForm(ChildViewsFields, GovukForm):
    factors = _factors()
    internal_review_on = _date(
        "Internal review date", required=False, help_text="If the assessment had one. " + EXAMPLE
    )
    summary = _text("Analysis so far", rows=5)


class AuthoriseAssessmentForm(GovukForm):
    authorised_on = _date("Date the assessment was authorised")
    outcome = forms.ChoiceField(
        label="What the assessment concluded",
        choices=Assessment.Outcome.choices,
        widget=forms.RadioSelect,
    )
    factors = _factors()
    summary = _text("Analysis and the manager's reasons", rows=5)


class StrategyDiscussionForm(ChildViewsFields, GovukForm):
    held_on = _date("Date of the strategy discussion")
    summary = _text(
        "Who took part and what was discussed",
        rows=5,
        required=True,
        error_messages={"required": "Enter who took part and what was discussed"},
    )
    decisions = _text("Decisions", rows=3)
    start_enquiry = forms.ChoiceField(
        label="Was a section 47 enquiry agreed?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
    )
    started_on = _date(
        "Date the section 47 enquiry started",
        required=False,
        help_text="If an enquiry was agreed. " + EXAMPLE,
    )

    lead_practitioner = forms.ModelChoiceField(
        label="Lead child protection practitioner",
        queryset=Worker.objects.none(),
        required=False,
        empty_label="Select a social worker",
        help_text="If an enquiry was agreed: a registered social worker from the child "
        "protection team. Family Help's lead practitioner stays with the family beside them",
    )
    members = forms.ModelMultipleChoiceField(
        label="Members of the multi-agency child protection team on the enquiry",
        queryset=Worker.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="They see this enquiry, its conference and any child protection plan while "
        "they are on it",
    )
    shared_summary = _text(
        "What the Family Help lead practitioner is told",
        rows=3,
        help_text="A summary for the lead practitioner who stays with the family: they see "
        "this, not the enquiry's records",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        workers = Worker.objects.active().select_related("user", "team", "agency")
        self.fields["lead_practitioner"].queryset = workers.filter(
            role=Role.SOCIAL_WORKER, registration_body=Registration.SOCIAL_WORK_ENGLAND
        )
        self.fields["lead_practitioner"].label_from_instance = lambda w: (
            f"{w.name} ({w.team or w.agency}, {w.registration})"
        )
        self.fields["members"].queryset = workers.filter(team__child_protection=True)
        self.fields["members"].label_from_instance = lambda w: f"{w.name}, {w.agency}"

    def clean(self):
        data = super().clean()
        if data.get("start_enquiry") == "yes" and not data.get("started_on"):
            self.add_error("started_on", "Enter the date the section 47 enquiry started")
        if data.get("start_enquiry") == "no":
            data["started_on"] = None
        return data


class Section47OutcomeForm(GovukForm):
    outcome = forms.ChoiceField(
        label="What the enquiry concluded",
        choices=Section47.Outcome.choices,
        widget=forms.RadioSelect,
    )
    completed_on = _date("Date of the outcome")
    note = _text("What the enquiry found", rows=5)


class InitialConferenceForm(ChildViewsFields, GovukForm):
    held_on = _date("Date of the conference")
    decision = forms.ChoiceField(
        label="What did the conference decide?",
        choices=ConferenceDecision.choices,
        widget=forms.RadioSelect,
    )
    category = forms.ChoiceField(
        label="Category of abuse",
        choices=[("", "Select the category")] + codes.CategoryOfAbuse.choices,
        required=False,
        help_text="For a child protection plan",
    )
    summary = _text("Who attended and the concerns discussed", rows=5)
    decisions = _text("Recommendations", rows=3)


class PlanReviewForm(ChildViewsFields, FamilyBenefitFields, GovukForm):
    reviewed_on = _date("Date of the review conference")
    category = forms.ChoiceField(
        label="Latest category of abuse",
        choices=codes.CategoryOfAbuse.choices,
        help_text="Change it if the review changed it",
    )
    summary = _text("What the review found", rows=5)


class EndPlanForm(GovukForm):
    ended_on = _date("Date the plan ended")
    note = _text(
        "Why the plan is ending",
        rows=4,
        required=True,
        error_messages={"required": "Enter why the plan is ending"},
    )


class EmergencyProtectionForm(GovukForm):
    kind = forms.ChoiceField(
        label="What kind of emergency protection?",
        choices=EmergencyProtection.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select an emergency protection order or police protection"},
    )
    started_on = _date("Date it started")
    ended_on = _date(
        "Date it ended",
        required=False,
        help_text="Leave blank if it has not ended yet. Police protection lasts at most 72 "
        "hours; an emergency protection order at most 8 days, 15 if it was extended. " + EXAMPLE,
    )
    note = _text(
        "What happened and who was involved",
        rows=6,
        required=True,
        help_text="For example the police force and officer, the court, where the child went "
        "and who with",
        error_messages={"required": "Enter what happened and who was involved"},
    )


class EndEmergencyProtectionForm(GovukForm):
    ended_on = _date("Date it ended")
