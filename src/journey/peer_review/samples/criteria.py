"""The criteria a line of enquiry's sample is drawn by: a small registry.

Each criterion finds the candidate work on a given day (`on`, the day the sample is drawn), over
the `months` before it where it looks back: one episode per child, the child's latest work in
scope. Applying the same criterion with the same months on the same day finds the same work, so
a sample drawn from the recorded seed can be drawn again. Who may be sampled (the planner's
visibility, never a restricted record) is decided by `journey.access.peer_review.sampleable`.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from journey.cases.models import (
    EARLY_HELP_KINDS,
    STATUTORY_KINDS,
    EarlyHelpClosureReason,
    Episode,
    EpisodeKind,
    StepChange,
)
from journey.casework.models import Plan
from journey.complaints.models import ComplaintChild, Outcome
from journey.complaints.models import Finding as ComplaintFinding
from journey.core.templatetags.govuk import govuk_date
from journey.peer_review.models import PeerReview

MIN_MONTHS, MAX_MONTHS = 1, 24
UPHELD = [Outcome.UPHELD, Outcome.PARTLY_UPHELD]

EpisodeFinder = Callable[[PeerReview | None, int | None, dt.date], QuerySet[Episode]]


def months_before(on: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months earlier (the month's last day where it is shorter)."""
    total = on.year * 12 + on.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    return dt.date(year, month, min(on.day, calendar.monthrange(year, month)[1]))


def _since(on: dt.date, months: int | None) -> dt.date:
    return months_before(on, months or 0)


def _open_on(on: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}started_on__lte": on}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gte": on})
    )


def latest_per_child(episodes: QuerySet[Episode]) -> QuerySet[Episode]:
    """Of these episodes, each child's latest (by start, then id): one candidate per child."""
    latest = (
        episodes.filter(child_id=OuterRef("child_id")).order_by("-started_on", "-pk").values("pk")
    )
    return episodes.filter(pk=Subquery(latest[:1]))


def stepped_up(review: PeerReview | None, months: int | None, on: dt.date) -> QuerySet[Episode]:
    """The social care work a step up handed over in the window opened; or, where the step was
    not recorded as one (work moved before step changes were kept), statutory work started in the
    window after early help closed as stepped up in it."""
    since = _since(on, months)
    handed_over = StepChange.objects.filter(
        direction=StepChange.Direction.UP,
        status=StepChange.Status.HANDED_OVER,
        handover_on__gte=since,
        handover_on__lte=on,
    )
    closed_as_stepped_up = Episode.objects.filter(
        child_id=OuterRef("child_id"),
        kind__in=EARLY_HELP_KINDS,
        closure_reason=EarlyHelpClosureReason.STEPPED_UP,
        ended_on__gte=since,
        ended_on__lte=on,
    )
    episodes = Episode.objects.filter(kind__in=STATUTORY_KINDS).filter(
        Q(pk__in=handed_over.values("to_episode_id"))
        | Q(Exists(closed_as_stepped_up), started_on__gte=since, started_on__lte=on)
    )
    return latest_per_child(episodes)


def stepped_down(review: PeerReview | None, months: int | None, on: dt.date) -> QuerySet[Episode]:
    """The early help or Family Help work a step down handed over in the window opened."""
    since = _since(on, months)
    handed_over = StepChange.objects.filter(
        direction=StepChange.Direction.DOWN,
        status=StepChange.Status.HANDED_OVER,
        handover_on__gte=since,
        handover_on__lte=on,
    )
    return latest_per_child(Episode.objects.filter(pk__in=handed_over.values("to_episode_id")))


def cin_interface(review: PeerReview | None, months: int | None, on: dt.date) -> QuerySet[Episode]:
    """Work holding a child in need plan open on the day, for a child whose early help was open
    at some time in the window (open now, or ended in it)."""
    since = _since(on, months)
    plans = Plan.objects.filter(_open_on(on), kind=Plan.Kind.CIN)
    early_help = Episode.objects.filter(
        child_id=OuterRef("child_id"), kind__in=EARLY_HELP_KINDS, started_on__lte=on
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=since))
    episodes = Episode.objects.filter(pk__in=plans.values("episode_id")).filter(Exists(early_help))
    return latest_per_child(episodes)


