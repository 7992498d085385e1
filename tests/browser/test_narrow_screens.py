"""Every main page fits a 400 px wide screen, for every role that may open it: the document is
never wider than the window, so nobody scrolls sideways to read a child's record on a phone.

Wide tables either stack their rows (`journey-stack-table`) or scroll inside their own pane
(`moj-scrollable-pane`), which keeps the page itself within the window."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page

from journey.cases.models import EpisodeKind
from journey.casework.models import CaseNote, Plan
from journey.casework.services import start_plan
from journey.casework.visits.services import Account, ChildPart, Seen, record_visit
from journey.people.network.services import ProfessionalDetails, add_to_network
from journey.quality import services as audits
from tests.browser.test_contact_journey import sign_in
from tests.casework.conftest import hold_taf
from tests.factories import make_contact
from tests.quality.conftest import FINDINGS, audit_input, round_input

pytestmark = pytest.mark.browser

WIDTH = 400
ROLES = [
    "practitioner",
    "social_worker",
    "team_manager",
    "head_of_service",
    "assistant_director",
    "qa_officer",
    "performance_officer",
    "external_lead",
]


def main_pages(sc_child, eh_child) -> list[tuple[str, str]]:
    sc, eh = sc_child.episodes.get(), eh_child.episodes.get()
    return [
        ("My work", reverse("my_work")),
        ("Waiting for you", reverse("manager_queue")),
        ("Team", reverse("team")),
        ("Find a child", reverse("search") + "?q=Ashworth"),
        ("Child's summary", reverse("child", args=[sc_child.pk])),
        ("Chronology", reverse("child_chronology", args=[sc_child.pk])),
        ("Family", reverse("child_family", args=[sc_child.pk])),
        ("Record a visit", reverse("record_visit", args=[sc_child.pk])),
        ("Record a contact", reverse("record_contact", args=[sc_child.pk])),
        ("Social care record", reverse("social_care_record", args=[sc.pk])),
        ("Early help summary", reverse("child", args=[eh_child.pk])),
        ("Hold a TAF", reverse("hold_taf_meeting", args=[eh.pk])),
        ("Plan and actions", reverse("early_help_plan", args=[eh.pk])),
        ("Step ups and downs", reverse("step_changes")),
        ("CAF tracker", reverse("caf_tracker")),
        ("Single-agency tracker", reverse("single_agency_tracker")),
        ("Measures", reverse("measures")),
        ("Observations", reverse("observation_programme")),
        ("Audit tasks", reverse("audit_tasks")),
        ("Audits", reverse("audit_rounds")),
        ("Audit baseline", reverse("audit_baseline")),
        ("Census", reverse("census")),
        ("Annex A", reverse("annex_a")),
    ]


@pytest.fixture
def world(transactional_db, council, sc_child, eh_child, audit_tool):
    """A child on a child protection plan with a visit and a contact; an early help child with
    a TAF and actions, led by the school's lead professional."""
    from journey.cases import services as case_services
    from journey.workforce.models import Allocation

    sw = council["social_worker"]
    start_plan(
        episode=sc_child.episodes.get(),
        kind=Plan.Kind.CP,
        started_on=timezone.localdate() - dt.timedelta(days=20),
        initial_category="NEG",
        recorded_by=council["team_manager"].user,
    )
    record_visit(
        Account(kind=CaseNote.Kind.VISIT, occurred_at=timezone.now(), observed="Seen at home."),
        [
            ChildPart(
                episode=sc_child.episodes.get(),
                seen=Seen.ALONE,
                child_words="I'm fine",
                views_method="talking",
            )
        ],
        by=sw.user,
    )
    make_contact(sc_child, sw, level=4, next_step="social_care")
    hold_taf(eh_child.episodes.get(), council["practitioner"], actions=4)
    qa = council["qa_officer"]
    audit_round = audits.create_round(
        round_input([council.sc_team], kinds=[EpisodeKind.SOCIAL_CARE]), by=qa
    )
    audits.draw_sample(audit_round, by=qa)
    sample = audits.allocate_auditor(audit_round.cases.get(), auditor=qa, by=qa)
    audits.complete_audit(
        audit_round, sample.episode, audit_input(2, findings=FINDINGS), auditor=qa
    )
    add_to_network(
        sc_child,
        ProfessionalDetails(
            name="Dr Shah",
            role="GP",
            agency=council["external_lead"].agency,
            email="a.very.long.address.for.the.surgery@castlegate-medical-practice.nhs.uk",
        ),
        by=sw.user,
    )
    case_services.allocate(
        eh_child.episodes.get(),
        worker=council["external_lead"],
        kind=Allocation.Kind.LEAD_PROFESSIONAL,
        started_on=timezone.localdate(),
        allocated_by=council["practitioner"].user,
    )
    return main_pages(sc_child, eh_child)


def test_every_main_page_fits_a_400px_screen_for_every_role(
    page: Page, live_server, council, world
):
    page.set_viewport_size({"width": WIDTH, "height": 800})
    too_wide, opened = [], 0
    for role in ROLES:
        page.context.clear_cookies()
        sign_in(page, live_server, council[role])
        for name, url in world:
            response = page.goto(f"{live_server.url}{url}")
            if response is None or response.status != 200:
                continue  # a page this role may not open
            opened += 1
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > WIDTH:
                too_wide.append(f"{role}: {name} is {width} px wide")
    assert not too_wide, "\n".join(too_wide)
    assert opened > 80, f"only {opened} pages opened: the roles lost access somewhere"
