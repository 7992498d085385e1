"""Deliberate data-quality problems for demonstrating the census data-quality page (off unless
asked for: `python manage.py census_demo_problems --count 5`).

These are bad data on purpose, so they are written straight to the rows (the services refuse
them) and each spoiled record is named in the returned list.
"""

from __future__ import annotations

import random

from journey.cases.models import Episode
from journey.casework.models import Assessment
from journey.people.models import Person
from journey.reporting.census.collection import Collection, episodes_in_scope
from journey.reporting.census.rules.child import upn_check_letter


def _no_referral_source(episode: Episode) -> str:
    Episode.objects.filter(pk=episode.pk).update(referral_source="")
    return "8866 referral source removed"


def _no_primary_need(episode: Episode) -> str:
    Episode.objects.filter(pk=episode.pk).update(primary_need="", referral_nfa=False)
    return "8610 primary need removed"


def _bad_upn(episode: Episode) -> str:
    body = "201251234567"
    right = upn_check_letter("A" + body)
    wrong = "B" if right == "A" else "A"
    Person.objects.filter(pk=episode.child_id).update(upn=wrong + body, upn_unknown="")
    return "1510 UPN with the wrong check letter"


def _no_factors(episode: Episode) -> str:
    done = Assessment.objects.filter(
        episode=episode, kind=Assessment.Kind.SINGLE, completed_on__isnull=False
    )
    if not done.update(factors=[]):
        return _no_referral_source(episode)
    return "8897Q assessment factors removed"


def _no_ethnicity(episode: Episode) -> str:
    Person.objects.filter(pk=episode.child_id).update(ethnicity="")
    return "4220 ethnicity removed"


PROBLEMS = (_no_referral_source, _no_primary_need, _bad_upn, _no_factors, _no_ethnicity)


def spoil_for_demo(count: int, rng: random.Random, collection: Collection) -> list[str]:
    """Spoil `count` children's records in the collection, one problem each, in turn."""
    ids = list(episodes_in_scope(collection).order_by("pk").values_list("pk", flat=True))
    chosen = rng.sample(ids, min(count, len(ids)))
    done = []
    for n, episode in enumerate(Episode.objects.filter(pk__in=chosen).order_by("pk")):
        what = PROBLEMS[n % len(PROBLEMS)](episode)
        done.append(f"episode {episode.pk} (child {episode.child_id}): {what}")
    return done
