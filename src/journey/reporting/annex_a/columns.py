"""The columns of Ofsted's Annex A lists 1 to 8, in the order and with the names of
liia-tools' ``annex-a-merge.yml`` (see reference/README.md), and where each comes from.

A column Journey does not record is still written (empty cells), marked ``recorded=False``: the
cover sheet and the page list those gaps.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    TEXT = "text"
    CODE = "code"  # a value from the list's code list in data-map.yml
    DATE = "date"
    INTEGER = "integer"


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    required: bool  # canbeblank: false in annex-a-merge.yml
    source: str  # where Journey's value comes from, for the page and the report
    recorded: bool = True


def _text(name: str, source: str, *, required: bool = True) -> Column:
    return Column(name, Kind.TEXT, required, source)


def _code(name: str, source: str, *, required: bool = True) -> Column:
    return Column(name, Kind.CODE, required, source)


def _date(name: str, source: str, *, required: bool = True) -> Column:
    return Column(name, Kind.DATE, required, source)


def _int(name: str, source: str, *, required: bool = True) -> Column:
    return Column(name, Kind.INTEGER, required, source)


def _gap(name: str, kind: Kind, *, required: bool = True) -> Column:
    return Column(name, kind, required, "Not recorded in Journey", recorded=False)


CHILD = [
    _text("Child Unique ID", "The child's local ID"),
    _code("Gender", "The child's recorded sex (M, F; U is 'not stated/recorded')"),
    _code("Ethnicity", "The child's ethnicity (blank is 'information not yet obtained')"),
    _date("Date of Birth", "The child's date of birth (blank for an unborn child)", required=False),
    _int(
        "Age of Child (Years)", "Age in whole years on the last day of the period", required=False
    ),
]
DISABILITY = _code(
    "Does the Child have a Disability",
    "Yes: any recorded disability other than NONE; No: only NONE; Unknown: none recorded",
)
ALLOCATED = [
    _text("Allocated Team", "The team holding the social care episode"),
    _text(
        "Allocated Worker",
        "The allocated worker on the last day of the period (or when the work closed); "
        "'Unallocated' when there was none",
    ),
]

LIST_1 = [
    *CHILD,
    _date("Date of Contact", "The day the contact was received"),
    _code("Contact Source", "The contact's DfE source (5D, LA early help, as 5B: LA internal)"),
]
LIST_2 = [
    *CHILD,
    _date("Assessment start date", "The early help assessment (CAF) start date"),
    _date("Assessment completion date", "The CAF's completion date", required=False),
    _text(
        "Organisation completing assessment",
        "The agency of the lead professional (else the allocated worker) on the early help",
    ),
]
LIST_3 = [
    *CHILD,
    _date("Date of referral", "The social care episode's referral date"),
    _code("Referral Source", "The episode's DfE referral source"),
    _code("Referral NFA?", "The episode's 'referral: no further action' flag"),
    _int(
        "Number of Referrals in Last 12 Months",
        "The child's referrals in the 12 months to the end of the period",
    ),
    *ALLOCATED,
]
LIST_4 = [
    *CHILD,
    DISABILITY,
    _date("Continuous Assessment Start Date", "The single assessment's start date"),
    _code(
        "Child Seen During Continuous Assessment",
        "A visit or note recording the child seen between the assessment's start and its "
        "authorisation (or the end of the period)",
    ),
    _date(
        "Continuous Assessment Date of Authorisation",
        "The day the manager authorised the assessment",
        required=False,
    ),
    _code(
        "Was the child assessed as requiring LA children's social care support?",
        "The authorised outcome: CIN plan, strategy discussion or continue is Yes; "
        "no further action or early help is No",
        required=False,
    ),
    *ALLOCATED,
]
LIST_5 = [
    *CHILD,
    DISABILITY,
    _date(
        "Strategy discussion initiating Section 47 Enquiry Start Date",
        "The date of the strategy discussion",
    ),
    _code(
        "Was an Initial Child Protection Conference deemed unnecessary?",
        "The enquiry's outcome: any outcome but 'ICPC' is Yes; blank while it is under way",
        required=False,
    ),
    _date(
        "Date of Initial Child Protection Conference",
        "The initial conference the enquiry led to",
        required=False,
    ),
    _code(
        "Did the Initial Child Protection Conference Result in a Child Protection Plan",
        "Whether that conference started a child protection plan",
        required=False,
    ),
    _int(
        "Number of Section 47 Enquiries in the last 12 months",
        "The child's enquiries started in the 12 months to the end of the period",
    ),
    _int(
        "Number of ICPCs in the last 12 months",
        "The child's initial conferences held in the 12 months to the end of the period",
    ),
    *ALLOCATED,
]
LIST_6 = [
    *CHILD,
    DISABILITY,
    _date("CIN Start Date", "The social care episode's referral date", required=False),
    _code("Primary Need Code", "The episode's primary need (blank is N0, not stated)"),
    _date(
        "Date Child Was Last Seen",
        "The latest visit or note recording the child seen, up to the end of the period",
        required=False,
    ),
    _date(
        "CIN Closure Date", "The episode's end date, if by the end of the period", required=False
    ),
    _code(
        "Reason for Closure",
        "The episode's DfE closure reason (RC9 is newer than the reference code list)",
        required=False,
    ),
    _code(
        "Case Status",
        "On the last day of the period (or at closure): CP plan, CIN plan, open assessment or "
        "enquiry, closed",
    ),
    *ALLOCATED,
]
LIST_7 = [
    *CHILD,
    DISABILITY,
    _date("Child Protection Plan Start Date", "The plan's start date"),
    _code("Initial Category of Abuse", "The plan's initial category"),
    _code("Latest Category of Abuse", "The plan's latest category (after its last review)"),
    _date(
        "Date of the Last Statutory Visit",
        "The latest visit on the episode up to the end of the period (or the plan's end)",
        required=False,
    ),
    _code(
        "Was the Child Seen Alone?",
        "Whether the child was seen alone at that visit",
        required=False,
    ),
    _date(
        "Date of latest review conference",
        "The plan's latest review up to the end of the period",
        required=False,
    ),
    _date(
        "Child Protection Plan End Date",
        "The plan's end date, if by the end of the period",
        required=False,
    ),
    _code(
        "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six "
        "Months (Y/N)",
        "Yes when the child had an emergency protection order (s44) or police protection (s46), "
        "recorded on the social care record of any of their episodes, in force at some time in "
        "the six months to the end of the period",
    ),
    _int(
        "Number of Previous Child Protection Plans",
        "The child's child protection plans that started before this one",
    ),
    *ALLOCATED,
]


_LAC = "Children looked after are out of scope (DESIGN §1a)"
LIST_8 = [
    Column(c.name, c.kind, c.required, _LAC, recorded=False)
    for c in [
        *CHILD,
        _gap(
            "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)", Kind.CODE
        ),
        DISABILITY,
        _gap("Date Started to be Looked After", Kind.DATE),
        _gap("Child's Category of Need", Kind.CODE),
        _gap(
            "Is this a second or subsequent period of being a Looked After Child within the last "
            "12 months (Y/N)",
            Kind.CODE,
        ),
        _gap("Start date of current legal status", Kind.DATE),
        _gap("Child's Legal Status", Kind.CODE),
        _gap("Date of Latest Statutory Review", Kind.DATE, required=False),
        _gap("Date of Last Social Work Visit", Kind.DATE, required=False),
        _gap("What is the permanence plan for this child?", Kind.CODE, required=False),
        _gap("Date of Last IRO Visit / Contact to the Child", Kind.DATE, required=False),
        _gap("Date of Last Health Assessment", Kind.DATE, required=False),
        _gap("Date of Last Dental Check", Kind.DATE, required=False),
        _gap("Number of Placements in the Last 12 months", Kind.INTEGER),
        _gap("Date Ceased to be Looked After", Kind.DATE, required=False),
        _gap("Reason Ceased to be Looked After", Kind.CODE, required=False),
        _gap("Start Date of Most Recent Placement", Kind.DATE),
        _gap("Placement Type", Kind.CODE),
        _gap("Placement Provider", Kind.CODE),
        _gap("Placement postcode", Kind.TEXT),
        _gap("URN of Placement", Kind.TEXT, required=False),
        _gap("Placement Location", Kind.CODE),
        _gap("LA of Placement", Kind.CODE),
        _gap(
            "Number of Episodes the Child has been 'Missing' from their Placement in the last "
            "12 months",
            Kind.INTEGER,
        ),
        _gap(
            "Number of Episodes the Child has been 'Absent' from their Placement in the last "
            "12 months",
            Kind.INTEGER,
        ),
        _gap(
            "Was the child offered a Return Interview after their last missing episode (Y/N)?",
            Kind.CODE,
            required=False,
        ),
        _gap(
            "Did the child accept a Return Interview after their last missing episode (Y/N)?",
            Kind.CODE,
            required=False,
        ),
        *ALLOCATED,
    ]
]

COLUMNS: dict[int, list[Column]] = {
    1: LIST_1,
    2: LIST_2,
    3: LIST_3,
    4: LIST_4,
    5: LIST_5,
    6: LIST_6,
    7: LIST_7,
    8: LIST_8,
}


def headers(number: int) -> list[str]:
    return [column.name for column in COLUMNS[number]]


def gaps(number: int) -> list[Column]:
    return [column for column in COLUMNS[number] if not column.recorded]
