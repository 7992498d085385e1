"""Rules on the child: ChildIdentifiers, ChildCharacteristics and Disabilities."""

from __future__ import annotations

import datetime as dt
import re

from journey.core import codes
from journey.core.working_days import add_months
from journey.reporting.census.records import CensusChild
from journey.reporting.census.rules.base import Context, child_rule

UPN_CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
UPN_SHAPE = re.compile(r"[A-Z]\d{3}[0-9A-Z]{8}[0-9A-Z]")


def _codes(*spans: tuple[int, int] | int) -> frozenset[str]:
    found: set[str] = set()
    for span in spans:
        low, high = span if isinstance(span, tuple) else (span, span)
        found.update(f"{n:03d}" for n in range(low, high + 1))
    return frozenset(found)


#: Post-April 1998 LA codes and the DfE's pseudo-LA codes (rule 1530); 942 and 943 from 2024.
LA_CODES = _codes(
    (1, 5), (201, 213), (301, 320), (330, 336), (340, 344), (350, 359), (370, 373),
    (380, 384), (390, 394), 420, (660, 681), (701, 708), (800, 803), (805, 808), (810, 813),
    815, 816, (820, 823), 825, 826, 830, 831, (835, 839), 840, 841, 845, 846, (850, 852),
    (855, 857), 860, 861, (865, 896), 908, 909, 916, 919, 921, 925, 926, 928, 929, 931, 933,
    (935, 938), 940, 941,
)  # fmt: skip
LA_CODES_FROM_2024 = LA_CODES | {"942", "943"}


def upn_check_letter(upn: str) -> str:
    """The DfE check letter for characters 2-13 of a UPN (weights 2 to 13, modulo 23)."""
    total = 0
    for weight, char in enumerate(upn[1:13], start=2):
        value = int(char) if char.isdigit() else UPN_CHECK_LETTERS.find(char)
        total += weight * value
    return UPN_CHECK_LETTERS[total % 23]


# --- identifiers -------------------------------------------------------------------------------


@child_rule("8500", "LA Child ID missing")
def child_id_missing(child: CensusChild, _: Context) -> bool:
    return not child.la_child_id.strip()


@child_rule("8510", "More than one child record with the same LA Child ID")
def child_id_duplicated(child: CensusChild, context: Context) -> bool:
    return child.la_child_id in context.duplicate_child_ids


@child_rule("1510", "UPN invalid (wrong check letter at character 1)")
def upn_check_letter_wrong(child: CensusChild, _: Context) -> bool:
    upn = child.upn
    return len(upn) == 13 and upn[1:].isdigit() and upn_check_letter(upn) != upn[0]


@child_rule("1520", "More than one record with the same UPN")
def upn_duplicated(child: CensusChild, context: Context) -> bool:
    return bool(child.upn) and child.upn in context.duplicate_upns


@child_rule("1530", "UPN invalid (characters 2-4 not a recognised LA code)")
def upn_la_code(child: CensusChild, context: Context) -> bool:
    known = LA_CODES_FROM_2024 if context.collection.year >= 2024 else LA_CODES
    return len(child.upn) == 13 and child.upn[1:4] not in known


@child_rule("1540", "UPN invalid (characters 5-12 not all numeric)")
def upn_not_numeric(child: CensusChild, _: Context) -> bool:
    return bool(child.upn) and not child.upn[4:12].isdigit()


@child_rule("1550", "UPN invalid (character 13 not a recognised value)")
def upn_last_character(child: CensusChild, _: Context) -> bool:
    upn = child.upn
    return len(upn) == 13 and not (upn[12].isdigit() or upn[12] in UPN_CHECK_LETTERS)


@child_rule(
    "1560Q",
    "Please check and either amend or provide a reason: Former UPN wrongly formatted",
    query=True,
)
def former_upn_format(child: CensusChild, _: Context) -> bool:
    upn = child.former_upn
    return bool(upn) and not (len(upn) == 13 and upn[0].isalpha() and upn[1:].isdigit())


UPN_UNKNOWN_OVER_FIVE = {"UN2", "UN3", "UN4", "UN5", "UN6", "UN7"}


def _led_to_further_action(child: CensusChild) -> bool:
    return any(not e.referral_nfa for e in child.episodes)


