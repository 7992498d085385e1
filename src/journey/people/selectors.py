"""Reads about people, shaped per screen; every one respects record-level visibility."""

from __future__ import annotations

import datetime as dt
import re

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from journey.cases.models import Episode
from journey.core.permissions import may_see_social_care, visible_children
from journey.people.models import HouseholdMember, Person, PersonName, Relationship
from journey.workforce.models import Allocation

SEARCH_LIMIT = 50


def _open_episodes(user: AbstractBaseUser) -> Prefetch:
    episodes = Episode.objects.open().select_related("team").order_by("started_on")
    if not may_see_social_care(user):
        episodes = episodes.early_help()
    return Prefetch("episodes", queryset=episodes, to_attr="open_episodes")


def search_children(
    user: AbstractBaseUser, *, text: str = "", date_of_birth: dt.date | None = None
) -> QuerySet[Person]:
    """Children the user may see whose name (current or former), ID or date of birth matches."""
    children = visible_children(user)
    text = text.strip()
    typed_date = parse_typed_date(text)
    if typed_date:
        text, date_of_birth = "", date_of_birth or typed_date
    if not text and not date_of_birth:
        return children.none()
    if date_of_birth:
        children = children.filter(date_of_birth=date_of_birth)
    if text:
        children = children.filter(_text_match(text))
    return children.prefetch_related(_open_episodes(user)).order_by(
        "last_name", "first_name", "date_of_birth"
    )[:SEARCH_LIMIT]


def parse_typed_date(text: str) -> dt.date | None:
    """A date of birth typed into the one search box: 5/11/2014, 5-11-2014 or 5 11 2014."""
    match = re.fullmatch(r"(\d{1,2})[/\-. ](\d{1,2})[/\-. ](\d{4})", text)
    if not match:
        return None
    day, month, year = (int(part) for part in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _text_match(text: str) -> Q:
    compact = text.replace(" ", "").upper()
    if re.fullmatch(r"\d{10}", compact):
        return Q(nhs_number=compact)
    if re.fullmatch(r"[A-Z]\d{11}[A-Z0-9]", compact):
        return Q(upn=compact) | Q(former_upn=compact)
    if re.fullmatch(r"JNY\d+", compact):
        return Q(local_id=compact)
    match = Q()
    for word in text.split():
        names = Q(first_name__icontains=word) | Q(last_name__icontains=word)
        former = PersonName.objects.filter(person=OuterRef("pk")).filter(
            Q(first_name__icontains=word) | Q(last_name__icontains=word)
        )
        match &= names | Q(Exists(former))
    return match


def child_summary(child: Person, user: AbstractBaseUser) -> dict:
    """Everything the child's summary page shows, in a fixed number of queries."""
    episodes = (
        Episode.objects.filter(child=child)
        .select_related("team", "team__service")
        .prefetch_related(
            Prefetch(
                "allocations",
                queryset=Allocation.objects.current().select_related(
                    "worker__user", "worker__agency"
                ),
                to_attr="current_allocations",
            ),
            Prefetch("plans", to_attr="all_plans"),
        )
        .order_by("-started_on")
    )
    if not may_see_social_care(user):
        episodes = episodes.early_help()
    episodes = list(episodes)
    for episode in episodes:
        held = {a.kind: a for a in episode.current_allocations}
        episode.allocated_worker = held.get(Allocation.Kind.WORKER)
        episode.lead_professional = held.get(Allocation.Kind.LEAD_PROFESSIONAL)
    return {
        "open_episodes": [e for e in episodes if e.is_open],
        "closed_episodes": [e for e in episodes if not e.is_open],
        "other_names": list(child.other_names.all()),
        "disabilities": list(child.disabilities.all()),
        **family_of(child),
    }


def family_of(child: Person) -> dict:
    households = list(
        HouseholdMember.objects.filter(person=child, left_on__isnull=True).select_related(
            "household"
        )
    )
    members = list(
        HouseholdMember.objects.filter(
            household_id__in=[m.household_id for m in households], left_on__isnull=True
        )
        .exclude(person=child)
        .select_related("person")
        .order_by("person__date_of_birth")
    )
    relationships = list(
        Relationship.objects.filter(Q(from_person=child) | Q(to_person=child))
        .select_related("from_person", "to_person")
        .order_by("kind")
    )
    related = [
        {
            "person": r.from_person if r.to_person_id == child.pk else r.to_person,
            "label": r.label_from(child) if r.to_person_id == child.pk else r.INVERSE[r.kind],
            "relationship": r,
        }
        for r in relationships
    ]
    return {"households": households, "household_members": members, "relationships": related}
