"""Audits on the child's record: the summary, the chronology link, My work and the header."""

from __future__ import annotations

import pytest
from django.urls import reverse

from journey.chronology.models import ChronologyEntry, EntryKind
from journey.workforce.models import Role
from tests.cases.test_views import text_of
from tests.factories import UserFactory, WorkerFactory

pytestmark = pytest.mark.django_db


def audit_entry(child) -> ChronologyEntry:
    return ChronologyEntry.objects.get(child=child, kind=EntryKind.AUDIT, source_model="caseaudit")


def test_the_chronology_links_an_audit_to_its_own_page(council, audit, sc_child, signed_in):
    entry = audit_entry(sc_child)
    source = reverse(
        "chronology_source",
        args=[sc_child.pk, entry.source_app, entry.source_model, entry.source_pk],
    )
    worker = signed_in(council["social_worker"])
    response = worker.get(source)
    assert response.url == reverse("case_audit", args=[audit.pk])
    assert worker.get(response.url).status_code == 200


def test_a_colleague_who_sees_the_child_is_not_shown_the_audits_findings(
    council, audit, sc_child, signed_in
):
    colleague = WorkerFactory(
        role=Role.SOCIAL_WORKER, team=council.sc_team, user=UserFactory(username="colleague")
    )
    client = signed_in(colleague)
    entry = audit_entry(sc_child)
    response = client.get(
        reverse(
            "chronology_source",
            args=[sc_child.pk, entry.source_app, entry.source_model, entry.source_pk],
        )
    )
    assert client.get(response.url).status_code == 403
    summary = client.get(reverse("child", args=[sc_child.pk]))
    assert "Case file audits" in text_of(summary)
    assert reverse("case_audit", args=[audit.pk]) not in summary.content.decode()


def test_the_worker_is_told_on_my_work_and_the_header_links_their_tasks(council, audit, signed_in):
    client = signed_in(council["social_worker"])
    page = client.get(reverse("my_work")).content.decode()
    assert "audit task" in page and reverse("audit_tasks") in page


@pytest.mark.parametrize(
    ("role", "present", "absent"),
    [
        ("practitioner", ["Tasks", "Panels", "Step ups and downs"], ["Audits", "Measures"]),
        ("team_manager", ["Team", "Step ups and downs", "Panels"], ["Audits", "Measures"]),
        (
            "qa_officer",
            ["Audits", "Measures", "Observations"],
            ["Tasks", "Panels", "Team", "Returns"],
        ),
        ("performance_officer", ["Measures", "Returns"], ["Tasks", "Panels", "Audits"]),
        ("external_lead", [], ["Tasks", "Panels", "Audits", "Measures", "CAF tracker"]),
        ("reviewer", ["Your review"], ["New child", "CAF tracker", "Tasks", "Panels"]),
        ("head_of_service", ["Team", "Reviewers"], ["Your review"]),
    ],
)
def test_the_header_links_what_each_role_may_use(council, signed_in, role, present, absent):
    page = signed_in(council[role]).get(reverse("my_work")).content.decode()
    nav = page[page.index('id="navigation"') : page.index("</nav>", page.index('id="navigation"'))]
    for label in present:
        assert f">{label}</a>" in nav, label
    for label in absent:
        assert f">{label}</a>" not in nav, label
