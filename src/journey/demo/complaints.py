"""The demo council's two years of complaints, compliments and comments, through the services:
most complaints answered at stage 1 (some after an extension, a few late), a few taken to stage 2
with an investigating officer and independent person, one to a stage 3 review panel and then
the Ombudsman, a late complaint, learning actions, and compliments for every kind of team.
Everything is dated before `as_of`. Deterministic: the same seed and day give the same years."""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth.models import User

from journey.cases.models import Episode
from journey.complaints import clock, services
from journey.complaints.annual.selectors import Year
from journey.complaints.annual.services import ReportInput, issue_report
from journey.complaints.models import Complaint
from journey.complaints.stages import services as stages
from journey.workforce.models import Role, Worker

#: What families say, by theme name (the default list); anything else gets the general line.
SAYINGS = {
    "Communication": [
        "Nobody returned my calls for three weeks.",
        "I was not told the meeting had been moved.",
        "The letter used words I did not understand.",
    ],
    "Delay": [
        "The assessment took far longer than I was told it would.",
        "We are still waiting for the plan we were promised.",
    ],
    "Decisions": [
        "The decision about contact was made without asking me.",
        "I disagree with what the assessment says about my family.",
    ],
    "Staff conduct": [
        "The social worker was rude to me at the door.",
        "The worker spoke about my son in front of the neighbours.",
    ],
    "Access to services (for example CAMHS)": [
        "My daughter has waited months for CAMHS and nobody chased it.",
        "We were told we could not have a family support worker.",
    ],
    "Assessment and planning": [
        "The assessment gets my son's needs wrong.",
        "The plan was written without my views in it.",
    ],
    "Contact and family time": [
        "Family time with my children keeps being cancelled.",
        "Nobody arranged for the children to see their grandmother.",
    ],
    "Information sharing and records": [
        "My record has things in it that are not true.",
        "My information was shared with the school without asking me.",
    ],
    "Quality of service": [
        "The help we were promised has not happened.",
        "We have had four social workers in a year.",
    ],
}
GENERAL = "The help we were promised has not happened."
#: The most complaints a year: a large county's children's services see a few hundred.
YEARLY_MOST = 400
#: About one complaint in twenty goes on to stage 2.
STAGE_2_SHARE = 0.05
#: Some answered complaints teach something the service then changes.
LEARNING_SHARE = 0.06
#: Learning actions are due three months after the complaint came in.
LEARNING_DUE = dt.timedelta(days=91)
#: What was learned, the action agreed, and the evidence that it changed practice.
LEARNING = [
    (
        "Families were not told when meetings moved",
        "Text families the same day a meeting is moved, and note it on the record",
        "The team's meeting checklist now includes telling the family; audited in October",
    ),
    (
        "Letters used words families did not understand",
        "Rewrite the assessment letters in plain English with parents who complained",
        "New letters in use since the spring; the parents' panel read and agreed them",
    ),
    (
        "Calls to duty went unanswered at lunchtime",
        "Cover the duty phone through the lunch hour on a rota",
        "Lunchtime calls answered rose from 61% to 97% in the month after the rota began",
    ),
    (
        "Children were not always seen alone",
        "Remind every worker, and check in supervision, that children are seen alone",
        "The next case audit found children seen alone in 9 of 10 visits, up from 6",
    ),
]
WANTED = [
    "An apology and a different social worker.",
    "For the record to be corrected.",
    "A meeting with the manager to put things right.",
    "To see my children more often.",
]
COMPLIMENTS = [
    "Thank you for sticking with us when things were hard.",
    "The worker really listened to my daughter.",
    "The family group meeting made all the difference.",
    "Clear, kind and always rang back.",
]
COMMENTS = [
    "It would help to have meetings after school hours.",
    "The leaflet about the assessment was hard to follow.",
]


