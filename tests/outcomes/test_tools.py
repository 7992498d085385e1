"""The outcome tool pages: heads of service and quality assurance officers list, create, change,
version, publish and retire tools; everybody else is refused, logged. Bad input is named field by
field with nothing half-saved, a published version is never changed, a retired tool is not offered
for new measures, the history is kept, and the pages' queries do not grow with the tools."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from journey.cases.models import EpisodeKind
from journey.core.models import AccessEvent
from journey.outcomes import selectors, services
from journey.outcomes.models import Measurement, OutcomeTool, Scale, ToolVersion
from tests.factories import make_child, make_episode

pytestmark = pytest.mark.django_db

DEFINERS = ["head_of_service", "qa_officer"]


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def tool_form(**overrides) -> dict:
    """The create form as a QA officer fills it in: two scales in the first two rows."""
    return {
        "name": "Family routines",
        "description": "Two scales about the family's days",
        "licence": "Designed by Fairshire Council's early help service",
        "kind": "scales",
        "lowest": "1",
        "highest": "5",
        "scored_by": ["parent", "together"],
        "kinds_of_work": [EpisodeKind.EARLY_HELP_CAF],
        "review_every_days": "91",
        "scale_1_name": "Routines",
        "scale_1_low": "No routines at all",
        "scale_1_high": "Good routines every day",
        "scale_2_name": "School",
        "scale_2_low": "Not going to school",
        "scale_2_high": "At school every day",
        **overrides,
    }


def version_form(version: ToolVersion, **overrides) -> dict:
    """The change form as it opens for this version, with any changes."""
    form = {
        "kind": version.kind,
        "lowest": str(version.lowest),
        "highest": str(version.highest),
        "scored_by": list(version.scored_by),
        "kinds_of_work": list(version.kinds_of_work),
        "review_every_days": str(version.review_every_days),
    }
    for n, scale in enumerate(version.scales.all(), start=1):
        form |= {
            f"scale_{n}_name": scale.name,
            f"scale_{n}_low": scale.low_words,
            f"scale_{n}_high": scale.high_words,
            f"scale_{n}_key": scale.key,
        }
    return {**form, **overrides}


def a_tool(council, name="Family routines", *, publish=True, kinds=None) -> ToolVersion:
    head = council["head_of_service"].user
    version = services.create_tool(
        services.ToolInput(
            name,
            "",
            "Ours",
            services.VersionInput(
                kind="scales",
                lowest=1,
                highest=5,
                scored_by=["parent", "together"],
                kinds_of_work=kinds or [EpisodeKind.EARLY_HELP_CAF],
                scales=[
                    services.ScaleInput("Routines", "No routines", "Good routines"),
                    services.ScaleInput("School", "Not attending", "Attending every day"),
                ],
            ),
        ),
        by=head,
    )
    return services.publish_version(version, by=head) if publish else version


@pytest.fixture
def episode(council):
    worker = council["practitioner"]
    child = make_child(worker)
    return make_episode(child, worker, kind=EpisodeKind.EARLY_HELP_CAF, started_on=days_ago(100))


def measure(council, episode, version: ToolVersion) -> Measurement:
    return services.record_measurement(
        episode,
        services.MeasurementInput(
            version,
            "start",
            days_ago(90),
            "together",
            [services.ScoreInput(s.key, 3) for s in version.scales.all()],
        ),
        by=council["practitioner"].user,
    )


def as_(client, council, name):
    client.force_login(council[name].user)
    return client


def text(response) -> str:
    return response.content.decode()


def errors(page: str) -> str:
    """The error summary's list."""
    return page.split("govuk-error-summary__list")[1].split("</ul>")[0]


# --- the pages, for those who define tools ---------------------------------------------------


