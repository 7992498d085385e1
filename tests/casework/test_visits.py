"""Visits and case notes: written once for the children they were about, each child's words on
their own chronology, drafts kept private until finished, and the plan's visiting standard."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from journey.cases.models import EpisodeKind
from journey.casework.models import CaseNote, Plan, Visit
from journey.casework.services import start_plan
from journey.casework.visits import services
from journey.casework.visits.selectors import drafts_of
from journey.casework.visits.services import Account, ChildPart, Seen
from journey.chronology.models import ChronologyEntry, EntryKind
from journey.core.models import AccessEvent
from journey.core.working_days import add_working_days
from journey.people.services import form_household
from tests.cases.test_views import date_fields, error_summary, text_of
from tests.factories import make_child, make_episode

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def brother(council, sc_child):
    """Ruby's brother Leo, living with her, his own social care work held by the same worker."""
    leo = make_child(council["team_manager"], first_name="Leo", last_name="Ashworth")
    make_episode(leo, council["team_manager"], allocate_to=council["social_worker"])
    form_household(name="Ashworth household", members=[sc_child, leo])
    return leo


def cp_plan(child, worker, *, days_ago: int = 30) -> Plan:
    return start_plan(
        episode=child.episodes.get(),
        kind=Plan.Kind.CP,
        started_on=TODAY() - dt.timedelta(days=days_ago),
        initial_category="NEG",
        recorded_by=worker.user,
    )


def visit_form(children, **overrides) -> dict:
    """The page's fields for a home visit today at which each child was seen alone."""
    data = {
        "kind": CaseNote.Kind.HOME,
        **date_fields("occurred_on", TODAY()),
        "occurred_time": "00:01",
        "present": "Mum (Anna Ashworth)",
        "observed": "The kitchen was stocked and the children were clean and relaxed.",
        "analysis": "Mum is keeping to the plan.",
        "next_steps": "Visit again next week.",
    }
    for n, child in enumerate(children):
        if n:
            data[f"about_{child.pk}"] = "on"
        data[f"seen_{child.pk}"] = Seen.ALONE
        data[f"words_{child.pk}"] = f"{child.first_name}'s own words"
        data[f"views_method_{child.pk}"] = "talking"
    data.update(overrides)
    return data


def test_a_family_visit_is_one_record_on_each_childs_chronology_with_their_own_words(
    council, sc_child, brother, signed_in
):
    client = signed_in(council["social_worker"])
    form = visit_form(
        [sc_child, brother],
        **{
            f"words_{sc_child.pk}": "I like my new school",
            f"words_{brother.pk}": "Dad shouts at night",
        },
    )
    response = client.post(reverse("record_visit", args=[sc_child.pk]), form)
    assert response.status_code == 302
    assert response.url == reverse("child_chronology", args=[sc_child.pk])
    visit = Visit.objects.get()
    assert not visit.is_draft and visit.parts.count() == 2
    ruby = ChronologyEntry.objects.get(child=sc_child, kind=EntryKind.VISIT)
    leo = ChronologyEntry.objects.get(child=brother, kind=EntryKind.VISIT)
    assert ruby.title == leo.title == "Home visit: child seen alone"
    assert "Ruby said: I like my new school" in ruby.summary
    assert "Dad shouts" not in ruby.summary, "a brother's words stay on his own record"
    assert "Leo said: Dad shouts at night" in leo.summary and "new school" not in leo.summary
    for entry in (ruby, leo):
        assert "The kitchen was stocked" in entry.summary and "Present: Mum" in entry.summary
    page = text_of(client.get(reverse("child_chronology", args=[brother.pk])))
    assert "Home visit: child seen alone" in page


