"""Shared fixtures: a small council with one worker per role, and the real Chromium."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass

import pytest
from django.db import connection

from journey.cases.models import EpisodeKind
from journey.people.models import Agency
from journey.workforce.models import Role, Service, Worker
from tests.factories import (
    AgencyFactory,
    ServiceFactory,
    TeamFactory,
    UserFactory,
    ensure_audit_tool,
    make_child,
    make_episode,
    make_users,
)

# Playwright's sync API runs an event loop in the test thread; the Django ORM calls made in the
# same browser tests are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
PASSWORD = "correct-horse-battery"

# The `tiny_council` fixture: the tiny demo council, seeded once per test process.
pytest_plugins = ["tests.tiny_council", "tests.family_help", "tests.improvement_world"]


@pytest.fixture(autouse=True, scope="session")
def _database_is_the_one_ci_asked_for(django_db_setup, django_db_blocker):
    if os.environ.get("JOURNEY_REQUIRE_POSTGRES") and connection.vendor != "postgresql":
        pytest.fail(f"CI asked for PostgreSQL but the tests run on {connection.vendor}")


@dataclass
class Council:
    """One worker per role, in two services: early help and social care."""

    eh_team: object
    sc_team: object
    other_sc_team: object
    workers: dict[str, Worker]

    def __getitem__(self, role: str) -> Worker:
        return self.workers[role]


@pytest.fixture
def council(db) -> Council:
    eh = ServiceFactory(name="Early Help", kind=Service.Kind.EARLY_HELP)
    sc = ServiceFactory(name="Children's Social Care", kind=Service.Kind.SOCIAL_CARE)
    eh_team = TeamFactory(name="Early Help North", service=eh)
    sc_team = TeamFactory(name="Child in Need and Protection", service=sc)
    other_sc_team = TeamFactory(name="Duty and Assessment", service=sc)
    school = AgencyFactory(name="Castlegate Academy", kind=Agency.Kind.SCHOOL)
    police = AgencyFactory(name="Fairshire Police", kind=Agency.Kind.POLICE)
    cp_team = TeamFactory(name="Multi-agency Child Protection", service=sc, child_protection=True)
    placements = {
        Role.PRACTITIONER: {"team": eh_team},
        Role.SOCIAL_WORKER: {"team": sc_team},
        Role.TEAM_MANAGER: {"team": sc_team},
        Role.HEAD_OF_SERVICE: {"team": None, "service": sc},
        Role.ASSISTANT_DIRECTOR: {"team": None},
        Role.QA_OFFICER: {"team": None},
        Role.PERFORMANCE_OFFICER: {"team": None},
        Role.COMPLAINTS_OFFICER: {"team": None},
        Role.PARTICIPATION_OFFICER: {"team": None},
        Role.EXTERNAL_LEAD_PROFESSIONAL: {"team": None, "agency": school},
        Role.CP_PARTNER: {"team": cp_team, "agency": police},
        Role.REVIEWER: {"team": None},
        Role.ADMINISTRATOR: {"team": None},
    }
    people = [(role.value, role.value, role, placement) for role, placement in placements.items()]
    people.append(("other_social_worker", "other_sw", Role.SOCIAL_WORKER, {"team": other_sc_team}))
    # Most tests start here, so the users go in at once and each worker takes two queries (its
    # row and its history), not the factories' nine.
    users = make_users([username for _, username, _, _ in people])
    agency = AgencyFactory()
    workers = {
        name: Worker.objects.create(role=role, user=users[username], **{"agency": agency, **where})
        for name, username, role, where in people
    }
    return Council(eh_team, sc_team, other_sc_team, workers)


@pytest.fixture
def sc_child(council):
    """A child with open social care work allocated to the council's social worker."""
    child = make_child(council["team_manager"], first_name="Ruby", last_name="Ashworth")
    make_episode(child, council["team_manager"], allocate_to=council["social_worker"])
    return child


@pytest.fixture
def eh_child(council):
    child = make_child(council["practitioner"], first_name="Oscar", last_name="Pennington")
    make_episode(
        child,
        council["practitioner"],
        kind=EpisodeKind.EARLY_HELP_CAF,
        allocate_to=council["practitioner"],
    )
    return child


@pytest.fixture
def audit_tool(db):
    """The council's case file audit tool (see `ensure_audit_tool`)."""
    return ensure_audit_tool()


@pytest.fixture
def signed_in(client):
    def sign_in(worker: Worker):
        client.force_login(worker.user)
        return client

    return sign_in


# --- the real browser ------------------------------------------------------------------------


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(path):
        pytest.fail(
            "Browser tests need Chromium (Debian package `chromium`); set CHROMIUM_PATH. "
            "They are never skipped."
        )
    return path


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": chromium_path(),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


__all__ = ["PASSWORD", "UserFactory", "make_child", "make_episode", "AgencyFactory"]


@pytest.fixture(autouse=True)
def _live_figures_counted_every_time(settings):
    """The dashboard's live figures are not reused between views in tests (one test's figures
    would be another's)."""
    settings.JOURNEY_LIVE_FIGURES_SECONDS = 0


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _one_step_sign_in(settings):
    """Tests sign in with force_login (or the password alone); tests/signin switches the second
    step back on, as it is in production."""
    settings.JOURNEY_TWO_FACTOR_REQUIRED = False
