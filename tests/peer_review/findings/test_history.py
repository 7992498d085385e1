"""Across reviews: recurring themes, the earlier plans' actions, and how the sampled cases' grades
moved, from an earlier review whose letter was issued and plan made."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from journey.improvement import services as plans
from journey.improvement.models import Action, Rag
from journey.peer_review.findings import services
from journey.peer_review.models import FindingKind, Theme
from journey.quality.models import AuditRound, CaseAudit, Grade, SampledCase, SampleMethod
from tests.factories import ensure_audit_tool
from tests.peer_review.factories import add_line
from tests.peer_review.findings.conftest import (
    CHILD_SURNAME,
    build_visit,
    draft,
    peer_audit,
    record,
)

pytestmark = pytest.mark.django_db


def council_audit(case, grade: int, by, on: dt.date) -> CaseAudit:
    tool = ensure_audit_tool()
    audit_round = AuditRound.objects.create(
        name="Monthly audit",
        period_start=on,
        period_end=on,
        sample_size=1,
        method=SampleMethod.RANDOM,
        seed=1,
        tool=tool,
        created_by=by.user,
        created_at=timezone.now(),
    )
    sampled = SampledCase.objects.create(round=audit_round, episode=case.episode, position=1)
    at = timezone.make_aware(dt.datetime.combine(on, dt.time(10)))
    return CaseAudit.objects.create(
        sample=sampled,
        round=audit_round,
        episode=case.episode,
        child=case.child,
        team=case.episode.team,
        tool=tool,
        auditor=by,
        completed_on=on,
        completed_at=at,
        overall_grade=grade,
        final_grade=grade,
    )


def earlier_review(council, days_ago: int, title: str):
    """An earlier review: CAMHS waits, step-up and recording found wanting; its letter issued
    and its plan made; one action achieved, one at risk, one withdrawn."""
    visit = build_visit(
        council, starts_on=timezone.localdate() - dt.timedelta(days=days_ago), title=title
    )
    mental = add_line(visit.review, "Children's mental health", Theme.MENTAL_HEALTH)
    record(visit, FindingKind.STRENGTH)
    record(visit, line=mental, summary="CAMHS waits are long", theme=Theme.MENTAL_HEALTH)
    record(visit)
    record(visit, summary="Supervision is not recorded", theme=Theme.RECORDING)
    draft(visit)
    services.issue_letter(visit.review, by=visit.lead)
    peer_audit(visit.cases[0], visit.peer, Grade.GOOD)
    peer_audit(visit.cases[1], visit.peer, Grade.INADEQUATE)
    qa = council["qa_officer"]
    council_audit(visit.cases[0], Grade.REQUIRES_IMPROVEMENT, qa, visit.review.ends_on)
    council_audit(visit.cases[1], Grade.GOOD, qa, visit.review.ends_on)
    ad = council["assistant_director"]
    today = timezone.localdate()
    first = services.FirstActionInput(
        "Act", council["head_of_service"], ad, "Audits", today - dt.timedelta(days=30)
    )
    plan = services.make_plan(
        visit.review,
        services.PlanFromLetterInput(ad, visit.review.ends_on, today, [first] * 3),
        by=ad,
    )
    achieved, at_risk, withdrawn = Action.objects.filter(area__plan=plan).order_by("area__number")
    for action, rag in ((achieved, Rag.ACHIEVED), (at_risk, Rag.AT_RISK)):
        plans.record_progress(action, plans.ProgressInput(today, "Checked", rag), by=ad.user)
    plans.withdraw_action(
        withdrawn,
        "The new recording policy adopted in the spring already covers this action",
        by=ad.user,
    )
    return visit


def _url(visit):
    return reverse("peer_review_history", kwargs={"review_id": visit.review.pk})


def test_a_later_review_sees_the_earlier_one(visit, council, signed_in):
    earlier = earlier_review(council, 700, "Peer challenge two years ago")
    mental = add_line(visit.review, "Mental health", Theme.MENTAL_HEALTH)
    record(visit, line=mental, summary="CAMHS waits are still long", theme=Theme.MENTAL_HEALTH)
    record(visit, summary="Caseloads are high", theme=Theme.WORKFORCE)
    peer_audit(visit.cases[0], visit.peer, Grade.GOOD)
    peer_audit(visit.cases[1], visit.peer, Grade.OUTSTANDING)
    council_audit(visit.cases[0], Grade.GOOD, council["qa_officer"], timezone.localdate())

    for worker in (council["head_of_service"], visit.peer.worker):
        page = signed_in(worker).get(_url(visit))
        assert page.status_code == 200
        text = " ".join(page.content.decode().split())
        years = f"{earlier.review.starts_on.year} and {visit.review.starts_on.year}"
        assert f"Access to child and adolescent mental health services: found in {years}" in text
        assert "CAMHS waits are long" in text and "CAMHS waits are still long" in text
        assert "Workforce and caseloads" not in text  # found once only
        assert "Recording, supervision" not in text  # not found again
        assert 'data-label="Achieved">1<' in text
        assert 'data-label="At risk">1<' in text
        assert 'data-label="Withdrawn">1<' in text
        assert "50% (1 of 2)" in text  # the earlier review, peers and council alike
        assert "100% (2 of 2)" in text and "100% (1 of 1)" in text  # this review
        assert CHILD_SURNAME not in text
    # The earlier review's own page looks back at nothing.
    earlier_page = signed_in(council["head_of_service"]).get(_url(earlier)).content.decode()
    assert "There is no earlier review with an issued letter" in earlier_page


def test_a_review_without_an_issued_letter_is_not_an_earlier_review(visit, council, signed_in):
    build_visit(
        council, starts_on=timezone.localdate() - dt.timedelta(days=400), title="Never issued"
    )
    text = signed_in(council["head_of_service"]).get(_url(visit)).content.decode()
    assert "There is no earlier review with an issued letter" in text
    assert "Never issued" not in text


def test_the_history_tab_reads_in_the_same_queries_however_many_reviews(visit, council, signed_in):
    earlier_review(council, 700, "First")
    client = signed_in(council["head_of_service"])
    client.get(_url(visit))
    with CaptureQueriesContext(connection) as one:
        client.get(_url(visit))
    earlier_review(council, 400, "Second")
    earlier_review(council, 300, "Third")
    with CaptureQueriesContext(connection) as many:
        response = client.get(_url(visit))
    assert "Third" in response.content.decode()
    assert len(many) == len(one)


def test_a_review_in_preparation_follows_up_an_earlier_area_through_its_lines(
    visit, council, signed_in
):
    earlier = earlier_review(council, 700, "Peer challenge two years ago")
    add_line(visit.review, "Access to mental health services", Theme.MENTAL_HEALTH)

    text = " ".join(signed_in(council["head_of_service"]).get(_url(visit)).content.decode().split())
    years = f"{earlier.review.starts_on.year} and {visit.review.starts_on.year}"
    assert f"Access to child and adolescent mental health services: found in {years}" in text
    assert "CAMHS waits are long" in text
    assert "Line of enquiry 2: Access to mental health services" in text
