"""Importing a CIN census return from a previous system: all of a good file through the services,
none of a bad one with every problem named, and a return exported by Journey reads back the same
after it is imported again (a round trip under new LAchildIDs)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from lxml import etree

from journey.casework.models import Assessment, Section47
from journey.casework.statutory import services as statutory
from journey.chronology.models import ChronologyEntry
from journey.people.models import Person
from journey.reporting.census.collection import census_children
from journey.reporting.census.importer import import_census
from journey.reporting.census.reader import read_census
from journey.reporting.census.xml import write_census
from tests import reference
from tests.factories import make_child, make_episode
from tests.reporting.census.conftest import COLLECTION, day, valid_upn

pytestmark = pytest.mark.django_db


def reference_file(name: str) -> Path:
    """A fake census return published with the CIN validator (reference/cin_census/)."""
    return reference.reference_file("cin_census", name)


HEADER = """<Message><Header><CollectionDetails><Collection>CIN</Collection><Year>2026</Year>
<ReferenceDate>2026-03-31</ReferenceDate></CollectionDetails><Source><SourceLevel>L</SourceLevel>
<LEA>999</LEA><SoftwareCode>Old</SoftwareCode><Release>1</Release><SerialNo>001</SerialNo>
<DateTime>2026-04-01T10:00:00</DateTime></Source></Header><Children>"""


def child_xml(la_id: str, referral: str, source: str = "1A", closure: str = "") -> str:
    closed = (
        f"<CINclosureDate>{closure}</CINclosureDate><ReasonForClosure>RC1</ReasonForClosure>"
        if closure
        else ""
    )
    return f"""<Child><ChildIdentifiers><LAchildID>{la_id}</LAchildID>
