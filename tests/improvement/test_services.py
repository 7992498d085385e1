"""Writing improvement plans: what is refused, with the field named and nothing saved, and what
is kept (nothing is deleted)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from journey.improvement import services
from journey.improvement.models import Action, ImprovementPlan, ProgressUpdate, Rag, RagOverride
from tests.improvement_world import TODAY, action_input

REASON = "The figures count cases closed in error last month, which the data team is fixing."


def errors_of(call) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


def test_a_plan_needs_a_title_source_owner_and_dates_in_order(council):
    errors = errors_of(
        lambda: services.create_plan(
            services.PlanInput("", "rumour", None, TODAY, TODAY - dt.timedelta(days=1)),
            by=council["head_of_service"].user,
        )
    )
    assert errors == {
        "title": ["Enter the plan's title"],
        "source": ["Select where the plan comes from"],
        "owner": ["Select the plan's owner"],
        "ends_on": ["The end date must be the same as or after the start date"],
    }
    assert not ImprovementPlan.objects.exists()


def test_areas_and_actions_are_numbered_in_order(world, council):
    hos = council["head_of_service"].user
    second = services.add_area(world.plan, services.AreaInput("Voice of the child"), by=hos)
    assert (world.area.number, second.number) == (1, 2)
    assert (world.rated.number, world.measured.number) == (1, 2)
    first_in_second = services.add_action(second, action_input(council), by=hos)
    assert first_in_second.number == 1


def test_a_target_without_a_date_is_refused_and_nothing_is_saved(world, council, test_measure):
    errors = errors_of(
        lambda: services.add_action(
            world.area,
            action_input(council, measure=test_measure.key, target=Decimal("90")),
            by=council["head_of_service"].user,
        )
    )
    assert errors == {"target_by": ["Enter the date the target is to be met by"]}
    assert Action.objects.count() == 2


def test_a_target_without_a_measure_and_a_percentage_over_100_are_refused(
    world, council, test_measure
):
    hos = council["head_of_service"].user
    no_measure = errors_of(
        lambda: services.add_action(world.area, action_input(council, target=Decimal("90")), by=hos)
    )
    assert no_measure == {"measure": ["Select the measure the target is for, or clear the target"]}
    too_high = errors_of(
        lambda: services.add_action(
            world.area,
            action_input(council, measure=test_measure.key, target=Decimal("120"), target_by=TODAY),
            by=hos,
        )
    )
    assert too_high == {"target": ["Enter a target between 0 and 100"]}
    unknown = errors_of(
        lambda: services.add_action(
            world.area,
            action_input(council, measure="no_such_measure", target=Decimal("5"), target_by=TODAY),
            by=hos,
        )
    )
    assert unknown == {"measure": ["Select a measure from the list"]}


def test_an_action_needs_its_appendix_b_fields(world, council):
    errors = errors_of(
        lambda: services.add_action(
            world.area,
            services.ActionInput("", None, None, "", None),
            by=council["head_of_service"].user,
        )
    )
    assert set(errors) == {"action", "lead", "responsible_officer", "evidence", "due_on"}
    assert errors["due_on"] == ["Enter the timescale: the date it is due"]


def test_the_lead_rates_an_unmeasured_action_with_evidence(world, council):
    lead = council["team_manager"].user
    errors = errors_of(
        lambda: services.record_progress(
            world.rated, services.ProgressInput(TODAY, "Audits started"), by=lead
        )
    )
    assert errors == {"rag": ["Select your rating: achieved, on task, or at risk of not achieving"]}
    update = services.record_progress(
        world.rated, services.ProgressInput(TODAY, "Audits started", Rag.ON_TASK), by=lead
    )
    assert (update.rag, update.recorded_by_name) == (Rag.ON_TASK, lead.get_full_name())


def test_a_measured_action_is_not_rated_by_hand_in_a_progress_update(world, council):
    errors = errors_of(
        lambda: services.record_progress(
            world.measured,
            services.ProgressInput(TODAY, "Going well", Rag.ACHIEVED),
            by=council["team_manager"].user,
        )
    )
    assert "follows its measure" in errors["rag"][0]
    assert not ProgressUpdate.objects.exists()


def test_progress_cannot_be_dated_in_the_future(world, council):
    errors = errors_of(
        lambda: services.record_progress(
            world.measured,
            services.ProgressInput(TODAY + dt.timedelta(days=2), "Planned"),
            by=council["team_manager"].user,
        )
    )
    assert errors == {"recorded_on": ["The date of the update must be today or in the past"]}


def test_an_override_needs_a_reason_and_a_measure(world, council):
    hos = council["head_of_service"].user
    errors = errors_of(lambda: services.override_rating(world.measured, Rag.ON_TASK, "", by=hos))
    assert errors == {"reason": ["Enter the reason, in your own words"]}
    unmeasured = errors_of(
        lambda: services.override_rating(world.rated, Rag.ON_TASK, REASON, by=hos)
    )
    assert unmeasured == {
        "rag": ["Only an action tied to a measure has a computed rating to override"]
    }
    assert not RagOverride.objects.exists()


def test_a_withdrawn_action_stays_with_its_reason_and_cannot_be_changed(world, council):
    hos = council["head_of_service"].user
    assert errors_of(lambda: services.withdraw_action(world.rated, "No", by=hos))["reason"]
    services.withdraw_action(world.rated, REASON, by=hos)
    action = Action.objects.get(pk=world.rated.pk)
    assert action.is_withdrawn and action.withdrawn_reason == REASON
    with pytest.raises(ValidationError, match="was withdrawn"):
        services.record_progress(action, services.ProgressInput(TODAY, "More", Rag.AT_RISK), by=hos)
    assert Action.objects.filter(pk=action.pk).exists()
    assert action.history.count() == 2  # created, then withdrawn: the change is on record


def test_changing_an_action_keeps_what_it_was(world, council):
    hos = council["head_of_service"].user
    services.change_action(
        world.rated, action_input(council, evidence="Every case audited twice"), by=hos
    )
    earlier = world.rated.history.order_by("history_date").first()
    assert earlier.evidence == "Audits show supervision recorded on every case"
    assert Action.objects.get(pk=world.rated.pk).evidence == "Every case audited twice"
