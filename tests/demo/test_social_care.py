"""The demo council's statutory social care records are complete and consistent: what a CIN
census of it needs is there, dated in order inside each episode (the DfE validation rules)."""

import datetime as dt

import pytest
from django.db import transaction

from journey.cases.models import Episode
from journey.casework.models import (
    Assessment,
    EmergencyProtection,
    Meeting,
    Plan,
    PlanReview,
    Section47,
)
from journey.casework.statutory.selectors import initial_conference_date
from journey.casework.statutory.services import EPO_MAX_DAYS, POLICE_PROTECTION_MAX_DAYS
from journey.chronology.models import ChronologyEntry, EntryKind
from journey.core.services import rationale_problem
from journey.core.working_days import working_days_between
from journey.demo.generator import generate_records
from tests.tiny_council import AS_OF

pytestmark = pytest.mark.django_db


def overlapping(spans: list[tuple[dt.date, dt.date | None]]) -> bool:
    spans = sorted(spans)
    return any(
        (end or AS_OF) > start2 for (_, end), (start2, _) in zip(spans, spans[1:], strict=False)
    )


def test_a_census_of_the_demo_council_would_be_complete_and_clean(tiny_council):
    episodes = Episode.objects.social_care().prefetch_related(
        "assessments", "section47s", "plans__reviews", "meetings"
    )
    seen = {"s47": 0, "cp": 0, "cin": 0, "reviews": 0, "nfa": 0, "on_time": 0, "icpc": 0}
    for episode in episodes:

        def within(day, episode=episode):
            return episode.started_on <= day <= (episode.ended_on or AS_OF)

        singles = [a for a in episode.assessments.all() if a.kind == Assessment.Kind.SINGLE]
        if episode.referral_nfa:
            seen["nfa"] += 1
            assert not singles and episode.ended_on == episode.started_on
            continue
        assert singles, f"referral {episode.pk} has no single assessment"
        for a in singles:
            assert within(a.started_on)
            if a.completed_on:
                assert within(a.completed_on) and a.authorised_by.is_manager
                assert a.factors and a.outcome
                assert "21" not in a.factors or a.factors == ["21"]
            else:
                assert episode.is_open, "nothing is left under way in closed work"
        for s in episode.section47s.all():
            seen["s47"] += 1
            assert within(s.strategy_on) and s.strategy_on <= s.started_on
            assert episode.is_open or s.outcome, "closed work has no open enquiry"
            if s.completed_on:
                assert s.started_on <= s.completed_on and within(s.completed_on)
            if s.conference_id:
                seen["icpc"] += 1
                held = s.conference.held_on
                assert s.started_on <= held and within(held)
                seen["on_time"] += held <= s.icpc_target_on
                assert working_days_between(s.strategy_on, s.icpc_target_on) == 15
        plans = [p for p in episode.plans.all() if p.kind != Plan.Kind.EARLY_HELP]
        cp = [p for p in plans if p.kind == Plan.Kind.CP]
        cin = [p for p in plans if p.kind == Plan.Kind.CIN]
        assert not overlapping([(p.started_on, p.ended_on) for p in cp])
        assert not overlapping([(p.started_on, p.ended_on) for p in cin])
        for p in plans:
            assert within(p.started_on) and (p.ended_on is None or within(p.ended_on))
            assert episode.is_open or p.ended_on, "closed work ends its plans"
            assert p.ended_on is None or p.ended_on > p.started_on
        for p in cp:
            seen["cp"] += 1
            assert p.initial_category and p.latest_category
            assert p.conference.kind == Meeting.Kind.ICPC and p.conference.held_on == p.started_on
            reviews = sorted(r.reviewed_on for r in p.reviews.all())
            seen["reviews"] += len(reviews)
            assert all(p.started_on < day <= (p.ended_on or AS_OF) for day in reviews)
            if p.ended_on is None:
                assert p.review_due_on and p.review_due_on > (
                    reviews[-1] if reviews else p.started_on
                )
        seen["cin"] += len(cin)
        if cp:
            assert initial_conference_date(episode) == max(p.started_on for p in cp)
    assert all(seen[k] for k in ("s47", "cp", "cin", "nfa", "icpc")), seen
    assert seen["on_time"] >= 0.6 * seen["icpc"], seen
    assert ChronologyEntry.objects.filter(title="Section 47 enquiry started").count() == (
        Section47.objects.count()
    )
    assert (
        ChronologyEntry.objects.filter(title__startswith="Child protection plan reviewed").count()
        == PlanReview.objects.count()
    )
    assert (
        ChronologyEntry.objects.filter(
            title__startswith="Initial child protection conference"
        ).count()
        == Meeting.objects.filter(kind=Meeting.Kind.ICPC).count()
    )
    assert ChronologyEntry.objects.filter(occurred_at__date__gt=AS_OF).count() == 0
    # Each enquiry has its history from the day it was recorded.
    assert Section47.history.filter(history_type="+").count() == Section47.objects.count()


def test_some_children_on_cp_plans_had_emergency_protection_before_their_strategy_discussion(db):
    # The tiny council has too few enquiries for any to be preceded by emergency protection: the
    # small council's records (its panels and audits, drawn on them later, have no bearing). They
    # are rolled back before the test ends, so PostgreSQL does not check every row's foreign keys
    # again at the test's end (the tiny council's, written by the same code, are checked).
    with transaction.atomic():
        generate_records("small", 7, AS_OF, log=lambda _: None)
        check_emergency_protection()
        transaction.set_rollback(True)


def check_emergency_protection() -> None:
    protections = list(EmergencyProtection.objects.select_related("episode"))
    enquiries = Section47.objects.count()
    assert 1 <= len(protections) <= enquiries / 10, (len(protections), enquiries)
    limits = {"police": POLICE_PROTECTION_MAX_DAYS, "epo": EPO_MAX_DAYS}
    for p in protections:
        episode = p.episode
        first_strategy = min(s.strategy_on for s in episode.section47s.all())
        assert episode.started_on <= p.started_on < first_strategy
        assert p.ended_on is not None and p.ended_on <= AS_OF
        assert 0 <= (p.ended_on - p.started_on).days <= limits[p.kind]
        assert episode.plans.filter(kind=Plan.Kind.CP).exists(), "children on a CP plan"
        assert rationale_problem(p.note) is None, "the note is what the service would accept"
        entry = ChronologyEntry.objects.get(
            source_model="emergencyprotection", source_pk=p.pk, kind=EntryKind.PROTECTION
        )
        assert entry.is_significant and entry.child_id == episode.child_id
        assert entry.title in {"Police protection", "Emergency protection order granted"}
    assert EmergencyProtection.history.count() == len(protections)
