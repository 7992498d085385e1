"""Finding, recording and reading a child's record through the pages a worker uses (R1, R2)."""

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
from journey.cases.models import EarlyHelpClosureReason, EpisodeKind
from journey.casework.models import Plan
from journey.core.identifiers import make_nhs_number, make_upn
from journey.core.models import RecordGrant
from journey.people.models import Person, PersonName
from journey.people.services import form_household, record_adult
from journey.workforce.models import Allocation
from tests.factories import make_child, make_episode

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def text_of(response) -> str:
    """The page as a user reads it: tags dropped, entities decoded, whitespace collapsed."""
    page = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r" ([,.;:)])", r"\1", " ".join(html.unescape(page).split()))


def shown_count(response, element_id: str) -> int:
    match = re.search(rf'id="{element_id}">\s*(\d+)\s*<', response.content.decode())
    assert match, f"no #{element_id} on the page"
    return int(match.group(1))


def search(client, **params):
    response = client.get(reverse("search"), params)
    assert response.status_code == 200
    return response


def child_link(child) -> str:
    return f'href="{reverse("child", args=[child.pk])}"'


def close(episode, worker, reason=EarlyHelpClosureReason.OUTCOMES_MET, days_ago=5):
    return case_services.close_episode(
        episode,
        ended_on=TODAY() - dt.timedelta(days=days_ago),
        reason=reason,
        note="Attendance back to normal; family happy to close.",
        closed_by=worker.user,
    )


# --- Search ----------------------------------------------------------------------------------


