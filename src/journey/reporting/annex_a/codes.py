"""Journey's DfE codes written as the Annex A template's values (liia-tools' data-map.yml)."""

from __future__ import annotations

from journey.core import codes

YES, NO, UNKNOWN = "a) Yes", "b) No", "c) Unknown"

GENDER = {
    codes.Sex.MALE: "a) Male",
    codes.Sex.FEMALE: "b) Female",
    codes.Sex.UNKNOWN: "c) Not stated/recorded",
}

_ETHNICITY_LETTERS = "abcdefghijklmnopqrs"
#: "a) WBRI" … "r) OOTH"; the template gives REFU and NOBT the same letter, s.
ETHNICITY = {
    code: f"{_ETHNICITY_LETTERS[min(i, 18)]}) {code}"
    for i, code in enumerate(codes.Ethnicity.values)
}
NOT_OBTAINED = ETHNICITY[codes.Ethnicity.NOBT]

_SOURCES = [
    ("1A", "a) 1A: Individual"),
    ("1B", "b) 1B: Individual"),
    ("1C", "c) 1C: Individual"),
    ("1D", "d) 1D: Individual"),
    ("2A", "e) 2A: Schools"),
    ("2B", "f) 2B: Education services"),
    ("3A", "g) 3A: Health services"),
    ("3B", "h) 3B: Health services"),
    ("3C", "i) 3C: Health services"),
    ("3D", "j) 3D: Health services"),
    ("3E", "k) 3E: Health services"),
    ("3F", "l) 3F: Health services"),
    ("4", "m) 4: Housing"),
    ("5A", "n) 5A: LA services"),
    ("5B", "o) 5B: LA services"),
    ("5C", "p) 5C: LA services"),
    # 5D (LA early help) is newer than the template: early help is another council department.
    ("5D", "o) 5B: LA services"),
    ("6", "q) 6: Police"),
    ("7", "r) 7: Other legal agency"),
    ("8", "s) 8: Other"),
    ("9", "t) 9: Anonymous"),
    ("10", "u) 10: Unknown"),
]
SOURCE = dict(_SOURCES)

PRIMARY_NEED = {
    "N1": "N1 - Abuse or neglect",
    "N2": "N2 - Child's disability",
    "N3": "N3 - Parental disability or illness",
    "N4": "N4 - Family in acute stress",
    "N5": "N5 - Family dysfunction",
    "N6": "N6 - Socially unacceptable behaviour",
    "N7": "N7 - Low income",
    "N8": "N8 - Absent parenting",
    "N9": "N9 - Cases other than children in need",
    "N0": "N0 - Not stated",
}

#: RC1-RC8 as data-map.yml has them; RC9 (added to the CIN census since) in the same form.
CLOSURE_REASON = {code: f"{code} - {label}" for code, label in codes.ReasonForClosure.choices}

CATEGORY_OF_ABUSE = {
    "NEG": "a) Neglect",
    "PHY": "b) Physical abuse",
    "SAB": "c) Sexual abuse",
    "EMO": "d) Emotional abuse",
    "MUL": "e) Multiple/not recommended",
}

LOOKED_AFTER = "a) Looked after child"
CP_PLAN = "b) Child Protection plan"
CIN_PLAN = "c) Child in need plan"
OPEN_ASSESSMENT = "d) Open assessment"
CLOSED = "e) Closed episode"


def yes_no(value: bool | None) -> str | None:
    if value is None:
        return None
    return YES if value else NO


def gender(sex: str) -> str:
    return GENDER.get(sex, GENDER[codes.Sex.UNKNOWN])


def ethnicity(code: str) -> str:
    return ETHNICITY.get(code, NOT_OBTAINED)


def primary_need(code: str) -> str:
    return PRIMARY_NEED.get(code, PRIMARY_NEED["N0"])
