"""Hand-built histories for the Annex A tests, written through the real services (which refuse
future dates, so everything is dated back from today); the default period is the six months to
today, so "N days ago" below 180 is inside it.

- Ava: a contact 10 days ago from a health visitor (list 1).
- Ben: a contact 300 days ago from the police (outside the default period).
- Cara: an NFA referral 250 days ago (closed), then a referral 60 days ago allocated to the
  social worker: single assessment (child seen), strategy discussion and section 47, an ICPC that
  started a CP plan for neglect, a review changing it to physical abuse, a visit seeing her alone
  (lists 3 to 7).
- Dan: early help (CAF) with the school's lead professional; CAF started 90 and completed 80 days
  ago (list 2).
- Eve: a CP plan from 480 to 400 days ago in closed work, then a new unallocated referral 20 days
  ago whose ICPC 5 days ago started a second CP plan (list 7: one previous plan).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from journey.cases import services as case_services
from journey.cases.models import EpisodeKind, NextStep
from journey.casework.models import Assessment, CaseNote, Plan
from journey.casework.services import record_assessment, record_case_note
from journey.casework.statutory import services as statutory
from journey.casework.statutory.services import ConferenceDecision
from journey.people.models import Person
from journey.workforce.models import Allocation
from tests.factories import make_child, make_episode

RATIONALE = (
    "The needs reported cross several areas of the child's life; this response is "
    "proportionate to what was reported and what the family told us."
)


def ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


def moment(days: int, hour: int = 11) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(ago(days), dt.time(hour)))


def contact(child: Person, worker, days: int, source: str) -> None:
    case_services.record_contact(
        received_at=moment(days),
        source=source,
        summary="Concerns about the child's care were reported.",
        decided_by=worker,
        decisions=[
            case_services.DecisionInput(
                child=child, level=2, next_step=NextStep.SINGLE_AGENCY, rationale=RATIONALE
            )
        ],
    )


def visit(episode, worker, days: int, *, seen: bool = True, alone: bool = False) -> CaseNote:
    return record_case_note(
        episode=episode,
        kind=CaseNote.Kind.VISIT,
        occurred_at=moment(days),
        text="Visited the child at home.",
        recorded_by=worker.user,
        child_seen=seen,
        child_seen_alone=alone,
    )


def cp_plan(episode, worker, *, strategy: int, conference: int, category: str = "NEG") -> Plan:
    statutory.record_strategy_discussion(
        episode=episode,
        held_on=ago(strategy),
        summary="Police, school and social care shared what they knew.",
        section47_started_on=ago(strategy),
        recorded_by=worker.user,
    )
    statutory.hold_initial_conference(
        episode=episode,
        held_on=ago(conference),
        decision=ConferenceDecision.CP_PLAN,
        category=category,
        section47=episode.section47s.get(outcome=""),
        recorded_by=worker.user,
    )
    return episode.plans.get(kind=Plan.Kind.CP, ended_on__isnull=True)


def close(episode, worker, days: int, reason: str) -> None:
    case_services.close_episode(
        episode, ended_on=ago(days), reason=reason, note="Work finished.", closed_by=worker.user
    )


@dataclass
class Story:
    ava: Person
    ben: Person
    cara: Person
    dan: Person
    eve: Person
    sw: object
    manager: object


def social_care_story(council, child: Person, *, referred: int = 60) -> None:
    """Cara's path through social care, from referral to a reviewed CP plan."""
    sw, manager = council["social_worker"], council["team_manager"]
    episode = make_episode(child, sw, started_on=ago(referred), allocate_to=sw)
    assessment = statutory.start_single_assessment(
        episode=episode, started_on=ago(referred - 5), recorded_by=sw.user
    )
    visit(episode, sw, referred - 10)
    statutory.authorise_single_assessment(
        assessment,
        authorised_on=ago(referred - 15),
        outcome=Assessment.Outcome.STRATEGY,
        manager=manager,
        factors=["2B"],
    )
    plan = cp_plan(episode, sw, strategy=referred - 20, conference=referred - 30)
    statutory.review_cp_plan(plan, reviewed_on=ago(referred - 50), by=sw.user, category="PHY")
    visit(episode, sw, referred - 55, alone=True)


def early_help_story(council, child: Person) -> None:
    practitioner, lead = council["practitioner"], council["external_lead"]
    episode = make_episode(
        child, practitioner, kind=EpisodeKind.EARLY_HELP_CAF, started_on=ago(100)
    )
    case_services.allocate(
        episode,
        worker=lead,
        kind=Allocation.Kind.LEAD_PROFESSIONAL,
        started_on=ago(100),
        allocated_by=practitioner.user,
    )
    record_assessment(
        episode=episode,
        kind=Assessment.Kind.CAF,
        started_on=ago(90),
        completed_on=ago(80),
        recorded_by=practitioner.user,
    )


def repeat_cp_story(council, child: Person) -> None:
    sw, manager = council["social_worker"], council["team_manager"]
    old = make_episode(child, sw, started_on=ago(500))
    plan = cp_plan(old, sw, strategy=490, conference=480)
    statutory.end_plan(plan, ended_on=ago(400), by=manager.user, note="Risks reduced.")
    close(old, manager, 390, "RC7")
    new = make_episode(child, sw, started_on=ago(20))
    cp_plan(new, sw, strategy=15, conference=5, category="EMO")


@pytest.fixture
def story(council) -> Story:
    sw = council["social_worker"]
    ava = make_child(
        sw, first_name="Ava", sex="F", ethnicity="WBRI", date_of_birth=dt.date(2015, 3, 1)
    )
    ben = make_child(sw, first_name="Ben", sex="M", ethnicity="")
    cara = make_child(sw, first_name="Cara", sex="F", ethnicity="BAFR", disabilities=["LD"])
    dan = make_child(sw, first_name="Dan", sex="M", ethnicity="MWAS", disabilities=["NONE"])
    eve = make_child(sw, first_name="Eve", sex="U", ethnicity="REFU")
    contact(ava, sw, 10, "3B")
    contact(ben, sw, 300, "6")
    nfa = make_episode(cara, sw, started_on=ago(250))
    nfa.referral_nfa = True
    nfa.save()
    close(nfa, council["team_manager"], 250, "RC8")
    social_care_story(council, cara)
    early_help_story(council, dan)
    repeat_cp_story(council, eve)
    return Story(ava, ben, cara, dan, eve, sw, council["team_manager"])


def more_of_everything(council, n: int) -> None:
    """n more children with every kind of row, for the constant query count."""
    sw = council["social_worker"]
    for i in range(n):
        child = make_child(sw, first_name=f"Extra{i}", sex="M", disabilities=["HEAR"])
        contact(child, sw, 12 + i, "2A")
        social_care_story(council, child, referred=70 + i)
        early_help_story(council, make_child(sw, first_name=f"Early{i}"))
