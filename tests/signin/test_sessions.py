"""Session limits (R13): signed out after JOURNEY_SESSION_IDLE_MINUTES without a request and
JOURNEY_SESSION_MAX_HOURS after signing in, on the server whatever the page does, and told why
on the sign-in page; the warning dialog's status call is not activity, "Stay signed in" is."""

from __future__ import annotations

import json
import re
import time

import pytest
from django.test import Client
from django.urls import reverse

from journey.signin import sessions
from tests.signin.conftest import page_text, sign_in_with_password, signed_in

pytestmark = pytest.mark.django_db

MINUTE = 60
HOUR = 60 * MINUTE
SEARCH = reverse("search") + "?q=Ash"


@pytest.fixture
def user(council):
    return council["social_worker"].user


def shift(client, **seconds_ago: int) -> None:
    """Move the session's clock back, as if that long had passed."""
    session = client.session
    for key, ago in seconds_ago.items():
        session[key] -= ago
    session.save()


# --- The clock itself --------------------------------------------------------------------------


def test_the_clock_runs_out_when_idle_or_past_the_limit():
    session: dict = {}
    start = 1_000_000.0
    sessions.begin(session, start)
    assert sessions.ended_because(session, start + 29 * MINUTE) is None
    assert sessions.ended_because(session, start + 30 * MINUTE) == sessions.IDLE
    for hour in range(1, 10):  # busy all day: a request every 20 minutes
        for third in range(3):
            now = start + hour * HOUR + third * 20 * MINUTE - HOUR
            assert sessions.ended_because(session, now) is None
            sessions.touch(session, now)
    assert sessions.ended_because(session, start + 10 * HOUR) == sessions.LIMIT


def test_activity_is_written_at_most_once_a_minute():
    session: dict = {}
    sessions.begin(session, 1000.0)
    sessions.touch(session, 1030.0)
    assert session[sessions.LAST_SEEN_AT] == 1000
    sessions.touch(session, 1060.0)
    assert session[sessions.LAST_SEEN_AT] == 1060
    sessions.touch(session, 1061.0, force=True)
    assert session[sessions.LAST_SEEN_AT] == 1061
    assert sessions.idle_seconds_left(session, 1061.0 + 10 * MINUTE) == 20 * MINUTE


# --- Signed out by the server ------------------------------------------------------------------


def test_signing_in_starts_the_clock(client, user):
    before = int(time.time())
    sign_in_with_password(client, user)
    assert before <= client.session[sessions.SIGNED_IN_AT] <= time.time()
    assert client.session[sessions.LAST_SEEN_AT] == client.session[sessions.SIGNED_IN_AT]


def test_an_idle_session_is_signed_out_and_told_why(client, user):
    sign_in_with_password(client, user)
    assert client.get(reverse("my_work")).status_code == 200
    shift(client, journey_last_seen_at=31 * MINUTE, journey_signed_in_at=31 * MINUTE)
    response = client.get(SEARCH)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next=%2Fchildren%2Fsearch%2F%3Fq%3DAsh"
    assert not signed_in(client)
    html = page_text(client.get(response.url))
    assert "You have been signed out" in html
    assert "You were signed out because you had not used Journey for 30 minutes." in html
    assert "Everything you saved is kept." in html
    assert "You were signed out" not in page_text(client.get(reverse("login")))  # said once


def test_a_session_active_but_past_its_limit_is_signed_out(client, user):
    client.force_login(user)
    shift(client, journey_signed_in_at=10 * HOUR)
    response = client.get(reverse("my_work"), follow=True)
    assert not signed_in(client)
    assert "you had been signed in for 10 hours" in page_text(response)


def test_a_form_sent_after_the_time_out_is_not_saved(client, council, user):
    client.force_login(user)
    shift(client, journey_last_seen_at=45 * MINUTE)
    response = client.post(reverse("new_child"), {"first_name": "Ada"})
    assert response.status_code == 302 and response.url == reverse("login")
    assert not signed_in(client)


def test_the_limits_are_settings(client, user, settings):
    settings.JOURNEY_SESSION_IDLE_MINUTES = 5
    client.force_login(user)
    shift(client, journey_last_seen_at=6 * MINUTE)
    client.get(reverse("my_work"))
    assert not signed_in(client)


# --- The warning dialog's calls -----------------------------------------------------------------


def test_asking_how_long_is_left_is_not_activity(client, user):
    client.force_login(user)
    shift(client, journey_last_seen_at=10 * MINUTE)
    seen = client.session[sessions.LAST_SEEN_AT]
    status = client.get(reverse("session_status")).json()
    assert status["signed_in"] is True
    assert 20 * MINUTE - 2 <= status["idle_seconds_left"] <= 20 * MINUTE
    assert client.session[sessions.LAST_SEEN_AT] == seen


def test_stay_signed_in_starts_the_idle_clock_again(client, user):
    client.force_login(user)
    shift(client, journey_last_seen_at=29 * MINUTE)
    status = client.post(reverse("session_keep_alive")).json()
    assert status["idle_seconds_left"] >= 30 * MINUTE - 2
    assert client.get(reverse("my_work")).status_code == 200


def test_stay_signed_in_needs_the_forms_csrf_token(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post(reverse("session_keep_alive")).status_code == 403
    page = page_text(client.get(reverse("my_work")))
    token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    response = client.post(reverse("session_keep_alive"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 200 and response.json()["signed_in"] is True


def test_a_run_out_session_answers_the_dialog_in_json_and_is_signed_out(client, user):
    client.force_login(user)
    shift(client, journey_last_seen_at=30 * MINUTE)
    response = client.get(reverse("session_status"))
    assert response.status_code == 401 and json.loads(response.content) == {"signed_in": False}
    assert not signed_in(client)
    assert "had not used Journey for 30 minutes" in page_text(client.get(reverse("login")))


def test_signed_in_pages_carry_the_warning_dialog_and_its_script(client, user):
    client.force_login(user)
    html = page_text(client.get(reverse("my_work")))
    assert 'id="session-timeout" role="dialog" aria-modal="true"' in html
    assert 'data-warning-seconds="120"' in html
    assert 30 * MINUTE - 5 <= int(re.search(r'data-seconds-left="(\d+)"', html).group(1)) <= 1800
    assert 'aria-live="polite"' in html
    assert '<script type="module" src="/static/js/session-timeout.js"></script>' in html
    assert "Stay signed in" in html


def test_the_sign_in_page_and_the_code_page_have_no_dialog(client, user, two_factor):
    assert 'id="session-timeout"' not in page_text(client.get(reverse("login")))
    sign_in_with_password(client, user)
    response = client.get(reverse("two_factor_enrol"))
    assert response.status_code == 200
    assert 'id="session-timeout"' not in page_text(response)
