"""Test data. Workforce rows come from factories; case data goes through the services, as in
production, so every test child has the chronology and history the real system would write."""

from __future__ import annotations

import datetime as dt
import importlib
import itertools

import factory
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from journey.cases import services as case_services
from journey.cases.models import EpisodeKind, NextStep
from journey.people.models import Agency
from journey.people.services import ChildDetails, record_child
from journey.workforce.models import Allocation, Role, Service, Team, Worker

_names = itertools.count(1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password("correct-horse-battery")


SURNAMES = ["Ashby", "Brook", "Carter", "Dale", "Ellis", "Frost", "Grant", "Hale", "Irwin", "Jones"]
SURNAMES += ["Kerr", "Lane", "Moss", "Noble", "Owen", "Pryce"]


def make_users(usernames: list[str]) -> dict[str, object]:
    """Users with these usernames (named after them) and the test password, in one insert."""
    User = get_user_model()
    password = make_password("correct-horse-battery")
    users = User.objects.bulk_create(
        User(
            username=username,
            first_name=username.replace("_", " ").title(),
            last_name=SURNAMES[n % len(SURNAMES)],
            password=password,
        )
        for n, username in enumerate(usernames)
    )
    return {user.username: user for user in users}


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ["name"]

    name = "Fairshire Council"
    kind = Agency.Kind.COUNCIL


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        django_get_or_create = ["name"]

    name = "Children's Social Care"
    kind = Service.Kind.SOCIAL_CARE


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Team {n}")
    service = factory.SubFactory(ServiceFactory)


class WorkerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Worker

    user = factory.SubFactory(UserFactory)
    role = Role.SOCIAL_WORKER
    team = factory.SubFactory(TeamFactory)
    agency = factory.SubFactory(AgencyFactory)


def make_child(worker: Worker, **overrides) -> object:
    n = next(_names)
    details = ChildDetails(
        first_name=overrides.pop("first_name", f"Child{n}"),
        last_name=overrides.pop("last_name", "Testington"),
        date_of_birth=overrides.pop("date_of_birth", dt.date(2015, 1, 1) + dt.timedelta(days=n)),
        **overrides,
    )
    return record_child(details, recorded_by=worker.user, confirm_not_duplicate=True)


def make_episode(
    child,
    worker: Worker,
    *,
    kind: str = EpisodeKind.SOCIAL_CARE,
    started_on: dt.date | None = None,
    allocate_to: Worker | None = None,
):
    started_on = started_on or timezone.localdate() - dt.timedelta(days=60)
    episode = case_services.open_episode(
        case_services.EpisodeInput(
            child=child,
            kind=kind,
            team=(allocate_to or worker).team,
            started_on=started_on,
            referral_source="1A" if kind == EpisodeKind.SOCIAL_CARE else "",
            primary_need="N1" if kind == EpisodeKind.SOCIAL_CARE else "",
        ),
        opened_by=worker.user,
    )
    if allocate_to:
        case_services.allocate(
            episode,
            worker=allocate_to,
            kind=Allocation.Kind.WORKER,
            started_on=started_on,
            allocated_by=worker.user,
        )
    return episode


def make_contact(child, worker: Worker, level: int = 3, next_step: str = NextStep.CAF_TAF):
    return case_services.record_contact(
        received_at=timezone.now() - dt.timedelta(days=1),
        source="2A",
        summary="School reports the child is often hungry and tired.",
        decided_by=worker,
        decisions=[
            case_services.DecisionInput(
                child=child,
                level=level,
                next_step=next_step,
                rationale="Attendance has fallen and the parent asked for help; needs are "
                "across several areas so a multi-agency plan is proportionate.",
            )
        ],
    )


def ensure_audit_tool():
    """The council's case file audit tool. Its data migration makes it, but a transactional
    (browser) test's flush takes it away: a test that needs it after one asks for it again."""
    from journey.quality.services import current_tool

    if current_tool() is None:
        migration = importlib.import_module("journey.quality.migrations.0002_default_audit_tool")
        migration.create_tool(django_apps, None)
    return current_tool()


def views_of(words: str = "", *, not_obtained: str = "", parents: str = ""):
    """The child's views as a service takes them: their words (obtained by talking), or the reason
    they were not obtained."""
    from journey.core.views_of_child import ViewsInput, ViewsMethod

    if words:
        return ViewsInput(
            child_views=words, child_views_method=ViewsMethod.TALKING, parent_views=parents
        )
    if not_obtained:
        return ViewsInput(
            child_views_method=ViewsMethod.NOT_OBTAINED,
            child_views_not_obtained=not_obtained,
            parent_views=parents,
        )
    return ViewsInput(parent_views=parents)