@pytest.mark.parametrize("name", DEFINERS)
def test_each_page_opens_for_heads_of_service_and_qa_officers(client, council, name, episode):
    published = a_tool(council)
    measure(council, episode, published)
    draft = services.new_version(published.tool, by=council["head_of_service"].user)
    as_(client, council, name)
    listed = text(client.get(reverse("outcome_tools")))
    row = listed.split('data-tool="Family routines"')[1].split("</tr>")[0]
    assert "Version 1, published" in row and "Version 2" in row
    assert "Early help (CAF and TAF)" in row and ">1<" in row and "Published" in row
    assert "Journey family wheel" in listed
    page = text(client.get(reverse("outcome_tool", args=[published.tool_id])))
    assert "Published, used for new measures" in page and "Draft" in page
    assert "No routines" in page and "Attending every day" in page
    assert "The parent or carer" in page and "91 days after the last measure" in page
    assert "Ours" in page  # the licence
    assert "Head Of Service" in page  # who published version 1
    assert "Create an outcome tool" in text(client.get(reverse("new_outcome_tool")))
    change = text(client.get(reverse("change_outcome_tool_version", args=[draft.pk])))
    assert 'value="Routines"' in change and "Save the draft" in change
    publish = text(client.get(reverse("publish_outcome_tool_version", args=[draft.pk])))
    assert "Publish version 2?" in publish and "instead of version 1" in publish
    assert "can never be changed again" in publish
    retire = text(client.get(reverse("retire_outcome_tool", args=[published.tool_id])))
    assert "Retire Family routines" in retire and "1 measure made with it is kept" in retire


def test_a_qa_officer_creates_changes_and_publishes_a_tool_and_its_history_is_kept(
    client, council, episode
):
    as_(client, council, "qa_officer")
    response = client.post(reverse("new_outcome_tool"), tool_form())
    tool = OutcomeTool.objects.get(name="Family routines")
    assert response.status_code == 302 and response.url == reverse("outcome_tool", args=[tool.pk])
    first = tool.versions.get()
    assert not first.is_published and [s.key for s in first.scales.all()] == ["routines", "school"]
    assert selectors.tools_for(episode) == [services.ensure_wheel()]  # a draft is not offered

    # Change the draft: a third scale, a wider range; the empty rows between are ignored.
    url = reverse("change_outcome_tool_version", args=[first.pk])
    more = {"highest": "10", "scale_5_name": "Money", "scale_5_low": "Debt", "scale_5_high": "OK"}
    assert client.post(url, version_form(first, **more)).status_code == 302
    first.refresh_from_db()
    assert first.highest == 10
    assert [s.name for s in first.scales.all()] == ["Routines", "School", "Money"]

    publish = reverse("publish_outcome_tool_version", args=[first.pk])
    assert client.post(publish).status_code == 302
    first.refresh_from_db()
    assert first.is_published and first.published_by == council["qa_officer"].user
    assert [v.tool.name for v in selectors.tools_for(episode)] == [
        "Family routines",
        "Journey family wheel",
    ]
    measure(council, episode, first)

    # A new version copies the latest; rewording a scale keeps it the same scale.
    response = client.post(reverse("new_outcome_tool_version", args=[tool.pk]))
    second = tool.versions.get(number=2)
    assert response.url == reverse("change_outcome_tool_version", args=[second.pk])
    reworded = version_form(second, scale_2_name="School and learning")
    assert (
        client.post(reverse("change_outcome_tool_version", args=[second.pk]), reworded).status_code
        == 302
    )
    client.post(reverse("publish_outcome_tool_version", args=[second.pk]))
    assert [(s.key, s.name) for s in second.scales.all()] == [
        ("routines", "Routines"),
        ("school", "School and learning"),
        ("money", "Money"),
    ]
    # Version 1 and its scales are as they were when the measure was made with it.
    assert [s.name for s in first.scales.all()] == ["Routines", "School", "Money"]
    assert selectors.tools_for(episode)[0] == second
    # ... and each change is in the history: made, changed and published.
    assert first.history.count() == 3
    assert Scale.history.filter(version_id=first.pk, history_type="-").count() == 2
    page = text(client.get(reverse("outcome_tool", args=[tool.pk])))
    assert "Published, replaced" in page and "School and learning" in page


