"""Forms for drawing a line's sample and for the team's audit of a sampled case. They parse
input; the services decide what is allowed, and their messages name the same fields."""

from __future__ import annotations

from django import forms

from journey.core.forms import GovukForm
from journey.peer_review.samples import criteria
from journey.peer_review.samples.services import (
    MAX_SAMPLE,
    PeerAnswerInput,
    PeerAuditInput,
    SampleInput,
)
from journey.quality.models import AuditDomain, Grade

NOT_APPLICABLE = "na"
GRADE_CHOICES = [(str(value), label) for value, label in Grade.choices]


def _grade(value: str) -> int | None:
    return int(value) if value and value != NOT_APPLICABLE else None


def _text(label: str, rows: int = 4, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label, widget=forms.Textarea(attrs={"rows": rows}), required=False, **kwargs
    )


class SampleForm(GovukForm):
    criterion = forms.ChoiceField(
        label="Which cases",
        choices=[(c.key, c.label) for c in criteria.CRITERIA.values()],
        widget=forms.RadioSelect,
        required=False,
    )
    months = forms.IntegerField(
        label="Over the last (months)",
        required=False,
        help_text=(
            f"From {criteria.MIN_MONTHS} to {criteria.MAX_MONTHS}, counted back from today. "
            "Not used where the criterion is about today"
        ),
        error_messages={"invalid": "Enter the number of months as a whole number, like 6"},
    )
    size = forms.IntegerField(
        label="Number of cases",
        required=False,
        help_text=f"From 1 to {MAX_SAMPLE}. Fewer are drawn if fewer children meet the criteria",
        error_messages={"invalid": "Enter the number of cases as a whole number, like 8"},
    )
    seed = forms.IntegerField(
        label="Seed (optional)",
        required=False,
        help_text=(
            "Leave empty for a new random sample; the seed is recorded. The same criteria, day "
            "and seed draw the same children."
        ),
        error_messages={"invalid": "The seed must be a whole number, like 20270302"},
    )

    def criterion_hints(self) -> list[tuple]:
        """(radio, criterion) so each option shows its hint."""
        return [(radio, criteria.CRITERIA[radio.data["value"]]) for radio in self["criterion"]]

    def to_input(self) -> SampleInput:
        data = self.cleaned_data
        return SampleInput(
            criterion=data["criterion"] or "",
            months=data["months"],
            size=data["size"],
            seed=data["seed"],
        )


class PeerAuditForm(GovukForm):
    """The council's audit tool, question by question, then the overall view."""

    def __init__(self, *args, domains: list[AuditDomain], **kwargs):
        super().__init__(*args, **kwargs)
        self.domains = domains
        number = 0
        for domain in domains:
            for question in domain.question_list:  # type: ignore[attr-defined]
                number += 1
                self.fields[f"grade_{question.pk}"] = forms.ChoiceField(
                    label=question.text,
                    choices=[*GRADE_CHOICES, (NOT_APPLICABLE, "Not applicable")],
                    widget=forms.RadioSelect,
                    required=False,
                    help_text=question.guidance,
                )
                self.fields[f"comment_{question.pk}"] = _text(
                    f"Comment on question {number} (optional)", rows=2
                )
        self.fields["overall_grade"] = forms.ChoiceField(
            label="Overall grade", choices=GRADE_CHOICES, widget=forms.RadioSelect, required=False
        )
        self.fields["worked_well"] = _text("What worked well")
        self.fields["to_improve"] = _text(
            "What needs to improve",
            help_text="Needed for an overall grade of requires improvement or inadequate.",
        )

    def question_rows(self) -> list[tuple[AuditDomain, list]]:
        """(domain, [(number, question, grade field, comment field)]), numbered through the
        whole tool as the service's messages number them."""
        rows, number = [], 0
        for domain in self.domains:
            questions = []
            for q in domain.question_list:  # type: ignore[attr-defined]
                number += 1
                questions.append((number, q, self[f"grade_{q.pk}"], self[f"comment_{q.pk}"]))
            rows.append((domain, questions))
        return rows

    def to_input(self) -> PeerAuditInput:
        data = self.cleaned_data
        answers: dict[int, PeerAnswerInput | None] = {}
        for domain in self.domains:
            for q in domain.question_list:  # type: ignore[attr-defined]
                value = data[f"grade_{q.pk}"]
                answers[q.pk] = (
                    PeerAnswerInput(_grade(value), data[f"comment_{q.pk}"]) if value else None
                )
        return PeerAuditInput(
            answers=answers,
            overall_grade=_grade(data["overall_grade"]),
            worked_well=data["worked_well"],
            to_improve=data["to_improve"],
        )
