"""Reads of secure links: the child's Views tab, one link with its answer and responses, and the
outbox. Each in a fixed number of queries however many links there are."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from journey.outcomes.selectors import LinkOffer, link_offers
from journey.people.contact_details.selectors import Reachable, reachable
from journey.people.models import Person
from journey.voice.links.models import OutboxMessage, ViewsAnswer, ViewsLink, ViewsResponse

#: The most links the tab lists, newest first.
LINKS_LIMIT = 200
OUTBOX_LIMIT = 100


@dataclass(frozen=True)
class LinkRow:
    link: ViewsLink
    status: str  # "Answered", "Waiting", "Expired", "Locked"
    tag: str  # the GOV.UK tag colour

    @property
    def answer(self) -> ViewsAnswer | None:
        return getattr(self.link, "answer", None) if self.link.answered_at else None


def _status(link: ViewsLink, now: dt.datetime) -> tuple[str, str]:
    if link.answered_at:
        acknowledged = link.answer.acknowledged_at is not None
        return ("Answered", "green") if acknowledged else ("Answered: to acknowledge", "yellow")
    if getattr(link, "failure_count", 0) >= settings.JOURNEY_VIEWS_LINK_FAILURES:
        return "Locked", "red"
    if link.expires_at <= now:
        return "Expired unanswered", "grey"
    return "Waiting", "blue"


def _links() -> QuerySet[ViewsLink]:
    return ViewsLink.objects.select_related("recipient", "sent_by", "answer").annotate(
        failure_count=Count("failures")
    )


def child_views(child: Person) -> dict:
    """The Views tab: who may be sent a link, and every link sent, with its answer."""
    now = timezone.now()
    links = list(_links().filter(child=child).order_by("-sent_at", "-pk")[:LINKS_LIMIT])
    return {
        "reachable": reachable(child),
        "links": [LinkRow(link, *_status(link, now)) for link in links],
    }


def views_link(link_id: int) -> LinkRow | None:
    """One link with its answer and the responses to it, oldest first."""
    link = (
        _links()
        .prefetch_related(
            Prefetch(
                "answer__responses",
                queryset=ViewsResponse.objects.select_related("written_by").order_by("written_at"),
            )
        )
        .select_related("answer__acknowledged_by", "outcome_version__tool")
        .filter(pk=link_id)
        .first()
    )
    return LinkRow(link, *_status(link, timezone.now())) if link else None


def reachable_for(child: Person) -> list[Reachable]:
    return reachable(child)


def outbox() -> list[OutboxMessage]:
    return list(OutboxMessage.objects.order_by("-sent_at", "-pk")[:OUTBOX_LIMIT])


def score_offers(child: Person) -> list[LinkOffer]:
    """The outcome tools the family could be asked to score through a link, for the child's
    open work (or work closed recently enough for its closing measure)."""
    return link_offers(child.pk, timezone.localdate())
