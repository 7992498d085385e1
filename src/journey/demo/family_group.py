"""Children in pre-proceedings: the demo council's family group decision-making, written through
the services as a social worker and their manager would.

Three children on child protection plans whose work has gone on long enough (in the tiny council,
which has little social care open, Family Help children make up the three): one family accepted
the family group decision-making meeting offered in the letter before proceedings, held it and
made a plan, reviewed six weeks later, before the council applied for a care order; one family
declined it, and the council applied for a supervision order; and for one child a manager decided
it was not in the child's best interests to offer a meeting before the council applied. Dated
from the demo's day; what the services stamp with the clock is re-dated to the day it happened.
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth.models import User
from django.db.models import Case, Exists, OuterRef, When

from journey.cases.models import STATUTORY_KINDS, Episode, EpisodeKind
from journey.casework.family_group import services
from journey.casework.models import LetterBeforeProceedings, Plan
from journey.chronology.models import ChronologyEntry, EntryKind
from journey.chronology.services import start_of
from journey.core.views_of_child import ViewsInput, ViewsMethod
from journey.workforce.models import PARTNER_ROLES, Allocation, Role, Worker

#: How long before the demo's day the work must have started for the story to fit in it.
LONG_ENOUGH = 125
COURT = "Fairshire Family Court"


def seed_family_group(*, as_of: dt.date, rng: random.Random) -> int:
    """The three stories; returns how many children have them. (`rng` is unused: the children
    are the first that fit, in a fixed order.)"""
    stories = [_accepted_and_held, _declined, _not_offered]
    chosen = _candidates(as_of, len(stories))
    for (episode, by, manager), story in zip(chosen, stories, strict=False):
        story(episode, by, manager, as_of)
    _redate([episode for episode, _, _ in chosen])
    return len(chosen)


def _candidates(as_of: dt.date, count: int) -> list[tuple[Episode, User, Worker]]:
    """Open work of unrestricted children, long enough under way, whose team has a manager:
    social care on a child protection plan first, then other social care, then Family Help (a
    council as small as the tiny one has little social care open); each with the council worker
    who holds it (or the manager) to record. The first few in a fixed order."""
    open_cp_plan = Plan.objects.filter(
        episode=OuterRef("pk"), kind=Plan.Kind.CP, ended_on__isnull=True
    )
    episodes = (
        Episode.objects.filter(
            kind__in=STATUTORY_KINDS,
            ended_on__isnull=True,
            child__is_restricted=False,
            started_on__lte=as_of - dt.timedelta(days=LONG_ENOUGH),
        )
        .annotate(
            on_cp_plan=Exists(open_cp_plan),
            family_help=Case(When(kind=EpisodeKind.FAMILY_HELP, then=1), default=0),
        )
        .select_related("child", "team")
        .order_by("family_help", "-on_cp_plan", "pk")
    )
    managers = {
        w.team_id: w
        for w in Worker.objects.filter(role=Role.TEAM_MANAGER, is_active=True)
        .select_related("user")
        .order_by("pk")
    }
    chosen = []
    for episode in episodes[: count * 10]:
        if len(chosen) == count:
            break
        manager = managers.get(episode.team_id)
        if manager is None:
            continue
        holder = (
            Allocation.objects.current()
            .filter(episode=episode, worker__is_active=True)
            .exclude(worker__role__in=PARTNER_ROLES)
            .select_related("worker__user")
            .order_by(Case(When(kind=Allocation.Kind.WORKER, then=0), default=1), "pk")
            .first()
        )
        chosen.append((episode, holder.worker.user if holder else manager.user, manager))
    return chosen


def _letter(episode: Episode, by: User, sent_on: dt.date, parents: str) -> LetterBeforeProceedings:
    name = episode.child.first_name
    return services.write_letter_before_proceedings(
        episode,
        services.LetterInput(
            sent_on=sent_on,
            addressed_to=parents,
            concerns=f"Since the child protection plan began, {name} has been left without an "
            "adult at home on several nights, has missed health appointments and has told a "
            "teacher there is often no food in the house.",
            what_must_change=f"From now on an adult must be at home with {name} every night. "
            f"{name} must be taken to every health appointment. By the review in six weeks the "
            "home must have food and heating every day.",
            pre_proceedings_meeting_on=sent_on + dt.timedelta(days=10),
            how_to_accept=f"Tell {by.get_full_name()}, {name}'s social worker, by phone, by "
            "letter or in person, or tell us at the pre-proceedings meeting.",
        ),
        by=by,
    )


def _accepted_and_held(episode: Episode, by: User, manager: Worker, as_of: dt.date) -> None:
    sent_on = as_of - dt.timedelta(days=110)
    last = episode.child.last_name
    offer = _letter(episode, by, sent_on, f"Ms {last} and Mr {last}").offer
    offer = services.record_family_answer(
        offer,
        response="accepted",
        responded_on=sent_on + dt.timedelta(days=6),
        response_by=f"Ms {last}, {episode.child.first_name}'s mother, for the family",
        by=by,
    )
    held_on = sent_on + dt.timedelta(days=27)
    name = episode.child.first_name
    meeting = services.record_family_group_meeting(
        offer,
        services.MeetingInput(
            held_on=held_on,
            coordinator="Grace Okafor, independent family group coordinator",
            who_came=f"{name}'s mother, grandmother and aunt; a family friend; {name} for the "
            "first part",
            private_family_time=True,
            family_plan=f"{name}'s grandmother will stay at the house three nights a week and "
            "the aunt at weekends. The mother will go to the family centre every Tuesday. The "
            f"grandmother will take {name} to health appointments. The family will meet again "
            "in six weeks.",
            review_on=held_on + dt.timedelta(days=42),
            views=ViewsInput(
                child_views=f"{name} said: “I want Nan to stay. It's better when she's here.”",
                child_views_method=ViewsMethod.TALKING,
                parent_views="Mum said it was the first meeting where the family made the plan "
                "and the professionals listened.",
            ),
        ),
        by=by,
    )
    services.review_family_plan(
        meeting,
        reviewed_on=held_on + dt.timedelta(days=42),
        review_note="The grandmother has stayed as planned, but the aunt could not, and "
        f"{name} was again left alone twice: the plan is not enough on its own.",
        by=by,
    )
    services.record_court_application(
        episode,
        order="care",
        applied_on=as_of - dt.timedelta(days=20),
        court=COURT,
        note=f"The family's plan has not kept {name} safe at night: the council asks for a "
        "care order, with the grandmother assessed as a carer.",
        by=by,
    )


def _declined(episode: Episode, by: User, manager: Worker, as_of: dt.date) -> None:
    sent_on = as_of - dt.timedelta(days=90)
    last = episode.child.last_name
    offer = _letter(episode, by, sent_on, f"Ms {last}").offer
    services.record_family_answer(
        offer,
        response="declined",
        responded_on=sent_on + dt.timedelta(days=9),
        response_by=f"Ms {last}, {episode.child.first_name}'s mother",
        by=by,
    )
    services.record_court_application(
        episode,
        order="supervision",
        applied_on=as_of - dt.timedelta(days=30),
        court=COURT,
        note="The mother declined a family group meeting and the changes asked for have not "
        "been made: the council asks for a supervision order.",
        by=by,
    )


def _not_offered(episode: Episode, by: User, manager: Worker, as_of: dt.date) -> None:
    decided_on = as_of - dt.timedelta(days=60)
    services.record_best_interests_exception(
        episode,
        kind="not_offered",
        decided_on=decided_on,
        decided_by=manager,
        reasons="The father has threatened the mother's family, who would be at the meeting: "
        "bringing them together would put them and the child at risk, and the child needs "
        "the court's protection without delay.",
        by=manager.user,
    )
    services.record_court_application(
        episode,
        order="care",
        applied_on=decided_on + dt.timedelta(days=5),
        court=COURT,
        note="Serious injuries the parents cannot explain: the council asks for a care order.",
        by=by,
    )


def _redate(episodes: list[Episode]) -> None:
    """Recorded on the days they happened, as the rest of the council is, not on the clock's."""
    for entry in ChronologyEntry.objects.filter(
        episode__in=episodes, kind__in=[EntryKind.FAMILY_GROUP, EntryKind.COURT]
    ):
        entry.recorded_at = entry.occurred_at
        entry.save(update_fields=["recorded_at"])
    for letter in LetterBeforeProceedings.objects.filter(episode__in=episodes).defer("pdf"):
        letter.recorded_at = start_of(letter.sent_on)
        letter.save(update_fields=["recorded_at"])
