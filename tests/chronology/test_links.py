"""Every chronology entry links to its source record, and that link opens (issue 13).

Each app registers the records its services put on a chronology (chronology.sources); an entry
whose source nobody registered cannot be built. Here the tiny demo council's chronologies, which
hold every kind of entry the services write, are walked: one entry of each (source, kind), its
link opened as the assistant director, who may see every unrestricted child.
"""

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from journey.cases.models import Episode, EpisodeKind
from journey.casework.models import Plan, PlanReview
from journey.casework.statutory import services as statutory
from journey.chronology.models import ChronologyEntry, EntryKind
from journey.chronology.services import build_entry
from journey.chronology.sources import linkable_sources
from journey.core.identifiers import make_upn
from journey.people.services import correct_child_details
from journey.workforce.models import Role, Team, Worker

AS_OF = dt.date(2026, 11, 1)


def record_what_the_tiny_council_lacks() -> None:
    """The tiny council is too small for emergency protection (about 1 in 20 enquiries) and has no
    corrected details, and no service records a plan review without its conference, which the
    model allows: add one of each, the first two through their services."""
    episode = (
        Episode.objects.open().filter(kind=EpisodeKind.SOCIAL_CARE, child__is_restricted=False)
    ).order_by("pk")[0]
    by = episode.allocations.order_by("pk").first().worker.user
    statutory.record_emergency_protection(
        episode,
        kind="police",
        started_on=episode.started_on + dt.timedelta(days=1),
        ended_on=episode.started_on + dt.timedelta(days=2),
        note="Police used their powers of protection after an incident at home.",
        recorded_by=by,
    )
    correct_child_details(
        episode.child,
        {"upn": make_upn("999", 7)},
        reason="The school sent the wrong UPN with the referral",
        corrected_by=by,
    )
    plan = Plan.objects.filter(kind=Plan.Kind.CP, episode__child__is_restricted=False)[0]
    review = PlanReview.objects.create(
        plan=plan, reviewed_on=plan.started_on, category=plan.latest_category, recorded_by=by
    )
    statutory.review_entry(review).save()


@pytest.fixture
def demo_entries(tiny_council) -> list[ChronologyEntry]:
    record_what_the_tiny_council_lacks()
    kinds = (
        ChronologyEntry.objects.filter(child__is_restricted=False)
        .order_by()
        .values_list("source_app", "source_model", "kind")
        .distinct()
    )
    return [
        ChronologyEntry.objects.filter(
            child__is_restricted=False, source_app=app, source_model=model, kind=kind
        )
        .order_by("pk")
        .first()
        for app, model, kind in kinds
    ]


def test_the_demo_council_writes_every_kind_of_entry_from_every_registered_source(demo_entries):
    sources = {(entry.source_app, entry.source_model) for entry in demo_entries}
    kinds = {entry.kind for entry in demo_entries}
    assert sources == set(linkable_sources())
    assert kinds == set(EntryKind.values)


def test_the_link_of_every_kind_of_entry_opens_the_record(client, demo_entries):
    director = Worker.objects.filter(role=Role.ASSISTANT_DIRECTOR).first()
    client.force_login(director.user)
    for entry in demo_entries:
        url = reverse(
            "chronology_source",
            args=[entry.child_id, entry.source_app, entry.source_model, entry.source_pk],
        )
        response = client.get(url, follow=True)
        where = f"{entry.source_app}.{entry.source_model} ({entry.kind}): {url}"
        assert response.status_code == 200, where
        assert response.redirect_chain or b"govuk-summary-list" in response.content, where
        if entry.source_model == "section47":
            assert "Section 47 enquiry from" in response.content.decode()
            assert "Section47" not in response.content.decode()


def test_an_entry_cannot_be_built_from_a_record_nobody_registered(db):
    team = Team(name="Not a chronology source")
    with pytest.raises(ImproperlyConfigured, match="register_source"):
        build_entry(
            child_id=1,
            kind=EntryKind.CASE_NOTE,
            title="A note",
            occurred_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
            source=team,
            recorded_by=None,
        )
