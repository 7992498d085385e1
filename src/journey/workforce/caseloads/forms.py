"""The forms of the Caseloads pages: the weights and limits (every figure a text box, checked
by the service, which names the field), and the team chosen on the Caseloads page."""

from __future__ import annotations

from django import forms

from journey.core.forms import GovukForm
from journey.workforce.caseloads.selectors import weighted_text
from journey.workforce.caseloads.services import LIMITED_ROLES, limit_field, weight_field
from journey.workforce.models import CaseloadLimit, CaseloadWeight, WorkKind


class WeightsAndLimitsForm(GovukForm):
    """One box a kind of work and one a role, filled with today's figures. The figures are
    typed as text and checked by the service, so every message says which figure is wrong."""

    reason = forms.CharField(
        label="Why are they changing?",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,  # checked by the service, with the figures
        help_text="Kept with the change for everyone to read, for example the decision and the "
        "meeting that made it",
    )

    def __init__(
        self,
        *args,
        weights: list[CaseloadWeight],
        limits: list[CaseloadLimit],
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        reason = self.fields.pop("reason")
        now_weights = {w.kind: w.weight for w in weights}
        now_limits = {c.role: c.limit for c in limits}
        for kind in WorkKind:
            self.fields[weight_field(kind.value)] = forms.CharField(
                label=kind.label,
                required=False,
                initial=weighted_text(now_weights.get(kind.value)),
                widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
            )
        for role in LIMITED_ROLES:
            self.fields[limit_field(role.value)] = forms.CharField(
                label=role.label,
                required=False,
                initial=now_limits.get(role.value, ""),
                widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
            )
        self.fields["reason"] = reason

    def weight_fields(self) -> list[forms.BoundField]:
        return [self[weight_field(kind.value)] for kind in WorkKind]

    def limit_fields(self) -> list[forms.BoundField]:
        return [self[limit_field(role.value)] for role in LIMITED_ROLES]

    def weights(self) -> dict[str, object]:
        return {kind.value: self.cleaned_data[weight_field(kind.value)] for kind in WorkKind}

    def limits(self) -> dict[str, object]:
        return {role.value: self.cleaned_data[limit_field(role.value)] for role in LIMITED_ROLES}
