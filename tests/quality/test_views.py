"""The audit pages: who may see what (a worker their own cases' audits; QA all; managers their
team's; others refused and logged), errors shown on the form, and constant query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from journey.cases.models import EpisodeKind
from journey.core.models import AccessEvent
from journey.quality import followup, services
from journey.quality.models import AuditAction, CaseAudit, Grade
from journey.quality.selectors import audits_for_child
from tests.factories import make_child, make_episode
from tests.quality.conftest import FINDINGS, audit_input, round_input, today

pytestmark = pytest.mark.django_db


def audit_url(audit) -> str:
    return reverse("case_audit", args=[audit.pk])


@pytest.mark.parametrize(
    "role",
    ["social_worker", "qa_officer", "team_manager", "head_of_service", "assistant_director"],
)
def test_the_worker_their_managers_and_qa_see_the_audit(audit, council, signed_in, role):
    response = signed_in(council[role]).get(audit_url(audit))
    assert response.status_code == 200
    assert "The plan has no dates" in response.content.decode()
    assert AccessEvent.objects.filter(
        user=council[role].user, child=audit.child, action=AccessEvent.Action.VIEW
    ).exists()


@pytest.mark.parametrize(
    "role",
    [
        "other_social_worker",
        "practitioner",
        "complaints_officer",
        "participation_officer",
        "external_lead",
        "reviewer",
        "administrator",
    ],
)
def test_everyone_else_is_refused_and_the_refusal_logged(audit, council, signed_in, role):
    response = signed_in(council[role]).get(audit_url(audit))
    assert response.status_code == 403
    assert "Audits are seen by the worker whose case it is" in response.content.decode()
    assert AccessEvent.objects.filter(
        user=council[role].user, child=audit.child, action=AccessEvent.Action.DENIED
    ).exists()


def test_the_rounds_are_for_qa_officers(council, signed_in, sc_round):
    for role in ("social_worker", "team_manager", "assistant_director"):
        assert signed_in(council[role]).get(reverse("audit_rounds")).status_code == 403
    client = signed_in(council["qa_officer"])
    assert client.get(reverse("audit_rounds")).status_code == 200
    page = client.get(reverse("audit_round", args=[sc_round.pk])).content.decode()
    assert "Ruby Ashworth" in page and str(sc_round.seed) in page


def test_the_baseline_is_for_qa_and_managers(council, signed_in):
    url = reverse("audit_baseline")
    for role in ("qa_officer", "team_manager", "head_of_service", "assistant_director"):
        assert signed_in(council[role]).get(url).status_code == 200
    for role in ("social_worker", "practitioner", "complaints_officer"):
        assert signed_in(council[role]).get(url).status_code == 403


def test_the_baseline_page_has_an_accessible_chart_and_its_table(audit, council, signed_in):
    page = signed_in(council["qa_officer"]).get(reverse("audit_baseline")).content.decode()
    assert (
        'role="img" aria-labelledby="chart-month-title" aria-describedby="chart-month-desc"' in page
    )
    assert '<desc id="chart-month-desc">Share of audits graded good or better by month.' in page
    assert 'id="month-table"' in page and 'id="domain-table"' in page
    assert "0 of 1 met the target" in page


# --- Bad input through the pages -------------------------------------------------------------


def audit_form(overall: str, **extra) -> dict:
    data = {
        f"grade_{q.pk}": "2"
        for q in services.AuditQuestion.objects.filter(domain__tool=services.current_tool())
    }
    return {**data, "overall_grade": overall, **extra}


def test_grading_requires_improvement_without_findings_shows_the_error(
    allocated, council, signed_in
):
    url = reverse("complete_audit", args=[allocated.round_id, allocated.episode_id])
    client = signed_in(council["qa_officer"])
    assert client.get(url).status_code == 200
    response = client.post(url, audit_form("3"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Enter the findings: an audit graded requires improvement must say" in page
    assert not CaseAudit.objects.exists()


def test_a_past_due_date_shows_the_error_on_the_action(allocated, council, signed_in):
    url = reverse("complete_audit", args=[allocated.round_id, allocated.episode_id])
    past = today() - dt.timedelta(days=2)
    response = signed_in(council["qa_officer"]).post(
        url,
        audit_form(
            "3",
            findings=FINDINGS,
            action_1_description="Update the plan.",
            action_1_due_on_0=past.day,
            action_1_due_on_1=past.month,
            action_1_due_on_2=past.year,
        ),
    )
    assert "The due date of action 1 must be today or in the future" in response.content.decode()
    assert 'href="#id_action_1_due_on_0"' in response.content.decode()
    assert not CaseAudit.objects.exists()


def test_a_case_outside_the_round_cannot_be_audited(allocated, council, signed_in, eh_child):
    url = reverse("complete_audit", args=[allocated.round_id, eh_child.episodes.get().pk])
    response = signed_in(council["qa_officer"]).post(url, audit_form("2"))
    assert response.status_code == 403
    assert "This case is not in the sample for Case file audit" in response.content.decode()
    assert not CaseAudit.objects.exists()


def test_a_manager_acknowledging_the_workers_audit_is_told_why_not(audit, council, signed_in):
    url = reverse("acknowledge_audit", args=[audit.pk])
    response = signed_in(council["team_manager"]).post(url, {"response": ""})
    assert response.status_code == 200
    assert (
        f"This audit and its actions are for {council['social_worker'].name}: only they can"
        in response.content.decode()
    )
    audit.refresh_from_db()
    assert audit.acknowledged_at is None


def test_the_worker_acknowledges_and_records_what_they_did(audit, council, signed_in):
    client = signed_in(council["social_worker"])
    tasks = client.get(reverse("audit_tasks")).content.decode()
    assert "Audits of your cases to acknowledge (1)" in tasks
    assert "Your actions from audits (1)" in tasks
    response = client.post(reverse("acknowledge_audit", args=[audit.pk]), {"response": "Noted."})
    assert response.status_code == 302
    action = audit.actions.get()
    response = client.post(
        reverse("record_audit_action", args=[action.pk]),
        {
            "what_was_done": "I updated the plan with the family; every action has an owner "
            "and a date.",
            "done_on_0": today().day,
            "done_on_1": today().month,
            "done_on_2": today().year,
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == AuditAction.Status.DONE


def test_the_child_record_snippet_shows_the_grade_and_links_only_when_allowed(audit, council, rf):
    mine = audits_for_child(audit.child, council["social_worker"].user)
    assert [(a.final_grade, a.may_view, a.n_open_actions) for a in mine] == [
        (Grade.REQUIRES_IMPROVEMENT, True, 1)
    ]
    (theirs,) = audits_for_child(audit.child, council["other_social_worker"].user)
    assert not theirs.may_view


# --- Constant query counts -------------------------------------------------------------------


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def more_audits(council, n: int) -> None:
    """n more children in a new round, audited requires improvement with two actions each."""
    qa = council["qa_officer"]
    for _ in range(n):
        child = make_child(council["team_manager"])
        make_episode(child, council["team_manager"], allocate_to=council["social_worker"])
    audit_round = services.create_round(
        round_input([council.sc_team], kinds=[EpisodeKind.SOCIAL_CARE], sample_size=n), by=qa
    )
    for sample in services.draw_sample(audit_round, by=qa):
        services.allocate_auditor(sample, auditor=qa, by=qa)
        due = today() + dt.timedelta(days=3)
        audit = services.complete_audit(
            audit_round,
            sample.episode,
            audit_input(
                Grade.INADEQUATE,
                findings=FINDINGS,
                actions=[("Do one thing.", due), ("Do another.", due)],
            ),
            auditor=qa,
        )
        followup.escalate_overdue_actions(due + dt.timedelta(days=20))
        assert audit.actions.count() == 2


def test_query_counts_do_not_grow_with_the_data(audit, council, signed_in):
    qa_client = signed_in(council["qa_officer"])
    pages = {
        "rounds": reverse("audit_rounds"),
        "round": reverse("audit_round", args=[audit.round_id]),
        "audit": audit_url(audit),
        "baseline": reverse("audit_baseline"),
    }
    before = {name: queries(qa_client, url) for name, url in pages.items()}
    worker_client = signed_in(council["social_worker"])
    tasks_before = queries(worker_client, reverse("audit_tasks"))
    manager_tasks_before = queries(signed_in(council["team_manager"]), reverse("audit_tasks"))

    more_audits(council, 4)
    action = audit.actions.get()
    AuditAction.objects.create(
        audit=audit, description="Another", due_on=action.due_on, owner=action.owner
    )
    followup.escalate_overdue_actions(action.due_on + dt.timedelta(days=40))

    qa_client = signed_in(council["qa_officer"])
    after = {name: queries(qa_client, url) for name, url in pages.items()}
    assert after == before
    assert queries(signed_in(council["social_worker"]), reverse("audit_tasks")) == tasks_before
    manager_tasks = queries(signed_in(council["team_manager"]), reverse("audit_tasks"))
    assert manager_tasks == manager_tasks_before


def test_the_auditor_is_offered_the_workers_reflective_summary(allocated, council, signed_in):
    from journey.casework.models import CaseSummary
    from journey.casework.summaries.services import write_case_summary

    url = reverse("complete_audit", args=[allocated.round_id, allocated.episode_id])
    client = signed_in(council["qa_officer"])
    assert "No reflective summary has been written" in client.get(url).content.decode()
    write_case_summary(
        allocated.episode,
        occasion=CaseSummary.Occasion.REGULAR,
        written_on=today(),
        summary="Ruby is settled at school and at home.",
        analysis="The plan has worked; she could step down.",
        by=council["social_worker"].user,
    )
    page = client.get(url).content.decode()
    assert "reflective summary of" in page and 'id="case-summary"' in page
    assert "Ruby is settled at school and at home." in page