<UPNunknown>UN1</UPNunknown><PersonBirthDate>2015-02-03</PersonBirthDate><Sex>F</Sex>
</ChildIdentifiers><ChildCharacteristics><Ethnicity>WBRI</Ethnicity><Disabilities>
<Disability>NONE</Disability></Disabilities></ChildCharacteristics><CINdetails>
<CINreferralDate>{referral}</CINreferralDate><ReferralSource>{source}</ReferralSource>
<PrimaryNeedCode>N1</PrimaryNeedCode>{closed}<ReferralNFA>false</ReferralNFA></CINdetails>
</Child>"""


def census_file(*children: str) -> io.BytesIO:
    return io.BytesIO((HEADER + "".join(children) + "</Children></Message>").encode())


def test_a_good_file_is_imported_through_the_services(council):
    file = census_file(
        child_xml("OLD0001", "2025-05-01", closure="2025-06-01"), child_xml("OLD0002", "2025-07-01")
    )
    result = import_census(file, imported_by=council["team_manager"], team=council.sc_team)
    assert result.ok and result.saved, [str(p) for p in result.problems]
    child = Person.objects.get(local_id="OLD0001")
    assert child.first_name == "Imported child" and child.last_name == "OLD0001"
    episode = child.episodes.get()
    assert (episode.started_on, episode.ended_on, episode.closure_reason) == (
        day(5, 1),
        day(6, 1),
        "RC1",
    )
    assert episode.team == council.sc_team
    assert ChronologyEntry.objects.filter(child=child).count() == 3  # recorded, opened, closed
    assert Person.objects.get(local_id="OLD0002").episodes.get().is_open


def test_a_dry_run_saves_nothing(council):
    before = Person.objects.count()
    result = import_census(
        census_file(child_xml("OLD0001", "2025-05-01")),
        imported_by=council["team_manager"],
        team=council.sc_team,
        dry_run=True,
    )
    assert result.ok and not result.saved and result.children == 1
    assert Person.objects.count() == before


def test_a_bad_file_saves_nothing_and_lists_every_problem(council):
    before = (Person.objects.count(), ChronologyEntry.objects.count())
    file = census_file(
        child_xml("GOOD001", "2025-05-01"),
        child_xml("BAD0001", "2025-08-01", source="ZZ", closure="2025-07-01"),
    )
    result = import_census(file, imported_by=council["team_manager"], team=council.sc_team)
    assert not result.ok and not result.saved
    assert (Person.objects.count(), ChronologyEntry.objects.count()) == before
    problems = [str(p) for p in result.problems]
    # The unknown referral source, from the schema (with its line) and from the child's check.
    assert any("ZZ" in p and "schema" in p and "line" in p for p in problems), problems
    bad = [p for p in result.problems if p.la_child_id == "BAD0001"]
    assert any("“ZZ” is not a valid referral source" in p.reason for p in bad), problems
    assert any("closure date 2025-07-01 is before the referral date" in p.reason for p in bad)
    assert all(p.line > 0 for p in result.problems)
    assert not [p for p in result.problems if p.la_child_id == "GOOD001"]


def test_a_service_refusal_rolls_back_the_whole_file(council):
    """A child the checks pass but a service refuses (born more than 25 years ago): the good
    child written before it is rolled back too."""
    old = child_xml("OLD0002", "2025-05-01").replace("2015-02-03", "1990-02-03")
    file = census_file(child_xml("OLD0001", "2025-05-01"), old)
    result = import_census(file, imported_by=council["team_manager"], team=council.sc_team)
    assert not result.saved
    assert [(p.la_child_id, "within the last 25 years" in p.reason) for p in result.problems] == [
        ("OLD0002", True)
    ]
    assert not Person.objects.filter(local_id__startswith="OLD").exists()


def test_a_child_already_in_journey_is_refused(council):
    file = census_file(child_xml("OLD0001", "2025-05-01"))
    assert import_census(file, imported_by=council["team_manager"], team=council.sc_team).saved
    file.seek(0)
    again = import_census(file, imported_by=council["team_manager"], team=council.sc_team)
    assert not again.saved
    assert [p.reason for p in again.problems] == [
        "A child with this LAchildID is already in Journey"
    ]


def test_the_reference_fake_file_is_refused_whole_with_every_bad_child(council, tmp_path):
    """The DfE's fake return (2022, 332 children) is schema-valid but breaks Journey's rules:
    316 UPNs fail their check letter, two children have dates in the future and two have an
    episode starting before the previous one closed. It is refused whole, every bad child named.
    Without those (and with "no disability" dropped where disabilities are listed beside it), the
    rest (328 children, their whole history) imports through the services."""
    path = reference_file("fake_CIN_data.xml")
    before = Person.objects.count()
    manager, team = council["team_manager"], council.sc_team
    result = import_census(path, imported_by=manager, team=team)
    assert result.children == 332
    assert not result.saved
    assert Person.objects.count() == before
    assert all(p.la_child_id.startswith("RND") and p.line for p in result.problems)
    assert not any("schema" in p.reason for p in result.problems)
    bad_upn = {p.la_child_id for p in result.problems if p.reason.startswith("upn: Enter a valid")}
    future = {p.la_child_id for p in result.problems if "in the future" in p.reason}
    overlap = {p.la_child_id for p in result.problems if "before the previous episode" in p.reason}
    assert (len(bad_upn), len(future), len(overlap)) == (316, 2, 2)
    assert len(bad_upn | future | overlap) == 320

    tree = etree.parse(str(path))
    for element in list(tree.iter("Child")):
        if element.findtext("ChildIdentifiers/LAchildID") in future | overlap:
            element.getparent().remove(element)
        upn = element.find("ChildIdentifiers/UPN")
        if upn is not None:
            upn.getparent().remove(upn)
        # "No disability" listed beside disabilities (a few children) is refused too: keep the rest.
        listed = element.findall("ChildCharacteristics/Disabilities/Disability")
        if len(listed) > 1:
            for disability in listed:
                if disability.text == "NONE":
                    disability.getparent().remove(disability)
    cleaned = tmp_path / "cleaned.xml"
    tree.write(str(cleaned))
    result = import_census(cleaned, imported_by=manager, team=team)
    assert result.saved, [str(p) for p in result.problems[:5]]
    assert Person.objects.count() == before + 328


def test_the_2024_fake_return_reports_schema_errors_with_lines(council):
    result = import_census(
        reference_file("CIN_Census_2024_fake.xml"),
        imported_by=council["team_manager"],
        team=council.sc_team,
    )
    assert not result.saved
    schema = [p for p in result.problems if "schema" in p.reason]
    assert schema and all(p.line for p in schema)


@pytest.fixture
def second_child(council):
    """A second child built through the services: an assessment with an internal review, a
    section 47 enquiry that needed no conference, a CIN plan that ended, and a closure."""
    manager = council["team_manager"]
    user = manager.user
    child = make_child(manager, date_of_birth=dt.date(2012, 1, 9), sex="M", ethnicity="MWBC")
    episode = make_episode(child, manager, started_on=day(5, 1))
    assessment = statutory.start_single_assessment(
        episode=episode, started_on=day(5, 2), recorded_by=user, factors=["2A"]
    )
    statutory.record_assessment_factors(
        assessment, factors=["2A", "3B"], by=user, internal_review_on=day(5, 20)
    )
    statutory.authorise_single_assessment(
        assessment,
        authorised_on=day(6, 2),
        outcome=Assessment.Outcome.CIN_PLAN,
        manager=manager,
    )
    enquiry = statutory.start_section47(
        episode=episode, started_on=day(7, 3), strategy_on=day(7, 1), recorded_by=user
    )
    statutory.record_section47_outcome(
        enquiry, outcome=Section47.Outcome.CONTINUE, completed_on=day(7, 20), by=user
    )
    from journey.cases.services import close_episode

    close_episode(episode, ended_on=day(9, 1), reason="RC2", note="Done", closed_by=user)
    return child


def _renamed(path: Path, out: Path, prefix: str) -> None:
    tree = etree.parse(str(path))
    for element in tree.iter("LAchildID"):
        element.text = prefix + element.text[len(prefix) :]
    tree.write(str(out), xml_declaration=True, encoding="utf-8")


def test_round_trip_export_import_export(council, clean_child, second_child, tmp_path):
    """Export a hand-built council, import the export as new children (new LAchildIDs), and the
    imported children's census records are the file's."""
    exported = tmp_path / "export.xml"
    assert write_census(exported, COLLECTION).children == 2
    imported_file = tmp_path / "import.xml"
    _renamed(exported, imported_file, "RT")
    expected = list(read_census(imported_file))
    assert {c.la_child_id[:2] for c in expected} == {"RT"}

    result = import_census(imported_file, imported_by=council["team_manager"], team=council.sc_team)
    assert result.saved, [str(p) for p in result.problems]
    assert len(result.person_ids) == 2

    imported = [c for c in census_children(COLLECTION) if c.person_id in result.person_ids]
    assert sorted(imported, key=lambda c: c.la_child_id) == sorted(
        expected, key=lambda c: c.la_child_id
    )
    assert valid_upn() in {c.upn for c in imported}


def test_the_command_prints_the_result(council, tmp_path, capsys):
    path = tmp_path / "in.xml"
    path.write_bytes(census_file(child_xml("CMD0001", "2025-05-01")).getvalue())
    call_command("import_census", file=str(path), team=council.sc_team.name, dry_run=True)
    assert "Dry run: 1 children" in capsys.readouterr().out
    assert not Person.objects.filter(local_id="CMD0001").exists()
    call_command("import_census", file=str(path), team=council.sc_team.name)
    assert Person.objects.filter(local_id="CMD0001").exists()
    with pytest.raises(CommandError, match="Nothing imported"):
        call_command("import_census", file=str(path), team=council.sc_team.name)