class TestSearch:
    @pytest.fixture
    def manager(self, council):
        return council["team_manager"]

    def test_part_of_a_name_finds_the_child_and_shows_date_of_birth_and_area(
        self, manager, signed_in
    ):
        ruby = make_child(
            manager,
            first_name="Ruby",
            last_name="Ashworth",
            date_of_birth=dt.date(2016, 3, 27),
            address_area="Ashby Vale",
        )
        other = make_child(manager, first_name="Tom", last_name="Kettering")
        make_episode(ruby, manager)
        response = search(signed_in(manager), q="ashw")
        page = text_of(response)
        assert "1 child found" in page
        assert child_link(ruby) in response.content.decode()
        assert child_link(other) not in response.content.decode()
        assert "Ruby Ashworth 27 March 2016 Ashby Vale" in page
        assert ruby.local_id in page
        assert "Children's social care (Child in Need and Protection)" in page

    def test_first_and_last_name_together_narrow_the_search(self, manager, signed_in):
        ruby = make_child(manager, first_name="Ruby", last_name="Ashworth")
        amy = make_child(manager, first_name="Amy", last_name="Ashworth")
        response = search(signed_in(manager), q="Ruby Ash")
        assert child_link(ruby) in response.content.decode()
        assert child_link(amy) not in response.content.decode()

    def test_a_former_name_finds_the_child_under_their_current_name(self, manager, signed_in):
        ella = make_child(
            manager, first_name="Ella", last_name="Brook", former_names=[("Ella", "Quinton")]
        )
        response = search(signed_in(manager), q="Quinton")
        assert child_link(ella) in response.content.decode()
        assert "Ella Brook" in text_of(response)

    def test_date_of_birth_alone_finds_every_child_born_that_day(self, manager, signed_in):
        born = dt.date(2014, 11, 5)
        a = make_child(manager, first_name="Ava", last_name="Lund", date_of_birth=born)
        b = make_child(manager, first_name="Ben", last_name="Okafor", date_of_birth=born)
        c = make_child(
            manager, first_name="Cal", last_name="Lund", date_of_birth=dt.date(2014, 11, 6)
        )
        response = search(signed_in(manager), dob_0="5", dob_1="11", dob_2="2014")
        page = response.content.decode()
        assert "2 children found" in text_of(response)
        assert child_link(a) in page and child_link(b) in page
        assert child_link(c) not in page

    def test_name_and_date_of_birth_together(self, manager, signed_in):
        born = dt.date(2014, 11, 5)
        ava = make_child(manager, first_name="Ava", last_name="Lund", date_of_birth=born)
        ben = make_child(manager, first_name="Ben", last_name="Okafor", date_of_birth=born)
        response = search(signed_in(manager), q="Lund", dob_0="05", dob_1="11", dob_2="2014")
        assert child_link(ava) in response.content.decode()
        assert child_link(ben) not in response.content.decode()

    def test_an_impossible_date_of_birth_is_an_error_not_an_empty_result(self, manager, signed_in):
        response = search(signed_in(manager), dob_0="31", dob_1="2", dob_2="2015")
        page = response.content.decode()
        assert "There is a problem" in page
        assert 'href="#id_dob_0"' in page
        assert "Date of birth must be a real date" in page
        assert "children found" not in page

    @pytest.mark.parametrize("typed", ["exact", "lower case with spaces"])
    def test_upn_nhs_number_and_local_id_each_find_the_child(self, manager, signed_in, typed):
        upn, nhs = make_upn("999", 4242), make_nhs_number(77)
        child = make_child(manager, first_name="Ivy", last_name="Marlow", upn=upn, nhs_number=nhs)
        decoy = make_child(manager, first_name="Ivy", last_name="Marlowe")
        client = signed_in(manager)
        for identifier in (upn, nhs, child.local_id):
            query = identifier
            if typed != "exact":
                query = " ".join(re.findall(".{1,3}", identifier.lower()))
            response = search(client, q=query)
            assert child_link(child) in response.content.decode(), query
            assert child_link(decoy) not in response.content.decode(), query
            assert "1 child found" in text_of(response), query

    def test_closed_cases_are_found_as_easily_as_open_ones(self, council, manager, signed_in):
        open_child = make_child(manager, first_name="Noah", last_name="Fenwick")
        closed_child = make_child(manager, first_name="Nia", last_name="Fenwick")
        make_episode(open_child, manager)
        episode = make_episode(closed_child, manager, started_on=TODAY() - dt.timedelta(days=300))
        close(episode, manager, reason="RC8")
        response = search(signed_in(manager), q="Fenwick")
        page = text_of(response)
        assert "2 children found" in page
        assert child_link(closed_child) in response.content.decode()
        assert "Nia Fenwick" in page and "None (closed or never open)" in page

    def test_an_empty_search_says_what_to_enter(self, manager, signed_in):
        response = search(signed_in(manager), q="  ", dob_0="", dob_1="", dob_2="")
        page = response.content.decode()
        assert 'class="govuk-error-summary"' in page
        assert "There is a problem" in page
        assert "Enter a name, an ID or a date of birth to search for" in page
        assert "No children found" not in page

    def test_opening_the_search_page_is_not_an_error(self, manager, signed_in):
        page = search(signed_in(manager)).content.decode()
        assert "There is a problem" not in page
        assert "Find a child" in page

    def test_a_search_that_matches_nothing_says_so(self, manager, signed_in):
        make_child(manager, first_name="Ruby", last_name="Ashworth")
        page = text_of(search(signed_in(manager), q="Zebedee"))
        assert "No children found" in page
        assert "Check the spelling" in page


# --- Recording a new child -----------------------------------------------------------------


def child_form(**overrides) -> dict:
    data = {
        "first_name": "Maya",
        "last_name": "Hart",
        "date_of_birth_0": "4",
        "date_of_birth_1": "5",
        "date_of_birth_2": "2016",
        "sex": "F",
        "ethnicity": "",
        "upn": "",
        "upn_unknown": "",
        "nhs_number": "",
        "address_area": "Castlegate",
        "postcode": "",
        "former_first_name": "",
        "former_last_name": "",
    }
    return {**data, **overrides}


