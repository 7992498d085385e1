"""Drawing a round's sample: reproducible from the round's seed, random or stratified.

Eligible cases are the episodes open at any time in the round's period, in its teams and kinds
of work. A random sample is `random.Random(seed).sample` over the ids in order. A stratified
sample shares the sample size between the strata (team, worker or kind) in proportion to their
size, by largest remainder, then draws within each stratum in key order with the same seeded
generator. Same round, same eligible cases: same sample.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import F, OuterRef, Q, QuerySet, Subquery

from journey.cases.models import Episode
from journey.quality.models import AuditRound, SampleMethod
from journey.workforce.models import Allocation

NO_WORKER = "none"


@dataclass(frozen=True)
class Candidate:
    episode_id: int
    team_id: int
    kind: str
    worker_id: int | None

    def stratum(self, method: str) -> str:
        """The key of this case's stratum for a method ("" for a random sample)."""
        if method == SampleMethod.TEAM:
            return str(self.team_id)
        if method == SampleMethod.WORKER:
            return str(self.worker_id) if self.worker_id else NO_WORKER
        if method == SampleMethod.KIND:
            return self.kind
        return ""


def eligible_episodes(audit_round: AuditRound, team_ids: list[int]) -> QuerySet[Episode]:
    """Episodes open at any time in the period, in the round's teams and kinds."""
    return Episode.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=audit_round.period_start),
        started_on__lte=audit_round.period_end,
        team_id__in=team_ids,
        kind__in=audit_round.kinds,
    )


def allocated_worker_subquery(episode_ref: str = "pk") -> Subquery:
    """The episode's allocated worker: the current one, or the last if the work has closed."""
    latest = Allocation.objects.filter(
        episode_id=OuterRef(episode_ref), kind=Allocation.Kind.WORKER
    ).order_by(F("ended_on").desc(nulls_first=True), "-started_on", "-pk")
    return Subquery(latest.values("worker_id")[:1])


def candidates(audit_round: AuditRound, team_ids: list[int]) -> list[Candidate]:
    """Every eligible case in id order, in one query."""
    rows = (
        eligible_episodes(audit_round, team_ids)
        .annotate(allocated_worker=allocated_worker_subquery())
        .order_by("pk")
        .values_list("pk", "team_id", "kind", "allocated_worker")
    )
    return [Candidate(*row) for row in rows]


def share_by_largest_remainder(counts: dict[str, int], size: int) -> dict[str, int]:
    """Share `size` between strata in proportion to their counts (Hamilton's method).

    Each stratum gets the whole part of its quota; what is left goes one each to the largest
    remainders (ties: the larger stratum, then the key). Never more than a stratum holds.
    """
    total = sum(counts.values())
    size = min(size, total)
    if total == 0 or size == 0:
        return dict.fromkeys(counts, 0)
    shares = {key: (size * n) // total for key, n in counts.items()}
    remainders = {key: (size * n) % total for key, n in counts.items()}
    left = size - sum(shares.values())
    for key in sorted(counts, key=lambda k: (-remainders[k], -counts[k], k))[:left]:
        shares[key] += 1
    return shares


def draw(pool: list[Candidate], size: int, seed: int, method: str) -> list[Candidate]:
    """The sample, in the order drawn."""
    rng = random.Random(seed)
    ordered = sorted(pool, key=lambda c: c.episode_id)
    if method == SampleMethod.RANDOM:
        return rng.sample(ordered, min(size, len(ordered)))
    strata: dict[str, list[Candidate]] = defaultdict(list)
    for candidate in ordered:
        strata[candidate.stratum(method)].append(candidate)
    shares = share_by_largest_remainder({k: len(v) for k, v in strata.items()}, size)
    chosen: list[Candidate] = []
    for key in sorted(strata):
        chosen.extend(rng.sample(strata[key], shares[key]))
    return chosen


def draw_replacement(
    pool: list[Candidate], taken: set[int], seed: int, method: str, stratum: str, nth: int
) -> Candidate | None:
    """One more case for an excluded one: from the same stratum where it has any left."""
    left = sorted((c for c in pool if c.episode_id not in taken), key=lambda c: c.episode_id)
    same = [c for c in left if c.stratum(method) == stratum]
    options = same or left
    if not options:
        return None
    # A string seed is hashed the same way on every run: the nth replacement is reproducible.
    return random.Random(f"{seed}:replacement:{nth}").choice(options)
