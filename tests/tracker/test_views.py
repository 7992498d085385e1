"""The CAF tracker page: who sees which rows, filters and sorting, the XLSX export, queries."""

from __future__ import annotations

import datetime as dt
import html
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from journey.cases import services as case_services
from journey.cases.models import EarlyHelpClosureReason
from journey.core.models import AccessEvent, RecordGrant
from journey.people.models import Agency
from journey.tracker import selectors
from journey.tracker.exports import HEADERS
from journey.tracker.selectors import TrackerFilter, caf_tracker_page
from journey.workforce.models import Allocation, Role
from tests.factories import AgencyFactory, UserFactory, WorkerFactory
from tests.tracker.conftest import caf_episode, days_ago, taf, today

pytestmark = pytest.mark.django_db
URL = reverse("caf_tracker")


def text_of(response) -> str:
    page = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.unescape(page).split())


def row_ids(response) -> list[int]:
    return [
        int(pk)
        for pk in re.findall(r'<tr class="govuk-table__row" id="episode-(\d+)"', _s(response))
    ]


def _s(response) -> str:
    return response.content.decode()


def names_in_order(response) -> list[str]:
    return re.findall(r'<a class="govuk-link" href="/children/\d+/">([^<]+)</a>', _s(response))


def get(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response


# --- who sees which rows ---------------------------------------------------------------------


def test_a_practitioner_starts_with_their_own_cases_and_the_team_is_a_click_away(
    council, signed_in, other_eh_team_practitioner
):
    mine = caf_episode(council, first_name="Amira", last_name="Khan")
    colleague = WorkerFactory(role=Role.PRACTITIONER, team=council.eh_team)
    teams = caf_episode(council, worker=colleague, first_name="Cara", last_name="Colleague")
    theirs = caf_episode(
        council, worker=other_eh_team_practitioner, first_name="Ben", last_name="Other"
    )
    client = signed_in(council["practitioner"])
    response = get(client)
    assert row_ids(response) == [mine.pk]
    assert "Team: My cases" in text_of(response)
    team = get(client, team=str(council.eh_team.pk))
    assert sorted(row_ids(team)) == sorted([mine.pk, teams.pk])
    assert "Team: Early Help North" in text_of(team)
    # Asking for every team does not show work the practitioner may not see.
    assert theirs.pk not in row_ids(get(client, team="all"))


def test_the_name_filter_finds_a_child_by_part_of_their_names(council, signed_in):
    amira = caf_episode(council, first_name="Amira", last_name="Khan")
    caf_episode(council, first_name="Ben", last_name="Other")
    client = signed_in(council["practitioner"])
    assert row_ids(get(client, name="ami kha")) == [amira.pk]
    assert row_ids(get(client, name="zz")) == []


def test_a_manager_of_another_team_sees_nothing_of_this_one(
    council, signed_in, other_eh_team_practitioner
):
    caf_episode(council)
    client = signed_in(other_eh_team_practitioner)
    assert row_ids(get(client)) == []
    assert row_ids(get(client, team=str(council.eh_team.pk))) == []
    assert row_ids(get(client, team="all")) == []


def test_heads_of_service_start_with_their_service_and_the_director_with_everything(
    council, signed_in
):
    episode = caf_episode(council)
    eh_head = WorkerFactory(
        role=Role.HEAD_OF_SERVICE,
        team=None,
        service=council.eh_team.service,
        user=UserFactory(username="eh.head"),
    )
    response = get(signed_in(eh_head))
    assert f'value="s{council.eh_team.service_id}" selected' in _s(response)
    assert row_ids(response) == [episode.pk]
    # The social care head of service starts with their own service: no early help there.
    response = get(signed_in(council["head_of_service"]))
    assert row_ids(response) == []
    director = get(signed_in(council["assistant_director"]))
    assert 'value="all" selected' in _s(director)
    assert row_ids(director) == [episode.pk]


def test_an_external_lead_professional_sees_only_their_own_families(council, signed_in):
    lead = council["external_lead"]
    theirs = caf_episode(council, lead=lead, first_name="Lily", last_name="Ward")
    not_theirs = caf_episode(council, first_name="Max", last_name="Stone")
    client = signed_in(lead)
    response = get(client)
    assert row_ids(response) == [theirs.pk]
    # No team, lead or agency filters for a partner; asking for everything changes nothing.
    assert 'name="team"' not in _s(response) and 'name="lead"' not in _s(response)
    assert row_ids(get(client, team="all")) == [theirs.pk]
    assert not_theirs.pk not in row_ids(get(client, team=str(council.eh_team.pk)))
    # Not in the service navigation for partners; council staff have the link.
    assert 'href="/tracker/"' not in _s(client.get(reverse("my_work")))
    staff = signed_in(council["practitioner"]).get(reverse("my_work"))
    assert 'href="/tracker/"' in _s(staff)


def test_an_external_lead_no_longer_sees_a_family_handed_to_someone_else(council, signed_in):
    lead = council["external_lead"]
    episode = caf_episode(council, lead=lead)
    case_services.allocate(
        episode,
        worker=council["practitioner"],
        kind=Allocation.Kind.LEAD_PROFESSIONAL,
        started_on=today(),
        allocated_by=council["practitioner"].user,
    )
    assert row_ids(get(signed_in(lead))) == []


def test_a_restricted_child_never_appears_without_a_grant(council, signed_in):
    episode = caf_episode(council, first_name="Secret", last_name="Child")
    episode.child.is_restricted = True
    episode.child.save()
    for role in ("practitioner", "assistant_director", "qa_officer"):
        response = get(signed_in(council[role]), team="all")
        assert episode.pk not in row_ids(response), role
        assert "Secret" not in _s(response)
    RecordGrant.objects.create(
        user=council["practitioner"].user,
        child=episode.child,
        reason="Allocated",
        granted_by=council["team_manager"].user,
    )
    assert episode.pk in row_ids(get(signed_in(council["practitioner"])))


def test_a_user_without_a_worker_record_is_refused(client, db):
    user = UserFactory(username="no.worker")
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 403
    assert "Ask the Journey administrator" in text_of(response)


def test_closed_work_leaves_the_tracker(council, signed_in):
    episode = caf_episode(council)
    client = signed_in(council["practitioner"])
    assert row_ids(get(client)) == [episode.pk]
    case_services.close_episode(
        episode,
        ended_on=today(),
        reason=EarlyHelpClosureReason.OUTCOMES_MET,
        note="",
        closed_by=council["practitioner"].user,
    )
    assert row_ids(get(client)) == []


# --- what a row shows ----------------------------------------------------------------------


def test_a_row_shows_lead_taf_actions_outcome_and_explained_flags(council, signed_in):
    school = AgencyFactory(name="Castlegate Academy", kind=Agency.Kind.SCHOOL)
    assert council["external_lead"].agency == school
    worker = council["practitioner"]
    episode = caf_episode(council, started_days_ago=120, lead=council["external_lead"])
    taf(
        episode,
        worker,
        held_days_ago=100,
        next_due=days_ago(58),
        actions=[("Book the GP", 10), ("Join the club", 200)],
        child_views="",
    )
    text = text_of(get(signed_in(worker)))
    lead = council["external_lead"]
    assert f"{lead.name} Castlegate Academy 120" in text
    tafs = f"{days_ago(100):%-d %b %Y} {days_ago(58):%-d %b %Y}"
    assert f"{tafs} overdue 2 1 Measured at start" in text
    assert f"TAF review overdue since {days_ago(57):%-d %b %Y}" in text
    assert f"The next TAF was due by {days_ago(58):%-d %B %Y}" in text
    assert "Action overdue since" in text and "1 open action past the due date" in text
    assert "Action not progressed since" in text
    assert "TAF overdue Action overdue Action stalled" in text, "short tags, the rule a click away"
    assert "Child's views missing" in text and "No child's views recorded in the plan of" in text
    assert f"or the TAF of {days_ago(100):%-d %B %Y}" in text
    assert "Plan past its review date" in text
    # Each rule is explained on the page, with the council's numbers.
    assert "no progress note for more than 90 days" in text


# --- filters and sorting -------------------------------------------------------------------


@pytest.fixture
def three(council):
    """Three open CAFs in the practitioner's team: different leads, ages and flags."""
    worker = council["practitioner"]
    lead = council["external_lead"]
    old = caf_episode(council, started_days_ago=400, lead=lead, first_name="Ada", last_name="Zed")
    taf(old, worker, held_days_ago=200, actions=[("Old action", 10)])
    new = caf_episode(council, started_days_ago=20, first_name="Cal", last_name="Young")
    none = caf_episode(council, started_days_ago=60, lead=None, first_name="Bea", last_name="Xu")
    taf(none, worker, held_days_ago=5, actions=[("Fresh action", 30)])
    return old, new, none


def test_filter_by_lead_agency_flag_and_team(council, signed_in, three):
    old, new, none = three
    client = signed_in(council["practitioner"])
    assert set(row_ids(get(client))) == {old.pk, new.pk, none.pk}
    assert row_ids(get(client, lead=council["external_lead"].pk)) == [old.pk]
    assert row_ids(get(client, agency=council["external_lead"].agency_id)) == [old.pk]
    assert row_ids(get(client, agency=council["practitioner"].agency_id)) == [new.pk]
    assert row_ids(get(client, flag="no_lead")) == [none.pk]
    assert row_ids(get(client, flag="long_open_no_review")) == [old.pk]
    assert set(row_ids(get(client, team=f"s{council.eh_team.service_id}"))) == {
        old.pk,
        new.pk,
        none.pk,
    }
    assert row_ids(get(client, team=str(council.sc_team.pk))) == []
    filtered = get(client, flag="no_lead")
    assert "Drift flag: No lead professional" in text_of(filtered)
    assert "No open CAF work matches these filters" in text_of(
        get(client, flag="no_lead", lead=council["external_lead"].pk)
    )


def test_a_bad_filter_value_is_explained_and_ignored(council, signed_in, three):
    client = signed_in(council["practitioner"])
    response = get(client, flag="made_up", sort="nonsense", lead="99999")
    assert "govuk-error-summary" in _s(response)
    assert "Choose a flag from the list" in text_of(response)
    assert "Choose a lead professional from the list" in text_of(response)
    assert "sort" not in re.findall(r'href="#id_(\w+)"', _s(response))  # falls back quietly
    assert len(row_ids(response)) == 3
    assert 'aria-sort="descending"><a' in _s(response)  # the default sort: most flags first


def test_an_empty_team_says_so_and_offers_no_download(council, signed_in):
    response = get(signed_in(council["team_manager"]))
    assert row_ids(response) == []
    assert "no open CAF work in Child in Need and Protection" in text_of(response)
    assert "Download this view" not in text_of(response)


def test_every_column_sorts_both_ways_with_aria_sort(council, signed_in, three):
    old, new, none = three
    client = signed_in(council["practitioner"])
    for column in selectors.CAF_COLUMNS:
        for sort in (column.key, f"-{column.key}"):
            response = get(client, sort=sort)
            assert len(row_ids(response)) == 3, sort
            state = "descending" if sort.startswith("-") else "ascending"
            header = re.search(
                rf'aria-sort="{state}"><a [^>]*href="([^"]+)">([^<]+)<', _s(response)
            )
            assert header and header.group(2) == column.label, sort
            assert (
                f"sort={column.key if state == 'descending' else '-' + column.key}"
                in header.group(1)
            )
            assert _s(response).count('aria-sort="none"') == len(selectors.CAF_COLUMNS) - 1
    assert names_in_order(get(client, sort="child")) == ["Bea Xu", "Cal Young", "Ada Zed"]
    assert names_in_order(get(client, sort="-child")) == ["Ada Zed", "Cal Young", "Bea Xu"]
    assert row_ids(get(client, sort="-days")) == [old.pk, none.pk, new.pk]
    assert row_ids(get(client, sort="days")) == [new.pk, none.pk, old.pk]
    # No TAF yet is the most urgent: first on the first click (oldest first), last the other way.
    assert row_ids(get(client, sort="last_taf")) == [new.pk, old.pk, none.pk]
    assert row_ids(get(client, sort="-last_taf")) == [none.pk, old.pk, new.pk]
    assert row_ids(get(client, sort="-flags"))[0] == old.pk
    assert row_ids(get(client, sort="-lead"))[-1] == none.pk


def test_sort_links_keep_the_filters(council, signed_in, three):
    client = signed_in(council["practitioner"])
    response = get(client, flag="no_lead", team=str(council.eh_team.pk))
    links = re.findall(r'aria-sort="[a-z]+"><a [^>]*href="([^"]+)"', _s(response))
    assert links and all("flag=no_lead" in link and "team=" in link for link in links)


def test_the_tracker_pages_fifty_rows_at_a_time(council, signed_in, monkeypatch):
    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)
    for n in range(5):
        caf_episode(council, started_days_ago=10 + n, first_name=f"Kid{n}", last_name="Page")
    client = signed_in(council["practitioner"])
    first = get(client, sort="-days")
    assert len(row_ids(first)) == 2 and "5 open CAF cases" in text_of(first)
    assert "Page 1 of 3" in text_of(first)
    last = get(client, sort="-days", page="3")
    assert names_in_order(last) == ["Kid0 Page"]
    assert names_in_order(get(client, sort="-days", page="99")) == ["Kid0 Page"]
    assert len(row_ids(get(client, sort="-days", page="x"))) == 2


