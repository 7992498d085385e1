import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from journey.cases import services
from journey.cases.models import Contact, Episode, EpisodeKind, NextStep, ThresholdDecision
from journey.casework.models import Plan
from journey.chronology.models import ChronologyEntry, EntryKind
from journey.workforce.models import Allocation
from tests.factories import make_child, make_episode

pytestmark = pytest.mark.django_db
GOOD_RATIONALE = (
    "Attendance has dropped to 70% and mum asked for help with routines; no safeguarding "
    "concerns, so a multi-agency early help plan is proportionate."
)
TODAY = timezone.localdate


def decision(child, **kw):
    base = {"child": child, "level": 3, "next_step": NextStep.CAF_TAF, "rationale": GOOD_RATIONALE}
    return services.DecisionInput(**{**base, **kw})


def contact(worker, *decisions, **kw):
    base = {
        "received_at": timezone.now() - dt.timedelta(hours=3),
        "source": "2A",
        "summary": "School concerned about attendance.",
        "decided_by": worker,
        "decisions": list(decisions),
    }
    return services.record_contact(**{**base, **kw})


class TestRecordContact:
    def test_records_the_working_out_and_puts_it_on_the_chronology(self, council):
        child = make_child(council["practitioner"])
        contact(council["practitioner"], decision(child, factors=["2B", "21"]))
        saved = ThresholdDecision.objects.get(child=child)
        assert saved.rationale == GOOD_RATIONALE
        assert saved.factors == ["2B", "21"]
        kinds = list(ChronologyEntry.objects.filter(child=child).values_list("kind", flat=True))
        assert EntryKind.CONTACT in kinds and EntryKind.THRESHOLD_DECISION in kinds
        decision_entry = ChronologyEntry.objects.get(child=child, kind=EntryKind.THRESHOLD_DECISION)
        assert decision_entry.summary == GOOD_RATIONALE
        assert "Level 3" in decision_entry.title

    def test_one_contact_about_siblings_records_a_decision_for_each(self, council):
        a, b = make_child(council["practitioner"]), make_child(council["practitioner"])
        saved = contact(
            council["practitioner"],
            decision(a),
            decision(b, level=2, next_step=NextStep.SINGLE_AGENCY),
        )
        assert saved.decisions.count() == 2
        assert (
            ChronologyEntry.objects.filter(source_model="contact", source_pk=saved.pk).count() == 2
        )

    @pytest.mark.parametrize(
        ("rationale", "message"),
        [
            ("", "Enter the rationale for the decision, in your own words"),
            ("Level 3.", "must be at least a full sentence"),
            ("Needs help with school and home", "must be at least a full sentence"),
        ],
    )
    def test_a_missing_or_too_short_rationale_is_refused(self, council, rationale, message):
        child = make_child(council["practitioner"])
        with pytest.raises(ValidationError) as error:
            contact(council["practitioner"], decision(child, rationale=rationale))
        assert message in error.value.message_dict["rationale"][0]
        assert not Contact.objects.exists()
        assert not ChronologyEntry.objects.filter(kind=EntryKind.CONTACT).exists()

    def test_a_next_step_that_contradicts_the_level_must_be_explained(self, council):
        child = make_child(council["practitioner"])
        with pytest.raises(ValidationError) as error:
            contact(
                council["practitioner"], decision(child, level=1, next_step=NextStep.SOCIAL_CARE)
            )
        assert "explain why" in error.value.message_dict["contradiction_explained"][0]
        assert not Contact.objects.exists()
        contact(
            council["practitioner"],
            decision(
                child,
                level=1,
                next_step=NextStep.SOCIAL_CARE,
                contradiction_explained="New disclosure during the call: escalate now.",
            ),
        )
        assert ThresholdDecision.objects.count() == 1

    def test_unknown_codes_and_future_dates_are_refused(self, council):
        child = make_child(council["practitioner"])
        with pytest.raises(ValidationError) as error:
            contact(council["practitioner"], decision(child), source="ZZ")
        assert error.value.message_dict["source"] == ["Select a valid source from the list"]
        with pytest.raises(ValidationError) as error:
            contact(council["practitioner"], decision(child, factors=["99Z"]))
        assert "not a DfE assessment factor" in error.value.message_dict["factors"][0]
        with pytest.raises(ValidationError) as error:
            contact(
                council["practitioner"],
                decision(child),
                received_at=timezone.now() + dt.timedelta(days=2),
            )
        assert "must be now or in the past" in error.value.message_dict["received_at"][0]
        assert not Contact.objects.exists()


