from django import forms

from journey.core.forms import GovukDateField, GovukForm
from journey.workforce.models import Allocation


class ChooseWorkerForm(GovukForm):
    worker = forms.ModelChoiceField(
        label="Whose cases are you moving?",
        queryset=None,
        empty_label="Select a worker",
        error_messages={"required": "Select the worker whose cases you are moving"},
    )
    kind = forms.ChoiceField(
        label="Which responsibility",
        choices=Allocation.Kind.choices,
        widget=forms.RadioSelect,
        initial=Allocation.Kind.LEAD_PROFESSIONAL,
    )

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = workers
        self.fields["worker"].label_from_instance = lambda w: (
            f"{w.name}, {w.get_role_display()} ({w.team or w.agency}): "
            f"{w.open_cases - w.as_lead} as allocated worker, {w.as_lead} as lead professional"
        )


class MovesForm(GovukForm):
    """One "move to" choice per case, with a "move all to" default: step two of two."""

    all_to = forms.ChoiceField(label="Move every case to", required=False)
    started_on = GovukDateField(label="Date the new worker takes over")

    def __init__(self, *args, allocations, colleagues, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Keep with the current worker")] + [
            (str(w.pk), f"{w.name} ({w.team or w.agency})") for w in colleagues
        ]
        self.fields["all_to"].choices = [("", "Choose for each case below")] + choices[1:]
        self.colleagues = {str(w.pk): w for w in colleagues}
        self.allocations = allocations
        for allocation in allocations:
            self.fields[f"move_{allocation.pk}"] = forms.ChoiceField(
                label=f"{allocation.episode.child.local_id}: move to",
                choices=choices,
                required=False,
            )

    def rows(self):
        return [(a, self[f"move_{a.pk}"]) for a in self.allocations]

    def chosen_moves(self) -> list[tuple]:
        default = self.cleaned_data.get("all_to")
        moves = []
        for allocation in self.allocations:
            target = self.cleaned_data.get(f"move_{allocation.pk}") or default
            if target:
                moves.append((allocation, self.colleagues[target]))
        return moves


class RoleChangeDecisionForm(GovukForm):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("approve", "Approve the change"), ("decline", "Decline it")],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="Note (needed to decline)",
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The administrator who asked reads this with the request.",
    )
