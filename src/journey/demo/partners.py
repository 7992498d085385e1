"""The demo council's referrals to partner services, through the services: the council's list
of services (with the agencies that run them), several CAMHS referrals with long waits (one
escalated twice and still open), SEND referrals for an education, health and care needs
assessment, a few declined, one withdrawn, and others to speech and language therapy, domestic
abuse support and housing. Deterministic: the same seed and day give the same referrals."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.contrib.auth.models import User

from journey.cases.models import Episode
from journey.partner_services import services
from journey.partner_services.models import Escalation, PartnerService, Referral
from journey.people.models import Agency, Person
from journey.workforce.models import Allocation

Kind = PartnerService.Kind
Level = Escalation.Level

#: (name, kind, agency name, agency kind): the council's list.
SERVICES = [
    ("CAMHS", Kind.CAMHS, "Fairshire NHS Foundation Trust", Agency.Kind.HEALTH),
    ("SEND: EHC needs assessment", Kind.SEND, "Fairshire Council", Agency.Kind.COUNCIL),
    ("Community paediatrics", Kind.HEALTH, "Fairshire NHS Foundation Trust", Agency.Kind.HEALTH),
    ("School nursing", Kind.HEALTH, "Fairshire NHS Foundation Trust", Agency.Kind.HEALTH),
    (
        "Speech and language therapy",
        Kind.SPEECH,
        "Fairshire NHS Foundation Trust",
        Agency.Kind.HEALTH,
    ),
    (
        "Compass young people's substance misuse service",
        Kind.SUBSTANCE,
        "Compass Fairshire",
        Agency.Kind.VOLUNTARY,
    ),
    ("Domestic abuse support", Kind.DOMESTIC_ABUSE, "Fairshire Women's Aid", Agency.Kind.VOLUNTARY),
    ("Housing options", Kind.HOUSING, "Fairshire Homes", Agency.Kind.HOUSING),
    ("Young carers", Kind.OTHER, "Family Lives Fairshire", Agency.Kind.VOLUNTARY),
]


@dataclass(frozen=True)
class Step:
    """An escalation: days after the referral, to whom, level, what was asked; the response
    (days after the escalation, or None) and whether it resolved the concern."""

    after: int
    to_whom: str
    level: str
    asked: str
    answered_after: int | None = None
    response: str = ""
    resolved: bool = False


@dataclass(frozen=True)
class Plan:
    """One referral: the service, how long ago, the reason; the response (days after), first
    appointment and outcome (days after the referral), or withdrawn; its escalations."""

    service: str
    days_ago: int
    reason: str
    response: str = ""
    responded_after: int = 0
    note: str = ""
    seen_after: int | None = None
    outcome_after: int | None = None
    outcome: str = ""
    withdrawn_after: int | None = None
    withdrawn_reason: str = ""
    steps: list[Step] = field(default_factory=list)
    ages: tuple[int, int] = (6, 17)  # the child's age when referred, youngest and oldest


ACCEPTED, DECLINED = Referral.Response.ACCEPTED, Referral.Response.DECLINED
CHASED = "A date for the first appointment: {name} is missing school; the panic attacks are worse."

PLANS = [
    Plan(
        "CAMHS",
        320,
        "Low mood and self-harm for six months; school counsellor has done what she can.",
        ACCEPTED,
        35,
        "Accepted onto the waiting list for assessment.",
        seen_after=238,
        outcome_after=300,
        outcome="Assessed; eight sessions of CBT. Self-harm has stopped and mood is better.",
    ),
    Plan(
        "CAMHS",
        280,
        "Panic attacks stop her going into school; attendance is down to 60%.",
        ACCEPTED,
        28,
        "Accepted: routine waiting list.",
        steps=[
            Step(
                120,
                "CAMHS duty practitioner",
                Level.PRACTITIONER,
                CHASED,
                7,
                "Still on the routine list; about 20 weeks more.",
            ),
            Step(
                170,
                "CAMHS service manager",
                Level.MANAGER,
                "To prioritise the referral, given her attendance and the risk of exclusion.",
            ),
        ],
    ),
    Plan(
        "CAMHS",
        240,
        "Aggression at home and at school; possible ADHD, parents asking for an assessment.",
        ACCEPTED,
        42,
        "Accepted for the neurodevelopmental pathway.",
        steps=[
            Step(
                100,
                "CAMHS team leader",
                Level.MANAGER,
                "When the assessment will be: his place at school is at risk.",
                10,
                "Booked into the next assessment clinic.",
                resolved=True,
            )
        ],
        seen_after=190,
    ),
    Plan(
        "CAMHS",
        150,
        "Not eating and losing weight after her father left.",
        ACCEPTED,
        14,
        "Accepted: urgent.",
        seen_after=30,
    ),
    Plan(
        "CAMHS",
        200,
        "Worries and poor sleep since the domestic abuse incident.",
        DECLINED,
        21,
        "Does not meet the CAMHS threshold: signposted to the school's mental health support team.",
    ),
    Plan("CAMHS", 95, "Hearing voices at night; GP asked us to refer.", ACCEPTED, 30, "Accepted."),
    Plan(
        "SEND: EHC needs assessment",
        260,
        "Needs in school beyond SEN support: speech, learning and behaviour.",
        ACCEPTED,
        42,
        "The panel agreed to assess.",
        seen_after=70,
        outcome_after=140,
        outcome="Education, health and care plan issued: a place at the language unit from "
        "September.",
    ),
    Plan(
        "SEND: EHC needs assessment",
        120,
        "Autism diagnosis; school cannot meet his needs with its own resources.",
        ACCEPTED,
        40,
        "The panel agreed to assess.",
    ),
    Plan(
        "SEND: EHC needs assessment",
        180,
        "Falling behind in reading and writing.",
        DECLINED,
        42,
        "Needs can be met from SEN support: the school is to add a reading intervention.",
    ),
    Plan(
        "Speech and language therapy",
        130,
        "Few words at three; nursery are worried.",
        ACCEPTED,
        20,
        "Accepted.",
        seen_after=75,
        ages=(2, 4),
    ),
    Plan(
        "Domestic abuse support",
        60,
        "Mum wants support after leaving a violent partner.",
        ACCEPTED,
        5,
        "An outreach worker is allocated.",
        seen_after=12,
        ages=(0, 17),
    ),
    Plan(
        "Housing options",
        45,
        "The family are sofa-surfing at grandmother's.",
        withdrawn_after=20,
        ages=(0, 17),
        withdrawn_reason="The family found a private let themselves: no housing advice needed.",
    ),
]


def service_agencies() -> list[Agency]:
    """The agencies running the services that the generator's council does not have already."""
    others = {"Fairshire Council", "Fairshire Homes", "Family Lives Fairshire"}
    kinds = {agency: kind for _, _, agency, kind in SERVICES if agency not in others}
    return [Agency(name=name, kind=kind) for name, kind in kinds.items()]


