"""Defining tools and recording measures: a score outside its range, a closing measure before
the start, a tool changed while in use; each refused naming the field, nothing half-saved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from journey.cases.models import EpisodeKind
from journey.chronology.models import ChronologyEntry, EntryKind
from journey.outcomes import services
from journey.outcomes.models import Measurement, OutcomeTool, Score, ToolVersion
from tests.factories import make_child, make_episode

pytestmark = pytest.mark.django_db


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


@pytest.fixture
def wheel() -> ToolVersion:
    tool = OutcomeTool.objects.get(name="Journey family wheel")
    version = services.current_version(tool)
    assert version is not None
    return version


@pytest.fixture
def episode(council):
    worker = council["practitioner"]
    child = make_child(worker)
    return make_episode(child, worker, kind=EpisodeKind.EARLY_HELP_CAF, started_on=days_ago(200))


def scores(version: ToolVersion, value: int = 5, **overrides: int) -> list[services.ScoreInput]:
    return [
        services.ScoreInput(s.key, overrides.get(s.key, value), words=f"About {s.name}")
        for s in version.scales.all()
    ]


def measure(episode, version, point, on, by, **overrides):
    return services.record_measurement(
        episode,
        services.MeasurementInput(version, point, on, "together", scores(version, **overrides)),
        by=by.user,
    )


def errors_of(raised) -> dict:
    return raised.value.message_dict


def test_the_shipped_wheel_has_ten_scales_from_0_to_10(wheel):
    assert wheel.is_published and (wheel.lowest, wheel.highest) == (0, 10)
    assert wheel.scales.count() == 10 and EpisodeKind.EARLY_HELP_CAF in wheel.kinds_of_work


def test_start_review_and_closure_are_recorded_with_the_familys_words(council, episode, wheel):
    worker = council["practitioner"]
    measure(episode, wheel, "start", days_ago(150), worker, value=3)
    measure(episode, wheel, "review", days_ago(60), worker, value=5)
    closing = measure(episode, wheel, "closure", days_ago(5), worker, value=7, home=9)
    assert closing.scores.get(key="home").value == 9
    assert closing.scores.get(key="health").words == "About Health"
    assert Measurement.objects.filter(episode=episode).count() == 3
    entries = ChronologyEntry.objects.filter(child=episode.child, kind=EntryKind.OUTCOME)
    assert [e.title for e in entries.order_by("occurred_at")] == [
        "Outcome measure at the start: Journey family wheel",
        "Outcome measure at a review: Journey family wheel",
        "Outcome measure at closure: Journey family wheel",
    ]
    closing_entry = entries.get(source_pk=closing.pk)
    assert "Home and family life: 9 of 10 (About Home and family life)" in closing_entry.summary
    assert closing_entry.summary.startswith("Scored by the family and worker together.")


def test_a_score_outside_its_range_is_refused_and_nothing_saved(council, episode, wheel):
    with pytest.raises(ValidationError) as raised:
        measure(episode, wheel, "start", days_ago(150), council["practitioner"], home=11)
    assert errors_of(raised) == {"home": ["Each score is a whole number from 0 to 10"]}
    assert not Measurement.objects.exists() and not Score.objects.exists()
    assert not ChronologyEntry.objects.filter(kind=EntryKind.OUTCOME).exists()


def test_every_scale_is_scored(council, episode, wheel):
    some = scores(wheel)[:9]
    with pytest.raises(ValidationError) as raised:
        services.record_measurement(
            episode,
            services.MeasurementInput(wheel, "start", days_ago(150), "together", some),
            by=council["practitioner"].user,
        )
    assert "Score Confidence and hope" in errors_of(raised)["scores"][0]


def test_a_closing_measure_before_the_start_measure_is_refused(council, episode, wheel):
    worker = council["practitioner"]
    with pytest.raises(ValidationError) as raised:
        measure(episode, wheel, "closure", days_ago(10), worker)
    assert errors_of(raised) == {"point": ["Record the start measure first"]}
    measure(episode, wheel, "start", days_ago(100), worker)
    with pytest.raises(ValidationError) as raised:
        measure(episode, wheel, "closure", days_ago(101), worker)
    assert "cannot be before the start measure" in errors_of(raised)["measured_on"][0]
    with pytest.raises(ValidationError) as raised:
        measure(episode, wheel, "start", days_ago(90), worker)
    assert "The start measure was made on" in errors_of(raised)["point"][0]


def test_a_measure_in_the_future_or_before_the_work_began_is_refused(council, episode, wheel):
    worker = council["practitioner"]
    with pytest.raises(ValidationError) as raised:
        measure(episode, wheel, "start", days_ago(-2), worker)
    assert "today or in the past" in errors_of(raised)["measured_on"][0]
    with pytest.raises(ValidationError) as raised:
        measure(episode, wheel, "start", days_ago(201), worker)
    assert "before the work began" in errors_of(raised)["measured_on"][0]


def wheel_input(**overrides) -> services.VersionInput:
    data = {
        "kind": "scales",
        "lowest": 1,
        "highest": 5,
        "scored_by": ["parent", "worker", "together"],
        "kinds_of_work": [EpisodeKind.EARLY_HELP_CAF],
        "scales": [
            services.ScaleInput("Routines", "No routines", "Good routines"),
            services.ScaleInput("School", "Not attending", "Attending every day"),
        ],
    }
    return services.VersionInput(**{**data, **overrides})


def test_a_tool_in_use_is_never_changed_in_place(council, episode):
    head = council["head_of_service"].user
    draft = services.create_tool(
        services.ToolInput("Family routines", "Two scales", "Ours", wheel_input()), by=head
    )
    changed = services.change_draft(draft, wheel_input(highest=10), by=head)
    assert changed.highest == 10 and changed.scales.count() == 2
    services.publish_version(changed, by=head)
    measure(episode, changed, "start", days_ago(30), council["practitioner"], value=4)
    with pytest.raises(ValidationError) as raised:
        services.change_draft(changed, wheel_input(highest=7), by=head)
    assert errors_of(raised) == {
        "version": ["Version 1 is published and in use: make a new version to change it"]
    }
    changed.refresh_from_db()
    assert changed.highest == 10
    second = services.new_version(changed.tool, by=head)
    assert second.number == 2 and not second.is_published
    assert [s.key for s in second.scales.all()] == ["routines", "school"]


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"lowest": 5, "highest": 5}, "highest"),
        ({"scored_by": []}, "scored_by"),
        ({"kinds_of_work": ["nonsense"]}, "kinds_of_work"),
        ({"scales": []}, "scales"),
        ({"scales": [services.ScaleInput("Home", "", "Settled")]}, "scales"),
    ],
)
def test_a_tool_missing_what_it_needs_is_refused(council, overrides, field):
    with pytest.raises(ValidationError) as raised:
        services.create_tool(
            services.ToolInput("Bad tool", "", "", wheel_input(**overrides)),
            by=council["head_of_service"].user,
        )
    assert field in errors_of(raised)
    assert not OutcomeTool.objects.filter(name="Bad tool").exists()


def test_a_goals_tool_scores_the_familys_own_goals(council, episode):
    head = council["head_of_service"].user
    version = services.create_tool(
        services.ToolInput(
            "Family goals", "", "", wheel_input(kind="goals", scales=[], lowest=0, highest=10)
        ),
        by=head,
    )
    services.publish_version(version, by=head)
    goals = [
        services.ScoreInput("goal-1", 2, goal="Get the children to school on time"),
        services.ScoreInput("goal-2", 4, goal=""),
    ]
    with pytest.raises(ValidationError) as raised:
        services.record_measurement(
            episode,
            services.MeasurementInput(version, "start", days_ago(20), "parent", goals),
            by=council["practitioner"].user,
        )
    assert errors_of(raised) == {"goal-2": ["Goal 2: name the goal in the family's words"]}
