"""Two-factor sign-in (R13): after the password, the code from the authenticator app (or a
recovery code, used up); setting up an app with its QR code and recovery codes; a reused, old or
wrong code refused and the user kept at the code page; every account, partners included."""

from __future__ import annotations

import re
from base64 import b32encode

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from journey.signin import sessions
from tests.signin.conftest import (
    WRONG_CODE,
    code_for,
    code_from_key,
    next_code,
    page_text,
    set_up_app,
    sign_in_with_password,
    signed_in,
)

pytestmark = pytest.mark.django_db

CODE_URL = reverse("two_factor_code")
ENROL_URL = reverse("two_factor_enrol")
RECOVERY_URL = reverse("two_factor_recovery")


def verified(client) -> bool:
    """Past the second step: My work opens instead of sending the user to the code page."""
    return client.get(reverse("my_work")).status_code == 200


@pytest.fixture
def worker(council):
    return council["social_worker"]


@pytest.fixture
def app(worker):
    device, _ = set_up_app(worker.user)
    return device


# --- The code page ----------------------------------------------------------------------------


def test_after_the_password_a_user_with_an_app_is_asked_for_its_code(client, two_factor, app):
    response = sign_in_with_password(client, app.user, follow=True)
    html = page_text(response)
    assert response.redirect_chain[-1][0].startswith(CODE_URL)
    assert "Enter the code from your authenticator app" in html
    assert 'autocomplete="one-time-code"' in html and 'inputmode="numeric"' in html
    assert signed_in(client) and not verified(client)

    response = client.post(CODE_URL, {"code": next_code(app), "next": "/"})
    assert response.status_code == 302 and response.url == "/"
    assert verified(client)
    assert client.session[sessions.TWO_FACTOR_PASSED] is True


def test_a_code_used_once_is_refused_the_second_time(client, django_user_model, two_factor, app):
    code = next_code(app)
    sign_in_with_password(client, app.user)
    client.post(CODE_URL, {"code": code})
    assert verified(client)
    last_t = TOTPDevice.objects.get(pk=app.pk).last_t

    client.logout()
    sign_in_with_password(client, app.user)
    response = client.post(CODE_URL, {"code": code})
    html = page_text(response)
    assert f"{WRONG_CODE}. Enter the 6-digit code your authenticator app shows now" in html
    assert 'class="govuk-error-summary"' in html and 'href="#id_code"' in html
    assert "<title>Enter the code from your authenticator app – error" in html
    assert not verified(client)
    assert TOTPDevice.objects.get(pk=app.pk).last_t == last_t


@pytest.mark.parametrize("seconds", [-120, 120], ids=["expired", "not-yet"])
def test_a_code_outside_its_window_is_refused(client, two_factor, app, seconds):
    sign_in_with_password(client, app.user)
    response = client.post(CODE_URL, {"code": code_for(app, seconds_from_now=seconds)})
    assert WRONG_CODE in page_text(response)
    assert not verified(client)


def test_after_a_wrong_code_the_next_try_must_wait(client, two_factor, app):
    sign_in_with_password(client, app.user)
    wrong = f"{(int(next_code(app)) + 1) % 1_000_000:06d}"
    client.post(CODE_URL, {"code": wrong})
    response = client.post(CODE_URL, {"code": next_code(app)})
    assert "You have entered too many wrong codes. Wait 1 second" in page_text(response)
    assert not verified(client)
    assert TOTPDevice.objects.get(pk=app.pk).throttling_failure_count == 1


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "Enter the 6-digit code your authenticator app shows now"),
        ("12345", "The code must be the 6 digits your authenticator app shows, like 123456"),
        ("abcdef", "The code must be the 6 digits your authenticator app shows, like 123456"),
    ],
)
def test_a_code_that_is_not_six_digits_says_what_to_enter(client, two_factor, app, code, message):
    sign_in_with_password(client, app.user)
    response = client.post(CODE_URL, {"code": code})
    assert message in page_text(response)
    assert TOTPDevice.objects.get(pk=app.pk).throttling_failure_count == 0


