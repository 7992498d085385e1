"""One locality of the demo council on Family Help (Families First), the rest on the older model.

Family Help Northgate holds a few families: targeted help led by a school's lead practitioner,
children in need from the start, a family whose help rose to section 17 and fell back, and a
family moved into child protection and back, with its lead child protection practitioner from the
multi-agency child protection team (police, health, education and the council). Everything is
written through the services, as a worker would, so every rule holds.
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth.models import User

from journey.cases.family_help.services import begin_section17, end_section17
from journey.cases.models import Episode, EpisodeKind
from journey.cases.services import EpisodeInput, allocate, open_episode
from journey.casework.models import Plan
from journey.casework.services import start_plan
from journey.casework.statutory.services import (
    ConferenceDecision,
    Participant,
    authorise_single_assessment,
    end_plan,
    hold_initial_conference,
    record_section47_outcome,
    record_strategy_discussion,
    start_single_assessment,
)
from journey.chronology.models import ChronologyEntry
from journey.chronology.services import start_of
from journey.core.identifiers import make_nhs_number, make_upn
from journey.people.models import Agency
from journey.people.services import ChildDetails, record_child
from journey.workforce.models import Allocation, Registration, Role, Service, Team, Worker

#: Who to sign in as to see Northgate's Family Help and its child protection team.
FAMILY_HELP_SIGN_INS = [
    ("fh.manager", "Family Help Northgate: team manager"),
    (
        "fh.practitioner",
        "Family Help Northgate: lead practitioner (the school's is lead.professional)",
    ),
    ("lcpp", "Lead child protection practitioner (multi-agency child protection team)"),
    ("cp.police", "Multi-agency child protection team: police member"),
]

FAMILIES = [
    ("Maya", "Thornton", "F", "WBRI", "targeted"),
    ("Oscar", "Thornton", "M", "WBRI", "in_need"),
    ("Isla", "Begum", "F", "ABAN", "rose_and_fell"),
    ("Noah", "Kowalski", "M", "WOTH", "protection_and_back"),
    ("Ruby", "Adeyemi", "F", "BAFR", "in_protection"),
    ("Leo", "Marsh", "M", "MWBC", "targeted"),
]


def seed_family_help(*, as_of: dt.date, rng: random.Random) -> int:
    """Switch a locality to Family Help and give it its families; returns the children."""
    team, cp_team, manager, lead, partner_lead, lcpps, members = _workforce(rng)
    for number, (first, last, sex, ethnicity, story) in enumerate(FAMILIES):
        child = record_child(
            ChildDetails(
                first_name=first,
                last_name=last,
                sex=sex,
                ethnicity=ethnicity,
                upn=make_upn("938", 900_000 + number),
                disabilities=["NONE"],
                date_of_birth=as_of - dt.timedelta(days=365 * (4 + number * 2) + 40),
                address_area="Northgate",
                # Off the main generator's serials (multiples of 7), so never a false duplicate.
                nhs_number=make_nhs_number(7 * (142_000 + number) + 3),
            ),
            recorded_by=manager.user,
            confirm_not_duplicate=True,
        )
        start = as_of - dt.timedelta(days=150 - number * 7)
        # Recorded on the demo's date, as the rest of the council is.
        ChronologyEntry.objects.filter(child=child).update(
            occurred_at=start_of(start), recorded_at=start_of(start)
        )
        holder = partner_lead if number % 2 == 0 else lead
        episode = _open(child, team, start, story, holder, manager)
        _story(episode, story, start, as_of, manager, lcpps[number % 2], members)
    return len(FAMILIES)


def _workforce(rng: random.Random):
    """A Family Help team and a multi-agency child protection team, staffed."""
    early_help = Service.objects.get(kind=Service.Kind.EARLY_HELP)
    social_care = Service.objects.get(kind=Service.Kind.SOCIAL_CARE)
    team = Team.objects.create(name="Family Help Northgate", service=early_help, family_help=True)
    cp_team = Team.objects.create(
        name="Multi-agency Child Protection", service=social_care, child_protection=True
    )
    council = Agency.objects.get(kind=Agency.Kind.COUNCIL)
    police = Agency.objects.filter(kind=Agency.Kind.POLICE).first()
    health = Agency.objects.filter(kind=Agency.Kind.HEALTH).first()
    school = Agency.objects.filter(kind=Agency.Kind.SCHOOL).first()

    def worker(username, first, last, role, team, agency, title, **registration) -> Worker:
        user = User.objects.create_user(
            username, f"{username}@fairshire.example", first_name=first, last_name=last
        )
        user.password = User.objects.get(username="practitioner").password
        user.save()
        return Worker.objects.create(
            user=user, role=role, team=team, agency=agency, job_title=title, **registration
        )

    manager = worker(
        "fh.manager",
        "Farah",
        "Nolan",
        Role.TEAM_MANAGER,
        team,
        council,
        "Family Help manager",
        registration_body=Registration.SOCIAL_WORK_ENGLAND,
        registration_number="SW104471",
        qualified_on=dt.date(2009, 7, 1),
    )
    lead = worker(
        "fh.practitioner",
        "Ffion",
        "Hale",
        Role.PRACTITIONER,
        team,
        council,
        "Family Help lead practitioner",
    )
    partner_lead = Worker.objects.get(user__username="lead.professional")
    lcpps = [
        worker(
            username,
            first,
            last,
            Role.SOCIAL_WORKER,
            cp_team,
            council,
            "Lead child protection practitioner",
            registration_body=Registration.SOCIAL_WORK_ENGLAND,
            registration_number=number,
            qualified_on=qualified,
        )
        for username, first, last, number, qualified in [
            ("lcpp", "Lowri", "Price", "SW087342", dt.date(2014, 9, 1)),
            ("lcpp.two", "Kwame", "Asante", "SW091208", dt.date(2016, 3, 1)),
        ]
    ]
    members = [
        worker(
            "cp.police",
            "Dan",
            "Reid",
            Role.CP_PARTNER,
            cp_team,
            police,
            "Detective sergeant, child protection",
        ),
        worker(
            "cp.health",
            "Helen",
            "Ward",
            Role.CP_PARTNER,
            cp_team,
            health,
            "Named nurse for safeguarding",
            registration_body=Registration.NMC,
            registration_number="09A1234E",
        ),
        worker(
            "cp.education",
            "Ed",
            "Malik",
            Role.CP_PARTNER,
            cp_team,
            school,
            "Designated safeguarding lead",
        ),
    ]
    return team, cp_team, manager, lead, partner_lead, lcpps, members


def _open(child, team, start, story, holder, manager) -> Episode:
    in_need = story in {"in_need", "in_protection"}
    episode = open_episode(
        EpisodeInput(
            child=child,
            kind=EpisodeKind.FAMILY_HELP,
            team=team,
            started_on=start,
            in_need=in_need,
            referral_source="2A" if in_need else "",
            primary_need="N4" if in_need else "",
            in_need_reason="The school and health visitor describe a family in acute stress "
            "after the father left; the children need help to stay safe and in school.",
            decided_by=manager,
        ),
        opened_by=manager.user,
    )
    allocate(
        episode,
        worker=holder,
        kind=Allocation.Kind.LEAD_PROFESSIONAL,
        started_on=start,
        allocated_by=manager.user,
    )
    start_plan(
        episode=episode,
        kind=Plan.Kind.FAMILY_HELP,
        started_on=start + dt.timedelta(days=14),
        recorded_by=manager.user,
    )
    return episode


def _story(episode, story, start, as_of, manager, lcpp, members) -> None:
    if story == "rose_and_fell":
        begin_section17(
            episode,
            started_on=start + dt.timedelta(days=30),
            referral_source="5D",
            primary_need="N5",
            reason="Arguments at home have escalated and Isla is missing school: she needs help "
            "as a child in need.",
            decided_by=manager,
        )
        end_section17(
            episode,
            ended_on=start + dt.timedelta(days=100),
            closure_reason="RC7",
            reason="Home is calmer and Isla is in school every day: targeted help is enough now.",
            decided_by=manager,
        )
    if story in {"protection_and_back", "in_protection"}:
        _child_protection(
            episode, start, manager, lcpp, members, back=story == "protection_and_back"
        )


def _child_protection(episode, start, manager, lcpp, members, *, back: bool) -> None:
    police, health, school = (m.agency for m in members)
    strategy_on = start + dt.timedelta(days=40)
    record_strategy_discussion(
        episode=episode,
        held_on=strategy_on,
        summary="Strategy discussion after a disclosure at school.",
        decisions="Section 47 enquiry agreed; joint visit with the police.",
        section47_started_on=strategy_on,
        participants=[
            Participant("DS Dan Reid", police, "Two call-outs to the address this year."),
            Participant("Helen Ward", health, "Missed health appointments since the spring."),
            Participant("Ed Malik", school, "The child told a teacher about bruising."),
            Participant(str(lcpp), lcpp.agency, "The family has Family Help since the winter."),
        ],
        lead_practitioner=lcpp,
        members=members,
        shared_summary="An enquiry is under way after a disclosure at school. Keep visiting as "
        "planned; tell the lead child protection practitioner of any new concern the same day.",
        recorded_by=manager.user,
    )
    enquiry = episode.section47s.get()
    conference_on = strategy_on + dt.timedelta(days=14)
    # The enquiry's single assessment, alongside it and authorised before the conference.
    assessment = start_single_assessment(
        episode=episode, started_on=strategy_on, recorded_by=lcpp.user, factors=["3B", "2B"]
    )
    authorise_single_assessment(
        assessment,
        authorised_on=strategy_on + dt.timedelta(days=12),
        outcome="strategy",
        manager=manager,
        summary="Physical harm substantiated; the parents accept the concerns in part.",
    )
    record_section47_outcome(
        enquiry,
        outcome="icpc",
        completed_on=strategy_on + dt.timedelta(days=10),
        by=lcpp.user,
        note="Concerns substantiated: an initial conference is needed.",
    )
    hold_initial_conference(
        episode=episode,
        held_on=conference_on,
        decision=ConferenceDecision.CP_PLAN,
        category="PHY",
        section47=enquiry,
        summary="Conference with the family, school, health and police.",
        recorded_by=lcpp.user,
    )
    if back:
        plan = episode.plans.get(kind=Plan.Kind.CP)
        end_plan(
            plan,
            ended_on=conference_on + dt.timedelta(days=60),
            by=lcpp.user,
            note="Review conference: the risk has reduced; Family Help continues.",
        )
