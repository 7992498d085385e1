"""Referrals to partner services: each write checks first, names the field and saves nothing
when anything is wrong; each puts its entry on the child's chronology; nothing is deleted."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from journey.chronology.models import ChronologyEntry, EntryKind
from journey.partner_services import services
from journey.partner_services.models import Escalation, Referral
from tests.partner_services.conftest import TODAY, accept, days_ago, refer

pytestmark = pytest.mark.django_db

FUTURE = TODAY() + dt.timedelta(days=2)


@pytest.fixture
def worker(council):
    return council["social_worker"]


@pytest.fixture
def referral(sc_child, camhs, worker):
    return refer(sc_child, camhs, worker)


def snapshot():
    return (
        list(Referral.objects.order_by("pk").values()),
        list(Escalation.objects.order_by("pk").values()),
        Referral.history.count(),
        Escalation.history.count(),
        ChronologyEntry.objects.count(),
    )


def refused(call, **kwargs) -> dict[str, list[str]]:
    """Call a service that must refuse: the errors by field, after checking nothing changed."""
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        call(**kwargs)
    assert snapshot() == before
    return error.value.message_dict


def entries(child) -> list[str]:
    return list(
        ChronologyEntry.objects.filter(child=child, kind=EntryKind.PARTNER_SERVICE)
        .order_by("occurred_at", "pk")
        .values_list("title", flat=True)
    )


def test_a_referral_from_start_to_outcome_tells_its_story(sc_child, camhs, worker):
    referral = refer(sc_child, camhs, worker, on=days_ago(200), reason="Self-harm at school")
    accept(referral, worker, on=days_ago(180))
    step = services.escalate(
        referral,
        services.EscalationInput(
            escalated_on=days_ago(100),
            to_whom="Dr Shah, CAMHS service manager",
            level="manager",
            asked="A date for the first appointment, please",
        ),
        by=worker.user,
    )
    services.record_escalation_response(
        step,
        response="Booked for next month",
        responded_on=days_ago(95),
        resolved=True,
        by=worker.user,
    )
    services.record_first_appointment(referral, seen_on=days_ago(60), by=worker.user)
    services.record_outcome(
        referral, outcome="Eight sessions of CBT", outcome_on=days_ago(10), by=worker.user
    )
    referral.refresh_from_db()
    assert referral.waiting_days(TODAY()) == 140
    assert referral.status == "Outcome recorded"
    assert entries(sc_child) == [
        "Referred to CAMHS",
        "CAMHS accepted the referral",
        "Escalated to Dr Shah, CAMHS service manager (manager) about the referral to CAMHS",
        "Dr Shah, CAMHS service manager responded to the escalation about CAMHS; resolved",
        "First appointment with CAMHS, 140 days after the referral",
        "Outcome of the referral to CAMHS",
    ]
    assert Escalation.objects.get().resolved_on == days_ago(95)


def test_one_still_waiting_has_the_days_so_far(sc_child, camhs, worker):
    referral = accept(refer(sc_child, camhs, worker, on=days_ago(75)), worker)
    assert referral.is_waiting and referral.waiting_days(TODAY()) == 75


def test_a_withdrawn_referral_is_kept_with_its_reason_and_takes_nothing_more(referral, worker):
    services.withdraw(referral, withdrawn_on=TODAY(), reason="Family moved away", by=worker.user)
    referral.refresh_from_db()
    assert referral.status == "Withdrawn" and referral.waiting_days(TODAY()) is None
    assert Referral.objects.count() == 1
    assert entries(referral.child)[-1] == "Referral to CAMHS withdrawn"
    errors = refused(
        services.record_response,
        referral=referral,
        response="accepted",
        responded_on=TODAY(),
        note="",
        by=worker.user,
    )
    assert errors["response"] == [
        f"This referral was withdrawn on {TODAY():%-d %B %Y}: a response cannot be recorded on it"
    ]
    assert (
        "withdrawn"
        in refused(
            services.escalate,
            referral=referral,
            data=services.EscalationInput(TODAY(), "Dr Shah", "manager", "A date"),
            by=worker.user,
        )["escalated_on"][0]
    )
    assert (
        "already withdrawn"
        in refused(
            services.withdraw,
            referral=referral,
            withdrawn_on=TODAY(),
            reason="Again",
            by=worker.user,
        )["withdrawn_reason"][0]
    )


# --- Each bad input, named ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"service": None}, "service", "Select the service you referred to"),
        ({"referred_on": None}, "referred_on", "Enter the date referred"),
        ({"referred_on": FUTURE}, "referred_on", "The date referred must be today or in the past"),
        (
            {"referred_on": dt.date(2010, 1, 1)},
            "referred_on",
            "The date referred must be on or after Ruby's birth",
        ),
        ({"reason": " "}, "reason", "Enter the reason for the referral"),
    ],
)
def test_a_bad_referral_is_refused(sc_child, camhs, worker, data, field, message):
    values = {"service": camhs, "referred_on": days_ago(5), "reason": "Low mood", **data}
    errors = refused(
        services.refer, child=sc_child, data=services.ReferralInput(**values), by=worker.user
    )
    assert errors[field][0].startswith(message)


def test_a_second_open_referral_to_the_same_service_is_refused(referral, camhs, worker):
    errors = refused(
        services.refer,
        child=referral.child,
        data=services.ReferralInput(camhs, TODAY(), "Again"),
        by=worker.user,
    )
    assert errors["service"] == [
        f"Ruby already has an open referral to CAMHS from {referral.referred_on:%-d %B %Y}: "
        "record on that one"
    ]


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"response": ""}, "response", "Select whether the service accepted or declined"),
        ({"responded_on": None}, "responded_on", "Enter the date of the response"),
        ({"responded_on": FUTURE}, "responded_on", "The date of the response must be today"),
        (
            {"responded_on": days_ago(101)},
            "responded_on",
            "The date of the response must be on or after the date referred",
        ),
        ({"response": "declined", "note": ""}, "response_note", "Say why the service declined"),
    ],
)
def test_a_bad_response_is_refused(referral, worker, kwargs, field, message):
    values = {"response": "accepted", "responded_on": days_ago(90), "note": "", **kwargs}
    errors = refused(services.record_response, referral=referral, by=worker.user, **values)
    assert errors[field][0].startswith(message)


def test_a_response_is_recorded_once(referral, worker):
    accept(referral, worker)
    errors = refused(
        services.record_response,
        referral=referral,
        response="declined",
        responded_on=TODAY(),
        note="Changed their mind",
        by=worker.user,
    )
    assert errors["response"][0].startswith("The service's response is already recorded")


@pytest.mark.parametrize(
    ("response", "seen_on", "message"),
    [
        ("", days_ago(50), "Record that the service accepted the referral first"),
        ("declined", days_ago(50), "The service declined this referral"),
        (
            "accepted",
            days_ago(101),
            "The date of the first appointment must be on or after the date referred",
        ),
        ("accepted", FUTURE, "The date of the first appointment must be today or in the past"),
        ("accepted", None, "Enter the date of the first appointment"),
    ],
)
def test_a_bad_first_appointment_is_refused(referral, worker, response, seen_on, message):
    if response:
        services.record_response(
            referral, response=response, responded_on=days_ago(95), note="No", by=worker.user
        )
    errors = refused(
        services.record_first_appointment, referral=referral, seen_on=seen_on, by=worker.user
    )
    assert errors["first_appointment_on"][0].startswith(message)


def escalation(**changes) -> services.EscalationInput:
    values = {
        "escalated_on": days_ago(30),
        "to_whom": "Dr Shah, CAMHS service manager",
        "level": "manager",
        "asked": "A date for the first appointment",
        **changes,
    }
    return services.EscalationInput(**values)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"response": "Booked for May"},
            "responded_on",
            "Enter the date they responded to the escalation",
        ),
        (
            {"responded_on": days_ago(20)},
            "response",
            "Enter what they said in response to the escalation",
        ),
        ({"resolved": True}, "resolved", "Record their response before marking"),
        (
            {"response": "Soon", "responded_on": days_ago(31)},
            "responded_on",
            "The date of their response must be on or after the escalation",
        ),
        ({"escalated_on": FUTURE}, "escalated_on", "The date escalated must be today or in"),
        ({"escalated_on": days_ago(101)}, "escalated_on", "The date escalated must be on or after"),
        ({"escalated_on": None}, "escalated_on", "Enter the date escalated"),
        ({"to_whom": ""}, "to_whom", "Enter who you escalated to"),
        ({"level": "mayor"}, "level", "Select the level you escalated to"),
        ({"asked": ""}, "asked", "Enter what you asked them to do"),
    ],
)
def test_a_bad_escalation_is_refused(referral, worker, changes, field, message):
    errors = refused(
        services.escalate, referral=referral, data=escalation(**changes), by=worker.user
    )
    assert errors[field][0].startswith(message)


def test_an_escalation_response_needs_its_date_and_resolving_closes_the_trail(referral, worker):
    first = services.escalate(referral, escalation(escalated_on=days_ago(40)), by=worker.user)
    second = services.escalate(
        referral, escalation(escalated_on=days_ago(20), level="head_of_service"), by=worker.user
    )
    errors = refused(
        services.record_escalation_response,
        step=second,
        response="We will see her next week",
        responded_on=None,
        resolved=True,
        by=worker.user,
    )
    assert errors["responded_on"] == ["Enter the date they responded to the escalation"]
    assert refused(
        services.record_escalation_response,
        step=second,
        response="Soon",
        responded_on=days_ago(21),
        resolved=False,
        by=worker.user,
    )["responded_on"][0].startswith("The date of their response must be on or after")
    services.record_escalation_response(
        second, response="Seen next week", responded_on=days_ago(10), resolved=True, by=worker.user
    )
    first.refresh_from_db()
    assert first.resolved_on == days_ago(10) and first.responded_on is None


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"outcome": ""}, "outcome", "Enter the outcome"),
        ({"outcome_on": None}, "outcome_on", "Enter the date of the outcome"),
        ({"outcome_on": FUTURE}, "outcome_on", "The date of the outcome must be today or in"),
        (
            {"outcome_on": days_ago(101)},
            "outcome_on",
            "The date of the outcome must be on or after the date referred",
        ),
    ],
)
def test_a_bad_outcome_is_refused(referral, worker, kwargs, field, message):
    values = {"outcome": "Discharged", "outcome_on": days_ago(5), **kwargs}
    errors = refused(services.record_outcome, referral=referral, by=worker.user, **values)
    assert errors[field][0].startswith(message)


def test_an_outcome_comes_after_the_first_appointment_and_closes_the_referral(referral, worker):
    accept(referral, worker)
    services.record_first_appointment(referral, seen_on=days_ago(30), by=worker.user)
    errors = refused(
        services.record_outcome,
        referral=referral,
        outcome="Discharged",
        outcome_on=days_ago(31),
        by=worker.user,
    )
    assert errors["outcome_on"][0].startswith(
        "The date of the outcome must be on or after the first appointment"
    )
    services.record_outcome(referral, outcome="Discharged", outcome_on=TODAY(), by=worker.user)
    assert (
        "closed"
        in refused(
            services.withdraw, referral=referral, withdrawn_on=TODAY(), reason="x", by=worker.user
        )["withdrawn_reason"][0]
    )
    assert (
        "closed"
        in refused(services.escalate, referral=referral, data=escalation(), by=worker.user)[
            "escalated_on"
        ][0]
    )


def test_a_declined_referral_has_no_outcome_but_may_be_escalated(referral, worker):
    services.record_response(
        referral,
        response="declined",
        responded_on=days_ago(90),
        note="Below threshold",
        by=worker.user,
    )
    assert refused(
        services.record_outcome,
        referral=referral,
        outcome="x",
        outcome_on=TODAY(),
        by=worker.user,
    )["outcome"][0].startswith("The service declined this referral")
    services.escalate(referral, escalation(), by=worker.user)
    assert referral.escalations.count() == 1


def test_a_withdrawal_needs_its_reason_and_date(referral, worker):
    errors = refused(
        services.withdraw, referral=referral, withdrawn_on=FUTURE, reason="", by=worker.user
    )
    assert errors == {
        "withdrawn_reason": ["Enter why the referral is withdrawn"],
        "withdrawn_on": ["The date withdrawn must be today or in the past"],
    }