@child_rule(
    "8770Q",
    "Please check and either amend data or provide a reason: UPN or reason UPN missing "
    "expected for a child who is more than 5 years old",
    query=True,
)
def upn_expected(child: CensusChild, context: Context) -> bool:
    six_years_before = add_months(context.reference_date, -72)
    return (
        child.birth_date is not None
        and child.birth_date < six_years_before  # the DfE: "earlier than"
        and _led_to_further_action(child)
        and not child.upn
        and child.upn_unknown not in UPN_UNKNOWN_OVER_FIVE
    )


@child_rule(
    "8772",
    "UPN unknown reason is UN7 (Referral with no further action) but at least one CIN details "
    "is a referral going on to further action",
)
def un7_with_further_action(child: CensusChild, _: Context) -> bool:
    return child.upn_unknown == "UN7" and (not child.episodes or _led_to_further_action(child))


# --- birth, death, sex ---------------------------------------------------------------------------


@child_rule(
    "8520",
    "Date of Birth is after data collection period (must be on or before the end of the "
    "census period)",
)
def born_after_reference(child: CensusChild, context: Context) -> bool:
    return child.birth_date is not None and child.birth_date > context.reference_date


@child_rule(
    "8525Q",
    "Either Date of Birth or Expected Date of Birth must be provided (but not both)",
    query=True,
)
def birth_date_missing_or_both(child: CensusChild, _: Context) -> bool:
    return (child.birth_date is None) == (child.expected_birth_date is None)


@child_rule(
    "8530Q",
    "Please check: Expected Date of Birth is outside the expected range for this census "
    "(March to December of the Census Year end)",
    query=True,
)
def expected_birth_out_of_range(child: CensusChild, context: Context) -> bool:
    expected = child.expected_birth_date
    if expected is None:
        return False
    earliest = context.reference_date - dt.timedelta(days=30)
    latest = add_months(context.reference_date, 9)
    return not earliest < expected < latest


@child_rule(
    "8535Q", "Child\u2019s date of death should not be prior to the date of birth", query=True
)
def death_before_birth(child: CensusChild, _: Context) -> bool:
    death = child.death_date
    if death is None:
        return False
    if child.expected_birth_date and child.expected_birth_date > death:
        return False
    return child.birth_date is None or child.birth_date > death


@child_rule(
    "8545Q", "Please check: Child's date of death should be within the census year", query=True
)
def death_outside_year(child: CensusChild, context: Context) -> bool:
    return child.death_date is not None and not context.collection.within(child.death_date)


@child_rule(
    "8775Q",
    "Please check and either amend data or provide a reason: Child is over 25 years old",
    query=True,
)
def over_25(child: CensusChild, context: Context) -> bool:
    born = child.birth_date
    if born is None or born >= add_months(context.reference_date, -300):
        return False
    twenty_five = add_months(born, 300)
    return any(e.closure_date is None or e.closure_date > twenty_five for e in child.episodes)


@child_rule("4180", "Gender is missing (from 2025: Sex must be M, F or U)")
def sex_missing(child: CensusChild, _: Context) -> bool:
    return child.sex not in codes.Sex.values


@child_rule("8750", "Sex must equal U for an unborn child", from_year=2025)
def sex_not_u_when_unborn(child: CensusChild, _: Context) -> bool:
    return child.is_unborn and child.sex != codes.Sex.UNKNOWN


# --- characteristics and disabilities ----------------------------------------------------------


@child_rule("4220", "Ethnicity is missing or invalid (see Ethnicity table)")
def ethnicity_invalid(child: CensusChild, _: Context) -> bool:
    return child.ethnicity not in codes.Ethnicity.values


@child_rule("8540", "Child\u2019s disability is missing or invalid (see Disability table)")
def disability_invalid(child: CensusChild, _: Context) -> bool:
    if child.birth_date is None or all(e.referral_nfa for e in child.episodes):
        return False
    return not child.disabilities or any(
        code not in codes.Disability.values for code in child.disabilities
    )


@child_rule("8790", "Disability information includes both None and other values")
def none_with_disabilities(child: CensusChild, _: Context) -> bool:
    return "NONE" in child.disabilities and any(c != "NONE" for c in child.disabilities)


@child_rule("8794", "Child has two or more disabilities with the same code")
def disability_repeated(child: CensusChild, _: Context) -> bool:
    return len(set(child.disabilities)) < len(child.disabilities)


@child_rule("8590", "Child does not have a recorded CIN episode.")
def no_cin_episode(child: CensusChild, _: Context) -> bool:
    return not child.episodes
