"""The findings letter: drafted by the lead, previewed, issued once and kept as issued (HTML and
PDF), the team's access ending with it; who may read it before and after."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from journey.core.models import RecordGrant
from journey.peer_review.findings import services
from journey.peer_review.models import Finding, FindingKind, FindingsLetter
from journey.quality.models import Grade
from tests.peer_review.factories import add_session
from tests.peer_review.findings.conftest import CHILD_SURNAME, draft, issue, peer_audit, record

pytestmark = pytest.mark.django_db


def _url(name, visit):
    return reverse(name, kwargs={"review_id": visit.review.pk})


def _pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


LETTER = {
    "addressee": "Director of Children's Services, Fairshire Council",
    "opening": "Thank you for inviting us to Fairshire.",
    "closing": "We look forward to your plan.",
    "save": "1",
}


def test_the_lead_drafts_and_previews_the_letter(visit, signed_in):
    record(visit, FindingKind.STRENGTH)
    record(visit)
    peer_audit(visit.cases[0], visit.peer, Grade.GOOD)
    peer_audit(visit.cases[1], visit.peer, Grade.REQUIRES_IMPROVEMENT)
    client = signed_in(visit.lead.worker)
    form = client.get(_url("peer_review_letter", visit)).content.decode()
    assert "Director of Children&#x27;s Services, Fairshire Council" in form

    response = client.post(_url("peer_review_letter", visit), LETTER, follow=True)

    letter = FindingsLetter.objects.get()
    assert letter.drafted_by == visit.lead and letter.issued_at is None
    page = response.content.decode()
    assert "Preview: not issued" in page
    assert "Thank you for inviting us to Fairshire." in page
    assert "Early help workers know their families well" in page
    assert "Recommendation:" in page and "Record the reason for every step-up decision" in page
    assert "sampled 2 cases and audited 2 of them" in page
    assert "1 good, 1 requires improvement" in page
    assert "Case 1.1 (Early help and the threshold to social care)" in page
    assert visit.lead.worker.name in page and "Northdale Council" in page
    assert CHILD_SURNAME not in page


def test_a_draft_needs_its_addressee(visit, signed_in):
    response = signed_in(visit.lead.worker).post(
        _url("peer_review_letter", visit), {**LETTER, "addressee": ""}
    )
    assert "Enter who the letter is to" in response.content.decode()
    assert not FindingsLetter.objects.exists()


def test_the_letter_is_not_issued_without_a_finding_or_an_opening(visit, signed_in):
    client = signed_in(visit.lead.worker)
    draft(visit, opening="")
    response = client.post(_url("peer_review_letter", visit), {"issue": "1"})
    text = response.content.decode()
    assert "Enter the letter&#x27;s opening paragraph" in text
    assert "Record at least one finding before issuing the letter" in text
    letter = FindingsLetter.objects.get()
    assert letter.issued_at is None and letter.content is None and letter.pdf is None
    record(visit, FindingKind.STRENGTH, recommendation="")
    record(visit)
    Finding.objects.update(withdrawn_at=letter.drafted_at)
    with pytest.raises(ValidationError, match="Record at least one finding"):
        draft(visit)
        services.issue_letter(visit.review, by=visit.lead)


def test_issuing_keeps_the_letter_as_issued_with_its_pdf(visit, signed_in, council):
    add_session(visit.review)
    client = signed_in(visit.lead.worker)
    record(visit, FindingKind.STRENGTH)
    finding = record(visit)
    withdrawn = record(visit, summary="A finding taken back")
    services.withdraw_finding(withdrawn, "Out of scope", by=visit.peer)
    draft(visit)

    response = client.post(_url("peer_review_letter", visit), {"issue": "1"})

    assert response.status_code == 302 and response["Location"] == reverse("my_work")
    letter = FindingsLetter.objects.get()
    assert letter.issued_at and letter.issued_by_name == visit.lead.worker.name
    assert letter.content["lines"][0]["developments"][0]["summary"] == finding.summary
    pdf = bytes(letter.pdf)
    assert pdf.startswith(b"%PDF")
    text = _pdf_text(pdf)
    assert "Peer challenge of early help" in text
    assert "Step-up decisions are not always recorded" in text
    assert "A finding taken back" not in text
    assert CHILD_SURNAME not in text

    Finding.objects.filter(pk=finding.pk).update(summary="Changed behind the letter's back")
    reader = signed_in(council["head_of_service"])
    page = reader.get(_url("peer_review_letter", visit)).content.decode()
    assert "Step-up decisions are not always recorded" in page
    assert "Changed behind the letter" not in page
    assert "A finding taken back" not in page
    assert "case file audits (2)" in page
    pdf_response = reader.get(_url("peer_review_letter_pdf", visit))
    assert pdf_response["Content-Type"] == "application/pdf"
    assert bytes(pdf_response.content) == pdf


def test_the_letter_is_issued_once_and_then_nothing_changes(visit):
    letter = issue(visit)
    with pytest.raises(ValidationError, match="issued once"):
        services.issue_letter(visit.review, by=visit.lead)
    with pytest.raises(ValidationError, match="issued"):
        draft(visit, opening="A new opening")
    letter.refresh_from_db()
    assert letter.opening == "Thank you for inviting us to Fairshire."


def test_issuing_ends_every_members_access(visit, signed_in):
    grants = RecordGrant.objects.filter(
        reviewer_case__visit__in=[visit.lead.visit, visit.peer.visit]
    )
    assert grants.count() == 4 and not grants.filter(revoked_at__isnull=False).exists()
    assert signed_in(visit.peer.worker).get(_url("peer_review_findings", visit)).status_code == 200

    letter = issue(visit)

    assert grants.count() == 4
    assert not grants.filter(revoked_at__isnull=True).exists()
    for member in (visit.lead, visit.peer):
        member.visit.refresh_from_db()
        assert member.visit.revoked_at == letter.issued_at
        assert member.visit.revoke_reason == "The findings letter was issued"
        assert member.visit.revoked_by == visit.review.commissioned_by
        client = signed_in(member.worker)
        for name in ("peer_review_findings", "peer_review_letter", "peer_review_letter_pdf"):
            assert client.get(_url(name, visit)).status_code == 403


def test_only_the_lead_drafts_and_issues(visit, signed_in, council):
    record(visit)
    draft(visit)
    for worker in (visit.peer.worker, council["assistant_director"], council["head_of_service"]):
        client = signed_in(worker)
        assert client.post(_url("peer_review_letter", visit), {"issue": "1"}).status_code == 403
        assert client.post(_url("peer_review_letter", visit), LETTER).status_code == 403
    with pytest.raises(ValidationError, match="lead reviewer"):
        services.issue_letter(visit.review, by=visit.peer)
    assert FindingsLetter.objects.get().issued_at is None


def test_before_issue_the_team_reads_the_draft_and_host_staff_do_not(visit, signed_in, council):
    record(visit)
    draft(visit)
    peer_page = signed_in(visit.peer.worker).get(_url("peer_review_letter", visit)).content.decode()
    assert "Thank you for inviting us to Fairshire." in peer_page
    assert "Issue the letter" not in peer_page and 'name="addressee"' not in peer_page
    host = signed_in(council["head_of_service"])
    host_page = host.get(_url("peer_review_letter", visit)).content.decode()
    assert "has not been issued yet" in host_page
    assert "Thank you for inviting us to Fairshire." not in host_page
    assert host.get(_url("peer_review_letter_pdf", visit)).status_code == 404


def test_outsiders_never_read_the_letter(visit, signed_in, council):
    issue(visit)
    for role in ("practitioner", "social_worker", "team_manager", "reviewer"):
        client = signed_in(council[role])
        assert client.get(_url("peer_review_letter", visit)).status_code == 403
        assert client.get(_url("peer_review_letter_pdf", visit)).status_code == 403
