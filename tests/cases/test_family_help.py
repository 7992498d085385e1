"""Family Help (Families First): one episode for targeted and section 17 help, led by a lead
practitioner from any agency, with a lead child protection practitioner for section 47 work; and
who sees what of it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journey.cases.family_help.services import begin_section17, end_section17
from journey.cases.models import EpisodeKind, Section17Period
from journey.cases.services import EpisodeInput, allocate, open_episode
from journey.casework.models import EnquiryMember, Plan, Section47
from journey.casework.statutory.services import (
    ConferenceDecision,
    end_plan,
    hold_initial_conference,
    record_section47_outcome,
)
from journey.chronology.models import ChronologyEntry
from journey.core.models import AccessEvent
from journey.workforce.models import Allocation
from tests.factories import make_child
from tests.family_help import START, TODAY, in_need, strategy

# --- Opening Family Help -----------------------------------------------------------------------


def test_a_family_help_team_opens_family_help_and_the_older_teams_do_not(council, fh):
    child = make_child(council["practitioner"])
    with pytest.raises(ValidationError) as refused:
        open_episode(
            EpisodeInput(
                child=child, kind=EpisodeKind.EARLY_HELP_CAF, team=fh["team"], started_on=START
            ),
            opened_by=fh["manager"].user,
        )
    assert "works as Family Help" in str(refused.value)
    with pytest.raises(ValidationError) as refused:
        open_episode(
            EpisodeInput(
                child=child, kind=EpisodeKind.FAMILY_HELP, team=council.eh_team, started_on=START
            ),
            opened_by=fh["manager"].user,
        )
    assert "does not work as Family Help" in str(refused.value)
    assert not child.episodes.exists()


def test_family_help_may_open_with_the_child_in_need_and_their_cin_details(council, fh):
    child = make_child(fh["manager"])
    episode = open_episode(
        EpisodeInput(
            child=child,
            kind=EpisodeKind.FAMILY_HELP,
            team=fh["team"],
            started_on=START,
            in_need=True,
            referral_source="3B",
            primary_need="N1",
        ),
        opened_by=fh["manager"].user,
    )
    period = episode.section17_periods.get()
    assert (period.started_on, period.referral_source, period.primary_need) == (START, "3B", "N1")


# --- Changes of intensity ------------------------------------------------------------------------


def test_a_manager_raises_and_lowers_the_intensity_inside_one_episode(fh):
    period = in_need(fh)
    end_section17(
        fh["episode"],
        ended_on=TODAY - dt.timedelta(days=10),
        closure_reason="RC7",
        reason="Home is calmer and the child is in school every day.",
        decided_by=fh["manager"],
    )
    period.refresh_from_db()
    assert period.ended_on == TODAY - dt.timedelta(days=10) and period.closure_reason == "RC7"
    # Same episode, same lead practitioner throughout: no hand-over, no gap.
    assert fh["child"].episodes.count() == 1
    lead = fh["episode"].allocations.get(kind=Allocation.Kind.LEAD_PROFESSIONAL)
    assert lead.ended_on is None
    titles = list(ChronologyEntry.objects.filter(child=fh["child"]).values_list("title", flat=True))
    assert "Family Help: a child in need (section 17)" in titles
    assert any("targeted help continues" in t for t in titles)


def test_a_new_period_in_need_cannot_overlap_the_last(fh):
    in_need(fh, days_ago=100)
    end_section17(
        fh["episode"],
        ended_on=TODAY - dt.timedelta(days=50),
        closure_reason="RC7",
        reason="Home is calmer and the child is in school every day.",
        decided_by=fh["manager"],
    )
    with pytest.raises(ValidationError) as refused:
        in_need(fh, days_ago=50)
    assert "must start after it" in str(refused.value)
    assert Section17Period.objects.count() == 1


def test_no_change_of_intensity_without_a_lead_practitioner(fh):
    fh["episode"].allocations.update(ended_on=TODAY - dt.timedelta(days=1))
    with pytest.raises(ValidationError) as refused:
        in_need(fh)
    assert "no lead practitioner" in str(refused.value)
    assert not Section17Period.objects.exists()


# --- Child protection inside Family Help ---------------------------------------------------------


def test_every_enquiry_in_family_help_has_a_lead_child_protection_practitioner(council, fh):
    in_need(fh)
    with pytest.raises(ValidationError) as refused:
        strategy(fh, council, lead=None, lead_practitioner=None)
    assert "lead child protection practitioner" in str(refused.value)
    assert not Section47.objects.exists()


def test_a_lead_without_social_work_registration_is_refused_and_nothing_is_saved(council, fh):
    in_need(fh)
    fh["lcpp"].registration_body = ""
    fh["lcpp"].save()
    with pytest.raises(ValidationError) as refused:
        strategy(fh, council)
    assert "no Social Work England registration" in str(refused.value)
    assert not Section47.objects.exists()
    assert not fh["episode"].meetings.exists()


def test_a_newly_qualified_social_worker_cannot_lead_child_protection(council, fh, settings):
    settings.JOURNEY_LCPP_YEARS_QUALIFIED = 3
    fh["lcpp"].qualified_on = TODAY - dt.timedelta(days=400)
    fh["lcpp"].save()
    with pytest.raises(ValidationError) as refused:
        strategy(fh, council)
    assert "qualified less than 3 years ago" in str(refused.value)


def test_a_strategy_discussion_in_family_help_records_the_police_and_health(council, fh):
    with pytest.raises(ValidationError) as refused:
        strategy(fh, council, participants=[])
    assert "the police and health" in str(refused.value)


def test_into_child_protection_and_back_with_both_leads_and_no_gap(council, fh):
    """Targeted Family Help becomes section 17 work the day of the strategy discussion; the lead
    child protection practitioner joins beside the Family Help lead; when the plan ends they and
    the team's members step back and the Family Help lead carries on."""
    strategy(fh, council, days_ago=90)
    episode = fh["episode"]
    assert episode.section17_periods.current().get().started_on == TODAY - dt.timedelta(days=90)
    current = {a.kind: a.worker for a in episode.allocations.current()}
    assert current == {
        Allocation.Kind.LEAD_PROFESSIONAL: council["external_lead"],
        Allocation.Kind.LEAD_CP_PRACTITIONER: fh["lcpp"],
    }
    enquiry = episode.section47s.get()
    record_section47_outcome(
        enquiry, outcome="icpc", completed_on=TODAY - dt.timedelta(days=85), by=fh["lcpp"].user
    )
    hold_initial_conference(
        episode=episode,
        held_on=TODAY - dt.timedelta(days=80),
        decision=ConferenceDecision.CP_PLAN,
        category="NEG",
        section47=enquiry,
        recorded_by=fh["lcpp"].user,
    )
    assert EnquiryMember.objects.current().count() == 1  # still on it while the plan runs
    end_plan(
        episode.plans.get(kind=Plan.Kind.CP),
        ended_on=TODAY - dt.timedelta(days=5),
        by=fh["lcpp"].user,
        note="The risk has reduced; Family Help continues.",
    )
    lcpp = episode.allocations.get(kind=Allocation.Kind.LEAD_CP_PRACTITIONER)
    assert lcpp.ended_on == TODAY - dt.timedelta(days=5)
    assert not EnquiryMember.objects.current().exists()
    lead = episode.allocations.get(kind=Allocation.Kind.LEAD_PROFESSIONAL)
    assert lead.ended_on is None
    # Still a child in need until a manager decides otherwise.
    assert episode.section17_periods.current().exists()


