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
from tests.factories import make_child

pytestmark = pytest.mark.django_db
RATIONALE = (
    "Attendance has fallen and mum is asking for help; several agencies are worried, so a "
    "co-ordinated early help plan is the proportionate response."
)


def framework(start: dt.date, name: str) -> ThresholdFramework:
    version = ThresholdFramework.objects.create(name=name, effective_from=start)
    ThresholdIndicator.objects.create(framework=version, level=3, text=f"{name}: absence")
    return version


def decide(council, child, indicators, received_at=None):
    return services.record_contact(
        received_at=received_at or timezone.now() - dt.timedelta(hours=1),
        source="2A",
        summary="School worried about attendance.",
        decided_by=council["practitioner"],
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
        },
    )
    assert response.status_code == 302
    assert list(ThresholdDecision.objects.get(child=eh_child).indicators.all()) == [indicator]
