"""A Family Help team with a child, its manager, a school's lead practitioner and a registered
social worker in the multi-agency child protection team: the `fh` fixture and its helpers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from journey.cases.family_help.services import begin_section17
from journey.cases.models import EpisodeKind
from journey.cases.services import EpisodeInput, allocate, open_episode
from journey.casework.statutory.services import Participant, record_strategy_discussion
from journey.people.models import Agency
from journey.workforce.models import Allocation, Registration
from tests.factories import AgencyFactory, TeamFactory, make_child

TODAY = timezone.localdate()
START = TODAY - dt.timedelta(days=120)


@pytest.fixture
def fh(council):
    """A Family Help team, its manager, a school's lead practitioner and a registered social
    worker in the multi-agency child protection team."""
    team = TeamFactory(
        name="Family Help Northgate", service=council.eh_team.service, family_help=True
    )
    manager = council["team_manager"]
    manager.team = team
    manager.save()
    cp_team = council["cp_partner"].team
    lcpp = council["other_social_worker"]
    lcpp.team = cp_team
    lcpp.registration_body = Registration.SOCIAL_WORK_ENGLAND
    lcpp.registration_number = "SW100200"
    lcpp.qualified_on = TODAY - dt.timedelta(days=365 * 8)
    lcpp.save()
    child = make_child(manager, first_name="Isla", last_name="Begum")
    episode = open_episode(
        EpisodeInput(child=child, kind=EpisodeKind.FAMILY_HELP, team=team, started_on=START),
        opened_by=manager.user,
    )
    allocate(
        episode,
        worker=council["external_lead"],
        kind=Allocation.Kind.LEAD_PROFESSIONAL,
        started_on=START,
        allocated_by=manager.user,
    )
    return {"team": team, "manager": manager, "lcpp": lcpp, "child": child, "episode": episode}


def in_need(fh, days_ago=100):
    return begin_section17(
        fh["episode"],
        started_on=TODAY - dt.timedelta(days=days_ago),
        referral_source="2A",
        primary_need="N4",
        reason="The school describes a family in acute stress after a bereavement.",
        decided_by=fh["manager"],
    )


def strategy(fh, council, *, lead=None, days_ago=60, **overrides):
    police = AgencyFactory(name="Northgate Police", kind=Agency.Kind.POLICE)
    health = AgencyFactory(name="Northgate Health", kind=Agency.Kind.HEALTH)
    kwargs = {
        "episode": fh["episode"],
        "held_on": TODAY - dt.timedelta(days=days_ago),
        "summary": "Strategy discussion after a disclosure at school.",
        "section47_started_on": TODAY - dt.timedelta(days=days_ago),
        "participants": [
            Participant("DS Reid", police, "Two call-outs this year."),
            Participant("Nurse Ward", health, "Missed appointments."),
        ],
        "lead_practitioner": lead if lead is not None else fh["lcpp"],
        "members": [council["cp_partner"]],
        "shared_summary": "An enquiry is under way: keep visiting as planned.",
        "recorded_by": fh["manager"].user,
        **overrides,
    }
    return record_strategy_discussion(**kwargs)