def cp_plan(review: PeerReview | None, months: int | None, on: dt.date) -> QuerySet[Episode]:
    """Work holding a child protection plan open on the day."""
    plans = Plan.objects.filter(_open_on(on), kind=Plan.Kind.CP)
    return latest_per_child(Episode.objects.filter(pk__in=plans.values("episode_id")))


def early_help_open(
    review: PeerReview | None, months: int | None, on: dt.date
) -> QuerySet[Episode]:
    """Early help with a CAF and Team Around the Family, or Family Help, open on the day."""
    kinds = [EpisodeKind.EARLY_HELP_CAF, EpisodeKind.FAMILY_HELP]
    return latest_per_child(Episode.objects.filter(_open_on(on), kind__in=kinds))


def complaint_upheld(
    review: PeerReview | None, months: int | None, on: dt.date
) -> QuerySet[Episode]:
    """The latest work (begun by the day) of each child a complaint was about, where a stage
    answered in the window upheld, fully or partly, any part of it."""
    since = _since(on, months)
    upheld = ComplaintFinding.objects.filter(
        outcome__in=UPHELD, stage__responded_on__gte=since, stage__responded_on__lte=on
    )
    children = ComplaintChild.objects.filter(
        complaint_id__in=upheld.values("element__complaint_id")
    ).values("child_id")
    return latest_per_child(Episode.objects.filter(child_id__in=children, started_on__lte=on))


@dataclass(frozen=True)
class Criterion:
    key: str
    #: What the cases have in common, with "{period}" where the window goes.
    phrase: str
    hint: str
    find: EpisodeFinder
    uses_months: bool = True

    @property
    def label(self) -> str:
        return self.phrase.format(period="in the last N months" if self.uses_months else "")

    def describe(self, months: int | None, on: dt.date) -> str:
        """In words, as drawn: "… in the 6 months to 2 March 2027"."""
        if not self.uses_months:
            return self.phrase.format(period="") + f" on {govuk_date(on)}"
        unit = "month" if months == 1 else f"{months} months"
        return self.phrase.format(period=f"in the {unit} to {govuk_date(on)}")

    def episodes(
        self, review: PeerReview | None, months: int | None, on: dt.date
    ) -> QuerySet[Episode]:
        return self.find(review, months if self.uses_months else None, on)


CRITERIA: dict[str, Criterion] = {
    c.key: c
    for c in [
        Criterion(
            "stepped_up",
            "Stepped up from early help to social care {period}",
            "The social care (or Family Help) work a step up opened",
            stepped_up,
        ),
        Criterion(
            "stepped_down",
            "Stepped down from social care to early help {period}",
            "The early help work a step down opened",
            stepped_down,
        ),
        Criterion(
            "cin_interface",
            "On a child in need plan at the early help / children in need interface, with early "
            "help open {period}",
            "A child in need plan open on the day, for a child who had early help open or ending "
            "in the period",
            cin_interface,
        ),
        Criterion(
            "cp_plan",
            "On a child protection plan{period}",
            "A child protection plan open on the day",
            cp_plan,
            uses_months=False,
        ),
        Criterion(
            "early_help_open",
            "Early help (CAF/TAF) or Family Help work open{period}",
            "Early help with a CAF and Team Around the Family, or Family Help, open on the day",
            early_help_open,
            uses_months=False,
        ),
        Criterion(
            "complaint_upheld",
            "About whom a complaint was upheld (fully or partly) {period}",
            "A complaint answered in the period upheld at least one part; the child's latest "
            "work is sampled",
            complaint_upheld,
        ),
    ]
}


def get(key: str) -> Criterion | None:
    return CRITERIA.get(key)
