"""The audit tool's panel of the audited work's records without the child's views (R8), on the
page that completes an audit and on the audit itself, in a constant number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from journey.casework.models import Meeting
from journey.casework.services import record_meeting
from tests.factories import views_of
from tests.quality.conftest import today

pytestmark = pytest.mark.django_db


def meetings(episode, by, *views):
    for n, given in enumerate(views):
        record_meeting(
            episode=episode,
            kind=Meeting.Kind.CIN_REVIEW,
            held_on=today().replace(day=1) if n % 2 else today(),
            recorded_by=by,
            views=given,
        )


def panel(response) -> str:
    html = response.content.decode()
    start = html.index('id="child-views-panel"')
    return html[start : html.index("</table>", start) if "</table>" in html[start:] else None]


def test_the_auditor_sees_which_records_have_no_child_views(allocated, qa, council, signed_in):
    episode = allocated.episode
    by = council["social_worker"].user
    meetings(episode, by, views_of("I want to stay at school."), views_of(not_obtained="A baby"))
    url = reverse("complete_audit", args=[allocated.round_id, allocated.episode_id])
    shown = panel(signed_in(qa).get(url))
    assert "Records without the child's views" in shown
    assert "1 of 2" in shown and "Child in need review" not in shown  # listed as a meeting
    assert "Meeting" in shown and "A baby" in shown


def test_the_audit_page_shows_the_panel_in_constant_queries(audit, council, signed_in):
    by = council["social_worker"].user
    client = signed_in(council["qa_officer"])
    url = reverse("case_audit", args=[audit.pk])
    meetings(audit.episode, by, views_of(""))
    with CaptureQueriesContext(connection) as few:
        first = client.get(url)
    assert "No reason recorded" in panel(first)
    meetings(audit.episode, by, *[views_of("")] * 5, *[views_of("Fine")] * 3)
    with CaptureQueriesContext(connection) as many:
        again = client.get(url)
    assert "6 of 9" in panel(again)
    assert len(many) == len(few)
