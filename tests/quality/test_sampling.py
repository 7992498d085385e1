"""Sampling: the same seed draws the same cases; a stratified sample shares the sample between
strata in proportion to their size (largest remainder); only cases open in the period count."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journey.cases.models import EpisodeKind
from journey.quality import services
from journey.quality.models import SampleMethod
from journey.quality.sampling import Candidate, draw, share_by_largest_remainder
from tests.factories import make_child, make_episode
from tests.quality.conftest import round_input, today

KINDS = [EpisodeKind.SOCIAL_CARE, EpisodeKind.EARLY_HELP_CAF, EpisodeKind.EARLY_HELP_SINGLE_AGENCY]

strata_counts = st.dictionaries(
    st.sampled_from([f"s{i}" for i in range(8)]), st.integers(0, 60), min_size=1
)


@given(counts=strata_counts, size=st.integers(0, 200))
def test_largest_remainder_shares_are_proportional(counts, size):
    shares = share_by_largest_remainder(counts, size)
    total = sum(counts.values())
    assert sum(shares.values()) == min(size, total)
    for key, n in counts.items():
        assert shares[key] <= n
        if total:
            quota = min(size, total) * n / total
            assert quota - 1 < shares[key] < quota + 1  # the floor or the ceiling of its quota


def test_largest_remainder_by_hand():
    # 10 from 50/30/20 → quotas 5, 3, 2 exactly; 7 from 50/30/20 → 3.5, 2.1, 1.4 → 4, 2, 1.
    assert share_by_largest_remainder({"a": 50, "b": 30, "c": 20}, 10) == {"a": 5, "b": 3, "c": 2}
    assert share_by_largest_remainder({"a": 50, "b": 30, "c": 20}, 7) == {"a": 4, "b": 2, "c": 1}


pools = st.lists(
    st.builds(
        Candidate,
        episode_id=st.integers(1, 10_000),
        team_id=st.integers(1, 5),
        kind=st.sampled_from(KINDS),
        worker_id=st.one_of(st.none(), st.integers(1, 12)),
    ),
    min_size=1,
    max_size=120,
    unique_by=lambda c: c.episode_id,
)


@settings(max_examples=60)
@given(
    pool=pools,
    size=st.integers(1, 60),
    seed=st.integers(0, 2**31),
    method=st.sampled_from(SampleMethod.values),
)
def test_the_same_seed_draws_the_same_sample_whatever_the_order(pool, size, seed, method):
    first = draw(pool, size, seed, method)
    assert first == draw(list(reversed(pool)), size, seed, method)
    assert len(first) == min(size, len(pool))
    assert len({c.episode_id for c in first}) == len(first)


@settings(max_examples=60)
@given(pool=pools, size=st.integers(1, 60), seed=st.integers(0, 2**31))
def test_a_stratified_sample_takes_each_strata_share(pool, size, seed):
    for method in (SampleMethod.TEAM, SampleMethod.WORKER, SampleMethod.KIND):
        counts: dict[str, int] = {}
        for c in pool:
            counts[c.stratum(method)] = counts.get(c.stratum(method), 0) + 1
        drawn: dict[str, int] = {}
        for c in draw(pool, size, seed, method):
            drawn[c.stratum(method)] = drawn.get(c.stratum(method), 0) + 1
        expected = share_by_largest_remainder(counts, size)
        assert {k: v for k, v in expected.items() if v} == drawn


def test_different_seeds_draw_different_samples():
    pool = [Candidate(i, 1, EpisodeKind.SOCIAL_CARE, None) for i in range(1, 101)]
    assert draw(pool, 10, 1, SampleMethod.RANDOM) != draw(pool, 10, 2, SampleMethod.RANDOM)


# --- Against the database -------------------------------------------------------------------


@pytest.fixture
def caseload(council):
    """Open work in both teams, and work that closed before or started after the period."""
    manager, social_worker = council["team_manager"], council["social_worker"]
    in_period = []
    for _ in range(6):
        child = make_child(manager)
        in_period.append(make_episode(child, manager, allocate_to=social_worker))
    for _ in range(3):
        child = make_child(council["practitioner"])
        in_period.append(
            make_episode(
                child,
                council["practitioner"],
                kind=EpisodeKind.EARLY_HELP_CAF,
                allocate_to=council["practitioner"],
            )
        )
    return in_period


@pytest.mark.django_db
def test_a_round_redraws_the_same_sample_from_its_seed(council, caseload):
    qa = council["qa_officer"]
    teams = [council.sc_team, council.eh_team]

    def sample(seed: int) -> list[int]:
        audit_round = services.create_round(
            round_input(teams, sample_size=4, seed=seed, method=SampleMethod.TEAM), by=qa
        )
        return [c.episode_id for c in services.draw_sample(audit_round, by=qa)]

    first = sample(99)
    assert sample(99) == first
    assert len(first) == 4
    # Stratified by team: 6 social care and 3 early help cases share 4 as 3 and 1.
    teams_drawn = [e.team_id for e in caseload if e.pk in first]
    assert sorted(teams_drawn).count(council.sc_team.pk) == 3


@pytest.mark.django_db
def test_only_work_open_in_the_period_and_scope_is_eligible(council, caseload):
    qa = council["qa_officer"]
    period_start = today() - dt.timedelta(days=10)
    old = make_child(council["team_manager"])
    make_episode(
        old, council["team_manager"], started_on=period_start - dt.timedelta(days=1)
    )  # open since before the period: eligible
    audit_round = services.create_round(
        round_input(
            [council.sc_team],
            kinds=[EpisodeKind.SOCIAL_CARE],
            period_start=period_start,
            sample_size=100,
        ),
        by=qa,
    )
    drawn = {c.episode_id for c in services.draw_sample(audit_round, by=qa)}
    social_care = {e.pk for e in caseload if e.kind == EpisodeKind.SOCIAL_CARE}
    assert drawn == social_care | {old.episodes.get().pk}

    later = services.create_round(
        round_input(
            [council.sc_team],
            kinds=[EpisodeKind.SOCIAL_CARE],
            period_start=today() - dt.timedelta(days=400),
            period_end=today() - dt.timedelta(days=300),
        ),
        by=qa,
    )
    with pytest.raises(Exception, match="No cases"):
        services.draw_sample(later, by=qa)  # everything started after that period
