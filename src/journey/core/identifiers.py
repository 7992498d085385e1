"""Checks for national identifiers: the DfE Unique Pupil Number and the NHS number."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

UPN_CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"  # DfE: 23 letters, no I, O or S
UPN_PATTERN = re.compile(rf"^[{UPN_CHECK_LETTERS}]\d{{11}}[{UPN_CHECK_LETTERS}\d]$")


def upn_check_letter(body: str) -> str:
    """The check letter for characters 2 to 13 of a UPN (weights 2..13, modulus 23)."""
    total = 0
    for weight, char in enumerate(body, start=2):
        value = int(char) if char.isdigit() else UPN_CHECK_LETTERS.index(char)
        total += weight * value
    return UPN_CHECK_LETTERS[total % 23]


def is_valid_upn(upn: str) -> bool:
    upn = upn.strip().upper()
    return bool(UPN_PATTERN.match(upn)) and upn_check_letter(upn[1:]) == upn[0]


def make_upn(la_code: str, serial: int) -> str:
    """A valid permanent UPN for the demo council: LA code, a school number and a serial."""
    body = f"{la_code:0>3}{serial % 10**9:09d}"
    return upn_check_letter(body) + body


def nhs_check_digit(first_nine: str) -> int | None:
    total = sum(int(d) * w for d, w in zip(first_nine, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    return None if check == 10 else check


def is_valid_nhs_number(value: str) -> bool:
    digits = value.replace(" ", "")
    if not re.fullmatch(r"\d{10}", digits):
        return False
    return nhs_check_digit(digits[:9]) == int(digits[9])


def make_nhs_number(serial: int) -> str:
    """A valid NHS number in the 999 range that the NHS reserves for test data."""
    n = serial
    while True:
        first_nine = f"999{n % 10**6:06d}"
        check = nhs_check_digit(first_nine)
        if check is not None:
            return first_nine + str(check)
        n += 1


def format_nhs_number(value: str) -> str:
    """An NHS number as the NHS writes it, 3-3-4: "999 123 4567"; anything else as it is."""
    digits = value.replace(" ", "")
    if not re.fullmatch(r"\d{10}", digits):
        return value
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}"


@dataclass(frozen=True)
class ConsistentIdentifier:
    """The identifier regulations under the Children Act 2004 s16LC name as the one every
    agency records for a child (the NHS number, the government says; the setting
    JOURNEY_CONSISTENT_IDENTIFIER chooses it): the child's field, its name and its check."""

    field: str
    label: str
    a_label: str  # "an NHS number", "a UPN"
    is_valid: Callable[[str], bool]
    format: Callable[[str], str]


CONSISTENT_IDENTIFIERS = {
    "nhs_number": ConsistentIdentifier(
        "nhs_number", "NHS number", "an NHS number", is_valid_nhs_number, format_nhs_number
    ),
    "upn": ConsistentIdentifier("upn", "UPN", "a UPN", is_valid_upn, str),
}


def consistent_identifier() -> ConsistentIdentifier:
    """The council's consistent identifier, from the setting JOURNEY_CONSISTENT_IDENTIFIER."""
    name = settings.JOURNEY_CONSISTENT_IDENTIFIER
    try:
        return CONSISTENT_IDENTIFIERS[name]
    except KeyError:
        raise ImproperlyConfigured(
            f"JOURNEY_CONSISTENT_IDENTIFIER is {name!r}: it must be one of "
            f"{', '.join(sorted(CONSISTENT_IDENTIFIERS))}"
        ) from None
