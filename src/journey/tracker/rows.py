"""The CAF tracker's table rows, as HTML built in Python.

A page holds 50 rows of eleven cells and a few flags each. Drawn by the template language that
is some 5,000 variable lookups, a fifth of the page's server time; here it is about a
millisecond. Every value is escaped with html.escape (what Django's escape filter uses); the
markup is the GOV.UK table the template would write, and the rest of the page stays in
templates/tracker/.
"""

from __future__ import annotations

from html import escape

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from journey.tracker.selectors import NOT_MEASURED, TrackerRow, short_date

_KEY = 987654321  # stands in for a primary key while a URL pattern is reversed once

NONE_TAG = '<strong class="govuk-tag govuk-tag--red">None</strong>'
NO_FLAGS = '<strong class="govuk-tag govuk-tag--green">None</strong>'


def _url(name: str):
    pattern = reverse(name, args=[_KEY])
    return lambda pk: pattern.replace(str(_KEY), str(int(pk)))


def _e(value) -> str:
    return escape(str(value), quote=True)


def _muted(text: str) -> str:
    return f'<span class="journey-muted">{_e(text)}</span>'


def caf_rows(rows: list[TrackerRow]) -> list[SafeString]:
    child_url, plan_url = _url("child"), _url("early_help_plan")
    return [mark_safe(_caf_row(row, child_url(row.child_id), plan_url(row.pk))) for row in rows]


def _caf_row(row: TrackerRow, child_url: str, plan_url: str) -> str:
    e = row.episode
    name = _e(e.child.full_name)
    child = (
        f'<a class="govuk-link" href="{child_url}">{name}</a><br>'
        f'<span class="govuk-body-s journey-muted">{_e(e.child.local_id)}</span><br>'
        f'<a class="govuk-link govuk-body-s" href="{plan_url}">Plan and actions'
        f'<span class="govuk-visually-hidden"> for {name}</span></a>'
    )
    lead = _e(row.lead_name) if row.lead_name else NONE_TAG
    days = (
        f'{row.days_open}<br><span class="govuk-body-s journey-muted">'
        f"from {_e(row.started_text)}</span>"
    )
    last_taf = _e(row.last_taf_text) if e.taf_last_held else _muted("None yet")
    if row.next_taf_overdue:
        next_taf = (
            f'<strong class="journey-overdue">{_e(row.next_taf_text)}</strong><br>'
            '<span class="govuk-body-s journey-overdue">overdue</span>'
        )
    else:
        next_taf = _e(row.next_taf_text) if e.taf_next_due else _muted("Not set")
    overdue = (
        f'<strong class="journey-overdue">{int(e.overdue_actions)}</strong>'
        if e.overdue_actions
        else "0"
    )
    flags = _flags(row, name) if row.flags else NO_FLAGS
    cells = (
        ("", child),
        ("", _e(e.team.name)),
        ("", lead),
        ("", _e(e.lead_agency or "")),
        (" govuk-table__cell--numeric journey-nowrap", days),
        (" journey-nowrap", last_taf),
        (" journey-nowrap", next_taf),
        (" govuk-table__cell--numeric", str(int(e.open_actions))),
        (" govuk-table__cell--numeric", overdue),
        (" journey-nowrap", _outcome(row)),
        (" journey-flags-cell", flags),
    )
    tds = "".join(f'<td class="govuk-table__cell{css}">{html}</td>' for css, html in cells)
    return f'<tr class="govuk-table__row" id="episode-{int(e.pk)}">{tds}</tr>'


def _outcome(row: TrackerRow) -> str:
    """Where the outcome measures stand: overdue in red (since when), not measured muted."""
    status = row.outcome
    if status is None or status.label == NOT_MEASURED:
        return _muted(NOT_MEASURED)
    if status.overdue:
        return (
            f'<strong class="journey-overdue">{_e(status.label)}</strong><br>'
            f'<span class="govuk-body-s journey-overdue">since {_e(short_date(status.day))}</span>'
        )
    if status.day:
        day = _e(short_date(status.day))
        return f'{_e(status.label)}<br><span class="govuk-body-s">{day}</span>'
    return _e(status.label)


def _flags(row: TrackerRow, name: str) -> str:
    """Short tags, then each flag's rule, since when and evidence behind one click."""
    tags = "".join(
        f'<strong class="govuk-tag govuk-tag--red journey-flag-tag" data-rule="{_e(f.rule.code)}">'
        f"{_e(f.rule.short)}</strong>"
        for f in row.flags
    )
    why = "".join(
        f"<li><strong>{_e(f.rule.name)}</strong> since {_e(f.since_text)}<br>"
        f'<span class="journey-evidence">{_e(f.evidence)}.</span></li>'
        for f in row.flags
    )
    return (
        f'<div class="journey-flag-tags">{tags}</div>'
        '<details class="govuk-details govuk-!-margin-bottom-0 journey-flag-details">'
        '<summary class="govuk-details__summary"><span class="govuk-details__summary-text">'
        f'Why<span class="govuk-visually-hidden"> {name} is flagged</span></span></summary>'
        f'<div class="govuk-details__text"><ul class="govuk-list govuk-body-s journey-flags">{why}'
        "</ul></div></details>"
    )
