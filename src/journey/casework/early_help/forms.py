"""Forms for the early help pages: the CAF, a TAF meeting with its rows, progress, closure.

Forms only parse what was typed; the rules (dates against the episode, what completing a CAF
needs, open actions at closure) live in casework/early_help/services.py and come back as its errors.
"""

from __future__ import annotations

from django import forms

from journey.cases.models import EarlyHelpClosureReason
from journey.casework.early_help.services import (
    ActionInput,
    ActionUpdate,
    AttendeeInput,
    CafInput,
    taf_interval,
)
from journey.casework.forms import FamilyBenefitFields
from journey.casework.models import Assessment, PlanAction
from journey.core import codes
from journey.core.forms import ChildViewsFields, GovukDateField, GovukForm, RowForm


def _text(label: str, rows: int = 4, help_text: str = "", **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": rows}),
        required=kwargs.pop("required", False),
        help_text=help_text,
        **kwargs,
    )


# --- The CAF assessment ---------------------------------------------------------------------


def area_field(area: str, part: str) -> str:
    return f"{area}_{part}"


class CafForm(ChildViewsFields, GovukForm):
    """The early help assessment. Every part is optional for a draft; completing it asks more."""

    started_on = GovukDateField(
        label="Date the assessment started",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date the assessment started"},
    )
    analysis = _text(
        "Analysis",
        rows=6,
        help_text="What the strengths and needs mean for the child, and what needs to change",
    )
    factors = forms.MultipleChoiceField(
        label="Factors identified",
        choices=codes.AssessmentFactor.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all the DfE factors that the assessment shows",
    )

    #: The first field of the areas: where the service's "areas" error is shown.
    FIRST_AREA_FIELD = area_field(next(iter(Assessment.AREAS)), "strengths")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        areas = []
        for area in Assessment.AREAS:
            for part in ("strengths", "needs"):
                self.fields[area_field(area, part)] = _text(part.capitalize(), rows=3)
                areas.append(area_field(area, part))
        self.order_fields(
            ["started_on", *areas, *ChildViewsFields.base_fields]
        )  # as on the page: errors are listed in order

    def areas(self) -> list[dict]:
        """Each area with its two bound fields, for the template."""
        return [
            {
                "key": area,
                "label": label,
                "strengths": self[area_field(area, "strengths")],
                "needs": self[area_field(area, "needs")],
            }
            for area, label in Assessment.AREAS.items()
        ]

    @staticmethod
    def initial_from(assessment: Assessment) -> dict:
        initial = {
            name: getattr(assessment, name) for name in ("started_on", "analysis", "factors")
        } | ChildViewsFields.initial_views(assessment)
        for area in Assessment.AREAS:
            for part in ("strengths", "needs"):
                initial[area_field(area, part)] = assessment.areas.get(area, {}).get(part, "")
        return initial

    def to_input(self) -> CafInput:
        data = self.cleaned_data
        return CafInput(
            started_on=data["started_on"],
            areas={
                area: {
                    part: data[area_field(area, part)].strip() for part in ("strengths", "needs")
                }
                for area in Assessment.AREAS
            },
            views=self.views_input(),
            analysis=data["analysis"].strip(),
            factors=data["factors"],
        )


# --- A TAF meeting --------------------------------------------------------------------------


class TafMeetingForm(ChildViewsFields, FamilyBenefitFields, GovukForm):
    """A TAF meeting, the early help plan's review: the child's views are required here (R4),
    or why they were not obtained; how much difference the help has made is optional."""

    held_on = GovukDateField(label="Date of the meeting", help_text="For example, 27 3 2026")
    summary = _text("Summary of the discussion", rows=5)
    decisions = _text("Decisions")
    next_due_on = GovukDateField(label="Date of the next TAF meeting", required=False)
    record_measure = forms.BooleanField(
        label="Record the family's outcome measure at this meeting", required=False
    )

    def __init__(self, *args, measure_with: str = "", **kwargs):
        """`measure_with`: the outcome tool this work is measured with (none: no such tick)."""
        super().__init__(*args, **kwargs)
        days = taf_interval().days
        gap = f"{days // 7} weeks" if days % 7 == 0 else f"{days} days"
        self.fields["next_due_on"].help_text = f"Leave empty for {gap} after this meeting"
        if measure_with:
            self.fields["record_measure"].help_text = (
                f"Once the meeting is saved you go on to the {measure_with}, dated the day of "
                "the meeting, and then back to the plan"
            )
        else:
            del self.fields["record_measure"]


def _agency_choices(agencies: dict) -> list[tuple[str, str]]:
    return [("", "None")] + [(pk, agency.name) for pk, agency in agencies.items()]


