"""The "Cases and audits" tab: each line's criteria in words and its cases, the council's grade
beside the peers', the comparison figures, and never a child the viewer may not see."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from journey.cases.models import EpisodeKind
from journey.peer_review.models import PeerAudit, TeamMember
from journey.people.models import Person
from journey.quality.models import Grade
from journey.quality.services import current_tool
from tests.peer_review.factories import add_line, make_review, make_reviewer
from tests.peer_review.samples.conftest import child_with, council_audit, days_ago, draw

pytestmark = pytest.mark.django_db


def _url(review) -> str:
    return reverse("peer_review_samples", kwargs={"review_id": review.pk})


def peer_grade(case, grade: int) -> PeerAudit:
    """The team's audit of the case (the answers are tested with the audit form)."""
    return PeerAudit.objects.create(
        case=case,
        auditor=TeamMember.objects.filter(review=case.line.review).first(),
        tool=current_tool(),
        overall_grade=grade,
        worked_well="",
        to_improve="",
        completed_at=timezone.now(),
    )


@pytest.fixture
def sampled(council, planner, review, line, lead):
    """Line 1 sampled: three children of four with early help open, seed 1234."""
    for n in range(4):
        child_with(council, EpisodeKind.EARLY_HELP_CAF, started=30 + n)
    draw(line, planner, size=3, seed=1234)
    return list(line.cases.order_by("position").select_related("child", "episode"))


def test_the_planner_sees_each_line_s_criteria_and_cases(signed_in, planner, review, sampled):
    add_line(review, title="Child protection planning")
    page = signed_in(planner).get(_url(review)).text
    assert (
        f"Early help (CAF/TAF) or Family Help work open on {timezone.localdate():%-d %B %Y}" in page
    )
    assert "3 of 4 children, seed 1234" in page
    for case in sampled:
        assert case.reference in page
        assert case.child.full_name in page and case.child.local_id in page
        assert reverse("child", args=[case.child_id]) in page
    assert "2. Child protection planning" in page
    assert "No sample has been drawn for this line yet." in page
    assert "Draw the sample" in page


def test_a_host_reader_who_does_not_plan_gets_no_draw_link(signed_in, council, review, line):
    page = signed_in(council["qa_officer"]).get(_url(review))
    assert page.status_code == 200
    assert "Draw the sample" not in page.text


def test_a_member_sees_the_children_opened_to_them_and_may_audit(signed_in, review, lead, sampled):
    page = signed_in(lead).get(_url(review)).text
    for case in sampled:
        assert case.child.full_name in page
        assert f"Audit {case.reference}" in page
        assert "Draw the sample" not in page


def test_a_child_restricted_since_sampling_is_not_named(signed_in, planner, review, lead, sampled):
    restricted = sampled[0].child
    Person.objects.filter(pk=restricted.pk).update(is_restricted=True)
    for viewer in (planner, lead):
        page = signed_in(viewer).get(_url(review)).text
        assert restricted.full_name not in page and restricted.local_id not in page
        assert "A restricted record" in page
        assert sampled[1].child.full_name in page


def test_council_and_peer_grades_side_by_side(council, signed_in, planner, review, sampled):
    first, second, third = sampled
    council_audit(council, first.episode, Grade.GOOD, days_ago(60))
    council_audit(council, first.episode, Grade.OUTSTANDING, days_ago(200))  # older: not shown
    council_audit(council, second.episode, Grade.GOOD, days_ago(30))
    # After the visit: not the council's view at the time of the review.
    council_audit(council, third.episode, Grade.INADEQUATE, review.ends_on + dt.timedelta(1))
    peer_grade(first, Grade.REQUIRES_IMPROVEMENT)
    peer_grade(second, Grade.GOOD)
    peer_grade(third, Grade.GOOD)
    page = signed_in(planner).get(_url(review)).text
    assert page.count("Peers graded lower</strong>") == 1
    assert "Peers graded higher</strong>" not in page
    assert f"{days_ago(60):%-d %B %Y}" in page and f"{days_ago(200):%-d %B %Y}" not in page
    figures = page[page.index('id="comparison"') :]
    labels = [
        ("Audited by the peers", 3),
        ("Same grade as the council", 1),
        ("Peers graded higher", 0),
        ("Peers graded lower", 1),
        ("Not audited by the council", 1),
    ]
    for label, figure in labels:
        assert f'data-label="{label}">{figure}</td>' in figures


def test_peers_graded_higher(council, signed_in, planner, review, sampled):
    council_audit(council, sampled[0].episode, Grade.INADEQUATE, days_ago(10))
    peer_grade(sampled[0], Grade.GOOD)
    assert "Peers graded higher</strong>" in signed_in(planner).get(_url(review)).text


def test_the_tab_s_queries_do_not_grow_with_the_cases(council, signed_in, planner, review, lead):
    for n in range(8):
        child_with(council, EpisodeKind.EARLY_HELP_CAF, started=30 + n)
    one, many = add_line(review), add_line(review)
    draw(one, planner, size=1)
    client = signed_in(planner)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(_url(review)).status_code == 200
        return len(captured)

    few = queries()
    draw(many, planner, size=8)
    for case in many.cases.all()[:4]:
        council_audit(council, case.episode, Grade.GOOD, days_ago(5))
        peer_grade(case, Grade.REQUIRES_IMPROVEMENT)
    add_line(review, title="Another line, not yet sampled")
    assert queries() == few


def test_a_reviewer_not_on_the_team_is_refused(signed_in, review, sampled):
    outsider = make_reviewer("Eastvale Council", username="outsider")
    assert signed_in(outsider).get(_url(review)).status_code == 403


def test_a_member_before_the_visit_is_refused(signed_in, planner, council):
    review = make_review(planner, starts_on=timezone.localdate() + dt.timedelta(days=3))
    member = make_reviewer(username="early_bird")
    TeamMember.objects.create(
        review=review,
        worker=member,
        role="practice",
        organisation="Northdale",
        added_by=planner.user,
        added_at=timezone.now(),
    )
    assert signed_in(member).get(_url(review)).status_code == 403


@pytest.mark.parametrize("role", ["social_worker", "team_manager", "practitioner", "reviewer"])
def test_staff_outside_the_review_are_refused(signed_in, council, review, role):
    assert signed_in(council[role]).get(_url(review)).status_code == 403
