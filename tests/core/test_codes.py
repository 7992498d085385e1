"""Check journey.core.codes against the DfE reference data in the repository's reference/.

For each code list: the set of codes equals the CIN census XSD's enumeration exactly, and each
label matches the reference description -- the ssd-data-model yml where it describes the code,
otherwise the XSD's ``xs:documentation``.  Labels are compared after dropping typography that
codes.py deliberately normalises (dashes, apostrophes, trailing full stops, spacing).

No database is used.  The reference files live in ``reference/`` (see its README.md for their
sources and licences); a missing one fails these tests, never skips them.
"""

import re
from functools import cache

import pytest
import yaml
from lxml import etree

from journey.core import codes
from tests.reference import REFERENCE_DIR, reference_file

XS = "http://www.w3.org/2001/XMLSchema"
XSD_PATH = "cin_census/CIN_schema_2024.xsd"

# code list -> XSD simpleType name
XSD_TYPES = {
    codes.ReferralSource: "referralsourcetype",
    codes.PrimaryNeed: "primaryneedcodetype",
    codes.ReasonForClosure: "reasonforclosuretype",
    codes.AssessmentFactor: "assessmentfactorstype",
    codes.CategoryOfAbuse: "categoryofabuse",
    codes.Ethnicity: "ethnicitytype",
    codes.Disability: "disabilitytype",
    codes.GenderCurrent: "gendertype",
    codes.UPNUnknown: "unknownupntype",
}

# (code list, ssd_data_model yml file)
YML_FILES = [
    (codes.AssessmentFactor, "assessment_factors.yml"),
    (codes.ContactSource, "contact_source.yml"),
    (codes.PrimaryNeed, "primary_need.yml"),
    (codes.ReasonForClosure, "reason_for_closure.yml"),
    (codes.ReferralSource, "referral_source.yml"),
    (codes.UPNUnknown, "upn_unknown.yml"),
]

# the yml that describes each XSD-backed list (ContactSource is ReferralSource: one entry)
YML_BY_CLASS = {
    codes.AssessmentFactor: "assessment_factors.yml",
    codes.PrimaryNeed: "primary_need.yml",
    codes.ReasonForClosure: "reason_for_closure.yml",
    codes.ReferralSource: "referral_source.yml",
    codes.UPNUnknown: "upn_unknown.yml",
}


def _id(cls):
    return cls.__name__


def _reference_dir():
    reference_file(XSD_PATH)
    return REFERENCE_DIR


@cache
def _xsd_enumerations(path, type_name):
    """{code: documentation or None} for an XSD simpleType, in schema order."""
    tree = etree.parse(str(path))
    types = tree.xpath("//xs:simpleType[@name=$name]", namespaces={"xs": XS}, name=type_name)
    assert len(types) == 1, f"{type_name}: expected one xs:simpleType, found {len(types)}"
    return {
        enum.get("value"): enum.findtext(f"{{{XS}}}annotation/{{{XS}}}documentation")
        for enum in types[0].iter(f"{{{XS}}}enumeration")
    }


_ENTRY = re.compile(r"^- value:\s*'?(?P<value>[^'\s]+)'?\s*$")
_DESCRIPTION = re.compile(r"^\s+description:\s*(?P<q>['\"])(?P<text>.*)(?P=q)\s*$")


@cache
def _yml_descriptions(path):
    """{code: description} from an ssd_data_model category file (a list of value/description).

    upn_unknown.yml is not valid YAML (UN5's single-quoted description contains an unescaped
    apostrophe), so a file YAML cannot parse is read line by line instead.
    """
    text = path.read_text(encoding="utf-8")
    try:
        items = yaml.safe_load(text)
    except yaml.YAMLError:
        items, current = [], None
        for line in text.splitlines():
            if match := _ENTRY.match(line):
                current = {"value": match["value"]}
                items.append(current)
            elif (match := _DESCRIPTION.match(line)) and current is not None:
                current["description"] = match["text"]
    assert items, f"{path}: no entries read"
    return {str(item["value"]): item.get("description") for item in items}


def _canon(text):
    """Text for comparing labels: ASCII dashes, no apostrophes or quotes, no final full stop."""
    text = text.replace("\u2013", "-").replace("\u2014", "-")
    text = re.sub("['\u2018\u2019]", "", text)
    text = " ".join(text.split())
    return text.rstrip(".").strip()


