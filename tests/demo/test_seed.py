"""The demo council: built through the services' own builders, deterministic, and careful."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.db import models, transaction
from django.db.models import Count

from journey.cases.models import Contact, Episode, EpisodeKind, ThresholdDecision
from journey.casework.models import CaseNote, CaseSummary, Supervision
from journey.chronology.models import ChronologyEntry, EntryKind
from journey.demo.generator import SIZES, generate_records, team_names
from journey.people.models import NetworkMember, Person
from journey.workforce.models import Allocation, Role, Worker
from tests.factories import make_child
from tests.tiny_council import AS_OF, SEED

pytestmark = pytest.mark.django_db


def seed_tiny():
    call_command("seed", size="tiny", seed=SEED, as_of=AS_OF, verbosity=0)


def test_the_tiny_council_has_every_role_and_a_long_history(tiny_council):
    roles = set(Worker.objects.values_list("role", flat=True))
    assert {r.value for r in Role} <= roles
    assert Person.objects.children().count() >= 60
    longest = ChronologyEntry.objects.values("child").annotate(n=Count("id")).order_by("-n").first()
    assert longest["n"] >= 2000


def test_every_open_episode_is_allocated_and_every_record_has_its_chronology_entry(tiny_council):
    open_episodes = Episode.objects.open()
    assert open_episodes.exists()
    # An allocated worker; Family Help is held by its lead practitioner (any agency).
    assert (
        not open_episodes.exclude(kind=EpisodeKind.FAMILY_HELP)
        .exclude(allocations__ended_on__isnull=True, allocations__kind=Allocation.Kind.WORKER)
        .exists()
    )
    assert open_episodes.filter(kind=EpisodeKind.FAMILY_HELP).count() == 6
    assert (
        not open_episodes.filter(kind=EpisodeKind.FAMILY_HELP)
        .exclude(
            allocations__ended_on__isnull=True, allocations__kind=Allocation.Kind.LEAD_PROFESSIONAL
        )
        .exists()
    )
    assert ChronologyEntry.objects.filter(kind=EntryKind.CONTACT).count() == (
        ThresholdDecision.objects.count()
    )
    assert ChronologyEntry.objects.filter(kind=EntryKind.EPISODE_OPENED).count() == (
        Episode.objects.count()
    )
    assert ChronologyEntry.objects.filter(kind=EntryKind.EPISODE_CLOSED).count() == (
        Episode.objects.closed().count()
    )
    assert ChronologyEntry.objects.filter(kind__in=[EntryKind.VISIT, EntryKind.CASE_NOTE]).exclude(
        source_model="familybenefit"  # the family's evidence of benefit is a note of its own
    ).count() == (CaseNote.objects.count())
    assert ChronologyEntry.objects.filter(kind=EntryKind.SUPERVISION).count() == (
        Supervision.objects.count()
    )
    assert Supervision.objects.exists()
    reviewed = ThresholdDecision.objects.filter(manager_decided_at__isnull=False)
    assert reviewed.exists()
    assert (
        ChronologyEntry.objects.filter(
            kind=EntryKind.THRESHOLD_DECISION, title__startswith="Manager "
        ).count()
        == reviewed.count()
    )
    summaries = CaseSummary.objects.all()
    assert summaries.exists() and NetworkMember.objects.exists()
    assert ChronologyEntry.objects.filter(kind=EntryKind.CASE_SUMMARY).count() == (
        summaries.count() + summaries.filter(manager__isnull=False).count()
    )
    assert CaseSummary.history.count() == summaries.count()
    assert not reviewed.filter(manager=models.F("decided_by")).exists()
    assert ChronologyEntry.objects.filter(occurred_at__date__gt=AS_OF).count() == 0
    # The history tables hold the rows too, as the services would leave them.
    assert Episode.history.count() == Episode.objects.count()
    assert Contact.history.count() == Contact.objects.count()


def test_closed_episodes_end_their_allocations_on_the_same_day(tiny_council):
    for episode in Episode.objects.closed().prefetch_related("allocations")[:50]:
        assert all(a.ended_on and a.ended_on <= episode.ended_on for a in episode.allocations.all())


def test_the_same_seed_gives_the_same_council(db):
    def snapshot():
        with transaction.atomic():
            # The records alone: the panels and audits drawn on them have determinism tests of
            # their own (tests/demo/test_panels.py, tests/quality/test_demo.py).
            generate_records("tiny", 11, AS_OF, log=lambda _: None)
            people = list(
                Person.objects.order_by("local_id").values_list(
                    "local_id", "first_name", "last_name", "date_of_birth", "upn"
                )
            )
            titles = list(
                ChronologyEntry.objects.order_by(
                    "child__local_id", "occurred_at", "title"
                ).values_list("title", "occurred_at")[:500]
            )
            transaction.set_rollback(True)
        return people, titles

    assert snapshot() == snapshot()


def test_seeding_again_does_nothing_and_another_size_is_refused(tiny_council, capsys):
    people = Person.objects.count()
    seed_tiny()
    assert Person.objects.count() == people
    assert "nothing to do" in capsys.readouterr().out
    with pytest.raises(CommandError, match="already holds"):
        call_command("seed", size="small", seed=7, verbosity=0)


def test_a_database_with_other_data_is_refused(council):
    make_child(council["social_worker"])
    with pytest.raises(CommandError, match="refusing to add demo data"):
        seed_tiny()


def test_the_caf_tracker_has_this_month_and_last_from_the_start(tiny_council, client):
    from django.urls import reverse

    from journey.tracker.models import DriftFlagSnapshot

    days = set(DriftFlagSnapshot.objects.values_list("taken_on", flat=True))
    assert days == {dt.date(2026, 10, 31), AS_OF}
    client.force_login(Worker.objects.get(user__username="practitioner").user)
    page = client.get(reverse("caf_tracker")).content.decode()
    assert "snapshot_drift" not in page.split('id="drift-rules"')[0]


@pytest.mark.parametrize("size", sorted(SIZES))
def test_every_size_names_each_team_once(size):
    """The national council has more teams than areas: a name met again is numbered apart, and
    the smaller councils keep the names their pages and tests use."""
    early_help, social_care = team_names(SIZES[size])
    names = early_help + social_care
    assert len(set(names)) == len(names) == SIZES[size].eh_teams + SIZES[size].sc_teams
    assert early_help[0] == "Early Help Ashby Vale"
    assert social_care[:3] == [
        "Duty and Assessment",
        "Child in Need and Protection",
        "Children with Disabilities",
    ]
