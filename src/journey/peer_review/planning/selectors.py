"""What the review's overview shows: its team, lines of enquiry, schedule by day and documents,
each read in one query however many rows there are."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from journey.peer_review.models import (
    LineOfEnquiry,
    PeerReview,
    ReviewDocument,
    Session,
    TeamMember,
)


@dataclass
class Day:
    on: dt.date
    sessions: list[Session]


@dataclass
class Overview:
    members: list[TeamMember]
    lines: list[LineOfEnquiry]
    days: list[Day]
    documents: list[ReviewDocument]


def members(review: PeerReview) -> QuerySet[TeamMember]:
    return review.members.select_related("worker__user").order_by("left_at", "pk")


def current_members(review: PeerReview) -> QuerySet[TeamMember]:
    return members(review).filter(left_at__isnull=True)


def lines(review: PeerReview) -> QuerySet[LineOfEnquiry]:
    return review.lines.order_by("number")


def sessions(review: PeerReview) -> QuerySet[Session]:
    return review.sessions.order_by("on", "starts_at", "pk").prefetch_related(
        Prefetch("reviewers", queryset=TeamMember.objects.select_related("worker__user")),
        Prefetch("lines", queryset=LineOfEnquiry.objects.order_by("number")),
    )


def documents(review: PeerReview, *, withdrawn: bool) -> QuerySet[ReviewDocument]:
    """The review's documents; withdrawn ones only for those who may see that they were."""
    found = review.documents.order_by("kind", "title", "pk")
    return found if withdrawn else found.filter(withdrawn_at__isnull=True)


def by_day(listed: list[Session]) -> list[Day]:
    days: list[Day] = []
    for session in listed:
        if not days or days[-1].on != session.on:
            days.append(Day(session.on, []))
        days[-1].sessions.append(session)
    return days


def overview(review: PeerReview, *, host: bool) -> Overview:
    """Everything on the overview. `host`: the host council's staff, who also see the documents
    withdrawn (the team sees only those still offered to them)."""
    return Overview(
        members=list(members(review)),
        lines=list(lines(review)),
        days=by_day(list(sessions(review))),
        documents=list(documents(review, withdrawn=host)),
    )