class TestNewChild:
    def test_recording_a_child_opens_their_record(self, council, signed_in):
        client = signed_in(council["social_worker"])
        response = client.post(
            reverse("new_child"),
            child_form(former_first_name="Maya", former_last_name="Collins"),
        )
        child = Person.objects.get(first_name="Maya", last_name="Hart")
        assert response.status_code == 302
        assert response.url == reverse("child", args=[child.pk])
        assert child.date_of_birth == dt.date(2016, 5, 4)
        assert child.sex == "F" and child.address_area == "Castlegate"
        assert PersonName.objects.filter(person=child, last_name="Collins").exists()
        page = client.get(response.url)
        assert page.status_code == 200
        assert "Maya Hart has been recorded" in text_of(page)
        assert "Born 4 May 2016" in text_of(page)

    def test_a_date_of_birth_in_the_future_is_shown_as_an_error_and_nothing_is_saved(
        self, council, signed_in
    ):
        tomorrow = TODAY() + dt.timedelta(days=1)
        response = signed_in(council["social_worker"]).post(
            reverse("new_child"),
            child_form(
                date_of_birth_0=str(tomorrow.day),
                date_of_birth_1=str(tomorrow.month),
                date_of_birth_2=str(tomorrow.year),
            ),
        )
        page = response.content.decode()
        assert response.status_code == 200
        assert "There is a problem" in page
        assert (
            '<a href="#id_date_of_birth_0">Date of birth must be today or in the past</a>' in page
        )
        assert 'id="id_date_of_birth-error"' in page
        assert not Person.objects.filter(last_name="Hart").exists()
        # What the worker typed is kept, so they only fix the date.
        assert 'value="Maya"' in page

    def test_missing_names_are_errors_linked_to_their_fields(self, council, signed_in):
        response = signed_in(council["social_worker"]).post(
            reverse("new_child"), child_form(first_name="", last_name="")
        )
        page = response.content.decode()
        assert '<a href="#id_first_name">Enter the child&#x27;s first name</a>' in page
        assert '<a href="#id_last_name">Enter the child&#x27;s last name</a>' in page
        assert not Person.objects.exists()

    def test_same_name_and_date_of_birth_warns_and_links_to_the_existing_child(
        self, council, signed_in
    ):
        worker = council["social_worker"]
        existing = make_child(
            worker,
            first_name="Maya",
            last_name="Hart",
            date_of_birth=dt.date(2016, 5, 4),
            address_area="Ashby Vale",
        )
        client = signed_in(worker)
        response = client.post(reverse("new_child"), child_form(first_name="maya"))
        page = response.content.decode()
        assert response.status_code == 200
        assert "There is a problem" in page
        assert "A child with this name and date of birth is already recorded" in page
        assert child_link(existing) in page
        assert "Ashby Vale" in page and existing.local_id in page
        assert 'href="#id_confirm_not_duplicate"' in page
        assert 'name="confirm_not_duplicate"' in page
        assert Person.objects.count() == 1

        confirmed = client.post(
            reverse("new_child"), child_form(first_name="maya", confirm_not_duplicate="on")
        )
        assert confirmed.status_code == 302
        assert Person.objects.filter(last_name="Hart").count() == 2
        new = Person.objects.exclude(pk=existing.pk).get(last_name="Hart")
        assert confirmed.url == reverse("child", args=[new.pk])

    def test_a_role_that_cannot_record_children_is_refused(self, council, signed_in):
        response = signed_in(council["qa_officer"]).post(reverse("new_child"), child_form())
        assert response.status_code == 403
        assert not Person.objects.exists()


# --- The child's summary page --------------------------------------------------------------


