"""The statutory social care records (R12): single assessments, strategy discussions and section
47 enquiries, initial conferences that start CP plans, CP reviews and ending plans — through the
services and the pages, with every bad input refused and nothing half-saved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from journey.cases.services import close_episode
from journey.casework.models import Assessment, Meeting, Plan, PlanReview, Section47
from journey.casework.services import start_plan
from journey.casework.statutory import services as statutory
from journey.casework.statutory.selectors import (
    initial_conference_date,
    number_of_previous_cp_plans,
    social_care_status,
)
from journey.casework.statutory.services import ConferenceDecision
from journey.chronology.models import ChronologyEntry
from journey.core.models import AccessEvent
from journey.core.working_days import add_months, add_working_days
from tests.casework.helpers import date_fields, error_summary, text_of
from tests.factories import make_child, make_episode

pytestmark = pytest.mark.django_db


def today() -> dt.date:
    return timezone.localdate()


def ago(days: int) -> dt.date:
    return today() - dt.timedelta(days=days)


@pytest.fixture
def episode(sc_child):
    """Ruby's social care episode, referred 60 days ago."""
    return sc_child.episodes.get()


@pytest.fixture
def sw(council):
    return council["social_worker"]


@pytest.fixture
def manager(council):
    return council["team_manager"]


def counts() -> tuple[int, ...]:
    return (
        Assessment.objects.count(),
        Meeting.objects.count(),
        Section47.objects.count(),
        Plan.objects.count(),
        PlanReview.objects.count(),
        ChronologyEntry.objects.count(),
    )


def refused(call, field: str, *args, **kwargs) -> str:
    before = counts()
    with pytest.raises(ValidationError) as error:
        call(*args, **kwargs)
    assert counts() == before, "nothing is saved when a service refuses"
    assert field in error.value.message_dict, error.value.message_dict
    return error.value.message_dict[field][0]


def enquiry_for(episode, sw, strategy_days_ago=40, started_days_ago=39) -> Section47:
    statutory.record_strategy_discussion(
        episode=episode,
        held_on=ago(strategy_days_ago),
        summary="Police, school and social care shared what they knew.",
        section47_started_on=ago(started_days_ago),
        recorded_by=sw.user,
    )
    return episode.section47s.get()


def cp_plan_for(episode, sw, held_days_ago=30, category="NEG") -> Plan:
    enquiry = enquiry_for(episode, sw)
    statutory.hold_initial_conference(
        episode=episode,
        held_on=ago(held_days_ago),
        decision=ConferenceDecision.CP_PLAN,
        category=category,
        section47=enquiry,
        recorded_by=sw.user,
    )
    return episode.plans.get(kind=Plan.Kind.CP)


# --- Single assessment ------------------------------------------------------------------------


def test_a_single_assessment_is_started_with_factors_and_authorised_by_a_manager(
    episode, sw, manager
):
    assessment = statutory.start_single_assessment(
        episode=episode, started_on=ago(55), factors=["3A"], recorded_by=sw.user
    )
    statutory.record_assessment_factors(
        assessment, factors=["3A", "4B"], internal_review_on=ago(40), by=sw.user
    )
    statutory.authorise_single_assessment(
        assessment, authorised_on=ago(20), outcome="cin_plan", manager=manager
    )
    assessment.refresh_from_db()
    assert (assessment.started_on, assessment.internal_review_on) == (ago(55), ago(40))
    assert (assessment.completed_on, assessment.authorised_by) == (ago(20), manager)
    assert assessment.factors == ["3A", "4B"] and assessment.requires_support is True
    cin = episode.plans.get()
    assert (cin.kind, cin.started_on) == (Plan.Kind.CIN, ago(20)), "support starts a CIN plan"
    titles = list(
        ChronologyEntry.objects.filter(source_model="assessment").values_list("title", flat=True)
    )
    assert "Social care single assessment started" in titles
    assert any(t.startswith("Social care single assessment authorised") for t in titles)
    assert assessment.history.count() == 3


