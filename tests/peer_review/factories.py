"""Peer challenge test data: reviewers' accounts and a review's parts, made directly (the review's
own services are tested in their sub-packages; these give each test a starting point)."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from journey.peer_review.models import (
    LineOfEnquiry,
    PeerReview,
    Session,
    SessionKind,
    TeamMember,
    TeamRole,
    Theme,
)
from journey.people.models import Agency
from journey.workforce.models import Role, Worker
from tests.factories import AgencyFactory, UserFactory, WorkerFactory

_n = itertools.count(1)


def make_reviewer(organisation: str = "Northdale Council", **user) -> Worker:
    agency = AgencyFactory(name=organisation, kind=Agency.Kind.OTHER)
    return WorkerFactory(user=UserFactory(**user), role=Role.REVIEWER, team=None, agency=agency)


def make_review(
    by: Worker,
    *,
    starts_on: dt.date | None = None,
    visit_days: int = 3,
    letter_days: int = 20,
    title: str = "Peer challenge of early help",
) -> PeerReview:
    starts_on = starts_on or timezone.localdate()
    ends_on = starts_on + dt.timedelta(days=visit_days - 1)
    return PeerReview.objects.create(
        title=title,
        host="Fairshire Council",
        scope="Early help and its interface with children's social care.",
        starts_on=starts_on,
        ends_on=ends_on,
        access_ends_on=ends_on + dt.timedelta(days=letter_days),
        commissioned_by=by,
        created_by=by.user,
        created_at=timezone.now(),
    )


def add_member(review: PeerReview, worker: Worker, role: str = TeamRole.PRACTICE) -> TeamMember:
    return TeamMember.objects.create(
        review=review,
        worker=worker,
        role=role,
        organisation=worker.agency.name,
        added_by=review.created_by,
        added_at=timezone.now(),
    )


def add_line(
    review: PeerReview,
    title: str = "Early help and the threshold to social care",
    theme: str = Theme.THRESHOLDS,
) -> LineOfEnquiry:
    return LineOfEnquiry.objects.create(
        review=review,
        number=review.lines.count() + 1,
        title=title,
        theme=theme,
        questions="Is the threshold understood and applied consistently?",
        evidence_sought="Case files of children stepped up from early help; the front door.",
    )


def add_session(
    review: PeerReview, *, on: dt.date | None = None, kind: str = SessionKind.CASE_AUDIT
) -> Session:
    return Session.objects.create(
        review=review,
        kind=kind,
        title=f"Session {next(_n)}",
        on=on or review.starts_on,
        starts_at=dt.time(9, 30),
        ends_at=dt.time(11, 0),
        place="Civic Centre, room 2",
        attendees="Two team managers and four social workers",
        added_by=review.created_by,
        added_at=timezone.now(),
    )
