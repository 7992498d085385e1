"""The forms of a review's plan: each cleans what a person typed into a planning service's input."""

from __future__ import annotations

from django import forms
from django.conf import settings

from journey.core.forms import GovukDateField, GovukForm, GovukTimeField
from journey.peer_review.models import (
    DocumentKind,
    LineOfEnquiry,
    PeerReview,
    SessionKind,
    TeamMember,
    TeamRole,
    Theme,
)
from journey.peer_review.planning.services import (
    DOCUMENT_ACCEPT,
    MAX_DOCUMENT_MB,
    DocumentInput,
    LineInput,
    MemberInput,
    NewReviewerInput,
    ReviewInput,
    SessionInput,
    default_letter_days,
)
from journey.workforce.models import Role, Worker


def _choices(choices: list[tuple[str, str]], empty: str) -> list[tuple[str, str]]:
    return [("", empty), *choices]


def _text(label: str, rows: int = 4, **kwargs) -> forms.CharField:
    return forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": rows}), **kwargs)


class ReviewForm(GovukForm):
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="For example, Peer challenge of early help",
        error_messages={"required": "Enter the title of the review"},
    )
    host = forms.CharField(label="Host council", max_length=150)
    scope = _text(
        "What the review is asked to look at",
        help_text="The scope the host agreed with the lead reviewer",
    )
    starts_on = GovukDateField(label="First day of the visit", help_text="For example, 3 3 2027")
    ends_on = GovukDateField(
        label="Last day of the visit", help_text="The visit lasts at most 10 days"
    )
    letter_days = forms.IntegerField(
        label="Days after the visit the letter is due",
        min_value=1,
        help_text="The review team's access to the sampled cases ends that day at the latest",
        error_messages={
            "invalid": "The days after the visit the letter is due must be a number, like 20",
            "min_value": "The letter must be due at least 1 day after the visit",
        },
    )
    self_assessment = _text(
        "The host's self-assessment",
        rows=6,
        required=False,
        help_text="A summary; attach the full self-assessment as a document",
    )

    @classmethod
    def initial_for(cls, review: PeerReview | None) -> dict:
        if review is None:
            return {"host": settings.COUNCIL_NAME, "letter_days": default_letter_days()}
        fields = ("title", "host", "scope", "starts_on", "ends_on", "self_assessment")
        letter_days = (review.access_ends_on - review.ends_on).days
        return {name: getattr(review, name) for name in fields} | {"letter_days": letter_days}

    def to_input(self) -> ReviewInput:
        return ReviewInput(**self.cleaned_data)


class ReviewerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Worker) -> str:
        return f"{obj.name}, {obj.agency.name}"


class MemberForm(GovukForm):
    worker = ReviewerChoiceField(
        label="Reviewer",
        queryset=Worker.objects.none(),
        empty_label="Choose a reviewer",
        help_text="Peer reviewers with a Journey account",
    )
    role = forms.ChoiceField(
        label="Role on the review team",
        choices=_choices(TeamRole.choices, "Choose a role"),
        error_messages={"required": "Select the reviewer's role on the team"},
    )
    organisation = forms.CharField(
        label="Home organisation",
        max_length=150,
        required=False,
        help_text="Leave empty for the organisation on the reviewer's account",
    )

    def __init__(self, *args, review: PeerReview, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = (
            Worker.objects.filter(role=Role.REVIEWER, is_active=True)
            .exclude(peer_review_memberships__review=review)
            .select_related("user", "agency")
            .order_by("user__last_name", "user__first_name", "pk")
        )

    def to_input(self) -> MemberInput:
        return MemberInput(**self.cleaned_data)


class NewReviewerForm(GovukForm):
    first_name = forms.CharField(label="First name", max_length=150)
    last_name = forms.CharField(label="Last name", max_length=150)
    email = forms.EmailField(label="Email address", required=False)
    organisation = forms.CharField(
        label="Home organisation", max_length=150, help_text="For example, Northdale Council"
    )
    username = forms.CharField(
        label="Username",
        max_length=150,
        help_text="What they sign in with. The Journey administrator issues their sign-in",
    )
    role = forms.ChoiceField(
        label="Role on the review team",
        choices=_choices(TeamRole.choices, "Choose a role"),
        error_messages={"required": "Select the reviewer's role on the team"},
    )

    def to_input(self) -> NewReviewerInput:
        return NewReviewerInput(**self.cleaned_data)


class ReasonForm(GovukForm):
    reason = forms.CharField(label="Reason", max_length=300, widget=forms.Textarea({"rows": 3}))

    def __init__(self, *args, label: str = "Reason", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].error_messages["required"] = f"Enter {label[:1].lower()}{label[1:]}"


class LineForm(GovukForm):
    title = forms.CharField(
        label="Line of enquiry",
        max_length=200,
        help_text="For example, How well early help and social care work at the threshold",
    )
    theme = forms.ChoiceField(
        label="Theme",
        choices=_choices(Theme.choices, "Choose a theme"),
        help_text="What later reviews follow it by",
        error_messages={"required": "Select the theme of the line of enquiry"},
    )
    questions = _text("Questions the review will ask")
    evidence_sought = _text("Evidence sought", help_text="Case files, data, people to meet")

    @staticmethod
    def initial_for(line: LineOfEnquiry) -> dict:
        return {f: getattr(line, f) for f in ("title", "theme", "questions", "evidence_sought")}

    def to_input(self) -> LineInput:
        return LineInput(**self.cleaned_data)


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: TeamMember) -> str:
        return f"{obj.worker.name} ({obj.get_role_display()})"


class LineChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: LineOfEnquiry) -> str:
        return f"{obj.number}. {obj.title}"


class SessionForm(GovukForm):
    kind = forms.ChoiceField(
        label="Kind of session",
        choices=_choices(SessionKind.choices, "Choose a kind"),
        error_messages={"required": "Select the kind of session"},
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="For example, Audit of stepped-up cases",
        error_messages={"required": "Enter the title of the session"},
    )
    on = GovukDateField(label="Date", error_messages={"required": "Enter the date of the session"})
    starts_at = GovukTimeField(
        label="Starts",
        help_text="24-hour clock, for example 09:30",
        error_messages={"required": "Enter the time the session starts"},
    )
    ends_at = GovukTimeField(
        label="Ends",
        help_text="24-hour clock, for example 11:00",
        error_messages={"required": "Enter the time the session ends"},
    )
    place = forms.CharField(
        label="Place",
        max_length=200,
        error_messages={"required": "Enter where the session takes place"},
    )
    attendees = _text(
        "Who attends",
        rows=3,
        help_text="From the host and partners, for example two team managers and a school nurse",
        error_messages={"required": "Enter who attends the session"},
    )
    reviewers = MemberChoiceField(
        label="Reviewers who attend",
        queryset=TeamMember.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    lines = LineChoiceField(
        label="Lines of enquiry it serves",
        queryset=LineOfEnquiry.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, review: PeerReview, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "on"
        ].help_text = f"A day of the visit, {review.starts_on:%-d %B} to {review.ends_on:%-d %B %Y}"
        self.fields["reviewers"].queryset = review.members.filter(
            left_at__isnull=True
        ).select_related("worker__user")
        self.fields["lines"].queryset = review.lines.order_by("number")

    def to_input(self) -> SessionInput:
        data = self.cleaned_data
        return SessionInput(
            **{k: v for k, v in data.items() if k not in {"reviewers", "lines"}},
            reviewers=list(data["reviewers"]),
            lines=list(data["lines"]),
        )


class DocumentForm(GovukForm):
    kind = forms.ChoiceField(
        label="Kind of document",
        choices=DocumentKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what kind of document it is"},
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={"required": "Enter the title of the document"},
    )
    file = forms.FileField(
        label="File",
        help_text=(
            f"PDF, Word, Excel, OpenDocument, text or CSV, smaller than {MAX_DOCUMENT_MB} MB"
        ),
        widget=forms.ClearableFileInput(attrs={"accept": DOCUMENT_ACCEPT}),
        error_messages={
            "required": "Choose the file to attach",
            "empty": "The file is empty: choose the document again",
        },
    )

    def to_input(self) -> DocumentInput:
        return DocumentInput(**self.cleaned_data)
