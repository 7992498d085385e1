"""From findings to plan in one step: the issued letter's areas for development become an
improvement plan with a first action each, once, by an assistant director."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from journey.core import measures as registry
from journey.improvement.models import Action, Area, ImprovementPlan, Source
from journey.peer_review.findings import services
from journey.peer_review.models import FindingKind, Theme
from tests.peer_review.factories import add_line
from tests.peer_review.findings.conftest import draft, record

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(visit):
    """A letter with one strength and two areas for development, on two lines."""
    second = add_line(visit.review, "Children's mental health", Theme.MENTAL_HEALTH)
    record(visit, FindingKind.STRENGTH)
    record(visit)
    record(
        visit,
        line=second,
        summary="Waits for CAMHS assessments are long",
        recommendation="Agree a pathway with the CAMHS provider",
        documents=[visit.document],
    )
    draft(visit)
    services.issue_letter(visit.review, by=visit.lead)
    visit.review.refresh_from_db()
    return visit


def _url(visit):
    return reverse("peer_review_make_plan", kwargs={"review_id": visit.review.pk})


def _date(prefix, day: dt.date) -> dict:
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def _post(council, areas=(1, 2), **changes) -> dict:
    today = timezone.localdate()
    hos = council["head_of_service"]
    data = {"owner": council["assistant_director"].pk}
    data |= _date("starts_on", today) | _date("ends_on", today + dt.timedelta(days=365))
    for n in areas:
        data |= {
            f"area{n}-action": f"Action for area {n}",
            f"area{n}-lead": hos.pk,
            f"area{n}-responsible_officer": council["assistant_director"].pk,
            f"area{n}-evidence": "Audits show it",
            f"area{n}-measure": "",
            f"area{n}-target": "",
        }
        data |= _date(f"area{n}-due_on", today + dt.timedelta(days=90))
    data.update(changes)
    return data


def test_the_plan_is_made_from_the_areas_for_development(issued, signed_in, council):
    client = signed_in(council["assistant_director"])
    letter_page = client.get(
        reverse("peer_review_letter", kwargs={"review_id": issued.review.pk})
    ).content.decode()
    assert "Make the improvement plan" in letter_page
    form = client.get(_url(issued)).content.decode()
    assert "Area 1: Step-up decisions are not always recorded" in form
    assert "Area 2: Waits for CAMHS assessments are long" in form
    assert "Early help workers know their families well" not in form

    response = client.post(_url(issued), _post(council))

    plan = ImprovementPlan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("improvement_plan", kwargs={"plan_id": plan.pk})
    assert plan.title == "Peer challenge of early help: improvement plan"
    assert plan.source == Source.PEER_CHALLENGE
    assert "Thank you for inviting us to Fairshire." in plan.background
    areas = list(plan.areas.order_by("number"))
    assert [a.title for a in areas] == [
        "Step-up decisions are not always recorded",
        "Waits for CAMHS assessments are long",
    ]
    assert areas[1].recommendation == "Agree a pathway with the CAMHS provider"
    assert "Early help self-assessment" in areas[1].finding
    assert "Case 1.1" in areas[0].finding
    assert [a.action for a in Action.objects.order_by("area__number")] == [
        "Action for area 1",
        "Action for area 2",
    ]
    issued.review.refresh_from_db()
    assert (
        issued.review.plan == plan
        and issued.review.plan_made_by == council["assistant_director"].user
    )
    after = client.get(reverse("peer_review_findings", kwargs={"review_id": issued.review.pk}))
    text = after.content.decode()
    assert plan.title in text and reverse("scrutiny_new_report") in text
    assert "Make the improvement plan" not in text


def test_a_second_plan_from_the_same_letter_is_refused(issued, signed_in, council):
    client = signed_in(council["assistant_director"])
    client.post(_url(issued), _post(council))
    counts = (ImprovementPlan.objects.count(), Area.objects.count(), Action.objects.count())

    response = client.post(_url(issued), _post(council))

    assert response.status_code == 200
    assert "already been made" in response.content.decode()
    assert (ImprovementPlan.objects.count(), Area.objects.count(), Action.objects.count()) == counts
    with pytest.raises(ValidationError, match="already been made"):
        services.make_plan(
            issued.review,
            services.PlanFromLetterInput(None, None, None, []),
            by=council["assistant_director"],
        )


def test_errors_name_the_area_and_nothing_is_made(issued, signed_in, council):
    client = signed_in(council["assistant_director"])
    response = client.post(
        _url(issued), _post(council, **{"area2-lead": "", "area1-action": "", "owner": ""})
    )
    text = response.content.decode()
    assert "Area 2: Select the lead" in text
    assert "Area 1: Enter the action" in text
    assert "Select the plan&#x27;s owner" in text
    assert not ImprovementPlan.objects.exists() and not Area.objects.exists()


def test_an_error_in_the_last_area_undoes_the_plan_and_the_earlier_areas(issued, council):
    measure = registry.registered()[0]
    ad = council["assistant_director"]
    today = timezone.localdate()
    action = services.FirstActionInput(
        "Act", council["head_of_service"], ad, "Audits", today + dt.timedelta(days=30)
    )
    unmeasured = services.FirstActionInput(
        "Act", council["head_of_service"], ad, "Audits", today + dt.timedelta(days=30), measure.key
    )
    with pytest.raises(ValidationError) as refused:
        services.make_plan(
            issued.review,
            services.PlanFromLetterInput(
                ad, today, today + dt.timedelta(days=300), [action, unmeasured]
            ),
            by=ad,
        )
    assert refused.value.message_dict["area2-target"][0].startswith("Area 2: Enter the target")
    assert not ImprovementPlan.objects.exists() and not Area.objects.exists()
    issued.review.refresh_from_db()
    assert issued.review.plan is None


def test_only_an_assistant_director_makes_the_plan_from_an_issued_letter(visit, signed_in, council):
    record(visit)
    draft(visit)
    ad = signed_in(council["assistant_director"])
    assert ad.get(_url(visit)).status_code == 403  # not issued yet
    services.issue_letter(visit.review, by=visit.lead)
    for role in (
        "head_of_service",
        "qa_officer",
        "performance_officer",
        "practitioner",
        "reviewer",
    ):
        client = signed_in(council[role])
        assert client.get(_url(visit)).status_code == 403
        assert client.post(_url(visit), _post(council, areas=(1,))).status_code == 403
    assert not ImprovementPlan.objects.exists()
