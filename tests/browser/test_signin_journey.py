"""Signing in, in a real Chromium: a worker sets up an authenticator app from the QR code page
(reading the key as the app would), saves the recovery codes, signs in again and has a reused
code refused; the idle time-out warning opens, keeps focus, and "Stay signed in", Escape and
"Sign out" do what they say; when the countdown ends the server has signed the user out.

Screenshots at 1200 and 400 px go to screenshots/ (see tests/browser/screenshots.py).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.screenshots import snap
from tests.browser.test_contact_journey import sign_in
from tests.conftest import PASSWORD
from tests.signin.conftest import code_from_key

pytestmark = pytest.mark.browser

DIALOG = "You’re about to be signed out"


def give_password(page: Page, live_server, worker) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(worker.user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def focus_is_in_the_dialog(page: Page) -> bool:
    return page.evaluate(
        "document.getElementById('session-timeout').contains(document.activeElement)"
    )


@pytest.mark.parametrize("width", [1200, 400])
def test_a_worker_sets_up_an_app_then_a_reused_code_is_refused(
    page: Page, live_server, transactional_db, council, settings, width
):
    settings.JOURNEY_TWO_FACTOR_REQUIRED = True
    page.set_viewport_size({"width": width, "height": 900})
    worker = council["social_worker"]

    give_password(page, live_server, worker)
    expect(page.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    page.get_by_text("I cannot scan the QR code").click()
    secret = page.locator("#secret").inner_text()
    snap(page, f"signin-enrol-{width}.png")
    first_code = code_from_key(secret)
    page.get_by_label("6-digit code").fill(first_code)
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Save your recovery codes")).to_be_visible()
    expect(page.locator(".journey-recovery-codes li")).to_have_count(10)
    page.get_by_role("button", name="I have saved my recovery codes").click()
    expect(page.get_by_role("heading", name="My work")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    give_password(page, live_server, worker)
    code_box = page.get_by_label("Enter the code from your authenticator app")
    expect(code_box).to_have_attribute("autocomplete", "one-time-code")
    code_box.fill(first_code)  # the code already used to set the app up
    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text(
        "The code is not right or has been used already. Enter the 6-digit code your "
        "authenticator app shows now"
    )
    expect(page.locator("#id_code-error")).to_be_visible()
    snap(page, f"signin-code-error-{width}.png")

    page.wait_for_timeout(1100)  # django-otp makes the user wait a second after a wrong code
    page.get_by_label("Enter the code from your authenticator app").fill(
        code_from_key(secret, seconds_from_now=30)
    )
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="My work")).to_be_visible()


@pytest.mark.parametrize("width", [1200, 400])
def test_the_idle_warning_keeps_focus_and_stay_signed_in_keeps_the_session(
    page: Page, live_server, transactional_db, council, settings, width
):
    # 126 seconds idle: the warning opens 6 seconds after the page, 2 minutes before the end.
    settings.JOURNEY_SESSION_IDLE_MINUTES = 2.1
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, live_server, council["social_worker"])

    dialog = page.get_by_role("dialog", name=DIALOG)
    expect(dialog).to_be_visible(timeout=15_000)
    expect(dialog).to_contain_text("For your security, we will sign you out in 2 minutes.")
    expect(page.locator("#session-timeout-live")).to_have_text(
        "For your security, we will sign you out in 2 minutes."
    )
    assert focus_is_in_the_dialog(page)
    snap(
        page, f"signin-timeout-dialog-{width}.png", full_page=False
    )  # the backdrop covers the window
    for key in ["Tab", "Tab", "Tab", "Shift+Tab", "Shift+Tab", "Shift+Tab"]:
        page.keyboard.press(key)
        assert focus_is_in_the_dialog(page), key

    with page.expect_response("**/accounts/session/keep-alive/") as kept:
        page.get_by_role("button", name="Stay signed in").click()
    assert kept.value.json()["idle_seconds_left"] > 120  # the idle clock started again
    expect(dialog).to_be_hidden()
    page.get_by_placeholder("Find a child").fill("Ash")
    page.get_by_placeholder("Find a child").press("Enter")
    expect(page.get_by_role("heading", name="No children found")).to_be_visible()


def test_escape_means_stay_signed_in(page: Page, live_server, transactional_db, council, settings):
    settings.JOURNEY_SESSION_IDLE_MINUTES = 2.05  # the warning opens after 3 seconds
    sign_in(page, live_server, council["social_worker"])
    dialog = page.get_by_role("dialog", name=DIALOG)
    expect(dialog).to_be_visible(timeout=15_000)
    with page.expect_response("**/accounts/session/keep-alive/") as kept:
        page.keyboard.press("Escape")
    assert kept.value.json()["idle_seconds_left"] > 120
    expect(dialog).to_be_hidden()


def test_when_the_countdown_ends_the_user_is_signed_out_and_told_why(
    page: Page, live_server, transactional_db, council, settings
):
    settings.JOURNEY_SESSION_IDLE_MINUTES = 0.1  # 6 seconds: the warning opens at once
    sign_in(page, live_server, council["social_worker"])
    expect(page.get_by_role("dialog", name=DIALOG)).to_be_visible()
    expect(page.get_by_role("heading", name="Sign in to Journey")).to_be_visible(timeout=15_000)
    banner = page.get_by_role("region", name="Important")
    expect(banner).to_contain_text("You have been signed out")
    expect(banner).to_contain_text("Everything you saved is kept.")


def test_sign_out_in_the_warning_signs_out(
    page: Page, live_server, transactional_db, council, settings
):
    settings.JOURNEY_SESSION_IDLE_MINUTES = 0.5  # the warning opens at once, 30 seconds left
    sign_in(page, live_server, council["social_worker"])
    dialog = page.get_by_role("dialog", name=DIALOG)
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in to Journey")).to_be_visible()
    expect(page.get_by_role("region", name="Important")).to_have_count(0)


def test_without_javascript_there_is_no_warning_and_pages_work(
    browser, live_server, transactional_db, council, settings
):
    settings.JOURNEY_SESSION_IDLE_MINUTES = 0.5
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server, council["social_worker"])
    page.wait_for_timeout(1000)
    expect(page.get_by_role("dialog")).to_have_count(0)
    page.get_by_role("link", name="Find a child").click()
    expect(page.get_by_role("heading", name="Find a child")).to_be_visible()
    context.close()
