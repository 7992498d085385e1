"""Reading pages the way a person does: their text, their error summary; and form dates."""

from __future__ import annotations

import datetime as dt
import html
import re


def text_of(response) -> str:
    page = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r" ([,.;:)])", r"\1", " ".join(html.unescape(page).split()))


def error_summary(response) -> dict[str, str]:
    """The error summary as {message: link}; an error with no link maps to ""."""
    page = response.content.decode()
    match = re.search(r'<div class="govuk-error-summary".*?</ul>', page, re.S)
    assert match, "no error summary on the page"
    summary = {}
    for item in re.findall(r"<li>(.*?)</li>", match.group(0), re.S):
        link = re.fullmatch(r'<a href="([^"]*)">(.*)</a>', item.strip(), re.S)
        if link:
            summary[html.unescape(link.group(2))] = link.group(1)
        else:
            summary[html.unescape(item.strip())] = ""
    return summary


def date_fields(name: str, day: dt.date | None) -> dict:
    if day is None:
        return {f"{name}_0": "", f"{name}_1": "", f"{name}_2": ""}
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}
