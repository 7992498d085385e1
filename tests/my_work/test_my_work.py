"""My work by role: a worker's children once each with what is next due; a manager's queue;
a head of service's teams; QA's audit work; a partner's families (R11)."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from journey.cases import services as case_services
from journey.cases.models import EarlyHelpClosureReason, EpisodeKind, ThresholdDecision
from journey.casework.models import CaseNote, Plan, Visit
from journey.casework.services import start_plan
from journey.casework.visits import services as visits
from journey.casework.visits.services import Account, ChildPart, Seen
from journey.core.working_days import add_working_days
from journey.workforce.models import Allocation
from tests.cases.test_views import text_of
from tests.factories import UserFactory, make_child, make_contact, make_episode

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def my_work(client):
    response = client.get(reverse("my_work"))
    assert response.status_code == 200
    return response


def children_count(response) -> int:
    match = re.search(r'id="count-children">(\d+)<', response.content.decode())
    assert match, "no count of children on My work"
    return int(match.group(1))


def rows(response) -> list[str]:
    """Each child's row on My work, as text, in order."""
    page = response.content.decode()
    found = re.findall(r"<tr class=\"govuk-table__row\" data-child-row>(.*?)</tr>", page, re.S)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", row)).split()) for row in found]


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


def cp_plan(episode, by, days_ago: int) -> Plan:
    return start_plan(
        episode=episode,
        kind=Plan.Kind.CP,
        started_on=TODAY() - dt.timedelta(days=days_ago),
        initial_category="NEG",
        recorded_by=by.user,
    )


def test_each_child_once_with_what_is_due_most_urgent_first(council, sc_child, signed_in):
    worker, manager = council["social_worker"], council["team_manager"]
    calm = make_child(manager, first_name="Ali", last_name="Begum")
    make_episode(calm, manager, allocate_to=worker, started_on=TODAY() - dt.timedelta(days=3))
    plan = cp_plan(sc_child.episodes.get(), manager, days_ago=40)  # a visit due long ago
    response = my_work(signed_in(worker))
    assert children_count(response) == 2
    first, second = rows(response)
    assert first.startswith("Ruby Ashworth"), "the child with something overdue comes first"
    assert f"Visit by {plan.visit_due_on:%-d %B %Y} Overdue · Record a visit" in first
    assert "Supervision by" in first
    assert second.startswith("Ali Begum")
    supervision = TODAY() - dt.timedelta(days=3) + dt.timedelta(days=28)
    assert f"Supervision by {supervision:%-d %B %Y}" in second and "Overdue" not in second
    page = response.content.decode()
    assert reverse("record_visit", args=[sc_child.pk]) in page
    assert "2 things overdue: they are listed first" in text_of(response)


def test_a_visit_moves_the_date_on_my_work(council, sc_child, signed_in):
    worker = council["social_worker"]
    cp_plan(sc_child.episodes.get(), council["team_manager"], days_ago=40)
    visits.record_visit(
        Account(kind=CaseNote.Kind.VISIT, occurred_at=timezone.now(), observed="Seen at home"),
        [ChildPart(episode=sc_child.episodes.get(), seen=Seen.ALONE)],
        by=worker.user,
    )
    (row,) = rows(my_work(signed_in(worker)))
    due = f"Visit by {add_working_days(TODAY(), 10):%-d %B %Y}"
    assert due in row and f"{due} Overdue" not in row


def test_caf_work_shows_the_next_taf_and_actions_past_their_date(council, eh_child, signed_in):
    from tests.casework.conftest import hold_taf

    practitioner = council["practitioner"]
    episode = eh_child.episodes.get()
    hold_taf(episode, practitioner, actions=2, held_on=TODAY() - dt.timedelta(days=30))
    (row,) = rows(my_work(signed_in(practitioner)))
    overdue_on = TODAY() - dt.timedelta(days=16)
    assert f"Actions (2 past their date) by {overdue_on:%-d %B %Y} Overdue" in row
    next_taf = TODAY() - dt.timedelta(days=30) + dt.timedelta(days=42)
    assert f"TAF meeting by {next_taf:%-d %B %Y}" in row
    page = my_work(signed_in(practitioner)).content.decode()
    assert reverse("hold_taf_meeting", args=[episode.pk]) in page
    assert reverse("early_help_plan", args=[episode.pk]) in page


