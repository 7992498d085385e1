"""The CIN census return: XSD-valid, streamed, in both formats; a round trip reads back what was
written; every rule fires on a breaking record and not on a clean one; the page and the command."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from lxml import etree

from journey.background.models import Job
from journey.cases.models import Episode
from journey.casework.models import Assessment, Plan
from journey.core.models import AccessEvent
from journey.people.models import Person
from journey.reporting.census import rules
from journey.reporting.census.collection import Collection, census_children
from journey.reporting.census.reader import read_census
from journey.reporting.census.records import (
    CinDetails,
    CpPlanRecord,
)
from journey.reporting.census.validate import validate_file
from journey.reporting.census.xml import write_census
from journey.reporting.models import CensusBreach, CensusCheck
from tests.background.worker import private_media, run_worker  # noqa: F401 (autouse)
from tests.reporting.census.conftest import COLLECTION, YEAR, day

pytestmark = pytest.mark.django_db


def export(tmp_path, collection=COLLECTION):
    out = tmp_path / f"census-{collection.year}.xml"
    counts = write_census(out, collection)
    return out, counts


def test_the_export_of_a_hand_built_council_validates_and_reads_back(clean_child, tmp_path):
    out, counts = export(tmp_path)
    assert counts.children == 1 and counts.episodes == 1
    assert validate_file(out, YEAR).valid, validate_file(out, YEAR)
    assert list(read_census(out)) == list(census_children(COLLECTION))
    tree = etree.parse(str(out))
    assert tree.findtext("Header/Source/LEA") == "999"
    assert tree.findtext("Header/CollectionDetails/ReferenceDate") == "2026-03-31"
    cp = tree.find(".//ChildProtectionPlans")
    assert cp.findtext("NumberOfPreviousCPP") == "0"
    assert cp.findtext("Reviews/CPPreviewDate") == "2025-09-30"
    assert tree.findtext(".//Section47/DateOfInitialCPC") == "2025-06-30"


def test_2025_on_writes_sex_and_2024_writes_gender_current(clean_child, tmp_path):
    out, _ = export(tmp_path)
    ids = etree.parse(str(out)).find(".//ChildIdentifiers")
    assert ids.findtext("Sex") == "F" and ids.find("GenderCurrent") is None
    Episode.objects.update(started_on=dt.date(2023, 4, 10))
    old = Collection(2024)
    out, _ = export(tmp_path, old)
    ids = etree.parse(str(out)).find(".//ChildIdentifiers")
    assert ids.findtext("GenderCurrent") == "2" and ids.find("Sex") is None
    assert validate_file(out, 2024).valid
    assert not validate_file(out, 2026).valid, "the 2025+ schema wants Sex, not GenderCurrent"


def test_what_happened_after_the_reference_date_is_left_out(clean_child, tmp_path):
    Episode.objects.update(ended_on=dt.date(2026, 5, 1), closure_reason="RC7")
    Plan.objects.filter(kind=Plan.Kind.CP).update(ended_on=dt.date(2026, 5, 1))
    (child,) = census_children(COLLECTION)
    assert child.episodes[0].closure_date is None and child.episodes[0].cp_plans[0].end is None
    assert child.episodes[0].closure_reason == ""


def test_children_outside_the_year_are_not_in_the_return(clean_child, council):
    make = council["social_worker"]
    from tests.factories import make_child, make_episode

    later = make_child(make, first_name="Later")
    make_episode(later, make, started_on=dt.date(2026, 4, 2))
    assert [c.la_child_id for c in census_children(COLLECTION)] == [clean_child.local_id]


# --- rules comparing children -------------------------------------------------------------------


def test_duplicate_upns_and_child_ids_are_found_across_children(clean_child, council):
    from tests.factories import make_child, make_episode

    twin = make_child(council["social_worker"], first_name="Twin")
    Person.objects.filter(pk=twin.pk).update(upn=clean_child.upn)
    make_episode(twin, council["social_worker"], started_on=day(5, 1))
    summary = rules.check(COLLECTION)
    assert {b.child.la_child_id for b in summary.breaches if b.rule.number == "1520"} == {
        clean_child.local_id,
        twin.local_id,
    }
    assert not any(b.rule.number == "8510" for b in summary.breaches)


# --- the page, the check, the download and the command ------------------------------------------


def signed_in(client, council, role):
    client.force_login(council[role].user)
    return client


@pytest.mark.parametrize("role", ["social_worker", "team_manager", "practitioner", "reviewer"])
def test_others_are_refused(client, council, role):
    signed_in(client, council, role)
    assert client.get(reverse("census")).status_code == 403
    assert client.get(reverse("census_download")).status_code == 403
    assert client.post(reverse("census_check"), {"year": YEAR}).status_code == 403
    assert not CensusCheck.objects.exists() and not Job.objects.exists()


def check_now(client, year=YEAR):
    """Ask for the check, let the worker run it, and follow its progress page back here."""
    asked = client.post(reverse("census_check"), {"year": year})
    assert asked.status_code == 302, asked
    run_worker()
    return client.get(asked.url, follow=True)


def test_the_check_runs_in_the_background_then_the_page_shows_it(client, council, clean_child):
    signed_in(client, council, "performance_officer")
    asked = client.post(reverse("census_check"), {"year": YEAR})
    job = Job.objects.get()
    assert asked.url == job.get_absolute_url() and not CensusCheck.objects.exists()
    waiting = client.get(asked.url)
    assert waiting["Refresh"] == "3" and "Check the CIN census records, 2025 to 2026" in (
        waiting.content.decode()
    )
    run_worker()
    done = client.get(asked.url, follow=True)
    assert done.redirect_chain == [(f"{reverse('census')}?year={YEAR}", 302)]
    assert "The 2025 to 2026 records are checked: 1 child, 0 errors and 1 query." in (
        done.content.decode()
    )
    check = CensusCheck.objects.get()
    assert check.checked_by == council["performance_officer"].user and check.children == 1


def test_the_page_lists_and_links_children_who_break_rules(client, council, clean_child):
    Episode.objects.update(referral_source="")
    Assessment.objects.update(factors=[])
    signed_in(client, council, "performance_officer")
    before = client.get(reverse("census"), {"year": YEAR}).content.decode()
    assert "have not been checked" in before and 'id="breaches"' not in before
    page = check_now(client)
    html = page.content.decode()
    assert page.status_code == 200
    assert "1 child, 1 error and 2 queries" in html  # the notification
    episode = Episode.objects.get()
    breaches = html[html.index('id="breaches"') :]
    assert 'data-rule="8866"' in breaches and 'data-rule="8897Q"' in breaches
    assert reverse("social_care_record", args=[episode.pk]) in breaches
    assert reverse("child", args=[clean_child.pk]) in breaches
    check = CensusCheck.objects.get()
    # the second query: 2887Q, fewer than 8 disability codes in the whole return
    assert (check.year, check.children, check.errors, check.queries) == (YEAR, 1, 1, 2)
    assert check.return_rules == ["2887Q"] and 'data-rule="2887Q"' in html
    assert check.checked_by == council["performance_officer"].user


def test_the_page_filters_by_rule_and_by_errors_or_queries(client, council, clean_child):
    Episode.objects.update(referral_source="")
    Assessment.objects.update(factors=[])
    signed_in(client, council, "performance_officer")
    check_now(client)

    def rules_listed(**query):
        html = client.get(reverse("census"), {"year": YEAR, **query}).content.decode()
        rows = html[html.index('id="breaches"') :]
        return {r for r in ("8866", "8897Q") if f'data-rule="{r}"' in rows}

    assert rules_listed() == {"8866", "8897Q"}
    assert rules_listed(rule="8866") == {"8866"}
    assert rules_listed(kind="query") == {"8897Q"}
    assert rules_listed(kind="error") == {"8866"}


def test_the_page_pages_through_many_problems_in_a_fixed_number_of_queries(
    client, council, clean_child, django_assert_max_num_queries
):
    from tests.factories import make_child, make_episode

    signed_in(client, council, "performance_officer")

    def page_queries() -> int:
        check_now(client)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("census"), {"year": YEAR, "page": 2})
        assert response.status_code == 200
        return len(queries)

    for i in range(3):
        make_episode(
            make_child(council["social_worker"], first_name=f"Few{i}"), council["social_worker"]
        )
    Episode.objects.update(referral_source="")
    few = page_queries()
    for i in range(60):
        child = make_child(council["social_worker"], first_name=f"Many{i}")
        make_episode(child, council["social_worker"], started_on=day(5, 1))
    Episode.objects.update(referral_source="")
    many = page_queries()
    assert many == few, (few, many)
    html = client.get(reverse("census"), {"year": YEAR, "page": 2}).content.decode()
    assert "Page 2 of" in html and 'rel="next"' in html


def test_a_clean_council_shows_no_problems(client, council, clean_child):
    signed_in(client, council, "assistant_director")
    assert "No child breaks a census rule" in check_now(client).content.decode()


def test_checks_are_kept_and_the_page_shows_the_latest(client, council, clean_child):
    signed_in(client, council, "assistant_director")
    check_now(client)
    Episode.objects.update(primary_need="")
    html = check_now(client).content.decode()
    assert CensusCheck.objects.count() == 2
    assert 'data-rule="8610"' in html
    assert CensusBreach.objects.filter(census_check__in=CensusCheck.objects.all()).count() == 1


def test_the_download_streams_the_return_and_is_logged(client, council, clean_child, tmp_path):
    response = signed_in(client, council, "assistant_director").get(
        reverse("census_download"), {"year": YEAR}
    )
    assert response.streaming and response["Content-Type"] == "application/xml"
    body = b"".join(response.streaming_content)
    out = tmp_path / "download.xml"
    out.write_bytes(body)
    assert validate_file(out, YEAR).valid
    assert [c.la_child_id for c in read_census(out)] == [clean_child.local_id]
    event = AccessEvent.objects.get(action=AccessEvent.Action.EXPORT)
    assert event.child == clean_child and event.reason == f"CIN census return {YEAR - 1} to {YEAR}"


def test_the_command_writes_validates_prints_and_stores_the_check(clean_child, tmp_path):
    Episode.objects.update(primary_need="")
    out = io.StringIO()
    call_command("census", year=YEAR, out=str(tmp_path / "c.xml"), stdout=out)
    text = out.getvalue()
    assert "1 children, 1 CIN episodes" in text
    assert "8610" in text and "validates against the CIN census schema" in text
    check = CensusCheck.objects.get()
    assert check.checked_by is None and check.checked_by_name == "the census command"
    assert list(check.breaches.values_list("rule", flat=True)) == ["8610"]


def test_records_compare_without_their_database_ids(clean_child):
    (child,) = census_children(COLLECTION)
    copy = dataclasses.replace(
        child,
        person_id=None,
        episodes=[dataclasses.replace(e, episode_id=None) for e in child.episodes],
    )
    assert copy == child
    assert isinstance(child.episodes[0], CinDetails)
    assert isinstance(child.episodes[0].cp_plans[0], CpPlanRecord)


def test_a_referral_with_no_further_action_is_returned_only_in_its_own_year(clean_child, council):
    from tests.factories import make_child, make_episode

    child = make_child(council["social_worker"], first_name="Nfa")
    episode = make_episode(child, council["social_worker"], started_on=dt.date(2025, 3, 27))
    Episode.objects.filter(pk=episode.pk).update(
        referral_nfa=True, ended_on=dt.date(2025, 4, 3), closure_reason="RC8", primary_need=""
    )
    assert child.local_id not in [c.la_child_id for c in census_children(COLLECTION)]
    (nfa,) = [c for c in census_children(Collection(2025)) if c.la_child_id == child.local_id]
    assert nfa.episodes[0].referral_nfa and nfa.episodes[0].closure_date is None


def test_the_problems_download_as_a_spreadsheet_and_it_is_logged(client, council, clean_child):
    from openpyxl import load_workbook

    Episode.objects.update(referral_source="")
    signed_in(client, council, "performance_officer")
    url = reverse("census_problems_xlsx")
    assert client.get(url, {"year": YEAR}).status_code == 404  # not checked yet
    check_now(client)
    response = client.get(url, {"year": YEAR})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:5] == ("LA child ID", "Child", "Rule", "Type", "What is wrong")
    by_rule = {row[2]: row for row in rows[1:]}
    assert by_rule["8866"][:4] == (clean_child.local_id, "Clean Record", "8866", "Error")
    episode = Episode.objects.get()
    assert by_rule["8866"][6].endswith(reverse("social_care_record", args=[episode.pk]))
    assert by_rule["2887Q"][1] == "The return as a whole"
    event = AccessEvent.objects.filter(action=AccessEvent.Action.EXPORT).get()
    assert "data-quality list" in event.reason and event.child == clean_child


def test_others_cannot_download_the_problems(client, council, clean_child):
    signed_in(client, council, "social_worker")
    assert client.get(reverse("census_problems_xlsx"), {"year": YEAR}).status_code == 403
