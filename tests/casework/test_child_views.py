"""The child's views and the parents' views on every record, and the family's evidence of the
benefit of help (R8): the rule, nothing half-saved, the closures, the measures."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from journey.cases.models import ClosureViews
from journey.casework.measures import CHILD_VIEWS_RECORDED, FAMILY_BENEFIT
from journey.casework.models import FamilyBenefit, Meeting, ViewsRecord
from journey.casework.services import (
    BenefitInput,
    close_work,
    record_family_benefit,
    record_meeting,
)
from journey.chronology.models import ChronologyEntry, EntryKind
from journey.core.measures import Window, council_tally, get
from journey.core.views_of_child import ViewsInput, check_views
from tests.casework.helpers import date_fields, error_summary, text_of
from tests.factories import views_of

TODAY = timezone.localdate


@pytest.mark.parametrize(
    ("views", "field", "words"),
    [
        (ViewsInput(child_views="I like school."), "child_views_method", "how"),
        (ViewsInput(child_views_method="talking"), "child_views", "own words"),
        (ViewsInput(child_views_method="not_obtained"), "child_views_not_obtained", "why"),
        (
            ViewsInput(
                child_views="I like school.",
                child_views_method="not_obtained",
                child_views_not_obtained="A baby",
            ),
            "child_views",
            "remove their views",
        ),
        (
            ViewsInput(child_views_not_obtained="Asleep"),
            "child_views_not_obtained",
            "“Not obtained”",
        ),
        (
            ViewsInput(child_views="Hi", child_views_method="telepathy"),
            "child_views_method",
            "list",
        ),
    ],
)
def test_the_rule_names_the_field_and_the_fix(views, field, words):
    with pytest.raises(ValidationError) as error:
        check_views(views)
    assert words in error.value.message_dict[field][0]


def test_views_are_not_mandatory_and_are_kept_trimmed():
    assert check_views(ViewsInput()) == ViewsInput()
    kept = check_views(ViewsInput(child_views="  Hi  ", child_views_method="play"))
    assert kept.child_views == "Hi"


def test_a_meeting_keeps_its_views_and_says_them_on_the_chronology(council, sc_child):
    episode = sc_child.episodes.get()
    meeting = record_meeting(
        episode=episode,
        kind=Meeting.Kind.CIN_REVIEW,
        held_on=TODAY(),
        recorded_by=council["social_worker"].user,
        views=views_of("I want to live with Nan.", parents="Dad wants more contact."),
    )
    meeting.refresh_from_db()
    assert meeting.child_views_method == "talking"
    assert meeting.parent_views == "Dad wants more contact."
    with pytest.raises(ValidationError):
        record_meeting(
            episode=episode,
            kind=Meeting.Kind.CIN_REVIEW,
            held_on=TODAY(),
            recorded_by=council["social_worker"].user,
            views=ViewsInput(child_views="No method"),
        )
    assert Meeting.objects.count() == 1


def benefit(episode, **changes) -> BenefitInput:
    data = {
        "episode": episode,
        "given_by": FamilyBenefit.GivenBy.PARENT,
        "at": FamilyBenefit.At.CLOSURE,
        "score": FamilyBenefit.Score.A_LOT,
        "given_on": TODAY(),
        "words": "We have a routine now.",
    }
    return BenefitInput(**{**data, **changes})


def test_the_family_benefit_is_recorded_with_its_chronology_entry(council, sc_child):
    episode = sc_child.episodes.get()
    item = record_family_benefit(benefit(episode), by=council["social_worker"].user)
    assert item.child_id == sc_child.pk and item.source == FamilyBenefit.Source.WORKER
    entry = ChronologyEntry.objects.get(source_model="familybenefit")
    assert entry.kind == EntryKind.VIEWS and "a lot" in entry.title
    assert entry.summary == "We have a routine now."


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"score": None}, "benefit_score"),
        ({"score": 9}, "benefit_score"),
        ({"given_by": ""}, "benefit_given_by"),
        ({"given_on": None}, "benefit_given_on"),
        ({"given_on": dt.date.today() + dt.timedelta(days=2)}, "benefit_given_on"),
        ({"at": "whenever"}, "benefit_at"),
    ],
)
def test_a_bad_benefit_is_refused_naming_the_field(council, sc_child, change, field):
    with pytest.raises(ValidationError) as error:
        record_family_benefit(
            benefit(sc_child.episodes.get(), **change), by=council["social_worker"].user
        )
    assert field in error.value.message_dict
    assert not FamilyBenefit.objects.exists()


def test_a_link_answer_needs_no_worker_but_a_worker_answer_does(council, sc_child):
    episode = sc_child.episodes.get()
    with pytest.raises(ValidationError):
        record_family_benefit(benefit(episode), by=None)
    sent = record_family_benefit(benefit(episode, source=FamilyBenefit.Source.LINK), by=None)
    assert sent.recorded_by is None


def test_a_closure_with_a_bad_benefit_closes_nothing(council, sc_child):
    episode = sc_child.episodes.get()
    with pytest.raises(ValidationError):
        close_work(
            episode,
            ended_on=TODAY(),
            reason="RC8",
            note="Case closed after assessment",
            by=council["social_worker"].user,
            views=views_of("I'm OK now."),
            benefit=benefit(episode, score=None),
        )
    episode.refresh_from_db()
    assert episode.is_open and not ClosureViews.objects.exists()


def test_the_social_care_closure_page_keeps_the_views_and_the_benefit(council, sc_child, signed_in):
    episode = sc_child.episodes.get()
    url = reverse("close_episode", args=[episode.pk])
    client = signed_in(council["social_worker"])
    page = client.get(url)
    text = text_of(page)
    for words in (
        "The child's views",
        "The parents' or carers' views",
        "How much difference has the help made?",
        "Through an advocate",
    ):
        assert words in text
    form = {
        **date_fields("ended_on", TODAY()),
        "reason": "RC8",
        "note": "Case closed after assessment",
        "child_views": "I feel safe now.",
        "parent_views": "Mum says the help worked.",
        **date_fields("benefit_given_on", None),
    }
    refused = client.post(url, form)
    assert error_summary(refused) == {
        "Select how the child's views were obtained": "#id_child_views_method_0"
    }
    episode.refresh_from_db()
    assert episode.is_open
    done = client.post(
        url,
        {
            **form,
            "child_views_method": "play",
            "benefit_given_by": "parent",
            "benefit_score": "5",
            "benefit_words": "It changed everything.",
        },
    )
    assert done.status_code == 302
    episode.refresh_from_db()
    views = episode.closure_views
    assert not episode.is_open and views.child_views == "I feel safe now."
    assert views.child_views_method == "play" and views.parent_views.startswith("Mum")
    given = FamilyBenefit.objects.get()
    assert given.score == 5 and given.given_on == TODAY() and given.at == "closure"


def test_child_views_recorded_counts_each_record_once_by_team_and_worker(council, sc_child):
    episode = sc_child.episodes.get()
    by = council["social_worker"].user
    for views in (views_of("Yes"), views_of(not_obtained="A baby"), ViewsInput()):
        record_meeting(
            episode=episode,
            kind=Meeting.Kind.CIN_REVIEW,
            held_on=TODAY(),
            recorded_by=by,
            views=views,
        )
    window = Window.month(TODAY(), TODAY())
    assert get("child_views_recorded") is CHILD_VIEWS_RECORDED
    tally = council_tally(CHILD_VIEWS_RECORDED.groups(window))
    assert (tally.numerator, tally.denominator) == (1, 3)
    groups = CHILD_VIEWS_RECORDED.groups(window)
    assert list(groups) == [(episode.team_id, council["social_worker"].pk)]
    counted = CHILD_VIEWS_RECORDED.items(window)
    assert {r.kind for r in counted} == {ViewsRecord.Kind.MEETING}
    assert {r.figure_child for r in counted} == {sc_child.pk}


def test_family_benefit_is_the_share_saying_a_lot_or_a_great_deal(council, sc_child):
    episode = sc_child.episodes.get()
    by = council["social_worker"].user
    for score in (5, 4, 2, 1):
        record_family_benefit(benefit(episode, score=score), by=by)
    assert get("family_benefit") is FAMILY_BENEFIT
    tally = council_tally(FAMILY_BENEFIT.groups(Window.month(TODAY(), TODAY())))
    assert (tally.numerator, tally.denominator) == (2, 4)


def test_the_figures_are_one_query(council, sc_child, django_assert_num_queries):
    window = Window.month(TODAY(), TODAY())
    for measure in (CHILD_VIEWS_RECORDED, FAMILY_BENEFIT):
        with django_assert_num_queries(1):
            measure.groups(window)