def test_authorisation_is_refused_to_a_social_worker(episode, sw):
    assessment = statutory.start_single_assessment(
        episode=episode, started_on=ago(50), factors=["3A"], recorded_by=sw.user
    )
    message = refused(
        statutory.authorise_single_assessment,
        "__all__",
        assessment,
        authorised_on=ago(1),
        outcome="nfa",
        manager=sw,
    )
    assert message == "Only a manager can authorise a single assessment"


@pytest.mark.parametrize(
    "kwargs, field, message",
    [
        ({"authorised_on": None}, "authorised_on", "Enter the authorisation date"),
        ({"authorised_on": "+1"}, "authorised_on", "must be today or in the past"),
        ({"authorised_on": "-1"}, "authorised_on", "on or after the start of the assessment"),
        ({"factors": ["99Z"]}, "factors", "is not a DfE assessment factor"),
        ({"factors": ["21", "3A"]}, "factors", "cannot be chosen with other factors"),
        ({"factors": []}, "factors", "Select the factors identified"),
        ({"outcome": "maybe"}, "outcome", "Select a valid outcome"),
    ],
)
def test_bad_authorisations_are_refused(episode, sw, manager, kwargs, field, message):
    assessment = statutory.start_single_assessment(
        episode=episode, started_on=ago(30), recorded_by=sw.user
    )
    day = kwargs.get("authorised_on", ago(2))
    if day == "+1":
        day = today() + dt.timedelta(days=1)
    elif day == "-1":
        day = ago(31)
    args = {"authorised_on": day, "outcome": "nfa", "factors": ["3A"], **kwargs}
    args["authorised_on"] = day
    text = refused(
        statutory.authorise_single_assessment, field, assessment, manager=manager, **args
    )
    assert message in text


def test_an_assessment_cannot_start_before_the_referral_or_in_the_future_or_twice(episode, sw):
    assert "on or after the referral date" in refused(
        statutory.start_single_assessment,
        "started_on",
        episode=episode,
        started_on=ago(61),
        recorded_by=sw.user,
    )
    assert "today or in the past" in refused(
        statutory.start_single_assessment,
        "started_on",
        episode=episode,
        started_on=today() + dt.timedelta(days=1),
        recorded_by=sw.user,
    )
    statutory.start_single_assessment(episode=episode, started_on=ago(50), recorded_by=sw.user)
    assert "authorise it before starting another" in refused(
        statutory.start_single_assessment,
        "__all__",
        episode=episode,
        started_on=ago(10),
        recorded_by=sw.user,
    )


# --- Strategy discussion and section 47 -----------------------------------------------------


def test_a_strategy_discussion_starts_a_section_47_with_its_conference_target(episode, sw):
    enquiry = enquiry_for(episode, sw)
    assert enquiry.strategy_discussion.kind == Meeting.Kind.STRATEGY
    assert enquiry.strategy_on == ago(40) and enquiry.started_on == ago(39)
    assert enquiry.icpc_target_on == add_working_days(ago(40), 15)
    assert not enquiry.icpc_not_required
    assert ChronologyEntry.objects.filter(title="Section 47 enquiry started").count() == 1
    assert ChronologyEntry.objects.filter(title="Strategy discussion").count() == 1


def test_a_section_47_cannot_start_before_its_strategy_discussion(episode, sw):
    message = refused(
        statutory.record_strategy_discussion,
        "started_on",
        episode=episode,
        held_on=ago(20),
        summary="Agreed an enquiry.",
        section47_started_on=ago(21),
        recorded_by=sw.user,
    )
    assert message.startswith("The enquiry start date must be on or after the strategy discussion")


def test_a_second_section_47_waits_for_the_first(episode, sw):
    enquiry_for(episode, sw)
    assert "finish it before starting another" in refused(
        statutory.record_strategy_discussion,
        "__all__",
        episode=episode,
        held_on=ago(10),
        summary="A second strategy discussion.",
        section47_started_on=ago(10),
        recorded_by=sw.user,
    )


def test_a_section_47_ending_in_a_cin_plan_starts_one(episode, sw):
    enquiry = enquiry_for(episode, sw)
    statutory.record_section47_outcome(
        enquiry, outcome="cin_plan", completed_on=ago(30), by=sw.user, note="Needs support."
    )
    enquiry.refresh_from_db()
    assert enquiry.icpc_not_required
    plan = episode.plans.get()
    assert (plan.kind, plan.started_on) == (Plan.Kind.CIN, ago(30))


