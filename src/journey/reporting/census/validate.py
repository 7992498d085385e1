"""Schema validation of a CIN census return, streamed (the file is never held whole).

The reference is the 2024 XSD (`reference/cin_census/CIN_schema_2024.xsd`, copied into
this package unchanged as `CIN_schema_2024.xsd`). Each collection validates against a schema
derived from it in memory, with two documented changes:

* NumberOfPreviousCPP is `xs:positiveInteger` in that copy, which would refuse 0: the DfE's
  count for a child on a first plan. The derived schema allows 0 (`xs:nonNegativeInteger`).
* From the 2025 collection on, `Sex` (M, F, U) replaces `GenderCurrent` in ChildIdentifiers,
  in the same place and just as required (the DfE changed this after the 2024 XSD).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lxml import etree

from journey.reporting.census.collection import FIRST_YEAR_WITH_SEX

REFERENCE_XSD = Path(__file__).with_name("CIN_schema_2024.xsd")
XS = "{http://www.w3.org/2001/XMLSchema}"


@dataclass(frozen=True)
class Validation:
    valid: bool
    error: str = ""
    line: int = 0


def reference_tree() -> etree._ElementTree:
    return etree.parse(str(REFERENCE_XSD))


def _element(tree: etree._ElementTree, name: str) -> etree._Element:
    return tree.find(f".//{XS}element[@name='{name}']")


def _use_sex(tree: etree._ElementTree) -> None:
    gender = _element(tree, "GenderCurrent")
    gender.set("name", "Sex")
    del gender.attrib["type"]
    simple = etree.SubElement(gender, f"{XS}simpleType")
    restriction = etree.SubElement(simple, f"{XS}restriction", base="xs:string")
    for code in ("M", "F", "U"):
        etree.SubElement(restriction, f"{XS}enumeration", value=code)


@cache
def schema_for(year: int) -> etree.XMLSchema:
    tree = reference_tree()
    _element(tree, "NumberOfPreviousCPP").set("type", "xs:nonNegativeInteger")
    if year >= FIRST_YEAR_WITH_SEX:
        _use_sex(tree)
    return etree.XMLSchema(tree)


def validate_file(path: str | Path, year: int) -> Validation:
    """Validate while reading, dropping each Child once read; stops at the first error."""
    try:
        for _event, element in etree.iterparse(str(path), schema=schema_for(year)):
            if element.tag == "Child":
                element.clear()
                while element.getprevious() is not None:
                    del element.getparent()[0]
    except etree.XMLSyntaxError as error:
        return Validation(False, str(error.msg), error.lineno or 0)
    return Validation(True)
