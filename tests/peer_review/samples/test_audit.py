"""The team's audit of a sampled case with the council's audit tool: recorded once, by a member
of the team while the review is live for them, read by host staff and the team."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from journey.cases.models import EpisodeKind
from journey.peer_review.models import FindingsLetter, PeerAudit, PeerAuditAnswer, TeamMember
from journey.peer_review.samples import services
from journey.quality.models import AuditQuestion, Grade
from journey.quality.services import current_tool
from tests.peer_review.factories import add_line, make_review, make_reviewer
from tests.peer_review.samples.conftest import child_with, draw

pytestmark = pytest.mark.django_db


def questions() -> list[AuditQuestion]:
    return list(AuditQuestion.objects.filter(domain__tool=current_tool()))


@pytest.fixture
def case(council, planner, line, lead, peer):
    for n in range(3):
        child_with(council, EpisodeKind.EARLY_HELP_CAF, started=30 + n)
    draw(line, planner, size=3, seed=1234)
    return line.cases.select_related("child").get(position=3)


def member(review, worker) -> TeamMember:
    return TeamMember.objects.get(review=review, worker=worker)


def audit_input(grade: int | None = Grade.GOOD, **changes) -> services.PeerAuditInput:
    values = {
        "answers": {
            q.pk: services.PeerAnswerInput(Grade.GOOD, "Seen in the notes.") for q in questions()
        },
        "overall_grade": grade,
        "worked_well": "The child is seen alone and their words are recorded.",
        "to_improve": "",
    }
    return services.PeerAuditInput(**{**values, **changes})


def form_data(grade: str = "2", **changes) -> dict[str, str]:
    data = {f"grade_{q.pk}": "2" for q in questions()}
    data |= {"overall_grade": grade, "worked_well": "Visits are regular.", "to_improve": ""}
    return data | changes


def _url(case, name="peer_review_audit") -> str:
    return reverse(name, kwargs={"review_id": case.line.review_id, "review_case_id": case.pk})


def test_a_member_records_the_audit_with_the_council_s_tool(signed_in, review, peer, case):
    client = signed_in(peer)
    form = client.get(_url(case))
    assert form.status_code == 200
    assert "Audit Case 1.3" in form.text and case.child.full_name in form.text
    first = questions()[0]
    data = form_data("3", to_improve="Plans need dates.", **{f"grade_{first.pk}": "na"})
    response = client.post(_url(case), data, follow=True)
    assert "Your audit of Case 1.3 is recorded" in response.text
    audit = PeerAudit.objects.get(case=case)
    assert audit.auditor == member(review, peer) and audit.tool == current_tool()
    assert (audit.overall_grade, audit.to_improve) == (
        Grade.REQUIRES_IMPROVEMENT,
        "Plans need dates.",
    )
    answers = PeerAuditAnswer.objects.filter(audit=audit)
    assert answers.count() == len(questions())
    assert answers.get(question=first).grade is None
    assert "Peers graded lower</strong>" not in response.text  # no council audit to compare

    view = client.get(_url(case))
    assert view.status_code == 302 and view.url == _url(case, "peer_review_audit_view")


def test_host_staff_read_the_completed_audit(signed_in, council, review, peer, case):
    services.record_peer_audit(case, audit_input(Grade.OUTSTANDING), by=member(review, peer))
    for role in ("assistant_director", "qa_officer", "head_of_service"):
        page = signed_in(council[role]).get(_url(case, "peer_review_audit_view"))
        assert page.status_code == 200
        assert "Case 1.3: the peers' audit" in page.text
        assert "Outstanding" in page.text and peer.name in page.text


def test_an_unaudited_case_says_so(signed_in, council, lead, case):
    page = signed_in(council["qa_officer"]).get(_url(case, "peer_review_audit_view")).text
    assert "The review team has not audited Case 1.3 yet." in page
    assert "Audit Case 1.3</a>" not in page
    page = signed_in(lead).get(_url(case, "peer_review_audit_view")).text
    assert "Audit Case 1.3</a>" in page


def test_a_case_is_audited_once(review, lead, peer, case):
    services.record_peer_audit(case, audit_input(), by=member(review, peer))
    with pytest.raises(ValidationError, match=f"Case 1.3 was audited by {peer.name} on"):
        services.record_peer_audit(case, audit_input(), by=member(review, lead))
    assert PeerAudit.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"overall_grade": None}, "overall_grade", "Select the overall grade for the case"),
        (
            {"overall_grade": Grade.INADEQUATE},
            "to_improve",
            "Enter what needs to improve: an audit graded inadequate must say",
        ),
        ({"answers": {}}, None, "Select a grade for question 1"),
    ],
)
def test_bad_input_saves_nothing(review, peer, case, changes, field, message):
    with pytest.raises(ValidationError) as refused:
        services.record_peer_audit(case, audit_input(**changes), by=member(review, peer))
    errors = refused.value.message_dict
    found = errors[field] if field else [m for ms in errors.values() for m in ms]
    assert any(message in m for m in found)
    assert not PeerAudit.objects.exists() and not PeerAuditAnswer.objects.exists()


def test_bad_input_on_the_page_shows_the_error(signed_in, peer, case):
    response = signed_in(peer).post(_url(case), form_data(""))
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "Select the overall grade for the case" in response.text
    assert not PeerAudit.objects.exists()


@pytest.mark.parametrize(
    "role", ["assistant_director", "head_of_service", "qa_officer", "social_worker", "reviewer"]
)
def test_only_a_team_member_audits(signed_in, council, case, role):
    client = signed_in(council[role])
    assert client.get(_url(case)).status_code == 403
    assert client.post(_url(case), form_data()).status_code == 403
    assert not PeerAudit.objects.exists()


def test_a_reviewer_not_on_the_team_is_refused(signed_in, case):
    outsider = make_reviewer("Eastvale Council", username="outsider")
    client = signed_in(outsider)
    assert client.post(_url(case), form_data()).status_code == 403
    assert client.get(_url(case, "peer_review_audit_view")).status_code == 403


def test_no_audit_before_the_visit(council, signed_in, planner, peer):
    review = make_review(planner, starts_on=timezone.localdate() + dt.timedelta(days=5))
    TeamMember.objects.create(
        review=review,
        worker=peer,
        role="practice",
        organisation="Southmoor",
        added_by=planner.user,
        added_at=timezone.now(),
    )
    child_with(council, EpisodeKind.EARLY_HELP_CAF)
    line = add_line(review)
    draw(line, planner, size=1)
    case = line.cases.get()
    assert signed_in(peer).post(_url(case), form_data()).status_code == 403
    with pytest.raises(ValidationError, match="Only a member of the review team audits"):
        services.record_peer_audit(case, audit_input(), by=member(review, peer))
    assert not PeerAudit.objects.exists()


def test_no_audit_once_the_letter_is_issued(signed_in, review, lead, peer, case):
    FindingsLetter.objects.create(
        review=review,
        addressee="The Director of Children's Services",
        opening="Thank you.",
        closing="With thanks.",
        drafted_by=member(review, lead),
        drafted_at=timezone.now(),
        issued_at=timezone.now(),
    )
    assert signed_in(peer).post(_url(case), form_data()).status_code == 403
    with pytest.raises(ValidationError, match="Only a member of the review team audits"):
        services.record_peer_audit(case, audit_input(), by=member(review, peer))
    assert not PeerAudit.objects.exists()


def test_a_member_who_left_is_refused(signed_in, review, peer, case):
    left = member(review, peer)
    left.left_at = timezone.now()
    left.save()
    assert signed_in(peer).post(_url(case), form_data()).status_code == 403
    with pytest.raises(ValidationError, match="Only a member of the review team audits"):
        services.record_peer_audit(case, audit_input(), by=left)
