"""Outcome measures where the work happens: at a TAF meeting (dated the day it was held, a review
measure or the start measure if there is none yet), at closure (the closing measure, which never
holds the closure up and may still be recorded for a while after it), each returning to the page
the worker came from; and who may not record them."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qs, urlencode, urlparse

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from journey.cases import services as case_services
from journey.cases.models import EarlyHelpClosureReason
from journey.outcomes import selectors, services
from journey.outcomes.models import Measurement, Point, Source
from journey.outcomes.selectors import CohortFilters
from journey.people.models import Person
from tests.casework.helpers import date_fields, text_of
from tests.casework.test_taf_meeting import taf_form
from tests.tracker.conftest import caf_episode, measure, taf

pytestmark = pytest.mark.django_db


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def wheel_scores(value: int = 6) -> dict[str, int]:
    version = services.ensure_wheel()
    return {f"score_{s.key}": value for s in version.scales.all()}


def close(episode, worker, on: dt.date):
    return case_services.close_episode(
        episode,
        ended_on=on,
        reason=EarlyHelpClosureReason.OUTCOMES_MET,
        note="",
        closed_by=worker.user,
    )


def measure_input(point: str, on: dt.date, **kwargs) -> services.MeasurementInput:
    version = services.ensure_wheel()
    scores = [services.ScoreInput(s.key, 5) for s in version.scales.all()]
    return services.MeasurementInput(version, point, on, "together", scores, **kwargs)


# --- the service's rules ---------------------------------------------------------------------


def test_a_measure_at_a_taf_meeting_names_it_and_is_dated_its_day(council):
    worker = council["practitioner"]
    episode = caf_episode(council, started_days_ago=100, measured_days_ago=90)
    meeting = taf(episode, worker, held_days_ago=10)
    other = caf_episode(council, started_days_ago=100, measured_days_ago=90)
    elsewhere = taf(other, worker, held_days_ago=10)

    def record(**kwargs):
        return services.record_measurement(
            episode, measure_input(Point.REVIEW, **kwargs), by=worker.user
        )

    with pytest.raises(ValidationError) as raised:
        record(on=days_ago(9), source=Source.TAF_MEETING, meeting=meeting)
    assert raised.value.message_dict == {
        "measured_on": [
            "A measure made at the TAF meeting is dated the day it was held, "
            f"{days_ago(10):%-d %B %Y}"
        ]
    }
    for wrong in (
        {"source": Source.TAF_MEETING},
        {"source": Source.TAF_MEETING, "meeting": elsewhere},
    ):
        with pytest.raises(ValidationError) as raised:
            record(on=days_ago(10), **wrong)
        assert raised.value.message_dict == {"meeting": ["Choose a TAF meeting of this work"]}
    with pytest.raises(ValidationError) as raised:
        record(on=days_ago(10), meeting=meeting)
    assert "Only a measure made at a TAF meeting names the meeting" in str(raised.value)
    made = record(on=days_ago(10), source=Source.TAF_MEETING, meeting=meeting)
    assert (made.meeting, made.source, made.measured_on) == (meeting, "taf_meeting", days_ago(10))
    with pytest.raises(ValidationError) as raised:
        record(on=days_ago(10), source=Source.TAF_MEETING, meeting=meeting)
    assert "was recorded at the TAF meeting of" in str(raised.value)
    assert Measurement.objects.filter(episode=episode).count() == 2


def test_a_measure_at_closure_is_the_closing_measure(council):
    worker = council["practitioner"]
    episode = caf_episode(council, started_days_ago=100, measured_days_ago=90)
    with pytest.raises(ValidationError) as raised:
        services.record_measurement(
            episode, measure_input(Point.REVIEW, days_ago(1), source=Source.CLOSURE), by=worker.user
        )
    assert raised.value.message_dict == {
        "point": ["A measure made when the work closed is its closing measure"]
    }


def test_closed_work_takes_its_closing_measure_dated_the_closing_day_for_a_while(council):
    worker = council["practitioner"]
    episode = caf_episode(council, started_days_ago=100, measured_days_ago=90)
    close(episode, worker, days_ago(3))
    episode.refresh_from_db()
    with pytest.raises(ValidationError) as raised:
        services.record_measurement(
            episode, measure_input(Point.REVIEW, days_ago(3)), by=worker.user
        )
    assert raised.value.message_dict == {
        "point": [
            f"The work closed on {days_ago(3):%-d %B %Y}: only its closing measure can be recorded"
        ]
    }
    closing = services.record_measurement(
        episode, measure_input(Point.CLOSURE, days_ago(3), source=Source.CLOSURE), by=worker.user
    )
    assert closing.measured_on == episode.ended_on
    assert episode.outcome.closing_measured and episode.outcome.review_due_on is None


def test_closed_work_refuses_a_closing_measure_once_its_days_have_passed(council):
    worker = council["practitioner"]
    episode = caf_episode(council, started_days_ago=100, measured_days_ago=90)
    close(episode, worker, days_ago(15))
    with pytest.raises(ValidationError) as raised:
        services.record_measurement(
            episode, measure_input(Point.CLOSURE, days_ago(15)), by=worker.user
        )
    assert raised.value.message_dict == {
        "point": [
            f"The work closed on {days_ago(15):%-d %B %Y}: a closing measure is recorded within "
            "14 days of the work closing"
        ]
    }
    with override_settings(JOURNEY_CLOSING_MEASURE_DAYS=20):
        services.record_measurement(
            episode, measure_input(Point.CLOSURE, days_ago(15)), by=worker.user
        )


def test_only_the_familys_own_scores_are_recorded_without_a_worker(council):
    episode = caf_episode(council, started_days_ago=100, measured_days_ago=90)
    with pytest.raises(ValidationError):
        services.record_measurement(episode, measure_input(Point.REVIEW, days_ago(1)), by=None)
    made = services.record_measurement(
        episode, measure_input(Point.REVIEW, days_ago(1), source=Source.LINK), by=None
    )
    assert made.recorded_by is None and made.source == "link"


# --- from the TAF meeting ---------------------------------------------------------------------


def measure_page(episode, **query) -> str:
    url = reverse("record_outcome_measure", args=[episode.pk])
    return f"{url}?{urlencode(query)}" if query else url


def test_holding_a_taf_goes_on_to_the_familys_measure_at_it_and_back_to_the_plan(client, council):
    worker = council["practitioner"]
    episode = caf_episode(council, started_days_ago=100, measured_days_ago=None)
    client.force_login(worker.user)
    url = reverse("hold_taf_meeting", args=[episode.pk])
    page = text_of(client.get(url))
    assert "Record the family's outcome measure at this meeting" in page
    assert "you go on to the Journey family wheel, dated the day of the meeting" in page
    held = days_ago(7)
    saved = client.post(url, taf_form(held_on=held, record_measure="on"))
    assert saved.status_code == 302
    meeting = episode.meetings.get()
    address = urlparse(saved.url)
    assert address.path == reverse("record_outcome_measure", args=[episode.pk])
    query = parse_qs(address.query)
    assert query["meeting"] == [str(meeting.pk)]
    plan = reverse("early_help_plan", args=[episode.pk])
    assert query["next"] == [f"{plan}#taf-meetings"]

    form = text_of(client.get(saved.url))
    assert "Record the family's Journey family wheel measure at this meeting" in form
    assert f"At the TAF meeting held on {held:%-d %B %Y}" in form
    assert "There is no start measure yet, so this is usually the start measure" in form
    assert "Date of the measure" not in form, "dated the meeting's day"
    response = client.post(saved.url, {"point": "start", "scored_by": "together", **wheel_scores()})
    assert response.status_code == 302 and response.url == f"{plan}#taf-meetings"
    made = Measurement.objects.get(episode=episode)
    assert (made.point, made.source, made.meeting, made.measured_on) == (
        "start",
        "taf_meeting",
        meeting,
        held,
    )
    plan_page = text_of(client.get(plan))
    assert "The family's outcome measure was recorded at this meeting" in plan_page
    assert "Record the family's outcome measure at this meeting" not in plan_page


def test_the_plan_offers_the_measure_at_the_latest_taf_as_a_review(client, council):
    worker = council["practitioner"]
    episode = caf_episode(council, started_days_ago=100, measured_days_ago=80)
    taf(episode, worker, held_days_ago=60)
    latest = taf(episode, worker, held_days_ago=5)
    client.force_login(worker.user)
    plan = client.get(reverse("early_help_plan", args=[episode.pk])).content.decode()
    assert plan.count("data-measure-link") == 1
    link = measure_page(
        episode,
        meeting=latest.pk,
        next=f"{reverse('early_help_plan', args=[episode.pk])}#taf-meetings",
    )
    assert f'href="{link.replace("&", "&amp;")}"' in plan
    form = client.get(link).content.decode()
    review = re.search(r'<input[^>]*value="review"[^>]*>', form).group(0)
    assert "checked" in review, "a review measure, as there is a start measure"
    assert (
        client.post(
            link, {"point": "review", "scored_by": "together", **wheel_scores(8)}
        ).status_code
        == 302
    )
    assert Measurement.objects.get(meeting=latest).point == "review"


def test_who_may_not_record_a_measure_from_the_taf_meeting_or_closure(client, council):
    worker = council["practitioner"]
    partner = council["external_lead"]  # not this family's lead professional
    episode = caf_episode(council, started_days_ago=100, measured_days_ago=80)
    meeting = taf(episode, worker, held_days_ago=5)
    at_meeting = measure_page(episode, meeting=meeting.pk)
    at_closure = measure_page(episode, at="closure")
    data = {"point": "review", "scored_by": "together", **wheel_scores()}
    for name in ("external_lead", "social_worker", "qa_officer", "complaints_officer"):
        client.force_login(council[name].user)
        for url in (at_meeting, at_closure):
            assert client.get(url).status_code == 403, (name, url)
            assert client.post(url, data).status_code == 403, (name, url)
    assert not Measurement.objects.filter(episode=episode, point="review").exists()
    # A reader of the plan who may not record sees no link to the measure.
    client.force_login(council["qa_officer"].user)
    plan = client.get(reverse("early_help_plan", args=[episode.pk]))
    assert plan.status_code == 200 and "data-measure-link" not in plan.content.decode()
    # The partner who leads the work may, while it is open; not once it has closed.
    case_services.allocate(
        episode,
        worker=partner,
        kind="lead_professional",
        started_on=days_ago(4),
        allocated_by=worker.user,
    )
    client.force_login(partner.user)
    assert client.get(at_meeting).status_code == 200
    close(episode, worker, days_ago(1))
    assert client.get(at_closure).status_code == 403
    client.force_login(worker.user)
    assert client.get(at_closure).status_code == 200


def test_a_meeting_of_other_work_is_not_found(client, council):
    worker = council["practitioner"]
    episode = caf_episode(council, started_days_ago=100, measured_days_ago=80)
    other = caf_episode(council, started_days_ago=100, measured_days_ago=80)
    elsewhere = taf(other, worker, held_days_ago=5)
    client.force_login(worker.user)
    assert client.get(measure_page(episode, meeting=elsewhere.pk)).status_code == 404
    assert client.get(measure_page(episode, meeting="x")).status_code == 404


def test_a_next_address_off_the_site_is_ignored(client, council):
    worker = council["practitioner"]
    episode = caf_episode(council, started_days_ago=100, measured_days_ago=None)
    client.force_login(worker.user)
    url = measure_page(episode, next="https://evil.example/")
    data = {
        "point": "start",
        **date_fields("measured_on", days_ago(1)),
        "scored_by": "together",
        **wheel_scores(),
    }
    response = client.post(url, data)
    assert response.url == reverse("child_outcomes", args=[episode.child_id])


# --- at closure -------------------------------------------------------------------------------


def test_the_closure_page_offers_the_closing_measure_and_comes_back_to_it(client, council):
    worker = council["practitioner"]
    episode = caf_episode(council, started_days_ago=100, measured_days_ago=80)
    client.force_login(worker.user)
    closure = reverse("close_early_help", args=[episode.pk])
    page = text_of(client.get(closure))
    assert "Closing outcome measure" in page
    assert (
        f"No closing measure yet (the start measure was made on {days_ago(80):%-d %B %Y})" in page
    )
    assert "You can close the work without one" in page
    link = measure_page(episode, at="closure", next=closure)
    assert f'href="{link.replace("&", "&amp;")}"' in client.get(closure).content.decode()
    form = text_of(client.get(link))
    assert "Record the closing Journey family wheel measure" in form
    assert "At a review" not in form, "the closing measure only"
    data = {
        "point": "closure",
        **date_fields("measured_on", days_ago(0)),
        "scored_by": "together",
        **wheel_scores(7),
    }
    saved = client.post(link, data)
    assert saved.status_code == 302 and saved.url == closure
    made = Measurement.objects.get(episode=episode, point="closure")
    assert made.source == "closure"
    assert "The closing Journey family wheel measure was recorded on" in text_of(
        client.get(closure)
    )


def test_closing_without_a_closing_measure_is_not_held_up_and_is_listed(client, council):
    worker = council["practitioner"]
    episode = caf_episode(council, started_days_ago=100, measured_days_ago=80)
    client.force_login(worker.user)
    closure = reverse("close_early_help", args=[episode.pk])
    closed = client.post(
        closure,
        {
            **date_fields("ended_on", days_ago(0)),
            "reason": "EH1",
            "outcome": "Mornings are calmer and school attendance is back up.",
            "parent_views": "Mum said the help worked.",
            "next_step": "Universal services",
        },
        follow=True,
    )
    until = days_ago(0) + dt.timedelta(days=14)
    assert "Early help (CAF and TAF) closed. No closing outcome measure is recorded" in text_of(
        closed
    )
    assert f"until {until:%-d %B %Y}" in text_of(closed)
    listed = selectors.closed_without_closing_measure(
        CohortFilters(closed_from=days_ago(1), closed_to=days_ago(0)),
        Person.objects.all(),
        page=1,
        count=1,
    )
    assert [e.pk for e in listed] == [episode.pk]
    # The closure page of closed work still offers the closing measure, for its days.
    again = client.get(closure)
    assert again.status_code == 409
    assert f"It can still be recorded until {until:%-d %B %Y}" in text_of(again)
    assert "Record the closing outcome measure" in text_of(again)
    tab = text_of(client.get(reverse("child_outcomes", args=[episode.child_id])))
    assert "Record the closing measure" in tab


def test_work_with_no_measure_closes_without_an_offer(client, council):
    worker = council["practitioner"]
    episode = caf_episode(council, started_days_ago=100, measured_days_ago=None)
    client.force_login(worker.user)
    page = text_of(client.get(reverse("close_early_help", args=[episode.pk])))
    assert "No outcome measure was recorded in this work" in page
    assert "Record the closing outcome measure" not in page


def test_social_care_closure_shows_no_outcome_measure_when_no_tool_is_used(
    client, council, sc_child
):
    episode = sc_child.episodes.get()
    client.force_login(council["social_worker"].user)
    page = text_of(client.get(reverse("close_episode", args=[episode.pk])))
    assert "Close this work" in page and "Closing outcome measure" not in page


def test_family_help_closure_offers_the_closing_measure(client, council, fh):
    episode, manager = fh["episode"], fh["manager"]
    measure(episode, manager, "start", days_ago(90))
    client.force_login(manager.user)
    page = client.get(reverse("close_episode", args=[episode.pk]))
    assert page.status_code == 200
    assert "Record the closing outcome measure" in text_of(page)


def test_the_closing_measure_offer_ends_with_its_days(client, council):
    worker = council["practitioner"]
    episode = caf_episode(council, started_days_ago=100, measured_days_ago=80)
    close(episode, worker, days_ago(20))
    client.force_login(worker.user)
    page = text_of(client.get(reverse("close_early_help", args=[episode.pk])))
    assert f"It could be recorded until {days_ago(6):%-d %B %Y}" in page
    assert "Record the closing outcome measure" not in page
    refused = client.get(measure_page(episode, at="closure"))
    assert refused.status_code == 403
    assert f"its closing measure could be recorded until {days_ago(6):%-d %B %Y}" in text_of(
        refused
    )
    tab = text_of(client.get(reverse("child_outcomes", args=[episode.child_id])))
    assert "Record the closing measure" not in tab
