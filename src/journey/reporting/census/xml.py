"""The CIN census return as DfE XML, written incrementally with lxml's `xmlfile`: one `Child`
element is built, written and dropped at a time, so memory stays flat whatever the size.

The 2024 format carries the child's GenderCurrent (1, 2, 0, 9); from the 2025 collection on the
child's Sex (M, F, U) takes its place, in the same position.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import metadata

from django.conf import settings
from django.utils import timezone
from lxml import etree

from journey.reporting.census.collection import Collection, census_children
from journey.reporting.census.records import CensusChild, CinDetails, CpPlanRecord

SOFTWARE_CODE = "Journey"
#: GenderCurrent for the 2024 format, from the recorded sex; an unborn child is 0.
GENDER_CURRENT = {"M": "1", "F": "2", "U": "0"}
FLUSH_EVERY = 200


@dataclass
class WriteCounts:
    children: int = 0
    episodes: int = 0


def _sub(parent: etree._Element, tag: str, value: object) -> None:
    """A child element, left out when the value is empty (the DfE's optional items)."""
    if value is None or value == "":
        return
    element = etree.SubElement(parent, tag)
    if isinstance(value, dt.date):
        element.text = value.isoformat()
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    else:
        element.text = str(value)


def header(collection: Collection, now: dt.datetime | None = None) -> etree._Element:
    now = now or timezone.localtime()
    element = etree.Element("Header")
    details = etree.SubElement(element, "CollectionDetails")
    _sub(details, "Collection", "CIN")
    _sub(details, "Year", collection.year)
    _sub(details, "ReferenceDate", collection.reference_date)
    source = etree.SubElement(element, "Source")
    _sub(source, "SourceLevel", "L")
    _sub(source, "LEA", settings.COUNCIL_LA_CODE)
    _sub(source, "SoftwareCode", SOFTWARE_CODE)
    _sub(source, "Release", _release())
    _sub(source, "SerialNo", "001")
    _sub(source, "DateTime", now.replace(microsecond=0, tzinfo=None).isoformat())
    return element


def _release() -> str:
    try:
        return metadata.version("journey")
    except metadata.PackageNotFoundError:
        return "0"


def child_element(child: CensusChild, collection: Collection) -> etree._Element:
    element = etree.Element("Child")
    ids = etree.SubElement(element, "ChildIdentifiers")
    _sub(ids, "LAchildID", child.la_child_id)
    _sub(ids, "UPN", child.upn)
    _sub(ids, "FormerUPN", child.former_upn)
    _sub(ids, "UPNunknown", child.upn_unknown)
    _sub(ids, "PersonBirthDate", child.birth_date)
    _sub(ids, "ExpectedPersonBirthDate", child.expected_birth_date)
    if collection.uses_sex:
        _sub(ids, "Sex", child.sex)
    else:
        gender = "0" if child.is_unborn else GENDER_CURRENT.get(child.sex, "0")
        _sub(ids, "GenderCurrent", gender)
    _sub(ids, "PersonDeathDate", child.death_date)
    characteristics = etree.SubElement(element, "ChildCharacteristics")
    _sub(characteristics, "Ethnicity", child.ethnicity)
    if child.disabilities:
        disabilities = etree.SubElement(characteristics, "Disabilities")
        for code in child.disabilities:
            _sub(disabilities, "Disability", code)
    for episode in child.episodes:
        _cin_details(element, episode)
    return element


def _cin_details(parent: etree._Element, episode: CinDetails) -> None:
    element = etree.SubElement(parent, "CINdetails")
    _sub(element, "CINreferralDate", episode.referral_date)
    _sub(element, "ReferralSource", episode.referral_source)
    _sub(element, "PrimaryNeedCode", episode.primary_need)
    _sub(element, "CINclosureDate", episode.closure_date)
    _sub(element, "ReasonForClosure", episode.closure_reason)
    _sub(element, "DateOfInitialCPC", episode.initial_cpc_date)
    for assessment in episode.assessments:
        group = etree.SubElement(element, "Assessments")
        _sub(group, "AssessmentActualStartDate", assessment.start)
        _sub(group, "AssessmentInternalReviewDate", assessment.internal_review)
        _sub(group, "AssessmentAuthorisationDate", assessment.authorised)
        if assessment.factors:
            factors = etree.SubElement(group, "FactorsIdentifiedAtAssessment")
            for code in assessment.factors:
                _sub(factors, "AssessmentFactors", code)
    for plan in episode.cin_plans:
        group = etree.SubElement(element, "CINPlanDates")
        _sub(group, "CINPlanStartDate", plan.start)
        _sub(group, "CINPlanEndDate", plan.end)
    for enquiry in episode.section47s:
        group = etree.SubElement(element, "Section47")
        _sub(group, "S47ActualStartDate", enquiry.start)
        _sub(group, "InitialCPCtarget", enquiry.icpc_target)
        _sub(group, "DateOfInitialCPC", enquiry.icpc_date)
        _sub(group, "ICPCnotRequired", enquiry.icpc_not_required)
    _sub(element, "ReferralNFA", episode.referral_nfa)
    for plan in episode.cp_plans:
        _cp_plan(element, plan)


def _cp_plan(parent: etree._Element, plan: CpPlanRecord) -> None:
    group = etree.SubElement(parent, "ChildProtectionPlans")
    _sub(group, "CPPstartDate", plan.start)
    _sub(group, "CPPendDate", plan.end)
    _sub(group, "InitialCategoryOfAbuse", plan.initial_category)
    _sub(group, "LatestCategoryOfAbuse", plan.latest_category)
    etree.SubElement(group, "NumberOfPreviousCPP").text = str(plan.previous_plans)
    if plan.reviews:
        reviews = etree.SubElement(group, "Reviews")
        for day in plan.reviews:
            _sub(reviews, "CPPreviewDate", day)


class _Drain(io.RawIOBase):
    """A write-only sink whose bytes are taken out as they arrive, for streaming responses."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:  # type: ignore[override]
        self.parts.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        data, self.parts = b"".join(self.parts), []
        return data


def census_bytes(
    collection: Collection,
    children: Iterable[CensusChild] | None = None,
    counts: WriteCounts | None = None,
) -> Iterator[bytes]:
    """The return as a stream of byte chunks (about FLUSH_EVERY children each)."""
    children = census_children(collection) if children is None else children
    counts = counts if counts is not None else WriteCounts()
    sink = _Drain()
    with etree.xmlfile(sink, encoding="UTF-8") as xf:
        xf.write_declaration()
        with xf.element("Message"):
            xf.write(header(collection))
            with xf.element("Children"):
                for child in children:
                    xf.write(child_element(child, collection))
                    counts.children += 1
                    counts.episodes += len(child.episodes)
                    if counts.children % FLUSH_EVERY == 0:
                        xf.flush()
                        yield sink.take()
    yield sink.take()


def write_census(
    out, collection: Collection, children: Iterable[CensusChild] | None = None
) -> WriteCounts:
    """Write the return to a binary file object (or a path)."""
    counts = WriteCounts()
    if isinstance(out, str | bytes) or hasattr(out, "__fspath__"):
        with open(out, "wb") as handle:
            for part in census_bytes(collection, children, counts):
                handle.write(part)
        return counts
    for part in census_bytes(collection, children, counts):
        out.write(part)
    return counts