def test_a_goals_tool_has_no_scales(client, council):
    as_(client, council, "head_of_service")
    goals = tool_form(name="Our goals", kind="goals", scale_1_name="", scale_1_low="")
    goals |= {"scale_1_high": "", "scale_2_name": "", "scale_2_low": "", "scale_2_high": ""}
    assert client.post(reverse("new_outcome_tool"), goals).status_code == 302
    version = OutcomeTool.objects.get(name="Our goals").versions.get()
    assert version.kind == "goals" and not version.scales.exists()
    page = text(client.get(reverse("outcome_tool", args=[version.tool_id])))
    assert "The family names up to three goals" in page
    refused = text(client.post(reverse("new_outcome_tool"), tool_form(name="Goals", kind="goals")))
    assert "A goals tool has no scales of its own" in refused


# --- bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        (
            {"lowest": "5", "highest": "5"},
            "highest",
            "The highest score must be more than the lowest",
        ),
        (
            {"lowest": "7", "highest": "2"},
            "highest",
            "The highest score must be more than the lowest",
        ),
        ({"scale_2_low": ""}, "scale_2_low", "Scale 2: enter what its lowest score means"),
        ({"scale_1_high": ""}, "scale_1_high", "Scale 1: enter what its highest score means"),
        (
            {"scale_2_name": "routines "},
            "scale_2_name",
            "Scale 2: scale 1 has this name already: give each scale its own name",
        ),
        ({"kinds_of_work": []}, "kinds_of_work", "Select the kinds of work that use the tool"),
        ({"scored_by": []}, "scored_by", "Select who scores the tool"),
        ({"name": ""}, "name", "Enter the tool&#x27;s name"),
        (
            {"name": "journey family wheel"},
            "name",
            "A tool called journey family wheel exists already: choose another name",
        ),
        (
            {f"scale_{n}_{part}": "" for n in (1, 2) for part in ("name", "low", "high")},
            "scale_1_name",
            "Enter at least one scale",
        ),
    ],
)
def test_bad_input_names_the_field_and_the_fix_and_saves_nothing(
    client, council, overrides, field, message
):
    before = (OutcomeTool.objects.count(), ToolVersion.objects.count(), Scale.objects.count())
    as_(client, council, "qa_officer")
    page = text(client.post(reverse("new_outcome_tool"), tool_form(**overrides)))
    summary = errors(page)
    assert message in summary and f'href="#id_{field}' in summary
    assert before == (
        OutcomeTool.objects.count(),
        ToolVersion.objects.count(),
        Scale.objects.count(),
    )


def test_every_problem_is_listed_at_once(client, council):
    """A scale wrong does not hide the range and the kinds of work: all are fixed in one go."""
    as_(client, council, "qa_officer")
    bad = tool_form(
        lowest="5", highest="5", kinds_of_work=[], scale_2_high="", scale_3_name="School"
    )
    bad |= {"scale_3_low": "Out", "scale_3_high": "In"}
    page = text(client.post(reverse("new_outcome_tool"), bad))
    summary = errors(page)
    listed = [
        "The highest score must be more than the lowest",
        "Select the kinds of work that use the tool",
        "Scale 2: enter what its highest score means",
        "Scale 3: scale 2 has this name already: give each scale its own name",
    ]
    assert all(message in summary for message in listed)
    assert sorted(listed, key=summary.index) == listed  # in the order of the page
    assert not OutcomeTool.objects.filter(name="Family routines").exists()
    assert 'value="Routines"' in page  # what was typed is kept for fixing


def test_a_published_version_is_never_changed(client, council, episode):
    version = a_tool(council)
    measure(council, episode, version)
    as_(client, council, "head_of_service")
    page = text(client.get(reverse("outcome_tool", args=[version.tool_id])))
    assert reverse("change_outcome_tool_version", args=[version.pk]) not in page
    url = reverse("change_outcome_tool_version", args=[version.pk])
    opened = text(client.get(url))
    assert "Save the draft" not in opened and "Make a new version" in opened
    refused = text(client.post(url, version_form(version, highest="9", scale_1_name="Days")))
    summary = errors(refused)
    assert "Version 1 is published and in use: make a new version to change it" in summary
    version.refresh_from_db()
    assert version.highest == 5 and version.history.count() == 2  # created, published
    assert [s.name for s in version.scales.all()] == ["Routines", "School"]
    # Publishing twice is refused as well, and a second draft waits for the first.
    again = text(client.post(reverse("publish_outcome_tool_version", args=[version.pk])))
    assert "Version 1 is published already" in again
    services.new_version(version.tool, by=council["head_of_service"].user)
    second = text(client.post(reverse("new_outcome_tool_version", args=[version.tool_id])))
    assert "Version 2 is still a draft: change that one" in second
    assert version.tool.versions.count() == 2


