"""My work: the signed-in worker's own caseload, with counts (R11)."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from journey.cases import services as case_services
from journey.cases.models import EarlyHelpClosureReason, EpisodeKind
from journey.workforce.models import Allocation
from tests.factories import UserFactory, make_child, make_episode

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def counts(response) -> dict[str, int]:
    page = response.content.decode()
    found = {}
    for element_id in ("count-children", "count-early-help", "count-social-care"):
        match = re.search(rf'id="{element_id}">\s*(\d+)\s*<', page)
        assert match, f"no #{element_id} on My work"
        found[element_id] = int(match.group(1))
    return found


def text_of(response) -> str:
    page = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r" ([,.;:)])", r"\1", " ".join(html.unescape(page).split()))


def my_work(client):
    response = client.get(reverse("my_work"))
    assert response.status_code == 200
    return response


def link_to(child) -> str:
    return f'href="{reverse("child", args=[child.pk])}"'


def lead_professional(episode, worker, by):
    return case_services.allocate(
        episode,
        worker=worker,
        kind=Allocation.Kind.LEAD_PROFESSIONAL,
        started_on=TODAY(),
        allocated_by=by.user,
    )


def test_shows_the_workers_allocated_children_with_counts(council, sc_child, signed_in):
    worker, manager = council["social_worker"], council["team_manager"]
    second = make_child(
        manager, first_name="Ali", last_name="Begum", date_of_birth=dt.date(2012, 6, 30)
    )
    make_episode(second, manager, allocate_to=worker, started_on=TODAY() - dt.timedelta(days=14))
    response = my_work(signed_in(worker))
    page = response.content.decode()
    assert counts(response) == {
        "count-children": 2,
        "count-early-help": 0,
        "count-social-care": 2,
    }
    assert link_to(sc_child) in page and link_to(second) in page
    assert "Ruby Ashworth" in page and "Ali Begum" in page
    assert "30 June 2012" in page
    assert f"{TODAY() - dt.timedelta(days=14):%-d %B %Y}" in page
    assert "Children's social care (2)" in text_of(response)
    assert "You have no early help work allocated to you." in text_of(response)
    # Sorted by surname, as a caseload list is read.
    assert page.index("Ruby Ashworth") < page.index("Ali Begum")


def test_closed_work_drops_off(council, sc_child, signed_in):
    worker, manager = council["social_worker"], council["team_manager"]
    finished = make_child(manager, first_name="Finn", last_name="Closed")
    episode = make_episode(finished, manager, allocate_to=worker)
    client = signed_in(worker)
    assert counts(my_work(client))["count-children"] == 2

    case_services.close_episode(
        episode, ended_on=TODAY(), reason="RC8", note="", closed_by=manager.user
    )
    response = my_work(client)
    assert counts(response) == {
        "count-children": 1,
        "count-early-help": 0,
        "count-social-care": 1,
    }
    assert link_to(finished) not in response.content.decode()
    assert link_to(sc_child) in response.content.decode()


def test_other_workers_cases_and_handed_over_work_are_not_shown(council, sc_child, signed_in):
    manager = council["team_manager"]
    theirs = make_child(manager, first_name="Zara", last_name="Other")
    make_episode(theirs, manager, allocate_to=council["other_social_worker"])
    # Work handed over to a colleague leaves the first worker's list the same day.
    handed = make_child(manager, first_name="Hal", last_name="Handed")
    episode = make_episode(handed, manager, allocate_to=council["social_worker"])
    case_services.allocate(
        episode,
        worker=council["other_social_worker"],
        kind=Allocation.Kind.WORKER,
        started_on=TODAY(),
        allocated_by=manager.user,
    )

    mine = my_work(signed_in(council["social_worker"]))
    assert counts(mine)["count-children"] == 1
    assert link_to(sc_child) in mine.content.decode()
    assert link_to(theirs) not in mine.content.decode()
    assert link_to(handed) not in mine.content.decode()

    colleague = my_work(signed_in(council["other_social_worker"]))
    assert counts(colleague)["count-children"] == 2
    assert link_to(theirs) in colleague.content.decode()
    assert link_to(handed) in colleague.content.decode()
    assert link_to(sc_child) not in colleague.content.decode()


def test_a_manager_sees_only_work_allocated_to_them_not_the_teams(council, sc_child, signed_in):
    response = my_work(signed_in(council["team_manager"]))
    assert counts(response) == {
        "count-children": 0,
        "count-early-help": 0,
        "count-social-care": 0,
    }
    assert link_to(sc_child) not in response.content.decode()
    assert "You have no children's social care work allocated to you." in text_of(response)


def test_early_help_work_is_counted_separately(council, eh_child, sc_child, signed_in):
    practitioner = council["practitioner"]
    response = my_work(signed_in(practitioner))
    assert counts(response) == {
        "count-children": 1,
        "count-early-help": 1,
        "count-social-care": 0,
    }
    page = response.content.decode()
    assert link_to(eh_child) in page and "Early help (CAF and TAF)" in page
    assert "Early Help North" in page
    assert link_to(sc_child) not in page


def test_one_episode_held_as_worker_and_lead_professional_counts_once(council, eh_child, signed_in):
    practitioner = council["practitioner"]
    lead_professional(eh_child.episodes.get(), practitioner, practitioner)
    response = my_work(signed_in(practitioner))
    page = response.content.decode()
    assert "Lead professional" in page and "Allocated worker" in page
    # One child and one open early help episode, whatever roles the worker holds in it.
    assert counts(response) == {
        "count-children": 1,
        "count-early-help": 1,
        "count-social-care": 0,
    }


def test_an_external_lead_professional_sees_only_their_early_help(council, signed_in):
    practitioner, lead = council["practitioner"], council["external_lead"]
    child = make_child(practitioner, first_name="Lily", last_name="Marsh")
    early_help = make_episode(
        child, practitioner, kind=EpisodeKind.EARLY_HELP_CAF, allocate_to=practitioner
    )
    lead_professional(early_help, lead, practitioner)
    make_episode(child, council["team_manager"], allocate_to=council["social_worker"])
    someone_else = make_child(practitioner, first_name="Nina", last_name="Vale")
    make_episode(
        someone_else,
        practitioner,
        kind=EpisodeKind.EARLY_HELP_SINGLE_AGENCY,
        allocate_to=practitioner,
    )

    response = my_work(signed_in(lead))
    page = response.content.decode()
    assert counts(response) == {
        "count-children": 1,
        "count-early-help": 1,
        "count-social-care": 0,
    }
    assert link_to(child) in page and "Lead professional" in page
    assert "Castlegate Academy" in page
    assert link_to(someone_else) not in page
    assert "Children's social care" not in text_of(response)
    assert "Child in Need and Protection" not in page

    case_services.close_episode(
        early_help,
        ended_on=TODAY(),
        reason=EarlyHelpClosureReason.OUTCOMES_MET,
        note="",
        closed_by=practitioner.user,
    )
    after = my_work(signed_in(lead))
    assert counts(after)["count-children"] == 0
    assert link_to(child) not in after.content.decode()


def test_a_user_without_a_worker_record_is_told_why_there_is_no_work(client):
    user = UserFactory(username="no.worker")
    client.force_login(user)
    response = my_work(client)
    assert "Your account is not linked to a worker record" in response.content.decode()
    assert 'id="count-children"' not in response.content.decode()
