"""Every page of a review that names one of its parts by id (a member, a line, a session, a
document, a sampled case, a finding) finds that part only under its own review: the same id under
another review is not found, for the planner and for a member of both teams, GET and POST."""

from __future__ import annotations

import pytest
from django.urls import get_resolver, reverse

from journey.peer_review.models import TeamMember, TeamRole
from tests.access.reviewers.test_visits import _walk
from tests.peer_review.factories import add_member
from tests.peer_review.findings.conftest import build_visit, record

pytestmark = pytest.mark.django_db


def test_a_part_of_one_review_is_not_found_under_another(council, signed_in):
    mine = build_visit(council, title="Our review")
    theirs = build_visit(council, title="Their review")
    # The lead of both teams, so only the mismatch can refuse them.
    both = add_member(theirs.review, mine.lead.worker, TeamRole.PRACTICE)
    finding = record(theirs)
    ids = {
        "team_member_id": both.pk,
        "line_id": theirs.line.pk,
        "review_session_id": theirs.session.pk,
        "review_document_id": theirs.document.pk,
        "review_case_id": theirs.cases[0].pk,
        "finding_id": finding.pk,
    }
    checked = []
    for name, converters in _walk(get_resolver()):
        if not name.startswith("peer_review") or set(converters) == {"review_id"}:
            continue
        if "review_id" not in converters:
            continue
        kwargs = {"review_id": mine.review.pk} | {k: ids[k] for k in converters if k in ids}
        url = reverse(name, kwargs=kwargs)
        answers = set()
        for worker in (mine.ad, mine.lead.worker):
            client = signed_in(worker)
            answers |= {
                client.get(url).status_code,
                client.post(url, {"reason": "x" * 20}).status_code,
            }
        # Whoever the page is for (the planner, or a member) is told it is not there.
        assert answers <= {403, 404} and 404 in answers, (name, answers)
        checked.append(name)
    assert len(checked) >= 10, checked
    assert TeamMember.objects.get(pk=both.pk).left_at is None  # nothing changed
    finding.refresh_from_db()
    assert finding.withdrawn_at is None