# --- retiring ---------------------------------------------------------------------------


def test_a_retired_tool_is_not_offered_for_new_measures(client, council, episode):
    version = a_tool(council)
    measure(council, episode, version)
    assert version in selectors.tools_for(episode)
    as_(client, council, "qa_officer")
    url = reverse("retire_outcome_tool", args=[version.tool_id])
    short = text(client.post(url, {"reason": "Old"}))
    assert "Say why the tool is retired" in short
    assert OutcomeTool.objects.get(pk=version.tool_id).retired_on is None
    reason = "Replaced by the Journey family wheel across early help"
    retired = client.post(url, {"reason": reason})
    assert retired.url == reverse("outcome_tools")
    assert "Family routines retired" in text(client.get(retired.url))
    tool = OutcomeTool.objects.get(pk=version.tool_id)
    assert tool.retired_on == timezone.localdate() and tool.retired_by == council["qa_officer"].user
    assert version not in selectors.tools_for(episode)
    assert tool.history.count() == 2  # created, then retired: nothing deleted
    # The measure page offers the other tools only, and the service refuses the retired one.
    worker = council["practitioner"]
    client.force_login(worker.user)
    offered = text(
        client.get(reverse("record_outcome_measure", args=[episode.pk]) + f"?tool={version.pk}")
    )
    assert "Family routines" not in offered and "Journey family wheel" in offered
    with pytest.raises(ValidationError) as raised:
        services.record_measurement(
            episode,
            services.MeasurementInput(version, "review", days_ago(5), "together", []),
            by=worker.user,
        )
    assert raised.value.message_dict["version"] == [
        "Family routines is retired: measure with another tool"
    ]
    as_(client, council, "qa_officer")
    row = text(client.get(reverse("outcome_tools"))).split('data-tool="Family routines"')[1]
    assert "Retired" in row.split("</tr>")[0]
    page = text(client.get(reverse("outcome_tool", args=[tool.pk])))
    assert reason in page and "Make a new version" not in page and "Retire this tool" not in page
    assert Measurement.objects.filter(version=version).count() == 1  # kept


def test_a_kind_of_work_whose_only_tool_is_retired_is_not_measurable(council, episode):
    the_wheel = services.ensure_wheel()
    services.retire_tool(
        the_wheel.tool, "The council licenses another tool", by=council["qa_officer"].user
    )
    assert selectors.tools_for(episode) == []
    assert selectors.measurable_work(episode.child_id) == []
    version = a_tool(council)
    assert selectors.measurable_work(episode.child_id) == [episode]
    # A later version used for other work only stops the tool being offered for this work.
    draft = services.new_version(version.tool, by=council["head_of_service"].user)
    data = services.VersionInput(
        "scales",
        1,
        5,
        ["parent"],
        [EpisodeKind.FAMILY_HELP],
        [services.ScaleInput("Routines", "No routines", "Good routines", "routines")],
    )
    services.change_draft(draft, data, by=council["head_of_service"].user)
    services.publish_version(draft, by=council["head_of_service"].user)
    assert selectors.tools_for(episode) == []


# --- who may not -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["social_worker", "team_manager", "administrator", "external_lead"]
)
def test_workers_who_do_not_define_tools_are_refused_and_it_is_logged(client, council, name):
    draft = a_tool(council, publish=False)
    as_(client, council, name)
    tool_id, version_id = draft.tool_id, draft.pk
    pages = [
        reverse("outcome_tools"),
        reverse("new_outcome_tool"),
        reverse("outcome_tool", args=[tool_id]),
        reverse("new_outcome_tool_version", args=[tool_id]),
        reverse("retire_outcome_tool", args=[tool_id]),
        reverse("change_outcome_tool_version", args=[version_id]),
        reverse("publish_outcome_tool_version", args=[version_id]),
    ]
    before = (ToolVersion.objects.count(), ToolVersion.history.count(), OutcomeTool.history.count())
    for url in pages:
        for method in ("get", "post"):
            denied = AccessEvent.objects.filter(user=council[name].user, action="denied")
            logged = denied.count()
            response = getattr(client, method)(url, tool_form() if method == "post" else None)
            assert response.status_code == 403, f"{method} {url}"
            assert "heads of service and quality assurance officers" in text(response)
            assert denied.count() == logged + 1
    assert before == (
        ToolVersion.objects.count(),
        ToolVersion.history.count(),
        OutcomeTool.history.count(),
    )
    assert not ToolVersion.objects.get(pk=version_id).is_published
    outcomes = client.get(reverse("outcomes"))
    assert reverse("outcome_tools") not in text(outcomes)


