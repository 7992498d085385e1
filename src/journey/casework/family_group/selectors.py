"""Reads for family group decision-making: the episode's page (letters, offers and answers,
meetings with the family's plan, best-interests decisions, applications to court) in a fixed
number of queries, and the measures for a period (for the improvement-plan registry)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q

from journey.cases.models import Episode
from journey.casework.family_group.services import Verdict, before_court, held_meetings
from journey.casework.models import (
    BestInterestsException,
    CourtApplication,
    FamilyGroupMeeting,
    FamilyGroupOffer,
    LetterBeforeProceedings,
)

Response = FamilyGroupOffer.Response


@dataclass(frozen=True)
class Application:
    """An application to court, and the family group decision-making that allowed it."""

    application: CourtApplication
    verdict: Verdict


@dataclass
class FamilyGroupRecord:
    letters: list[LetterBeforeProceedings]
    offers: list[FamilyGroupOffer]  # newest first, each with its meetings as `held`
    exceptions: list[BestInterestsException]
    applications: list[Application]
    today: Verdict  # whether the council could apply today, and why

    @property
    def meetings(self) -> list[FamilyGroupMeeting]:
        """The meetings held, newest first."""
        held = [m for offer in self.offers for m in held_meetings(offer)]
        return sorted(held, key=lambda m: (m.held_on, m.pk), reverse=True)


def _offers_and_decisions(
    episode: Episode,
) -> tuple[list[FamilyGroupOffer], list[BestInterestsException]]:
    """The offers (oldest first, each with its meetings as `held`) and best-interests decisions
    that `before_court` weighs: three queries."""
    offers: list[FamilyGroupOffer] = list(
        FamilyGroupOffer.objects.filter(episode=episode)
        .select_related("letter")
        .defer("letter__pdf")
        .prefetch_related(
            Prefetch(
                "meetings",
                queryset=FamilyGroupMeeting.objects.order_by("held_on", "pk"),
                to_attr="held",
            )
        )
        .order_by("offered_on", "pk")
    )
    exceptions = list(
        BestInterestsException.objects.filter(episode=episode)
        .select_related("decided_by__user")
        .order_by("decided_on", "pk")
    )
    return offers, exceptions


def court_verdict(episode: Episode, day: dt.date) -> Verdict:
    """Whether the council could apply to court on `day`, and why (for the application page)."""
    return before_court(*_offers_and_decisions(episode), day)


def family_group_record(episode: Episode, today: dt.date) -> FamilyGroupRecord:
    """Everything the page shows, in five queries however much there is. The letters' PDFs are
    not read (only the download reads one)."""
    letters = list(
        LetterBeforeProceedings.objects.filter(episode=episode)
        .defer("pdf")
        .select_related("recorded_by")
        .order_by("-sent_on", "-pk")
    )
    offers, exceptions = _offers_and_decisions(episode)
    applications = list(
        CourtApplication.objects.filter(episode=episode).order_by("-applied_on", "-pk")
    )
    return FamilyGroupRecord(
        letters=letters,
        offers=offers[::-1],
        exceptions=exceptions[::-1],
        applications=[
            Application(a, before_court(offers, exceptions, a.applied_on)) for a in applications
        ],
        today=before_court(offers, exceptions, today),
    )


def letter_of(episode: Episode, letter_id: int) -> LetterBeforeProceedings | None:
    return LetterBeforeProceedings.objects.filter(episode=episode, pk=letter_id).first()


# --- Measures ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FamilyGroupMeasures:
    """Family group decision-making in a period: offers made (by the day of the offer) and how
    the families answered, meetings held, best-interests decisions, and applications to court
    with and without a family group meeting held before them."""

    offers: int
    accepted: int
    declined: int
    awaiting: int
    meetings: int
    plans_reviewed: int
    not_offered: int
    not_held: int
    applications: int
    after_a_meeting: int

    @property
    def without_a_meeting(self) -> int:
        return self.applications - self.after_a_meeting


def family_group_measures(
    first: dt.date, after: dt.date, team_id: int | None = None
) -> FamilyGroupMeasures:
    """Days from `first` up to (not including) `after`; the whole council, or the work of one
    team. Four aggregate queries whatever the data."""
    team = Q(episode__team_id=team_id) if team_id else Q()
    offers = FamilyGroupOffer.objects.filter(
        team, offered_on__gte=first, offered_on__lt=after
    ).aggregate(
        offers=Count("pk"),
        accepted=Count("pk", filter=Q(response=Response.ACCEPTED)),
        declined=Count("pk", filter=Q(response=Response.DECLINED)),
        awaiting=Count("pk", filter=Q(response=Response.AWAITING)),
    )
    meeting_team = Q(offer__episode__team_id=team_id) if team_id else Q()
    meetings = FamilyGroupMeeting.objects.filter(
        meeting_team, held_on__gte=first, held_on__lt=after
    ).aggregate(
        meetings=Count("pk"), plans_reviewed=Count("pk", filter=Q(reviewed_on__isnull=False))
    )
    kind = BestInterestsException.Kind
    exceptions = BestInterestsException.objects.filter(
        team, decided_on__gte=first, decided_on__lt=after
    ).aggregate(
        not_offered=Count("pk", filter=Q(kind=kind.NOT_OFFERED)),
        not_held=Count("pk", filter=Q(kind=kind.NOT_HELD)),
    )
    held_before = FamilyGroupMeeting.objects.filter(
        offer__episode_id=OuterRef("episode_id"), held_on__lte=OuterRef("applied_on")
    )
    applications = (
        CourtApplication.objects.filter(team, applied_on__gte=first, applied_on__lt=after)
        .annotate(had_meeting=Exists(held_before))
        .aggregate(
            applications=Count("pk"),
            after_a_meeting=Count("pk", filter=Q(had_meeting=True)),
        )
    )
    return FamilyGroupMeasures(**offers, **meetings, **exceptions, **applications)
