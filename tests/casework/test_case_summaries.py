"""Reflective case summaries: written by the worker at set points, agreed or challenged by a
manager, at the top of the child's summary, on the chronology, due on My work, in the queue."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from journey.casework.models import CaseSummary
from journey.casework.summaries import services
from journey.chronology.models import ChronologyEntry, EntryKind
from journey.core.models import AccessEvent
from journey.core.working_days import add_months
from tests.cases.test_views import date_fields, error_summary, text_of

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
STORY = "Ruby is going to school every day now and mum has kept every appointment."
ANALYSIS = "The plan is working: the risk from dad's visits has fallen since the injunction."


def form(**changes) -> dict:
    data = {
        "occasion": CaseSummary.Occasion.REGULAR,
        **date_fields("written_on", TODAY()),
        "summary": STORY,
        "analysis": ANALYSIS,
        "next_steps": "Step down to early help at the next review.",
    }
    data.update(changes)
    return data


def write(episode, worker) -> CaseSummary:
    return services.write_case_summary(
        episode,
        occasion=CaseSummary.Occasion.REGULAR,
        written_on=TODAY(),
        summary=STORY,
        analysis=ANALYSIS,
        by=worker.user,
    )


def test_the_worker_writes_one_and_it_leads_the_childs_summary(council, sc_child, signed_in):
    episode = sc_child.episodes.get()
    client = signed_in(council["social_worker"])
    response = client.post(reverse("write_case_summary", args=[episode.pk]), form())
    assert response.url == reverse("case_summaries", args=[episode.pk])
    summary = CaseSummary.objects.get()
    assert summary.awaits_manager and summary.written_by == council["social_worker"].user
    entry = ChronologyEntry.objects.get(child=sc_child, kind=EntryKind.CASE_SUMMARY)
    assert entry.title == "Reflective case summary: regular summary"
    assert STORY in entry.summary and ANALYSIS in entry.summary
    page = text_of(client.get(reverse("child", args=[sc_child.pk])))
    assert page.index("Reflective summary") < page.index("Open work"), "at the top"
    assert "Awaiting manager's view" in page and "Ruby is going to school every day" in page
    due = add_months(TODAY(), 3)
    assert f"next due by {due:%-d %B %Y}" in page


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"summary": " "}, "summary", "Enter what is happening for the child and what has changed"),
        ({"analysis": ""}, "analysis", "Enter your analysis: what it means for the child"),
        (
            date_fields("written_on", TODAY() + dt.timedelta(days=2)),
            "written_on_0",
            "The date of the summary must be today or in the past",
        ),
    ],
)
def test_bad_input_is_named_and_nothing_saved(council, sc_child, signed_in, change, field, message):
    episode = sc_child.episodes.get()
    response = signed_in(council["social_worker"]).post(
        reverse("write_case_summary", args=[episode.pk]), form(**change)
    )
    assert error_summary(response)[message] == f"#id_{field}"
    assert not CaseSummary.objects.exists()


def test_a_manager_agrees_or_challenges_with_reasons_but_never_their_own(
    council, sc_child, signed_in
):
    episode = sc_child.episodes.get()
    summary = write(episode, council["social_worker"])
    manager = council["team_manager"]
    url = reverse("review_case_summary", args=[episode.pk, summary.pk])
    client = signed_in(manager)
    refused = client.post(url, {"agree": "no", "note": ""})
    assert error_summary(refused) == {"Say what you challenge and what should change": "#id_note"}
    client.post(url, {"agree": "no", "note": "What does Ruby say about dad's visits?"})
    summary.refresh_from_db()
    assert summary.manager_agreed is False and summary.manager == manager
    assert ChronologyEntry.objects.filter(
        kind=EntryKind.CASE_SUMMARY, title__startswith="Manager challenged"
    ).exists()
    shown = text_of(client.get(reverse("case_summaries", args=[episode.pk])))
    assert f"Challenged by {manager}" in shown and "What does Ruby say" in shown

    own = write(episode, manager)
    with pytest.raises(ValidationError, match="other than its author"):
        services.review_case_summary(own, manager=manager, agree=True, note="")
    again = client.post(url, {"agree": "yes", "note": ""})
    assert "A manager has already given their view" in text_of(again)


def test_workers_do_not_review_and_partners_neither_read_nor_write(
    council, sc_child, eh_child, signed_in
):
    episode = sc_child.episodes.get()
    summary = write(episode, council["social_worker"])
    review = reverse("review_case_summary", args=[episode.pk, summary.pk])
    assert signed_in(council["social_worker"]).get(review).status_code == 403
    partner = signed_in(council["external_lead"])
    eh = eh_child.episodes.get()
    assert partner.get(reverse("case_summaries", args=[eh.pk])).status_code == 403
    assert partner.post(reverse("write_case_summary", args=[eh.pk]), form()).status_code == 403
    qa = signed_in(council["qa_officer"])
    assert qa.get(reverse("case_summaries", args=[episode.pk])).status_code == 200
    assert qa.post(reverse("write_case_summary", args=[episode.pk]), form()).status_code == 403
    assert CaseSummary.objects.count() == 1
    assert AccessEvent.objects.filter(
        user=council["qa_officer"].user, action=AccessEvent.Action.DENIED
    ).exists()


def test_one_overdue_is_flagged_on_my_work_and_the_queue_lists_those_to_agree(
    council, sc_child, signed_in
):
    episode = sc_child.episodes.get()
    episode.started_on = TODAY() - dt.timedelta(days=120)  # opened four months ago
    episode.save(update_fields=["started_on"])
    due = add_months(episode.started_on, 3)
    worker = signed_in(council["social_worker"])
    my_work = text_of(worker.get(reverse("my_work")))
    assert f"Reflective summary by {due:%-d %B %Y} Overdue" in my_work
    summary = write(episode, council["social_worker"])
    my_work = text_of(worker.get(reverse("my_work")))
    assert f"Reflective summary by {add_months(TODAY(), 3):%-d %B %Y}" in my_work
    manager = signed_in(council["team_manager"])
    queue = manager.get(reverse("manager_queue")).content.decode()
    review = reverse("review_case_summary", args=[episode.pk, summary.pk])
    assert 'data-waiting="Reflective summary"' in queue and review in queue
    services.review_case_summary(
        summary, manager=council["team_manager"], agree=True, note="Agreed."
    )
    assert review not in manager.get(reverse("manager_queue")).content.decode()
