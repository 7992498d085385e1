"""Resetting a lost device (R13): only an assistant director, never their own, always with a
reason; the devices are kept but stop working, the reset is kept with its reason, the person is
signed out and sets up a new app at their next sign-in. Everyone else is refused and logged."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from journey.access.signin import may_reset_two_factor
from journey.core.models import AccessEvent
from journey.signin import services
from journey.signin.models import TwoFactorReset
from tests.signin.conftest import next_code, page_text, set_up_app, sign_in_with_password

pytestmark = pytest.mark.django_db

RESET_URL = reverse("two_factor_reset")
REASON = "Lost her phone on the bus on 3 March; I called her back on her desk phone to check"


@pytest.fixture
def lost(council):
    """A social worker who set up an app and then lost the phone."""
    worker = council["social_worker"]
    set_up_app(worker.user)
    return worker.user


def working_devices(user) -> int:
    return (
        TOTPDevice.objects.filter(user=user, confirmed=True).count()
        + StaticDevice.objects.filter(user=user, confirmed=True).count()
    )


def test_an_assistant_director_resets_a_lost_device_and_the_reset_is_kept(client, council, lost):
    director = council["assistant_director"].user
    client.force_login(director)
    response = client.post(RESET_URL, {"username": lost.username, "reason": REASON}, follow=True)
    html = page_text(response)
    assert f"Two-factor sign-in reset for {lost.get_full_name()}" in html
    reset = TwoFactorReset.objects.get()
    assert (reset.user, reset.reset_by, reset.reason) == (lost, director, REASON)
    assert working_devices(lost) == 0
    # Kept, never deleted: the app and the ten recovery codes are there, unconfirmed.
    assert TOTPDevice.objects.filter(user=lost).count() == 1
    assert StaticToken.objects.filter(device__user=lost).count() == 10
    assert "Past resets" in html and REASON in html


def test_after_a_reset_the_person_sets_up_a_new_app_at_sign_in(client, two_factor, council, lost):
    director = council["assistant_director"].user
    services.reset_two_factor(lost, by=director, reason=REASON)
    response = sign_in_with_password(client, lost, follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("two_factor_enrol"))
    assert "Set up two-factor sign-in" in page_text(response)


def test_someone_signed_in_when_reset_is_signed_out_and_told_why(client, two_factor, council, lost):
    sign_in_with_password(client, lost)
    client.post(reverse("two_factor_code"), {"code": next_code(TOTPDevice.objects.get(user=lost))})
    assert client.get(reverse("my_work")).status_code == 200

    services.reset_two_factor(lost, by=council["assistant_director"].user, reason=REASON)
    response = client.get(reverse("my_work"), follow=True)
    html = page_text(response)
    assert response.redirect_chain[0][0].startswith(reverse("login"))
    assert "an assistant director reset your two-factor sign-in" in html
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "Enter the reason for the reset"),
        ("Lost phone", "The reason must be at least 4 words"),
    ],
)
def test_a_reset_needs_a_reason_of_a_few_words(client, council, lost, reason, message):
    client.force_login(council["assistant_director"].user)
    response = client.post(RESET_URL, {"username": lost.username, "reason": reason})
    html = page_text(response)
    assert message in html and 'href="#id_reason"' in html
    assert not TwoFactorReset.objects.exists()
    assert working_devices(lost) == 2


def test_an_assistant_director_cannot_reset_their_own(client, council):
    director = council["assistant_director"].user
    set_up_app(director)
    client.force_login(director)
    response = client.post(RESET_URL, {"username": director.username, "reason": REASON})
    assert "You cannot reset your own two-factor sign-in" in page_text(response)
    assert not TwoFactorReset.objects.exists()
    assert working_devices(director) == 2


def test_an_unknown_username_or_nothing_to_reset_is_said(client, council):
    client.force_login(council["assistant_director"].user)
    response = client.post(RESET_URL, {"username": "no.such.person", "reason": REASON})
    assert "There is no one with the username no.such.person" in page_text(response)
    never_set_up = council["team_manager"].user
    response = client.post(RESET_URL, {"username": never_set_up.username, "reason": REASON})
    assert "has not set up two-factor sign-in, so there is nothing to reset" in page_text(response)
    assert not TwoFactorReset.objects.exists()


@pytest.mark.parametrize(
    "role",
    [
        "social_worker",
        "team_manager",
        "head_of_service",
        "qa_officer",
        "performance_officer",
        "external_lead",
        "reviewer",
        "administrator",
    ],
)
def test_nobody_else_may_reset_and_the_refusal_is_logged(client, council, lost, role):
    user = council[role].user
    client.force_login(user)
    for response in (
        client.get(RESET_URL),
        client.post(RESET_URL, {"username": lost.username, "reason": REASON}),
    ):
        assert response.status_code == 403
        assert "reset by assistant directors only" in page_text(response)
    refusals = AccessEvent.objects.filter(user=user, action=AccessEvent.Action.DENIED)
    assert refusals.count() == 2
    assert all("assistant directors only" in event.reason for event in refusals)
    assert not TwoFactorReset.objects.exists()
    assert working_devices(lost) == 2


def test_a_superuser_who_is_not_an_assistant_director_is_refused(client, council, lost):
    admin_user = council["administrator"].user
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    assert client.get(RESET_URL).status_code == 403


def test_a_former_assistant_director_may_not_reset(council):
    director = council["assistant_director"]
    assert may_reset_two_factor(director.user)
    director.is_active = False
    director.save()
    director.user.refresh_from_db()
    assert not may_reset_two_factor(director.user)


def test_the_two_factor_page_links_an_assistant_director_to_resets(client, council):
    client.force_login(council["assistant_director"].user)
    assert RESET_URL in page_text(client.get(reverse("two_factor")))
    client.force_login(council["social_worker"].user)
    assert RESET_URL not in page_text(client.get(reverse("two_factor")))