class TestEpisodes:
    def test_opening_social_care_on_a_cp_plan_writes_both_to_the_chronology(self, council):
        child = make_child(council["team_manager"])
        episode = services.open_episode(
            services.EpisodeInput(
                child=child,
                kind=EpisodeKind.SOCIAL_CARE,
                team=council.sc_team,
                started_on=TODAY() - dt.timedelta(days=3),
                referral_source="3A",
                primary_need="N1",
                initial_plan=Plan.Kind.CP,
                initial_category="PHY",
            ),
            opened_by=council["team_manager"].user,
        )
        assert episode.plans.get().kind == Plan.Kind.CP
        kinds = set(ChronologyEntry.objects.filter(child=child).values_list("kind", flat=True))
        assert {EntryKind.EPISODE_OPENED, EntryKind.PLAN} <= kinds

    def test_a_team_from_the_wrong_service_is_refused(self, council):
        child = make_child(council["team_manager"])
        with pytest.raises(ValidationError) as error:
            services.open_episode(
                services.EpisodeInput(
                    child=child,
                    kind=EpisodeKind.EARLY_HELP_CAF,
                    team=council.sc_team,
                    started_on=TODAY(),
                ),
                opened_by=council["team_manager"].user,
            )
        assert "does not do early help work" in error.value.message_dict["team"][0]
        assert not Episode.objects.exists()

    def test_a_second_open_episode_of_the_same_kind_is_refused(self, council, sc_child):
        with pytest.raises(ValidationError) as error:
            make_episode(sc_child, council["team_manager"])
        assert "already has open work" in error.value.message_dict["kind"][0]

    def test_closing_ends_allocations_and_plans_the_same_day(self, council, sc_child):
        episode = sc_child.episodes.get()
        services.close_episode(
            episode, ended_on=TODAY(), reason="RC8", note="", closed_by=council["team_manager"].user
        )
        episode.refresh_from_db()
        assert episode.ended_on == TODAY() and episode.closure_reason == "RC8"
        assert not episode.allocations.current().exists()
        assert ChronologyEntry.objects.filter(
            child=sc_child, kind=EntryKind.EPISODE_CLOSED, title__contains="no further action"
        ).exists()

    def test_closing_a_closed_episode_is_refused(self, council, sc_child):
        episode = sc_child.episodes.get()
        user = council["team_manager"].user
        services.close_episode(episode, ended_on=TODAY(), reason="RC8", note="", closed_by=user)
        with pytest.raises(ValidationError) as error:
            services.close_episode(episode, ended_on=TODAY(), reason="RC7", note="", closed_by=user)
        assert "already closed" in error.value.message_dict["__all__"][0]
        assert ChronologyEntry.objects.filter(kind=EntryKind.EPISODE_CLOSED).count() == 1

    def test_an_end_before_the_start_is_refused(self, council, sc_child):
        episode = sc_child.episodes.get()
        with pytest.raises(ValidationError) as error:
            services.close_episode(
                episode,
                ended_on=episode.started_on - dt.timedelta(days=1),
                reason="RC8",
                note="",
                closed_by=council["team_manager"].user,
            )
        assert "on or after the start date" in error.value.message_dict["ended_on"][0]
        episode.refresh_from_db()
        assert episode.is_open

    def test_social_care_closure_reasons_are_dfe_codes(self, council, sc_child):
        with pytest.raises(ValidationError) as error:
            services.close_episode(
                sc_child.episodes.get(),
                ended_on=TODAY(),
                reason="EH1",
                note="",
                closed_by=council["team_manager"].user,
            )
        assert "reason for closure" in error.value.message_dict["reason"][0]


class TestAllocation:
    def test_a_new_worker_takes_over_on_the_day_the_last_one_ends(self, council, sc_child):
        episode = sc_child.episodes.get()
        services.allocate(
            episode,
            worker=council["team_manager"],
            kind=Allocation.Kind.WORKER,
            started_on=TODAY(),
            allocated_by=council["team_manager"].user,
        )
        first, second = episode.allocations.order_by("started_on", "pk")
        assert first.ended_on == second.started_on == TODAY()
        assert second.ended_on is None
        entry = ChronologyEntry.objects.filter(child=sc_child, kind=EntryKind.ALLOCATION).latest(
            "pk"
        )
        assert "Taking over from" in entry.summary

    def test_a_worker_outside_the_service_is_refused(self, council, sc_child):
        with pytest.raises(ValidationError) as error:
            services.allocate(
                sc_child.episodes.get(),
                worker=council["practitioner"],
                kind=Allocation.Kind.WORKER,
                started_on=TODAY(),
                allocated_by=council["team_manager"].user,
            )
        assert (
            "is not in the Children's Social Care service" in error.value.message_dict["worker"][0]
        )

    def test_allocating_closed_work_is_refused(self, council, sc_child):
        episode = sc_child.episodes.get()
        services.close_episode(
            episode, ended_on=TODAY(), reason="RC8", note="", closed_by=council["team_manager"].user
        )
        with pytest.raises(ValidationError):
            services.allocate(
                episode,
                worker=council["social_worker"],
                kind=Allocation.Kind.WORKER,
                started_on=TODAY(),
                allocated_by=council["team_manager"].user,
            )

    def test_an_external_lead_professional_leads_early_help_only(self, council, eh_child, sc_child):
        lead = council["external_lead"]
        services.allocate(
            eh_child.episodes.get(),
            worker=lead,
            kind=Allocation.Kind.LEAD_PROFESSIONAL,
            started_on=TODAY(),
            allocated_by=council["practitioner"].user,
        )
        with pytest.raises(ValidationError) as error:
            services.allocate(
                sc_child.episodes.get(),
                worker=lead,
                kind=Allocation.Kind.LEAD_PROFESSIONAL,
                started_on=TODAY(),
                allocated_by=council["team_manager"].user,
            )
        assert "Only early help work has a lead professional" in error.value.message_dict["kind"][0]
