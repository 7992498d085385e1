"""The child's partner services tab and its recording pages, and the council-wide measures:
who reads, who records, who is refused (403, logged), the figures on known data, and query
counts that do not grow."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from journey.cases import services as case_services
from journey.core.models import AccessEvent
from journey.partner_services import services
from journey.partner_services.models import Escalation, Referral
from journey.workforce.models import Allocation
from tests.cases.test_views import date_fields, error_summary, text_of
from tests.factories import make_child, make_episode
from tests.partner_services.conftest import TODAY, accept, days_ago, refer

pytestmark = pytest.mark.django_db


def referral_form(service, **changes) -> dict:
    return {
        "service": str(service.pk),
        **date_fields("referred_on", days_ago(3)),
        "reason": "Panic attacks stop her going into school.",
        **changes,
    }


def test_a_worker_refers_and_the_tab_shows_status_wait_and_escalations(
    council, sc_child, camhs, signed_in
):
    client = signed_in(council["social_worker"])
    page = text_of(client.get(reverse("child", args=[sc_child.pk])))
    assert "Partner services" in page
    response = client.post(reverse("refer_to_partner", args=[sc_child.pk]), referral_form(camhs))
    assert response.url == reverse("partner_services", args=[sc_child.pk])
    referral = Referral.objects.get()
    assert referral.referred_by == council["social_worker"].user
    page = text_of(client.get(response.url))
    assert "CAMHS referred" in page and "Waiting for a response" in page
    assert "3 days so far, still waiting" in page
    client.post(
        reverse("partner_escalate", args=[sc_child.pk, referral.pk]),
        {
            **date_fields("escalated_on", TODAY()),
            "to_whom": "Dr Shah, CAMHS service manager",
            "level": "manager",
            "asked": "A date for the first appointment",
        },
    )
    page = text_of(client.get(response.url))
    assert "Escalation open" in page
    assert "Dr Shah, CAMHS service manager (manager)" in page and "No response yet." in page


def test_bad_input_is_named_on_the_page_and_nothing_is_saved(council, sc_child, camhs, signed_in):
    client = signed_in(council["social_worker"])
    future = date_fields("referred_on", TODAY() + dt.timedelta(days=2))
    response = client.post(
        reverse("refer_to_partner", args=[sc_child.pk]), referral_form(camhs, **future)
    )
    assert error_summary(response)["The date referred must be today or in the past"] == (
        "#id_referred_on_0"
    )
    assert not Referral.objects.exists()
    referral = refer(sc_child, camhs, council["social_worker"], on=days_ago(20))
    accept(referral, council["social_worker"], on=days_ago(15))
    response = client.post(
        reverse("partner_first_appointment", args=[sc_child.pk, referral.pk]),
        date_fields("first_appointment_on", days_ago(21)),
    )
    message = (
        f"The date of the first appointment must be on or after the date referred, "
        f"{days_ago(20):%-d %B %Y}"
    )
    assert error_summary(response)[message] == "#id_first_appointment_on_0"
    referral.refresh_from_db()
    assert referral.first_appointment_on is None


def test_each_recording_page_records_through_its_service(council, sc_child, camhs, signed_in):
    worker = council["social_worker"]
    client = signed_in(worker)
    referral = refer(sc_child, camhs, worker, on=days_ago(60))
    args = [sc_child.pk, referral.pk]
    posts = [
        (
            "partner_response",
            {"response": "accepted", **date_fields("responded_on", days_ago(50))},
        ),
        ("partner_first_appointment", date_fields("first_appointment_on", days_ago(20))),
        (
            "partner_escalate",
            {
                **date_fields("escalated_on", days_ago(40)),
                "to_whom": "CAMHS duty",
                "level": "practitioner",
                "asked": "When?",
            },
        ),
        ("partner_outcome", {"outcome": "Discharged", **date_fields("outcome_on", TODAY())}),
    ]
    for name, data in posts:
        response = client.post(reverse(name, args=args), data)
        assert response.status_code == 302, (name, text_of(response))
    step = Escalation.objects.get()
    response = client.post(
        reverse("partner_escalation_response", args=[sc_child.pk, step.pk]),
        {"response": "Seen soon", **date_fields("responded_on", days_ago(30)), "resolved": "on"},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    step.refresh_from_db()
    assert referral.status == "Outcome recorded" and referral.waiting_days(TODAY()) == 40
    assert step.resolved_on == days_ago(30)
    other = refer(sc_child, camhs, worker, on=days_ago(5))
    client.post(
        reverse("partner_withdraw", args=[sc_child.pk, other.pk]),
        {**date_fields("withdrawn_on", TODAY()), "withdrawn_reason": "Family moved"},
    )
    other.refresh_from_db()
    assert other.is_withdrawn


@pytest.mark.parametrize("role", ["team_manager", "head_of_service", "qa_officer"])
def test_council_staff_who_see_the_child_read_the_referrals(
    council, sc_child, camhs, signed_in, role
):
    refer(sc_child, camhs, council["social_worker"])
    response = signed_in(council[role]).get(reverse("partner_services", args=[sc_child.pk]))
    assert response.status_code == 200 and "CAMHS" in text_of(response)
    assert AccessEvent.objects.filter(
        user=council[role].user, child=sc_child, action="view"
    ).exists()


@pytest.mark.parametrize("role", ["qa_officer", "performance_officer", "reviewer", "practitioner"])
def test_read_only_roles_and_those_who_cannot_see_the_child_cannot_refer(
    council, sc_child, camhs, signed_in, role
):
    client = signed_in(council[role])
    response = client.post(reverse("refer_to_partner", args=[sc_child.pk]), referral_form(camhs))
    assert response.status_code == 403
    assert not Referral.objects.exists()
    assert AccessEvent.objects.filter(
        user=council[role].user, child=sc_child, action=AccessEvent.Action.DENIED
    ).exists()


def test_a_worker_who_cannot_see_the_child_gets_a_logged_refusal(
    council, sc_child, camhs, signed_in
):
    referral = refer(sc_child, camhs, council["social_worker"])
    client = signed_in(council["practitioner"])
    for url in (
        reverse("partner_services", args=[sc_child.pk]),
        reverse("partner_outcome", args=[sc_child.pk, referral.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 403 and "CAMHS" not in text_of(response)
    assert (
        AccessEvent.objects.filter(
            user=council["practitioner"].user, child=sc_child, action="denied"
        ).count()
        == 2
    )


def test_a_partner_lead_professional_never_sees_the_referrals(council, eh_child, camhs, signed_in):
    lead = council["external_lead"]
    case_services.allocate(
        eh_child.episodes.get(),
        worker=lead,
        kind=Allocation.Kind.LEAD_PROFESSIONAL,
        started_on=TODAY(),
        allocated_by=council["practitioner"].user,
    )
    refer(eh_child, camhs, council["practitioner"])
    client = signed_in(lead)
    page = text_of(client.get(reverse("child", args=[eh_child.pk])))
    assert "Partner services" not in page
    assert client.get(reverse("partner_services", args=[eh_child.pk])).status_code == 403
    response = client.post(reverse("refer_to_partner", args=[eh_child.pk]), referral_form(camhs))
    assert response.status_code == 403
    assert Referral.objects.count() == 1


def test_no_one_records_without_open_work(council, camhs, signed_in):
    child = make_child(council["team_manager"], first_name="Cleo")
    response = signed_in(council["team_manager"]).get(reverse("refer_to_partner", args=[child.pk]))
    assert response.status_code == 403
    assert "recorded by the council workers on the child's open work" in text_of(response)


def test_a_referral_of_another_child_is_not_found_through_this_child(
    council, sc_child, camhs, signed_in
):
    other = make_child(council["team_manager"], first_name="Ivy")
    make_episode(other, council["team_manager"], allocate_to=council["social_worker"])
    referral = refer(other, camhs, council["social_worker"])
    client = signed_in(council["social_worker"])
    url = reverse("partner_response", args=[sc_child.pk, referral.pk])
    assert client.get(url).status_code == 404


def test_the_tab_takes_the_same_queries_however_many_referrals(
    council, sc_child, camhs, send, signed_in
):
    worker = council["social_worker"]
    client = signed_in(worker)
    url = reverse("partner_services", args=[sc_child.pk])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    referral = refer(sc_child, camhs, worker)
    few = queries()
    services.escalate(
        referral,
        services.EscalationInput(days_ago(5), "CAMHS duty", "practitioner", "When?"),
        by=worker.user,
    )
    services.withdraw(referral, withdrawn_on=TODAY(), reason="Moved", by=worker.user)
    for service in (camhs, send):
        step_on = refer(sc_child, service, worker, on=days_ago(50))
        services.escalate(
            step_on,
            services.EscalationInput(days_ago(5), "Manager", "manager", "When?"),
            by=worker.user,
        )
    assert queries() == few


# --- The measures ------------------------------------------------------------------------------


@pytest.fixture
def known(council, camhs, send):
    """CAMHS: two children seen after 60 and 120 days, one accepted and waiting 90 days with an
    open escalation, one waiting 50 days for a response, one declined; SEND: one withdrawn."""
    worker = council["social_worker"]
    children = [
        make_child(
            council["team_manager"], first_name=f"Child{n}", date_of_birth=dt.date(2012, 1, n + 1)
        )
        for n in range(6)
    ]
    seen = [(100, 40), (200, 80)]
    for child, (referred, first) in zip(children, seen, strict=False):
        referral = accept(refer(child, camhs, worker, on=days_ago(referred)), worker)
        services.record_first_appointment(referral, seen_on=days_ago(first), by=worker.user)
    waiting = accept(refer(children[2], camhs, worker, on=days_ago(90)), worker)
    services.escalate(
        waiting,
        services.EscalationInput(days_ago(10), "Dr Shah", "head_of_service", "A date, please"),
        by=worker.user,
    )
    refer(children[3], camhs, worker, on=days_ago(50))
    services.record_response(
        refer(children[4], camhs, worker, on=days_ago(30)),
        response="declined",
        responded_on=days_ago(20),
        note="Below threshold",
        by=worker.user,
    )
    services.withdraw(
        refer(children[5], send, worker, on=days_ago(10)),
        withdrawn_on=days_ago(2),
        reason="Moved away",
        by=worker.user,
    )


def row(response, service: str) -> dict[str, str]:
    page = response.content.decode()
    match = re.search(
        rf'<tr class="govuk-table__row" data-service="{re.escape(service)}">(.*?)</tr>', page, re.S
    )
    assert match, service
    cells = re.findall(r'data-label="([^"]+)"[^>]*>(.*?)</td>', match.group(1), re.S)
    return {label: re.sub(r"<[^>]+>", "", value).strip() for label, value in cells}


def test_the_measures_show_waiting_times_and_open_escalations_per_service(
    council, known, signed_in
):
    response = signed_in(council["head_of_service"]).get(reverse("partner_measures"))
    assert response.status_code == 200
    assert row(response, "CAMHS") == {
        "Referred": "5",
        "Declined": "1",
        "First seen": "2",
        "Median wait (days)": "90",
        "Longest wait (days)": "120",
        "Waiting now": "2",
        "Longest waiting now (days)": "90",
        "Escalations open": "1",
    }
    assert row(response, "SEND: EHC needs assessment") == {
        "Referred": "1",
        "Declined": "0",
        "First seen": "0",
        "Median wait (days)": "–",
        "Longest wait (days)": "–",
        "Waiting now": "0",
        "Longest waiting now (days)": "–",
        "Escalations open": "0",
    }
    assert "Child0" not in text_of(response)  # no child is named


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("head_of_service", 200),
        ("assistant_director", 200),
        ("qa_officer", 200),
        ("performance_officer", 200),
        ("team_manager", 403),
        ("social_worker", 403),
        ("external_lead", 403),
        ("reviewer", 403),
    ],
)
def test_the_measures_are_for_heads_directors_qa_and_performance(council, signed_in, role, status):
    response = signed_in(council[role]).get(reverse("partner_measures"))
    assert response.status_code == status
    if status == 403:
        assert AccessEvent.objects.filter(user=council[role].user, action="denied").exists()


def test_the_measures_take_the_same_queries_however_many_referrals(council, camhs, send, signed_in):
    client = signed_in(council["assistant_director"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("partner_measures")).status_code == 200
        return len(captured)

    few = queries()
    worker = council["social_worker"]
    for n in range(4):
        child = make_child(council["team_manager"], first_name=f"Kid{n}")
        referral = accept(refer(child, camhs if n % 2 else send, worker, on=days_ago(60)), worker)
        services.record_first_appointment(referral, seen_on=days_ago(10 + n), by=worker.user)
        services.escalate(
            refer(child, send if n % 2 else camhs, worker, on=days_ago(30)),
            services.EscalationInput(days_ago(5), "Manager", "manager", "When?"),
            by=worker.user,
        )
    assert queries() == few