class TestChildSummary:
    def test_shows_identity_identifiers_work_worker_and_household(self, council, signed_in):
        manager, practitioner = council["team_manager"], council["practitioner"]
        upn, nhs = make_upn("999", 31337), make_nhs_number(12)
        child = make_child(
            manager,
            first_name="Ruby",
            last_name="Ashworth",
            date_of_birth=dt.date(2015, 2, 1),
            sex="F",
            upn=upn,
            nhs_number=nhs,
            address_area="Ashby Vale",
            former_names=[("Ruby", "Clegg")],
            disabilities=["MOB"],
        )
        early_help = make_episode(
            child,
            practitioner,
            kind=EpisodeKind.EARLY_HELP_CAF,
            started_on=TODAY() - dt.timedelta(days=400),
            allocate_to=practitioner,
        )
        close(early_help, practitioner, days_ago=200)
        make_episode(child, manager, allocate_to=council["social_worker"])
        sister = make_child(
            manager, first_name="Daisy", last_name="Ashworth", date_of_birth=dt.date(2018, 7, 9)
        )
        mum = record_adult(
            first_name="Karen", last_name="Ashworth", date_of_birth=None, recorded_by=manager.user
        )
        form_household(
            name="Ashworth household", members=[child, sister, mum], address_area="Ashby Vale"
        )

        response = signed_in(council["social_worker"]).get(reverse("child", args=[child.pk]))
        assert response.status_code == 200
        page = text_of(response)
        assert "Ruby Ashworth" in page and child.local_id in page
        assert "Born 1 February 2015 · Ashby Vale · Female" in page
        assert f"UPN {upn}" in page and f"NHS number {nhs[:3]} {nhs[3:6]} {nhs[6:]}" in page
        assert "Ruby Clegg (former name)" in page
        assert "Mobility" in page
        open_part, closed_part = page.split("Closed work", 1)
        assert "Children's social care" in open_part
        assert f"Allocated worker {council['social_worker'].name} since" in open_part
        assert "Early help (CAF and TAF) (closed)" in closed_part
        assert "Reason for closure Outcomes met" in closed_part
        assert "Early Help North" in closed_part
        assert "Ashworth household, Ashby Vale" in page
        assert "Daisy Ashworth, born 9 July 2018" in page and "Karen Ashworth" in page
        assert child_link(sister) in response.content.decode()
        assert "Restricted record" not in page

    def test_an_unallocated_episode_is_flagged(self, council, signed_in):
        child = make_child(council["team_manager"])
        make_episode(child, council["team_manager"])
        page = text_of(signed_in(council["team_manager"]).get(reverse("child", args=[child.pk])))
        assert "Allocated worker Unallocated" in page
        assert "No closed work." in page

    def test_a_restricted_child_seen_with_a_grant_carries_the_restricted_alert(
        self, council, sc_child, signed_in
    ):
        sc_child.is_restricted = True
        sc_child.restriction_reason = "A member of staff's child."
        sc_child.save()
        RecordGrant.objects.create(
            user=council["social_worker"].user,
            child=sc_child,
            reason="Allocated worker",
            granted_by=council["team_manager"].user,
        )
        response = signed_in(council["social_worker"]).get(reverse("child", args=[sc_child.pk]))
        assert response.status_code == 200
        assert "journey-alert-restricted" in response.content.decode()
        assert (
            "Restricted record. Only people given explicit access can see it. "
            "A member of staff's child." in text_of(response)
        )


# --- Query counts stay the same as data grows -----------------------------------------------


def count_queries(client, url, **params) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries), response


def open_with_plan(child, worker, plan=Plan.Kind.CP):
    """Social care work starting on a plan, allocated to the worker."""
    episode = case_services.open_episode(
        case_services.EpisodeInput(
            child=child,
            kind=EpisodeKind.SOCIAL_CARE,
            team=worker.team,
            started_on=TODAY() - dt.timedelta(days=30),
            referral_source="2A",
            primary_need="N1",
            initial_plan=plan,
            initial_category="NEG" if plan == Plan.Kind.CP else "",
        ),
        opened_by=worker.user,
    )
    case_services.allocate(
        episode,
        worker=worker,
        kind=Allocation.Kind.WORKER,
        started_on=TODAY() - dt.timedelta(days=30),
        allocated_by=worker.user,
    )
    return episode


