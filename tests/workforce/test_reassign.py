"""R4 resilience: a manager moves an absent worker's cases in two steps, with no gap."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from journey.cases.models import EpisodeKind
from journey.chronology.models import ChronologyEntry, EntryKind
from journey.workforce.models import Allocation, Role
from tests.factories import UserFactory, WorkerFactory, make_child, make_episode

pytestmark = pytest.mark.django_db


@pytest.fixture
def eh_manager(council):
    return WorkerFactory(
        role=Role.TEAM_MANAGER, team=council.eh_team, user=UserFactory(username="eh_manager")
    )


def test_two_steps_move_every_case_and_write_each_chronology(council, eh_manager, signed_in):
    coordinator = council["practitioner"]
    cover = WorkerFactory(
        role=Role.PRACTITIONER, team=council.eh_team, user=UserFactory(username="cover")
    )
    children = [make_child(eh_manager) for _ in range(3)]
    for child in children:
        make_episode(
            child,
            eh_manager,
            kind=EpisodeKind.EARLY_HELP_CAF,
            allocate_to=coordinator,
            started_on=timezone.localdate() - dt.timedelta(days=30),
        )
    client = signed_in(eh_manager)
    step_one = {"worker": coordinator.pk, "kind": Allocation.Kind.WORKER}
    page = client.get(reverse("reassign"), step_one).content.decode()
    assert "3 open cases" in page
    today = timezone.localdate()
    response = client.post(
        f"{reverse('reassign')}?worker={coordinator.pk}&kind=worker",
        {
            "all_to": str(cover.pk),
            "started_on_0": today.day,
            "started_on_1": today.month,
            "started_on_2": today.year,
        },
    )
    assert response.status_code == 302
    assert not Allocation.objects.current().filter(worker=coordinator).exists()
    assert Allocation.objects.current().filter(worker=cover).count() == 3
    for child in children:
        entry = ChronologyEntry.objects.filter(child=child, kind=EntryKind.ALLOCATION).latest("pk")
        assert f"Taking over from {coordinator}" in entry.summary


def test_a_bad_choice_moves_nothing(council, eh_manager, signed_in):
    coordinator = council["practitioner"]
    child_a, child_b = make_child(eh_manager), make_child(eh_manager)
    for child in (child_a, child_b):
        make_episode(child, eh_manager, kind=EpisodeKind.EARLY_HELP_CAF, allocate_to=coordinator)
    allocations = list(Allocation.objects.current().filter(worker=coordinator))
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = signed_in(eh_manager).post(
        f"{reverse('reassign')}?worker={coordinator.pk}&kind=worker",
        {
            f"move_{allocations[0].pk}": str(eh_manager.pk),
            f"move_{allocations[1].pk}": str(eh_manager.pk),
            "started_on_0": tomorrow.day,
            "started_on_1": tomorrow.month,
            "started_on_2": tomorrow.year,
        },
    )
    assert "There is a problem" in response.content.decode()
    assert Allocation.objects.current().filter(worker=coordinator).count() == 2


def test_only_managers_may_move_cases(council, signed_in):
    assert signed_in(council["practitioner"]).get(reverse("reassign")).status_code == 403
    assert signed_in(council["external_lead"]).get(reverse("reassign")).status_code == 403