class AttendeeForm(RowForm):
    row_name = "Attendee"

    name = forms.CharField(
        label="Name",
        max_length=150,
        error_messages={"required": "Enter their name"},
        widget=forms.TextInput(attrs={"list": "people-to-invite", "autocomplete": "off"}),
    )
    role = forms.CharField(label="Role", max_length=100, required=False)
    agency = forms.ChoiceField(label="Agency", required=False)
    attended = forms.ChoiceField(
        label="Attendance",
        choices=[("yes", "Attended"), ("no", "Sent apologies")],
        initial="yes",
        error_messages={"required": "Select whether they attended"},
    )

    def __init__(self, *args, agencies: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.agencies = agencies
        self.fields["agency"].choices = _agency_choices(agencies)

    def to_input(self) -> AttendeeInput:
        data = self.cleaned_data
        return AttendeeInput(
            name=data["name"].strip(),
            role=data["role"].strip(),
            agency=self.agencies.get(data["agency"]),
            attended=data["attended"] == "yes",
        )


class ActionForm(RowForm):
    row_name = "Action"

    description = _text(
        "What will be done",
        rows=2,
        required=True,
        error_messages={"required": "Say what will be done"},
    )
    due_on = GovukDateField(label="Due date", error_messages={"required": "Enter the due date"})
    owner = forms.ChoiceField(label="Owner", required=False)
    owner_name = forms.CharField(
        label="Or their name, if not listed", max_length=150, required=False
    )
    agency = forms.ChoiceField(label="Agency", required=False)

    def __init__(self, *args, agencies: dict, owners: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.agencies, self.owners = agencies, owners
        self.fields["agency"].choices = [("", "The owner's agency")] + [
            (pk, agency.name) for pk, agency in agencies.items()
        ]
        self.fields["owner"].choices = [("", "Not listed")] + [
            (pk, f"{worker.name} ({worker.agency})") for pk, worker in owners.items()
        ]

    def clean(self):
        data = super().clean()
        owner, name = data.get("owner"), (data.get("owner_name") or "").strip()
        if not owner and not name:
            self.add_error("owner", "Choose who owns it, or type their name")
        elif owner and name:
            self.add_error("owner_name", "Choose someone from the list or type a name, not both")
        return data

    def to_input(self) -> ActionInput:
        data = self.cleaned_data
        return ActionInput(
            description=data["description"].strip(),
            due_on=data["due_on"],
            owner=self.owners.get(data["owner"]),
            owner_name=data["owner_name"].strip(),
            agency=self.agencies.get(data["agency"]),
        )


#: Empty rows on the page (after any attendees carried from the last meeting); rows left empty
#: are ignored, and "Add another" adds more (with JavaScript) up to MAX_ROWS.
ATTENDEE_ROWS = 3
ACTION_ROWS = 2
MAX_ROWS = 40


def _rows(form: type[RowForm], extra: int) -> type[forms.BaseFormSet]:
    return forms.formset_factory(
        form, extra=extra, max_num=MAX_ROWS, absolute_max=MAX_ROWS, validate_max=True
    )


AttendeeFormSet = _rows(AttendeeForm, ATTENDEE_ROWS)
ActionFormSet = _rows(ActionForm, ACTION_ROWS)
#: When last meeting's attendees are carried over, one empty row beneath them is enough.
CarriedAttendeeFormSet = _rows(AttendeeForm, 1)


class ActionUpdateForm(GovukForm):
    """An action already on the plan, as the meeting found it: its status now and what happened."""

    status = forms.ChoiceField(
        label="Status now", choices=PlanAction.Status.choices, required=False
    )
    note = _text("What has happened", rows=2)

    def __init__(self, *args, action: PlanAction, **kwargs):
        super().__init__(*args, prefix=f"update-{action.pk}", **kwargs)
        self.action = action
        self.fields["status"].label = "Status now"
        self.fields["note"].label = "What has happened"

    def to_update(self) -> ActionUpdate:
        return ActionUpdate(
            action=self.action,
            status=self.cleaned_data["status"] or self.action.status,
            note=self.cleaned_data["note"].strip(),
        )


# --- Progress on an action ----------------------------------------------------------------


class ProgressForm(GovukForm):
    note = _text(
        "What has happened",
        required=True,
        error_messages={"required": "Enter what has happened on this action"},
    )
    status = forms.ChoiceField(
        label="Status now",
        choices=PlanAction.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the status of the action now"},
    )
    noted_on = GovukDateField(
        label="Date of the update", required=False, help_text="Leave empty for today"
    )


# --- Closing early help -------------------------------------------------------------------


class CloseEarlyHelpForm(ChildViewsFields, FamilyBenefitFields, GovukForm):
    ended_on = GovukDateField(
        label="Date the early help ended",
        error_messages={"required": "Enter the date the early help ended"},
    )
    reason = forms.ChoiceField(
        label="Reason for closing",
        choices=[
            (
                code,
                "Other (say why in the outcome)" if code == EarlyHelpClosureReason.OTHER else label,
            )
            for code, label in EarlyHelpClosureReason.choices
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select the reason for closing"},
    )
    outcome = _text(
        "Outcome against the plan",
        required=True,
        help_text="What changed for the child and family, need by need",
        error_messages={"required": "Say what the outcome was against the plan"},
    )
    next_step = forms.CharField(
        label="What happens next",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example, school keeps a watching brief; a referral to social care",
        error_messages={"required": "Say what happens next for the family"},
    )
    open_actions_note = _text(
        "What happens to the open actions",
        rows=3,
        help_text="They will be closed as no longer needed, with this note on each",
    )

    def __init__(self, *args, open_actions: int, **kwargs):
        super().__init__(*args, **kwargs)
        if open_actions:
            field = self.fields["open_actions_note"]
            field.required = True
            field.error_messages["required"] = (
                f"{open_actions} action{'s are' if open_actions != 1 else ' is'} still open: "
                "say what happens to them"
            )
        else:
            del self.fields["open_actions_note"]