def test_section_17_status_cannot_end_while_an_enquiry_is_under_way(council, fh):
    strategy(fh, council)
    with pytest.raises(ValidationError) as refused:
        end_section17(
            fh["episode"],
            ended_on=TODAY,
            closure_reason="RC7",
            reason="The family say things are better now.",
            decided_by=fh["manager"],
        )
    assert "section 47 enquiry is under way" in str(refused.value)


# --- Who sees what -------------------------------------------------------------------------------


def _record(client, user, episode):
    client.force_login(user)
    return client.get(reverse("social_care_record", args=[episode.pk]))


def test_the_partner_lead_sees_the_summary_shared_and_never_the_enquiry(client, council, fh):
    strategy(fh, council)
    page = _record(client, council["external_lead"].user, fh["episode"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "An enquiry is under way: keep visiting as planned." in html
    assert "Two call-outs this year" not in html  # the police's information stays with the team
    assert "Section 47 enquiries" not in html
    # Their chronology has Family Help, not the enquiry.
    client.get(reverse("child_chronology", args=[fh["child"].pk]))
    chronology = client.get(reverse("child_chronology", args=[fh["child"].pk])).content.decode()
    assert "a child in need (section 17)" in chronology
    assert "Section 47 enquiry started" not in chronology
    assert "Strategy discussion" not in chronology


def test_the_team_member_from_the_police_sees_the_enquiry_only_while_on_it(client, council, fh):
    officer = council["cp_partner"]
    client.force_login(officer.user)
    chronology = reverse("child_chronology", args=[fh["child"].pk])
    assert client.get(chronology).status_code == 403  # not on an enquiry yet
    strategy(fh, council)
    page = client.get(chronology).content.decode()
    assert "Section 47 enquiry started" in page
    assert "Family Help opened" not in page  # the child's other records are not theirs
    record = client.get(reverse("social_care_record", args=[fh["episode"].pk])).content.decode()
    assert "Section 47 enquiries" in record and "Two call-outs this year" not in record
    assert "reasonable cause to suspect" not in record  # why the child is in need
    EnquiryMember.objects.update(left_on=TODAY)
    assert client.get(chronology).status_code == 403
    refusals = AccessEvent.objects.filter(user=officer.user, action=AccessEvent.Action.DENIED)
    assert refusals.count() == 2


def test_a_team_member_never_records_casework(council, fh):
    from journey.access.rules import may_record_casework

    assert not may_record_casework(council["cp_partner"].user)


def test_only_a_manager_changes_the_intensity(client, council, fh):
    url = reverse("begin_section17", args=[fh["episode"].pk])
    client.force_login(council["external_lead"].user)
    assert client.get(url).status_code == 403
    client.force_login(fh["manager"].user)
    page = client.post(
        url,
        {
            "started_on_0": TODAY.day,
            "started_on_1": TODAY.month,
            "started_on_2": TODAY.year,
            "referral_source": "2A",
            "primary_need": "",
            "reason": "The school describes a family in acute stress after a bereavement.",
        },
    )
    assert page.status_code == 200
    assert "govuk-error-summary" in page.content.decode()
    assert not Section17Period.objects.exists()


def test_the_family_help_record_shows_both_leads(client, council, fh):
    strategy(fh, council)
    html = _record(client, fh["manager"].user, fh["episode"]).content.decode()
    assert "Family Help record" in html
    assert str(council["external_lead"]) in html and str(fh["lcpp"]) in html
    assert "SW100200" in html
    assert "reasonable cause to suspect" in html  # the council sees why the child is in need


# --- The no-gap property, in Family Help ---------------------------------------------------------


def _days(allocations, today) -> set[dt.date]:
    days: set[dt.date] = set()
    for a in allocations:
        day, last = a.started_on, a.ended_on or today
        while day <= last:
            days.add(day)
            day += dt.timedelta(days=1)
    return days


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    started_days_ago=st.integers(min_value=60, max_value=300),
    in_need_after=st.one_of(st.none(), st.integers(min_value=0, max_value=20)),
    lead_changes_after=st.one_of(st.none(), st.integers(min_value=1, max_value=50)),
    cp_after=st.integers(min_value=21, max_value=40),
    plan_lasts=st.one_of(st.none(), st.integers(min_value=1, max_value=15)),
)
def test_never_a_day_without_a_lead_and_never_child_protection_without_its_lead(
    council, fh, started_days_ago, in_need_after, lead_changes_after, cp_after, plan_lasts
):
    """Whatever the order of changes (in need or not, a new lead practitioner, into child
    protection and, maybe, out again), Family Help always has its lead practitioner; every day of
    an enquiry or plan has a lead child protection practitioner; section 17 covers them all."""
    manager, lcpp = fh["manager"], fh["lcpp"]
    started = TODAY - dt.timedelta(days=started_days_ago)
    child = make_child(manager)
    episode = open_episode(
        EpisodeInput(
            child=child, kind=EpisodeKind.FAMILY_HELP, team=fh["team"], started_on=started
        ),
        opened_by=manager.user,
    )
    allocate(
        episode,
        worker=council["external_lead"],
        kind=Allocation.Kind.LEAD_PROFESSIONAL,
        started_on=started,
        allocated_by=manager.user,
    )
    if in_need_after is not None:
        begin_section17(
            episode,
            started_on=started + dt.timedelta(days=in_need_after),
            referral_source="2A",
            primary_need="N4",
            reason="The school describes a family in acute stress after a bereavement.",
            decided_by=manager,
        )
    if lead_changes_after is not None:
        allocate(
            episode,
            worker=council["practitioner"],
            kind=Allocation.Kind.LEAD_PROFESSIONAL,
            started_on=started + dt.timedelta(days=lead_changes_after),
            allocated_by=manager.user,
        )
    strategy_on = started + dt.timedelta(days=cp_after)
    fh_for_child = {**fh, "episode": episode}
    strategy(fh_for_child, council, days_ago=(TODAY - strategy_on).days)
    enquiry = episode.section47s.get()
    conference_on = strategy_on + dt.timedelta(days=5)
    record_section47_outcome(
        enquiry, outcome="icpc", completed_on=strategy_on + dt.timedelta(days=2), by=lcpp.user
    )
    hold_initial_conference(
        episode=episode,
        held_on=conference_on,
        decision=ConferenceDecision.CP_PLAN,
        category="NEG",
        section47=enquiry,
        recorded_by=lcpp.user,
    )
    if plan_lasts is not None:
        end_plan(
            episode.plans.get(kind=Plan.Kind.CP),
            ended_on=conference_on + dt.timedelta(days=plan_lasts),
            by=lcpp.user,
            note="The risk has reduced; Family Help continues.",
        )
    allocations = list(episode.allocations.all())
    leads = [a for a in allocations if a.kind == Allocation.Kind.LEAD_PROFESSIONAL]
    every_day = {started + dt.timedelta(days=n) for n in range((TODAY - started).days + 1)}
    assert every_day <= _days(leads, TODAY)
    cp_plan = episode.plans.get(kind=Plan.Kind.CP)
    protection_days = {
        strategy_on + dt.timedelta(days=n)
        for n in range(((cp_plan.ended_on or TODAY) - strategy_on).days + 1)
    }
    cp_leads = [a for a in allocations if a.kind == Allocation.Kind.LEAD_CP_PRACTITIONER]
    assert protection_days <= _days(cp_leads, TODAY)
    periods = list(episode.section17_periods.all())
    assert len(periods) == 1 and periods[0].started_on <= strategy_on
    if plan_lasts is not None:
        assert not episode.allocations.current().filter(kind="lead_cp").exists()
        assert episode.allocations.current().filter(kind="lead_professional").exists()


def test_the_partner_lead_is_not_told_of_the_protection_plan_on_the_summary(client, council, fh):
    strategy(fh, council, days_ago=30)
    episode = fh["episode"]
    lcpp = fh["lcpp"].user
    enquiry = episode.section47s.get()
    record_section47_outcome(
        enquiry, outcome="icpc", completed_on=TODAY - dt.timedelta(25), by=lcpp
    )
    hold_initial_conference(
        episode=episode,
        held_on=TODAY - dt.timedelta(days=20),
        decision=ConferenceDecision.CP_PLAN,
        category="NEG",
        section47=enquiry,
        recorded_by=lcpp,
    )
    plan = episode.plans.get(kind=Plan.Kind.CP)
    client.force_login(council["external_lead"].user)
    summary = client.get(reverse("child", args=[fh["child"].pk])).content.decode()
    assert "Family Help lead practitioner" in summary and str(fh["lcpp"]) in summary
    assert "Child protection plan" not in summary
    assert client.get(reverse("visiting_standard", args=[plan.pk])).status_code == 403
    client.force_login(fh["manager"].user)
    summary = client.get(reverse("child", args=[fh["child"].pk])).content.decode()
    assert "Child protection plan: at least every 10 working days" in summary


def test_my_work_lists_a_team_members_enquiries_in_constant_queries(client, council, fh):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    officer = council["cp_partner"]
    client.force_login(officer.user)
    page = client.get(reverse("my_work")).content.decode()
    assert "Section 47 enquiries you are on (0)" in page
    strategy(fh, council)
    with CaptureQueriesContext(connection) as one:
        page = client.get(reverse("my_work")).content.decode()
    assert "Section 47 enquiries you are on (1)" in page and fh["child"].full_name in page
    assert str(fh["lcpp"]) in page
    other = {**fh, "child": make_child(fh["manager"])}
    other["episode"] = open_episode(
        EpisodeInput(
            child=other["child"], kind=EpisodeKind.FAMILY_HELP, team=fh["team"], started_on=START
        ),
        opened_by=fh["manager"].user,
    )
    allocate(
        other["episode"],
        worker=council["external_lead"],
        kind=Allocation.Kind.LEAD_PROFESSIONAL,
        started_on=START,
        allocated_by=fh["manager"].user,
    )
    strategy(other, council)
    with CaptureQueriesContext(connection) as two:
        page = client.get(reverse("my_work")).content.decode()
    assert "Section 47 enquiries you are on (2)" in page
    assert len(two.captured_queries) == len(one.captured_queries)


def test_family_help_held_by_its_lead_practitioner_is_not_unallocated(council, fh):
    from journey.my_work.selectors import service_figures
    from journey.workforce.models import Team
    from journey.workforce.selectors import team_work

    (figures,) = service_figures(Team.objects.filter(pk=fh["team"].pk), TODAY)
    assert (figures.open_work, figures.unallocated) == (1, 0)
    (row,) = team_work(fh["team"], fh["manager"].user)["rows"]
    assert row.worker_last == council["external_lead"].user.last_name
    fh["episode"].allocations.update(ended_on=TODAY)
    (figures,) = service_figures(Team.objects.filter(pk=fh["team"].pk), TODAY)
    assert figures.unallocated == 1


def test_the_framework_carries_its_family_help_wording_and_next_step(client, council):
    from journey.cases.models import FamilyHelpDescriptor, NextStep, ThresholdFramework
    from journey.cases.services import DecisionInput, validate_decision

    old = ThresholdFramework.objects.create(
        name="Continuum 2020", effective_from=dt.date(2020, 1, 1)
    )
    new = ThresholdFramework.objects.create(name="Families First", effective_from=START)
    FamilyHelpDescriptor.objects.create(
        framework=new,
        intensity="in_need",
        levels="Level 4",
        descriptor="Section 17 in Family Help.",
    )
    child = make_child(council["social_worker"])
    client.force_login(council["social_worker"].user)
    page = client.get(reverse("record_contact", args=[child.pk])).content.decode()
    assert "Families First" in page and "Section 17 in Family Help." in page
    assert not old.family_help_descriptors.exists()  # each version keeps its own wording
    rationale = "The school and health visitor describe a family under acute stress this term."
    validate_decision(DecisionInput(child, 3, NextStep.FAMILY_HELP, rationale))
    with pytest.raises(ValidationError) as refused:
        validate_decision(DecisionInput(child, 1, NextStep.FAMILY_HELP, rationale))
    assert "does not usually follow level 1" in str(refused.value)


def test_the_team_view_lists_the_child_protection_team_by_agency(client, council, fh):
    strategy(fh, council)
    cp_team = council["cp_partner"].team
    client.force_login(council["head_of_service"].user)
    page = client.get(reverse("team"), {"team": cp_team.pk}).content.decode()
    assert "Members of the multi-agency child protection team" in page
    members = page[page.index("data-team-members") :]
    assert "Fairshire Police" in members and council["cp_partner"].name in members
    assert "Social Work England SW100200" in members


def test_neither_partner_opens_the_others_records_by_their_address(client, council, fh):
    strategy(fh, council, days_ago=30)
    episode = fh["episode"]
    lcpp = fh["lcpp"].user
    enquiry = episode.section47s.get()
    record_section47_outcome(
        enquiry, outcome="icpc", completed_on=TODAY - dt.timedelta(25), by=lcpp
    )
    hold_initial_conference(
        episode=episode,
        held_on=TODAY - dt.timedelta(days=20),
        decision=ConferenceDecision.CP_PLAN,
        category="NEG",
        section47=enquiry,
        recorded_by=lcpp,
    )
    cp_plan = episode.plans.get(kind=Plan.Kind.CP)
    child = fh["child"].pk

    def source(model, pk):
        return reverse("chronology_source", args=[child, "casework", model, pk])

    client.force_login(council["external_lead"].user)  # Family Help's lead practitioner
    assert client.get(source("plan", cp_plan.pk)).status_code == 403
    assert client.get(source("section47", enquiry.pk)).status_code == 403
    client.force_login(council["cp_partner"].user)  # the police member of the team
    assert client.get(source("plan", cp_plan.pk)).status_code == 200
    period = episode.section17_periods.get()
    reason = reverse("chronology_source", args=[child, "cases", "section17period", period.pk])
    assert client.get(reason).status_code == 403