def test_closed_and_handed_over_work_drops_off(council, sc_child, signed_in):
    worker, manager = council["social_worker"], council["team_manager"]
    finished = make_child(manager, first_name="Finn", last_name="Closed")
    episode = make_episode(finished, manager, allocate_to=worker)
    handed = make_child(manager, first_name="Hal", last_name="Handed")
    handed_work = make_episode(handed, manager, allocate_to=worker)
    client = signed_in(worker)
    assert children_count(my_work(client)) == 3
    case_services.close_episode(
        episode, ended_on=TODAY(), reason="RC8", note="", closed_by=manager.user
    )
    case_services.allocate(
        handed_work,
        worker=council["other_social_worker"],
        kind=Allocation.Kind.WORKER,
        started_on=TODAY(),
        allocated_by=manager.user,
    )
    response = my_work(client)
    assert children_count(response) == 1
    assert link_to(finished) not in response.content.decode()
    assert link_to(handed) not in response.content.decode()
    colleague = my_work(signed_in(council["other_social_worker"]))
    assert link_to(handed) in colleague.content.decode()
    assert link_to(sc_child) not in colleague.content.decode()


def test_work_held_twice_over_is_one_row(council, eh_child, signed_in):
    practitioner = council["practitioner"]
    lead_professional(eh_child.episodes.get(), practitioner, practitioner)
    response = my_work(signed_in(practitioner))
    assert children_count(response) == 1
    (row,) = rows(response)
    assert "Allocated worker" in row and "Lead professional" in row
    assert row.count("TAF meeting by") == 1, "what is due is listed once"


def test_a_partner_sees_their_families_early_help_and_nothing_about_supervision(council, signed_in):
    practitioner, lead = council["practitioner"], council["external_lead"]
    child = make_child(practitioner, first_name="Lily", last_name="Marsh")
    early_help = make_episode(
        child, practitioner, kind=EpisodeKind.EARLY_HELP_CAF, allocate_to=practitioner
    )
    lead_professional(early_help, lead, practitioner)
    make_episode(child, council["team_manager"], allocate_to=council["social_worker"])
    someone_else = make_child(practitioner, first_name="Nina", last_name="Vale")
    make_episode(someone_else, practitioner, kind=EpisodeKind.EARLY_HELP_SINGLE_AGENCY)

    response = my_work(signed_in(lead))
    page = text_of(response)
    assert children_count(response) == 1
    (row,) = rows(response)
    assert row.startswith("Lily Marsh") and "Lead professional" in row
    assert "TAF meeting by" in row
    assert "Supervision" not in page and "audit" not in page.lower()
    assert "Children's social care" not in page
    assert link_to(someone_else) not in response.content.decode()

    case_services.close_episode(
        early_help,
        ended_on=TODAY(),
        reason=EarlyHelpClosureReason.OUTCOMES_MET,
        note="",
        closed_by=practitioner.user,
    )
    assert children_count(my_work(signed_in(lead))) == 0


def test_a_user_without_a_worker_record_is_told_why_there_is_no_work(client):
    client.force_login(UserFactory(username="no.worker"))
    response = my_work(client)
    assert "Your account is not linked to a worker record" in response.content.decode()
    assert 'id="count-children"' not in response.content.decode()


def test_qa_sees_its_audit_work_and_no_caseload(council, signed_in):
    response = my_work(signed_in(council["qa_officer"]))
    page = text_of(response)
    assert "Your children" not in page and "Waiting for you (" not in page
    assert "Supervision" not in page


def test_my_work_takes_the_same_queries_for_two_children_or_eight(council, sc_child, signed_in):
    worker, manager = council["social_worker"], council["team_manager"]
    client = signed_in(worker)
    cp_plan(sc_child.episodes.get(), manager, days_ago=20)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            my_work(client)
        return len(captured)

    make_episode(make_child(manager), manager, allocate_to=worker)
    few = queries()
    for _ in range(6):
        child = make_child(manager)
        cp_plan(make_episode(child, manager, allocate_to=worker), manager, days_ago=15)
    assert queries() == few


