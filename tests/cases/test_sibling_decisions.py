"""A contact about several children: one decision each, the same or their own, no retyping."""

from __future__ import annotations

import pytest
from django.urls import reverse

from journey.cases.models import Contact, NextStep, ThresholdDecision
from journey.people.services import form_household
from tests.cases.test_views import GOOD_RATIONALE, contact_form, error_summary
from tests.factories import make_child

pytestmark = pytest.mark.django_db

OWN_RATIONALE = (
    "Rose is in year 10 and says she is the one who cooks and gets Leo to school; young carer "
    "support through the school is enough for her, with no wider plan."
)


@pytest.fixture
def family(council, eh_child):
    recorded_by = council["practitioner"]
    rose = make_child(recorded_by, first_name="Rose", last_name="Pennington")
    leo = make_child(recorded_by, first_name="Leo", last_name="Pennington")
    form_household(name="Pennington family", members=[eh_child, rose, leo])
    return eh_child, rose, leo


def test_siblings_get_the_same_decision_unless_given_their_own(council, family, signed_in):
    oscar, rose, leo = family
    client = signed_in(council["practitioner"])
    response = client.post(
        reverse("record_contact", args=[oscar.pk]),
        contact_form(
            also_about=[str(rose.pk), str(leo.pk)],
            **{
                f"child-{rose.pk}-differs": "on",
                f"child-{rose.pk}-level": "2",
                f"child-{rose.pk}-next_step": NextStep.SINGLE_AGENCY,
                f"child-{rose.pk}-rationale": OWN_RATIONALE,
                f"child-{rose.pk}-child_views": "Rose said she wants help with revision.",
            },
        ),
    )
    assert response.status_code == 302
    contact = Contact.objects.get()
    decisions = {d.child_id: d for d in ThresholdDecision.objects.filter(contact=contact)}
    assert (decisions[oscar.pk].level, decisions[oscar.pk].next_step) == (3, NextStep.CAF_TAF)
    assert decisions[leo.pk].rationale == decisions[oscar.pk].rationale == GOOD_RATIONALE
    assert (decisions[rose.pk].level, decisions[rose.pk].next_step) == (2, "single_agency")
    assert decisions[rose.pk].rationale == OWN_RATIONALE
    assert decisions[rose.pk].child_views == "Rose said she wants help with revision."
    assert decisions[rose.pk].risks == decisions[oscar.pk].risks, "the working out is shared"


def test_a_siblings_own_decision_is_checked_and_nothing_is_saved(council, family, signed_in):
    oscar, rose, _ = family
    client = signed_in(council["practitioner"])
    response = client.post(
        reverse("record_contact", args=[oscar.pk]),
        contact_form(
            also_about=[str(rose.pk)],
            **{
                f"child-{rose.pk}-differs": "on",
                f"child-{rose.pk}-level": "1",
                f"child-{rose.pk}-next_step": NextStep.SOCIAL_CARE,
                f"child-{rose.pk}-rationale": "Rose is fine.",
            },
        ),
    )
    assert response.status_code == 200
    errors = error_summary(response)
    assert (
        errors[
            "The rationale for Rose must be at least a full sentence (at least 8 words): "
            "say what you weighed up and why you decided"
        ]
        == f"#id_child-{rose.pk}-rationale"
    )
    assert not Contact.objects.exists()

    response = client.post(
        reverse("record_contact", args=[oscar.pk]),
        contact_form(
            also_about=[str(rose.pk)],
            **{
                f"child-{rose.pk}-differs": "on",
                f"child-{rose.pk}-level": "1",
                f"child-{rose.pk}-next_step": NextStep.SOCIAL_CARE,
                f"child-{rose.pk}-rationale": OWN_RATIONALE,
            },
        ),
    )
    errors = error_summary(response)
    link = f"#id_child-{rose.pk}-contradiction_explained"
    assert link in errors.values(), "the contradiction is on Rose's part of the form"
    assert not Contact.objects.exists()


def test_an_unticked_siblings_own_decision_is_ignored(council, family, signed_in):
    oscar, rose, _ = family
    response = signed_in(council["practitioner"]).post(
        reverse("record_contact", args=[oscar.pk]),
        contact_form(**{f"child-{rose.pk}-differs": "on", f"child-{rose.pk}-level": "1"}),
    )
    assert response.status_code == 302
    assert list(ThresholdDecision.objects.values_list("child_id", flat=True)) == [oscar.pk]
