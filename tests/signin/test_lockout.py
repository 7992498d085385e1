"""Lock-out (R13), by username OR by address: one username tried from many addresses is locked;
one address trying many usernames is locked; the council's office networks are locked by
username only; behind the proxy the client's own address counts; signing in to one's own account
does not clear the failures recorded against others."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from journey.signin.lockout import client_address
from tests.conftest import PASSWORD
from tests.signin.conftest import page_text

pytestmark = pytest.mark.django_db

LOCKED = "Your account is locked"
ATTACKER = "203.0.113.7"


def try_password(client, username, password="wrong", address="198.51.100.1", **headers):
    credentials = {"username": username, "password": password}
    return client.post(reverse("login"), credentials, REMOTE_ADDR=address, **headers)


def test_one_username_tried_from_many_addresses_is_locked(client, council):
    username = council["social_worker"].user.username
    for n in range(settings.AXES_FAILURE_LIMIT):
        try_password(client, username, address=f"198.51.100.{n + 10}")
    response = try_password(client, username, PASSWORD, address="192.0.2.99")
    assert LOCKED in page_text(response)
    assert "_auth_user_id" not in client.session


def test_one_address_trying_many_usernames_is_locked(client, council):
    for n in range(settings.JOURNEY_LOCKOUT_ADDRESS_LIMIT):
        response = try_password(client, f"guess{n}", address=ATTACKER)
    assert LOCKED in page_text(response)
    # Even a real user's right password is refused from that address...
    real = council["social_worker"].user.username
    assert LOCKED in page_text(try_password(client, real, PASSWORD, address=ATTACKER))
    assert "_auth_user_id" not in client.session
    # ...but not from anywhere else, and no username was locked.
    response = try_password(client, real, PASSWORD, address="192.0.2.50")
    assert response.status_code == 302 and response.url == reverse("my_work")


def test_below_the_address_limit_the_address_may_still_sign_in(client, council):
    for n in range(settings.JOURNEY_LOCKOUT_ADDRESS_LIMIT - 1):
        try_password(client, f"guess{n}", address=ATTACKER)
    response = try_password(client, council["social_worker"].user.username, PASSWORD, ATTACKER)
    assert response.status_code == 302


def test_an_office_network_is_locked_by_username_only(client, council, settings):
    settings.JOURNEY_OFFICE_NETWORKS = ["10.20.0.0/16"]
    for n in range(settings.JOURNEY_LOCKOUT_ADDRESS_LIMIT + 5):
        try_password(client, f"typo{n}", address="10.20.3.4")
    response = try_password(client, council["social_worker"].user.username, PASSWORD, "10.20.3.4")
    assert response.status_code == 302 and response.url == reverse("my_work")


def test_behind_the_proxy_the_clients_own_address_is_locked(client, council, settings):
    settings.JOURNEY_PROXY_COUNT = 1
    proxy = "10.0.0.1"
    for n in range(settings.JOURNEY_LOCKOUT_ADDRESS_LIMIT):
        # The leftmost entry is whatever the client sent; the proxy appended the real address.
        try_password(
            client, f"guess{n}", address=proxy, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, {ATTACKER}"
        )
    real = council["social_worker"].user.username
    locked = try_password(client, real, PASSWORD, proxy, HTTP_X_FORWARDED_FOR=ATTACKER)
    assert LOCKED in page_text(locked)
    other = try_password(client, real, PASSWORD, proxy, HTTP_X_FORWARDED_FOR="192.0.2.200")
    assert other.status_code == 302


def test_signing_in_to_ones_own_account_does_not_clear_the_addresss_failures(client, council):
    for n in range(settings.JOURNEY_LOCKOUT_ADDRESS_LIMIT - 1):
        try_password(client, f"guess{n}", address=ATTACKER)
    own = council["practitioner"].user.username
    assert try_password(client, own, PASSWORD, address=ATTACKER).status_code == 302
    client.logout()
    assert LOCKED in page_text(try_password(client, "guess-last", address=ATTACKER))


def test_a_successful_sign_in_clears_that_usernames_own_failures(client, council):
    username = council["social_worker"].user.username
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        try_password(client, username)
    assert try_password(client, username, PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        try_password(client, username)
    assert try_password(client, username, PASSWORD).status_code == 302


def test_the_client_address_is_read_from_the_right_of_the_forwarded_list(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1, 192.0.2.5")
    settings.JOURNEY_PROXY_COUNT = 0
    assert client_address(request) == "10.0.0.1"
    settings.JOURNEY_PROXY_COUNT = 1
    assert client_address(request) == "192.0.2.5"
    settings.JOURNEY_PROXY_COUNT = 2
    assert client_address(request) == "1.1.1.1"
    assert client_address(rf.get("/", REMOTE_ADDR="10.0.0.1")) == "10.0.0.1"
