"""R2: the council's threshold framework, and decisions that keep the version they used."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from journey.cases import services
from journey.cases.models import (
    NextStep,
    ThresholdDecision,
    ThresholdFramework,
    ThresholdIndicator,
)
from journey.chronology.models import ChronologyEntry, EntryKind
from journey.workforce.models import Role
from tests.factories import UserFactory, WorkerFactory, make_child

pytestmark = pytest.mark.django_db
RATIONALE = (
    "Attendance has fallen and mum is asking for help; several agencies are worried, so a "
    "co-ordinated early help plan is the proportionate response."
)


def framework(start: dt.date, name: str) -> ThresholdFramework:
    version = ThresholdFramework.objects.create(name=name, effective_from=start)
    ThresholdIndicator.objects.create(framework=version, level=3, text=f"{name}: absence")
    return version


def decide(council, child, indicators, received_at=None, by=None):
    return services.record_contact(
        received_at=received_at or timezone.now() - dt.timedelta(hours=1),
        source="2A",
        summary="School worried about attendance.",
        decided_by=by or council["practitioner"],
        decisions=[
            services.DecisionInput(
                child=child,
                level=3,
                next_step=NextStep.CAF_TAF,
                rationale=RATIONALE,
                indicators=indicators,
            )
        ],
    )


def test_a_decision_keeps_the_framework_in_force_when_it_was_made(council):
    old = framework(timezone.localdate() - dt.timedelta(days=400), "2025 framework")
    child = make_child(council["practitioner"])
    decide(council, child, list(old.indicators.all()))
    new = framework(timezone.localdate() - dt.timedelta(days=1), "2026 framework")
    decision = ThresholdDecision.objects.get(child=child)
    assert decision.framework == old
    assert ThresholdFramework.objects.in_force(timezone.localdate()) == new
    assert [i.text for i in decision.indicators.all()] == ["2025 framework: absence"]
    entry = ChronologyEntry.objects.get(child=child, kind=EntryKind.THRESHOLD_DECISION)
    assert "Indicators present: 2025 framework: absence" in entry.summary


def test_indicators_from_another_version_are_refused(council):
    old = framework(timezone.localdate() - dt.timedelta(days=400), "2025 framework")
    framework(timezone.localdate() - dt.timedelta(days=1), "2026 framework")
    child = make_child(council["practitioner"])
    with pytest.raises(ValidationError) as error:
        decide(council, child, list(old.indicators.all()))
    assert "framework in force" in error.value.message_dict["indicators"][0]
    assert not ThresholdDecision.objects.exists()


def test_the_contact_form_offers_the_frameworks_indicators_and_saves_them(
    council, eh_child, signed_in
):
    version = framework(timezone.localdate() - dt.timedelta(days=30), "Fairshire")
    indicator = version.indicators.get()
    client = signed_in(council["practitioner"])
    url = reverse("record_contact", args=[eh_child.pk])
    assert "Fairshire: absence" in client.get(url).content.decode()
    today = timezone.localdate()
    response = client.post(
        url,
        {
            "received_on_0": today.day,
            "received_on_1": today.month,
            "received_on_2": today.year,
            "source": "2A",
            "summary": "School worried.",
            "level": "3",
            "next_step": NextStep.CAF_TAF,
            "rationale": RATIONALE,
            "indicators": [indicator.pk],
            "child_views": "Oscar said he is tired in the mornings.",
            "risks": "Missing school; hungry at school.",
            "strengths": "Close to his grandmother.",
        },
    )
    assert response.status_code == 302
    decision = ThresholdDecision.objects.get(child=eh_child)
    assert list(decision.indicators.all()) == [indicator]
    assert decision.child_views == "Oscar said he is tired in the mornings."
    entry = ChronologyEntry.objects.get(child=eh_child, kind=EntryKind.THRESHOLD_DECISION)
    assert "Risks: Missing school; hungry at school." in entry.summary
    assert "Strengths: Close to his grandmother." in entry.summary


MANAGER_RATIONALE = (
    "Two agencies are already involved and mum has asked for a plan; I agree that a TAF is the "
    "right way to co-ordinate the help."
)


@pytest.fixture
def manager(council):
    """The early help team's manager (the council's team manager manages social care)."""
    return WorkerFactory(
        role=Role.TEAM_MANAGER, team=council.eh_team, user=UserFactory(username="eh_manager")
    )


def test_a_manager_agrees_and_both_views_stay_on_the_record(council, manager, signed_in):
    child = make_child(council["practitioner"])
    decide(council, child, [])
    decision = ThresholdDecision.objects.get(child=child)
    client = signed_in(manager)
    url = reverse("review_decision", args=[child.pk, decision.pk])
    response = client.post(url, {"agree": "yes", "rationale": MANAGER_RATIONALE})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.manager_agreed is True and decision.rationale == RATIONALE
    page = client.get(url).content.decode()
    assert "The manager's view" in page and "Agreed" in page and "Two agencies" in page
    assert ChronologyEntry.objects.filter(
        child=child, title__startswith="Manager agreed the threshold decision"
    ).exists()


def test_the_chronology_says_a_decision_awaits_its_manager_until_one_reviews_it(
    council, manager, signed_in
):
    child = make_child(council["practitioner"])
    decide(council, child, [])
    decision = ThresholdDecision.objects.get(child=child)
    chronology = reverse("child_chronology", args=[child.pk])
    review = reverse("review_decision", args=[child.pk, decision.pk])
    for_manager = signed_in(manager).get(chronology).content.decode()
    assert "Awaiting manager's view" in for_manager and review in for_manager
    for_worker = signed_in(council["practitioner"]).get(chronology).content.decode()
    assert "Awaiting manager's view" in for_worker and review not in for_worker

    services.review_threshold_decision(
        decision, manager=manager, agree=True, rationale=MANAGER_RATIONALE
    )
    reviewed = signed_in(manager).get(chronology).content.decode()
    assert "Manager agreed the threshold decision" in reviewed
    assert "Awaiting manager's view" not in reviewed and review not in reviewed


def test_a_manager_is_not_offered_to_review_their_own_decision(council, manager, signed_in):
    child = make_child(manager)
    decide(council, child, [], by=manager)
    decision = ThresholdDecision.objects.get(child=child)
    page = signed_in(manager).get(reverse("child_chronology", args=[child.pk])).content.decode()
    assert "Awaiting manager's view" in page  # another manager's
    assert reverse("review_decision", args=[child.pk, decision.pk]) not in page


def test_a_manager_changes_the_level_with_their_own_reasons(council):
    child = make_child(council["practitioner"])
    decide(council, child, [])
    decision = ThresholdDecision.objects.get(child=child)
    services.review_threshold_decision(
        decision,
        manager=council["team_manager"],
        agree=False,
        level=4,
        next_step=NextStep.SOCIAL_CARE,
        rationale="The new disclosure today means the child may be at risk of significant harm.",
    )
    decision.refresh_from_db()
    assert (decision.level, decision.manager_level, decision.final_level) == (3, 4, 4)
    entry = ChronologyEntry.objects.get(child=child, title__startswith="Manager changed")
    assert entry.is_significant and "Level 4" in entry.title


def test_bad_reviews_are_refused_and_nothing_changes(council, signed_in):
    child = make_child(council["practitioner"])
    decide(council, child, [])
    decision = ThresholdDecision.objects.get(child=child)
    manager = council["team_manager"]
    with pytest.raises(ValidationError) as error:
        services.review_threshold_decision(decision, manager=manager, agree=True, rationale="OK")
    assert "full sentence" in error.value.message_dict["rationale"][0]
    with pytest.raises(ValidationError) as error:
        services.review_threshold_decision(
            decision,
            manager=manager,
            agree=False,
            level=3,
            next_step=NextStep.CAF_TAF,
            rationale=MANAGER_RATIONALE,
        )
    assert "Change the level or the next step" in error.value.message_dict["level"][0]
    with pytest.raises(ValidationError):
        services.review_threshold_decision(
            decision, manager=council["social_worker"], agree=True, rationale=MANAGER_RATIONALE
        )
    decision.refresh_from_db()
    assert decision.awaits_manager
    url = reverse("review_decision", args=[child.pk, decision.pk])
    assert signed_in(council["practitioner"]).get(url).status_code == 403
