"""Audit rounds, allocation, completing an audit and the worker's response: each bad input in
the issue is refused with a message naming the field, and nothing is saved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from journey.access.rules import can_view_child
from journey.cases.models import EpisodeKind
from journey.chronology.models import ChronologyEntry, EntryKind
from journey.core.models import RecordGrant
from journey.people.models import Person
from journey.quality import followup, services
from journey.quality.models import (
    AuditAction,
    AuditAnswer,
    AuditRound,
    CaseAudit,
    Grade,
    SampledCase,
)
from tests.factories import make_child, make_episode
from tests.quality.conftest import FINDINGS, audit_input, round_input, today

pytestmark = pytest.mark.django_db


def errors_of(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def nothing_saved_since(entries_before: int) -> None:
    assert not CaseAudit.objects.exists()
    assert not AuditAnswer.objects.exists()
    assert not AuditAction.objects.exists()
    assert ChronologyEntry.objects.count() == entries_before


# --- Rounds ----------------------------------------------------------------------------------


def test_a_qa_officer_plans_a_round_with_a_recorded_seed(council, qa):
    audit_round = services.create_round(round_input([council.sc_team], seed=None), by=qa)
    assert audit_round.seed >= 0
    assert list(audit_round.teams.all()) == [council.sc_team]
    assert audit_round.tool == services.current_tool()


def test_a_round_needs_its_scope_every_problem_at_once(council, qa):
    bad = round_input(
        [],
        name=" ",
        period_start=today() + dt.timedelta(days=3),
        period_end=today() - dt.timedelta(days=10),
        kinds=[],
        sample_size=0,
        audits_due_on=today() - dt.timedelta(days=1),
    )
    with pytest.raises(ValidationError) as excinfo:
        services.create_round(bad, by=qa)
    errors = errors_of(excinfo)
    assert errors["period_start"] == ["The start of the period must be today or in the past"]
    assert errors["teams"] == ["Select at least one team whose cases the round audits"]
    assert errors["kinds"] == ["Select at least one kind of work the round audits"]
    assert errors["sample_size"] == ["The sample size must be a whole number from 1 to 500"]
    assert errors["audits_due_on"] == ["The date audits are due must be today or in the future"]
    assert "name" in errors
    assert not AuditRound.objects.exists()


def test_only_qa_officers_plan_rounds(council):
    with pytest.raises(ValidationError, match="Only quality assurance officers"):
        services.create_round(round_input([council.sc_team]), by=council["team_manager"])


def test_a_round_is_drawn_once(sc_round, qa):
    with pytest.raises(ValidationError, match="was drawn on"):
        services.draw_sample(sc_round, by=qa)
    assert sc_round.cases.count() == 1


def test_a_round_with_no_open_cases_says_how_to_widen_it(council, qa):
    audit_round = services.create_round(round_input([council.other_sc_team]), by=qa)
    with pytest.raises(ValidationError, match="widen the period"):
        services.draw_sample(audit_round, by=qa)
    assert not audit_round.cases.exists()


def test_an_excluded_case_keeps_its_row_and_a_replacement_is_drawn(council, qa, sc_child):
    other = make_child(council["team_manager"])
    make_episode(other, council["team_manager"], allocate_to=council["social_worker"])
    audit_round = services.create_round(
        round_input([council.sc_team], kinds=[EpisodeKind.SOCIAL_CARE], sample_size=1), by=qa
    )
    (drawn,) = services.draw_sample(audit_round, by=qa)
    with pytest.raises(ValidationError) as excinfo:
        services.exclude_case(drawn, reason="Leave", replace=True, by=qa)
    assert "reason" in errors_of(excinfo)

    replacement = services.exclude_case(
        drawn,
        reason="The social worker is on long-term sick leave and the case moves next week.",
        replace=True,
        by=qa,
    )
    drawn.refresh_from_db()
    assert drawn.excluded and "long-term sick leave" in drawn.exclusion_reason
    assert replacement.replaces == drawn
    assert {drawn.episode.child_id, replacement.episode.child_id} == {sc_child.pk, other.pk}
    assert SampledCase.objects.filter(round=audit_round).count() == 2


# --- Allocation ------------------------------------------------------------------------------


def test_allocating_gives_the_auditor_time_limited_access_to_the_child(council, sample, qa):
    director = council["assistant_director"]
    services.allocate_auditor(sample, auditor=director, by=qa)
    grant = RecordGrant.objects.get(user=director.user)
    assert grant.child_id == sample.episode.child_id
    assert grant.expires_on == today() + dt.timedelta(days=90)
    services.allocate_auditor(sample, auditor=qa, by=qa)  # re-allocated: the old grant ends
    grant.refresh_from_db()
    assert grant.revoked_at is not None


def test_a_manager_cannot_audit_their_own_teams_case_unless_the_round_allows(council, sample, qa):
    manager = council["team_manager"]  # manages the social care team that holds Ruby's case
    with pytest.raises(ValidationError) as excinfo:
        services.allocate_auditor(sample, auditor=manager, by=qa)
    assert errors_of(excinfo)["auditor"] == [
        f"{manager.name} manages {council.sc_team}, the team that holds this case. Managers "
        "may not audit their own team's cases in this round: choose another auditor"
    ]
    with pytest.raises(ValidationError, match="head of the service"):
        services.allocate_auditor(sample, auditor=council["head_of_service"], by=qa)
    sample.refresh_from_db()
    assert sample.auditor is None and not RecordGrant.objects.exists()

    AuditRound.objects.filter(pk=sample.round_id).update(allow_own_team=True)
    sample.round.refresh_from_db()
    assert services.allocate_auditor(sample, auditor=manager, by=qa).auditor == manager


def test_nobody_audits_a_case_they_hold_and_workers_do_not_audit(council, sample, qa):
    AuditRound.objects.filter(pk=sample.round_id).update(allow_own_team=True)
    with pytest.raises(ValidationError, match="Select an auditor from the list"):
        services.allocate_auditor(sample, auditor=council["social_worker"], by=qa)
    with pytest.raises(ValidationError, match="Only quality assurance officers allocate"):
        services.allocate_auditor(sample, auditor=qa, by=council["team_manager"])


# --- Completing an audit ---------------------------------------------------------------------


def test_completing_an_audit_writes_it_to_the_childs_chronology(audit, council, sc_child):
    assert audit.worker == council["social_worker"]
    assert audit.final_grade == audit.overall_grade == Grade.REQUIRES_IMPROVEMENT
    assert audit.answers.count() == len(audit.tool.domains.values("questions"))
    (action,) = audit.actions.all()
    assert action.owner == council["social_worker"] and action.is_open
    entry = ChronologyEntry.objects.get(child=sc_child, kind=EntryKind.AUDIT)
    assert entry.title == "Case file audit (Case file audit): Requires improvement"
    assert entry.is_significant
    assert entry.source_model == "caseaudit" and entry.source_pk == audit.pk
    assert "1 action for" in entry.summary


def test_a_good_audit_needs_no_findings_or_actions_and_is_not_significant(allocated, qa):
    audit = services.complete_audit(
        allocated.round, allocated.episode, audit_input(Grade.GOOD), auditor=qa
    )
    assert not ChronologyEntry.objects.get(source_pk=audit.pk, kind=EntryKind.AUDIT).is_significant


@pytest.mark.parametrize("grade", [Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE])
def test_grading_requires_improvement_or_inadequate_without_findings_is_refused(
    allocated, qa, grade
):
    before = ChronologyEntry.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        services.complete_audit(
            allocated.round, allocated.episode, audit_input(grade, findings="  "), auditor=qa
        )
    label = Grade(grade).label.lower()
    errors = errors_of(excinfo)
    assert errors["findings"] == [
        f"Enter the findings: an audit graded {label} must say what needs to improve"
    ]
    assert errors["action_1_description"] == [
        f"Add at least one action for the worker: an audit graded {label} must say what they "
        "need to do"
    ]
    nothing_saved_since(before)


def test_a_due_date_in_the_past_is_refused(allocated, qa):
    before = ChronologyEntry.objects.count()
    data = audit_input(
        Grade.REQUIRES_IMPROVEMENT,
        findings=FINDINGS,
        actions=[
            ("Record the child's views.", today() + dt.timedelta(days=7)),
            ("Update the plan.", today() - dt.timedelta(days=1)),
        ],
    )
    with pytest.raises(ValidationError) as excinfo:
        services.complete_audit(allocated.round, allocated.episode, data, auditor=qa)
    assert errors_of(excinfo) == {
        "action_2_due_on": ["The due date of action 2 must be today or in the future"]
    }
    nothing_saved_since(before)


def test_auditing_a_case_outside_the_round_is_refused(allocated, qa, council, eh_child):
    before = ChronologyEntry.objects.count()
    outside = eh_child.episodes.get()
    with pytest.raises(ValidationError) as excinfo:
        services.complete_audit(allocated.round, outside, audit_input(), auditor=qa)
    assert errors_of(excinfo)["__all__"] == [
        "This case is not in the sample for Case file audit: audit only the cases drawn for "
        "the round"
    ]
    nothing_saved_since(before)


def test_only_the_allocated_auditor_completes_the_audit(allocated, council):
    director = council["assistant_director"]
    with pytest.raises(ValidationError, match="allocated to .*: only they can complete it"):
        services.complete_audit(allocated.round, allocated.episode, audit_input(), auditor=director)


def test_an_audit_is_completed_once(audit, qa):
    with pytest.raises(ValidationError, match="was audited on"):
        services.complete_audit(audit.round, audit.episode, audit_input(), auditor=qa)


def test_every_question_needs_a_grade_or_not_applicable(allocated, qa):
    data = audit_input()
    first = next(iter(data.answers))
    data.answers[first] = None
    with pytest.raises(ValidationError) as excinfo:
        services.complete_audit(allocated.round, allocated.episode, data, auditor=qa)
    assert "or “not applicable”" in errors_of(excinfo)[f"grade_{first}"][0]
    data.answers[first] = services.AnswerInput(None)  # not applicable is an answer
    audit = services.complete_audit(allocated.round, allocated.episode, data, auditor=qa)
    assert audit.answers.get(question_id=first).grade is None


# --- The worker's response -------------------------------------------------------------------


def test_the_worker_acknowledges_and_records_what_they_did(audit, council):
    worker = council["social_worker"]
    followup.acknowledge_audit(audit, worker=worker, response="Thank you, I will update it.")
    audit.refresh_from_db()
    assert audit.acknowledged_at is not None
    with pytest.raises(ValidationError, match="You acknowledged this audit on"):
        followup.acknowledge_audit(audit, worker=worker)

    action = audit.actions.get()
    done = followup.record_action_done(
        action,
        worker=worker,
        what_was_done="I rewrote the plan with the family: every action now has an owner "
        "and a date.",
        done_on=today(),
    )
    assert done.status == AuditAction.Status.DONE


def test_a_worker_acknowledging_someone_elses_actions_is_refused(audit, council):
    other = council["other_social_worker"]
    with pytest.raises(ValidationError) as excinfo:
        followup.acknowledge_audit(audit, worker=other)
    assert errors_of(excinfo)["__all__"] == [
        f"This audit and its actions are for {council['social_worker'].name}: only they can "
        "respond to it"
    ]
    with pytest.raises(ValidationError, match="This action is for"):
        followup.record_action_done(
            audit.actions.get(),
            worker=council["team_manager"],
            what_was_done="Done by the manager on the worker's behalf, which is not allowed.",
            done_on=today(),
        )
    audit.refresh_from_db()
    assert audit.acknowledged_at is None
    assert audit.actions.get().is_open


def test_what_was_done_needs_words_and_a_real_date(audit, council):
    with pytest.raises(ValidationError) as excinfo:
        followup.record_action_done(
            audit.actions.get(),
            worker=council["social_worker"],
            what_was_done="done",
            done_on=today() + dt.timedelta(days=1),
        )
    errors = errors_of(excinfo)
    assert "at least a full sentence" in errors["what_was_done"][0]
    assert errors["done_on"] == ["The date you did it must be today or in the past"]
    assert audit.actions.get().is_open


def test_a_closed_case_is_audited_and_its_last_worker_takes_the_actions(council, qa):
    from journey.cases import services as case_services

    child = make_child(council["team_manager"])
    episode = make_episode(
        child,
        council["team_manager"],
        allocate_to=council["social_worker"],
        started_on=today() - dt.timedelta(days=90),
    )
    case_services.close_episode(
        episode,
        ended_on=today() - dt.timedelta(days=5),
        reason="RC8",
        note="The family's needs are met and the plan's outcomes achieved.",
        closed_by=council["team_manager"].user,
    )
    audit_round = services.create_round(
        round_input([council.sc_team], kinds=[EpisodeKind.SOCIAL_CARE], sample_size=1), by=qa
    )
    (sample,) = services.draw_sample(audit_round, by=qa)
    assert sample.episode == episode and sample.worker == council["social_worker"]
    services.allocate_auditor(sample, auditor=qa, by=qa)
    audit = services.complete_audit(
        audit_round,
        episode,
        audit_input(
            Grade.INADEQUATE,
            findings=FINDINGS,
            actions=[("Write the closure summary.", today() + dt.timedelta(days=5))],
        ),
        auditor=qa,
    )
    assert audit.worker == audit.actions.get().owner == council["social_worker"]


def test_the_auditor_can_open_a_restricted_childs_record(council, qa):
    child = make_child(council["team_manager"])
    make_episode(child, council["team_manager"], allocate_to=council["social_worker"])
    Person.objects.filter(pk=child.pk).update(is_restricted=True)
    child.refresh_from_db()
    audit_round = services.create_round(
        round_input([council.sc_team], kinds=[EpisodeKind.SOCIAL_CARE], sample_size=1), by=qa
    )
    (sample,) = services.draw_sample(audit_round, by=qa)
    assert not can_view_child(qa.user, child).allowed
    services.allocate_auditor(sample, auditor=qa, by=qa)
    assert can_view_child(qa.user, child).allowed
