"""Correcting a social care episode's referral details (correct_referral_details): the DfE codes,
the reason for closure only once the work has closed, no "no further action" on work that went
further, a reason every time, the history kept and a chronology entry; and who may."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from journey.access.referrals import may_correct_referral
from journey.cases.models import Episode, EpisodeKind
from journey.cases.services import (
    allocate,
    close_episode,
    correct_referral_details,
)
from journey.casework.statutory import services as statutory
from journey.chronology.models import ChronologyEntry, EntryKind
from journey.people.models import DetailsCorrection
from journey.workforce.models import Allocation, Role
from tests.factories import UserFactory, WorkerFactory, make_child, make_episode

pytestmark = pytest.mark.django_db

REASON = "The referral came from the school nurse, not the family"
TODAY = timezone.localdate


@pytest.fixture
def episode(council, sc_child):
    """Open social care work (referral 1A, need N1) allocated to the council's social worker."""
    return sc_child.episodes.get()


def correct(episode, by, **overrides):
    values = {
        "referral_source": episode.referral_source,
        "primary_need": episode.primary_need,
        "referral_nfa": episode.referral_nfa,
        "closure_reason": episode.closure_reason,
        "reason": REASON,
    } | overrides
    return correct_referral_details(episode, corrected_by=by.user, **values)


def refused(episode, by, **overrides) -> dict[str, list[str]]:
    before = (
        Episode.objects.filter(pk=episode.pk).values().get(),
        ChronologyEntry.objects.count(),
        episode.history.count(),
    )
    with pytest.raises(ValidationError) as error:
        correct(episode, by, **overrides)
    after = (
        Episode.objects.filter(pk=episode.pk).values().get(),
        ChronologyEntry.objects.count(),
        episode.history.count(),
    )
    assert after == before
    assert not DetailsCorrection.objects.exists()
    return error.value.message_dict


def closed(episode, by, reason="RC7"):
    return close_episode(
        episode, ended_on=TODAY(), reason=reason, note="Needs met.", closed_by=by.user
    )


def test_the_allocated_worker_corrects_the_source_and_need(council, episode):
    sw = council["social_worker"]
    corrections = correct(episode, sw, referral_source="3D", primary_need="N4")
    episode.refresh_from_db()
    assert (episode.referral_source, episode.primary_need) == ("3D", "N4")
    rows = DetailsCorrection.objects.order_by("pk")
    assert [(r.field_name, r.old_value, r.new_value) for r in rows] == [
        ("referral_source", "1A", "3D"),
        ("primary_need", "N1", "N4"),
    ]
    assert len(corrections) == 2
    assert all(r.episode == episode and r.person_id == episode.child_id for r in rows)
    assert all(r.reason == REASON and r.corrected_by == sw.user for r in rows)
    assert rows[1].old_display == "Abuse or neglect (N1)"
    entry = ChronologyEntry.objects.get(kind=EntryKind.CORRECTION)
    assert entry.title == "Referral details corrected: source of referral, primary need"
    assert (entry.child_id, entry.episode_id) == (episode.child_id, episode.pk)
    assert (entry.source_model, entry.source_pk) == ("episode", episode.pk)
    assert entry.summary.splitlines()[0] == REASON
    assert "Primary need: was Abuse or neglect (N1), now Family in acute stress (N4)" in (
        entry.summary
    )
    assert episode.history.first().referral_source == "3D"


def test_nothing_changed_and_a_missing_reason_are_refused(council, episode):
    sw = council["social_worker"]
    assert refused(episode, sw) == {
        "__all__": ["Nothing has changed: correct at least one detail, or go back without saving"]
    }
    assert refused(episode, sw, primary_need="N2", reason=" ") == {
        "reason": ["Enter why you are making this correction, in a few words (at least 10 letters)"]
    }


def test_codes_must_come_from_the_dfe_lists(council, episode):
    errors = refused(episode, council["social_worker"], referral_source="9Z", primary_need="")
    assert errors == {
        "referral_source": ["Select the source of the referral"],
        "primary_need": ["Select the primary need"],
    }


def test_a_referral_with_no_further_action_may_have_no_primary_need(council, episode):
    sw = council["social_worker"]
    assert refused(episode, sw, primary_need="") == {"primary_need": ["Select the primary need"]}
    correct(episode, sw, primary_need="", referral_nfa=True)
    episode.refresh_from_db()
    assert (episode.primary_need, episode.referral_nfa) == ("", True)
    DetailsCorrection.objects.all().delete()
    assert refused(episode, sw, primary_need="N99") == {"primary_need": ["Select the primary need"]}


def test_open_work_has_no_reason_for_closure_to_correct(council, episode):
    errors = refused(episode, council["social_worker"], closure_reason="RC1")
    assert errors == {
        "closure_reason": ["This work is still open: give the reason for closure when it closes"]
    }