def test_a_section_47_outcome_before_it_started_is_refused(episode, sw):
    enquiry = enquiry_for(episode, sw)
    assert "on or after the start of the enquiry" in refused(
        statutory.record_section47_outcome,
        "completed_on",
        enquiry,
        outcome="nfa",
        completed_on=ago(45),
        by=sw.user,
    )


# --- The initial conference and the CP plan -------------------------------------------------


def test_an_icpc_starts_a_cp_plan_replacing_the_cin_plan(episode, sw):
    cin = start_plan(episode=episode, kind="cin", started_on=ago(50), recorded_by=sw.user)
    plan = cp_plan_for(episode, sw, held_days_ago=30, category="EMO")
    cin.refresh_from_db()
    assert cin.ended_on == ago(30)
    assert (plan.started_on, plan.initial_category, plan.latest_category) == (ago(30), "EMO", "EMO")
    assert plan.review_due_on == add_months(ago(30), 3)
    enquiry = episode.section47s.get()
    assert enquiry.conference == plan.conference and enquiry.outcome == "icpc"
    assert initial_conference_date(episode) == ago(30)
    assert number_of_previous_cp_plans(plan) == 0
    assert ChronologyEntry.objects.filter(
        title="Initial child protection conference: child protection plan (emotional abuse)"
    ).exists()


def test_an_icpc_before_the_section_47_started_is_refused(episode, sw):
    enquiry = enquiry_for(episode, sw)
    assert "on or after the section 47 enquiry started" in refused(
        statutory.hold_initial_conference,
        "held_on",
        episode=episode,
        held_on=ago(40),
        decision="cp",
        category="NEG",
        section47=enquiry,
        recorded_by=sw.user,
    )


def test_a_cp_plan_needs_a_category(episode, sw):
    enquiry = enquiry_for(episode, sw)
    assert (
        refused(
            statutory.hold_initial_conference,
            "category",
            episode=episode,
            held_on=ago(30),
            decision="cp",
            section47=enquiry,
            recorded_by=sw.user,
        )
        == "Select a valid category of abuse from the list"
    )


def test_a_second_open_cp_plan_is_refused(episode, sw):
    cp_plan_for(episode, sw)
    assert "review that plan instead" in refused(
        statutory.hold_initial_conference,
        "decision",
        episode=episode,
        held_on=ago(5),
        decision="cp",
        category="PHY",
        recorded_by=sw.user,
    )
    assert "already on a child protection plan" in refused(
        start_plan,
        "kind",
        episode=episode,
        kind="cp",
        started_on=ago(5),
        initial_category="PHY",
        recorded_by=sw.user,
    )


def test_an_icpc_on_closed_work_is_refused(episode, sw, manager):
    close_episode(episode, ended_on=ago(1), reason="RC8", note="", closed_by=manager.user)
    assert "closed" in refused(
        statutory.hold_initial_conference,
        "__all__",
        episode=episode,
        held_on=ago(5),
        decision="cp",
        category="NEG",
        recorded_by=sw.user,
    )


def test_an_icpc_in_the_future_is_refused(episode, sw):
    assert "today or in the past" in refused(
        statutory.hold_initial_conference,
        "held_on",
        episode=episode,
        held_on=today() + dt.timedelta(days=2),
        decision="cp",
        category="NEG",
        recorded_by=sw.user,
    )


# --- Reviews and ending the plan --------------------------------------------------------------


def test_a_review_sets_the_next_due_date_and_the_latest_category(episode, sw):
    plan = cp_plan_for(episode, sw, held_days_ago=30)
    review = statutory.review_cp_plan(plan, reviewed_on=ago(2), category="MUL", by=sw.user)
    plan.refresh_from_db()
    assert review.meeting.kind == Meeting.Kind.RCPC
    assert (plan.initial_category, plan.latest_category) == ("NEG", "MUL")
    assert plan.review_due_on == add_months(ago(2), 6)
    assert ChronologyEntry.objects.filter(
        title="Child protection plan reviewed; category now multiple/not recommended"
    ).exists()


