"""The DfE CIN census validation rules this return checks, as data: number, message, error or
query, and which record to fix (the child's details, or the social care record of one CIN
episode).

Numbers and messages are the DfE's, as published in the CIN census validation rules and as
used by the open-source CIN validator (data-to-insight/csc-validator-be-cin); messages are
shortened where long. Rules numbered "J…" are Journey's own checks of what the schema requires
where no numbered rule covers it.

Rules run on the same `CensusChild` records the export writes, while streaming (a fixed number
of queries per chunk of children), plus one set-based query per rule that compares children
(1520 duplicate UPNs, 8510 duplicate LAchildIDs). The modules group them by the part of the
return they read:

* `child`: ChildIdentifiers, ChildCharacteristics, Disabilities;
* `referral`: CINdetails (referral, primary need, closure) and how episodes sit together;
* `assessments`: Assessments and their factors;
* `plans`: CIN plan dates;
* `protection`: Section 47 enquiries, child protection plans and their reviews;
* `whole_return`: the DfE's LA-level rules, on counts over the whole return, and the two rules
  the export meets by how it writes the file.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone

from journey.people.models import Person
from journey.reporting.census.collection import Collection, census_children, child_ids_in_scope
from journey.reporting.census.records import CensusChild
from journey.reporting.census.rules import assessments, child, plans, protection, referral
from journey.reporting.census.rules.base import CHILD, EPISODE, REGISTRY, Context, Rule
from journey.reporting.census.rules.child import upn_check_letter
from journey.reporting.census.rules.whole_return import (
    MET_BY_THE_EXPORT,
    RETURN_RULES,
    ReturnRule,
    ReturnTally,
    return_breaches,
    return_rule_numbered,
)

__all__ = [
    "CHILD",
    "EPISODE",
    "MET_BY_THE_EXPORT",
    "RETURN_RULES",
    "RULES",
    "ReturnRule",
    "ReturnTally",
    "Breach",
    "Context",
    "Rule",
    "Summary",
    "check",
    "child_breaches",
    "context_for",
    "return_breaches",
    "return_rule_numbered",
    "rule_numbered",
    "upn_check_letter",
]

del assessments, child, plans, protection, referral  # imported for their rules

RULES: tuple[Rule, ...] = tuple(sorted(REGISTRY, key=lambda r: (r.number[0] == "J", r.number)))
CHILD_RULES = tuple(r for r in RULES if r.fix == CHILD)
EPISODE_RULES = tuple(r for r in RULES if r.fix == EPISODE)
_BY_NUMBER = {r.number: r for r in RULES}


def rule_numbered(number: str) -> Rule | None:
    return _BY_NUMBER.get(number)


@dataclass(frozen=True)
class Breach:
    rule: Rule
    child: CensusChild
    episode_id: int | None = None


def _duplicated(collection: Collection, field_name: str) -> frozenset[str]:
    rows = (
        Person.objects.filter(pk__in=child_ids_in_scope(collection))
        .exclude(**{field_name: ""})
        .values(field_name)
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .values_list(field_name, flat=True)
    )
    return frozenset(rows)


def context_for(collection: Collection) -> Context:
    """The collection, with what rules comparing children need (one grouped query each)."""
    return Context(
        collection,
        today=timezone.localdate(),
        duplicate_upns=_duplicated(collection, "upn"),
        duplicate_child_ids=_duplicated(collection, "local_id"),
    )


def child_breaches(child: CensusChild, context: Context) -> Iterator[Breach]:
    collection = context.collection
    for rule in CHILD_RULES:
        if rule.applies(collection) and rule.check(child, context):
            yield Breach(rule, child)
    for episode in child.episodes:
        for rule in EPISODE_RULES:
            if rule.applies(collection) and rule.check(episode, child, context):
                yield Breach(rule, child, episode.episode_id)


@dataclass
class Summary:
    children: int = 0
    episodes: int = 0
    breaches: list[Breach] = field(default_factory=list)
    tally: ReturnTally = field(default_factory=ReturnTally)

    @property
    def return_breaches(self) -> list[ReturnRule]:
        return return_breaches(self.tally)

    @property
    def children_with_problems(self) -> int:
        return len({b.child.la_child_id for b in self.breaches})

    def by_rule(self) -> list[tuple[str, str, int]]:
        counts = Counter((b.rule.number, b.rule.message) for b in self.breaches)
        counts.update({(r.number, r.message): 1 for r in self.return_breaches})
        return [(number, message, n) for (number, message), n in sorted(counts.items())]


def check(collection: Collection) -> Summary:
    """Every breach in the collection, with the counts the page and the command print."""
    summary = Summary()
    context = context_for(collection)
    for child in census_children(collection):
        summary.children += 1
        summary.episodes += len(child.episodes)
        summary.breaches.extend(child_breaches(child, context))
        summary.tally.add(child, context)
    return summary
