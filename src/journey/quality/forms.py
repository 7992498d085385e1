"""Forms for the audit screens. They parse input; the services decide what is allowed, so
their messages name the same fields."""

from __future__ import annotations

from django import forms

from journey.cases.models import EpisodeKind
from journey.core.forms import GovukDateField, GovukForm
from journey.quality.models import AuditDomain, CaseAudit, Grade, SampleMethod
from journey.quality.services import ActionInput, AnswerInput, AuditInput, RoundInput
from journey.workforce.models import Team, Worker

NOT_APPLICABLE = "na"
ACTION_ROWS = 3
GRADE_CHOICES = [(str(value), label) for value, label in Grade.choices]


def _text(label: str, rows: int = 4, required: bool = False, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label, widget=forms.Textarea(attrs={"rows": rows}), required=required, **kwargs
    )


def _grade(value: str) -> int | None:
    return int(value) if value and value != NOT_APPLICABLE else None


class RoundForm(GovukForm):
    name = forms.CharField(label="Name of the round", max_length=150)
    period_start = GovukDateField(label="Start of the period", help_text="For example, 1 3 2026")
    period_end = GovukDateField(label="End of the period")
    teams = forms.ModelMultipleChoiceField(
        label="Teams",
        queryset=Team.objects.filter(is_active=True).order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Cases held by these teams at any time in the period can be sampled",
    )
    kinds = forms.MultipleChoiceField(
        label="Kinds of work",
        choices=EpisodeKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    sample_size = forms.IntegerField(
        label="Sample size",
        min_value=1,
        required=False,
        error_messages={
            "invalid": "The sample size must be a whole number, like 12",
            "min_value": "The sample size must be 1 or more",
        },
    )
    method = forms.ChoiceField(
        label="How the sample is drawn",
        choices=SampleMethod.choices,
        widget=forms.RadioSelect,
        initial=SampleMethod.RANDOM,
        required=False,
        help_text="Stratified: each team, worker or kind of work gets its share of the sample",
    )
    allow_own_team = forms.BooleanField(
        label="Team managers and heads of service may audit their own teams' cases",
        required=False,
    )
    audits_due_on = GovukDateField(label="Audits to be completed by (optional)", required=False)
    seed = forms.IntegerField(
        label="Seed (optional)",
        required=False,
        help_text="Leave empty for a new random sample. The same seed draws the same cases.",
        error_messages={"invalid": "The seed must be a whole number, like 20140401"},
    )

    def to_input(self) -> RoundInput:
        data = self.cleaned_data
        return RoundInput(
            name=data["name"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            teams=list(data["teams"]),
            kinds=list(data["kinds"]),
            sample_size=data["sample_size"],
            method=data["method"],
            allow_own_team=data["allow_own_team"],
            audits_due_on=data["audits_due_on"],
            seed=data["seed"],
        )


class ExcludeForm(GovukForm):
    reason = _text("Why this case is excluded", required=True)
    replace = forms.BooleanField(label="Draw a replacement case", required=False, initial=True)


class AuditorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Worker) -> str:
        where = obj.team or obj.service or ""
        return f"{obj.name} – {obj.get_role_display()}{f', {where}' if where else ''}"


class AllocateForm(GovukForm):
    auditor = AuditorChoiceField(
        label="Auditor", queryset=Worker.objects.none(), empty_label="Choose an auditor"
    )

    def __init__(self, *args, auditors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["auditor"].queryset = auditors


class AuditForm(GovukForm):
    """The audit tool: a grade and comment per question, the overall view, and the actions."""

    def __init__(self, *args, domains: list[AuditDomain], **kwargs):
        super().__init__(*args, **kwargs)
        self.domains = domains
        number = 0
        for domain in domains:
            for question in domain.question_list:
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
            label="Overall grade",
            choices=GRADE_CHOICES,
            widget=forms.RadioSelect,
            required=False,
        )
        self.fields["findings"] = _text(
            "Findings",
            help_text="What needs to improve. Needed for requires improvement or inadequate.",
        )
        self.fields["worked_well"] = _text("What worked well")
        for row in range(1, ACTION_ROWS + 1):
            self.fields[f"action_{row}_description"] = _text(f"Action {row}", rows=2)
            self.fields[f"action_{row}_due_on"] = GovukDateField(
                label=f"Action {row} due by", required=False
            )

    def question_rows(self) -> list[tuple[AuditDomain, list]]:
        """(domain, [(number, question, grade field, comment field)]), numbered through the
        whole tool as the service's messages number them."""
        rows, number = [], 0
        for domain in self.domains:
            questions = []
            for q in domain.question_list:
                number += 1
                questions.append((number, q, self[f"grade_{q.pk}"], self[f"comment_{q.pk}"]))
            rows.append((domain, questions))
        return rows

    def action_rows(self) -> list[tuple[int, forms.BoundField, forms.BoundField]]:
        return [
            (row, self[f"action_{row}_description"], self[f"action_{row}_due_on"])
            for row in range(1, ACTION_ROWS + 1)
        ]

    def to_input(self) -> AuditInput:
        data = self.cleaned_data
        answers: dict[int, AnswerInput | None] = {}
        for domain in self.domains:
            for q in domain.question_list:
                value = data[f"grade_{q.pk}"]
                answers[q.pk] = (
                    AnswerInput(_grade(value), data[f"comment_{q.pk}"]) if value else None
                )
        actions = [
            ActionInput(row, data[f"action_{row}_description"], data[f"action_{row}_due_on"])
            for row in range(1, ACTION_ROWS + 1)
            if data[f"action_{row}_description"].strip() or data[f"action_{row}_due_on"]
        ]
        return AuditInput(
            answers=answers,
            overall_grade=_grade(data["overall_grade"]),
            findings=data["findings"],
            worked_well=data["worked_well"],
            actions=actions,
        )


class ModerateForm(GovukForm):
    """The moderator's grades, starting from the auditor's; a reason for any change."""

    def __init__(self, *args, audit: CaseAudit, answers: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.answers = answers
        self.fields["overall_grade"] = forms.ChoiceField(
            label="Overall grade",
            choices=GRADE_CHOICES,
            initial=str(audit.final_grade),
            widget=forms.RadioSelect,
        )
        for answer in answers:
            self.fields[f"grade_{answer.pk}"] = forms.ChoiceField(
                label=answer.question.text,
                choices=[*GRADE_CHOICES, (NOT_APPLICABLE, "Not applicable")],
                initial=str(answer.final_grade) if answer.final_grade else NOT_APPLICABLE,
            )
        self.fields["reason"] = _text(
            "Your reasons",
            help_text="Needed if you change any grade: what you saw that the auditor did not",
        )

    def answer_fields(self) -> list:
        return [(answer, self[f"grade_{answer.pk}"]) for answer in self.answers]

    def answer_grades(self) -> dict[int, int | None]:
        return {a.pk: _grade(self.cleaned_data[f"grade_{a.pk}"]) for a in self.answers}

    def overall(self) -> int | None:
        return _grade(self.cleaned_data["overall_grade"])


class AcknowledgeForm(GovukForm):
    response = _text(
        "Your response (optional)",
        help_text="Anything you want the auditor or your manager to know",
    )


class ActionDoneForm(GovukForm):
    what_was_done = _text(
        "What you did", required=True, error_messages={"required": "Enter what you did"}
    )
    done_on = GovukDateField(label="Date you did it")


class BaselineForm(forms.Form):
    MONTHS = [("6", "6 months"), ("12", "12 months"), ("24", "24 months")]

    team = forms.ChoiceField(label="Team", required=False)
    months = forms.ChoiceField(label="Period", choices=MONTHS, required=False)

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", "All teams"), *((str(t.pk), t.name) for t in teams)]

    def team_id(self) -> int | None:
        value = self.cleaned_data.get("team") if self.is_valid() else ""
        return int(value) if value else None

    def month_count(self) -> int:
        value = self.cleaned_data.get("months") if self.is_valid() else ""
        return int(value or 12)