def test_a_review_on_or_before_the_plan_start_is_refused(episode, sw):
    plan = cp_plan_for(episode, sw, held_days_ago=30)
    assert "after the plan start" in refused(
        statutory.review_cp_plan, "reviewed_on", plan, reviewed_on=ago(30), by=sw.user
    )
    statutory.review_cp_plan(plan, reviewed_on=ago(10), by=sw.user)
    assert "after the last review" in refused(
        statutory.review_cp_plan, "reviewed_on", plan, reviewed_on=ago(12), by=sw.user
    )


def test_ending_a_plan_and_counting_previous_plans(episode, sw, manager):
    plan = cp_plan_for(episode, sw, held_days_ago=30)
    assert "after the plan start" in refused(
        statutory.end_plan, "ended_on", plan, ended_on=ago(30), note="Safe now.", by=sw.user
    )
    assert refused(statutory.end_plan, "note", plan, ended_on=ago(5), by=sw.user)
    statutory.end_plan(plan, ended_on=ago(5), note="Risks reduced.", by=sw.user)
    plan.refresh_from_db()
    assert plan.ended_on == ago(5) and plan.review_due_on is None
    second = statutory.hold_initial_conference(
        episode=episode, held_on=ago(2), decision="cp", category="PHY", recorded_by=sw.user
    )
    assert number_of_previous_cp_plans(second.plans_started.get()) == 1


# --- Status -----------------------------------------------------------------------------------


def test_the_status_is_derived_from_the_open_records(episode, sw):
    def lines():
        return [line.text for line in social_care_status(episode, today())]

    assert lines() == ["Referral: no assessment started"]
    statutory.start_single_assessment(episode=episode, started_on=ago(55), recorded_by=sw.user)
    assert lines() == [f"Assessment since {ago(55):%-d %B %Y}"]
    enquiry_for(episode, sw)
    assert lines()[0].startswith(f"Section 47 enquiry since {ago(39):%-d %B %Y}")
    statutory.hold_initial_conference(
        episode=episode,
        held_on=ago(30),
        decision="cp",
        category="NEG",
        section47=episode.section47s.get(),
        recorded_by=sw.user,
    )
    assert lines()[0] == f"Child protection plan since {ago(30):%-d %B %Y} (neglect)"


# --- The pages ----------------------------------------------------------------------------------


def test_the_social_worker_records_the_strategy_s47_and_icpc_through_the_pages(
    episode, sw, signed_in
):
    client = signed_in(sw)
    child_page = client.get(reverse("child", args=[episode.child_id]))
    assert reverse("social_care_record", args=[episode.pk]) in child_page.content.decode()
    url = reverse("record_strategy_discussion", args=[episode.pk])
    response = client.post(
        url,
        {
            **date_fields("held_on", ago(10)),
            "summary": "Police and school shared concerns.",
            "start_enquiry": "yes",
            **date_fields("started_on", ago(9)),
        },
    )
    assert response.status_code == 302
    response = client.post(
        reverse("record_initial_conference", args=[episode.pk]),
        {**date_fields("held_on", ago(2)), "decision": "cp", "category": "PHY"},
    )
    assert response.status_code == 302
    record = text_of(client.get(reverse("social_care_record", args=[episode.pk])))
    assert f"Child protection plan since {ago(2):%-d %B %Y} (physical abuse)" in record
    assert "Record a review" in record


def test_the_pages_explain_bad_input_in_an_error_summary(episode, sw, signed_in):
    client = signed_in(sw)
    response = client.post(
        reverse("record_strategy_discussion", args=[episode.pk]),
        {
            **date_fields("held_on", ago(10)),
            "summary": "Discussed.",
            "start_enquiry": "yes",
            **date_fields("started_on", ago(12)),
        },
    )
    assert response.status_code == 200
    summary = error_summary(response)
    assert any("on or after the strategy discussion" in message for message in summary)
    assert not Meeting.objects.exists()
    response = client.post(
        reverse("record_initial_conference", args=[episode.pk]),
        {**date_fields("held_on", ago(2)), "decision": "cp", "category": ""},
    )
    assert "Select a valid category of abuse from the list" in error_summary(response)