class TestQueryCountsDoNotGrowWithData:
    def test_child_summary(self, council, signed_in):
        manager, practitioner = council["team_manager"], council["practitioner"]
        child = make_child(
            manager,
            first_name="Ruby",
            last_name="Ashworth",
            former_names=[("Ruby", "Clegg")],
            disabilities=["MOB"],
        )
        sibling = make_child(manager, first_name="Daisy", last_name="Ashworth")
        form_household(name="Ashworth household", members=[child, sibling])
        open_with_plan(child, council["social_worker"])
        closed = make_episode(
            child,
            practitioner,
            kind=EpisodeKind.EARLY_HELP_CAF,
            started_on=TODAY() - dt.timedelta(days=900),
            allocate_to=practitioner,
        )
        close(closed, practitioner, days_ago=800)
        client = signed_in(council["social_worker"])
        url = reverse("child", args=[child.pk])
        before, _ = count_queries(client, url)

        # More of everything the page shows: episodes (open and closed), allocations of both
        # kinds, household members, names and disabilities.
        for start, end in ((700, 600), (500, 400)):
            old = make_episode(
                child,
                practitioner,
                kind=EpisodeKind.EARLY_HELP_SINGLE_AGENCY,
                started_on=TODAY() - dt.timedelta(days=start),
                allocate_to=practitioner,
            )
            close(old, practitioner, days_ago=end)
        current_eh = make_episode(
            child, practitioner, kind=EpisodeKind.EARLY_HELP_CAF, allocate_to=practitioner
        )
        case_services.allocate(
            current_eh,
            worker=council["external_lead"],
            kind=Allocation.Kind.LEAD_PROFESSIONAL,
            started_on=TODAY(),
            allocated_by=practitioner.user,
        )
        brothers = [make_child(manager, last_name="Ashworth") for _ in range(3)]
        form_household(name="Dad's household", members=[child, *brothers])
        PersonName.objects.create(
            person=child, first_name="Rubes", last_name="Clegg", kind=PersonName.Kind.ALIAS
        )
        child.disabilities.create(code="HEAR")

        after, response = count_queries(client, url)
        page = text_of(response)
        assert "Lead professional" in page and brothers[2].full_name in page
        assert page.count("(closed)") == 3
        assert after == before, f"{before} queries before, {after} after adding data"

    def test_search_results(self, council, signed_in):
        manager = council["team_manager"]
        for _ in range(2):
            open_with_plan(make_child(manager, last_name="Fenwick"), council["social_worker"])
        client = signed_in(manager)
        before, first = count_queries(client, reverse("search"), q="Fenwick")
        assert "2 children found" in text_of(first)

        for _ in range(3):
            kid = make_child(manager, last_name="Fenwick")
            open_with_plan(kid, council["other_social_worker"], plan=Plan.Kind.CIN)
            make_episode(
                kid,
                council["practitioner"],
                kind=EpisodeKind.EARLY_HELP_CAF,
                allocate_to=council["practitioner"],
            )
        form_household(
            name="Fenwick family", members=list(Person.objects.filter(last_name="Fenwick"))
        )

        after, response = count_queries(client, reverse("search"), q="Fenwick")
        assert "5 children found" in text_of(response)
        assert after == before, f"{before} queries before, {after} after adding data"

    def test_my_work(self, council, signed_in):
        worker = council["social_worker"]
        for _ in range(2):
            open_with_plan(make_child(council["team_manager"]), worker)
        client = signed_in(worker)
        before, first = count_queries(client, reverse("my_work"))
        assert shown_count(first, "count-children") == 2

        kids = []
        for _ in range(3):
            kid = make_child(council["team_manager"])
            open_with_plan(kid, worker, plan=Plan.Kind.CIN)
            kids.append(kid)
        form_household(name="Siblings", members=kids)

        after, response = count_queries(client, reverse("my_work"))
        assert shown_count(response, "count-children") == 5
        assert after == before, f"{before} queries before, {after} after adding data"
