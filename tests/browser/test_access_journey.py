"""Trust in a real Chromium: an assistant director finds the role change an administrator asked
for on their team page, tries to approve one to their own role and is told why not, then
approves the other; a school's lead professional reads their family's chronology and is refused
the threshold decision behind it. Screenshots at 1200 px and 400 px go to screenshots/."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from journey.cases.models import NextStep
from journey.chronology.models import ChronologyEntry, EntryKind
from journey.workforce.models import Role, RoleChange
from journey.workforce.services import Placement, request_role_change
from tests.browser.screenshots import both_widths
from tests.browser.test_contact_journey import sign_in
from tests.casework.conftest import hold_taf
from tests.factories import make_contact

pytestmark = pytest.mark.browser
REASON = "Joins the quality team while the vacancy is filled"


def test_an_assistant_director_approves_a_role_change_but_never_their_own(
    page: Page, live_server, transactional_db, council
):
    admin = council["administrator"].user
    own = request_role_change(
        council["assistant_director"],
        Placement(Role.HEAD_OF_SERVICE, service=council.sc_team.service),
        reason="Acting head of service over the summer",
        requested_by=admin,
    )
    other = request_role_change(
        council["complaints_officer"], Placement(Role.QA_OFFICER), reason=REASON, requested_by=admin
    )
    page.set_viewport_size({"width": 1200, "height": 900})
    sign_in(page, live_server, council["assistant_director"])
    page.get_by_role("link", name="1 role change waiting for your approval").click()
    expect(page.get_by_role("heading", name="Waiting for approval (2)")).to_be_visible()
    expect(page.get_by_text("Another assistant director decides this")).to_be_visible()
    both_widths(page, "access-01-role-changes")

    page.goto(f"{live_server.url}{reverse('role_change', args=[own.pk])}")
    expect(page.locator(".govuk-inset-text")).to_contain_text("another assistant director")
    page.get_by_label("Approve the change").check()
    page.get_by_role("button", name="Save the decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "You cannot decide a change to your own role"
    )
    both_widths(page, "access-02-own-change-refused")
    own.refresh_from_db()
    assert own.is_pending

    page.goto(f"{live_server.url}{reverse('role_changes')}")
    page.get_by_role("link", name=f"Decide {council['complaints_officer'].name}'s").click()
    page.get_by_label("Approve the change").check()
    page.get_by_role("button", name="Save the decision").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("approved")
    other.refresh_from_db()
    assert other.status == RoleChange.Status.APPROVED
    assert other.worker.role == Role.QA_OFFICER


def test_a_lead_professional_reads_their_familys_early_help_and_nothing_else(
    page: Page, live_server, transactional_db, council, eh_child
):
    from journey.cases import services as case_services
    from journey.workforce.models import Allocation

    episode = eh_child.episodes.get()
    case_services.allocate(
        episode,
        worker=council["external_lead"],
        kind=Allocation.Kind.LEAD_PROFESSIONAL,
        started_on=episode.started_on,
        allocated_by=council["practitioner"].user,
    )
    hold_taf(episode, council["practitioner"], actions=1)
    make_contact(eh_child, council["team_manager"], level=4, next_step=NextStep.STRATEGY)
    decision = ChronologyEntry.objects.get(kind=EntryKind.THRESHOLD_DECISION)
    page.set_viewport_size({"width": 1200, "height": 900})
    sign_in(page, live_server, council["external_lead"])
    page.goto(f"{live_server.url}{reverse('child_chronology', args=[eh_child.pk])}")
    timeline = page.locator(".moj-timeline")
    expect(timeline).to_contain_text("Team Around the Family meeting")
    expect(timeline).not_to_contain_text("Strategy discussion")
    both_widths(page, "access-03-partner-chronology")
    source = reverse(
        "chronology_source",
        args=[eh_child.pk, decision.source_app, decision.source_model, decision.source_pk],
    )
    page.goto(f"{live_server.url}{source}")
    expect(page.get_by_text("Partner agencies see only the early help they lead")).to_be_visible()
    both_widths(page, "access-04-partner-refused")
