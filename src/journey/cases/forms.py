from django import forms

from journey.cases.models import (
    USUAL_NEXT_STEP,
    EpisodeKind,
    NextStep,
    ThresholdIndicator,
    ThresholdLevel,
)
from journey.casework.forms import FamilyBenefitFields
from journey.casework.models import Plan
from journey.core import codes
from journey.core.forms import ChildViewsFields, GovukDateField, GovukForm
from journey.core.services import rationale_problem
from journey.people.models import Agency
from journey.workforce.caseloads.selectors import Caseload
from journey.workforce.models import Team


def _blank(choices, label="Select an option"):
    return [("", label)] + list(choices)


class ContactForm(GovukForm):
    received_on = GovukDateField(
        label="Date the contact was received", help_text="For example, 27 3 2026"
    )
    received_time = forms.CharField(
        label="Time received",
        required=False,
        max_length=5,
        help_text="24-hour clock, for example 14:30. Leave empty if not known",
    )
    source = forms.ChoiceField(
        label="Who made the contact",
        choices=_blank(codes.referral_source_choices()),
        error_messages={"required": "Select who made the contact"},
    )
    source_agency = forms.ModelChoiceField(
        label="Agency (if any)",
        queryset=Agency.objects.filter(is_active=True),
        required=False,
        empty_label="Not from an agency",
    )
    reporter_name = forms.CharField(label="Name of the person who made contact", required=False)
    summary = forms.CharField(
        label="What was reported", widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    level = forms.TypedChoiceField(
        label="Threshold level",
        choices=ThresholdLevel.choices,
        coerce=int,
        widget=forms.RadioSelect,
        required=False,
    )
    factors = forms.MultipleChoiceField(
        label="Factors identified",
        choices=codes.AssessmentFactor.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all the DfE factors that the information shows",
    )
    child_views = forms.CharField(
        label="The child's views",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="What the child said, or why their views could not be sought",
    )
    family_views = forms.CharField(
        label="The family's views", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    risks = forms.CharField(label="Risks", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    strengths = forms.CharField(
        label="Strengths", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    rationale = forms.CharField(
        label="Your rationale: how you reached this decision",
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text="In your own words: the risks and strengths you weighed, the child's and "
        "family's views, and why this level and next step are right",
    )
    next_step = forms.ChoiceField(
        label="Next step",
        choices=NextStep.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="Leave it for the step that usually follows the level: signposting (1), "
        "single-agency early help (2), CAF and TAF (3), a referral to social care (4)",
    )
    contradiction_explained = forms.CharField(
        label="If the next step does not usually follow this level, explain why",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    also_about = forms.MultipleChoiceField(
        label="Is this contact also about other children in the household?",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        choices=[],
        help_text="Each child selected gets a decision on their own chronology: the same as "
        "this child's unless you give them their own below",
    )

    indicators = forms.ModelMultipleChoiceField(
        label="Indicators present",
        queryset=ThresholdIndicator.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="From the council's threshold framework: select each one the information shows",
    )

    def __init__(self, *args, siblings=(), framework=None, **kwargs):
        super().__init__(*args, **kwargs)
        if framework is not None:
            self.fields["indicators"].queryset = framework.indicators.all()
        self.fields["also_about"].choices = [
            (
                str(s.pk),
                f"{s.full_name}, born {s.date_of_birth:%-d %B %Y}"
                if s.date_of_birth
                else s.full_name,
            )
            for s in siblings
        ]
        self.siblings = {str(s.pk): s for s in siblings}

    def clean_received_time(self):
        value = self.cleaned_data["received_time"].strip()
        if value:
            hours, _, minutes = value.partition(":")
            if not (
                hours.isdigit() and minutes.isdigit() and int(hours) < 24 and int(minutes) < 60
            ):
                raise forms.ValidationError("Enter the time like 14:30")
        return value

    def clean_rationale(self):
        problem = rationale_problem(self.cleaned_data["rationale"], "rationale for the decision")
        if problem:
            raise forms.ValidationError(problem)
        return self.cleaned_data["rationale"]

    def clean(self):
        data = super().clean()
        if data.get("level") in (None, ""):
            self.add_error("level", "Select the threshold level")
        elif not data.get("next_step"):
            data["next_step"] = USUAL_NEXT_STEP[data["level"]]
        return data


class SiblingDecisionForm(GovukForm):
    """Another child a contact is about: the same decision as the first child, or their own.

    The contact, the factors, indicators, family's views, risks and strengths are shared; a
    different decision needs its own level, next step and rationale.
    """

    differs = forms.BooleanField(required=False)
    level = forms.TypedChoiceField(
        choices=[("", "Select a level")] + ThresholdLevel.choices,
        coerce=int,
        required=False,
        empty_value=None,
    )
    next_step = forms.ChoiceField(
        choices=[("", "Select a next step")] + NextStep.choices, required=False
    )
    child_views = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    rationale = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)
    contradiction_explained = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, sibling, **kwargs):
        super().__init__(*args, prefix=f"child-{sibling.pk}", **kwargs)
        self.sibling = sibling
        name = sibling.first_name
        labels = {
            "differs": f"{name} needs a different decision",
            "level": f"{name}'s threshold level",
            "next_step": f"Next step for {name}",
            "child_views": f"{name}'s views",
            "rationale": f"Your rationale for {name}",
            "contradiction_explained": f"If the next step does not usually follow {name}'s "
            "level, explain why",
        }
        for field_name, label in labels.items():
            self.fields[field_name].label = label

    def clean(self):
        data = super().clean()
        if not data.get("differs"):
            return data
        name = self.sibling.first_name
        if data.get("level") is None:
            self.add_error("level", f"Select {name}'s threshold level")
        elif not data.get("next_step"):
            data["next_step"] = USUAL_NEXT_STEP[data["level"]]
        problem = rationale_problem(data.get("rationale", ""), f"rationale for {name}")
        if problem:
            self.add_error("rationale", problem)
        return data


class EpisodeForm(GovukForm):
    kind = forms.ChoiceField(
        label="Kind of work",
        choices=EpisodeKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of work to open"},
    )
    team = forms.ModelChoiceField(
        label="Team that will hold the work",
        queryset=Team.objects.filter(is_active=True).select_related("service"),
        empty_label="Select a team",
    )
    started_on = GovukDateField(label="Start date (for social care, the referral date)")
    in_need = forms.BooleanField(
        label="Family Help: the child is in need under section 17 from the start",
        required=False,
        help_text="Their CIN details begin on the start date; otherwise Family Help starts as "
        "targeted help, and a manager can record later that the child is in need",
    )
    in_need_reason = forms.CharField(
        label="Why the child is in need (Family Help only)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    referral_source = forms.ChoiceField(
        label="Referral source (social care, or Family Help for a child in need)",
        choices=_blank(codes.referral_source_choices()),
        required=False,
    )
    primary_need = forms.ChoiceField(
        label="Primary need (social care, or Family Help for a child in need)",
        choices=_blank(codes.PrimaryNeed.choices),
        required=False,
    )
    initial_plan = forms.ChoiceField(
        label="Social care work starts with",
        choices=[
            ("", "Assessment (no plan yet)"),
            (Plan.Kind.CIN, "A child in need plan"),
            (Plan.Kind.CP, "A child protection plan"),
        ],
        widget=forms.RadioSelect,
        required=False,
    )
    initial_category = forms.ChoiceField(
        label="Category of abuse (child protection plan only)",
        choices=_blank(codes.CategoryOfAbuse.choices),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].label_from_instance = lambda t: f"{t.name} ({t.service})"


def caseload_hint(load: Caseload | None) -> str:
    """A worker's caseload beside their name: "weighted 12.5 of 25, over the limit"."""
    if load is None:
        return "caseload not known"
    against = f" of {load.limit}" if load.limit is not None else ""
    over = (
        ", over the limit" if load.over_limit else ", at the limit" if not load.has_capacity else ""
    )
    return f"caseload {load.weighted_text}{against}{over}"


class AllocationForm(GovukForm):
    worker = forms.ModelChoiceField(
        label="Worker",
        queryset=None,
        empty_label="Select a worker",
        error_messages={"required": "Select the worker to allocate"},
    )
    kind = forms.ChoiceField(
        label="Responsibility",
        widget=forms.RadioSelect,
        choices=[],
        error_messages={
            "required": "Select whether they are the allocated worker or lead professional"
        },
    )
    started_on = GovukDateField(label="Date the allocation starts")

    def __init__(self, *args, workers, kinds, caseloads, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = workers
        self.fields["worker"].label_from_instance = lambda w: (
            f"{w.name}, {w.get_role_display()} ({w.team or w.agency}; "
            f"{caseload_hint(caseloads.get(w.pk))})"
        )
        self.fields["kind"].choices = kinds
        if len(kinds) == 1:
            self.fields["kind"].initial = kinds[0][0]


class CloseEpisodeForm(ChildViewsFields, FamilyBenefitFields, GovukForm):
    ended_on = GovukDateField(label="Date the work ended")
    reason = forms.ChoiceField(label="Reason for closure", choices=[])
    note = forms.CharField(
        label="Closure summary",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="What changed for the child, and what happens next",
    )

    def __init__(self, *args, reasons: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = _blank(reasons)


class ReviewDecisionForm(GovukForm):
    agree = forms.TypedChoiceField(
        label="Do you agree with the decision?",
        choices=[("yes", "Yes, I agree"), ("no", "No, I am changing it")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether you agree with the decision"},
    )
    level = forms.TypedChoiceField(
        label="Your level (if changing)",
        choices=[("", "Select a level")] + ThresholdLevel.choices,
        coerce=int,
        required=False,
        empty_value=None,
    )
    next_step = forms.ChoiceField(
        label="Your next step (if changing)",
        choices=[("", "Select a next step")] + NextStep.choices,
        required=False,
    )
    rationale = forms.CharField(
        label="Your rationale",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text="In your own words. The worker's working out stays on the record beside yours",
    )


# --- Step up and step down --------------------------------------------------------------------


class StepRequestForm(GovukForm):
    to_kind = forms.ChoiceField(
        label="What work should the child move to?",
        widget=forms.RadioSelect,
        choices=[],
        error_messages={"required": "Select the kind of work the child moves to"},
    )
    receiving_team = forms.ModelChoiceField(
        label="Team that would take the work",
        queryset=Team.objects.none(),
        empty_label="Select a team",
        error_messages={"required": "Select the team that would take the work"},
    )
    rationale = forms.CharField(
        label="Why the child's needs have changed",
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text="In your own words: what has changed, the risks and strengths now, the "
        "child's and family's views, and why the other service is right",
    )
    evidence = forms.CharField(
        label="Evidence from the current plan",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text="What the plan set out to do, what has and has not happened, and what the "
        "latest review found",
    )
    evidence_actions = forms.ModelMultipleChoiceField(
        label="Plan actions that show it",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Optional: select the actions the manager should look at",
    )

    def __init__(self, *args, kinds, teams, actions, verb: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.verb = verb
        self.fields["to_kind"].choices = kinds
        if len(kinds) == 1:
            self.fields["to_kind"].initial = kinds[0][0]
        self.fields["receiving_team"].queryset = teams
        self.fields["evidence_actions"].queryset = actions
        self.fields["evidence_actions"].label_from_instance = lambda a: (
            f"{a.description} ({a.get_status_display().lower()}, due {a.due_on:%-d %B %Y})"
        )

    def clean(self):
        # Every problem at once, before the service's one-at-a-time checks.
        data = super().clean()
        for name, what in [
            ("rationale", f"reasons the child should be {self.verb}"),
            ("evidence", "evidence from the current plan"),
        ]:
            problem = rationale_problem(data.get(name, ""), what)
            if problem:
                self.add_error(name, problem)
        return data


class DecideStepForm(GovukForm):
    accept = forms.TypedChoiceField(
        label="Does your service take the work?",
        choices=[("yes", "Yes, accept the request"), ("no", "No, decline it")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you accept or decline the request"},
    )
    reason = forms.CharField(
        label="Your reasons",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text="Needed when you decline: say why, and what the current service should do next",
    )


class HandOverForm(ChildViewsFields, GovukForm):
    receiving_worker = forms.ModelChoiceField(
        label="Who takes the work",
        queryset=None,
        empty_label="Select a worker",
        error_messages={"required": "Select the worker who will take the work"},
    )
    receiving_as = forms.ChoiceField(
        label="They take it as",
        widget=forms.RadioSelect,
        choices=[],
        error_messages={
            "required": "Select whether they are allocated worker or lead professional"
        },
    )
    primary_need = forms.ChoiceField(
        label="Primary need",
        choices=_blank(codes.PrimaryNeed.choices),
        help_text="The DfE category for the child in need census",
        error_messages={"required": "Select the child's primary need"},
    )
    meeting_on = GovukDateField(
        label="Date of the joint meeting",
        help_text="The meeting where the sending and receiving workers met the family",
    )
    others_present = forms.CharField(
        label="Who else was at the meeting",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="One person a line, for example: Jade Ashworth, mother",
    )
    meeting_notes = forms.CharField(
        label="What the joint meeting agreed",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    handover_on = GovukDateField(
        label="Hand-over date",
        help_text="The receiving work opens and the current work closes on this day",
    )

    def __init__(self, *args, workers, kinds, caseloads, needs_primary_need, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receiving_worker"].queryset = workers

        self.fields["receiving_worker"].label_from_instance = lambda w: (
            f"{w.name} ({caseload_hint(caseloads.get(w.pk))}), {w.get_role_display()}, "
            f"{w.team or w.agency}"
        )
        self.fields["receiving_as"].choices = kinds
        if len(kinds) == 1:
            self.fields["receiving_as"].initial = kinds[0][0]
        if not needs_primary_need:
            del self.fields["primary_need"]

    def clean_others_present(self):
        lines = self.cleaned_data["others_present"].splitlines()
        return [line.strip() for line in lines if line.strip()]


class WithdrawStepForm(GovukForm):
    reason = forms.CharField(
        label="Why are you withdrawing the request?",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )


class ReferralDetailsForm(GovukForm):
    """A social care episode's referral details (the DfE CINdetails), with why they are wrong."""

    referral_source = forms.ChoiceField(
        label="Source of referral", choices=_blank(codes.referral_source_choices()), required=False
    )
    primary_need = forms.ChoiceField(
        label="Primary need",
        choices=_blank(codes.PrimaryNeed.choices),
        required=False,
        help_text="The main reason the child needed children's social care at assessment",
    )
    referral_nfa = forms.TypedChoiceField(
        label="Did the referral lead to no further action?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        help_text="Yes only if nothing followed the referral: no assessment, enquiry or plan",
        error_messages={"required": "Say whether the referral led to no further action"},
    )
    closure_reason = forms.ChoiceField(
        label="Reason for closure",
        choices=_blank(codes.ReasonForClosure.choices),
        required=False,
    )
    reason = forms.CharField(
        label="Why are you correcting these details?",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="For example, “The referral came from the school nurse, not the family”. "
        "The reason is kept with the old and new values",
    )

    def __init__(self, *args, episode, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "referral_source": episode.referral_source,
                "primary_need": episode.primary_need,
                "referral_nfa": "yes" if episode.referral_nfa else "no",
                "closure_reason": episode.closure_reason,
            },
        )
        super().__init__(*args, **kwargs)
        if episode.is_open:
            del self.fields["closure_reason"]  # given when the work closes
