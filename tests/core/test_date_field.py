"""The GOV.UK date input: a part-filled date names the missing part, on optional fields too."""

from __future__ import annotations

import datetime as dt

import pytest

from journey.core.forms import GovukDateField, GovukForm


class Form(GovukForm):
    due = GovukDateField(label="Date due")
    ended = GovukDateField(label="Date it ended", required=False)


def errors(**data):
    form = Form({f"{name}_{i}": v for name, parts in data.items() for i, v in enumerate(parts)})
    form.is_valid()
    return form


@pytest.mark.parametrize(
    ("field", "parts", "message"),
    [
        ("due", ("", "", ""), "Enter the date due"),
        ("due", ("3", "", "2026"), "Date due must include a month"),
        ("ended", ("3", "", ""), "Date it ended must include a month and year"),
        ("ended", ("31", "2", "2026"), "Date it ended must be a real date"),
        ("ended", ("x", "2", "2026"), "Date it ended must be a real date, like 27 3 2019"),
    ],
)
def test_each_problem_is_named(field, parts, message):
    data = {"due": ("1", "2", "2026"), "ended": ("", "", ""), field: parts}
    assert errors(**data).errors[field] == [message]


def test_a_whole_date_and_an_empty_optional_one_are_fine():
    form = errors(due=("1", "2", "2026"), ended=("", "", ""))
    assert form.is_valid()
    assert form.cleaned_data == {"due": dt.date(2026, 2, 1), "ended": None}
