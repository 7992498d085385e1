"""Explaining a census query: a DfE query (a rule number ending in Q) flags a record that may be
right, and the council must tell the DfE why it is. An error must be fixed, not explained.

An explanation is kept for (collection year, rule, child, episode), not for one stored breach,
so it carries over to every later check of the same collection. Explanations are never changed
or deleted: a new one is added and the newest counts.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, TypedDict

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.lookups import IsNull
from django.utils import timezone

from journey.core.templatetags.govuk import user_name
from journey.reporting.models import CensusBreach, CensusQueryExplanation

MIN_CHARS = 20
MIN_WORDS = 4
MAX_CHARS = 2000


def explanation_problem(text: str) -> str | None:
    """Why an explanation is not enough for the DfE, or None."""
    text = (text or "").strip()
    if not text:
        return "Enter why the record is right"
    if len(text) < MIN_CHARS or len(re.findall(r"\w+", text)) < MIN_WORDS:
        return (
            f"The explanation must be at least {MIN_CHARS} characters and {MIN_WORDS} words: "
            "say why the record is right, as the DfE will read it"
        )
    if len(text) > MAX_CHARS:
        return f"The explanation must be {MAX_CHARS:,} characters or fewer"
    return None


def explain_census_query(
    breach: CensusBreach, *, explanation: str, by: User
) -> CensusQueryExplanation:
    """Record why the record breaking a query rule is right. Refuses errors and thin reasons."""
    with transaction.atomic():
        if not breach.is_query:
            raise ValidationError(
                f"Rule {breach.rule} is an error, not a query: correct the record, an error "
                "cannot be explained"
            )
        problem = explanation_problem(explanation)
        if problem:
            raise ValidationError({"explanation": problem})
        return CensusQueryExplanation.objects.create(
            year=breach.census_check.year,
            rule=breach.rule,
            child_id=breach.child_id,
            episode_id=breach.episode_id,
            explanation=explanation.strip(),
            explained_by=by,
            explained_by_name=user_name(by),
            explained_at=timezone.now(),
        )


def explanations_of_breach(year: int) -> QuerySet[CensusQueryExplanation]:
    """The explanations of the outer breach (a `CensusBreach` of a check of `year`), newest first.

    For a subquery: matches the outer row's rule, child and episode, a missing episode (a rule
    on the child's details) matching a missing episode."""
    same_episode = Q(episode=OuterRef("episode")) | (
        Q(episode__isnull=True) & IsNull(OuterRef("episode"), True)
    )
    return (
        CensusQueryExplanation.objects.filter(
            year=year, rule=OuterRef("rule"), child=OuterRef("child")
        )
        .filter(same_episode)
        .order_by("-explained_at", "-pk")
    )


class Explained(TypedDict):
    """A breach's newest explanation, as `with_explanations` annotates it (None: not explained)."""

    explained: bool
    explanation: str | None
    explained_by_name: str | None
    explained_at: dt.datetime | None


if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    #: A breach with its newest explanation.
    ExplainedBreach = WithAnnotations[CensusBreach, Explained]


def with_explanations(breaches: QuerySet[CensusBreach], year: int) -> QuerySet[ExplainedBreach]:
    """Annotate each breach with its newest explanation (text, by whom, when) and `explained`.

    Correlated subqueries in the one query, so a page of breaches costs no more queries
    however many are explained. Only queries are explained (a query's number ends in Q, so an
    error's never matches one)."""
    newest = explanations_of_breach(year)
    return breaches.annotate(
        explained=Exists(newest),
        explanation=Subquery(newest.values("explanation")[:1]),
        explained_by_name=Subquery(newest.values("explained_by_name")[:1]),
        explained_at=Subquery(newest.values("explained_at")[:1]),
    )


def latest_explanation(breach: CensusBreach) -> CensusQueryExplanation | None:
    """The newest explanation that counts for this breach, if any."""
    return (
        CensusQueryExplanation.objects.filter(
            year=breach.census_check.year,
            rule=breach.rule,
            child_id=breach.child_id,
            episode=breach.episode_id,  # None matches a missing episode (IS NULL)
        )
        .order_by("-explained_at", "-pk")
        .first()
    )
