"""A live review for the findings tests: a lead reviewer and a practice peer, one line of enquiry
with two sampled cases (opened to the team through their reviewer visits), a session and a
document; and helpers that record findings and issue the letter through the services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from journey.peer_review.findings import services
from journey.peer_review.models import (
    DocumentKind,
    FindingKind,
    LineOfEnquiry,
    PeerAudit,
    PeerReview,
    ReviewCase,
    ReviewDocument,
    Session,
    TeamMember,
    TeamRole,
)
from journey.peer_review.samples.services import open_to_team
from journey.workforce.models import Worker
from tests.factories import ensure_audit_tool, make_child, make_episode
from tests.peer_review.factories import (
    add_line,
    add_member,
    add_session,
    make_review,
    make_reviewer,
)

CHILD_SURNAME = "Pemberton-Quaile"


@dataclass
class Visit:
    review: PeerReview
    ad: Worker
    lead: TeamMember
    peer: TeamMember
    line: LineOfEnquiry
    cases: list[ReviewCase]
    session: Session
    document: ReviewDocument


def add_document(review: PeerReview, title: str = "Early help self-assessment") -> ReviewDocument:
    return ReviewDocument.objects.create(
        review=review,
        kind=DocumentKind.SELF_ASSESSMENT,
        title=title,
        file=f"peer_review/{review.pk}/self-assessment.pdf",
        content_type="application/pdf",
        size=1000,
        provided_by=review.created_by,
        provided_at=timezone.now(),
    )


def sample(line: LineOfEnquiry, worker: Worker, count: int = 2) -> list[ReviewCase]:
    cases = []
    start = line.cases.count()
    for position in range(start + 1, start + count + 1):
        child = make_child(worker, last_name=CHILD_SURNAME)
        episode = make_episode(child, worker)
        cases.append(
            ReviewCase.objects.create(line=line, child=child, episode=episode, position=position)
        )
    return cases


def peer_audit(case: ReviewCase, by: TeamMember, grade: int) -> PeerAudit:
    return PeerAudit.objects.create(
        case=case,
        auditor=by,
        tool=ensure_audit_tool(),
        overall_grade=grade,
        worked_well="Visits are regular.",
        to_improve="The plan needs dates.",
        completed_at=timezone.now(),
    )


def build_visit(
    council, *, starts_on: dt.date | None = None, title: str = "Peer challenge of early help"
) -> Visit:
    ad = council["assistant_director"]
    review = make_review(
        ad, starts_on=starts_on or timezone.localdate() - dt.timedelta(days=1), title=title
    )
    lead = add_member(review, make_reviewer("Northdale Council"), TeamRole.LEAD)
    peer = add_member(review, make_reviewer("Westmere Council"), TeamRole.PRACTICE)
    line = add_line(review)
    cases = sample(line, council["social_worker"])
    return Visit(review, ad, lead, peer, line, cases, add_session(review), add_document(review))


@pytest.fixture
def visit(council) -> Visit:
    """A review whose visit began yesterday, its cases open to both members."""
    built = build_visit(council)
    open_to_team(built.review, by=built.ad)
    for member in (built.lead, built.peer):
        member.refresh_from_db()
    return built


def finding_input(
    visit: Visit, kind: str = FindingKind.DEVELOPMENT, **changes
) -> services.FindingInput:
    values = {
        "line": visit.line,
        "kind": kind,
        "summary": (
            "Step-up decisions are not always recorded"
            if kind == FindingKind.DEVELOPMENT
            else "Early help workers know their families well"
        ),
        "evidence": "In two of the sampled cases the reason for stepping up was not written down.",
        "detail": "Managers agree the decision but the record does not show why.",
        "recommendation": (
            "Record the reason for every step-up decision"
            if kind == FindingKind.DEVELOPMENT
            else ""
        ),
        "cases": [visit.cases[0]],
        "sessions": [visit.session],
        "documents": [],
        "theme": "",
    }
    values.update(changes)
    return services.FindingInput(**values)


def record(visit: Visit, kind: str = FindingKind.DEVELOPMENT, **changes):
    return services.record_finding(
        visit.review, finding_input(visit, kind, **changes), by=visit.peer
    )


def draft(visit: Visit, opening: str = "Thank you for inviting us to Fairshire."):
    return services.draft_letter(
        visit.review,
        services.LetterInput(
            addressee="Director of Children's Services, Fairshire Council",
            opening=opening,
            closing="We look forward to hearing how you take these forward.",
        ),
        by=visit.lead,
    )


def issue(visit: Visit, **theme):
    """A strength and an area for development recorded, the letter drafted and issued."""
    record(visit, FindingKind.STRENGTH)
    record(visit, **theme)
    draft(visit)
    return services.issue_letter(visit.review, by=visit.lead)
