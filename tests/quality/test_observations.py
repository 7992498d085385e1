"""Direct observations of practice: planning, recording, the worker's reflection and cancelling
(every refusal with its message, nothing saved), who sees what, the pages, and the demo."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from journey.chronology.models import ChronologyEntry
from journey.demo.quality import seed_observations
from journey.quality import observations, selectors
from journey.quality.models import Grade, ObservationSetting, PracticeObservation
from journey.quality.observations import ObservationPlan, ObservationRecord
from journey.quality.selectors import observation_tasks_count
from journey.workforce.models import Role
from tests.factories import UserFactory, WorkerFactory
from tests.quality.conftest import at, today

pytestmark = pytest.mark.django_db

Status = PracticeObservation.Status
SEEN = "A home visit: the worker explained the plan to the mother and saw the baby's room."
STRENGTHS = "Warm, clear and honest with the mother about what worries the school most."
DEVELOPMENT = "Record the child's own words at the visit rather than the parent's summary."
REFLECTION = "I will write the child's words down during the visit from now on, as agreed."
REASON = "The family cancelled the visit this morning and it will be rearranged next month."


def plan_input(council, **changes) -> ObservationPlan:
    values = {
        "observer": council["team_manager"],
        "observed": council["social_worker"],
        "planned_on": today() + dt.timedelta(days=7),
        "setting": ObservationSetting.HOME_VISIT,
    }
    values.update(changes)
    return ObservationPlan(**values)


def plan(council, by=None, *, days_ago: int = 0, **changes) -> PracticeObservation:
    """An observation planned `days_ago` days ago for then (so it can be recorded today)."""
    when = today() - dt.timedelta(days=days_ago)
    changes.setdefault("planned_on", when if days_ago else today() + dt.timedelta(days=7))
    return observations.plan_observation(
        plan_input(council, **changes), by=by or council["team_manager"], now=at(when, 9)
    )


def record_input(**changes) -> ObservationRecord:
    values = {
        "observed_on": today(),
        "what_was_seen": SEEN,
        "strengths": STRENGTHS,
        "development_points": DEVELOPMENT,
        "grade": Grade.GOOD,
    }
    values.update(changes)
    return ObservationRecord(**values)


@pytest.fixture
def due(council):
    """Planned a week ago for three days ago, observer the team manager, of the social worker."""
    return plan(council, days_ago=7, planned_on=today() - dt.timedelta(days=3))


@pytest.fixture
def recorded(council, due):
    return observations.record_observation(
        due, record_input(observed_on=today() - dt.timedelta(days=3)), by=council["team_manager"]
    )


def refused(error: pytest.ExceptionInfo, field: str) -> str:
    return " ".join(error.value.message_dict[field])


# --- Planning --------------------------------------------------------------------------------


def test_a_team_manager_plans_an_observation_of_their_worker(council):
    observation = plan(council)
    assert observation.status == Status.PLANNED
    assert observation.team == council.sc_team
    assert observation.planned_by == council["team_manager"].user
    assert observation.history.count() == 1
    assert not ChronologyEntry.objects.exists()


PLAN_REFUSALS = [
    (
        {"observed": "team_manager"},
        "observed",
        "is also the observer: nobody observes their own practice",
    ),
    ({"observer": None}, "observer", "Select who observes"),
    ({"observer": "other_social_worker"}, "observer", "Select an observer from the list"),
    ({"observer": "complaints_officer"}, "observer", "Select an observer from the list"),
    ({"observed": None}, "observed", "Select the worker whose practice is observed"),
    ({"observed": "external_lead"}, "observed", "observations are of early help practitioners"),
    ({"observed": "qa_officer"}, "observed", "observations are of early help practitioners"),
    ({"observed": "head_of_service"}, "observed", "observations are of early help practitioners"),
    ({"planned_on": None}, "planned_on", "Enter the planned date"),
    ({"planned_on": -1}, "planned_on", "The planned date must be today or in the future"),
    ({"planned_on": 366}, "planned_on", "The planned date must be within a year, by"),
    ({"setting": ""}, "setting", "Select the setting of the observation"),
    ({"setting": ObservationSetting.OTHER}, "setting_detail", "Enter the setting, like"),
    ({"child_id": "NOPE-1"}, "child_id", "There is no child with the ID NOPE-1"),
]


@pytest.mark.parametrize(("changes", "field", "message"), PLAN_REFUSALS)
def test_planning_refuses_bad_input_and_saves_nothing(council, changes, field, message):
    for name in ("observer", "observed"):
        if isinstance(changes.get(name), str):
            changes[name] = council[changes[name]]
    if isinstance(changes.get("planned_on"), int):
        changes["planned_on"] = today() + dt.timedelta(days=changes["planned_on"])
    with pytest.raises(ValidationError) as error:
        observations.plan_observation(plan_input(council, **changes), by=council["team_manager"])
    assert message in refused(error, field)
    assert not PracticeObservation.objects.exists()


def test_a_year_ahead_is_the_latest_planned_date(council):
    assert plan(council, planned_on=today() + dt.timedelta(days=365)).pk


@pytest.mark.parametrize(
    "role", ["social_worker", "practitioner", "complaints_officer", "reviewer"]
)
def test_only_managers_and_qa_officers_plan(council, role):
    with pytest.raises(ValidationError) as error:
        observations.plan_observation(plan_input(council), by=council[role])
    assert "Only team managers, heads of service" in refused(error, "__all__")
    assert not PracticeObservation.objects.exists()


def test_a_manager_plans_for_workers_they_manage_or_observes_themselves(council):
    outside = plan_input(
        council, observer=council["head_of_service"], observed=council["practitioner"]
    )
    with pytest.raises(ValidationError) as error:
        observations.plan_observation(outside, by=council["team_manager"])
    assert "You do not manage" in refused(error, "observed")
    assert not PracticeObservation.objects.exists()
    # As the observer, anyone frontline; a QA officer plans for anyone.
    assert plan(council, observed=council["practitioner"]).pk
    assert plan(council, by=council["qa_officer"], observed=council["practitioner"]).pk


def test_an_inactive_observer_is_refused(council):
    council["head_of_service"].is_active = False
    council["head_of_service"].save()
    with pytest.raises(ValidationError) as error:
        observations.plan_observation(
            plan_input(council, observer=council["head_of_service"]), by=council["team_manager"]
        )
    assert "Select an observer from the list" in refused(error, "observer")


def test_the_childs_id_names_the_piece_of_work_the_worker_holds(council, sc_child, eh_child):
    observation = plan(council, child_id=sc_child.local_id)
    assert observation.episode.child == sc_child
    with pytest.raises(ValidationError) as error:
        plan(council, by=council["qa_officer"], child_id=eh_child.local_id)
    assert "has no work with Oscar Pennington" in refused(error, "child_id")
    assert not ChronologyEntry.objects.filter(source_app="quality").exists()


def test_the_childs_id_may_be_typed_in_small_letters(council, sc_child):
    observation = plan(council, child_id=f"  {sc_child.local_id.lower()} ")
    assert observation.episode.child == sc_child


# --- Recording -------------------------------------------------------------------------------


def test_the_observer_records_what_they_saw(council, due):
    observation = observations.record_observation(
        due, record_input(), by=council["team_manager"], now=at(today(), 15)
    )
    observation.refresh_from_db()
    assert observation.status == Status.RECORDED and observation.observed_on == today()
    assert observation.grade == Grade.GOOD and observation.what_was_seen == SEEN
    assert observation.awaits_response
    assert observation_tasks_count(council["social_worker"]) == 1
    assert not ChronologyEntry.objects.exists()


def test_a_grade_is_optional(council, due):
    observation = observations.record_observation(
        due, record_input(grade=None), by=council["team_manager"]
    )
    assert observation.grade is None


RECORD_REFUSALS = [
    ({"observed_on": None}, "observed_on", "Enter the date observed"),
    ({"observed_on": 1}, "observed_on", "The date observed must be today or in the past"),
    ({"observed_on": -4}, "observed_on", "must be on or after the planned date"),
    ({"what_was_seen": ""}, "what_was_seen", "Enter what was seen: at least a full sentence"),
    ({"what_was_seen": "Home visit."}, "what_was_seen", "Enter what was seen"),
    ({"strengths": " "}, "strengths", "Enter the strengths: at least a full sentence"),
    ({"development_points": ""}, "development_points", "Enter the points for development"),
    ({"grade": 9}, "grade", "Select a grade from the list, or no grade"),
]


@pytest.mark.parametrize(("changes", "field", "message"), RECORD_REFUSALS)
def test_recording_refuses_bad_input_and_saves_nothing(council, due, changes, field, message):
    if isinstance(changes.get("observed_on"), int):
        changes["observed_on"] = today() + dt.timedelta(days=changes["observed_on"])
    with pytest.raises(ValidationError) as error:
        observations.record_observation(due, record_input(**changes), by=council["team_manager"])
    assert message in refused(error, field)
    due.refresh_from_db()
    assert due.status == Status.PLANNED and due.what_was_seen == "" and due.observed_on is None


def test_every_missing_part_of_the_record_is_named_at_once(council, due):
    empty = record_input(what_was_seen="", strengths="", development_points="")
    with pytest.raises(ValidationError) as error:
        observations.record_observation(due, empty, by=council["team_manager"])
    assert set(error.value.message_dict) == {"what_was_seen", "strengths", "development_points"}


def test_an_observation_cannot_be_recorded_before_its_planned_date(council):
    observation = plan(council)  # next week
    with pytest.raises(ValidationError) as error:
        observations.record_observation(observation, record_input(), by=council["team_manager"])
    assert "must be on or after the planned date" in refused(error, "observed_on")
    observation.refresh_from_db()
    assert observation.status == Status.PLANNED


@pytest.mark.parametrize("role", ["qa_officer", "social_worker", "head_of_service"])
def test_only_the_observer_records(council, due, role):
    with pytest.raises(ValidationError) as error:
        observations.record_observation(due, record_input(), by=council[role])
    assert "the observer, can record this observation" in refused(error, "__all__")
    due.refresh_from_db()
    assert due.status == Status.PLANNED


def test_a_recorded_observation_is_not_recorded_again(council, recorded):
    with pytest.raises(ValidationError) as error:
        observations.record_observation(
            recorded, record_input(what_was_seen=SEEN + " Again."), by=council["team_manager"]
        )
    assert "This observation was already recorded on" in refused(error, "__all__")
    recorded.refresh_from_db()
    assert recorded.what_was_seen == SEEN and recorded.history.count() == 2


def test_a_cancelled_observation_is_not_recorded(council, due):
    observations.cancel_observation(due, by=council["team_manager"], reason=REASON)
    with pytest.raises(ValidationError) as error:
        observations.record_observation(due, record_input(), by=council["team_manager"])
    assert "was cancelled on" in refused(error, "__all__")
    due.refresh_from_db()
    assert due.status == Status.CANCELLED and due.observed_on is None


# --- The worker's reflection -----------------------------------------------------------------


def test_the_observed_worker_reflects_and_acknowledges(council, recorded):
    observations.respond_to_observation(recorded, by=council["social_worker"], response=REFLECTION)
    recorded.refresh_from_db()
    assert recorded.response == REFLECTION and recorded.acknowledged_at is not None
    assert observation_tasks_count(council["social_worker"]) == 0


@pytest.mark.parametrize("role", ["team_manager", "qa_officer", "other_social_worker"])
def test_only_the_observed_worker_responds(council, recorded, role):
    with pytest.raises(ValidationError) as error:
        observations.respond_to_observation(recorded, by=council[role], response=REFLECTION)
    assert "whose practice was observed, can respond" in refused(error, "__all__")
    recorded.refresh_from_db()
    assert recorded.acknowledged_at is None and recorded.response == ""


def test_a_reflection_is_at_least_a_sentence(council, recorded):
    with pytest.raises(ValidationError) as error:
        observations.respond_to_observation(recorded, by=council["social_worker"], response="ok")
    assert "Enter your reflection: at least a full sentence" in refused(error, "response")
    recorded.refresh_from_db()
    assert recorded.acknowledged_at is None


def test_no_response_before_the_record_or_twice(council, due, recorded):
    planned = plan(council)
    with pytest.raises(ValidationError) as error:
        observations.respond_to_observation(
            planned, by=council["social_worker"], response=REFLECTION
        )
    assert "has not been recorded yet" in refused(error, "__all__")
    observations.respond_to_observation(recorded, by=council["social_worker"], response=REFLECTION)
    with pytest.raises(ValidationError) as error:
        observations.respond_to_observation(
            recorded, by=council["social_worker"], response=REFLECTION + " More."
        )
    assert "You responded to this observation on" in refused(error, "__all__")
    recorded.refresh_from_db()
    assert recorded.response == REFLECTION


# --- Cancelling ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["team_manager", "head_of_service", "qa_officer"])
def test_the_observer_planner_or_a_manager_cancels_with_a_reason(council, role):
    observation = plan(council)
    observations.cancel_observation(observation, by=council[role], reason=REASON)
    observation.refresh_from_db()
    assert observation.status == Status.CANCELLED
    assert observation.cancellation_reason == REASON
    assert observation.cancelled_by == council[role].user
    assert PracticeObservation.objects.count() == 1  # kept, not deleted


@pytest.mark.parametrize("reason", ["", "Off sick."])
def test_cancelling_needs_a_reason(council, reason):
    observation = plan(council)
    with pytest.raises(ValidationError) as error:
        observations.cancel_observation(observation, by=council["team_manager"], reason=reason)
    assert "Enter why the observation is cancelled" in refused(error, "reason")
    observation.refresh_from_db()
    assert observation.status == Status.PLANNED


@pytest.mark.parametrize("role", ["social_worker", "practitioner", "complaints_officer"])
def test_others_cannot_cancel(council, role):
    observation = plan(council)
    with pytest.raises(ValidationError) as error:
        observations.cancel_observation(observation, by=council[role], reason=REASON)
    assert "Only the observer, whoever planned the observation" in refused(error, "__all__")
    observation.refresh_from_db()
    assert observation.status == Status.PLANNED


def test_a_recorded_or_cancelled_observation_is_not_cancelled(council, recorded):
    with pytest.raises(ValidationError) as error:
        observations.cancel_observation(recorded, by=council["team_manager"], reason=REASON)
    assert "already recorded" in refused(error, "__all__")
    planned = plan(council)
    observations.cancel_observation(planned, by=council["team_manager"], reason=REASON)
    with pytest.raises(ValidationError) as error:
        observations.cancel_observation(planned, by=council["team_manager"], reason=REASON)
    assert "was cancelled on" in refused(error, "__all__")


# --- Who sees what ---------------------------------------------------------------------------


def observation_url(observation) -> str:
    return reverse("observation", args=[observation.pk])


@pytest.fixture
def eh_manager(council):
    return WorkerFactory(
        role=Role.TEAM_MANAGER, team=council.eh_team, user=UserFactory(username="eh_manager")
    )


@pytest.fixture
def eh_head(council):
    return WorkerFactory(
        role=Role.HEAD_OF_SERVICE,
        team=None,
        service=council.eh_team.service,
        user=UserFactory(username="eh_head"),
    )


@pytest.mark.parametrize(
    "role",
    ["social_worker", "team_manager", "head_of_service", "assistant_director", "qa_officer"],
)
def test_the_worker_the_observer_their_managers_and_qa_see_it(council, recorded, signed_in, role):
    response = signed_in(council[role]).get(observation_url(recorded))
    assert response.status_code == 200
    assert escape(DEVELOPMENT) in response.content.decode()


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
def test_everyone_else_is_refused(council, recorded, signed_in, role):
    for url in (observation_url(recorded), reverse("cancel_observation", args=[recorded.pk])):
        response = signed_in(council[role]).get(url)
        assert response.status_code == 403
        assert "Observations are seen by the worker observed" in response.content.decode()


def test_managers_of_other_teams_and_services_are_refused(recorded, eh_manager, eh_head, signed_in):
    for manager in (eh_manager, eh_head):
        assert signed_in(manager).get(observation_url(recorded)).status_code == 403


def test_the_observed_worker_sees_planned_ones_too(council, signed_in):
    observation = plan(council)
    page = signed_in(council["social_worker"]).get(observation_url(observation)).content.decode()
    assert "Observation of your practice" in page and "Record the observation" not in page


def test_the_childs_name_only_for_those_who_may_see_the_child(council, sc_child, signed_in):
    observation = plan(council, child_id=sc_child.local_id)
    page = signed_in(council["team_manager"]).get(observation_url(observation)).content.decode()
    assert "Ruby Ashworth" in page
    sc_child.is_restricted = True
    sc_child.save()
    for role in ("team_manager", "social_worker", "qa_officer"):
        page = signed_in(council[role]).get(observation_url(observation)).content.decode()
        assert "Ruby" not in page and "case you do not have access to" in page
        mine = signed_in(council[role]).get(reverse("my_observations")).content.decode()
        assert "Ruby" not in mine


# --- The pages -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role",
    [
        "social_worker",
        "practitioner",
        "complaints_officer",
        "participation_officer",
        "external_lead",
        "reviewer",
        "administrator",
    ],
)
def test_the_programme_and_planning_are_for_managers_and_qa(council, signed_in, role):
    client = signed_in(council[role])
    assert client.get(reverse("observation_programme")).status_code == 403
    assert client.get(reverse("plan_observation")).status_code == 403
    assert client.post(reverse("plan_observation"), {}).status_code == 403


def test_each_sees_the_programme_for_their_scope(council, signed_in, eh_manager):
    mine = plan(council)
    theirs = plan(
        council,
        by=council["qa_officer"],
        observer=council["qa_officer"],
        observed=council["practitioner"],
    )
    seen = {
        "team_manager": {mine},
        "head_of_service": {mine},
        "qa_officer": {mine, theirs},
        "assistant_director": {mine, theirs},
    }
    for role, expected in seen.items():
        page = signed_in(council[role]).get(reverse("observation_programme")).content.decode()
        for observation in (mine, theirs):
            assert (f'id="observation-{observation.pk}"' in page) == (observation in expected)
    page = signed_in(eh_manager).get(reverse("observation_programme")).content.decode()
    assert f'id="observation-{theirs.pk}"' in page and f'id="observation-{mine.pk}"' not in page


def count(page: str, name: str) -> int:
    return int(page.split(f'id="count-{name}">')[1].split("<")[0])


def test_the_programme_counts_planned_done_and_overdue(council, recorded):
    plan(council, days_ago=10, planned_on=today() - dt.timedelta(days=1))  # overdue
    plan(council)  # next week
    cancelled = plan(council)
    observations.cancel_observation(cancelled, by=council["team_manager"], reason=REASON)
    plan(council, by=council["qa_officer"], observed=council["practitioner"])
    qa = council["qa_officer"].user
    window = {"start": today() - dt.timedelta(days=30), "end": today() + dt.timedelta(days=30)}
    sc = selectors.programme(qa, **window, today=today(), team_id=council.sc_team.pk).counts
    assert (sc.planned, sc.done, sc.overdue, sc.cancelled, sc.to_come) == (3, 1, 1, 1, 1)
    everyone = selectors.programme(qa, **window, today=today()).counts
    assert everyone.planned == 4
    later = selectors.programme(
        qa,
        start=today() + dt.timedelta(days=60),
        end=today() + dt.timedelta(days=90),
        today=today(),
    )
    assert later.observations == [] and later.counts.planned == 0


def test_the_programme_page_filters_by_team_and_month(council, signed_in):
    sc = plan(council, planned_on=today())
    eh = plan(
        council, by=council["qa_officer"], observed=council["practitioner"], planned_on=today()
    )
    client = signed_in(council["qa_officer"])
    url = reverse("observation_programme")
    page = client.get(url).content.decode()  # this quarter, all teams
    assert f'id="observation-{sc.pk}"' in page and f'id="observation-{eh.pk}"' in page
    assert count(page, "planned") == 2 and count(page, "to-come") == 2
    month = f"{today():%Y-%m}"
    page = client.get(url, {"team": council.eh_team.pk, "period": month}).content.decode()
    assert f'id="observation-{sc.pk}"' not in page and f'id="observation-{eh.pk}"' in page
    assert f"{today():%B %Y}" in page and count(page, "planned") == 1
    next_year = f"{today().year + 2}-01"  # not offered: falls back to this quarter
    assert client.get(url, {"period": next_year}).status_code == 200


def test_the_programme_query_count_does_not_grow(council, signed_in, sc_child, eh_child):
    client = signed_in(council["qa_officer"])
    url = reverse("observation_programme")
    plan(council, child_id=sc_child.local_id)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(12):
        child = sc_child if n % 2 else eh_child
        observed = council["social_worker"] if n % 2 else council["practitioner"]
        observation = plan(
            council,
            by=council["qa_officer"],
            observer=council["qa_officer"] if n % 3 else council["head_of_service"],
            observed=observed,
            child_id=child.local_id,
            days_ago=n % 4 + 1,
            planned_on=today() - dt.timedelta(days=n % 4),
        )
        if n % 3 == 0:
            observations.cancel_observation(observation, by=council["qa_officer"], reason=REASON)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def date_fields(name: str, day: dt.date) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def test_planning_shows_errors_then_plans(council, signed_in):
    client = signed_in(council["team_manager"])
    url = reverse("plan_observation")
    page = client.get(url).content.decode()
    assert "Sam" not in page or "Worker observed" in page
    response = client.post(url, {"observer": council["team_manager"].pk})
    page = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in page
    assert "Select the worker whose practice is observed" in page
    assert "Enter the planned date" in page and "Select the setting" in page
    assert not PracticeObservation.objects.exists()
    day = today() + dt.timedelta(days=14)
    response = client.post(
        url,
        {
            "observed": council["social_worker"].pk,
            "observer": council["team_manager"].pk,
            "setting": ObservationSetting.TAF_MEETING,
            **date_fields("planned_on", day),
        },
    )
    observation = PracticeObservation.objects.get()
    assert response.status_code == 302 and response.url == observation_url(observation)
    assert observation.planned_on == day and observation.setting == ObservationSetting.TAF_MEETING


def test_a_team_manager_can_only_choose_their_own_teams_workers(council, signed_in):
    page = signed_in(council["team_manager"]).get(reverse("plan_observation")).content.decode()
    assert f'value="{council["social_worker"].pk}"' in page
    assert f'value="{council["practitioner"].pk}"' not in page


def test_recording_and_responding_through_the_pages(council, signed_in, due):
    manager = signed_in(council["team_manager"])
    record_url = reverse("record_observation", args=[due.pk])
    page = manager.post(record_url, {"grade": "none"}).content.decode()
    assert "govuk-error-summary" in page and "Enter what was seen" in page
    response = manager.post(
        record_url,
        {
            **date_fields("observed_on", today()),
            "what_was_seen": SEEN,
            "strengths": STRENGTHS,
            "development_points": DEVELOPMENT,
            "grade": "2",
        },
    )
    assert response.status_code == 302
    due.refresh_from_db()
    assert due.status == Status.RECORDED and due.grade == Grade.GOOD

    worker = signed_in(council["social_worker"])
    tasks = worker.get(reverse("audit_tasks")).content.decode()
    assert "Observations of your practice to reflect on (1)" in tasks
    assert (
        "1 observation of your practice waiting" in worker.get(reverse("my_work")).content.decode()
    )
    respond_url = reverse("respond_to_observation", args=[due.pk])
    assert "Enter your reflection" in worker.post(respond_url, {"response": ""}).content.decode()
    assert worker.post(respond_url, {"response": REFLECTION}).status_code == 302
    due.refresh_from_db()
    assert due.response == REFLECTION
    page = worker.get(observation_url(due)).content.decode()
    assert escape(REFLECTION) in page and "Save your reflection" not in page


def test_a_qa_officer_posting_a_record_is_refused_with_the_reason(council, signed_in, due):
    response = signed_in(council["qa_officer"]).post(
        reverse("record_observation", args=[due.pk]),
        {
            **date_fields("observed_on", today()),
            "what_was_seen": SEEN,
            "strengths": STRENGTHS,
            "development_points": DEVELOPMENT,
        },
    )
    assert "the observer, can record this observation" in response.content.decode()
    due.refresh_from_db()
    assert due.status == Status.PLANNED


def test_cancelling_through_the_page(council, signed_in):
    observation = plan(council)
    assert (
        signed_in(council["social_worker"])
        .get(reverse("cancel_observation", args=[observation.pk]))
        .status_code
        == 403
    )
    client = signed_in(council["team_manager"])
    url = reverse("cancel_observation", args=[observation.pk])
    assert (
        "Enter why the observation is cancelled"
        in client.post(url, {"reason": ""}).content.decode()
    )
    assert client.post(url, {"reason": REASON}).status_code == 302
    observation.refresh_from_db()
    assert observation.status == Status.CANCELLED


def test_my_observations_as_observed_and_as_observer(council, signed_in, recorded):
    plan(council)
    page = signed_in(council["social_worker"]).get(reverse("my_observations")).content.decode()
    assert "Observations of your practice (2)" in page
    assert "waiting for your reflection" in page
    page = signed_in(council["team_manager"]).get(reverse("my_observations")).content.decode()
    assert "Observations for you to carry out (1)" in page
    assert "Observations you carried out or cancelled (1)" in page
    page = signed_in(council["complaints_officer"]).get(reverse("my_observations"))
    assert page.status_code == 200


# --- The demo council ------------------------------------------------------------------------


def test_a_years_programme_for_the_demo_council(tiny_council):
    from tests.tiny_council import AS_OF

    def seeded(seed: int) -> list[tuple]:
        with transaction.atomic():
            PracticeObservation.history.all().delete()
            PracticeObservation.objects.all().delete()
            planned = seed_observations(as_of=AS_OF, rng=random.Random(seed))
            rows = list(
                PracticeObservation.objects.order_by("pk").values_list(
                    "observer_id", "observed_id", "planned_on", "status", "grade"
                )
            )
            transaction.set_rollback(True)
        assert planned == len(rows)
        return rows

    rows = seeded(11)
    assert rows == seeded(11) and rows != seeded(12)
    statuses = [status for _, _, _, status, _ in rows]
    assert statuses.count(Status.RECORDED) > len(rows) / 2
    assert Status.CANCELLED in statuses
    assert any(s == Status.PLANNED and day < AS_OF for _, _, day, s, _ in rows)  # overdue
