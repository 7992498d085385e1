"""A review in preparation (its visit a week away) planned by the council's assistant director,
with one reviewer on its team."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from journey.peer_review.models import FindingsLetter, PeerReview, TeamMember, TeamRole
from tests.peer_review.factories import add_member, make_review, make_reviewer


@pytest.fixture
def planner(council):
    return council["assistant_director"]


@pytest.fixture
def review(planner) -> PeerReview:
    return make_review(planner, starts_on=timezone.localdate() + dt.timedelta(days=7))


@pytest.fixture
def lead(review) -> TeamMember:
    return add_member(review, make_reviewer(first_name="Leah", last_name="Lead"), TeamRole.LEAD)


@pytest.fixture
def issued(review, lead) -> FindingsLetter:
    """The review's letter, issued (made directly: the findings helper issues it for real)."""
    now = timezone.now()
    return FindingsLetter.objects.create(
        review=review,
        addressee="The Director of Children's Services",
        opening="Thank you.",
        closing="With best wishes.",
        drafted_by=lead,
        drafted_at=now,
        issued_at=now,
        issued_by_name=lead.worker.name,
    )
