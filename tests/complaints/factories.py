"""Complaint records made directly, for the annual report and the measures' tests, until the
complaint workflow's services exist (this module is the one place rows are written directly).

Nothing here names a child in a way the report could show: the complainant's name is a marker
the tests look for, to prove the report never prints it.
"""

from __future__ import annotations

import datetime as dt
import itertools

from django.contrib.auth.models import User
from django.utils import timezone

from journey.complaints import clock
from journey.complaints.models import (
    ComplainantType,
    Complaint,
    Compliment,
    Element,
    Finding,
    LearningAction,
    OmbudsmanEnquiry,
    Outcome,
    Procedure,
    Route,
    Stage,
    Theme,
)
from journey.workforce.models import Team, Worker

COMPLAINANT = "Ermintrude Quarrington"
_numbers = itertools.count(1)


def theme(name: str) -> Theme:
    return Theme.objects.get_or_create(name=name)[0]


def complaint(
    team: Team,
    received_on: dt.date,
    *,
    by: User,
    themes: tuple[str, ...] = ("Communication",),
    kind: str = Complaint.Kind.COMPLAINT,
    procedure: str = Procedure.STATUTORY,
    route: str = Route.EMAIL,
    complainant_type: str = ComplainantType.PARENT,
    advocate_offered: bool = False,
    advocate_taken_up: bool = False,
) -> Complaint:
    made = Complaint.objects.create(
        reference=f"CMP-{next(_numbers):05d}",
        kind=kind,
        procedure=procedure,
        procedure_reason="" if procedure == Procedure.STATUTORY else "Not about a child's care",
        received_on=received_on,
        route=route,
        complainant_name=COMPLAINANT,
        complainant_type=complainant_type,
        team=team,
        outcome_wanted="An apology and a new worker",
        advocate_offered=advocate_offered,
        advocate_taken_up=advocate_taken_up,
        recorded_by=by,
        recorded_at=timezone.now(),
    )
    for number, name in enumerate(themes, start=1):
        Element.objects.create(
            complaint=made, number=number, summary=f"Element {number}", theme=theme(name)
        )
    return made


def stage(
    made: Complaint,
    number: int,
    started_on: dt.date,
    *,
    responded_on: dt.date | None = None,
    extended_to: dt.date | None = None,
    outcomes: tuple[str, ...] = (),
) -> Stage:
    due = {
        1: clock.stage_1_due(started_on),
        2: clock.stage_2_due(started_on),
        3: clock.panel_due(started_on),
    }[number]
    row = Stage.objects.create(
        complaint=made,
        number=number,
        started_on=started_on,
        due_on=due,
        extended_to=extended_to,
        extension_reason="The manager is on leave" if extended_to else "",
        responded_on=responded_on,
    )
    for element, outcome in zip(made.elements.order_by("number"), outcomes, strict=False):
        Finding.objects.create(
            element=element,
            stage=row,
            outcome=outcome,
            reason="Out of time" if outcome == Outcome.NOT_INVESTIGATED else "",
        )
    return row


def ombudsman(made: Complaint, received_on: dt.date, **decided) -> OmbudsmanEnquiry:
    return OmbudsmanEnquiry.objects.create(complaint=made, received_on=received_on, **decided)


def learning(made: Complaint, owner: Worker, due_on: dt.date, **done) -> LearningAction:
    return LearningAction.objects.create(
        complaint=made,
        learning="Letters went unanswered while the worker was away",
        action="A shared inbox for each team",
        owner=owner,
        due_on=due_on,
        **done,
    )


def compliment(
    team: Team,
    received_on: dt.date,
    *,
    by: User,
    kind: str = Compliment.Kind.COMPLIMENT,
    theme_name: str = "Communication",
) -> Compliment:
    return Compliment.objects.create(
        kind=kind,
        received_on=received_on,
        from_type=ComplainantType.PARENT,
        from_name=COMPLAINANT,
        team=team,
        theme=theme(theme_name),
        summary="Thank you for listening",
        recorded_by=by,
        recorded_at=timezone.now(),
    )