def seed_complaints(*, as_of: dt.date, rng: random.Random) -> dict[str, int]:
    officer = Worker.objects.filter(role=Role.COMPLAINTS_OFFICER, is_active=True).first()
    episodes = list(
        Episode.objects.filter(child__is_restricted=False, team__isnull=False)
        .select_related("child", "team")
        .order_by("pk")
    )
    themes = services.ensure_themes()
    if officer is None or not episodes or not themes:
        return {"complaints": 0, "compliments": 0}
    by = officer.user
    managers = {w.team_id: w for w in Worker.objects.filter(role=Role.TEAM_MANAGER, is_active=True)}
    # About one complaint a year for every 40 pieces of work, up to what a large county sees;
    # two years of them, so the annual report on the last year that ended has one to compare.
    count = 2 * max(8, min(YEARLY_MOST, len(episodes) // 40))
    for number in range(count):
        episode = rng.choice(episodes)
        waiting = number >= count - 2  # the last two wait for an answer: one overdue
        if number < 4:
            received = as_of - dt.timedelta(days=330 - 20 * number)
        elif waiting:
            received = as_of - dt.timedelta(days=4 if number == count - 1 else 24)
        else:
            received = as_of - dt.timedelta(days=rng.randint(3, 2 * 365 - 10))
        complaint = _record(episode, received, themes, managers, number, rng, by)
        if complaint.stages.exists() and not waiting:
            _take_through(complaint, number, as_of, rng, by, officer)
    compliments = count + count // 2
    for _ in range(compliments):
        _compliment(rng.choice(episodes), as_of, themes, rng, by)
    _annual_report(as_of, by)
    return {"complaints": count, "compliments": compliments}


def _annual_report(as_of: dt.date, by: User) -> None:
    """Last year's report, issued as the officer would issue it for scrutiny."""
    year = Year.last_ended(as_of)
    issue_report(
        ReportInput(
            year.first,
            f"This report covers complaints, representations and compliments received from "
            f"{year.starts_on:%-d %B %Y} to {year.ends_on:%-d %B %Y}. Most complaints were "
            "answered at stage 1; the commonest themes were communication and delay.\n"
            "The learning section sets out what teams changed as a result, and the improvement "
            "plan carries the actions still open.",
        ),
        by=by,
    )


def _record(episode, received, themes, managers, number, rng, by) -> Complaint:
    child = episode.child
    kind = rng.choice(["parent"] * 6 + ["child"] * 2 + ["on_behalf"])
    name, relationship = {
        "parent": (f"{rng.choice(['Dawn', 'Lee', 'Sam', 'Kerry'])} {child.last_name}", "Parent"),
        "child": (child.full_name, ""),
        "on_behalf": (f"Pat {child.last_name}", "Grandparent"),
    }[kind]
    chosen = rng.sample(themes, k=min(len(themes), rng.choice([1, 1, 2, 3])))
    late = number == 5
    corporate = number % 7 == 6
    manager = managers.get(episode.team_id)
    return services.record_complaint(
        services.ComplaintInput(
            kind=Complaint.Kind.REPRESENTATION if number % 11 == 10 else Complaint.Kind.COMPLAINT,
            procedure="corporate" if corporate else "statutory",
            procedure_reason="About the council's housing service, not children's social care"
            if corporate
            else "",
            received_on=received,
            route="advocate" if kind == "child" else rng.choice(["email", "phone", "online"]),
            complainant_name=name,
            complainant_type=kind,
            complainant_relationship=relationship,
            complainant_contact="By email",
            children=[child],
            team=episode.team,
            responders=[manager] if manager else [],
            outcome_wanted=rng.choice(WANTED),
            elements=[
                services.ElementInput(rng.choice(SAYINGS.get(t.name, [GENERAL])), t) for t in chosen
            ],
            advocate_offered=kind == "child" or rng.random() < 0.3,
            advocate_taken_up=kind == "child",
            matter_arose_on=received - dt.timedelta(days=420) if late else None,
            late_decision="consider" if late else "",
            late_reason="The family could not complain sooner: the mother was in hospital"
            if late
            else "",
        ),
        by=by,
    )


def _respond(complaint: Complaint, on: dt.date, rng: random.Random, by: User) -> None:
    findings = [
        stages.FindingInput(e, rng.choice(["upheld", "partly_upheld", "not_upheld"]))
        for e in complaint.elements.all()
    ]
    stages.record_response(
        complaint,
        stages.ResponseInput(on, findings, stages.draft_letter(complaint, _stage(complaint))),
        by=by,
    )


def _stage(complaint: Complaint):
    return complaint.stages.order_by("-number").first()


def _take_through(complaint, number, as_of, rng, by, officer) -> None:
    stage = _stage(complaint)
    extended = number in (0, 2) or rng.random() < 0.15
    if extended:
        stages.extend_stage(
            complaint,
            stages.ExtensionInput(
                clock.stage_1_due(stage.started_on, extended=True),
                "The allocated worker is on leave and the records need checking",
                min(clock.after(stage.started_on, 7), as_of),
            ),
            by=by,
        )
    days = rng.randint(12, 19) if extended else rng.choice([5, 7, 8, 9, 10, 10, 12])
    answered = clock.after(stage.started_on, days)
    if answered > as_of:
        return
    _respond(complaint, answered, rng, by)
    if (number < 3 or rng.random() < STAGE_2_SHARE) and clock.after(answered, 50) <= as_of:
        _stage_2(complaint, answered, number, as_of, rng, by)
    if number == 0:
        _stage_3(complaint, as_of, rng, by)
        _ombudsman(complaint, as_of, by)
    if number in (0, 1, 4) or rng.random() < LEARNING_SHARE:
        _learning(complaint, as_of, rng, by, officer)
    _close_if_done(complaint, as_of, by)


def _stage_2(complaint, answered, number, as_of, rng, by) -> None:
    asked = clock.after(answered, rng.randint(3, 12))
    stages.ask_for_next_stage(complaint, stages.NextStageInput(asked), by=by)
    appointed = clock.after(asked, 3)
    stages.record_investigation(
        complaint,
        stages.InvestigationInput(
            "Alex Morgan (independent investigator)",
            f"{'Ruth Ellis' if number else 'Harold Fenwick'} (independent person)",
            appointed,
            clock.after(appointed, 5),
        ),
        by=by,
    )
    days = 24
    if number == 1:
        stages.extend_stage(
            complaint,
            stages.ExtensionInput(
                clock.stage_2_due(asked, 45),
                "Several workers to interview over the summer",
                clock.after(asked, 20),
            ),
            by=by,
        )
        days = 40
    if clock.after(asked, days) <= as_of:
        _respond(complaint, clock.after(asked, days), rng, by)


def _stage_3(complaint, as_of, rng, by) -> None:
    stage = _stage(complaint)
    if stage.number != 2 or stage.responded_on is None:
        return
    asked = clock.after(stage.responded_on, 15)
    if clock.after(asked, 45) > as_of:
        return
    stages.ask_for_next_stage(complaint, stages.NextStageInput(asked), by=by)
    panel_on = clock.after(asked, 25)
    stages.record_panel(
        complaint,
        stages.PanelInput(
            ["Margaret Osei (chair)", "David Price", "Anita Shah"],
            panel_on,
            clock.after(panel_on, 5),
        ),
        by=by,
    )
    _respond(complaint, clock.after(panel_on, 15), rng, by)


def _ombudsman(complaint, as_of, by) -> None:
    if complaint.closed_on is None:
        return
    received = complaint.closed_on + dt.timedelta(days=20)
    if received > as_of:
        return
    decided = received + dt.timedelta(days=35)
    stages.record_ombudsman(
        complaint,
        stages.OmbudsmanInput(
            received,
            "25 012 345",
            decided if decided <= as_of else None,
            "Fault found, no further remedy: the council had already apologised"
            if decided <= as_of
            else "",
        ),
        by=by,
    )


def _learning(complaint, as_of, rng, by, officer) -> None:
    owner = complaint.responders.first() or officer
    learned, change, evidence = rng.choice(LEARNING)
    action = services.add_learning(
        complaint,
        services.LearningInput(learned, change, owner, complaint.received_on + LEARNING_DUE),
        by=by,
    )
    if complaint.received_on < as_of - dt.timedelta(days=150):
        done_on = min(as_of, complaint.received_on + dt.timedelta(days=rng.randint(60, 120)))
        services.complete_learning(action, done_on, evidence, by=by)


def _close_if_done(complaint, as_of, by) -> None:
    complaint.refresh_from_db()
    stage = _stage(complaint)
    if complaint.closed_on or stage is None or stage.responded_on is None:
        return
    closed_on = clock.may_ask_until(stage.responded_on) + dt.timedelta(days=1)
    if closed_on <= as_of:
        stages.close_complaint(complaint, closed_on, by=by)


def _compliment(episode, as_of, themes, rng, by) -> None:
    kind = "comment" if rng.random() < 0.2 else "compliment"
    services.record_compliment(
        services.ComplimentInput(
            kind=kind,
            received_on=as_of - dt.timedelta(days=rng.randint(1, 360)),
            from_type=rng.choice(["parent", "parent", "child", "on_behalf"]),
            team=episode.team,
            theme=rng.choice(themes),
            summary=rng.choice(COMMENTS if kind == "comment" else COMPLIMENTS),
        ),
        by=by,
    )
