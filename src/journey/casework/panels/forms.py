"""Forms for the panel pages: a panel and who is invited, bringing a case, the decision.

Forms parse what was typed; the rules (how far ahead, one child once, decisions after the panel
sits) live in casework/panels/services.py and come back as its errors.
"""

from __future__ import annotations

from django import forms

from journey.casework.early_help.forms import MAX_ROWS, AttendeeForm
from journey.casework.models import Panel, PanelOutcome
from journey.core.forms import ChildViewsFields, GovukDateField, GovukForm
from journey.core.templatetags.govuk import govuk_date


class PanelForm(GovukForm):
    kind = forms.ChoiceField(
        label="Which panel",
        choices=Panel.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select which panel this is"},
    )
    held_on = GovukDateField(
        label="Date of the panel",
        help_text="For example, 27 3 2026. A panel can be scheduled up to a year ahead",
        error_messages={"required": "Enter the date of the panel"},
    )
    chair = forms.ChoiceField(
        label="Chair", error_messages={"required": "Select who chairs the panel"}
    )
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, the venue, or the panel's terms of reference",
    )

    def __init__(self, *args, chairs: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.chairs = chairs
        self.fields["chair"].choices = [("", "Select the chair")] + [
            (pk, f"{worker.name} ({worker.get_role_display()})") for pk, worker in chairs.items()
        ]


class PanelAttendeeForm(AttendeeForm):
    """An attendee row: a panel may be scheduled ahead, so "attending" covers expected too."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [("yes", "Attending"), ("no", "Sent apologies")]
        self.fields["role"].help_text = ""


#: Attendee rows on the page before anything is typed; rows left empty are ignored.
PANEL_ATTENDEE_ROWS = 6

PanelAttendeeFormSet = forms.formset_factory(
    PanelAttendeeForm,
    extra=PANEL_ATTENDEE_ROWS,
    max_num=MAX_ROWS,
    absolute_max=MAX_ROWS,
    validate_max=True,
)


def panel_choice_label(panel: Panel) -> str:
    return f"{panel.get_kind_display()}, {govuk_date(panel.held_on)}, chaired by {panel.chair}"


class BringCaseForm(ChildViewsFields, GovukForm):
    panel = forms.ChoiceField(
        label="Which panel",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the panel to bring the case to"},
    )
    reason = forms.CharField(
        label="Why are you bringing the case, and what do you want the panel to decide?",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What has been tried, what is stuck, and the question for the panel",
        error_messages={"required": "Enter the reason for bringing the case, in your own words"},
    )

    def __init__(self, *args, panels: list[Panel], **kwargs):
        super().__init__(*args, **kwargs)
        self.panels = {str(panel.pk): panel for panel in panels}
        self.fields["panel"].choices = [
            (pk, panel_choice_label(panel)) for pk, panel in self.panels.items()
        ]

    def chosen_panel(self) -> Panel | None:
        return self.panels.get(self.cleaned_data.get("panel", ""))


class DecisionForm(GovukForm):
    outcome = forms.ChoiceField(
        label="What did the panel decide?",
        choices=PanelOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the panel decided"},
    )
    decision = forms.CharField(
        label="The decision, in words",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What the panel weighed up and why it decided this",
        error_messages={"required": "Enter the panel's decision, in your own words"},
    )
    actions = forms.CharField(
        label="Actions agreed (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Who will do what, by when",
    )
    decided_on = GovukDateField(
        label="Date of the decision",
        required=False,
        help_text="Leave empty for the date of the panel",
    )