# --- the export ----------------------------------------------------------------------------


def test_the_export_is_the_current_view_as_a_real_spreadsheet(council, signed_in, three):
    old, new, none = three
    client = signed_in(council["practitioner"])
    response = client.get(reverse("caf_tracker_xlsx"), {"sort": "child", "flag": ""})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f"caf-tracker-{today():%Y-%m-%d}.xlsx" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["CAF tracker"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert [r[0] for r in rows[1:]] == ["Bea Xu", "Cal Young", "Ada Zed"]
    by_name = {r[0]: dict(zip(HEADERS, r, strict=True)) for r in rows[1:]}
    ada = by_name["Ada Zed"]
    assert ada["Local ID"] == old.child.local_id
    assert ada["Lead professional"] == council["external_lead"].name
    assert ada["Agency"] == "Castlegate Academy"
    assert isinstance(ada["Opened"], dt.datetime) and ada["Opened"].date() == days_ago(400)
    assert ada["Days open"] == 400
    assert ada["Last TAF"].date() == days_ago(200)
    assert ada["Next TAF due"].date() == days_ago(158)
    assert (ada["Open actions"], ada["Overdue actions"]) == (1, 1)
    assert ada["Outcome measure"] == "Measured at start"
    assert ada["TAF review overdue (since)"].date() == days_ago(157)
    assert ada["Drift flags"] >= 4 and "TAF review overdue: The next TAF" in ada["Evidence"]
    assert by_name["Bea Xu"]["Lead professional"] == "None"
    assert by_name["Bea Xu"]["No lead professional (since)"].date() == days_ago(60)
    assert by_name["Cal Young"]["Last TAF"] is None
    date_cell = sheet.cell(row=2, column=HEADERS.index("Opened") + 1)
    assert date_cell.is_date
    about = {r[0]: r[1] for r in book["About"].iter_rows(values_only=True) if r and r[0]}
    assert "Team: My cases" in about["CAF tracker"], "the view it was downloaded from"
    assert about["Rows"] == 3
    # Each child's record leaving the system is in the access log.
    assert AccessEvent.objects.filter(action=AccessEvent.Action.EXPORT).count() == 3


def test_the_export_follows_the_filters_and_visibility(council, signed_in, three):
    old, new, none = three
    response = signed_in(council["practitioner"]).get(
        reverse("caf_tracker_xlsx"), {"flag": "no_lead"}
    )
    rows = list(load_workbook(io.BytesIO(response.content))["CAF tracker"].values)
    assert [r[0] for r in rows[1:]] == ["Bea Xu"]
    lead_export = signed_in(council["external_lead"]).get(reverse("caf_tracker_xlsx"))
    rows = list(load_workbook(io.BytesIO(lead_export.content))["CAF tracker"].values)
    assert [r[0] for r in rows[1:]] == ["Ada Zed"]


# --- constant queries ----------------------------------------------------------------------


def queries_for(client, **params) -> int:
    with CaptureQueriesContext(connection) as captured:
        get(client, **params)
    return len(captured)


def test_the_tracker_makes_the_same_number_of_queries_however_much_work_there_is(
    council, signed_in
):
    worker = council["practitioner"]
    client = signed_in(worker)
    caf_episode(council)
    caf_episode(council, lead=None)
    views = ({}, {"sort": "child"}, {"flag": "no_lead"}, {"page": "2"})
    small = [queries_for(client, **view) for view in views]
    for n in range(6):
        episode = caf_episode(
            council, started_days_ago=300 + n, lead=council["external_lead"] if n % 2 else None
        )
        taf(episode, worker, held_days_ago=100 + n, actions=[("One", 5), ("Two", 200)])
        taf(episode, worker, held_days_ago=50, child_views="")
    larger = [queries_for(client, **view) for view in views]
    assert larger == small


def test_the_selector_takes_a_date_for_today(council):
    worker = council["practitioner"]
    episode = caf_episode(council, started_days_ago=30)
    taf(episode, worker, held_days_ago=20, actions=[("Due soon", 25)])
    page, rows = caf_tracker_page(worker.user, today(), TrackerFilter(team="all"))
    assert rows[0].flags == [] and rows[0].days_open == 30
    later = today() + dt.timedelta(days=60)
    page, rows = caf_tracker_page(worker.user, later, TrackerFilter(team="all"))
    assert {f.rule.code for f in rows[0].flags} == {
        "taf_overdue",
        "plan_review_overdue",
        "action_overdue",
        "supervision_overdue",  # supervised a week ago; due again within 42 days
    }
    assert rows[0].days_open == 90


def test_names_in_the_rows_are_escaped(council, signed_in):
    caf_episode(council, first_name="Siân", last_name="O'Brien & <Co>")
    page = _s(get(signed_in(council["practitioner"])))
    assert "O&#x27;Brien &amp; &lt;Co&gt;" in page
    assert "<Co>" not in page


def test_the_first_click_on_a_column_puts_the_most_urgent_work_first(council, signed_in, three):
    old, new, none = three
    page = _s(get(signed_in(council["practitioner"])))
    first_click = dict(re.findall(r'href="\?[^"]*sort=([-\w]+)[^"]*">([^<]+)<', page))
    by_label = {label: sort for sort, label in first_click.items()}
    assert by_label["Days open"] == "-days", "the longest open first"
    assert by_label["Overdue actions"] == "-overdue_actions", "the most overdue first"
    assert by_label["Next TAF due"] == "next_taf", "the earliest due (or none yet) first"
    assert by_label["Last TAF"] == "last_taf"
    assert row_ids(get(signed_in(council["practitioner"]), sort="last_taf"))[0] == new.pk


def test_nothing_on_the_tracker_tells_a_practitioner_to_run_a_command(council, signed_in):
    caf_episode(council)
    page = text_of(get(signed_in(council["practitioner"])))
    assert "snapshot_drift" not in page and "manage.py" not in page