def test_the_code_may_be_typed_with_a_space(client, two_factor, app):
    sign_in_with_password(client, app.user)
    code = next_code(app)
    client.post(CODE_URL, {"code": f"{code[:3]} {code[3:]}"})
    assert verified(client)


def test_until_the_code_every_page_but_signing_in_and_out_waits(client, two_factor, app):
    sign_in_with_password(client, app.user)
    for url in [
        reverse("my_work"),
        reverse("search") + "?q=Ash",
        reverse("two_factor"),
        reverse("two_factor_reset"),
        reverse("session_status"),
        "/admin/",
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(CODE_URL), url
    asked = client.get(reverse("search") + "?q=Ash").url
    assert asked == f"{CODE_URL}?next=%2Fchildren%2Fsearch%2F%3Fq%3DAsh"
    assert client.get(CODE_URL).status_code == 200
    assert client.get(RECOVERY_URL).status_code == 200
    assert client.get("/static/css/journey-app.css").status_code == 200
    assert client.post(reverse("logout")).status_code == 302
    assert not signed_in(client)


def test_the_page_asked_for_opens_after_the_code(client, two_factor, app):
    search = reverse("search") + "?q=Ash"
    response = client.get(search)
    assert response.url.startswith(reverse("login"))
    response = client.post(
        reverse("login"),
        {"username": app.user.username, "password": "correct-horse-battery", "next": search},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == f"{CODE_URL}?next=%2Fchildren%2Fsearch%2F%3Fq%3DAsh"
    response = client.post(CODE_URL, {"code": next_code(app), "next": search})
    assert response.url == search


def test_a_next_address_on_another_site_is_not_followed(client, two_factor, app):
    sign_in_with_password(client, app.user)
    response = client.post(CODE_URL, {"code": next_code(app), "next": "https://evil.example/"})
    assert response.url == reverse("my_work")


def test_partners_sign_in_with_a_code_too(client, two_factor, council):
    partner = council["external_lead"]
    response = sign_in_with_password(client, partner.user, follow=True)
    assert response.redirect_chain[-1][0].startswith(ENROL_URL)
    assert client.get(reverse("my_work")).url.startswith(ENROL_URL)


# --- Recovery codes ---------------------------------------------------------------------------


def test_a_recovery_code_signs_in_once(client, two_factor, worker):
    _, codes = set_up_app(worker.user)
    sign_in_with_password(client, worker.user)
    response = client.post(RECOVERY_URL, {"code": codes[0].upper()}, follow=True)
    assert "You signed in with a recovery code, which is now used up: 9 recovery codes left" in (
        page_text(response)
    )
    assert verified(client)

    client.logout()
    sign_in_with_password(client, worker.user)
    response = client.post(RECOVERY_URL, {"code": codes[0]})
    assert "The recovery code is not right or has been used already" in page_text(response)
    assert not verified(client)
    assert StaticToken.objects.filter(device__user=worker.user).count() == 9


def test_a_recovery_code_that_is_not_one_says_so(client, two_factor, worker):
    set_up_app(worker.user)
    sign_in_with_password(client, worker.user)
    response = client.post(RECOVERY_URL, {"code": "123456"})
    assert "A recovery code is 8 letters and numbers, like k7mq 2rtd" in page_text(response)
    assert not verified(client)


# --- Setting up an app ------------------------------------------------------------------------


def test_a_user_with_no_app_sets_one_up_and_gets_recovery_codes(client, two_factor, worker):
    two_factor.OTP_TOTP_THROTTLE_FACTOR = 0  # no wait after the wrong code (tested above)
    response = sign_in_with_password(client, worker.user, follow=True)
    html = page_text(response)
    assert response.redirect_chain[-1][0].startswith(ENROL_URL)
    pending = TOTPDevice.objects.get(user=worker.user)
    assert not pending.confirmed
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html and 'role="img"' in html
    secret = re.search(r'id="secret">([A-Z2-7 ]+)<', html).group(1)
    assert secret.replace(" ", "") == b32encode(pending.bin_key).decode()
    assert re.fullmatch(r"([A-Z2-7]{4} )+[A-Z2-7]{1,4}", secret)
    assert "no-store" in response["Cache-Control"]  # the secret is not kept by the browser

    response = client.post(ENROL_URL, {"code": code_from_key(secret, seconds_from_now=-120)})
    assert WRONG_CODE in page_text(response)
    assert not TOTPDevice.objects.get(pk=pending.pk).confirmed

    response = client.post(ENROL_URL, {"code": code_from_key(secret)}, follow=True)
    html = page_text(response)
    assert "Save your recovery codes" in html
    assert "You will not be shown these codes again" in html
    assert "no-store" in response["Cache-Control"]
    tokens = StaticToken.objects.filter(device__user=worker.user, device__confirmed=True)
    assert tokens.count() == 10
    for token in tokens:
        assert f"{token.token[:4]} {token.token[4:]}" in html
    assert TOTPDevice.objects.get(pk=pending.pk).confirmed
    assert verified(client)

    response = client.post(reverse("two_factor_recovery_codes"))
    assert response.url == reverse("my_work")
    assert client.get(reverse("two_factor_recovery_codes")).status_code == 302  # never again


def test_the_app_being_set_up_keeps_its_key_until_confirmed(client, two_factor, worker):
    sign_in_with_password(client, worker.user)
    first = page_text(client.get(ENROL_URL))
    again = page_text(client.get(ENROL_URL))
    secret = re.compile(r'id="secret">([A-Z2-7 ]+)<')
    assert secret.search(first).group(1) == secret.search(again).group(1)
    assert TOTPDevice.objects.filter(user=worker.user).count() == 1


def test_someone_with_an_app_is_not_offered_another(client, two_factor, app):
    sign_in_with_password(client, app.user)
    assert client.get(ENROL_URL).url.startswith(CODE_URL)


# --- Their own two-factor page ----------------------------------------------------------------


def test_new_recovery_codes_replace_the_old_ones(client, two_factor, worker):
    device, old_codes = set_up_app(worker.user)
    sign_in_with_password(client, worker.user)
    client.post(RECOVERY_URL, {"code": old_codes[0]})  # signed in with an old code
    page = page_text(client.get(reverse("two_factor")))
    assert "9 of 10 left" in page

    response = client.post(reverse("two_factor_new_codes"), follow=True)
    assert "Save your recovery codes" in page_text(response)
    assert verified(client)  # still signed in, now by the new set
    assert not StaticDevice.objects.get(token_set__token=old_codes[1]).confirmed
    working = StaticToken.objects.filter(device__user=worker.user, device__confirmed=True)
    assert working.count() == 10


# --- The sign-in page -------------------------------------------------------------------------


def test_with_two_factor_off_the_sign_in_page_says_it_is_a_demonstration(client, council):
    html = page_text(client.get(reverse("login")))
    assert "This is a demonstration, so two-factor sign-in is off" in html
    assert "A council’s Journey asks everyone for a code from an authenticator app" in html
    response = sign_in_with_password(client, council["social_worker"].user)
    assert response.url == reverse("my_work") and verified(client)


def test_with_two_factor_on_the_sign_in_page_says_a_code_follows(client, two_factor):
    html = page_text(client.get(reverse("login")))
    assert "This is a demonstration" not in html
    assert "you will be asked for the code from the authenticator app" in html


def test_the_otp_admin_is_not_there_for_administrators(client, council):
    admin_user = council["administrator"].user
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 404
    assert client.get("/admin/otp_static/staticdevice/").status_code == 404
