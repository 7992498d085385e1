"""Step up and step down: request, manager decision, hand-over with no day unallocated."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journey.access.stepping import may_decide
from journey.cases import stepping
from journey.cases.models import Episode, EpisodeKind, StepChange
from journey.cases.services import allocate, close_episode
from journey.casework.models import Assessment, Meeting
from journey.casework.services import start_plan
from journey.casework.statutory import services as statutory
from journey.chronology.models import ChronologyEntry, EntryKind
from journey.core.views_of_child import ViewsInput, ViewsMethod
from journey.workforce.models import Allocation, Role
from tests.factories import UserFactory, WorkerFactory, make_child, make_episode

RATIONALE = (
    "Despite six months of the TAF plan, the home conditions have worsened and the school "
    "reports new bruising; the parent no longer engages, so the needs are now at level 4."
)
EVIDENCE = (
    "Three of five plan actions are overdue; the last two TAF meetings were missed by the "
    "parent and the health visitor has not been able to see the baby."
)
TODAY = timezone.localdate


@pytest.fixture
def eh_manager(council):
    return WorkerFactory(
        role=Role.TEAM_MANAGER, team=council.eh_team, user=UserFactory(username="eh_manager")
    )


def ask_step_up(episode, worker, team, **overrides) -> StepChange:
    data = {
        "from_episode": episode,
        "to_kind": EpisodeKind.SOCIAL_CARE,
        "receiving_team": team,
        "rationale": RATIONALE,
        "evidence": EVIDENCE,
        **overrides,
    }
    return stepping.request_step_change(stepping.StepRequest(**data), requested_by=worker)


def ask_step_down(episode, worker, team, **overrides) -> StepChange:
    return ask_step_up(episode, worker, team, to_kind=EpisodeKind.EARLY_HELP_CAF, **overrides)


def hand_over_data(receiver, *, on=None, meeting_on=None, **overrides) -> stepping.HandOver:
    on = on or TODAY()
    data = {
        "receiving_worker": receiver,
        "receiving_as": Allocation.Kind.WORKER,
        "handover_on": on,
        "meeting_on": meeting_on or on,
        "meeting_notes": "Family, school and both workers met; the social worker will visit "
        "within two days and the school keeps the daily check-in.",
        "others_present": ["Jade Pennington, mother"],
        "primary_need": "N1",
        **overrides,
    }
    return stepping.HandOver(**data)


def backdate(step: StepChange, days: int) -> StepChange:
    """As if the request was made and accepted `days` ago (a hand-over can't precede them).

    At midday on that local date (or now, if that is earlier): "now minus N days" late in the
    evening can land on the next local date across a change of the clocks."""
    day = timezone.localdate() - dt.timedelta(days=days)
    when = min(timezone.make_aware(dt.datetime.combine(day, dt.time(12))), timezone.now())
    StepChange.objects.filter(pk=step.pk).update(requested_at=when, decided_at=when)
    step.refresh_from_db()
    return step


def eh_episode(child) -> Episode:
    return child.episodes.get(kind=EpisodeKind.EARLY_HELP_CAF)


def test_step_up_from_request_to_hand_over(council, eh_child):
    sending = eh_episode(eh_child)
    step = ask_step_up(sending, council["practitioner"], council.sc_team)
    assert step.status == StepChange.Status.REQUESTED
    assert step.direction == StepChange.Direction.UP

    step = stepping.decide_step_change(
        step, manager=council["team_manager"], accept=True, reason=""
    )
    assert step.status == StepChange.Status.ACCEPTED
    sending.refresh_from_db()
    assert sending.is_open, "the sending work stays open until the hand-over"

    step = stepping.hand_over(
        step, hand_over_data(council["social_worker"]), handed_over_by=council["team_manager"]
    )
    sending.refresh_from_db()
    receiving = step.to_episode
    assert step.status == StepChange.Status.HANDED_OVER
    assert receiving.kind == EpisodeKind.SOCIAL_CARE and receiving.team == council.sc_team
    assert receiving.started_on == sending.ended_on == TODAY()
    assert sending.closure_reason == "EH2"
    assert receiving.referral_source == stepping.STEP_UP_REFERRAL_SOURCE
    assert receiving.allocations.current().get().worker == council["social_worker"]
    meeting = step.joint_meeting
    assert meeting.kind == Meeting.Kind.HANDOVER and meeting.episode == sending
    assert {a.name for a in meeting.attendees.all()} == {
        council["practitioner"].name,
        council["social_worker"].name,
        "Jade Pennington, mother",
    }
    titles = list(
        ChronologyEntry.objects.filter(child=eh_child, kind=EntryKind.STEP_CHANGE)
        .order_by("recorded_at", "pk")
        .values_list("title", flat=True)
    )
    assert titles[0].startswith("Step up requested to children's social care")
    assert titles[1].startswith("Step up accepted by")
    assert titles[2].startswith("Stepped up to children's social care: handed over to")
    summaries = " ".join(
        ChronologyEntry.objects.filter(child=eh_child, kind=EntryKind.STEP_CHANGE).values_list(
            "summary", flat=True
        )
    )
    assert RATIONALE in summaries and EVIDENCE in summaries


def test_step_down_to_a_partner_lead_professional(council, sc_child, eh_manager):
    sending = sc_child.episodes.get()
    start_plan(
        episode=sending,
        kind="cin",
        started_on=sending.started_on,
        recorded_by=council["team_manager"].user,
    )
    step = ask_step_down(sending, council["social_worker"], council.eh_team)
    assert step.direction == StepChange.Direction.DOWN
    step = stepping.decide_step_change(step, manager=eh_manager, accept=True, reason="Agreed")
    partner = council["external_lead"]
    step = stepping.hand_over(
        step,
        hand_over_data(partner, receiving_as=Allocation.Kind.LEAD_PROFESSIONAL),
        handed_over_by=eh_manager,
    )
    sending.refresh_from_db()
    assert sending.closure_reason == "RC7", "services ceased after a plan, not after assessment"
    lead = step.to_episode.allocations.current().get()
    assert (lead.worker, lead.kind) == (partner, Allocation.Kind.LEAD_PROFESSIONAL)
    assert step.to_episode.kind == EpisodeKind.EARLY_HELP_CAF
    assert step.to_episode.primary_need == ""


def _assessed(episode, manager) -> None:
    assessment = statutory.start_single_assessment(
        episode=episode, started_on=episode.started_on, recorded_by=manager.user, factors=["3B"]
    )
    statutory.authorise_single_assessment(
        assessment,
        authorised_on=episode.started_on + dt.timedelta(days=20),
        outcome=Assessment.Outcome.EARLY_HELP,
        manager=manager,
    )


@pytest.mark.parametrize(
    ("assessed", "reason"),
    [(True, "RC9"), (False, "RC7")],
    ids=["after an assessment only: referred to early help", "no assessment: services ceased"],
)
def test_step_down_closes_as_referred_to_early_help_only_after_an_assessment_alone(
    council, sc_child, eh_manager, assessed, reason
):
    episode = sc_child.episodes.get()
    if assessed:
        _assessed(episode, council["team_manager"])
    step = ask_step_down(episode, council["social_worker"], council.eh_team)
    step = stepping.decide_step_change(step, manager=eh_manager, accept=True, reason="")
    stepping.hand_over(step, hand_over_data(council["practitioner"]), handed_over_by=eh_manager)
    assert Episode.objects.get(pk=step.from_episode_id).closure_reason == reason


def test_a_declined_request_needs_reasons_and_leaves_the_work_open(council, eh_child):
    step = ask_step_up(eh_episode(eh_child), council["practitioner"], council.sc_team)
    with pytest.raises(ValidationError) as error:
        stepping.decide_step_change(
            step, manager=council["team_manager"], accept=False, reason="No"
        )
    assert "reasons for declining" in str(error.value)
    step.refresh_from_db()
    assert step.status == StepChange.Status.REQUESTED
    step = stepping.decide_step_change(
        step,
        manager=council["team_manager"],
        accept=False,
        reason="The concerns are met by the TAF plan with a health visitor added; review in "
        "four weeks and ask again if the bruising recurs.",
    )
    assert step.status == StepChange.Status.DECLINED
    assert eh_episode(eh_child).is_open
    declined = ChronologyEntry.objects.get(child=eh_child, title__contains="declined")
    assert declined.is_significant and "health visitor" in declined.summary
    with pytest.raises(ValidationError, match="it is now “declined”"):
        stepping.hand_over(
            step, hand_over_data(council["social_worker"]), handed_over_by=council["team_manager"]
        )


def test_step_down_of_work_that_is_not_open_is_refused(council, sc_child, eh_manager):
    episode = sc_child.episodes.get()
    close_episode(
        episode,
        ended_on=TODAY(),
        reason="RC8",
        note="",
        closed_by=council["team_manager"].user,
    )
    with pytest.raises(ValidationError, match="only open work can be stepped down"):
        ask_step_down(episode, council["social_worker"], council.eh_team)
    assert not StepChange.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"rationale": ""}, "rationale", "Enter the reasons"),
        ({"rationale": "Worse."}, "rationale", "at least a full sentence"),
        ({"evidence": ""}, "evidence", "evidence from the current plan"),
        ({"receiving_team": None}, "receiving_team", "Select the team"),
        ({"to_kind": EpisodeKind.EARLY_HELP_CAF}, "to_kind", "Select the kind of work"),
    ],
)
def test_a_request_with_bad_input_saves_nothing(council, eh_child, overrides, field, message):
    with pytest.raises(ValidationError) as error:
        ask_step_up(eh_episode(eh_child), council["practitioner"], council.sc_team, **overrides)
    assert field in error.value.message_dict
    assert message.lower() in " ".join(error.value.message_dict[field]).lower()
    assert not StepChange.objects.exists()
    assert not ChronologyEntry.objects.filter(kind=EntryKind.STEP_CHANGE).exists()


def test_a_step_up_to_an_early_help_team_is_refused(council, eh_child):
    with pytest.raises(ValidationError, match="is not a children's social care team"):
        ask_step_up(eh_episode(eh_child), council["practitioner"], council.eh_team)


def test_only_one_request_at_a_time(council, eh_child):
    ask_step_up(eh_episode(eh_child), council["practitioner"], council.sc_team)
    with pytest.raises(ValidationError, match="already waiting"):
        ask_step_up(eh_episode(eh_child), council["practitioner"], council.sc_team)


def test_a_child_with_open_social_care_cannot_be_stepped_up_again(council, eh_child):
    make_episode(eh_child, council["team_manager"], allocate_to=council["social_worker"])
    with pytest.raises(ValidationError, match="already has open children's social care"):
        ask_step_up(eh_episode(eh_child), council["practitioner"], council.sc_team)


def test_who_may_decide(council, eh_child):
    step = ask_step_up(eh_episode(eh_child), council["practitioner"], council.sc_team)
    other_manager = WorkerFactory(role=Role.TEAM_MANAGER, team=council.other_sc_team)
    for not_theirs in (council["social_worker"], other_manager):
        with pytest.raises(ValidationError, match="Only the manager of"):
            stepping.decide_step_change(step, manager=not_theirs, accept=True, reason="")
    assert may_decide(council["head_of_service"], step)
    assert may_decide(council["assistant_director"], step)
    own = ask_step_up(
        make_episode(
            make_child(council["team_manager"]),
            council["team_manager"],
            kind=EpisodeKind.EARLY_HELP_SINGLE_AGENCY,
            allocate_to=council["practitioner"],
        ),
        council["team_manager"],
        council.sc_team,
    )
    with pytest.raises(ValidationError, match="cannot decide their own request"):
        stepping.decide_step_change(own, manager=council["team_manager"], accept=True, reason="")


@pytest.fixture
def accepted_step_up(council, eh_child):
    step = ask_step_up(eh_episode(eh_child), council["practitioner"], council.sc_team)
    return stepping.decide_step_change(
        step, manager=council["team_manager"], accept=True, reason=""
    )


def assert_nothing_half_saved(step: StepChange) -> None:
    step.refresh_from_db()
    assert step.status == StepChange.Status.ACCEPTED
    assert step.from_episode.is_open
    assert step.from_episode.allocations.current().exists()
    assert not Episode.objects.filter(child=step.child, kind=EpisodeKind.SOCIAL_CARE).exists()
    assert not Meeting.objects.filter(kind=Meeting.Kind.HANDOVER).exists()


def test_hand_over_to_someone_without_capacity_is_refused(council, accepted_step_up):
    receiver = council["social_worker"]
    receiver.caseload_limit = 1
    receiver.save()
    make_episode(make_child(council["team_manager"]), council["team_manager"], allocate_to=receiver)
    with pytest.raises(ValidationError) as error:
        stepping.hand_over(
            accepted_step_up, hand_over_data(receiver), handed_over_by=council["team_manager"]
        )
    message = " ".join(error.value.message_dict["receiving_worker"])
    # Weighted: one piece of social care before any plan counts 1, the council's weight.
    assert "already holds work weighted 1 (1 pieces of work), their limit of 1" in message
    assert_nothing_half_saved(accepted_step_up)


def test_hand_over_to_the_wrong_role_is_refused(council, accepted_step_up):
    for wrong in (council["practitioner"], council["external_lead"], council["qa_officer"]):
        with pytest.raises(ValidationError, match="cannot take this work"):
            stepping.hand_over(
                accepted_step_up, hand_over_data(wrong), handed_over_by=council["team_manager"]
            )
    with pytest.raises(ValidationError, match="as allocated worker"):
        stepping.hand_over(
            accepted_step_up,
            hand_over_data(
                council["social_worker"], receiving_as=Allocation.Kind.LEAD_PROFESSIONAL
            ),
            handed_over_by=council["team_manager"],
        )
    assert_nothing_half_saved(accepted_step_up)


@pytest.mark.parametrize(
    ("dates", "field", "message"),
    [
        ({"on": TODAY() + dt.timedelta(days=1)}, "handover_on", "today or in the past"),
        ({"on": TODAY() - dt.timedelta(days=3)}, "handover_on", "on or after the day"),
        ({"handover_on": None}, "handover_on", "Enter the hand-over date"),
        ({"meeting_on": TODAY() - dt.timedelta(days=30)}, "meeting_on", "between the request"),
        ({"primary_need": ""}, "primary_need", "primary need"),
        ({"meeting_notes": ""}, "meeting_notes", "Enter"),
    ],
)
def test_hand_over_with_bad_input_saves_nothing(council, accepted_step_up, dates, field, message):
    with pytest.raises(ValidationError) as error:
        stepping.hand_over(
            accepted_step_up,
            hand_over_data(council["social_worker"], **dates),
            handed_over_by=council["team_manager"],
        )
    assert message.lower() in " ".join(error.value.message_dict[field]).lower()
    assert_nothing_half_saved(accepted_step_up)


def test_only_the_receiving_team_records_the_hand_over(council, accepted_step_up):
    with pytest.raises(ValidationError, match="Only a manager or worker in"):
        stepping.hand_over(
            accepted_step_up,
            hand_over_data(council["social_worker"]),
            handed_over_by=council["practitioner"],
        )
    assert_nothing_half_saved(accepted_step_up)


def test_withdrawing_keeps_the_request_on_record(council, eh_child):
    step = ask_step_up(eh_episode(eh_child), council["practitioner"], council.sc_team)
    with pytest.raises(ValidationError, match="Only the person who asked"):
        stepping.withdraw_step_change(
            step, withdrawn_by=council["social_worker"], reason="Not needed now."
        )
    step = stepping.withdraw_step_change(
        step,
        withdrawn_by=council["practitioner"],
        reason="The family moved to a new home and the plan is working again.",
    )
    assert StepChange.objects.get(pk=step.pk).status == StepChange.Status.WITHDRAWN
    assert ask_step_up(eh_episode(eh_child), council["practitioner"], council.sc_team)


# --- The no-gap property ----------------------------------------------------------------------


def allocated_days(child) -> set[dt.date]:
    days: set[dt.date] = set()
    for a in Allocation.objects.filter(episode__child=child):
        day, last = a.started_on, a.ended_on or TODAY()
        while day <= last:
            days.add(day)
            day += dt.timedelta(days=1)
    return days


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    started_days_ago=st.integers(min_value=1, max_value=400),
    reallocated_after=st.one_of(st.none(), st.integers(min_value=0, max_value=399)),
    asked_after=st.integers(min_value=0, max_value=400),
    handed_over_after=st.integers(min_value=0, max_value=60),
    direction=st.sampled_from(["up", "down"]),
)
def test_there_is_never_a_day_without_an_allocated_worker(
    council,
    started_days_ago,
    reallocated_after,
    asked_after,
    handed_over_after,
    direction,
):
    today = TODAY()
    started = today - dt.timedelta(days=started_days_ago)
    asked = started + dt.timedelta(days=min(asked_after, started_days_ago))
    handed = min(asked + dt.timedelta(days=handed_over_after), today)
    manager = council["team_manager"]
    up = direction == "up"
    holder = council["practitioner"] if up else council["social_worker"]
    child = make_child(manager)
    episode = make_episode(
        child,
        manager,
        kind=EpisodeKind.EARLY_HELP_CAF if up else EpisodeKind.SOCIAL_CARE,
        started_on=started,
        allocate_to=holder,
    )
    if reallocated_after is not None:
        colleague = WorkerFactory(role=holder.role, team=holder.team)
        allocate(
            episode,
            worker=colleague,
            kind=Allocation.Kind.WORKER,
            started_on=min(started + dt.timedelta(days=reallocated_after), asked),
            allocated_by=manager.user,
        )
    eh_manager = WorkerFactory(role=Role.TEAM_MANAGER, team=council.eh_team)
    step = (ask_step_up if up else ask_step_down)(
        episode, holder, council.sc_team if up else council.eh_team
    )
    step = stepping.decide_step_change(
        step, manager=manager if up else eh_manager, accept=True, reason=""
    )
    step = backdate(step, (today - asked).days)
    receiver = WorkerFactory(
        role=Role.SOCIAL_WORKER if up else Role.PRACTITIONER,
        team=council.sc_team if up else council.eh_team,
    )
    step = stepping.hand_over(
        step,
        hand_over_data(receiver, on=handed, meeting_on=asked),
        handed_over_by=manager if up else eh_manager,
    )

    every_day = {started + dt.timedelta(days=n) for n in range((today - started).days + 1)}
    assert every_day <= allocated_days(child)
    episode.refresh_from_db()
    assert episode.ended_on == step.to_episode.started_on == handed
    assert not step.from_episode.allocations.current().exists()
    assert step.to_episode.allocations.current().get().worker == receiver


def test_the_child_and_parents_views_at_the_joint_meeting_are_kept(council, accepted_step_up):
    views = ViewsInput(
        child_views="I want the new worker to come to school, not home.",
        child_views_method=ViewsMethod.TALKING,
        parent_views="Mum agrees to the social worker visiting on Tuesdays.",
    )
    step = stepping.hand_over(
        accepted_step_up,
        hand_over_data(council["social_worker"], views=views),
        handed_over_by=council["team_manager"],
    )
    meeting = step.joint_meeting
    assert meeting.child_views == views.child_views and meeting.parent_views == views.parent_views
    entry = ChronologyEntry.objects.get(child=step.child, title__startswith="Stepped up to")
    assert "Child's views (talking with the child): I want the new worker" in entry.summary


def test_views_without_how_they_were_obtained_refuse_the_hand_over(council, accepted_step_up):
    views = ViewsInput(child_views="Nothing to say.")
    with pytest.raises(ValidationError) as error:
        stepping.hand_over(
            accepted_step_up,
            hand_over_data(council["social_worker"], views=views),
            handed_over_by=council["team_manager"],
        )
    assert (
        "Select how the child's views were obtained"
        in error.value.message_dict["child_views_method"][0]
    )
    assert_nothing_half_saved(accepted_step_up)
