"""The CIN census import writes every detail through the services: the LAchildID as the Local
ID, the FormerUPN and PersonDeathDate by record_child, ReferralNFA by open_episode. Nothing is
set on a record after a service has written it, and the services' checks apply to them."""

from __future__ import annotations

import io

import pytest

from journey.cases.models import Episode
from journey.people.models import Person
from journey.reporting.census.importer import import_census
from tests.reporting.census.conftest import day, valid_upn

pytestmark = pytest.mark.django_db

HEADER = """<Message><Header><CollectionDetails><Collection>CIN</Collection><Year>2026</Year>
<ReferenceDate>2026-03-31</ReferenceDate></CollectionDetails><Source><SourceLevel>L</SourceLevel>
<LEA>999</LEA><SoftwareCode>Old</SoftwareCode><Release>1</Release><SerialNo>001</SerialNo>
<DateTime>2026-04-01T10:00:00</DateTime></Source></Header><Children>"""


def census_file(la_id: str, former_upn: str, death: str = "", nfa: bool = True) -> io.BytesIO:
    died = f"<PersonDeathDate>{death}</PersonDeathDate>" if death else ""
    child = f"""<Child><ChildIdentifiers><LAchildID>{la_id}</LAchildID>
<FormerUPN>{former_upn}</FormerUPN><UPNunknown>UN1</UPNunknown>
<PersonBirthDate>2015-02-03</PersonBirthDate><Sex>F</Sex>{died}</ChildIdentifiers>
<ChildCharacteristics><Ethnicity>WBRI</Ethnicity><Disabilities><Disability>NONE</Disability>
</Disabilities></ChildCharacteristics><CINdetails><CINreferralDate>2025-05-01</CINreferralDate>
<ReferralSource>1A</ReferralSource><PrimaryNeedCode>N1</PrimaryNeedCode>
<CINclosureDate>2025-05-02</CINclosureDate><ReasonForClosure>RC8</ReasonForClosure>
<ReferralNFA>{"true" if nfa else "false"}</ReferralNFA></CINdetails></Child>"""
    return io.BytesIO((HEADER + child + "</Children></Message>").encode())


def test_the_local_id_former_upn_death_and_nfa_come_in_through_the_services(council):
    former = valid_upn("201250000001")
    result = import_census(
        census_file("OLD0042", former, death="2025-06-01"),
        imported_by=council["team_manager"],
        team=council.sc_team,
    )
    assert result.saved, [str(p) for p in result.problems]
    child = Person.objects.get(local_id="OLD0042")
    assert (child.former_upn, child.date_of_death) == (former, day(6, 1))
    assert child.history.count() == 1  # recorded once by record_child, never saved again
    episode = Episode.objects.get(child=child)
    assert episode.referral_nfa and episode.closure_reason == "RC8"
    # Opened with its NFA flag, then closed: two saves, both by services.
    assert [h.referral_nfa for h in episode.history.order_by("history_id")] == [True, True]


def test_a_referral_with_further_action_is_imported_as_such(council):
    result = import_census(
        census_file("OLD0043", valid_upn("201250000002"), nfa=False),
        imported_by=council["team_manager"],
        team=council.sc_team,
    )
    assert result.saved
    assert not Episode.objects.get(child__local_id="OLD0043").referral_nfa


def test_a_bad_former_upn_is_refused_by_record_child_and_nothing_is_saved(council):
    result = import_census(
        census_file("OLD0044", "A12345678901X"),
        imported_by=council["team_manager"],
        team=council.sc_team,
    )
    assert not result.saved
    assert [(p.la_child_id, p.reason.split(":")[0]) for p in result.problems] == [
        ("OLD0044", "former upn")
    ]
    assert not Person.objects.filter(local_id="OLD0044").exists()


def test_a_death_in_the_future_is_refused_by_record_child(council):
    result = import_census(
        census_file("OLD0045", valid_upn("201250000003"), death="2099-01-01"),
        imported_by=council["team_manager"],
        team=council.sc_team,
    )
    assert not result.saved
    assert [p.reason for p in result.problems] == [
        "date of death: Date of death must be today or in the past"
    ]


def test_a_referral_returned_open_with_no_further_action_closes_the_day_it_was_made(council):
    """The DfE returns an NFA referral without a closure; a later referral of the same child is
    not refused as overlapping it, and in Journey the NFA referral is closed on its day."""
    child = """<Child><ChildIdentifiers><LAchildID>OLD0044</LAchildID><UPNunknown>UN1</UPNunknown>
<PersonBirthDate>2015-02-03</PersonBirthDate><Sex>F</Sex></ChildIdentifiers>
<ChildCharacteristics><Ethnicity>WBRI</Ethnicity><Disabilities><Disability>NONE</Disability>
</Disabilities></ChildCharacteristics>
<CINdetails><CINreferralDate>2025-05-01</CINreferralDate><ReferralSource>1A</ReferralSource>
<ReferralNFA>true</ReferralNFA></CINdetails>
<CINdetails><CINreferralDate>2025-08-01</CINreferralDate><ReferralSource>3A</ReferralSource>
<PrimaryNeedCode>N1</PrimaryNeedCode><ReferralNFA>false</ReferralNFA></CINdetails></Child>"""
    result = import_census(
        io.BytesIO((HEADER + child + "</Children></Message>").encode()),
        imported_by=council["team_manager"],
        team=council.sc_team,
    )
    assert result.saved, [str(p) for p in result.problems]
    nfa, later = Episode.objects.filter(child__local_id="OLD0044").order_by("started_on")
    assert (nfa.referral_nfa, nfa.ended_on, nfa.closure_reason) == (True, day(5, 1), "RC8")
    assert later.ended_on is None and not later.referral_nfa