# --- the manager's queue ----------------------------------------------------------------------


def test_a_manager_sees_what_waits_oldest_first_and_it_leaves_when_done(
    council, sc_child, signed_in
):
    manager, worker = council["team_manager"], council["social_worker"]
    cp_plan(sc_child.episodes.get(), manager, days_ago=40)
    make_contact(sc_child, worker, level=4, next_step="social_care")
    decision = ThresholdDecision.objects.get(child=sc_child)
    draft = visits.record_visit(
        Account(kind=CaseNote.Kind.HOME, occurred_at=timezone.now(), observed="To finish"),
        [ChildPart(episode=sc_child.episodes.get())],
        by=worker.user,
        finish=False,
    )
    Visit.objects.filter(pk=draft.pk).update(started_at=timezone.now() - dt.timedelta(days=5))
    client = signed_in(manager)
    queue = client.get(reverse("manager_queue"))
    assert queue.status_code == 200
    page = queue.content.decode()
    kinds = re.findall(r'data-waiting="([^"]+)"', page)
    assert kinds == ["Supervision", "Visit overdue", "Draft", "Threshold decision"], (
        "oldest first: supervision due 60 days on from opening, the visit 10 working days "
        "after the plan began, the draft begun five days ago, the decision yesterday"
    )
    review = reverse("review_decision", args=[sc_child.pk, decision.pk])
    assert review in page and reverse("visit", args=[draft.pk]) in page

    client.post(
        review,
        {
            "agree": "yes",
            "rationale": "I agree: the risks are clear and the "
            "strategy discussion is the proportionate next step.",
        },
    )
    decision.refresh_from_db()
    assert decision.manager_agreed is True
    after = client.get(reverse("manager_queue")).content.decode()
    assert review not in after and 'data-waiting="Threshold decision"' not in after
    assert "Waiting for you (" in text_of(my_work(client))


def test_the_queue_is_for_managers_only(council, signed_in):
    for role in ("social_worker", "practitioner", "qa_officer", "external_lead"):
        assert signed_in(council[role]).get(reverse("manager_queue")).status_code == 403


def test_the_queue_takes_the_same_queries_however_much_waits(council, sc_child, signed_in):
    manager, worker = council["team_manager"], council["social_worker"]
    client = signed_in(manager)
    make_contact(sc_child, worker, level=4, next_step="social_care")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("manager_queue")).status_code == 200
        return len(captured)

    few = queries()
    for _ in range(4):
        child = make_child(manager)
        cp_plan(make_episode(child, manager, allocate_to=worker), manager, days_ago=30)
        make_contact(child, worker, level=4, next_step="social_care")
    assert queries() == few


def test_a_head_of_service_sees_each_teams_figures(council, sc_child, signed_in):
    manager = council["team_manager"]
    cp_plan(sc_child.episodes.get(), manager, days_ago=40)
    unallocated = make_child(manager)
    make_episode(unallocated, manager)
    response = my_work(signed_in(council["head_of_service"]))
    page = response.content.decode()
    row = re.search(r'data-team="Child in Need and Protection">(.*?)</tr>', page, re.S).group(1)
    figures = [int(n) for n in re.findall(r'data-label="[^"]+">(\d+)<', row)]
    assert figures == [2, 1, 1, 2, 0], "open, unallocated, visits and supervision overdue"
    assert 'data-team="Early Help North"' not in page, "another service's team"


def test_the_queue_lists_one_kind_at_a_time(council, sc_child, signed_in):
    manager, worker = council["team_manager"], council["social_worker"]
    cp_plan(sc_child.episodes.get(), manager, days_ago=40)
    make_contact(sc_child, worker, level=4, next_step="social_care")
    client = signed_in(manager)
    page = client.get(reverse("manager_queue"), {"kind": "Visits overdue"}).content.decode()
    assert re.findall(r'data-waiting="([^"]+)"', page) == ["Visit overdue"]
    assert 'data-count="Threshold decisions">1<' in page, "the other kinds still counted"