@pytest.mark.parametrize("name", DEFINERS)
def test_the_outcomes_page_links_to_the_tools_for_those_who_define_them(client, council, name):
    assert reverse("outcome_tools") in text(as_(client, council, name).get(reverse("outcomes")))


def test_those_who_read_the_figures_but_do_not_define_tools_see_no_link(client, council):
    page = text(as_(client, council, "assistant_director").get(reverse("outcomes")))
    assert page and reverse("outcome_tools") not in page


# --- speed --------------------------------------------------------------------------------


def grow(council, episode, n: int) -> None:
    """n more tools, each with a replaced version, a current one, a draft and a measure."""
    head = council["head_of_service"].user
    for i in range(n):
        first = a_tool(council, f"Tool {OutcomeTool.objects.count()} {i}")
        measure_episode = make_episode(
            make_child(council["practitioner"]),
            council["practitioner"],
            kind=EpisodeKind.EARLY_HELP_CAF,
            started_on=days_ago(100),
        )
        measure(council, measure_episode, first)
        services.publish_version(services.new_version(first.tool, by=head), by=head)
        services.new_version(first.tool, by=head)


def test_the_list_and_a_tools_page_read_the_same_queries_however_many_tools_and_versions(
    client, council, episode, django_assert_max_num_queries
):
    grow(council, episode, 1)
    tool = OutcomeTool.objects.exclude(name="Journey family wheel").get()
    as_(client, council, "qa_officer")
    pages = [reverse("outcome_tools"), reverse("outcome_tool", args=[tool.pk])]
    counted = []
    for url in pages:
        with CaptureQueriesContext(connection) as few:
            assert client.get(url).status_code == 200
        counted.append(len(few))
    grow(council, episode, 3)
    for _ in range(2):  # and more versions of the tool on its page
        services.publish_version(
            tool.versions.get(published_at__isnull=True), by=council["head_of_service"].user
        )
        services.new_version(tool, by=council["head_of_service"].user)
    for url, few in zip(pages, counted, strict=True):
        with django_assert_max_num_queries(few):
            assert client.get(url).status_code == 200


# --- the services behind the pages --------------------------------------------------------


def test_scales_whose_names_make_the_same_key_each_get_their_own(council):
    version = a_tool(council, publish=False)
    data = services.VersionInput(
        "scales",
        0,
        10,
        ["worker"],
        [EpisodeKind.EARLY_HELP_CAF],
        [
            services.ScaleInput("Home & family", "Chaotic", "Settled"),
            services.ScaleInput("Home family", "Unsafe", "Safe"),
            services.ScaleInput("¿?", "Low", "High"),
        ],
    )
    services.change_draft(version, data, by=council["qa_officer"].user)
    assert [s.key for s in version.scales.all()] == ["home-family", "home-family-2", "scale-3"]


def test_a_retired_tool_is_not_changed_versioned_or_published(council):
    version = a_tool(council, publish=False)
    qa = council["qa_officer"].user
    services.retire_tool(version.tool, "Replaced before it was ever used", by=qa)
    for attempt in (
        lambda: services.publish_version(version, by=qa),
        lambda: services.new_version(version.tool, by=qa),
        lambda: services.retire_tool(version.tool, "Retired twice over", by=qa),
    ):
        with pytest.raises(ValidationError) as raised:
            attempt()
        assert "was retired on" in raised.value.message_dict["tool"][0]
    version.refresh_from_db()
    assert not version.is_published and version.tool.versions.count() == 1