def test_a_sibling_not_ticked_is_left_out(council, sc_child, brother, signed_in):
    form = visit_form([sc_child, brother])
    del form[f"about_{brother.pk}"]
    signed_in(council["social_worker"]).post(reverse("record_visit", args=[sc_child.pk]), form)
    assert CaseNote.objects.get().episode.child == sc_child
    assert not ChronologyEntry.objects.filter(child=brother, kind=EntryKind.VISIT).exists()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            lambda data, child: data.update(date_fields("occurred_on", TODAY() + dt.timedelta(2))),
            "occurred_on",
            "The date and time must be now or in the past",
        ),
        (
            lambda data, child: data.update({f"seen_{child.pk}": Seen.NOT_SEEN}),
            "not_seen_reason_{pk}",
            "Say why Ruby was not seen, and what you will do to see them",
        ),
        (
            lambda data, child: data.pop(f"seen_{child.pk}"),
            "seen_{pk}",
            "Select whether Ruby was seen",
        ),
        (
            lambda data, child: data.update({"observed": "  "}),
            "observed",
            "Enter what happened and what you observed",
        ),
        (
            lambda data, child: data.update({"occurred_time": "25:00"}),
            "occurred_time",
            "Time must be a time like 14:30",
        ),
    ],
)
def test_bad_input_is_named_and_nothing_is_saved(
    council, sc_child, signed_in, change, field, message
):
    form = visit_form([sc_child])
    change(form, sc_child)
    client = signed_in(council["social_worker"])
    response = client.post(reverse("record_visit", args=[sc_child.pk]), form)
    assert response.status_code == 200
    link = error_summary(response)[message]
    assert link.startswith(f"#id_{field.format(pk=sc_child.pk)}"), "a date or radios: its first box"
    assert not Visit.objects.exists() and not CaseNote.objects.exists()
    assert not ChronologyEntry.objects.filter(kind=EntryKind.VISIT).exists()


def test_a_phone_call_does_not_ask_whether_the_child_was_seen(council, sc_child):
    episode = sc_child.episodes.get()
    services.record_visit(
        Account(kind=CaseNote.Kind.PHONE, occurred_at=timezone.now(), observed="Mum rang."),
        [ChildPart(episode=episode, seen=Seen.ALONE)],
        by=council["social_worker"].user,
    )
    note = CaseNote.objects.get()
    assert not note.child_seen, "a phone call never counts as seeing the child"
    entry = ChronologyEntry.objects.get(child=sc_child, kind=EntryKind.CASE_NOTE)
    assert entry.title == "Phone call"


def test_a_visit_before_the_work_started_is_refused(council, sc_child):
    episode = sc_child.episodes.get()
    before = timezone.now() - dt.timedelta(days=400)
    with pytest.raises(ValidationError) as error:
        services.record_visit(
            Account(kind=CaseNote.Kind.NOTE, occurred_at=before, observed="Old news."),
            [ChildPart(episode=episode)],
            by=council["social_worker"].user,
        )
    assert "on or after Ruby's work started" in error.value.message_dict["occurred_at"][0]


# --- drafts ------------------------------------------------------------------------------------


def test_a_draft_is_on_no_chronology_until_its_author_finishes_it(council, sc_child, signed_in):
    sw = council["social_worker"]
    client = signed_in(sw)
    form = visit_form([sc_child], observed="", draft="1")
    response = client.post(reverse("record_visit", args=[sc_child.pk]), form)
    assert response.status_code == 302, "a draft need not be complete"
    draft = Visit.objects.get()
    assert draft.is_draft
    assert not ChronologyEntry.objects.filter(kind=EntryKind.VISIT).exists()
    assert not CaseNote.objects.recorded().exists(), "returns and lists never count a draft"
    summary = text_of(client.get(reverse("child", args=[sc_child.pk])))
    assert "Your draft home visit" in summary

    page = client.get(reverse("visit", args=[draft.pk]))
    assert "Finish your draft home visit" in text_of(page)
    finished = client.post(reverse("visit", args=[draft.pk]), visit_form([sc_child]))
    assert finished.status_code == 302
    draft.refresh_from_db()
    assert not draft.is_draft
    assert ChronologyEntry.objects.filter(child=sc_child, kind=EntryKind.VISIT).count() == 1


def test_only_the_author_finishes_a_draft_and_only_managers_read_it(
    council, sc_child, signed_in, client
):
    sw = council["social_worker"]
    episode = sc_child.episodes.get()
    draft = services.record_visit(
        Account(kind=CaseNote.Kind.HOME, occurred_at=timezone.now(), observed="Half written"),
        [ChildPart(episode=episode)],
        by=sw.user,
        finish=False,
    )
    manager = council["team_manager"]
    with pytest.raises(ValidationError) as error:
        services.continue_draft(
            draft,
            Account(kind=CaseNote.Kind.HOME, occurred_at=timezone.now(), observed="Mine now"),
            [ChildPart(episode=episode, seen=Seen.ALONE)],
            by=manager.user,
            finish=True,
        )
    assert "Only" in error.value.messages[0] and "who began this draft" in error.value.messages[0]

    read = signed_in(manager).get(reverse("visit", args=[draft.pk]))
    assert read.status_code == 200 and "Half written" in text_of(read)
    posted = client.post(reverse("visit", args=[draft.pk]), visit_form([sc_child]))
    assert posted.status_code == 403
    draft.refresh_from_db()
    assert draft.is_draft and draft.observed == "Half written"

    colleague = council["other_social_worker"]
    sc_child.episodes.get()  # the colleague's team never held Ruby's work
    refused = signed_in(colleague).get(reverse("visit", args=[draft.pk]))
    assert refused.status_code == 403


