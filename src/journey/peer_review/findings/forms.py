"""The forms of findings, the letter and the plan from the letter: each cleans what a person typed
into a service's input; the rules live in findings/services.py and come back as its errors."""

from __future__ import annotations

from typing import Any

from django import forms

from journey.core.forms import GovukDateField, GovukForm
from journey.improvement.forms import WorkerChoiceField, measure_choices
from journey.peer_review.findings import selectors
from journey.peer_review.findings.services import (
    FindingInput,
    FirstActionInput,
    LetterInput,
    PlanFromLetterInput,
)
from journey.peer_review.models import (
    FindingKind,
    LineOfEnquiry,
    PeerReview,
    ReviewCase,
    ReviewDocument,
    Session,
    Theme,
)
from journey.workforce.models import Role, Worker


class CaseChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: ReviewCase) -> str:
        return f"{obj.reference}: line {obj.line.number}, {obj.line.title}"


class SessionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Session) -> str:
        return f"{obj.title}, {obj.on:%-d %B %Y}"


class FindingForm(GovukForm):
    line = forms.ModelChoiceField(
        label="Line of enquiry",
        queryset=LineOfEnquiry.objects.none(),
        empty_label="Select the line of enquiry",
        error_messages={"required": "Select the line of enquiry the finding is about"},
    )
    kind = forms.ChoiceField(
        label="Strength or area for development",
        choices=FindingKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether the finding is a strength or an area for development"
        },
    )
    theme = forms.ChoiceField(
        label="Theme",
        required=False,
        choices=[("", "The line of enquiry's theme"), *Theme.choices],
        help_text="What a later review follows it by",
    )
    summary = forms.CharField(
        label="The finding in one line",
        max_length=300,
        error_messages={
            "required": "Enter the finding in one line",
            "max_length": "The finding in one line must be 300 characters or fewer",
        },
    )
    detail = forms.CharField(
        label="Detail (optional)", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    evidence = forms.CharField(
        label="What the evidence showed",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the cases, sessions or documents showed. Do not name a child",
        error_messages={"required": "Enter what the evidence showed"},
    )
    recommendation = forms.CharField(
        label="Recommendation",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For an area for development only, where it is required",
    )
    cases = CaseChoiceField(
        label="Sampled cases it rests on",
        queryset=ReviewCase.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sessions = SessionChoiceField(
        label="Sessions it rests on",
        queryset=Session.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    documents = forms.ModelMultipleChoiceField(
        label="Documents it rests on",
        queryset=ReviewDocument.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, review: PeerReview, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = LineOfEnquiry.objects.filter(review=review)
        self.fields["cases"].queryset = selectors.evidence_cases(review)
        self.fields["sessions"].queryset = selectors.evidence_sessions(review)
        self.fields["documents"].queryset = selectors.evidence_documents(review)

    def to_input(self) -> FindingInput:
        data = self.cleaned_data
        return FindingInput(
            line=data["line"],
            kind=data["kind"],
            theme=data["theme"],
            summary=data["summary"],
            detail=data["detail"],
            evidence=data["evidence"],
            recommendation=data["recommendation"],
            cases=list(data["cases"]),
            sessions=list(data["sessions"]),
            documents=list(data["documents"]),
        )


class WithdrawFindingForm(GovukForm):
    reason = forms.CharField(
        label="Why the finding is withdrawn",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="It stays on the findings tab, marked withdrawn, and is left out of the letter",
        error_messages={"required": "Enter why the finding is withdrawn"},
    )


class LetterForm(GovukForm):
    addressee = forms.CharField(
        label="To",
        max_length=200,
        help_text="For example, Director of Children's Services, Fairshire Council",
        error_messages={"required": "Enter who the letter is to"},
    )
    opening = forms.CharField(
        label="Opening",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Thanks, the review's purpose and the headline: before the findings",
    )
    closing = forms.CharField(
        label="Closing",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="After the findings: what happens next",
    )

    def to_input(self) -> LetterInput:
        return LetterInput(**self.cleaned_data)


def _owners():
    return (
        Worker.objects.active()
        .select_related("user")
        .filter(role__in=[Role.HEAD_OF_SERVICE, Role.ASSISTANT_DIRECTOR])
    )


def _workers():
    return Worker.objects.active().select_related("user").exclude(role=Role.ADMINISTRATOR)


class PlanForm(GovukForm):
    owner = WorkerChoiceField(
        label="Owner",
        queryset=Worker.objects.none(),
        empty_label="Select the owner",
        help_text="The head of service or assistant director accountable for the plan",
        error_messages={"required": "Select the plan's owner"},
    )
    starts_on = GovukDateField(
        label="Start date",
        help_text="For example, 1 4 2026",
        error_messages={"required": "Enter the date the plan starts"},
    )
    ends_on = GovukDateField(
        label="End date",
        help_text="For example, 31 3 2027",
        error_messages={"required": "Enter the date the plan ends"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _owners()


class FirstActionForm(GovukForm):
    """The first action of one area for development. Its messages name the area ("Area 2:
    Select the lead"), in the error summary and beside the field alike."""

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
        label="What will show it worked", widget=forms.Textarea(attrs={"rows": 2})
    )
    due_on = GovukDateField(label="Timescale: due by", help_text="For example, 30 9 2026")
    measure = forms.ChoiceField(
        label="Measure (optional)",
        required=False,
        help_text="Tie the action to a measure and its RAG follows the figures",
    )
    target = forms.DecimalField(
        label="Target (if tied to a measure)",
        required=False,
        max_digits=9,
        decimal_places=1,
        help_text="For a share, a percentage such as 90",
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    target_by = GovukDateField(label="Target to be met by (if tied to a measure)", required=False)

    MESSAGES = {
        "action": "Enter the action",
        "lead": "Select the lead",
        "responsible_officer": "Select the responsible officer",
        "evidence": "Enter what will show the action has worked",
        "due_on": "Enter the timescale: the date it is due",
    }

    def __init__(self, *args: Any, number: int, area: dict, **kwargs: Any) -> None:
        super().__init__(*args, prefix=f"area{number}", **kwargs)
        self.number, self.area = number, area
        self.fields["lead"].queryset = _workers()
        self.fields["responsible_officer"].queryset = _workers()
        self.fields["measure"].choices = measure_choices()
        for name, message in self.MESSAGES.items():
            self.fields[name].error_messages["required"] = message
        self.fields["target"].error_messages["invalid"] = "The target must be a number, like 90"

    def add_error(self, field: str | None, error: Any) -> None:
        if field is not None and isinstance(error, forms.ValidationError):
            error = forms.ValidationError([self._named(m) for m in error.messages])
        elif field is not None and isinstance(error, str):
            error = self._named(error)
        super().add_error(field, error)

    def _named(self, message: str) -> str:
        prefix = f"Area {self.number}: "
        return message if message.startswith(prefix) else prefix + message

    def to_input(self) -> FirstActionInput:
        data = self.cleaned_data
        return FirstActionInput(
            action=data.get("action", ""),
            lead=data.get("lead"),
            responsible_officer=data.get("responsible_officer"),
            evidence=data.get("evidence", ""),
            due_on=data.get("due_on"),
            measure=data.get("measure", ""),
            target=data.get("target"),
            target_by=data.get("target_by"),
        )


def plan_input(plan: PlanForm, areas: list[FirstActionForm]) -> PlanFromLetterInput:
    return PlanFromLetterInput(
        owner=plan.cleaned_data["owner"],
        starts_on=plan.cleaned_data["starts_on"],
        ends_on=plan.cleaned_data["ends_on"],
        actions=[form.to_input() for form in areas],
    )
