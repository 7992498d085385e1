"""The CIN census return: XSD-valid, streamed, in both formats; a round trip reads back what was
written; every rule fires on a breaking record and not on a clean one; the page and the command."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from lxml import etree

from journey.cases.models import Episode
from journey.casework.models import Assessment, Plan
from journey.core.models import AccessEvent
from journey.people.models import Person
from journey.reporting.census import rules
from journey.reporting.census.collection import Collection, census_children
from journey.reporting.census.reader import read_census
from journey.reporting.census.records import (
    AssessmentRecord,
    CinDetails,
    CinPlanRecord,
    CpPlanRecord,
    Section47Record,
)
from journey.reporting.census.validate import validate_file
from journey.reporting.census.xml import write_census
from tests.reporting.census.conftest import COLLECTION, YEAR, day, valid_upn

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


# --- rules --------------------------------------------------------------------------------------


def clean_record():
    (child,) = census_children(COLLECTION)
    return child


BREAKERS = {
    "1510": lambda c: setattr(
        c, "upn", "A" + valid_upn()[1:] if valid_upn()[0] != "A" else "B" + valid_upn()[1:]
    ),
    "1540": lambda c: setattr(c, "upn", "A201X51234567"),
    "1550": lambda c: setattr(c, "upn", "A20125123456I"),
    "8520": lambda c: setattr(c, "birth_date", dt.date(2026, 4, 2)),
    "8525": lambda c: setattr(c, "expected_birth_date", dt.date(2016, 5, 4)),
    "8540": lambda c: setattr(c, "death_date", dt.date(2016, 1, 1)),
    "8565": lambda c: setattr(c, "death_date", dt.date(2025, 4, 10)),
    "8590": lambda c: setattr(c, "disabilities", []),
    "8750": lambda c: (
        setattr(c, "birth_date", None),
        setattr(c, "expected_birth_date", dt.date(2026, 5, 1)),
    ),
    "8866": lambda c: setattr(c.episodes[0], "referral_source", ""),
    "8610": lambda c: setattr(c.episodes[0], "primary_need", ""),
    "8630": lambda c: setattr(c.episodes[0], "referral_date", dt.date(2026, 4, 1)),
    "8606": lambda c: setattr(c.episodes[0], "referral_date", dt.date(2015, 1, 1)),
    "4000": lambda c: (
        setattr(c.episodes[0], "closure_date", day(10, 1)),
        setattr(c.episodes[0], "closure_reason", "OM"),
    ),
    "8867": lambda c: setattr(c.episodes[0].assessments[0], "factors", []),
    "8869": lambda c: setattr(c.episodes[0].assessments[0], "factors", ["21", "3A"]),
    "8863": lambda c: c.episodes[0].assessments.append(AssessmentRecord(day(5, 1))),
    "8736": lambda c: c.episodes[0].assessments.append(AssessmentRecord(dt.date(2025, 3, 1))),
    "4016": lambda c: c.episodes[0].cin_plans.append(CinPlanRecord(day(8, 1))),
    "8839": lambda c: c.episodes[0].section47s.extend(
        [Section47Record(day(10, 1)), Section47Record(day(10, 2))]
    ),
    "8615": lambda c: setattr(c.episodes[0].section47s[0], "icpc_date", day(6, 1)),
    "2885": lambda c: setattr(c.episodes[0].cp_plans[0], "start", day(7, 1)),
    "8840": lambda c: setattr(c.episodes[0].cp_plans[0], "end", day(6, 30)),
    "8841": lambda c: setattr(c.episodes[0].cp_plans[0], "reviews", [day(6, 30)]),
}
LOCAL_BREAKERS = {
    "Ethnicity": lambda c: setattr(c, "ethnicity", ""),
    "category of abuse": lambda c: setattr(c.episodes[0].cp_plans[0], "latest_category", ""),
    "NONE": lambda c: setattr(c, "disabilities", ["NONE", "HEAR"]),
    "authorisation date": lambda c: setattr(c.episodes[0].assessments[0], "authorised", day(4, 1)),
}


def fired(child) -> set[str]:
    context = rules.Context(COLLECTION)
    return {b.rule.number for b in rules.child_breaches(child, context)}


def test_the_clean_record_breaks_no_rule(clean_child):
    assert fired(clean_record()) == set()


@pytest.mark.parametrize("number", sorted(BREAKERS))
def test_each_rule_fires_on_a_record_that_breaks_it(clean_child, number):
    child = clean_record()
    BREAKERS[number](child)
    assert number in fired(child)


@pytest.mark.parametrize("words", sorted(LOCAL_BREAKERS))
def test_each_unnumbered_check_fires(clean_child, words):
    child = clean_record()
    LOCAL_BREAKERS[words](child)
    context = rules.Context(COLLECTION)
    assert any(words in b.rule.message for b in rules.child_breaches(child, context))


def test_every_rule_has_a_breaking_test():
    numbered = {r.number for r in rules.RULES if r.number.isdigit()}
    assert numbered == set(BREAKERS) | {"1520"}  # 1520: test_duplicate_upns_...


def test_duplicate_upns_are_found_across_children(clean_child, council):
    from tests.factories import make_child, make_episode

    twin = make_child(council["social_worker"], first_name="Twin")
    Person.objects.filter(pk=twin.pk).update(upn=clean_child.upn)
    make_episode(twin, council["social_worker"], started_on=day(5, 1))
    summary = rules.check(COLLECTION)
    assert {b.child.la_child_id for b in summary.breaches if b.rule.number == "1520"} == {
        clean_child.local_id,
        twin.local_id,
    }


# --- the page, the download and the command -------------------------------------------------------


def signed_in(client, council, role):
    client.force_login(council[role].user)
    return client


@pytest.mark.parametrize("role", ["social_worker", "team_manager", "practitioner", "reviewer"])
def test_others_are_refused(client, council, role):
    signed_in(client, council, role)
    assert client.get(reverse("census")).status_code == 403
    assert client.get(reverse("census_download")).status_code == 403


def test_the_page_lists_and_links_children_who_break_rules(client, council, clean_child):
    Episode.objects.update(referral_source="")
    Assessment.objects.update(factors=[])
    page = signed_in(client, council, "qa_officer").get(reverse("census"), {"year": YEAR})
    html = page.content.decode()
    assert page.status_code == 200
    episode = Episode.objects.get()
    assert 'data-rule="8866"' in html and 'data-rule="8867"' in html
    assert reverse("social_care_record", args=[episode.pk]) in html
    assert reverse("child", args=[clean_child.pk]) in html


def test_a_clean_council_shows_no_problems(client, council, clean_child):
    page = signed_in(client, council, "head_of_service").get(reverse("census"), {"year": YEAR})
    assert "No child breaks a census rule" in page.content.decode()


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
    assert "1 children" in event.reason and event.child is None


def test_the_command_writes_validates_and_prints_the_summary(clean_child, tmp_path):
    Episode.objects.update(primary_need="")
    out = io.StringIO()
    call_command("census", year=YEAR, out=str(tmp_path / "c.xml"), stdout=out)
    text = out.getvalue()
    assert "1 children, 1 CIN episodes" in text
    assert "8610" in text and "validates against the CIN census schema" in text


def test_records_compare_without_their_database_ids(clean_child):
    child = clean_record()
    copy = dataclasses.replace(
        child,
        person_id=None,
        episodes=[dataclasses.replace(e, episode_id=None) for e in child.episodes],
    )
    assert copy == child
    assert isinstance(child.episodes[0], CinDetails)
    assert isinstance(child.episodes[0].cp_plans[0], CpPlanRecord)
