"""Recording, changing and withdrawing findings: the evidence they rest on, bad input (nothing
saved), who may, and the findings tab."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from journey.peer_review.findings import services
from journey.peer_review.models import Finding, FindingKind, Theme
from tests.peer_review.factories import add_line
from tests.peer_review.findings.conftest import (
    CHILD_SURNAME,
    add_document,
    build_visit,
    finding_input,
    issue,
    record,
    sample,
)

pytestmark = pytest.mark.django_db


def _url(name, visit, **kwargs):
    return reverse(name, kwargs={"review_id": visit.review.pk, **kwargs})


def _post(visit, **changes):
    data = {
        "line": visit.line.pk,
        "kind": FindingKind.DEVELOPMENT,
        "theme": "",
        "summary": "Step-up decisions are not always recorded",
        "detail": "",
        "evidence": "Two sampled cases had no recorded reason.",
        "recommendation": "Record the reason for every step-up",
        "cases": [visit.cases[0].pk],
        "sessions": [visit.session.pk],
        "documents": [visit.document.pk],
    }
    data.update(changes)
    return data


def test_a_member_records_a_finding_with_its_evidence(visit, signed_in):
    client = signed_in(visit.peer.worker)
    page = client.get(_url("peer_review_finding_new", visit)).content.decode()
    assert "Case 1.1: line 1" in page and "Case 1.2" in page
    assert CHILD_SURNAME not in page

    response = client.post(_url("peer_review_finding_new", visit), _post(visit))

    finding = Finding.objects.get()
    assert response.status_code == 302
    assert finding.theme == Theme.THRESHOLDS  # the line's theme by default
    assert finding.recorded_by == visit.peer
    assert list(finding.cases.all()) == [visit.cases[0]]
    assert list(finding.documents.all()) == [visit.document]
    tab = client.get(_url("peer_review_findings", visit)).content.decode()
    assert "Step-up decisions are not always recorded" in tab
    assert "Case 1.1 (Early help and the threshold to social care)" in tab
    assert visit.session.title in tab and visit.document.title in tab
    assert CHILD_SURNAME not in tab


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"cases": [], "sessions": [], "documents": []},
            "Link the finding to at least one sampled case, session or document it rests on",
        ),
        ({"evidence": ""}, "Enter what the evidence showed"),
        ({"recommendation": ""}, "Enter the recommendation for this area for development"),
        ({"summary": ""}, "Enter the finding in one line"),
        ({"summary": "x" * 301}, "The finding in one line must be 300 characters or fewer"),
        ({"line": ""}, "Select the line of enquiry the finding is about"),
    ],
)
def test_bad_input_is_shown_and_nothing_saved(visit, signed_in, changes, message):
    response = signed_in(visit.peer.worker).post(
        _url("peer_review_finding_new", visit), _post(visit, **changes)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Finding.objects.exists()


def test_evidence_from_another_review_is_refused(visit, council):
    other = build_visit(council, title="Another council's review")
    for changes, field in (
        ({"cases": [other.cases[0]]}, "cases"),
        ({"sessions": [other.session]}, "sessions"),
        ({"documents": [other.document]}, "documents"),
        ({"line": other.line}, "line"),
    ):
        with pytest.raises(ValidationError) as refused:
            record(visit, **changes)
        assert field in refused.value.message_dict
    assert not Finding.objects.exists()


def test_evidence_from_another_review_is_not_offered_and_a_post_of_it_refused(
    visit, council, signed_in
):
    other = build_visit(council, title="Another council's review")
    client = signed_in(visit.peer.worker)
    response = client.post(
        _url("peer_review_finding_new", visit), _post(visit, cases=[other.cases[0].pk])
    )
    assert "Select a valid choice" in response.content.decode()
    assert not Finding.objects.exists()


def test_cancelled_sessions_and_withdrawn_documents_are_no_evidence(visit):
    visit.session.cancelled_at = visit.document.withdrawn_at = visit.review.created_at
    visit.session.save()
    visit.document.save()
    with pytest.raises(ValidationError) as refused:
        record(visit, cases=[], sessions=[visit.session], documents=[visit.document])
    assert set(refused.value.message_dict) == {"sessions", "documents"}


def test_a_strength_has_no_recommendation(visit):
    with pytest.raises(ValidationError) as refused:
        record(visit, FindingKind.STRENGTH, recommendation="Keep it up")
    assert "recommendation" in refused.value.message_dict


def test_a_finding_changes_with_its_history_kept(visit, signed_in):
    finding = record(visit)
    client = signed_in(visit.lead.worker)
    url = _url("peer_review_finding_change", visit, finding_id=finding.pk)
    assert "Step-up decisions are not always recorded" in client.get(url).content.decode()

    client.post(url, _post(visit, summary="Step-up reasons are missing", theme=Theme.RECORDING))

    finding.refresh_from_db()
    assert finding.summary == "Step-up reasons are missing"
    assert finding.theme == Theme.RECORDING
    versions = [h.summary for h in finding.history.order_by("history_date", "history_id")]
    assert versions[0] == "Step-up decisions are not always recorded"
    assert versions[-1] == "Step-up reasons are missing"


def test_a_bad_change_saves_nothing(visit, signed_in):
    finding = record(visit)
    versions = finding.history.count()
    response = signed_in(visit.peer.worker).post(
        _url("peer_review_finding_change", visit, finding_id=finding.pk),
        _post(visit, evidence="", summary="Changed"),
    )
    assert "Enter what the evidence showed" in response.content.decode()
    finding.refresh_from_db()
    assert finding.summary == "Step-up decisions are not always recorded"
    assert finding.history.count() == versions


def test_a_finding_is_withdrawn_with_a_reason_and_kept(visit, signed_in, council):
    finding = record(visit)
    client = signed_in(visit.peer.worker)
    url = _url("peer_review_finding_withdraw", visit, finding_id=finding.pk)

    response = client.post(url, {"reason": ""})
    assert "Enter why the finding is withdrawn" in response.content.decode()
    finding.refresh_from_db()
    assert finding.withdrawn_at is None

    client.post(url, {"reason": "The case turned out to be out of scope"})
    finding.refresh_from_db()
    assert finding.withdrawn_at and finding.withdrawn_by == visit.peer.worker.user
    tab = signed_in(council["head_of_service"]).get(_url("peer_review_findings", visit))
    text = tab.content.decode()
    assert "Withdrawn" in text and "The case turned out to be out of scope" in text
    with pytest.raises(ValidationError):
        services.change_finding(finding, finding_input(visit), by=visit.peer)


def test_no_finding_changes_once_the_letter_is_issued(visit):
    issue(visit)
    finding = Finding.objects.first()
    for attempt in (
        lambda: record(visit),
        lambda: services.change_finding(finding, finding_input(visit), by=visit.lead),
        lambda: services.withdraw_finding(finding, "Late thoughts", by=visit.lead),
    ):
        with pytest.raises(ValidationError, match="issued"):
            attempt()
    assert Finding.objects.count() == 2


def test_host_readers_see_the_findings_read_only(visit, signed_in, council):
    record(visit)
    for role in ("assistant_director", "head_of_service", "qa_officer", "performance_officer"):
        page = signed_in(council[role]).get(_url("peer_review_findings", visit))
        assert page.status_code == 200
        text = page.content.decode()
        assert "Step-up decisions are not always recorded" in text
        assert "Record a finding" not in text and "Withdraw" not in text


def test_who_may_not_record_or_change_a_finding(visit, signed_in, council):
    finding = record(visit)
    outsider = build_visit(council, title="Another review").peer.worker
    urls = [
        _url("peer_review_finding_new", visit),
        _url("peer_review_finding_change", visit, finding_id=finding.pk),
        _url("peer_review_finding_withdraw", visit, finding_id=finding.pk),
    ]
    for worker in (council["assistant_director"], council["head_of_service"]):
        for url in urls:
            assert signed_in(worker).get(url).status_code == 403
            assert signed_in(worker).post(url, _post(visit)).status_code == 403
    for worker in (council["practitioner"], council["social_worker"], outsider):
        for url in [*urls, _url("peer_review_findings", visit), _url("peer_review_history", visit)]:
            assert signed_in(worker).get(url).status_code == 403
    assert Finding.objects.count() == 1 and Finding.objects.get().withdrawn_at is None


def test_a_member_who_left_or_before_the_visit_is_refused(council, signed_in):
    import datetime as dt

    from django.utils import timezone

    early = build_visit(council, starts_on=timezone.localdate() + dt.timedelta(days=3))
    assert signed_in(early.peer.worker).get(_url("peer_review_findings", early)).status_code == 403
    with pytest.raises(ValidationError):
        early.peer.left_at = timezone.now()
        early.peer.save()
        record(early)


def test_the_findings_tab_reads_in_the_same_queries_however_many_findings(
    visit, signed_in, council
):
    record(visit)
    client = signed_in(council["head_of_service"])
    url = _url("peer_review_findings", visit)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    second = add_line(visit.review, "Children's mental health", Theme.MENTAL_HEALTH)
    cases = sample(second, council["social_worker"], 3)
    for n in range(4):
        record(visit, FindingKind.STRENGTH, cases=cases, documents=[add_document(visit.review)])
        record(visit, line=second, cases=cases[: n + 1], summary=f"Waits are long {n}")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(one)


def test_changing_a_finding_warns_that_cancelled_evidence_will_be_dropped(visit, signed_in):
    finding = record(visit, sessions=[visit.session], cases=[visit.cases[0]])
    visit.session.cancelled_at = visit.session.added_at
    visit.session.save(update_fields=["cancelled_at"])
    url = reverse(
        "peer_review_finding_change",
        kwargs={"review_id": visit.review.pk, "finding_id": finding.pk},
    )
    text = " ".join(signed_in(visit.peer.worker).get(url).content.decode().split())
    assert f"This finding rests on the session “{visit.session.title}” (cancelled)" in text
    assert "saving the change removes it" in text