@pytest.mark.parametrize("cls", list(XSD_TYPES), ids=_id)
def test_codes_match_xsd_enumeration(cls):
    reference_dir = _reference_dir()
    expected = set(_xsd_enumerations(reference_dir / XSD_PATH, XSD_TYPES[cls]))
    ours = set(cls.values)
    assert len(cls.values) == len(cls.__members__), f"{cls.__name__} has duplicate codes"
    assert ours == expected, (
        f"{cls.__name__} vs XSD {XSD_TYPES[cls]}: missing {sorted(expected - ours)}, "
        f"not in XSD {sorted(ours - expected)}"
    )


@pytest.mark.parametrize(("cls", "yml_name"), YML_FILES, ids=[name for _, name in YML_FILES])
def test_labels_match_yml_descriptions(cls, yml_name):
    reference_dir = _reference_dir()
    described = _yml_descriptions(reference_dir / "ssd_data_model" / yml_name)
    labels = dict(cls.choices)
    assert set(described) <= set(labels), (
        f"{yml_name} has codes {sorted(set(described) - set(labels))} not in {cls.__name__}"
    )
    mismatches = {
        code: (labels[code], description)
        for code, description in described.items()
        if description and _canon(labels[code]) != _canon(description)
    }
    assert not mismatches, f"{cls.__name__} labels differ from {yml_name}: {mismatches}"


@pytest.mark.parametrize("cls", list(XSD_TYPES), ids=_id)
def test_labels_match_xsd_documentation_where_no_yml(cls):
    reference_dir = _reference_dir()
    documented = _xsd_enumerations(reference_dir / XSD_PATH, XSD_TYPES[cls])
    described = set()
    if cls in YML_BY_CLASS:
        path = reference_dir / "ssd_data_model" / YML_BY_CLASS[cls]
        described = {code for code, text in _yml_descriptions(path).items() if text}
    labels = dict(cls.choices)
    mismatches = {
        code: (labels.get(code), doc)
        for code, doc in documented.items()
        if doc and code not in described and _canon(labels.get(code, "")) != _canon(doc)
    }
    assert not mismatches, f"{cls.__name__} labels differ from the XSD: {mismatches}"


def test_ethnicity_labels_agree_with_annex_a_data_map():
    reference_dir = _reference_dir()
    data_map = yaml.safe_load((reference_dir / "annex_a" / "data-map.yml").read_text("utf-8"))
    entries = data_map["data_config"]["List 1"]["Ethnicity"]
    annex = {entry["code"].split()[-1]: entry["name"] for entry in entries}
    assert set(annex) == set(codes.Ethnicity.values)
    labels = dict(codes.Ethnicity.choices)
    assert {c: labels[c].casefold() for c in annex} == {c: n.casefold() for c, n in annex.items()}


def test_contact_source_is_the_referral_source_code_set():
    assert codes.ContactSource is codes.ReferralSource


def test_sex_codes():
    # Not in the 2024 XSD; M/F/U are the 2024-25 CIN census codes (CIN validator rule 4180).
    assert set(codes.Sex.values) == {"M", "F", "U"}


@pytest.mark.parametrize("cls", [*XSD_TYPES, codes.Sex], ids=_id)
def test_labels_are_plain_ascii_without_final_full_stop(cls):
    for code, label in cls.choices:
        assert label and label.isascii() and label == label.strip(), (cls.__name__, code, label)
        assert not label.endswith("."), (cls.__name__, code, label)


def test_the_packaged_census_schema_is_the_published_one():
    from journey.reporting.census.validate import REFERENCE_XSD

    packaged = REFERENCE_XSD.read_bytes()
    assert packaged == reference_file(XSD_PATH).read_bytes()


def test_every_referral_source_has_plain_words_for_the_pages_workers_read():
    """The DfE's descriptions (in capitals) are for the returns; pages say who, plainly."""
    assert set(codes.REFERRAL_SOURCE_WORDS) == set(codes.ReferralSource.values)
    for code, words in codes.REFERRAL_SOURCE_WORDS.items():
        assert words and words != words.upper(), code
    assert dict(codes.referral_source_choices())["2A"] == "A school"
