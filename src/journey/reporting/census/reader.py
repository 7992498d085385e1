"""Reads a CIN census return back into `CensusChild` records, one child at a time, so a test
(or a later import) compares a file with the database by plain equality."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from journey.reporting.census.records import (
    AssessmentRecord,
    CensusChild,
    CinDetails,
    CinPlanRecord,
    CpPlanRecord,
    Section47Record,
)

SEX_FROM_GENDER = {"1": "M", "2": "F", "0": "U", "9": "U"}


def _text(element: etree._Element, tag: str) -> str:
    found = element.find(tag)
    return (found.text or "").strip() if found is not None else ""


def _date(element: etree._Element, tag: str) -> dt.date | None:
    value = _text(element, tag)
    return dt.date.fromisoformat(value) if value else None


def _flag(element: etree._Element, tag: str) -> bool:
    return _text(element, tag).lower() in {"true", "1"}


def _texts(element: etree._Element, path: str) -> list[str]:
    return [(e.text or "").strip() for e in element.findall(path)]


def read_census(path: str | Path) -> Iterator[CensusChild]:
    for _event, element in etree.iterparse(str(path), tag="Child"):
        yield read_child(element)
        element.clear()


def read_child(element: etree._Element) -> CensusChild:
    """One <Child> element of a return as a CensusChild."""
    ids = element.find("ChildIdentifiers")
    characteristics = element.find("ChildCharacteristics")
    sex = _text(ids, "Sex") or SEX_FROM_GENDER.get(_text(ids, "GenderCurrent"), "U")
    return CensusChild(
        la_child_id=_text(ids, "LAchildID"),
        upn=_text(ids, "UPN"),
        former_upn=_text(ids, "FormerUPN"),
        upn_unknown=_text(ids, "UPNunknown"),
        birth_date=_date(ids, "PersonBirthDate"),
        expected_birth_date=_date(ids, "ExpectedPersonBirthDate"),
        sex=sex,
        death_date=_date(ids, "PersonDeathDate"),
        ethnicity=_text(characteristics, "Ethnicity"),
        disabilities=_texts(characteristics, "Disabilities/Disability"),
        episodes=[_cin_details(e) for e in element.findall("CINdetails")],
    )


def _cin_details(element: etree._Element) -> CinDetails:
    return CinDetails(
        referral_date=_date(element, "CINreferralDate"),
        referral_source=_text(element, "ReferralSource"),
        primary_need=_text(element, "PrimaryNeedCode"),
        closure_date=_date(element, "CINclosureDate"),
        closure_reason=_text(element, "ReasonForClosure"),
        initial_cpc_date=_date(element, "DateOfInitialCPC"),
        assessments=[
            AssessmentRecord(
                start=_date(a, "AssessmentActualStartDate"),
                internal_review=_date(a, "AssessmentInternalReviewDate"),
                authorised=_date(a, "AssessmentAuthorisationDate"),
                factors=_texts(a, "FactorsIdentifiedAtAssessment/AssessmentFactors"),
            )
            for a in element.findall("Assessments")
        ],
        cin_plans=[
            CinPlanRecord(_date(p, "CINPlanStartDate"), _date(p, "CINPlanEndDate"))
            for p in element.findall("CINPlanDates")
        ],
        section47s=[
            Section47Record(
                start=_date(s, "S47ActualStartDate"),
                icpc_target=_date(s, "InitialCPCtarget"),
                icpc_date=_date(s, "DateOfInitialCPC"),
                icpc_not_required=_flag(s, "ICPCnotRequired"),
            )
            for s in element.findall("Section47")
        ],
        referral_nfa=_flag(element, "ReferralNFA"),
        cp_plans=[
            CpPlanRecord(
                start=_date(p, "CPPstartDate"),
                end=_date(p, "CPPendDate"),
                initial_category=_text(p, "InitialCategoryOfAbuse"),
                latest_category=_text(p, "LatestCategoryOfAbuse"),
                previous_plans=int(_text(p, "NumberOfPreviousCPP") or 0),
                reviews=[dt.date.fromisoformat(d) for d in _texts(p, "Reviews/CPPreviewDate")],
            )
            for p in element.findall("ChildProtectionPlans")
        ],
    )