def _service_list() -> dict[str, PartnerService]:
    agencies = {a.name: a for a in Agency.objects.all()}
    return {
        name: services.add_partner_service(name=name, kind=kind, agency=agencies[agency])
        for name, kind, agency, _ in SERVICES
    }


def _open_work() -> list[tuple[Person, dt.date, User]]:
    """Unrestricted children with open work held by a worker: the child, when the work began and
    who holds it, oldest work first."""
    held = {}
    for allocation in (
        Allocation.objects.current()
        .filter(
            kind=Allocation.Kind.WORKER,
            episode__ended_on__isnull=True,
            episode__child__is_restricted=False,
            episode__child__date_of_birth__isnull=False,
        )
        .select_related("episode__child", "worker__user")
        .order_by("episode__started_on", "episode_id", "pk")
    ):
        episode: Episode = allocation.episode
        held.setdefault(
            episode.child_id, (episode.child, episode.started_on, allocation.worker.user)
        )
    return list(held.values())


def seed_partner_services(*, as_of: dt.date, rng: random.Random) -> int:
    """The list of services and the referrals; returns how many referrals were made."""
    listed = _service_list()
    work = _open_work()
    if not work:
        return 0
    rng.shuffle(work)
    made = 0
    used: set[int] = set()
    referred: set[tuple[int, str]] = set()
    for plan in PLANS:
        chosen = _child_for(plan, work, as_of, used, referred)
        if chosen is None:  # a council too small for this referral
            continue
        child, started_on, by = chosen
        used.add(child.pk)
        referred.add((child.pk, plan.service))
        day = max(as_of - dt.timedelta(days=plan.days_ago), started_on, child.date_of_birth)
        referral = services.refer(
            child,
            services.ReferralInput(listed[plan.service], day, plan.reason),
            by=by,
        )
        made += 1
        _follow(referral, plan, as_of, by, child.first_name)
    return made


def _child_for(
    plan: Plan,
    work: list[tuple[Person, dt.date, User]],
    as_of: dt.date,
    used: set[int],
    referred: set[tuple[int, str]],
) -> tuple[Person, dt.date, User] | None:
    """A child whose work was open when the referral was made, not yet referred in the demo;
    failing that, any child not yet referred to this service."""
    day = as_of - dt.timedelta(days=plan.days_ago)
    youngest, oldest = plan.ages
    free = [w for w in work if (w[0].pk, plan.service) not in referred]
    of_age = [w for w in free if youngest <= (w[0].age_on(day) or 0) <= oldest]
    first_choice = [w for w in of_age if w[1] <= day and w[0].pk not in used]
    return (first_choice or of_age or free or [None])[0]


def _on(start: dt.date, days: int | None, as_of: dt.date) -> dt.date | None:
    """`days` after `start`, if that has happened by the demo's day."""
    if days is None:
        return None
    day = start + dt.timedelta(days=days)
    return day if day <= as_of else None


def _follow(referral: Referral, plan: Plan, as_of: dt.date, by: User, name: str) -> None:
    start = referral.referred_on
    if plan.withdrawn_after is not None:
        services.withdraw(
            referral,
            withdrawn_on=_on(start, plan.withdrawn_after, as_of) or as_of,
            reason=plan.withdrawn_reason,
            by=by,
        )
        return
    responded_on = _on(start, plan.responded_after, as_of)
    if plan.response and responded_on:
        services.record_response(
            referral, response=plan.response, responded_on=responded_on, note=plan.note, by=by
        )
    for step in plan.steps:
        escalated_on = _on(start, step.after, as_of)
        if escalated_on is None:
            continue
        answered = _on(escalated_on, step.answered_after, as_of)
        services.escalate(
            referral,
            services.EscalationInput(
                escalated_on=escalated_on,
                to_whom=step.to_whom,
                level=step.level,
                asked=step.asked.format(name=name),
                response=step.response if answered else "",
                responded_on=answered,
                resolved=step.resolved and answered is not None,
            ),
            by=by,
        )
    seen_on = _on(start, plan.seen_after, as_of)
    if seen_on and plan.response == ACCEPTED and responded_on:
        services.record_first_appointment(referral, seen_on=seen_on, by=by)
        outcome_on = _on(start, plan.outcome_after, as_of)
        if outcome_on:
            services.record_outcome(referral, outcome=plan.outcome, outcome_on=outcome_on, by=by)
