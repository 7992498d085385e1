import pytest

from journey.core.identifiers import is_valid_nhs_number, is_valid_upn, make_nhs_number, make_upn


@pytest.mark.parametrize("serial", [1, 42, 123456, 987654321])
def test_generated_upns_pass_the_dfe_check_letter(serial):
    upn = make_upn("999", serial)
    assert len(upn) == 13
    assert is_valid_upn(upn)


def test_a_upn_with_the_wrong_check_letter_is_refused():
    upn = make_upn("999", 77)
    wrong = ("B" if upn[0] != "B" else "C") + upn[1:]
    assert not is_valid_upn(wrong)
    assert not is_valid_upn("A12345")


def test_nhs_numbers_use_the_modulus_11_check():
    assert is_valid_nhs_number("9434765919")  # the NHS's published example
    assert not is_valid_nhs_number("9434765918")
    assert is_valid_nhs_number(make_nhs_number(5))
    assert not is_valid_nhs_number("12345")