def test_a_draft_waiting_too_long_is_flagged(council, sc_child, settings):
    settings.JOURNEY_DRAFT_FLAG_DAYS = 2
    sw = council["social_worker"]
    draft = services.record_visit(
        Account(kind=CaseNote.Kind.NOTE, occurred_at=timezone.now(), observed="To finish"),
        [ChildPart(episode=sc_child.episodes.get())],
        by=sw.user,
        finish=False,
    )
    assert [d.is_late for d in drafts_of(sw.user)] == [False]
    Visit.objects.filter(pk=draft.pk).update(started_at=timezone.now() - dt.timedelta(days=3))
    assert [d.is_late for d in drafts_of(sw.user)] == [True]


# --- who may record --------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["qa_officer", "external_lead", "reviewer"])
def test_roles_that_do_not_record_social_care_casework_are_refused_and_it_is_logged(
    council, sc_child, signed_in, role
):
    client = signed_in(council[role])
    response = client.get(reverse("record_visit", args=[sc_child.pk]))
    assert response.status_code == 403
    response = client.post(reverse("record_visit", args=[sc_child.pk]), visit_form([sc_child]))
    assert response.status_code == 403
    assert not Visit.objects.exists()
    assert AccessEvent.objects.filter(
        child=sc_child, user=council[role].user, action=AccessEvent.Action.DENIED
    ).exists()


def test_a_partner_lead_professional_records_a_visit_to_their_family(council, eh_child, signed_in):
    from journey.cases import services as case_services
    from journey.workforce.models import Allocation

    lead = council["external_lead"]
    case_services.allocate(
        eh_child.episodes.get(),
        worker=lead,
        kind=Allocation.Kind.LEAD_PROFESSIONAL,
        started_on=TODAY(),
        allocated_by=council["practitioner"].user,
    )
    form = visit_form([eh_child], kind=CaseNote.Kind.SCHOOL)
    response = signed_in(lead).post(reverse("record_visit", args=[eh_child.pk]), form)
    assert response.status_code == 302
    assert ChronologyEntry.objects.get(child=eh_child, kind=EntryKind.VISIT).title == (
        "Visit at school: child seen alone"
    )


# --- the visiting standard -------------------------------------------------------------------


def test_a_child_protection_plan_is_visited_every_ten_working_days_by_default(council, sc_child):
    plan = cp_plan(sc_child, council["team_manager"], days_ago=30)
    assert plan.visit_due_on == add_working_days(plan.started_on, 10)
    services.record_visit(
        Account(kind=CaseNote.Kind.VISIT, occurred_at=timezone.now(), observed="Seen at home"),
        [ChildPart(episode=plan.episode, seen=Seen.WITH_OTHERS)],
        by=council["social_worker"].user,
    )
    plan.refresh_from_db()
    assert plan.visit_due_on == add_working_days(TODAY(), 10)


def test_a_visit_at_which_the_child_was_not_seen_does_not_reset_the_clock(council, sc_child):
    plan = cp_plan(sc_child, council["team_manager"], days_ago=30)
    due = plan.visit_due_on
    services.record_visit(
        Account(kind=CaseNote.Kind.VISIT, occurred_at=timezone.now(), observed="No answer"),
        [ChildPart(episode=plan.episode, seen=Seen.NOT_SEEN, not_seen_reason="Nobody home")],
        by=council["social_worker"].user,
    )
    plan.refresh_from_db()
    assert plan.visit_due_on == due < TODAY(), "still overdue"


def test_a_plan_sets_its_own_visiting_standard(council, sc_child, signed_in):
    plan = cp_plan(sc_child, council["team_manager"], days_ago=3)
    client = signed_in(council["social_worker"])
    url = reverse("visiting_standard", args=[plan.pk])
    refused = client.post(url, {"visit_every": "0"})
    assert error_summary(refused) == {
        "Enter a number of working days of 1 or more": "#id_visit_every"
    }
    with pytest.raises(ValidationError):
        services.set_visiting_standard(plan, 0, by=council["social_worker"].user)
    response = client.post(url, {"visit_every": "5"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.visit_every == 5
    assert plan.visit_due_on == add_working_days(plan.started_on, 5)


def test_early_help_has_no_visiting_standard(council, eh_child):
    episode = eh_child.episodes.get()
    assert episode.kind == EpisodeKind.EARLY_HELP_CAF
    plan = episode.plans.first()
    assert plan is None or plan.visit_due_on is None