def test_closed_work_has_its_reason_for_closure_corrected(council, episode):
    manager = council["team_manager"]
    closed(episode, manager)
    episode.refresh_from_db()
    assert refused(episode, manager, closure_reason="") == {
        "closure_reason": ["Select the reason the work closed"]
    }
    assert refused(episode, manager, closure_reason="OUTCOMES_MET") == {
        "closure_reason": ["Select the reason the work closed"]
    }
    correct(episode, manager, closure_reason="RC5")
    episode.refresh_from_db()
    assert episode.closure_reason == "RC5"
    assert DetailsCorrection.objects.get().new_display == (
        "Transferred to services of another local authority (RC5)"
    )


def test_no_further_action_only_where_nothing_further_happened(council, episode):
    sw = council["social_worker"]
    correct(episode, sw, referral_nfa=True)
    episode.refresh_from_db()
    assert episode.referral_nfa
    row = DetailsCorrection.objects.get()
    assert (row.old_value, row.new_value, row.old_display, row.new_display) == (
        "false",
        "true",
        "no",
        "yes",
    )
    correct(episode, sw, referral_nfa=False)
    DetailsCorrection.objects.all().delete()

    statutory.start_single_assessment(
        episode=episode, started_on=TODAY(), recorded_by=sw.user, factors=[]
    )
    episode.refresh_from_db()
    assert refused(episode, sw, referral_nfa=True) == {
        "referral_nfa": [
            "This work has a single assessment, so the referral did lead to further action: "
            "answer no"
        ]
    }


def test_early_help_has_no_referral_details(council, eh_child):
    episode = eh_child.episodes.get()
    errors = refused(episode, council["team_manager"], referral_source="1A", primary_need="N1")
    assert errors == {"__all__": ["Only social care work has referral details to correct"]}


def test_someone_who_may_not_is_refused_by_the_service_too(council, episode):
    errors = refused(episode, council["other_social_worker"], primary_need="N2")
    assert errors == {
        "__all__": [
            "Only the worker allocated to this work, the manager of Child in Need and "
            "Protection or the head of service can correct its referral details"
        ]
    }


# --- Who may ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "may"),
    [
        ("social_worker", True),  # allocated
        ("team_manager", True),  # manages the team that holds the work
        ("head_of_service", True),  # heads the service
        ("other_social_worker", False),
        ("assistant_director", False),
        ("qa_officer", False),
        ("reviewer", False),
        ("administrator", False),
        ("external_lead", False),
        ("practitioner", False),
    ],
)
def test_who_may_correct_referral_details(council, episode, who, may):
    assert may_correct_referral(council[who].user, episode) is may


def test_a_social_worker_in_the_team_but_not_allocated_may_not(council, episode):
    colleague = WorkerFactory(role=Role.SOCIAL_WORKER, team=council.sc_team)
    assert not may_correct_referral(colleague.user, episode)


def test_the_manager_of_another_team_and_a_head_of_another_service_may_not(council, episode):
    other_manager = WorkerFactory(role=Role.TEAM_MANAGER, team=council.other_sc_team)
    eh_head = WorkerFactory(role=Role.HEAD_OF_SERVICE, team=None, service=council.eh_team.service)
    assert not may_correct_referral(other_manager.user, episode)
    assert not may_correct_referral(eh_head.user, episode)


def test_the_worker_allocated_when_the_work_closed_still_may(council, episode):
    closed(episode, council["team_manager"])
    episode.refresh_from_db()
    assert may_correct_referral(council["social_worker"].user, episode)


def test_an_earlier_worker_may_not_once_the_work_moved_on(council):
    manager, sw = council["team_manager"], council["social_worker"]
    child = make_child(manager)
    episode = make_episode(
        child, manager, started_on=TODAY() - dt.timedelta(days=30), allocate_to=sw
    )
    successor = WorkerFactory(role=Role.SOCIAL_WORKER, team=council.sc_team)
    allocate(
        episode,
        worker=successor,
        kind=Allocation.Kind.WORKER,
        started_on=TODAY() - dt.timedelta(days=10),
        allocated_by=manager.user,
    )
    assert may_correct_referral(successor.user, episode)
    assert not may_correct_referral(sw.user, episode)
    closed(episode, manager)
    episode.refresh_from_db()
    assert may_correct_referral(successor.user, episode)
    assert not may_correct_referral(sw.user, episode)


def test_an_inactive_worker_may_not(council, episode):
    sw = council["social_worker"]
    sw.is_active = False
    sw.save()
    assert not may_correct_referral(sw.user, episode)


def test_a_user_without_a_worker_may_not(episode):
    assert not may_correct_referral(UserFactory(), episode)


def test_an_early_help_episode_is_never_corrected_here(council, eh_child):
    assert not may_correct_referral(council["practitioner"].user, eh_child.episodes.get())
    assert eh_child.episodes.get().kind == EpisodeKind.EARLY_HELP_CAF
