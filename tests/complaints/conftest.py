"""A complaint about Ruby Ashworth's social care, recorded by the complaints officer, with the
team manager named to respond."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from journey.complaints import services
from journey.complaints.models import Complaint
from journey.complaints.stages import services as stages

#: Long enough ago for every stage to have happened by today.
AGO = 120


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def complaint_input(council, children, **overrides) -> services.ComplaintInput:
    themes = services.ensure_themes()[:2]
    data = {
        "kind": Complaint.Kind.COMPLAINT,
        "procedure": "statutory",
        "procedure_reason": "",
        "received_on": days_ago(AGO),
        "route": "email",
        "complainant_name": "Dawn Ashworth",
        "complainant_type": "parent",
        "complainant_relationship": "Mother",
        "complainant_contact": "dawn@example.org",
        "children": children,
        "team": council.sc_team,
        "responders": [council["team_manager"]],
        "outcome_wanted": "An apology and a new social worker",
        "elements": [
            services.ElementInput("Nobody returned my calls for three weeks", themes[0]),
            services.ElementInput("The plan was changed without asking me", themes[1]),
        ],
    }
    return services.ComplaintInput(**{**data, **overrides})


def outcomes(complaint, outcome="upheld") -> list[stages.FindingInput]:
    return [stages.FindingInput(e, outcome) for e in complaint.elements.order_by("number")]


@pytest.fixture
def officer(council):
    return council["complaints_officer"]


@pytest.fixture
def complaint(council, sc_child, officer) -> Complaint:
    return services.record_complaint(complaint_input(council, [sc_child]), by=officer.user)


def respond(complaint, on: dt.date, by, outcome="upheld"):
    return stages.record_response(
        complaint,
        stages.ResponseInput(on, outcomes(complaint, outcome), "Dear Ms Ashworth, ..."),
        by=by.user,
    )


def to_stage_2(complaint, officer, answered_ago=AGO - 10, asked_ago=AGO - 15):
    respond(complaint, days_ago(answered_ago), officer)
    return stages.ask_for_next_stage(
        complaint, stages.NextStageInput(days_ago(asked_ago)), by=officer.user
    )


def investigate(complaint, officer, independent="Mr Independent"):
    return stages.record_investigation(
        complaint,
        stages.InvestigationInput(
            "Ms Investigator", independent, days_ago(AGO - 17), days_ago(AGO - 20)
        ),
        by=officer.user,
    )


@pytest.fixture
def plan_area(council):
    from journey.improvement import services as improvement
    from journey.improvement.models import Source

    head = council["head_of_service"]
    plan = improvement.create_plan(
        improvement.PlanInput(
            title="Improving practice",
            source=Source.values[0],
            owner=head,
            starts_on=days_ago(100),
            ends_on=days_ago(-300),
            purpose="Better practice",
        ),
        by=head.user,
    )
    return improvement.add_area(
        plan, improvement.AreaInput(title="Listening to families"), by=head.user
    )
