"""A secure link sent at a review or closure may ask the family to score the outcome tool their
work uses: the form shows each scale with what its ends mean and a box for their own words, and
the answer records the family's own measure (source "link") in the same transaction, with the
views on the chronology. Bad scores are refused in the form's own voice with nothing saved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from journey.cases import services as case_services
from journey.cases.models import EarlyHelpClosureReason, EpisodeKind
from journey.chronology.models import ChronologyEntry, EntryKind
from journey.outcomes import services as outcomes
from journey.outcomes.models import Measurement, Score
from journey.people.contact_details.services import ContactDetails, record_contact_details
from journey.voice.links.models import ViewsAnswer, ViewsLink
from journey.voice.links.services import LinkRequest, ScoreRequest, send_views_link
from tests.factories import make_child, make_episode
from tests.people.test_genogram import relative
from tests.tracker.conftest import measure

pytestmark = pytest.mark.django_db
ANSWERS = {"working": "School mornings", "worries": "Money", "from_meeting": "A plan"}


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


@pytest.fixture
def wheel():
    return outcomes.ensure_wheel()


@pytest.fixture
def family(council, wheel):
    """Oscar's early help (CAF) work, held by the practitioner and measured at its start 80 days
    ago, and his mother Sam, with an email address and a mobile."""
    worker = council["practitioner"]
    child = make_child(worker, first_name="Oscar", last_name="Pennington")
    episode = make_episode(
        child,
        worker,
        kind=EpisodeKind.EARLY_HELP_CAF,
        started_on=days_ago(100),
        allocate_to=worker,
    )
    measure(episode, worker, "start", days_ago(80), value=3)
    sam = relative(
        child, worker.user, "Sam", "F", "parent", born=dt.date(1989, 5, 1), lives=True,
        has_parental_responsibility=True,
    )  # fmt: skip
    sam = record_contact_details(
        sam, ContactDetails(email="sam@example.com", mobile="07700 900123"), by=worker.user
    )
    return {"child": child, "episode": episode, "mum": sam, "worker": worker}


def send(family, wheel, *, purpose="review", form="parent", score=True):
    return send_views_link(
        family["child"],
        LinkRequest(
            family["mum"],
            form,
            purpose,
            "email",
            score=ScoreRequest(family["episode"], wheel) if score else None,
        ),
        by=family["worker"].user,
        base_url="http://testserver",
    )


def public(client, sent) -> str:
    url = reverse("views_public", args=[sent.token])
    if sent.code:
        assert client.post(url, {"code": sent.code}).status_code == 302
    return url


def scores(wheel, value: int = 7, **overrides) -> dict[str, str]:
    return {f"score_{s.key}": str(overrides.get(s.key, value)) for s in wheel.scales.all()} | {
        "words_home": "Mornings are calmer now"
    }


# --- asking ---------------------------------------------------------------------------------


def test_the_worker_asks_the_family_to_score_the_wheel_at_a_review(client, family, wheel):
    client.force_login(family["worker"].user)
    url = reverse("ask_for_views", args=[family["child"].pk])
    page = client.get(url).content.decode()
    assert "Ask them to score the Journey family wheel" in page
    key = f"{family['episode'].pk}-{wheel.pk}"
    data = {
        "recipient": family["mum"].pk,
        "form": "parent",
        "purpose": "meeting",
        "channel": "email",
        "score": key,
    }
    refused = client.post(url, data).content.decode()
    assert "govuk-error-summary" in refused
    assert "Ask them to score the Journey family wheel at a review or at closure" in refused
    assert not ViewsLink.objects.exists()
    sent = client.post(url, {**data, "purpose": "review"}, follow=True)
    assert "asking them to score the Journey family wheel" in sent.content.decode()
    link = ViewsLink.objects.get()
    assert (link.outcome_version, link.outcome_episode) == (wheel, family["episode"])


def test_no_tool_is_offered_for_work_no_tool_is_used_for(client, council, sc_child, mum):
    client.force_login(council["social_worker"].user)
    page = client.get(reverse("ask_for_views", args=[sc_child.pk])).content.decode()
    assert "Ask them to score" not in page


def test_a_closing_score_needs_a_start_measure(council, family, wheel):
    Measurement.objects.filter(episode=family["episode"]).update(point="review")  # none at start
    with pytest.raises(Exception) as raised:
        send(family, wheel, purpose="closure")
    assert "Record the start measure first" in str(raised.value)
    assert not ViewsLink.objects.exists()


# --- answering --------------------------------------------------------------------------------


def test_the_family_scores_each_scale_in_their_own_words_and_the_measure_is_recorded(
    client, family, wheel
):
    sent = send(family, wheel)
    url = public(client, sent)
    page = client.get(url).content.decode()
    assert "How are things now?" in page
    assert page.count('class="journey-scale"') == 10
    assert "0: Home is chaotic or unsafe" in page and "10: Home is settled and safe" in page
    assert "Home and family life: in your own words (optional)" in page
    assert "Oscar" not in page and "Pennington" not in page, "nothing about the case"
    done = client.post(url, {**ANSWERS, **scores(wheel, 7, home=9)})
    assert done.status_code == 302

    made = Measurement.objects.get(episode=family["episode"], source="link")
    assert (made.point, made.scored_by, made.recorded_by) == ("review", "parent", None)
    assert made.measured_on == timezone.localdate()
    assert made.scores.get(key="home").value == 9
    assert made.scores.get(key="home").words == "Mornings are calmer now"
    outcome = family["episode"].outcome
    outcome.refresh_from_db()
    assert outcome.measures == 2 and outcome.direction == "improved"

    answer = ViewsAnswer.objects.get()
    rows = {row["question"]: row["answer"] for row in answer.answers}
    assert rows["Home and family life: score from 0 to 10"] == "9"
    assert rows["Home and family life: in your own words"] == "Mornings are calmer now"
    entry = ChronologyEntry.objects.get(child=family["child"], kind=EntryKind.VIEWS)
    assert "Home and family life: score from 0 to 10 9" in entry.summary
    assert entry.title == f"Views from parent ({family['mum'].full_name})"


def test_a_childs_form_records_the_childs_own_scores_and_at_closure_the_closing_measure(
    client, family, wheel
):
    sent = send(family, wheel, purpose="closure", form="older_child")
    url = public(client, sent)
    answers = {"going_well": "School", "worries": "Nothing", "would_like": "Keep going"}
    assert client.post(url, {**answers, **scores(wheel, 8)}).status_code == 302
    made = Measurement.objects.get(episode=family["episode"], source="link")
    assert (made.point, made.scored_by) == ("closure", "child")
    family["episode"].outcome.refresh_from_db()
    assert family["episode"].outcome.closing_measured


def test_bad_scores_are_refused_in_the_forms_voice_and_nothing_is_saved(client, family, wheel):
    sent = send(family, wheel)
    url = public(client, sent)
    bad = scores(wheel, 5, health=11)
    del bad["score_money"]
    response = client.post(url, {**ANSWERS, **bad})
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "Pick a number from 0 to 10 for Health" in page
    assert "Pick a number from 0 to 10 for Money and housing" in page
    assert 'href="#id_score_health_0"' in page, "the summary links to the scale's first radio"
    assert "govuk-form-group--error" in page
    assert not ViewsAnswer.objects.exists()
    assert not Measurement.objects.filter(source="link").exists()
    assert Score.objects.count() == 10, "only the start measure's"
    assert not ChronologyEntry.objects.filter(kind=EntryKind.VIEWS).exists()
    sent.link.refresh_from_db()
    assert sent.link.answered_at is None, "the link can still be used"
    assert client.post(url, {**ANSWERS, **scores(wheel)}).status_code == 302


def test_scores_no_longer_recordable_leave_the_form_without_scales(client, family, wheel):
    sent = send(family, wheel, purpose="closure")
    case_services.close_episode(
        family["episode"],
        ended_on=days_ago(20),
        reason=EarlyHelpClosureReason.OUTCOMES_MET,
        note="",
        closed_by=family["worker"].user,
    )
    url = public(client, sent)
    page = client.get(url).content.decode()
    assert "How are things now?" not in page
    assert client.post(url, ANSWERS).status_code == 302
    assert ViewsAnswer.objects.exists()
    assert not Measurement.objects.filter(source="link").exists()


def test_a_closing_link_answered_after_the_work_closed_records_the_closing_measure(
    client, family, wheel
):
    sent = send(family, wheel, purpose="closure")
    case_services.close_episode(
        family["episode"],
        ended_on=days_ago(3),
        reason=EarlyHelpClosureReason.OUTCOMES_MET,
        note="",
        closed_by=family["worker"].user,
    )
    url = public(client, sent)
    assert client.post(url, {**ANSWERS, **scores(wheel)}).status_code == 302
    made = Measurement.objects.get(source="link")
    assert made.point == "closure" and made.measured_on == timezone.localdate()


def test_a_review_link_without_a_start_measure_makes_the_start_measure(client, family, wheel):
    other = make_episode(
        make_child(family["worker"]),
        family["worker"],
        kind=EpisodeKind.EARLY_HELP_CAF,
        started_on=days_ago(30),
        allocate_to=family["worker"],
    )
    assert outcomes.family_point(other, closing=False) == "start"
    assert outcomes.family_point(family["episode"], closing=False) == "review"
