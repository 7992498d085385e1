"""Form pieces casework's pages share: parents' evidence of the benefit of help (R8)."""

from __future__ import annotations

from django import forms

from journey.cases.models import Episode
from journey.casework.models import FamilyBenefit
from journey.casework.services import BenefitInput, benefit_if_given
from journey.core.forms import GovukDateField


class FamilyBenefitFields(forms.Form):
    """The optional fieldset "How much difference has the help made?", at a review or closure:
    mix it in and include "includes/family_benefit.html". Left empty, nothing is recorded."""

    benefit_given_by = forms.ChoiceField(
        label="Who said it?",
        choices=FamilyBenefit.GivenBy.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    benefit_score = forms.TypedChoiceField(
        label=FamilyBenefit.QUESTION,
        choices=FamilyBenefit.Score.choices,
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect,
        required=False,
    )
    benefit_words = forms.CharField(
        label="In their words",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="What difference it made, or did not, as they said it",
    )
    benefit_given_on = GovukDateField(
        label="Date they said it",
        required=False,
        help_text="Leave empty for the date of the review or closure",
    )

    def benefit_input(
        self, episode: Episode, at: str, default_on: object = None
    ) -> BenefitInput | None:
        data = self.cleaned_data
        return benefit_if_given(
            episode,
            at=at,
            given_by=data.get("benefit_given_by") or "",
            score=data.get("benefit_score"),
            words=data.get("benefit_words") or "",
            given_on=data.get("benefit_given_on") or default_on,  # type: ignore[arg-type]
        )