def test_only_a_manager_can_authorise_through_the_page(episode, sw, manager, signed_in):
    assessment = statutory.start_single_assessment(
        episode=episode, started_on=ago(40), factors=["3A"], recorded_by=sw.user
    )
    url = reverse("single_assessment", args=[episode.pk, assessment.pk])
    data = {
        "action": "authorise",
        **{f"authorise-{k}": v for k, v in date_fields("authorised_on", ago(1)).items()},
        "authorise-outcome": "cin_plan",
        "authorise-factors": ["3A"],
    }
    assert signed_in(sw).post(url, data).status_code == 403
    assert AccessEvent.objects.filter(action=AccessEvent.Action.DENIED).exists()
    assert signed_in(manager).post(url, data).status_code == 302
    assessment.refresh_from_db()
    assert assessment.completed_on == ago(1) and assessment.authorised_by == manager


@pytest.mark.parametrize("role", ["external_lead", "qa_officer", "reviewer"])
def test_partners_and_read_only_roles_cannot_record_social_care(episode, council, signed_in, role):
    client = signed_in(council[role])
    response = client.post(
        reverse("record_strategy_discussion", args=[episode.pk]),
        {**date_fields("held_on", ago(3)), "summary": "x", "start_enquiry": "no"},
    )
    assert response.status_code in (403, 404)
    assert not Meeting.objects.exists()


def test_a_partner_never_sees_the_social_care_record(episode, council, signed_in):
    response = signed_in(council["external_lead"]).get(
        reverse("social_care_record", args=[episode.pk])
    )
    assert response.status_code == 403


def test_a_social_worker_from_another_team_cannot_see_the_record(episode, council, signed_in):
    response = signed_in(council["other_social_worker"]).get(
        reverse("social_care_record", args=[episode.pk])
    )
    assert response.status_code == 403


def test_recording_on_closed_work_says_it_is_closed(episode, sw, manager, signed_in):
    close_episode(episode, ended_on=ago(1), reason="RC8", note="", closed_by=manager.user)
    response = signed_in(manager).get(reverse("record_initial_conference", args=[episode.pk]))
    assert response.status_code == 409


def test_an_early_help_episode_has_no_social_care_record(council, signed_in):
    child = make_child(council["practitioner"])
    eh = make_episode(
        child, council["practitioner"], kind="eh_caf", allocate_to=council["practitioner"]
    )
    response = signed_in(council["team_manager"]).get(reverse("social_care_record", args=[eh.pk]))
    assert response.status_code in (403, 404)


def test_social_care_cannot_close_with_an_enquiry_under_way(episode, sw, manager):
    close = {"ended_on": ago(1), "reason": "RC8", "note": "", "closed_by": manager.user}
    enquiry_for(episode, sw)
    assert "has no outcome yet" in refused(close_episode, "__all__", episode, **close)
    statutory.record_section47_outcome(
        episode.section47s.get(), outcome="nfa", completed_on=ago(30), by=sw.user
    )
    close_episode(episode, **close)
    episode.refresh_from_db()
    assert episode.ended_on == ago(1)


def test_the_manager_is_warned_before_authorising_an_assessment_without_the_childs_views(
    episode, sw, manager, signed_in
):
    assessment = statutory.start_single_assessment(
        episode=episode, started_on=ago(40), factors=["3A"], recorded_by=sw.user
    )
    url = reverse("single_assessment", args=[episode.pk, assessment.pk])
    page = text_of(signed_in(manager).get(url))
    assert "The assessment does not record Ruby's views, or why they were not obtained" in page
    assert "does not record" not in text_of(signed_in(sw).get(url)), "only where they authorise"
    assessment.child_views = "I want Mum to stop shouting."
    assessment.child_views_method = "talking"
    assessment.save()
    page = text_of(signed_in(manager).get(url))
    assert "does not record" not in page
    assert "Ruby's views (talking with the child) I want Mum to stop shouting." in page
