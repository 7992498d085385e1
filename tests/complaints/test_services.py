"""Recording a complaint and taking it through its stages; each bad input the issue lists is
refused with an error naming the field, and nothing is half-saved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from journey.chronology.models import ChronologyEntry, EntryKind
from journey.complaints import clock, services
from journey.complaints.models import (
    Complaint,
    Compliment,
    Finding,
    LearningAction,
    ResponseLetter,
    Stage,
)
from journey.complaints.stages import services as stages
from journey.improvement.models import Action
from tests.complaints.conftest import (
    AGO,
    complaint_input,
    days_ago,
    investigate,
    respond,
    to_stage_2,
)

pytestmark = pytest.mark.django_db


def errors_of(raised) -> dict:
    return raised.value.message_dict


def agreed(stage: Stage):
    """A day the extension could be agreed: before the deadline it extends."""
    return clock.after(stage.started_on, 5)


def test_a_complaint_is_recorded_with_its_elements_stage_1_clock_and_a_contentless_entry(
    complaint, sc_child
):
    assert complaint.reference.startswith(f"CF-{complaint.received_on.year}-")
    assert [e.number for e in complaint.elements.all()] == [1, 2]
    stage = complaint.stages.get()
    assert stage.number == 1
    assert stage.due_on == clock.stage_1_due(complaint.received_on)
    entry = ChronologyEntry.objects.get(child=sc_child, kind=EntryKind.COMPLAINT_RECEIVED)
    assert entry.title == "Complaint received"
    assert entry.summary == ""
    assert "calls" not in entry.title


def test_references_count_up_within_the_year(council, sc_child, officer, complaint):
    second = services.record_complaint(complaint_input(council, [sc_child]), by=officer.user)
    first_n, second_n = (int(c.reference.rsplit("-", 1)[1]) for c in (complaint, second))
    assert second_n == first_n + 1


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"children": []}, "children"),
        ({"elements": []}, "elements"),
        ({"procedure": "corporate"}, "procedure_reason"),
        ({"complainant_relationship": ""}, "complainant_relationship"),
        ({"advocate_taken_up": True}, "advocate_taken_up"),
        ({"received_on": None}, "received_on"),
    ],
)
def test_a_complaint_missing_what_it_needs_is_refused(council, sc_child, officer, overrides, field):
    with pytest.raises(ValidationError) as raised:
        services.record_complaint(
            complaint_input(council, overrides.pop("children", [sc_child]), **overrides),
            by=officer.user,
        )
    assert field in errors_of(raised)
    assert not Complaint.objects.exists()


def test_a_late_complaint_needs_the_decision_whether_to_consider_it(council, sc_child, officer):
    arose = days_ago(AGO + 400)
    with pytest.raises(ValidationError) as raised:
        services.record_complaint(
            complaint_input(council, [sc_child], matter_arose_on=arose), by=officer.user
        )
    assert {"late_decision", "late_reason"} <= set(errors_of(raised))
    not_considered = services.record_complaint(
        complaint_input(
            council,
            [sc_child],
            matter_arose_on=arose,
            late_decision="not_consider",
            late_reason="Over a year old and the worker has left the council",
        ),
        by=officer.user,
    )
    assert not_considered.closed_on == not_considered.received_on
    assert not not_considered.stages.exists()


def test_stage_1_extends_once_to_at_most_20_working_days(complaint, officer):
    stage = complaint.stages.get()
    too_far = clock.after(stage.started_on, 21)
    with pytest.raises(ValidationError) as raised:
        stages.extend_stage(
            complaint, stages.ExtensionInput(too_far, "Busy", agreed(stage)), by=officer.user
        )
    assert "at most 20 working days" in errors_of(raised)["extend_to"][0]
    with pytest.raises(ValidationError) as raised:
        stages.extend_stage(
            complaint,
            stages.ExtensionInput(clock.after(stage.started_on, 15), "", agreed(stage)),
            by=officer.user,
        )
    assert "reason" in errors_of(raised)
    most = clock.after(stage.started_on, 20)
    stages.extend_stage(
        complaint,
        stages.ExtensionInput(most, "The worker is on leave", agreed(stage)),
        by=officer.user,
    )
    stage.refresh_from_db()
    assert stage.extended_to == most and stage.extension_reason == "The worker is on leave"
    with pytest.raises(ValidationError) as raised:
        stages.extend_stage(
            complaint, stages.ExtensionInput(most, "Again", agreed(stage)), by=officer.user
        )
    assert "only once" in " ".join(errors_of(raised)["extend_to"])


def test_a_response_dated_before_the_complaint_is_refused(complaint, officer):
    with pytest.raises(ValidationError) as raised:
        respond(complaint, days_ago(AGO + 1), officer)
    assert "before the complaint" in errors_of(raised)["responded_on"][0]
    assert not Finding.objects.exists() and not ResponseLetter.objects.exists()
    assert complaint.stages.get().responded_on is None


def test_a_stage_cannot_be_answered_with_an_element_missing_its_outcome(complaint, officer):
    first = complaint.elements.get(number=1)
    with pytest.raises(ValidationError) as raised:
        stages.record_response(
            complaint,
            stages.ResponseInput(
                days_ago(AGO - 5), [stages.FindingInput(first, "upheld")], "Dear Ms Ashworth"
            ),
            by=officer.user,
        )
    assert errors_of(raised) == {"outcome_2": ["Select the outcome of element 2"]}
    assert not Finding.objects.exists()


def test_not_investigated_needs_the_reason(complaint, officer):
    with pytest.raises(ValidationError) as raised:
        respond(complaint, days_ago(AGO - 5), officer, outcome="not_investigated")
    assert "reason_1" in errors_of(raised)


def test_the_response_keeps_outcomes_the_letter_as_a_pdf_and_a_chronology_entry(
    complaint, officer, sc_child
):
    stage = respond(complaint, days_ago(AGO - 5), officer)
    assert stage.findings.count() == 2
    letter = ResponseLetter.objects.get(stage=stage)
    assert bytes(letter.pdf).startswith(b"%PDF")
    entry = ChronologyEntry.objects.get(child=sc_child, kind=EntryKind.COMPLAINT_RESPONDED)
    assert entry.title == "Complaint responded (stage 1)"
    assert entry.summary == ""


def test_stage_2_asked_outside_its_window_needs_a_reason(complaint, officer):
    respond(complaint, days_ago(AGO - 5), officer)
    late = clock.after(days_ago(AGO - 5), 21)
    with pytest.raises(ValidationError) as raised:
        stages.ask_for_next_stage(complaint, stages.NextStageInput(late), by=officer.user)
    assert "accepted_late_reason" in errors_of(raised)
    assert complaint.stages.count() == 1
    stage = stages.ask_for_next_stage(
        complaint,
        stages.NextStageInput(late, "The complainant was in hospital"),
        by=officer.user,
    )
    assert stage.number == 2 and stage.due_on == clock.stage_2_due(late)


def test_stage_2_needs_both_appointments_and_the_record_agreed_before_it_is_answered(
    complaint, officer
):
    to_stage_2(complaint, officer)
    with pytest.raises(ValidationError) as raised:
        stages.record_investigation(
            complaint,
            stages.InvestigationInput("Ms Investigator", "", days_ago(AGO - 17)),
            by=officer.user,
        )
    assert "independent_person" in errors_of(raised)
    assert Stage.objects.get(number=2).investigating_officer == ""
    with pytest.raises(ValidationError) as raised:
        respond(complaint, days_ago(AGO - 40), officer)
    assert "independent person" in errors_of(raised)["responded_on"][0]
    investigate(complaint, officer)
    stage = respond(complaint, days_ago(AGO - 40), officer, outcome="partly_upheld")
    assert stage.number == 2 and stage.responded_on == days_ago(AGO - 40)


def test_stage_2_extends_to_at_most_65_working_days(complaint, officer):
    stage = to_stage_2(complaint, officer)
    with pytest.raises(ValidationError) as raised:
        stages.extend_stage(
            complaint,
            stages.ExtensionInput(clock.after(stage.started_on, 66), "Complex", agreed(stage)),
            by=officer.user,
        )
    assert "at most 65 working days" in errors_of(raised)["extend_to"][0]
    stages.extend_stage(
        complaint,
        stages.ExtensionInput(clock.after(stage.started_on, 65), "Complex", agreed(stage)),
        by=officer.user,
    )


def test_stage_3_panel_of_three_none_the_stage_2_independent_person(complaint, officer):
    to_stage_2(complaint, officer)
    investigate(complaint, officer, independent="Ms Ind")
    respond(complaint, days_ago(AGO - 40), officer)
    stage = stages.ask_for_next_stage(
        complaint, stages.NextStageInput(days_ago(AGO - 45)), by=officer.user
    )
    assert stage.due_on == clock.panel_due(days_ago(AGO - 45))
    with pytest.raises(ValidationError) as raised:
        stages.record_panel(
            complaint,
            stages.PanelInput(["A Chair", "Ms Ind", "C Member"], days_ago(AGO - 60)),
            by=officer.user,
        )
    assert "cannot sit on the review panel" in errors_of(raised)["members"][0]
    with pytest.raises(ValidationError):
        stages.record_panel(
            complaint, stages.PanelInput(["A Chair", "B"], days_ago(AGO - 60)), by=officer.user
        )
    panel_on, report_on = days_ago(AGO - 60), days_ago(AGO - 63)
    stage = stages.record_panel(
        complaint,
        stages.PanelInput(["A Chair", "B Member", "C Member"], panel_on, report_on),
        by=officer.user,
    )
    assert stage.due_on == clock.council_response_due(report_on)
    respond(complaint, days_ago(AGO - 70), officer)
    complaint.refresh_from_db()
    assert complaint.closed_on == days_ago(AGO - 70)


def test_the_ombudsman_enquiry_and_its_decision(complaint, officer):
    enquiry = stages.record_ombudsman(
        complaint, stages.OmbudsmanInput(days_ago(10), "LGSCO 26 001 234"), by=officer.user
    )
    with pytest.raises(ValidationError) as raised:
        stages.record_ombudsman(
            complaint,
            stages.OmbudsmanInput(days_ago(10), decided_on=days_ago(2)),
            by=officer.user,
        )
    assert "decision" in errors_of(raised)
    decided = stages.record_ombudsman(
        complaint,
        stages.OmbudsmanInput(days_ago(10), "LGSCO 26 001 234", days_ago(2), "Fault, injustice"),
        by=officer.user,
    )
    assert decided.pk == enquiry.pk and decided.decision == "Fault, injustice"


def test_a_second_ombudsman_enquiry_waits_for_the_open_ones_decision(complaint, officer):
    first = stages.record_ombudsman(
        complaint, stages.OmbudsmanInput(days_ago(10), "LGSCO 26 001 234"), by=officer.user
    )
    with pytest.raises(ValidationError) as raised:
        stages.record_ombudsman(
            complaint, stages.OmbudsmanInput(days_ago(5), "LGSCO 26 009 999"), by=officer.user
        )
    assert "26 001 234 is still open" in errors_of(raised)["reference"][0]
    first.refresh_from_db()
    assert first.reference == "LGSCO 26 001 234" and complaint.ombudsman_enquiries.count() == 1


def test_a_learning_action_joins_an_improvement_plan_in_one_step(
    complaint, officer, council, plan_area
):
    manager = council["team_manager"]
    area = plan_area
    action = services.add_learning(
        complaint,
        services.LearningInput(
            "Parents were not told when a plan changed",
            "Send parents the changed plan within 2 working days",
            manager,
            days_ago(-30),
            area,
        ),
        by=officer.user,
    )
    improvement = Action.objects.get(pk=action.improvement_action_id)
    assert improvement.area == area and complaint.reference in improvement.action
    with pytest.raises(ValidationError) as raised:
        services.complete_learning(action, days_ago(1), "", by=officer.user)
    assert "evidence" in errors_of(raised)
    assert not improvement.updates.exists()
    services.complete_learning(action, days_ago(1), "Letters template changed", by=officer.user)
    assert LearningAction.objects.get(pk=action.pk).done_on == days_ago(1)
    # The plan's action hears it is done, dated the day it was done.
    update = improvement.updates.get()
    assert (update.recorded_on, update.rag) == (days_ago(1), "achieved")
    assert "Letters template changed" in update.note and complaint.reference in update.note


def test_compliments_and_comments(council, officer):
    theme = services.ensure_themes()[0]
    with pytest.raises(ValidationError) as raised:
        services.record_compliment(
            services.ComplimentInput("compliment", days_ago(1), "parent", None, theme, "Thanks"),
            by=officer.user,
        )
    assert "team" in errors_of(raised)
    services.record_compliment(
        services.ComplimentInput(
            "compliment", days_ago(1), "parent", council.sc_team, theme, "Thank you, Sam"
        ),
        by=officer.user,
    )
    assert Compliment.objects.get().summary == "Thank you, Sam"


def test_an_elements_words_and_theme_are_corrected_and_the_earlier_ones_kept(complaint, officer):
    first, second = complaint.elements.order_by("number")
    themes = services.ensure_themes()
    services.change_elements(
        complaint,
        services.ElementsInput(
            [
                services.ElementChange(first, "Nobody returned my calls for six weeks", themes[3]),
                services.ElementChange(second, second.summary, second.theme),
            ]
        ),
        by=officer.user,
    )
    first.refresh_from_db()
    assert (first.summary, first.theme) == ("Nobody returned my calls for six weeks", themes[3])
    said = [h.summary for h in first.history.order_by("history_date")]
    assert said == ["Nobody returned my calls for three weeks", first.summary]
    assert second.history.count() == 1


def test_an_element_cannot_be_blanked_and_nothing_is_half_saved(complaint, officer):
    first, second = complaint.elements.order_by("number")
    with pytest.raises(ValidationError) as raised:
        services.change_elements(
            complaint,
            services.ElementsInput(
                [
                    services.ElementChange(first, "Calls were not returned", first.theme),
                    services.ElementChange(second, "  ", second.theme),
                ]
            ),
            by=officer.user,
        )
    assert errors_of(raised) == {
        "summary_2": ["Element 2: enter what it is about and select its theme"]
    }
    first.refresh_from_db()
    assert first.summary == "Nobody returned my calls for three weeks"


def test_a_new_element_joins_the_open_stage_only(complaint, officer):
    theme = services.ensure_themes()[0]
    added = services.ElementsInput([], services.ElementInput("My son was not seen alone", theme))
    respond(complaint, days_ago(AGO - 10), officer)
    with pytest.raises(ValidationError) as raised:
        services.change_elements(complaint, added, by=officer.user)
    assert (
        "add it when the complainant asks for the next stage" in errors_of(raised)["new_summary"][0]
    )
    stages.ask_for_next_stage(complaint, stages.NextStageInput(days_ago(AGO - 15)), by=officer.user)
    services.change_elements(complaint, added, by=officer.user)
    third = complaint.elements.get(number=3)
    assert third.summary == "My son was not seen alone"
    # The stage 2 response must now answer it too.
    with pytest.raises(ValidationError):
        stages.record_response(
            complaint,
            stages.ResponseInput(
                days_ago(AGO - 40),
                [stages.FindingInput(e, "upheld") for e in complaint.elements.filter(number__lt=3)],
                "Dear Ms Ashworth",
            ),
            by=officer.user,
        )


def test_responders_change_and_who_was_named_before_is_kept(council, complaint, officer):
    services.set_responders(complaint, [council["head_of_service"]], by=officer.user)
    assert list(complaint.responders.all()) == [council["head_of_service"]]
    named = [
        {row.worker_id for row in h.responders.all()}
        for h in complaint.history.order_by("history_date")
    ]
    assert {council["team_manager"].pk} in named
    assert named[-1] == {council["head_of_service"].pk}
    with pytest.raises(ValidationError) as raised:
        services.set_responders(complaint, [], by=officer.user)
    assert errors_of(raised) == {"responders": ["Select at least one manager to respond"]}


def test_a_closed_complaints_elements_and_responders_stay_as_they_were(council, complaint, officer):
    respond(complaint, days_ago(AGO - 10), officer)
    stages.close_complaint(complaint, days_ago(AGO - 40), by=officer.user)
    with pytest.raises(ValidationError) as raised:
        services.set_responders(complaint, [council["head_of_service"]], by=officer.user)
    assert "stay as they were when it closed" in errors_of(raised)["responders"][0]
    first = complaint.elements.get(number=1)
    with pytest.raises(ValidationError) as raised:
        services.change_elements(
            complaint,
            services.ElementsInput([services.ElementChange(first, "Changed", first.theme)]),
            by=officer.user,
        )
    assert "stay as they were when it closed" in errors_of(raised)["elements"][0]


def test_an_extension_is_agreed_before_the_deadline_it_extends(complaint, officer):
    stage = complaint.stages.get()
    to = clock.after(stage.started_on, 20)
    for when, words in [
        (None, "Enter the date the extension was agreed"),
        (days_ago(AGO + 1), "on or after stage 1 began"),
        (clock.after(stage.started_on, 11), "had to be agreed by the deadline it extends"),
    ]:
        with pytest.raises(ValidationError) as raised:
            stages.extend_stage(
                complaint, stages.ExtensionInput(to, "Leave", when), by=officer.user
            )
        assert words in errors_of(raised)["agreed_on"][0]
    stage.refresh_from_db()
    assert stage.extended_to is None
    on_the_day = clock.after(stage.started_on, 10)
    stages.extend_stage(complaint, stages.ExtensionInput(to, "Leave", on_the_day), by=officer.user)
    stage.refresh_from_db()
    assert (stage.extended_to, stage.extension_agreed_on) == (to, on_the_day)


def test_responses_follow_the_steps_they_answer(complaint, officer):
    to_stage_2(complaint, officer)
    stage = investigate(complaint, officer)
    before = stage.record_agreed_on - dt.timedelta(days=1)
    with pytest.raises(ValidationError) as raised:
        respond(complaint, before, officer)
    assert "on or after the written record of the complaint was agreed" in " ".join(
        errors_of(raised)["responded_on"]
    )
    assert not Finding.objects.filter(stage=stage).exists()


def test_asking_for_stage_2_in_time_opens_a_closed_complaint_again(complaint, officer):
    respond(complaint, days_ago(AGO - 10), officer)
    stages.close_complaint(complaint, days_ago(AGO - 10), by=officer.user)
    stage_2 = stages.ask_for_next_stage(
        complaint, stages.NextStageInput(days_ago(AGO - 14)), by=officer.user
    )
    complaint.refresh_from_db()
    assert stage_2.number == 2 and complaint.closed_on is None
    assert complaint.history.filter(closed_on=days_ago(AGO - 10)).exists()


def test_a_panel_sitting_or_reporting_late_makes_stage_3_late(complaint, officer):
    to_stage_2(complaint, officer)
    investigate(complaint, officer)
    respond(complaint, days_ago(AGO - 45), officer)
    asked = days_ago(AGO - 50)
    stage_3 = stages.ask_for_next_stage(complaint, stages.NextStageInput(asked), by=officer.user)
    sat = clock.after(asked, 31)
    stages.record_panel(
        complaint,
        stages.PanelInput(["A Osei", "B Price", "C Shah"], sat, clock.after(sat, 2)),
        by=officer.user,
    )
    stage_3.refresh_from_db()
    assert stage_3.panel_late
    assert stage_3.due_on == clock.council_response_due(clock.after(sat, 2))


def test_the_panel_is_independent_of_stage_2_however_the_name_is_typed(complaint, officer):
    to_stage_2(complaint, officer)
    investigate(complaint, officer, independent="Mr. Harold  Fenwick")
    respond(complaint, days_ago(AGO - 45), officer)
    stages.ask_for_next_stage(complaint, stages.NextStageInput(days_ago(AGO - 50)), by=officer.user)
    for member in ["mr harold fenwick", "Ms  Investigator"]:
        with pytest.raises(ValidationError) as raised:
            stages.record_panel(
                complaint,
                stages.PanelInput([member, "B Price", "C Shah"], days_ago(AGO - 60)),
                by=officer.user,
            )
        assert "investigated the complaint at stage 2" in errors_of(raised)["members"][0]
