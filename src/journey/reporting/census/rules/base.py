"""What a census rule is, and the context every rule is checked in.

A rule has the DfE's number and message, whether it is an error (the DfE will not accept the
return until it is fixed) or a query (it must be checked and, if right, explained), which page
fixes it (the child's details, or one CIN episode's social care record) and a check. Child
checks take `(child, context)`; episode checks take `(episode, child, context)` and may look at
the child's other episodes where the rule compares them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from journey.core.working_days import is_working_day
from journey.reporting.census.collection import Collection
from journey.reporting.census.records import CensusChild, CinDetails, CinPlanRecord, CpPlanRecord

CHILD = "child"
EPISODE = "social_care_record"


@dataclass(frozen=True)
class Context:
    collection: Collection
    duplicate_upns: frozenset[str] = frozenset()
    duplicate_child_ids: frozenset[str] = frozenset()
    today: dt.date | None = None  # while the year is under way, rules on time elapsed stop here

    @property
    def reference_date(self) -> dt.date:
        return self.collection.reference_date

    @property
    def as_at(self) -> dt.date:
        """The reference date, or today while the collection year is still under way."""
        reference = self.collection.reference_date
        return min(reference, self.today) if self.today else reference

    @property
    def start(self) -> dt.date:
        return self.collection.start


ChildCheck = Callable[[CensusChild, Context], bool]
EpisodeCheck = Callable[[CinDetails, CensusChild, Context], bool]


@dataclass(frozen=True)
class Rule:
    number: str
    message: str
    fix: str  # CHILD or EPISODE: the page that corrects it
    check: ChildCheck | EpisodeCheck = field(compare=False)
    query: bool = False  # a DfE query (to check and explain), not an error
    from_year: int = 0  # first collection the rule applies to
    to_year: int = 9999  # last collection the rule applies to

    @property
    def kind(self) -> str:
        return "Query" if self.query else "Error"

    def applies(self, collection: Collection) -> bool:
        return self.from_year <= collection.year <= self.to_year


def child_rule(number: str, message: str, *, query: bool = False, **years: int):
    """Decorator: the function below is the check of a rule on the child's details."""
    return _registering(number, message, CHILD, query, years)


def episode_rule(number: str, message: str, *, query: bool = False, **years: int):
    """Decorator: the function below is the check of a rule on one CIN episode."""
    return _registering(number, message, EPISODE, query, years)


REGISTRY: list[Rule] = []


def _registering(number: str, message: str, fix: str, query: bool, years: dict[str, int]):
    def register(check):
        if any(rule.number == number for rule in REGISTRY):
            raise ValueError(f"Census rule {number} is defined twice")
        REGISTRY.append(Rule(number, message, fix, check, query, **years))
        return check

    return register


# --- helpers the rules share ------------------------------------------------------------------


def before(day: dt.date | None, other: dt.date | None) -> bool:
    """Both dates are known and `day` is earlier than `other`."""
    return day is not None and other is not None and day < other


def working_days_before(day: dt.date, days: int) -> dt.date:
    """The date `days` working days before `day` (England; `day` itself is not counted)."""
    while days:
        day -= dt.timedelta(days=1)
        days -= is_working_day(day)
    return day


def cin_plans_of(child: CensusChild) -> Iterator[CinPlanRecord]:
    """Every CIN plan of the child, across their CIN episodes (rules comparing the whole child)."""
    for episode in child.episodes:
        yield from episode.cin_plans


def cp_plans_of(child: CensusChild) -> Iterator[CpPlanRecord]:
    """Every child protection plan of the child, across their CIN episodes."""
    for episode in child.episodes:
        yield from episode.cp_plans
