"""The CIN census import as the worker runs it: streamed from the file (never read whole), a
trial that saves nothing, then the children committed a chunk at a time, so others see them (and
may write) as it goes; its stages and counts for the progress page; and, if someone saves a
clashing child between the trial and the import, a stop that says how far it got."""

from __future__ import annotations

import io
import threading

import pytest
from django.db import connection
from django.urls import reverse

from journey.people.models import Person
from journey.reporting.census.import_runs import run_census_import
from journey.reporting.census.importer import CHUNK, import_census
from tests.factories import make_child
from tests.reporting.census.test_import import census_file, child_xml

pytestmark = pytest.mark.django_db(transaction=True)


def file_of(n: int) -> io.BytesIO:
    return census_file(*(child_xml(f"OLD{i:04}", "2025-05-01") for i in range(n)))


def seen_by_another_connection() -> int:
    """How many imported children someone else, on their own connection, can see now."""
    found: list[int] = []

    def count() -> None:
        try:
            found.append(Person.objects.filter(local_id__startswith="OLD").count())
        finally:
            connection.close()

    thread = threading.Thread(target=count)
    thread.start()
    thread.join()
    return found[0]


class Watcher:
    """Hears the import's progress, as the progress page would, and looks at the database."""

    def __init__(self):
        self.heard: list[tuple[str, int, int | None, int]] = []

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        self.heard.append((stage, done, total, seen_by_another_connection()))


def test_the_children_are_committed_a_chunk_at_a_time_after_a_trial(council):
    watcher = Watcher()
    result = import_census(
        file_of(5),
        imported_by=council["team_manager"],
        team=council.sc_team,
        progress=watcher,
        chunk=2,
    )
    assert result.saved and len(result.person_ids) == 5
    stages = [(stage, done, total) for stage, done, total, _seen in watcher.heard]
    assert stages[0] == ("Reading the file", 0, None)
    assert ("Checking the file", 5, 5) in stages
    trial = [seen for stage, *_rest, seen in watcher.heard if stage.startswith("Checking the ch")]
    assert trial and set(trial) == {0}, "the trial saves nothing"
    importing = [(done, seen) for stage, done, _t, seen in watcher.heard if stage.startswith("Imp")]
    assert importing == [(0, 0), (2, 2), (4, 4), (5, 5)], "each chunk is committed as it is done"


def test_a_check_saves_nothing(council):
    watcher = Watcher()
    result = import_census(
        file_of(3),
        imported_by=council["team_manager"],
        team=council.sc_team,
        dry_run=True,
        progress=watcher,
        chunk=2,
    )
    assert result.ok and not result.saved and result.children == 3
    assert not any(stage.startswith("Importing") for stage, *_ in watcher.heard)
    assert seen_by_another_connection() == 0


def test_a_clash_saved_meanwhile_stops_the_import_and_says_how_far_it_got(client, council):
    def someone_records_old0120(stage: str, done: int, total: int | None) -> None:
        if stage == "Importing the children" and done == CHUNK:
            make_child(council["social_worker"], local_id="OLD0120")

    run, result = run_census_import(
        file_of(CHUNK + 50),
        file_name="old.xml",
        team=council.sc_team,
        run_by=council["performance_officer"].user,
        check_only=False,
        progress=someone_records_old0120,
    )
    assert not result.saved and len(result.person_ids) == CHUNK
    assert Person.objects.filter(local_id__startswith="OLD").count() == CHUNK + 1
    assert not Person.objects.filter(local_id=f"OLD{CHUNK:04}").exists()
    assert run.saved and run.problems[0]["reason"].startswith("The import stopped partway")
    assert f"the {CHUNK} children before this chunk" in run.problems[0]["reason"]
    assert [p["child"] for p in run.problems[1:]] == ["OLD0120"]
    client.force_login(council["performance_officer"].user)
    html = client.get(reverse("census_import_run", args=[run.pk])).content.decode()
    assert "The import stopped partway" in html and "Nothing was imported" not in html


class ReadsRecorded(io.BytesIO):
    """A file that notes how much each read asks for."""

    def __init__(self, data: bytes):
        super().__init__(data)
        self.asked: list[int] = []

    def read(self, size: int | None = -1) -> bytes:
        self.asked.append(-1 if size is None else size)
        return super().read(size)


def test_the_file_is_read_a_piece_at_a_time_never_whole(council):
    source = ReadsRecorded(file_of(40).getvalue())
    run, result = run_census_import(
        source,
        file_name="old.xml",
        team=council.sc_team,
        run_by=None,
        run_by_name="a test",
        check_only=True,
    )
    assert result.ok and result.children == 40 and run.file_bytes == len(source.getvalue())
    assert source.asked and all(0 < size <= 1024 * 1024 for size in source.asked), set(source.asked)
