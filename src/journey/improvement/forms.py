"""The forms of improvement plans: each cleans what a person typed into a service's input."""

from __future__ import annotations

from django import forms

from journey.core import measures as registry
from journey.core.forms import GovukDateField, GovukForm
from journey.improvement.models import Rag, Source
from journey.improvement.services import ActionInput, AreaInput, PlanInput, ProgressInput
from journey.workforce.models import Team, Worker


class WorkerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Worker) -> str:
        title = obj.job_title or obj.get_role_display()
        return f"{obj.name}, {title}"


def _workers():
    return Worker.objects.active().select_related("user").exclude(role="administrator")


class PlanForm(GovukForm):
    title = forms.CharField(label="Title", max_length=200)
    source = forms.ChoiceField(
        label="Where the plan comes from",
        choices=[("", "Select where it comes from"), *Source.choices],
        error_messages={"required": "Select where the plan comes from"},
    )
    owner = WorkerChoiceField(
        label="Owner",
        queryset=Worker.objects.none(),
        empty_label="Select the owner",
        help_text="The head of service or assistant director accountable for the plan",
    )
    starts_on = GovukDateField(label="Start date", help_text="For example, 1 4 2026")
    ends_on = GovukDateField(label="End date", help_text="For example, 31 3 2027")
    purpose = forms.CharField(
        label="Purpose",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why the plan exists: the first section of the report to scrutiny",
    )
    background = forms.CharField(
        label="Background",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What was found and when, in the words the panel will read",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _workers().filter(
            role__in=["head_of_service", "assistant_director"]
        )

    def to_input(self) -> PlanInput:
        return PlanInput(**self.cleaned_data)


class AreaForm(GovukForm):
    title = forms.CharField(label="Area for improvement", max_length=300)
    finding = forms.CharField(
        label="What was found",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The finding behind this area, for the report's findings by area",
    )
    recommendation = forms.CharField(
        label="Recommendation", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def to_input(self) -> AreaInput:
        return AreaInput(**self.cleaned_data)


def measure_choices() -> list[tuple[str, str]]:
    return [
        ("", "No measure: the lead rates it"),
        *((m.key, m.title) for m in registry.registered()),
    ]


class ActionForm(GovukForm):
    action = forms.CharField(label="Action", widget=forms.Textarea(attrs={"rows": 3}))
    lead = WorkerChoiceField(
        label="Lead",
        queryset=Worker.objects.none(),
        empty_label="Select the lead",
        help_text="They record progress from My work",
    )
    responsible_officer = WorkerChoiceField(
        label="Responsible officer", queryset=Worker.objects.none(), empty_label="Select one"
    )
    evidence = forms.CharField(
        label="Evidence",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What will show the action has worked",
    )
    due_on = GovukDateField(label="Timescale: due by", help_text="For example, 30 9 2026")
    timescale_note = forms.CharField(
        label="Timescale in words (optional)",
        max_length=100,
        required=False,
        help_text="If it repeats, for example Monthly",
    )
    linked_plans = forms.CharField(
        label="Link to other plans (optional)",
        max_length=300,
        required=False,
        help_text="For example, Team delivery plan 2; Quality assurance strategy",
    )
    measure = forms.ChoiceField(
        label="Measure (optional)",
        required=False,
        help_text="Tie the action to a measure and its RAG follows the figures",
    )
    measure_team = forms.ModelChoiceField(
        label="For which team (optional)",
        queryset=Team.objects.filter(is_active=True),
        required=False,
        empty_label="The whole council",
    )
    target = forms.DecimalField(
        label="Target (if tied to a measure)",
        required=False,
        max_digits=9,
        decimal_places=1,
        help_text="For a share, a percentage such as 90",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-5"}),
    )
    target_by = GovukDateField(label="Target to be met by (if tied to a measure)", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = _workers()
        self.fields["responsible_officer"].queryset = _workers()
        self.fields["measure"].choices = measure_choices()
        self.fields["target"].error_messages["invalid"] = "The target must be a number, like 90"

    def to_input(self) -> ActionInput:
        return ActionInput(**self.cleaned_data)


class ProgressForm(GovukForm):
    recorded_on = GovukDateField(label="Date of the update", help_text="For example, 27 3 2026")
    note = forms.CharField(
        label="Progress and evidence",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What has been done since the last update, and what shows it",
    )
    rag = forms.ChoiceField(
        label="Your rating",
        choices=Rag.choices,
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, measured: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if measured:
            del self.fields["rag"]
        self.fields["recorded_on"].required = False

    def to_input(self) -> ProgressInput:
        data = self.cleaned_data
        return ProgressInput(data["recorded_on"], data["note"], data.get("rag", ""))


class WithdrawForm(GovukForm):
    reason = forms.CharField(
        label="Why the action is withdrawn",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="It stays on the plan, marked withdrawn, with this reason",
    )


FOLLOW_EVIDENCE = "evidence"


class OverrideForm(GovukForm):
    rag = forms.ChoiceField(
        label="Rating",
        choices=[*Rag.choices, (FOLLOW_EVIDENCE, "Follow the evidence again")],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="Shown beside the figures wherever the rating is: say what the figures miss",
    )

    def chosen_rag(self) -> str:
        rag = self.cleaned_data["rag"]
        return "" if rag == FOLLOW_EVIDENCE else rag
