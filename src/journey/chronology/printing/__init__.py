"""The chronology printed: the entries a person may see, filtered as they asked, as a PDF.

A chronology runs to thousands of entries (one long child's story at national scale), so it is
laid out by ReportLab (`document.py`), which prints 2,000 entries in about two seconds where an
HTML print takes over ten. Its fonts are Liberation Sans, kept beside it: a print whose text
holds a character they lack (a name in Arabic script, say) is printed from `print.html` by
WeasyPrint instead, whose fonts come from the system and which shapes every script."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.template.loader import render_to_string
from django.utils import timezone

from journey.chronology import selectors
from journey.chronology.printing import document
from journey.core.templatetags.govuk import counted, govuk_date, govuk_datetime, user_name

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser
    from django.http import QueryDict

    from journey.chronology.forms import ChronologyFilterForm
    from journey.chronology.models import ChronologyEntry

#: The most entries a printed chronology holds; beyond it the worker is asked to filter.
PRINT_LIMIT = 5000


@dataclass(frozen=True)
class ChronologyPrint:
    child: Any  # people.Person: chronology sits below people and names it only by its fields
    entries: list[ChronologyEntry]
    filters: list[str]  # the filters in use, in words ([] for the whole chronology)
    newest_first: bool
    printed_by: str
    printed_at: dt.datetime

    @property
    def title(self) -> str:
        return f"Chronology: {self.child.full_name}"

    @property
    def limited(self) -> bool:
        return len(self.entries) == PRINT_LIMIT

    def about(self) -> list[str]:
        """The lines under the title, the same in either print: whose, which entries, which
        filters, who printed it (and, when it is cut short, how to print the rest)."""
        child = self.child
        born = (
            f"born {govuk_date(child.date_of_birth)}"
            if child.date_of_birth
            else f"unborn, expected {govuk_date(child.expected_date_of_birth)}"
        )
        dated = [entry.occurred_at for entry in self.entries]
        span = (
            f"Entries from {govuk_date(min(dated))} to {govuk_date(max(dated))}"
            if dated
            else "No entries"
        )
        order = "newest first" if self.newest_first else "oldest first"
        filters = (
            f"Filtered: {'; '.join(self.filters)}"
            if self.filters
            else "The whole chronology (no filters)"
        )
        return [
            f"{child.local_id} · {born}",
            f"{span} · {counted(len(self.entries), 'entry', 'entries')}, {order}",
            filters,
            f"Printed by {self.printed_by} on {govuk_datetime(self.printed_at)}. "
            "This print is logged.",
        ]

    @property
    def cut_short(self) -> str:
        return (
            f"Only the first {len(self.entries)} entries are printed: filter by period to print "
            "the rest."
            if self.limited
            else ""
        )


def chronology_print(
    child: Any, user: AbstractBaseUser, form: ChronologyFilterForm, limit: int = PRINT_LIMIT
) -> ChronologyPrint:
    """What a print of the child's chronology holds for this user: the entries they may see,
    filtered by the form, at most PRINT_LIMIT of them."""
    chosen = form.to_filter()
    entries = list(selectors.chronology_for(child, user, chosen).select_related("episode")[:limit])
    return ChronologyPrint(
        child=child,
        entries=entries,
        filters=form.described() if chosen.is_filtered else [],
        newest_first=chosen.newest_first,
        printed_by=user_name(user),
        printed_at=timezone.now(),
    )


def chronology_pdf(printed: ChronologyPrint) -> bytes:
    if document.fonts_cover(printed_text(printed)):
        return document.write(printed)
    from weasyprint import HTML

    return HTML(string=render_to_string("chronology/print.html", {"printed": printed})).write_pdf()


def print_chronology(child: Any, user: AbstractBaseUser, query: QueryDict) -> bytes:
    """The chronology as the user may see it, filtered as the query asks, as a PDF."""
    from journey.chronology.forms import ChronologyFilterForm

    form = ChronologyFilterForm(query or None, **selectors.filter_choices(child, user))
    return chronology_pdf(chronology_print(child, user, form))


def file_name(child: Any) -> str:
    return f"chronology-{child.local_id}-{timezone.localdate():%Y-%m-%d}.pdf"


def printed_text(printed: ChronologyPrint) -> str:
    """Every piece of text the print shows, to check the fonts hold each character."""
    parts = [printed.title, *printed.about(), printed.cut_short]
    for entry in printed.entries:
        parts += (
            entry.title,
            entry.summary,
            entry.recorded_by_name,
            entry.in_error_reason,
            entry.significance_reason,
            entry.get_kind_display(),
        )
    return "".join(parts)
